"""The ``faqbot`` command's entry point: quiet on Ctrl-C from its first instant.

Importing the command's modules takes a few tens of milliseconds, and Python
prints a traceback for an interrupt that comes then. Until
:func:`faqbot.cli.main` takes over, an interrupt ends the process at once
with exit code 130 instead.
"""

from __future__ import annotations

import os

# Not typing.TYPE_CHECKING: importing typing would come before Ctrl-C is taken over.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

try:
    # The C module under signal: the same functions, without the enum classes
    # that make importing signal cost 1.6 ms of every start.
    import _signal as signal
except ImportError:  # another Python than CPython
    import signal


def exit_quietly(signum: int, frame: object) -> None:
    """A SIGINT handler: end the process at once, with exit code 130."""
    os._exit(130)


def set_interrupt_handler(handler: Any) -> Any:
    """Make ``handler`` the SIGINT handler; return the previous one."""
    return signal.signal(signal.SIGINT, handler)


def run() -> int:
    """Run the ``faqbot`` command as a program; return its exit code."""
    original = signal.getsignal(signal.SIGINT)
    if original is signal.default_int_handler:  # not ignored by whoever started us
        set_interrupt_handler(exit_quietly)
    from faqbot.cli import main

    set_interrupt_handler(original)
    return main()
