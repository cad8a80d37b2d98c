"""A cache of built matchers, so that starting faqbot does not learn the FAQ again.

Learning and calibrating take longer than answering; the result depends only
on the FAQ's text, the matcher's options and faqbot's own code. It is kept
in ``$XDG_CACHE_HOME/faqbot`` (by default ``~/.cache/faqbot``) as plain data
in :mod:`marshal` format, which loads fast and, unlike pickle, never runs
code. A cache that cannot be read or written is simply not used; nor is one
that is altered, or that another user could have written
(:func:`load`), and what it holds is checked before use
(:mod:`faqbot.matching.restore`).
"""

from __future__ import annotations

import marshal
import os
import stat

import Stemmer
import unidecode

from faqbot.faqfile.faq import FAQ
from faqbot.support.files import new_temporary
from faqbot.support.perf import blake2b

KEPT_FILES = 16
"""Older cached matchers beyond this many are removed.
Checked by ``python -m pytest tests/test_cache.py``
and ``python -m pytest tests/test_cache_hardening.py``."""
_SUFFIX = ".matcher"
_MAX_BYTES = 1 << 30
_MAGIC = b"faqbot-cache-1\n"
_DIGEST_BYTES = 32
"""Each file starts with a keyed digest of its data: a file altered by hand, cut
short or renamed to another key is not used.
Checked by ``python -m pytest tests/test_cache.py``
and ``python -m pytest tests/test_cache_hardening.py``."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def default_cache_dir() -> str | None:
    """``$XDG_CACHE_HOME/faqbot``, by default ``~/.cache/faqbot``; ``None`` without a home.

    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG specification asks:
    it would put the cache in whatever folder faqbot is started from.
    """
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):  # no HOME and no passwd entry
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "faqbot")


def _is_private_folder(folder: str | os.PathLike[str]) -> bool:
    """True for a folder of the effective user's that no one else can write to.

    Anyone who can write a cache file can make faqbot give wrong sure
    answers: the key is no secret, being computed from the FAQ and the code.
    """
    try:
        status = os.stat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(status.st_mode)
        and status.st_uid == os.geteuid()
        and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


_FINGERPRINT: list[bytes] = []
"""The code's fingerprint, once computed: a start may key both its parsed
FAQ and its matcher."""


def _code_fingerprint() -> bytes:
    if _FINGERPRINT:
        return _FINGERPRINT[0]
    _FINGERPRINT.append(_fingerprint_now())
    return _FINGERPRINT[0]


def _fingerprint_now() -> bytes:
    digest = blake2b(digest_size=16)
    package = os.path.dirname(os.path.dirname(__file__))
    # Every module of the package: a list of the matcher's stages kept by
    # hand once missed one that normalizing text uses. Each module counts by
    # its size and modification time: installing or editing it changes them,
    # and reading all the sources on every start cost a millisecond and a half.
    modules = sorted(
        (os.path.join(folder, name)[len(package) :], os.path.join(folder, name))
        for folder, _, found in os.walk(package)
        for name in found
        if name.endswith(".py")
    )
    for name, path in modules:
        status = os.stat(path)
        digest.update(f"{name}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    # Stems and accent folding come from these libraries: a new release may
    # read the FAQ's words differently. unidecode has no version attribute;
    # its module file is rewritten when it is installed again.
    folding = os.stat(unidecode.__file__)
    digest.update(f"{Stemmer.version()} {folding.st_size} {folding.st_mtime_ns}".encode())
    return digest.digest()


def text_key(data: bytes) -> str:
    """A name for what this code makes of a file's bytes (its parsed FAQ)."""
    digest = blake2b(digest_size=20)
    digest.update(b"faq-text\0")
    digest.update(_code_fingerprint())
    digest.update(data)
    return digest.hexdigest()


def cache_key(faq: FAQ, options: tuple[object, ...]) -> str:
    """A name for the matcher built from ``faq`` with ``options`` by this code."""
    digest = blake2b(digest_size=20)
    digest.update(_code_fingerprint())
    digest.update(repr((options, sorted(faq.synonyms.items()))).encode())
    # The texts joined, each entry led by its number of variants: as exact as
    # the entries' repr, and several times faster for a large FAQ.
    parts: list[str] = []
    for entry in faq.entries:
        parts += (str(len(entry.variants)), str(len(entry.off_topic)))
        parts += (entry.id, entry.question, entry.answer, *entry.variants, *entry.off_topic)
    digest.update("\0".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def load(folder: str | os.PathLike[str], key: str) -> object | None:
    """The data stored under ``key``, or ``None`` when there is none or it is
    unreadable, altered, or in a folder or file another user could have written."""
    if not _is_private_folder(folder):
        return None
    try:
        path = os.path.join(folder, key + _SUFFIX)
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
        with os.fdopen(descriptor, "rb") as file:
            status = os.fstat(file.fileno())
            if (
                not stat.S_ISREG(status.st_mode)
                or status.st_uid != os.geteuid()
                or status.st_size > _MAX_BYTES
            ):
                return None
            stored = file.read(_MAX_BYTES + 1)
        header, payload = (
            stored[: len(_MAGIC) + _DIGEST_BYTES],
            stored[len(_MAGIC) + _DIGEST_BYTES :],
        )
        if header != _MAGIC + _digest(key, payload):
            return None
        found: object = marshal.loads(payload)
        return found
    except (OSError, ValueError, EOFError, TypeError, MemoryError):
        return None


def _digest(key: str, payload: bytes) -> bytes:
    return blake2b(payload, key=key.encode("ascii")[:64], digest_size=_DIGEST_BYTES).digest()


def store(folder: str | os.PathLike[str], key: str, data: object) -> None:
    """Keep ``data`` under ``key``, readable by its owner only; failures are ignored."""
    try:
        payload = marshal.dumps(data)  # type: ignore[arg-type]  # plain data, or ValueError
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not _is_private_folder(folder):
            return
        descriptor, temporary = new_temporary(os.fspath(folder), prefix="", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(_MAGIC + _digest(key, payload) + payload)
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
