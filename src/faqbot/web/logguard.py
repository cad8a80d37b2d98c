"""What the web server lets into the log: picks that match what it did, at a bounded rate.

A pick or a feedback line sent to ``/api/feedback`` is only a claim. It
counts when it matches what the server really did: the question was asked
recently from the same address (:data:`RECENT_SECONDS`), and the entry
named was offered or answered for it (:class:`RecentAsks`). Each line the
server writes names its asker by a tag (:class:`AskerTags`), so that
``faqbot learn`` can tell one address that sends many picks from many people
who agree. Whatever is written, a bounded
number of lines per second, from one address and from all together, goes
to the log (:class:`WriteBudget`): a flood can fill the log only slowly, and
rotation keeps picks and feedback first (:func:`faqbot.log.writer.rotated`).

>>> recent = RecentAsks()
>>> recent.remember("a", "horaires ?", offered=("horaires", "tarifs"), now=0.0)
>>> recent.offered("a", "horaires ?", "tarifs", now=10.0)
True
>>> recent.offered("a", "horaires ?", "x", now=10.0)
False
>>> recent.offered("b", "horaires ?", "tarifs", now=10.0)
False
>>> recent.offered("a", "horaires ?", "tarifs", now=RECENT_SECONDS + 1.0)
False
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable

RECENT_SECONDS = 3600.0
"""How long after a question was asked a pick or feedback on it counts.
Checked by ``python -m pytest tests/test_hardening_log.py``
and ``python -m pytest tests/test_learn.py``."""
RECENT_QUESTIONS = 20_000
"""Questions remembered at most; the oldest are forgotten first.
Checked by ``python -m pytest tests/test_hardening_log.py``
and ``python -m pytest tests/test_learn.py``."""
CLIENT_LINES_PER_SECOND = 2.0
CLIENT_BURST = 30.0
"""Log lines one address may write: this many a second, after a burst of CLIENT_BURST.
Checked by ``python -m pytest tests/test_hardening_log.py``
and ``python -m pytest tests/test_learn.py``."""
ALL_LINES_PER_SECOND = 20.0
ALL_BURST = 200.0
"""Log lines all addresses together may write: this many a second, after a burst.
Checked by ``python -m pytest tests/test_hardening_log.py``
and ``python -m pytest tests/test_learn.py``."""
CLIENTS_TRACKED = 10_000


IPV6_PREFIX = 64
"""IPv6 addresses with the same first bits are one asker: one home or
phone gets a whole /64 and may use any address in it.
Checked by ``python -m pytest tests/test_hardening_log.py``
and ``python -m pytest tests/test_learn.py``."""
TAG_CHARS = 12
"""Hex digits of an asker's tag: 48 bits, enough to tell a site's askers apart.
Checked by ``python -m pytest tests/test_hardening_log.py``
and ``python -m pytest tests/test_learn.py``."""


class AskerTags:
    """Short tags that tell askers apart in the log without writing their
    address: a keyed hash of the address (of its /64 for IPv6). The key is
    drawn when the app starts, so a tag means the same address only within
    one run of one process.

    >>> tags = AskerTags()
    >>> tags.tag("2001:db8::1") == tags.tag("2001:db8::2")
    True
    >>> tags.tag("192.0.2.1") == tags.tag("192.0.2.2")
    False
    >>> len(tags.tag("192.0.2.1"))
    12
    """

    def __init__(self) -> None:
        self._key = secrets.token_bytes(16)

    def tag(self, address: str) -> str:
        """The tag of ``address``; an address that does not parse is tagged as given."""
        try:
            parsed = ipaddress.ip_address(address)
        except ValueError:
            network = address
        else:
            if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
                parsed = parsed.ipv4_mapped
            if isinstance(parsed, ipaddress.IPv6Address):
                network = str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
            else:
                network = str(parsed)
        digest = hmac.new(self._key, network.encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()[:TAG_CHARS]


class RecentAsks:
    """The entries offered or answered for each question an asker asked recently. Thread-safe."""

    def __init__(self, *, seconds: float = RECENT_SECONDS, limit: int = RECENT_QUESTIONS) -> None:
        self.seconds = seconds
        self.limit = limit
        self._asked: OrderedDict[tuple[str, str], tuple[float, frozenset[str]]] = OrderedDict()
        self._lock = threading.Lock()

    def remember(
        self, asker: str, question: str, *, offered: Iterable[str], now: float | None = None
    ) -> None:
        """Note that ``asker`` just got ``offered`` (answered or suggested) for ``question``."""
        now = time.monotonic() if now is None else now
        key = (asker, question.strip())
        with self._lock:
            _, before = self._asked.pop(key, (0.0, frozenset()))
            self._asked[key] = (now, before | frozenset(offered))
            while len(self._asked) > self.limit:
                self._asked.popitem(last=False)

    def offered(
        self, asker: str, question: str, entry_id: str, *, now: float | None = None
    ) -> bool:
        """True when ``asker`` was offered or answered ``entry_id`` for ``question`` recently."""
        now = time.monotonic() if now is None else now
        with self._lock:
            found = self._asked.get((asker, question.strip()))
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
