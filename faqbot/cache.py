"""A cache of built matchers, so that starting faqbot does not learn the FAQ again.

Learning and calibrating take longer than answering; the result depends only
on the FAQ's text, the matcher's options and faqbot's own code. It is kept
in ``$XDG_CACHE_HOME/faqbot`` (by default ``~/.cache/faqbot``) as plain data
in :mod:`marshal` format, which loads fast and, unlike pickle, never runs
code. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path

try:  # hashlib pulls in OpenSSL: 4 ms of every start-up, for one hash
    from _blake2 import blake2b
except ImportError:  # another Python implementation
    from hashlib import blake2b

from faqbot.faq import FAQ

KEPT_FILES = 16
"""Older cached matchers beyond this many are removed."""
_SUFFIX = ".matcher"
_MAX_BYTES = 1 << 30
# The modules whose code decides what a built matcher holds.
_PIPELINE = (
    "calibration",
    "coverage",
    "features",
    "index",
    "learning",
    "lexicon",
    "matcher",
    "normalize",
    "scoring",
)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/faqbot``, by default ``~/.cache/faqbot``."""
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "faqbot"


def _code_fingerprint() -> bytes:
    digest = blake2b(digest_size=16)
    folder = Path(__file__).parent
    for name in _PIPELINE:
        digest.update((folder / f"{name}.py").read_bytes())
    return digest.digest()


def cache_key(faq: FAQ, options: tuple[object, ...]) -> str:
    """A name for the matcher built from ``faq`` with ``options`` by this code."""
    digest = blake2b(digest_size=20)
    digest.update(_code_fingerprint())
    digest.update(repr((options, faq.entries, sorted(faq.synonyms.items()))).encode())
    return digest.hexdigest()


def load(folder: Path, key: str) -> object | None:
    """The data stored under ``key``, or ``None`` when there is none or it is unreadable."""
    try:
        path = folder / (key + _SUFFIX)
        if path.stat().st_size > _MAX_BYTES:
            return None
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def store(folder: Path, key: str, data: object) -> None:
    """Keep ``data`` under ``key``, readable by its owner only; failures are ignored."""
    import tempfile  # only a first run writes: kept off the start-up path

    try:
        payload = marshal.dumps(data)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(payload)
            os.replace(temporary, folder / (key + _SUFFIX))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(folder)
    except (OSError, ValueError):
        return


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*" + _SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEPT_FILES:]:
        old.unlink(missing_ok=True)
