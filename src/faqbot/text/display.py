"""Making text safe and readable for a terminal, and writing it.

>>> safe_text("R\\x1b[31mouge\\x07 et\\u202e fin")
'Rouge et fin'
>>> print(wrap("un deux trois quatre", width=9))
un deux
trois
quatre
>>> print(wrap("1. une question assez longue", width=12, hanging="   "))
1. une
   question
   assez
   longue
"""

from __future__ import annotations

import os
import re
import textwrap
from functools import cache, partial
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
_LIST_ITEM = re.compile(r"\s*(?:\d+[.)]|[-•*])\s+")
_BEFORE_PUNCTUATION = re.compile(r" ([?!:;»])")
_AFTER_QUOTE = re.compile(r"« ")
_HELD = "\ue000"  # a private-use character, removed from the text first


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


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates (bytes that were not UTF-8) replaced by U+FFFD."""
    return _SURROGATES.sub("\ufffd", text)


def wrap(text: str, *, width: int, indent: str = "", hanging: str | None = None) -> str:
    """Wrap each paragraph (line) of ``text`` to ``width`` columns.

    ``indent`` starts every line. A list item ("  2. …", "- …") continues
    under its text; ``hanging``, when given, is the indent of every
    paragraph's later lines. Time grows with the text's length, even for a
    word longer than a line.
    """
    lines = []
    # French puts a space before ? ! : ; and inside « »: never a place to break.
    # Such spaces are held by a private character while wrapping.
    text = safe_text(text).replace(_HELD, "")
    text = _BEFORE_PUNCTUATION.sub(_HELD + r"\1", _AFTER_QUOTE.sub("«" + _HELD, text))
    for paragraph in text.splitlines():
        if not paragraph.strip():
            lines.append("")
            continue
        item = _LIST_ITEM.match(paragraph)
        lead = item.group(0) if item else paragraph[: len(paragraph) - len(paragraph.lstrip())]
        later = hanging if hanging is not None else indent + " " * len(lead)
        first = indent + lead
        line_width = max(width, 10 + max(len(first), len(later)))
        room = line_width - max(len(first), len(later))
        # textwrap cuts a long word one line at a time, rescanning the rest:
        # quadratic. Cut long words into line-sized pieces first.
        body = re.sub(
            rf"\S{{{room + 1},}}",
            partial(_long_word, room=room),
            paragraph[len(lead) :],
        )
        lines.append(
            textwrap.fill(
                body,
                width=line_width,
                initial_indent=first,
                subsequent_indent=later,
                break_long_words=True,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines).replace(_HELD, " ")


def _long_word(found: re.Match[str], *, room: int) -> str:
    return _pieces(found.group(0), room)


def _pieces(word: str, size: int) -> str:
    """``word`` cut into pieces of ``size`` characters, separated by spaces."""
    return " ".join(word[i : i + size] for i in range(0, len(word), size))


class Output:
    """Writes safe text to a stream, wrapped to the terminal's width when it is one."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.is_terminal = stream.isatty()

    def width(self) -> int | None:
        """The columns to wrap to, or ``None`` when the stream is not a terminal."""
        if not self.is_terminal:
            return None
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError):
            columns = 80
        return min(columns, 100) - 1

    def line(self, text: str = "") -> None:
        """Write ``text`` as it is, made safe."""
        self.stream.write(safe_text(text) + "\n")

    def paragraph(self, text: str) -> None:
        """Write ``text`` wrapped on a terminal, on one line otherwise."""
        width = self.width()
        self.line(wrap(text, width=width) if width else one_line(text))

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
