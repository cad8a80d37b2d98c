"""The interactive session on a terminal, built with prompt_toolkit.

The logic lives in :func:`faqbot.commands.session.respond`; this module only reads
lines, prints replies and keeps the history.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.auto_suggest import AutoSuggest, Suggestion
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.styles import Style
from rapidfuzz import fuzz, process

from faqbot.commands.environment import Environment
from faqbot.commands.session import COMMANDS, GOODBYE, SessionState, Turn, respond, welcome_text
from faqbot.commands.wiring import faq_path, load, open_log, open_matcher
from faqbot.log.writer import MissLog
from faqbot.support.files import check_regular, french_reason
from faqbot.support.status import ExitStatus
from faqbot.text.display import one_line
from faqbot.text.normalize import fold
from faqbot.text.wrapping import wrap

PROMPT = "faqbot> "
MAX_HISTORY_BYTES = 8 << 20
"""A history file larger than this (8 MB) is not loaded.
Checked by ``python -m pytest tests/test_repl.py``."""
STYLE = Style.from_dict(
    {
        "welcome": "ansigreen",
        "question": "bold ansicyan",
        "answer": "",
        "suggestions": "ansiyellow",
        "error": "ansired",
        "prompt": "bold",
    }
)
_STYLE_OF_KIND = {
    "answer": "class:answer",
    "suggestions": "class:suggestions",
    "unknown": "class:suggestions",
    "error": "class:error",
}

Writer = Callable[[FormattedText], None]


class QuestionCompleter(Completer):
    """Completes commands, and FAQ questions: first those ``closest`` ranks for
    what is typed, then those that contain it fuzzily, accents and case ignored."""

    def __init__(
        self,
        questions: Iterable[str],
        *,
        closest: Callable[[str], list[str]] | None = None,
        limit: int = 8,
    ) -> None:
        self._questions = [one_line(q) for q in questions]
        self._folded = [fold(q) for q in self._questions]
        self._closest = closest
        self._limit = limit

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        typed = document.text_before_cursor
        if typed.startswith("/"):
            for command in COMMANDS:
                if command.startswith(typed.lower()):
                    yield Completion(command, start_position=-len(typed))
            return
        folded = fold(typed).strip()
        if not folded:
            for question in self._questions[: self._limit]:
                yield Completion(question, start_position=-len(typed))
            return
        ranked = [one_line(q) for q in self._closest(typed)] if self._closest else []
        found = process.extract(
            folded, self._folded, scorer=fuzz.partial_ratio, limit=self._limit, score_cutoff=60
        )
        ranked += [self._questions[index] for _, _, index in found]
        for question in list(dict.fromkeys(ranked))[: self._limit]:
            yield Completion(question, start_position=-len(typed))


class AnsweredSuggest(AutoSuggest):
    """Suggests, in grey, the end of a line from history, if that line got an answer."""

    def __init__(self, answered: Callable[[str], bool]) -> None:
        self._answered = answered
        self._known: dict[str, bool] = {}

    def get_suggestion(self, buffer: Buffer, document: Document) -> Suggestion | None:
        typed = document.text.splitlines()[-1] if document.text else ""
        if not typed.strip():
            return None
        for string in reversed(list(buffer.history.get_strings())):
            for line in reversed(string.splitlines()):
                if line.startswith(typed) and line != typed and self._was_answered(line):
                    return Suggestion(line[len(typed) :])
        return None

    def _was_answered(self, line: str) -> bool:
        if line not in self._known:
            self._known[line] = self._answered(line)
        return self._known[line]


class SafeFileHistory(FileHistory):
    """A file history that turns itself off, with one warning, when it cannot write."""

    def __init__(self, path: Path, warn: Callable[[str], None]) -> None:
        super().__init__(os.fspath(path))
        self._warn = warn
        self.enabled = True

    def load_history_strings(self) -> Iterable[str]:
        try:
            return list(super().load_history_strings())
        except OSError:
            return []

    def store_string(self, string: str) -> None:
        if not self.enabled:
            return
        try:
            super().store_string(string)
        except OSError as error:
            self.enabled = False
            self._warn(history_warning(Path(str(self.filename)), error))


def history_path() -> Path | None:
    """``$XDG_STATE_HOME/faqbot/history``, by default ``~/.local/state/faqbot/history``.

    A relative ``XDG_STATE_HOME`` is ignored, as the XDG specification asks;
    without a home, there is no path (``None``).
    """
    state_home = os.environ.get("XDG_STATE_HOME") or ""
    if os.path.isabs(state_home):
        return Path(state_home) / "faqbot" / "history"
    home = os.path.expanduser("~")
    if not os.path.isabs(home):  # no HOME and no passwd entry
        return None
    return Path(home) / ".local" / "state" / "faqbot" / "history"


def history_warning(path: Path, error: OSError) -> str:
    return (
        f"Attention : historique désactivé, impossible d'utiliser {one_line(os.fspath(path))} "
        f"({french_reason(error)})."
    )


def open_history(warn: Callable[[str], None]) -> History:
    """The persistent history, created with mode 0600, or an in-memory one if it fails.

    A history that is not a regular file, or larger than
    :data:`MAX_HISTORY_BYTES`, is not used. The mode of a file the history
    path links to is left alone.
    """
    path = history_path()
    if path is None:
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileNotFoundError):  # a first session creates it
            check_regular(path, limit=MAX_HISTORY_BYTES)
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.close(descriptor)
        if not path.is_symlink():
            os.chmod(path, 0o600)
    except OSError as error:
        warn(history_warning(path, error))
        return InMemoryHistory()
    return SafeFileHistory(path, warn)


def make_session(
    state: SessionState, *, history: History, input: Any = None, output: Any = None
) -> PromptSession[str]:
    """Build the prompt session; tests pass a pipe input and a dummy output."""
    matcher = state.matcher

    def closest_questions(typed: str) -> list[str]:
        return [m.entry.question for m in matcher.search(typed, limit=4)]

    return PromptSession(
        message=FormattedText([("class:prompt", PROMPT)]),
        history=history,
        completer=QuestionCompleter(
            (e.question for e in state.matcher.faq.entries), closest=closest_questions
        ),
        complete_while_typing=False,
        auto_suggest=AnsweredSuggest(lambda line: state.matcher.match(line) is not None),
        style=STYLE,
        input=input,
        output=output,
    )


def format_reply(reply: Turn, *, width: int) -> FormattedText:
    """Lay a reply out for the terminal, wrapped to ``width`` columns."""
    parts: list[tuple[str, str]] = []
    if reply.entry is not None:
        parts.append(("class:question", wrap(reply.entry.question, width=width) + "\n"))
    style = _STYLE_OF_KIND.get(reply.kind, "")
    parts.append((style, wrap(reply.text, width=width) + "\n"))
    return FormattedText(parts)


def run(
    session: PromptSession[str],
    state: SessionState,
    *,
    write: Writer | None = None,
    on_miss: Callable[[str, Turn], None] | None = None,
    log: MissLog | None = None,
) -> int:
    """Read and answer lines until the user leaves; return the exit code."""
    state = dataclasses.replace(state, recording=log is not None)
    if write is None:

        def write(text: FormattedText) -> None:
            print_formatted_text(text, output=session.output, style=STYLE)

    def width() -> int:
        return min(session.output.get_size().columns, 100) - 1

    welcome = welcome_text(state.matcher.faq)
    write(FormattedText([("class:welcome", wrap(welcome, width=width()) + "\n")]))
    while True:
        try:
            line = session.prompt()
        except KeyboardInterrupt:
            continue
        except EOFError:
            write(FormattedText([("", GOODBYE + "\n")]))
            return 0
        reply = respond(line, state)
        state = reply.state
        if reply.is_miss and on_miss is not None:
            on_miss(line, reply)
        if log is not None:
            note(log, line, reply)
        if reply.text:
            write(format_reply(reply, width=width()))
        if reply.exit:
            return 0


def note(log: MissLog, line: str, reply: Turn) -> None:
    """Write to ``log`` what ``reply`` says the asker of ``line`` did: a
    question with or without a sure answer, a pick, feedback."""
    if reply.is_miss:
        log.record(line, reply.choices)
    elif reply.kind == "answer" and reply.pick is None and reply.choices:
        log.answered(line, reply.choices[0])
    if reply.pick is not None:
        log.pick(*reply.pick)
    if reply.feedback is not None:
        log.feedback(*reply.feedback)


def interactive(state: SessionState, *, log: MissLog | None = None) -> int:
    """Run the session on the real terminal, with the persistent history;
    questions that get no sure answer, picks and feedback go to ``log``."""

    def warn(message: str) -> None:
        print(message, file=sys.stderr)

    session = make_session(state, history=open_history(warn))
    return run(session, state, log=log)


def run_session(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """``faqbot`` alone on a terminal: the interactive session."""
    log = open_log(args.log_misses, faq_path(args.faq), env.warn)
    state = SessionState(open_matcher(load(args.faq), max_wrong_rate=args.max_wrong_rate))
    return ExitStatus(interactive(state, log=log))
