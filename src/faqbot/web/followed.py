"""An FAQ file followed while it is served: a changed file is read again, checked, then used.

``faqbot serve`` asks :class:`FollowedFAQ` for the matcher at each request.
At most once a :data:`CHECK_INTERVAL`, it looks at the file's identity (its
device, inode, size and modification time, through a symbolic link). When
that changed, the file is loaded and learnt again; only a file that loads
replaces the one in use. A broken file leaves the old one serving, with one
line on stderr, said once for that version of the file.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from faqbot.faqfile.faq import FAQError
from faqbot.matching.matcher import Matcher

CHECK_INTERVAL = 1.0
"""Seconds between two looks at the file.
Checked by ``python -m pytest tests/test_server.py``."""

Identity = tuple[int, int, int, int]


def identity(path: str) -> Identity | None:
    """What changes when the file is replaced or written: ``None`` when it is gone."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


class FollowedFAQ:
    """The matcher of the FAQ file ``path``, kept up to date; thread-safe.

    ``build`` turns the path into a matcher (loading, checking and learning
    the file), raising :class:`~faqbot.faqfile.faq.FAQError` or :class:`OSError`
    when it cannot; ``say`` gets one French line per reload or failure.
    """

    def __init__(
        self,
        path: str,
        matcher: Matcher,
        *,
        build: Callable[[str], Matcher],
        say: Callable[[str], None],
        interval: float = CHECK_INTERVAL,
    ) -> None:
        self.path = path
        self.matcher = matcher
        self._build = build
        self._say = say
        self._interval = interval
        self._seen = identity(path)
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    def __call__(self) -> Matcher:
        if time.monotonic() - self._checked < self._interval:
            return self.matcher
        with self._lock:
            if time.monotonic() - self._checked < self._interval:
                return self.matcher
            self._checked = time.monotonic()
            now = identity(self.path)
            if now is None or now == self._seen:
                return self.matcher
            self._seen = now
            try:
                fresh = self._build(self.path)
            except (FAQError, OSError) as error:
                self._say(
                    f"{self.path} a changé mais ne se charge pas ({error}) ; "
                    "l'ancienne version reste servie"
                )
                return self.matcher
            self.matcher = fresh
            self._say(f"{self.path} rechargée ({len(fresh.faq.entries)} entrées)")
            return fresh
