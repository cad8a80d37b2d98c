from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import faqbot
from faqbot.commands.session import (
    GOODBYE,
    NOT_FOUND,
    SessionState,
    respond,
    welcome_text,
)
from faqbot.text.smalltalk import small_talk


@pytest.fixture
def state(matcher: faqbot.Matcher) -> SessionState:
    return SessionState(matcher)


def test_a_question_gets_its_entry(state: SessionState) -> None:
    reply = respond("  c'est quoi LLaMA ?  ", state)
    assert reply.kind == "answer"
    assert reply.entry is not None and reply.entry.id == "llama"
    assert reply.text == reply.entry.answer
    assert not reply.exit


def test_an_unsure_question_offers_numbered_choices_and_a_number_answers(
    state: SessionState,
) -> None:
    reply = respond("quels sont les avantages de la retraite", state)
    assert reply.kind == "suggestions"
    assert reply.text.startswith("Je ne suis pas sûr d'avoir compris. Vouliez-vous dire…")
    assert "  1. Quels sont les avantages de l'open source pour Meta ?" in reply.text
    assert 1 <= len(reply.state.offered) <= 3
    picked = respond("1", reply.state)
    assert picked.kind == "answer"
    assert picked.entry == reply.state.offered[0]


def test_nothing_close_points_to_the_list(state: SessionState) -> None:
    reply = respond("xqzw plorb", state)
    assert reply.kind == "unknown"
    assert reply.text == NOT_FOUND
    assert "/liste" in reply.text


def test_list_numbers_the_questions_and_numbers_follow_it(state: SessionState) -> None:
    listed = respond("/liste", state)
    assert listed.kind == "list"
    lines = listed.text.splitlines()
    assert lines[0] == "  1. Qu'est-ce que LLaMA ?"
    assert len(lines) == 5
    assert respond("4", listed.state).entry.id == "risques"  # type: ignore[union-attr]


def test_a_number_out_of_range_is_explained(state: SessionState) -> None:
    reply = respond("9", respond("/liste", state).state)
    assert reply.kind == "error"
    assert "de 1 à 5" in reply.text


def test_a_number_with_no_list_shown_asks_for_one(state: SessionState) -> None:
    reply = respond("1", state)
    assert reply.kind == "error"
    assert "tapez /liste" in reply.text


def test_a_plain_unknown_forgets_the_list_shown_before(state: SessionState) -> None:
    shown = respond("avantages de la retraite", state)
    assert shown.kind == "suggestions"
    forgot = respond("xqzw plorb", shown.state)
    assert forgot.kind == "unknown"
    assert respond("1", forgot.state).kind == "error"


@pytest.mark.parametrize("line", ["2", "2 ?", "la 2", "n°2", "numéro 2", "#2", " 2. "])
def test_a_number_as_people_type_it(state: SessionState, line: str) -> None:
    listed = respond("/liste", state).state
    reply = respond(line, listed)
    assert reply.kind == "answer"
    assert reply.entry == state.matcher.faq.entries[1]


def test_a_pasted_huge_number_leaves_the_session_running(state: SessionState) -> None:
    listed = respond("/liste", state).state
    reply = respond("9" * 4301, listed)
    assert reply.kind == "error"
    assert len(reply.text) < 200


@pytest.mark.parametrize("line", ["/quitter", "quit", "exit", "QUIT", "/quit"])
def test_quit_words_end_the_session(state: SessionState, line: str) -> None:
    reply = respond(line, state)
    assert reply.exit
    assert reply.text == GOODBYE


def test_help_lists_the_commands(state: SessionState) -> None:
    text = respond("/aide", state).text
    for command in ("/liste", "/aide", "/quitter", "Ctrl-D", "Ctrl-C"):
        assert command in text


def test_unknown_command(state: SessionState) -> None:
    reply = respond("/foo bar", state)
    assert reply.kind == "error"
    assert "/foo" in reply.text


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Bonjour !", "greeting"),
        ("salut", "greeting"),
        ("bonjour à tous", "greeting"),
        ("Merci beaucoup !", "thanks"),
        ("ok merci", "thanks"),
        ("thanks", "thanks"),
        ("Au revoir", "goodbye"),
        ("bonne journée", "goodbye"),
    ],
)
def test_small_talk_gets_a_polite_reply_never_an_answer(
    state: SessionState, line: str, kind: str
) -> None:
    assert small_talk(line) == kind
    reply = respond(line, state)
    assert reply.entry is None
    assert reply.kind in ("small-talk", "goodbye")
    assert reply.exit == (kind == "goodbye")


