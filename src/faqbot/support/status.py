"""The exit status of every faqbot command."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """What a command's exit code means.

    >>> int(ExitStatus.INTERRUPTED)
    130
    """

    OK = 0
    """All went well."""
    NO_ANSWER = 1
    """A question got no sure answer, or a check or evaluation fell short."""
    ERROR = 2
    """A usage, file or output error: one line of French on stderr."""
    INTERRUPTED = 130
    """Ctrl-C."""
