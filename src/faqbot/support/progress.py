"""Showing how far learning a large FAQ has gone, on a terminal.

Learning an FAQ of 10,000 entries takes seconds, of 100,000 most of a
minute. The matcher reports each stage and how far it has gone to a
:data:`Progress` callable; :func:`terminal_progress` shows it on one line of
stderr, rewritten in place, when stderr is a terminal and the work has lasted
long enough to be worth it, and erases it when done.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str, float], None]
"""Called with what is being done, in French, and how far (0 to 1); an empty
stage means the work is over."""

DELAY = 0.5
"""Seconds of work before anything is shown: a small FAQ shows nothing.
Checked by ``python -m pytest tests/test_large.py``."""
INTERVAL = 0.1
"""Seconds between two updates of the line.
Checked by ``python -m pytest tests/test_large.py``."""


def terminal_progress(stream: TextIO) -> Progress | None:
    """A :data:`Progress` writing to ``stream`` when it is a terminal, else ``None``."""
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError, OSError):
        return None
    started = time.monotonic()
    shown = [0.0, False]  # when the line was last written, and whether it is there

    def report(stage: str, done: float) -> None:
        now = time.monotonic()
        try:
            if not stage:
                if shown[1]:
                    stream.write("\r\x1b[K")
                    stream.flush()
                    shown[1] = False
                return
            if now - started < DELAY or now - shown[0] < INTERVAL:
                return
            percent = min(max(int(done * 100), 0), 100)
            stream.write(f"\r{stage}… {percent} %\x1b[K")
            stream.flush()
            shown[0], shown[1] = now, True
        except (OSError, ValueError):
            pass

    return report


def every(total: int, step: int, stage: str, progress: Progress | None) -> Callable[[int], None]:
    """A counter that reports ``stage`` every ``step`` items of ``total``."""
    if progress is None or total <= 0:
        return lambda done: None

    def tick(done: int) -> None:
        if done % step == 0:
            progress(stage, done / total)

    return tick