def test_a_greeting_with_a_question_is_a_question(state: SessionState) -> None:
    reply = respond("bonjour, c'est quoi llama ?", state)
    assert reply.entry is not None and reply.entry.id == "llama"


def test_empty_lines_say_nothing(state: SessionState) -> None:
    reply = respond("   ", state)
    assert reply.kind == "empty" and reply.text == ""


def test_misses_are_flagged(state: SessionState) -> None:
    assert respond("quels sont les avantages de la retraite", state).is_miss
    assert respond("xqzw", state).is_miss
    assert not respond("llama", state).is_miss
    assert not respond("/liste", state).is_miss


def test_a_number_out_of_a_single_suggestion(state: SessionState) -> None:
    offered = respond("retraite et avantages sociaux", state)
    assert len(offered.state.offered) == 1
    # One suggestion: no other to pick by its number.
    assert offered.text.endswith("Tapez Entrée ou « oui » pour celle-ci.")
    assert "tapez 1, ou /liste" in respond("7", offered.state).text


@pytest.mark.parametrize("line", ["²", "½", "3²", "99999999999999999999"])
def test_odd_numbers_never_break_the_session(state: SessionState, line: str) -> None:
    assert respond(line, state).kind in ("error", "unknown", "suggestions")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_line_gets_a_reply(matcher: faqbot.Matcher, line: str) -> None:
    reply = respond(line, SessionState(matcher))
    kinds = {"empty", "answer", "suggestions", "unknown", "list", "help"}
    assert reply.kind in kinds | {"small-talk", "feedback", "error", "goodbye"}
    # Only an empty line (or « oui » with nothing offered) gets no words back.
    assert reply.kind == "empty" or reply.text.strip()
    assert reply.state.matcher is matcher


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("merci beaucoup, c'était très clair", "small-talk"),
        ("merci pour l'info", "small-talk"),
        ("je te remercie", "small-talk"),
        ("ça marche, merci", "small-talk"),
        ("Merci infiniment pour votre aide !", "small-talk"),
        ("bonjour, j'ai une question", "small-talk"),
        ("bonne journée", "goodbye"),
        ("au revoir", "goodbye"),
        ("bye", "goodbye"),
    ],
)
def test_everyday_politeness_is_small_talk(state: SessionState, line: str, kind: str) -> None:
    assert respond(line, state).kind == kind


@pytest.mark.parametrize("ending", [" merci d'avance", " Je vous remercie.", " merci par avance !"])
def test_politeness_around_a_question_does_not_weaken_it(state: SessionState, ending: str) -> None:
    for entry in state.matcher.faq.entries:
        reply = respond(entry.question + ending, state)
        assert reply.kind == "answer" and reply.entry == entry


def test_a_custom_faq_speaks_of_itself() -> None:
    faq = faqbot.parse_faq(
        "title: Boulangerie du Marché\nwelcome: Bonjour, chers clients !\n"
        "entries:\n  - {id: a, question: Êtes-vous ouverts le lundi ?, answer: Non.}\n"
        "  - {id: b, question: Livrez-vous ?, answer: Oui.}\n"
    )
    state = SessionState(faqbot.Matcher(faq))
    welcome = welcome_text(faq)
    assert welcome.startswith("Boulangerie du Marché\nBonjour, chers clients !")
    assert "LLaMA" not in welcome and "anglais" not in welcome
    assert "« Livrez-vous ? »" in respond("/aide", state).text
    assert "LLaMA" not in respond("/aide", state).text


def test_suggestions_end_without_a_doubled_question_mark(state: SessionState) -> None:
    from faqbot.reply import as_text, reply_to

    reply = reply_to("avantages de la retraite", state.matcher)
    text = as_text(reply, list_command="faqbot list")
    assert "? » ?" not in text and "?» ?" not in text
    assert text.endswith("»")


