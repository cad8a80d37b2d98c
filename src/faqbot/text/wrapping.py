"""Wrapping text to a terminal's width, the French way: never before « ? » or after « « ».

Only a terminal needs it: the command registry loads it when stdout is one,
and the session always.

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
from functools import partial

from faqbot.text.display import Output, safe_text

_LIST_ITEM = re.compile(r"\s*(?:\d+[.)]|[-•*])\s+")
_BEFORE_PUNCTUATION = re.compile(r" ([?!:;»])")
_AFTER_QUOTE = re.compile(r"« ")
_HELD = "\ue000"  # a private-use character, removed from the text first


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


class TerminalOutput(Output):
    """An :class:`~faqbot.text.display.Output` that wraps paragraphs to the terminal's width."""

    def width(self) -> int:
        """The columns to wrap to: the terminal's, at most 100."""
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError):
            columns = 80
        return min(columns, 100) - 1

    def paragraph(self, text: str) -> None:
        """Write ``text`` wrapped to :meth:`width`."""
        self.line(wrap(text, width=self.width()))
