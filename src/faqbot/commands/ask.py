"""Answering questions outside the interactive session: ``faqbot ask`` and stdin.

Questions come from the command line or one per line on stdin; each gets its
answer, or a plain "I don't know" with the closest questions, as text or as
one JSON object per line.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import IO, TYPE_CHECKING

from faqbot.commands.wiring import faq_path, load, open_log, open_matcher
from faqbot.reply import as_record, as_text, reply_to
from faqbot.support.status import ExitStatus
from faqbot.text.display import valid_unicode

if TYPE_CHECKING:
    import argparse

    from faqbot.commands.environment import Environment
    from faqbot.log.writer import MissLog
    from faqbot.matching.matcher import Matcher

MAX_LINE_BYTES = 1 << 20
"""A line of stdin longer than this (1 MB) without a line break stops the reading.
Checked by ``python -m pytest tests/test_hardening.py``."""

Warn = Callable[[str], None]


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


def answer_all(
    questions: Iterable[str],
    matcher: Matcher,
    env: Environment,
    *,
    as_json: bool,
    log: MissLog | None = None,
    list_command: str = "faqbot list",
) -> ExitStatus:
    """Answer each question, noting each in ``log``; :attr:`ExitStatus.NO_ANSWER`
    when one got no sure answer."""
    # A script cannot pick a suggestion: its misses say so.
    misses = partial(log.record, pickable=False) if log is not None else None
    answers = log.answered if log is not None else None
    status = ExitStatus.OK
    output = env.stdout
    for number, question in enumerate(questions):
        reply = reply_to(question, matcher, log=misses, log_answer=answers)
        if as_json:
            output.line(json.dumps(as_record(reply), ensure_ascii=False))
        else:
            if number:
                output.line()
            output.paragraph(as_text(reply, list_command=list_command))
        if not reply.answered:
            status = ExitStatus.NO_ANSWER
        output.flush()
    return status


def run_ask(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """``faqbot ask``, and ``faqbot`` alone off a terminal: the question given,
    or each line of stdin."""
    as_json = args.json
    given = args.faq
    log = open_log(args.log_misses, faq_path(given), env.warn)
    faq = load(given)
    rate = args.max_wrong_rate
    list_command = _list_command(given)
    if args.command == "ask" and args.question:
        words = [
            argument_text(word, f"argument {number}", env.warn)
            for number, word in enumerate(args.question, start=1)
        ]
        question = " ".join(words)
        if not question.strip():
            return env.error("la question est vide")
        matcher = open_matcher(faq, max_wrong_rate=rate)
        return answer_all(
            [question], matcher, env, as_json=as_json, log=log, list_command=list_command
        )
    stdin = env.stdin
    if stdin is not None and stdin.isatty():
        print("Tapez vos questions, une par ligne ; Ctrl-D pour finir.", file=env.stderr)
    matcher = open_matcher(faq, max_wrong_rate=rate)
    lines = stdin_lines(getattr(stdin, "buffer", None), env.warn)
    try:
        return answer_all(lines, matcher, env, as_json=as_json, log=log, list_command=list_command)
    except LineTooLong as error:
        return env.error(str(error))


def _list_command(given: str | None) -> str:
    """How to list the questions of the FAQ in use, to say so in a hint."""
    if given is None:
        return "faqbot list"
    return f"faqbot list --faq {shlex.quote(given)}"
