"""Making text safe and readable for a terminal, and writing it.

>>> safe_text("R\\x1b[31mouge\\x07 et\\u202e fin")
'Rouge et fin'
"""

from __future__ import annotations

import re
from functools import cache
from typing import IO

# Terminal escape sequences: CSI ("\x1b[31m") and OSC ("\x1b]0;title\x07").
ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
# Those, two-character escapes, then any other control character but newline
# and tab, C1 controls, bidirectional overrides and lone surrogates.
_UNSAFE_RE = re.compile(
    ESCAPE_SEQUENCE.pattern
    + r"|\x1b[@-_]?"
    + r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def safe_text(text: str) -> str:
    """Remove escape sequences and control characters, keeping newlines and tabs."""
    return _UNSAFE_RE.sub("", text)


def one_line(text: str) -> str:
    """:func:`safe_text` on one line: newlines and tabs become spaces."""
    return " ".join(safe_text(text).split())


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural from 2 on as in French, thousands spaced.

    >>> counted(1, "entrée"), counted(0, "erreur"), counted(10000, "question")
    ('1 entrée', '0 erreur', '10\u202f000 questions')
    """
    number = f"{count:,}".replace(",", "\u202f")
    return f"{number} {noun}" if count <= 1 else f"{number} {noun}s"


_MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()


def _day(time: str) -> tuple[int, int, int] | None:
    """The (year, month, day) of an ISO 8601 time, or ``None``."""
    try:
        year, month, day = (int(part) for part in time[:10].split("-"))
    except ValueError:
        return None
    return (year, month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def date_span(first: str, last: str) -> str:
    """The days from ``first`` to ``last`` (ISO 8601 times), in French; ""
    when either is not a time.

    >>> date_span("2026-12-01T09:00:00+00:00", "2026-12-03T18:00:00+00:00")
    'du 1er au 3 décembre 2026'
    >>> date_span("2026-11-28T09:00:00+00:00", "2026-12-02T10:00:00+00:00")
    'du 28 novembre au 2 décembre 2026'
    >>> date_span("2026-11-28T09:00:00+00:00", "2026-11-28T10:00:00+00:00")
    'le 28 novembre 2026'
    """
    start, end = _day(first), _day(last)
    if start is None or end is None:
        return ""

    def day(date: tuple[int, int, int], *, year: bool = True, month: bool = True) -> str:
        text = "1er" if date[2] == 1 else str(date[2])
        if month:
            text += f" {_MONTHS[date[1] - 1]}"
        return f"{text} {date[0]}" if year else text

    if start == end:
        return f"le {day(start)}"
    same_year = start[0] == end[0]
    same_month = same_year and start[1] == end[1]
    return f"du {day(start, year=not same_year, month=not same_month)} au {day(end)}"


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates (bytes that were not UTF-8) replaced by U+FFFD."""
    return _SURROGATES.sub("\ufffd", text)


class Output:
    """Writes safe text to a stream, each paragraph on one line.

    On a terminal, :class:`faqbot.text.wrapping.TerminalOutput` wraps them instead.
    """

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def line(self, text: str = "") -> None:
        """Write ``text`` as it is, made safe."""
        self.stream.write(safe_text(text) + "\n")

    def paragraph(self, text: str) -> None:
        """Write ``text`` as one line."""
        self.line(one_line(text))

    def flush(self) -> None:
        self.stream.flush()


NO_BREAK = "\u00a0"
_UNITS = (
    r"€|\$|%|‰|°C?|h\b|min\b|s\b|km\b|m\b|cm\b|mm\b|m²|kg\b|g\b|L\b|l\b|Ko\b|Mo\b|Go\b"
    r"|ans?\b|mois\b|jours?\b|semaines?\b|heures?\b|minutes?\b|euros?\b|TTC\b|HT\b"
)


@cache
def _typography() -> tuple[re.Pattern[str], ...]:
    """The spaces to make no-break, compiled when an answer is first shown."""
    return (
        re.compile(r"(?<=\d) (?=\d{3}(?!\d))"),  # 1 590
        re.compile(rf"(?<=\d) (?=(?:{_UNITS}))"),  # 45 €
        re.compile(r"(?<=n°) (?=\d)"),  # n° 3
    )


def typeset(text: str) -> str:
    """``text`` with no-break spaces where French typography keeps words
    together: in « 1 590 € », « 45 € », « 20 min », « n° 3 ». For showing an
    answer; the author's file keeps its spaces.

    >>> typeset("À partir de 1 590 € (45 € par mois), n° 3.") == (
    ...     "À partir de 1\u00a0590\u00a0€ (45\u00a0€ par mois), n°\u00a03."
    ... )
    True
    """
    for pattern in _typography():
        text = pattern.sub(NO_BREAK, text)
    return text
