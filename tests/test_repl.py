from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText, to_plain_text
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import faqbot
from faqbot.commands import repl
from faqbot.commands.session import SessionState, respond


def drive(matcher: faqbot.Matcher, keys: str, **options) -> tuple[int, str, InMemoryHistory]:
    """Type ``keys`` into a session and return its exit code, transcript and history."""
    state = SessionState(matcher)
    history = InMemoryHistory()
    shown: list[FormattedText] = []
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        session = repl.make_session(state, history=history, input=pipe, output=DummyOutput())
        code = repl.run(session, state, write=shown.append, **options)
    return code, "".join(to_plain_text(text) for text in shown), history


def test_a_question_then_ctrl_d(matcher: faqbot.Matcher) -> None:
    code, transcript, history = drive(matcher, "c'est quoi llama ?\r\x04")
    assert code == 0
    assert transcript.startswith("Mark Zuckerberg : Le Champion de l'Open Source dans l'IA\n")
    assert "Bonjour ! Je réponds aux questions de la FAQ" in transcript
    assert "Qu'est-ce que LLaMA ?\nLLaMA est le premier modèle" in transcript
    assert transcript.rstrip().endswith("Au revoir !")
    assert list(history.get_strings()) == ["c'est quoi llama ?"]


def test_ctrl_c_clears_the_line_and_does_not_exit(matcher: faqbot.Matcher) -> None:
    code, transcript, _ = drive(matcher, "avantages\x03risques\r/quitter\r")
    assert code == 0
    assert "Quels sont les avantages" not in transcript
    assert "Quels sont les risques de l'open source pour Meta ?" in transcript


def test_suggestions_then_a_number(matcher: faqbot.Matcher) -> None:
    _, transcript, _ = drive(matcher, "avantages de la retraite\r1\rquit\r")
    assert "Vouliez-vous dire…\n  1. Quels sont les avantages" in transcript
    assert "L'open source permet à Meta de renforcer" in transcript


def test_misses_are_reported(matcher: faqbot.Matcher) -> None:
    missed: list[str] = []
    drive(matcher, "xqzw\rllama\rexit\r", on_miss=lambda line, reply: missed.append(line))
    assert missed == ["xqzw"]


def test_answers_are_wrapped_and_stripped_of_escapes() -> None:
    faq = faqbot.parse_faq(
        'entries:\n  - id: a\n    question: "Couleur \\e[31m ?"\n'
        '    answer: "' + "mot " * 60 + '\\e]0;titre\\a fin"\n'
    )
    reply = faqbot.Matcher(faq)
    state = SessionState(reply)
    from faqbot.commands.session import respond

    text = to_plain_text(repl.format_reply(respond("1", state), width=40))
    assert "\x1b" not in text and "\x07" not in text
    assert all(len(line) <= 40 for line in text.splitlines())


def test_completer_is_fuzzy_and_ignores_accents(faq: faqbot.FAQ) -> None:
    completer = repl.QuestionCompleter(e.question for e in faq.entries)

    def complete(text: str) -> list[str]:
        found = completer.get_completions(Document(text), CompleteEvent(completion_requested=True))
        return [c.text for c in found]

    assert complete("risq")[0] == "Quels sont les risques de l'open source pour Meta ?"
    assert complete("AVÉNIR")[0] == "L'open source est-il l'avenir de l'IA ?"
    assert complete("/li") == ["/liste"]
    assert len(complete("")) == 5


def test_history_file_is_private_and_under_xdg_state_home(isolated_home: Path) -> None:
    warnings: list[str] = []
    history = repl.open_history(warnings.append)
    path = isolated_home / ".local" / "state" / "faqbot" / "history"
    assert repl.history_path() == path
    assert isinstance(history, repl.SafeFileHistory)
    history.store_string("llama")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "+llama" in path.read_text()
    assert warnings == []


