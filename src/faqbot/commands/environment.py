"""What a command runs in: its streams, and whether to show tracebacks.

Every command runner takes its parsed arguments and an :class:`Environment`
and returns an :class:`~faqbot.support.status.ExitStatus`; tests build one on
in-memory streams.
"""

from __future__ import annotations

from typing import IO, TextIO

from faqbot.support.status import ExitStatus
from faqbot.text.display import Output, one_line


class Environment:
    """The streams a command reads and writes, and ``debug``: show the
    traceback behind an unexpected error.

    A plain class: :mod:`dataclasses` would cost every start a few milliseconds.
    """

    __slots__ = ("debug", "stderr", "stdin", "stdout")

    def __init__(
        self,
        stdout: Output,
        stderr: TextIO,
        stdin: IO[str] | None = None,
        *,
        debug: bool = False,
    ) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin
        self.debug = debug

    def error(self, message: str) -> ExitStatus:
        """Say what went wrong in one line of French on stderr; return :attr:`ExitStatus.ERROR`."""
        self.warn(message)
        return ExitStatus.ERROR

    def warn(self, message: str) -> None:
        """One line of French on stderr, made safe."""
        print(f"faqbot : {one_line(message)}", file=self.stderr)
