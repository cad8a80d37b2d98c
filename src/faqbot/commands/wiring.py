"""Finding the FAQ, its matcher and its log, as every front end does.

The commands take them from their options, the WSGI application from
environment variables; both end here, so that both use the cache and refuse
a log that is the FAQ file itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from faqbot.commands import FAQ_ENV
from faqbot.faqfile.faq import (
    FAQ,
    FAQError,
    decode_faq,
    faq_from_state,
    faq_state,
    load_faq,
    parse_faq,
    read_faq_bytes,
)
from faqbot.log.writer import MissLog
from faqbot.matching import cache
from faqbot.matching.cache import default_cache_dir
from faqbot.matching.matcher import Matcher
from faqbot.support.progress import terminal_progress

__all__ = ["FAQ_ENV", "faq_path", "load", "open_log", "open_matcher"]

LOG_ENV = "FAQBOT_LOG_MISSES"
ORIGIN_ENV = "FAQBOT_ALLOW_ORIGIN"


def faq_path(given: str | None) -> str | None:
    """The FAQ file to read: ``given``, else ``$FAQBOT_FAQ``, else ``None`` (the bundled one)."""
    return given or os.environ.get(FAQ_ENV) or None


def load(given: str | None) -> FAQ:
    """The FAQ of :func:`faq_path`; :class:`~faqbot.faqfile.faq.FAQError` if it cannot be read.

    A file parsed before is read back from the cache, keyed by its bytes:
    parsing the YAML of a 100,000-entry FAQ takes seconds, and even a small
    one's parse costs several times the read of its cached form.
    """
    path = faq_path(given)
    folder = default_cache_dir()
    if folder is None:
        return load_faq(path)
    data, source = read_faq_bytes(path)
    key = cache.text_key(data)
    stored = cache.load(folder, key)
    if stored is not None:
        try:
            return faq_from_state(stored, source)
        except ValueError:
            pass
    faq = parse_faq(decode_faq(data, source), source=source)
    cache.store(folder, key, faq_state(faq))
    return faq


def open_matcher(faq: FAQ, *, max_wrong_rate: float | None = None) -> Matcher:
    """The matcher for ``faq``, reusing what an earlier run learnt of it; while
    it learns, how far it has gone shows on stderr if that is a terminal."""
    progress = terminal_progress(sys.stderr) if sys.stderr is not None else None
    return Matcher(
        faq, max_wrong_rate=max_wrong_rate, cache_dir=default_cache_dir(), progress=progress
    )


def open_log(path: str | None, faq_file: str | None, warn: Callable[[str], None]) -> MissLog | None:
    """The log at ``path`` (``None``: no log) of what askers of ``faq_file`` do:
    questions without a sure answer, picks and feedback; ``warn`` says when
    it cannot be written.

    Raises :class:`~faqbot.faqfile.faq.FAQError` when it is the FAQ file itself:
    appending JSON lines would break it.
    """
    if not path:
        return None
    log = MissLog(path, faq=faq_file, warn=warn)
    if faq_file is not None and log.is_same_file(faq_file):
        raise FAQError(f"--log {path} : c'est le fichier de la FAQ ; choisissez un autre")
    return log