def test_enter_or_oui_takes_the_first_suggestion_and_the_pick_is_recorded(
    state: SessionState,
) -> None:
    question = "Pourquoi l'open source est-il avantageux pour Meta ?"
    offered = respond(question, state)
    assert offered.kind == "suggestions" and "Entrée" in offered.text
    first = offered.state.offered[0]
    for answer in ("", "oui", "Oui"):
        picked = respond(answer, offered.state)
        assert picked.kind == "answer" and picked.entry == first
        assert picked.pick == (question, first.id)
    second = respond("2", offered.state)
    assert second.pick == (question, offered.state.offered[1].id)
    # A pick from the list of all questions is no pick for a question.
    listed = respond("/liste", state)
    assert respond("1", listed.state).pick is None
    # Enter with nothing offered is nothing.
    assert respond("", state).kind == "empty"


def test_non_after_an_answer_is_recorded_as_unhelpful(state: SessionState) -> None:
    answered = respond("c'est quoi llama ?", state)
    reply = respond("non", answered.state)
    assert reply.kind == "feedback"
    assert reply.feedback == ("c'est quoi llama ?", "llama", False)
    assert respond("non", reply.state).feedback is None  # said once
    offered = respond("avantages de la retraite", state)
    declined = respond("non", offered.state)
    assert declined.feedback is None and not declined.state.offered


def test_no_says_it_is_noted_only_when_a_log_records_it(matcher: faqbot.Matcher) -> None:
    for recording in (False, True):
        state = SessionState(matcher, recording=recording)
        answered = respond("c'est quoi llama ?", state)
        assert answered.kind == "answer"
        reply = respond("non", answered.state)
        assert reply.feedback is not None
        assert ("c'est noté" in reply.text) is recording


def test_an_answer_keeps_a_number_with_its_unit_on_one_line() -> None:
    faq = faqbot.parse_faq(
        "entries:\n  - {id: prix, question: Combien coûte le permis ?,"
        " answer: Le forfait est à 1 590 € (45 € par heure de conduite en plus).}\n"
    )
    state = SessionState(faqbot.Matcher(faq))
    reply = respond("Combien coûte le permis ?", state)
    assert reply.kind == "answer"
    assert "1\u00a0590\u00a0€" in reply.text and "(45\u00a0€" in reply.text
    assert faq.entries[0].answer.count("\u00a0") == 0
    from faqbot.text.wrapping import wrap

    for width in range(20, 60):
        for line in wrap(reply.text, width=width).splitlines():
            assert not line.rstrip().endswith(("1", "45", "(45")), (width, line)


FALLBACK_FAQ = """\
fallback: Appelez-nous au 02 40 00 00 00.
entries:
  - {id: horaires, question: Quels sont vos horaires ?, answer: De 9 h à 18 h.}
  - {id: tarifs, question: Quels sont vos tarifs ?, answer: 10 € la séance.}
"""


def test_the_fallback_is_said_when_nothing_fits_on_every_front_end() -> None:
    from faqbot.reply import as_record, as_text, reply_to

    matcher = faqbot.Matcher(faqbot.parse_faq(FALLBACK_FAQ))
    reply = respond("xqzw plorb", SessionState(matcher))
    assert reply.kind == "unknown" and "Appelez-nous au 02\u00a040" not in reply.text
    assert "Appelez-nous au 02 40 00 00 00." in reply.text
    said = reply_to("xqzw plorb", matcher)
    assert "Appelez-nous" in as_text(said, list_command="faqbot list")
    assert as_record(said)["fallback"] == "Appelez-nous au 02 40 00 00 00."
    answered = reply_to("Quels sont vos horaires ?", matcher)
    assert as_record(answered)["fallback"] is None
    assert "Appelez-nous" not in as_text(answered, list_command="faqbot list")


def test_an_faq_without_fallback_says_what_it_said_before() -> None:
    matcher = faqbot.Matcher(faqbot.parse_faq(FALLBACK_FAQ.split("\n", 1)[1]))
    reply = respond("xqzw plorb", SessionState(matcher))
    assert reply.text == (
        "Je ne sais pas répondre à cette question. "
        "Tapez /liste pour voir les questions auxquelles je sais répondre."
    )
