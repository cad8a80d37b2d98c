"""Finding the FAQ, its matcher and its log, as every front end does.

The commands take them from their options, the WSGI application from
environment variables; both end here, so that both use the cache and refuse
a log that is the FAQ file itself.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faqbot.faq import FAQ
    from faqbot.matcher import Matcher
    from faqbot.reply import MissLogger

FAQ_ENV = "FAQBOT_FAQ"
"""The FAQ file to use when none is given."""
LOG_ENV = "FAQBOT_LOG_MISSES"
ORIGIN_ENV = "FAQBOT_ALLOW_ORIGIN"


def faq_path(given: str | None) -> str | None:
    """The FAQ file to read: ``given``, else ``$FAQBOT_FAQ``, else ``None`` (the bundled one)."""
    return given or os.environ.get(FAQ_ENV) or None


def load(given: str | None) -> FAQ:
    """The FAQ of :func:`faq_path`; :class:`~faqbot.faq.FAQError` if it cannot be read."""
    from faqbot.faq import load_faq

    return load_faq(faq_path(given))


def open_matcher(faq: FAQ, *, max_wrong_rate: float | None = None) -> Matcher:
    """The matcher for ``faq``, reusing what an earlier run learnt of it."""
    from faqbot.cache import default_cache_dir
    from faqbot.matcher import Matcher

    return Matcher(faq, max_wrong_rate=max_wrong_rate, cache_dir=default_cache_dir())


def open_log(path: str | None, faq_file: str | None) -> MissLogger | None:
    """The log of misses at ``path`` (``None``: no log).

    Raises :class:`~faqbot.faq.FAQError` when it is the FAQ file itself:
    appending JSON lines would break it.
    """
    if not path:
        return None
    from faqbot.misslog import MissLog

    log = MissLog(path)
    if faq_file is not None and log.is_same_file(faq_file):
        from faqbot.faq import FAQError

        raise FAQError(f"--log-misses {path} : c'est le fichier de la FAQ ; choisissez un autre")
    return log.record
