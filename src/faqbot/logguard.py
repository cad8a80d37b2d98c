"""What the web server lets into the log: picks that match what it did, at a bounded rate.

A pick or a feedback line sent to ``/api/feedback`` is only a claim. It
counts when it matches what the server really did: the question was asked
recently (:data:`RECENT_SECONDS`), and the entry named was offered or
answered for it (:class:`RecentAsks`). Whatever is written, a bounded
number of lines per second, from one address and from all together, goes
to the log (:class:`WriteBudget`): a flood can fill the log only slowly, and
rotation keeps picks and feedback first (:func:`faqbot.misslog.rotated`).

>>> recent = RecentAsks()
>>> recent.remember("horaires ?", offered=("horaires", "tarifs"), now=0.0)
>>> recent.offered("horaires ?", "tarifs", now=10.0), recent.offered("horaires ?", "x", now=10.0)
(True, False)
>>> recent.offered("horaires ?", "tarifs", now=RECENT_SECONDS + 1.0)
False
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

RECENT_SECONDS = 3600.0
"""How long after a question was asked a pick or feedback on it counts."""
RECENT_QUESTIONS = 20_000
"""Questions remembered at most; the oldest are forgotten first."""
CLIENT_LINES_PER_SECOND = 2.0
CLIENT_BURST = 30.0
"""Log lines one address may write: this many a second, after a burst of CLIENT_BURST."""
ALL_LINES_PER_SECOND = 20.0
ALL_BURST = 200.0
"""Log lines all addresses together may write: this many a second, after a burst."""
CLIENTS_TRACKED = 10_000


class RecentAsks:
    """The entries offered or answered for each recently asked question. Thread-safe."""

    def __init__(self, *, seconds: float = RECENT_SECONDS, limit: int = RECENT_QUESTIONS) -> None:
        self.seconds = seconds
        self.limit = limit
        self._asked: OrderedDict[str, tuple[float, frozenset[str]]] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, question: str, *, offered: Iterable[str], now: float | None = None) -> None:
        """Note that ``question`` was just answered with, or offered, ``offered``."""
        now = time.monotonic() if now is None else now
        key = question.strip()
        with self._lock:
            _, before = self._asked.pop(key, (0.0, frozenset()))
            self._asked[key] = (now, before | frozenset(offered))
            while len(self._asked) > self.limit:
                self._asked.popitem(last=False)

    def offered(self, question: str, entry_id: str, *, now: float | None = None) -> bool:
        """True when ``entry_id`` was offered or answered for ``question`` recently."""
        now = time.monotonic() if now is None else now
        with self._lock:
            found = self._asked.get(question.strip())
        return found is not None and now - found[0] <= self.seconds and entry_id in found[1]


class WriteBudget:
    """Token buckets for log lines: one per address, one for all. Thread-safe.

    >>> budget = WriteBudget(per_client=1.0, client_burst=2.0, overall=100.0, burst=100.0)
    >>> [budget.take("a", now=0.0) for _ in range(3)], budget.take("b", now=0.0)
    ([True, True, False], True)
    >>> budget.take("a", now=1.0)
    True
    """

    def __init__(
        self,
        *,
        per_client: float = CLIENT_LINES_PER_SECOND,
        client_burst: float = CLIENT_BURST,
        overall: float = ALL_LINES_PER_SECOND,
        burst: float = ALL_BURST,
    ) -> None:
        self.per_client, self.client_burst = per_client, client_burst
        self.overall, self.burst = overall, burst
        self._clients: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._all = (burst, 0.0)
        self._started = False
        self._lock = threading.Lock()

    def take(self, client: str, *, now: float | None = None) -> bool:
        """Spend one line of ``client``'s budget and of the whole; false when either is spent."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._clients.pop(client, (self.client_burst, now))
            tokens = min(self.client_burst, tokens + (now - last) * self.per_client)
            shared, shared_last = self._all if self._started else (self.burst, now)
            self._started = True
            shared = min(self.burst, shared + (now - shared_last) * self.overall)
            allowed = tokens >= 1.0 and shared >= 1.0
            if allowed:
                tokens -= 1.0
                shared -= 1.0
            self._clients[client] = (tokens, now)
            self._all = (shared, now)
            while len(self._clients) > CLIENTS_TRACKED:
                self._clients.popitem(last=False)
            return allowed