def test_history_defaults_to_local_state(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_STATE_HOME")
    assert repl.history_path() == isolated_home / ".local" / "state" / "faqbot" / "history"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only modes")
def test_read_only_home_turns_history_off_with_one_warning(isolated_home: Path) -> None:
    isolated_home.chmod(0o500)
    try:
        warnings: list[str] = []
        history = repl.open_history(warnings.append)
    finally:
        isolated_home.chmod(0o700)
    assert isinstance(history, InMemoryHistory)
    assert len(warnings) == 1 and "historique désactivé" in warnings[0]


def test_unwritable_history_path_turns_history_off(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = isolated_home / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    warnings: list[str] = []
    history = repl.open_history(warnings.append)
    assert isinstance(history, InMemoryHistory)
    assert len(warnings) == 1
    assert "\n" not in warnings[0]


def test_history_that_fails_later_warns_once(isolated_home: Path) -> None:
    warnings: list[str] = []
    history = repl.open_history(warnings.append)
    assert isinstance(history, repl.SafeFileHistory)
    history.filename = str(isolated_home / "missing-dir" / "history")
    history.store_string("un")
    history.store_string("deux")
    assert len(warnings) == 1


def test_a_history_that_is_a_device_is_not_read(isolated_home: Path) -> None:
    path = repl.history_path()
    path.parent.mkdir(parents=True)
    path.symlink_to("/dev/zero")
    warnings: list[str] = []
    history = repl.open_history(warnings.append)
    assert not isinstance(history, repl.SafeFileHistory)
    assert len(warnings) == 1 and "pas un fichier ordinaire" in warnings[0]


def test_a_huge_history_is_not_loaded(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repl, "MAX_HISTORY_BYTES", 1000)
    path = repl.history_path()
    path.parent.mkdir(parents=True)
    path.write_text("+llama\n" * 1000)
    warnings: list[str] = []
    assert not isinstance(repl.open_history(warnings.append), repl.SafeFileHistory)
    assert "fichier trop gros" in warnings[0]


def test_the_mode_of_a_linked_history_is_left_alone(isolated_home: Path) -> None:
    target = isolated_home / "my-history"
    target.write_text("")
    target.chmod(0o644)
    path = repl.history_path()
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    assert isinstance(repl.open_history(lambda message: None), repl.SafeFileHistory)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_tab_offers_the_closest_question_first(matcher: faqbot.Matcher) -> None:
    session = repl.make_session(SessionState(matcher), history=InMemoryHistory())
    completer = session.completer
    assert completer is not None
    found = list(completer.get_completions(Document("llama"), CompleteEvent()))
    assert found[0].text == "Qu'est-ce que LLaMA ?"


def test_grey_suggestions_only_bring_back_answered_questions(matcher: faqbot.Matcher) -> None:
    from prompt_toolkit.buffer import Buffer

    history = InMemoryHistory()
    for line in [
        "quels sont les avantages de la retraite",
        "quels sont les risques de l'open source",
    ]:
        history.append_string(line)
    suggest = repl.AnsweredSuggest(lambda line: matcher.match(line) is not None)
    buffer = Buffer(history=history)
    suggestion = suggest.get_suggestion(buffer, Document("quels sont les "))
    assert suggestion is not None and suggestion.text == "risques de l'open source"
    assert suggest.get_suggestion(buffer, Document("quels sont les avantages")) is None


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_completion_and_layout_never_fail(matcher: faqbot.Matcher, text: str) -> None:
    completer = repl.QuestionCompleter(["Qu'est-ce que LLaMA ?", "Pourquoi ?"])
    list(completer.get_completions(Document(text), CompleteEvent(completion_requested=True)))
    reply = respond(text, SessionState(matcher))
    assert "\x1b" not in to_plain_text(repl.format_reply(reply, width=30))


def test_the_session_logs_misses_picks_and_feedback(
    matcher: faqbot.Matcher, tmp_path: Path
) -> None:
    import json

    from faqbot.log.writer import MissLog

    path = tmp_path / "log.jsonl"
    _, transcript, _ = drive(
        matcher,
        "avantages de la retraite\r\rnon\rexit\r",
        log=MissLog(path, faq=None),
    )
    assert "L'open source permet à Meta de renforcer" in transcript
    assert "c'est noté" in transcript
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    kinds = [sorted(set(r) - {"time"}) for r in records]
    assert kinds == [
        ["faq"],
        ["candidates", "question"],
        ["chosen", "question"],
        ["helpful", "id", "question"],
    ]
    assert records[2]["chosen"] == "avantages" and records[3]["helpful"] is False
