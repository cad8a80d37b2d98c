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
    for number, question in enumerate(questions):
        if as_json:
            record = json_reply(question, matcher, log)
            answered = record["id"] is not None or record["small_talk"] is not None
            output.line(json.dumps(record, ensure_ascii=False))
        else:
            text, answered = text_reply(question, matcher, log, list_command=list_command)
            if number:
                output.line()
            output.paragraph(text)
        if not answered:
            code = EXIT_NO_ANSWER
        output.flush()
    return code


def json_reply(question: str, matcher: Matcher, log: MissLogger | None) -> dict[str, object]:
    """What ``faqbot ask --json`` prints, and the web API returns, for ``question``.

    A question that gets no sure answer is passed to ``log``.
    """
    small_talk = small_talk_kind(question)
    if small_talk is not None:
        return small_talk_record(question, small_talk)
    found = matcher.lookup(question)
    if found.match is None and log is not None:
        log(question, found.suggestions)
    return answer_record(question, found, best_score(matcher, question, found))


def text_reply(
    question: str, matcher: Matcher, log: MissLogger | None, *, list_command: str
) -> tuple[str, bool]:
    """What ``faqbot ask`` prints for ``question``, and whether that answers it.

    A question that gets no sure answer is passed to ``log``.
    """
    small_talk = small_talk_kind(question)
    if small_talk is not None:
        return REPLIES[small_talk], True
    hit, close = matcher.lookup(question)
    if hit is not None:
        return hit.entry.answer, True
    if log is not None:
        log(question, close)
    return no_answer_text(question, close, list_command=list_command), False


def warn_on_stderr(message: str) -> None:
    """One line on stderr, made safe."""
    print(f"faqbot : {one_line(message)}", file=sys.stderr)
