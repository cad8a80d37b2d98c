"""The ``faqbot`` command's entry point: quiet on Ctrl-C from its first instant.

Importing the command's modules takes a few tens of milliseconds, and Python
prints a traceback for an interrupt that comes then. Until
:func:`faqbot.commands.cli.main` takes over, an interrupt ends the process at once
with exit code 130 instead.
"""

from __future__ import annotations

import gc

from faqbot.support.interrupt import (
    exit_quietly,
    interrupt_handler,
    is_default,
    set_interrupt_handler,
)


def run() -> int:
    """Run the ``faqbot`` command as a program; return its exit code."""
    original = interrupt_handler()
    if is_default(original):  # not ignored by whoever started us
        set_interrupt_handler(exit_quietly)
    # Importing makes only objects that live as long as the process: a
    # collection then finds nothing to free, yet each one walks all of them.
    # They are set aside before collections run again (3 ms of a 55 ms
    # start: python -m benchmarks.bench_startup).
    gc.disable()
    from faqbot.commands.cli import main

    gc.freeze()
    gc.enable()
    set_interrupt_handler(original)
    return main()
