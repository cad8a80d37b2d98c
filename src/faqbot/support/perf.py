"""Keeping bulk work fast."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

try:  # hashlib pulls in OpenSSL: 3 ms of every start-up, for a few hashes
    from _blake2 import blake2b
except ImportError:  # another Python implementation
    from hashlib import blake2b

__all__ = ["blake2b", "paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Loading and indexing a large FAQ creates hundreds of thousands of tuples
    and strings and no garbage cycles; without the pause, the collector's
    repeated passes over the growing heap take a third of the time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
