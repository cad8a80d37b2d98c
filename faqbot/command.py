"""The ``faqbot`` command's entry point: quiet on Ctrl-C from its first instant.

Importing the command's modules takes a few tens of milliseconds, and Python
prints a traceback for an interrupt that comes then. Until
:func:`faqbot.cli.main` takes over, an interrupt ends the process at once
with exit code 130 instead.
"""

from __future__ import annotations

import os
import signal


def exit_quietly(signum: int, frame: object) -> None:
    """A SIGINT handler: end the process at once, with exit code 130."""
    os._exit(130)


def run() -> int:
    """Run the ``faqbot`` command as a program; return its exit code."""
    original = signal.getsignal(signal.SIGINT)
    if original is signal.default_int_handler:  # not ignored by whoever started us
        signal.signal(signal.SIGINT, exit_quietly)
    from faqbot.cli import main

    signal.signal(signal.SIGINT, original)
    return main()
