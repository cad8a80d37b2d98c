"""Answering questions outside the interactive session: ``faqbot ask`` and stdin.

Questions come from the command line or one per line on stdin; each gets its
answer, or a plain "I don't know" with the closest questions, as text or as
one JSON object per line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO

from faqbot.matcher import Lookup, Match, Matcher
from faqbot.smalltalk import REPLIES, small_talk_kind
from faqbot.text import Output, one_line, valid_unicode

MAX_LINE_BYTES = 1 << 20
"""A line of stdin longer than this (1 MB) without a line break stops the reading."""

EXIT_OK, EXIT_NO_ANSWER = 0, 1

Warn = Callable[[str], None]
MissLogger = Callable[[str, Sequence[Match]], None]


class LineTooLong(ValueError):
    """A line of input longer than :data:`MAX_LINE_BYTES`; the message is French."""


def decoded(raw: bytes, where: str, warn: Warn) -> str:
    """``raw`` as text; invalid UTF-8 is replaced by U+FFFD, with a warning."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        warn(f"{where} : UTF-8 invalide, octets remplacés par « \ufffd »")
        return raw.decode("utf-8", errors="replace")


def argument_text(argument: str, where: str, warn: Warn) -> str:
    """A command-line argument as text: Python keeps bytes that were not UTF-8
    as lone surrogates; they become U+FFFD, with a warning, never a lost letter."""
    if valid_unicode(argument) == argument:
        return argument
    raw = argument.encode("utf-8", errors="surrogateescape")
    return decoded(raw, where, warn)


def stdin_lines(stream: IO[bytes] | None, warn: Warn) -> Iterator[str]:
    """Non-empty lines of ``stream`` (``None`` when stdin is closed: no line).

    Raises :class:`LineTooLong` past a line of :data:`MAX_LINE_BYTES` bytes:
    memory stays bounded whatever comes in, ``/dev/zero`` included.
    """
    if stream is None:
        return
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise LineTooLong(
                f"ligne {number} : plus de {MAX_LINE_BYTES >> 20} Mo sans fin de ligne, "
                "lecture arrêtée"
            )
        line = decoded(raw, f"ligne {number}", warn).rstrip("\r\n")
        if line.strip():
            yield line


def answer_record(question: str, found: Lookup, best_score: float) -> dict[str, object]:
    """What ``faqbot ask --json`` prints for one question.

    ``score`` is the answer's score, or when nothing answers, the score of the
    closest entry, however low. ``small_talk`` is ``None``: see
    :func:`small_talk_record`.
    """
    hit, close = found
    return {
        "query": valid_unicode(question),
        "id": hit.entry.id if hit else None,
        "question": hit.entry.question if hit else None,
        "answer": hit.entry.answer if hit else None,
        "score": best_score,
        "suggestions": [
            {"id": m.entry.id, "question": m.entry.question, "score": m.score} for m in close
        ],
        "small_talk": None,
    }


def small_talk_record(question: str, kind: str) -> dict[str, object]:
    """What ``faqbot ask --json`` prints for a greeting, thanks or farewell:
    no entry, the polite reply as ``answer``, and the ``kind`` as ``small_talk``."""
    return {
        "query": valid_unicode(question),
        "id": None,
        "question": None,
        "answer": REPLIES[kind],
        "score": 0.0,
        "suggestions": [],
        "small_talk": kind,
    }


def best_score(matcher: Matcher, question: str, found: Lookup) -> float:
    """The score of the answer, or else of the closest entry, however low."""
    if found.match is not None:
        return found.match.score
    closest = matcher.candidates(question, limit=1)
    return closest[0].score if closest else 0.0


def no_answer_text(question: str, close: Sequence[Match], *, list_command: str) -> str:
    """The reply to a question nothing answers, with the closest questions if any."""
    shown = one_line(question)
    if len(shown) > 60:
        shown = shown[:59] + "…"
    if not close:
        return (
            f"Je ne sais pas répondre à « {shown} ». Tapez « {list_command} » "
            "pour voir les questions auxquelles je sais répondre."
        )
    proposals = " ; ".join(f"« {m.entry.question} »" for m in close)
    which = "celle-ci" if len(close) == 1 else "l'une de celles-ci"
    return f"Je ne suis pas sûr de comprendre « {shown} ». Vouliez-vous dire {which} ? {proposals}"


def answer_all(
    questions: Iterable[str],
    matcher: Matcher,
    output: Output,
    *,
    as_json: bool,
    log: MissLogger | None = None,
    list_command: str = "faqbot list",
) -> int:
    """Answer each question; return 0, or 1 when one got no sure answer."""
    if as_json:
        import json  # only JSON output needs it: kept off start-up
    code = EXIT_OK
    first = True
    for question in questions:
        small_talk = small_talk_kind(question)
        if small_talk is not None:
            if as_json:
                output.line(json.dumps(small_talk_record(question, small_talk), ensure_ascii=False))
            else:
                if not first:
                    output.line()
                output.paragraph(REPLIES[small_talk])
            output.flush()
            first = False
            continue
        found = matcher.lookup(question)
        hit, close = found
        if hit is None:
            code = EXIT_NO_ANSWER
            if log is not None:
                log(question, close)
        if as_json:
            record = answer_record(question, found, best_score(matcher, question, found))
            output.line(json.dumps(record, ensure_ascii=False))
        else:
            if not first:
                output.line()
            if hit is not None:
                output.paragraph(hit.entry.answer)
            else:
                output.paragraph(no_answer_text(question, close, list_command=list_command))
        output.flush()
        first = False
    return code


def warn_on_stderr(message: str) -> None:
    """One line on stderr, made safe."""
    print(f"faqbot : {one_line(message)}", file=sys.stderr)
