"""Ctrl-C as the command takes it: at once, quietly, with exit code 130.

Shared by the entry point (:mod:`faqbot.commands.command`), which takes Ctrl-C over
before the command's modules are imported, and the command itself
(:mod:`faqbot.commands.cli`).
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
    end_the_line()
    os._exit(130)


def end_the_line() -> None:
    """After Ctrl-C on a terminal, which echoes « ^C », end that line, so that
    the shell's prompt starts a line of its own."""
    try:
        if os.isatty(2):
            os.write(2, b"\n")
    except OSError:
        pass


def set_interrupt_handler(handler: Any) -> Any:
    """Make ``handler`` the SIGINT handler; return the previous one."""
    return signal.signal(signal.SIGINT, handler)


def interrupt_handler() -> Any:
    """The SIGINT handler in place."""
    return signal.getsignal(signal.SIGINT)


INTERRUPTED = [False]
"""Set once :func:`noted_interrupt` has run: Ctrl-C came."""


def noted_interrupt(signum: int, frame: Any) -> None:
    """A SIGINT handler: note it, then raise KeyboardInterrupt as Python does.
    An extension module being imported turns that into an ImportError of its
    own; the note still says what happened. Within the import machinery
    itself, where Python would print the exception as ignored, with its
    traceback, and go on, it ends the process as :func:`exit_quietly` does."""
    INTERRUPTED[0] = True
    code = getattr(frame, "f_code", None)
    if code is not None and code.co_filename.startswith("<frozen importlib"):
        exit_quietly(signum, frame)
    raise KeyboardInterrupt


def is_default(handler: Any) -> bool:
    """True for Python's own SIGINT handler (raising KeyboardInterrupt)."""
    return handler is signal.default_int_handler
