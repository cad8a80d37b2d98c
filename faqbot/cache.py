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

from faqbot.faq import FAQ
from faqbot.files import check_regular
from faqbot.perf import blake2b

KEPT_FILES = 16
"""Older cached matchers beyond this many are removed."""
_SUFFIX = ".matcher"
_MAX_BYTES = 1 << 30
# The modules whose code decides what a built matcher holds.
_PIPELINE = (
    "calibration",
    "coverage",
    "decision",
    "features",
    "index",
    "learning",
    "lexicon",
    "matcher",
    "normalize",
    "scoring",
)


def default_cache_dir() -> str:
    """``$XDG_CACHE_HOME/faqbot``, by default ``~/.cache/faqbot``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "faqbot")


def _code_fingerprint() -> bytes:
    import Stemmer
    import unidecode

    digest = blake2b(digest_size=16)
    folder = os.path.dirname(__file__)
    for name in _PIPELINE:
        with open(os.path.join(folder, f"{name}.py"), "rb") as source:
            digest.update(source.read())
    # Stems and accent folding come from these libraries: a new release may
    # read the FAQ's words differently. unidecode has no version attribute;
    # its module file is rewritten when it is installed again.
    folding = os.stat(unidecode.__file__)
    digest.update(f"{Stemmer.version()} {folding.st_size} {folding.st_mtime_ns}".encode())
    return digest.digest()


def cache_key(faq: FAQ, options: tuple[object, ...]) -> str:
    """A name for the matcher built from ``faq`` with ``options`` by this code."""
    digest = blake2b(digest_size=20)
    digest.update(_code_fingerprint())
    digest.update(repr((options, faq.entries, sorted(faq.synonyms.items()))).encode())
    return digest.hexdigest()


def load(folder: str | os.PathLike[str], key: str) -> object | None:
    """The data stored under ``key``, or ``None`` when there is none or it is unreadable."""
    try:
        path = os.path.join(folder, key + _SUFFIX)
        check_regular(path, limit=_MAX_BYTES)
        with open(path, "rb") as file:
            return marshal.loads(file.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def store(folder: str | os.PathLike[str], key: str, data: object) -> None:
    """Keep ``data`` under ``key``, readable by its owner only; failures are ignored."""
    import tempfile  # only a first run writes: kept off the start-up path

    try:
        payload = marshal.dumps(data)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(payload)
            os.replace(temporary, os.path.join(folder, key + _SUFFIX))
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(folder)
    except (OSError, ValueError):
        return


def _prune(folder: str | os.PathLike[str]) -> None:
    kept = [entry for entry in os.scandir(folder) if entry.name.endswith(_SUFFIX)]
    kept.sort(key=lambda entry: entry.stat().st_mtime, reverse=True)
    for old in kept[KEPT_FILES:]:
        os.unlink(old.path)
