"""Making text safe and readable for a terminal.

>>> safe_text("R\\x1b[31mouge\\x07 et\\u202e fin")
'Rouge et fin'
>>> print(wrap("un deux trois quatre", width=9))
un deux
trois
quatre
"""

from __future__ import annotations

import re

# Terminal escape sequences: CSI ("\x1b[31m") and OSC ("\x1b]0;title\x07").
ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
# Those, two-character escapes, then any other control character but newline
# and tab, C1 controls, bidirectional overrides and lone surrogates.
_UNSAFE_RE = re.compile(
    ESCAPE_SEQUENCE.pattern
    + r"|\x1b[@-_]?"
    + r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def safe_text(text: str) -> str:
    """Remove escape sequences and control characters, keeping newlines and tabs."""
    return _UNSAFE_RE.sub("", text)


def one_line(text: str) -> str:
    """:func:`safe_text` on one line: newlines and tabs become spaces."""
    return " ".join(safe_text(text).split())


def wrap(text: str, *, width: int, indent: str = "") -> str:
    """Wrap each paragraph of ``text`` to ``width`` columns."""
    import textwrap  # only a terminal needs it: kept off the start-up path

    width = max(width, 10 + len(indent))
    return "\n".join(
        textwrap.fill(
            paragraph,
            width=width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=True,
            break_on_hyphens=False,
        )
        if paragraph.strip()
        else ""
        for paragraph in safe_text(text).splitlines()
    )
