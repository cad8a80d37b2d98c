"""What the interactive session says: one line and a state in, a reply out.

Nothing here reads the terminal or prints; :mod:`faqbot.commands.repl` does that.

>>> from faqbot import Matcher, load_faq
>>> state = SessionState(Matcher(load_faq()))
>>> reply = respond("c'est quoi llama ?", state)
>>> reply.kind, reply.entry.id
('answer', 'llama')
>>> respond("/quitter", state).exit
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from faqbot.faqfile.faq import FAQ, Entry
from faqbot.matching.matcher import Match, Matcher
from faqbot.reply import reply_to
from faqbot.text.display import typeset
from faqbot.text.smalltalk import REPLIES

# A number picked from a list, as people type it: "2", "2 ?", "la 3", "n°3", "#4".
_NUMBER = re.compile(r"(?:(?:la|le|n°|no\.?|num[ée]ro|#)\s*)?([0-9]+)\s*[.?!]*")

QUIT_WORDS = frozenset({"/quitter", "quitter", "/quit", "quit", "/exit", "exit", "/q"})
HELP_WORDS = frozenset({"/aide", "aide", "/help", "help", "?", "/?"})
LIST_WORDS = frozenset({"/liste", "liste", "/list", "list", "/questions"})
COMMANDS = ("/aide", "/liste", "/quitter")

DEFAULT_WELCOME = "Bonjour ! Je réponds aux questions de cette FAQ."
HOW_TO = (
    "Posez votre question, tapez /liste pour voir les questions, /aide pour l'aide, "
    "et /quitter ou Ctrl-D pour partir."
)
HELP = (
    "Posez une question avec vos mots, par exemple « {example} ».\n"
    "Commandes :\n"
    "  /liste    les questions auxquelles je sais répondre, numérotées\n"
    "  1, 2, …   la réponse à la question de ce numéro dans la dernière liste\n"
    "  Entrée    après « Vouliez-vous dire… », la réponse à la première question\n"
    "  non       après une réponse qui ne vous aide pas : reformulez, c'est noté\n"
    "  /aide     cette aide\n"
    "  /quitter  partir (aussi quit, exit, au revoir ou Ctrl-D)\n"
    "Tab complète les questions ; Ctrl-C efface la ligne."
)
GOODBYE = REPLIES["goodbye"]
NO_LIST = "Ce numéro ne renvoie à aucune liste : tapez /liste pour voir les questions numérotées."
NOT_FOUND_FIRST = "Je ne sais pas répondre à cette question."
SEE_THE_LIST = "Tapez /liste pour voir les questions auxquelles je sais répondre."
NOT_FOUND = f"{NOT_FOUND_FIRST} {SEE_THE_LIST}"
DID_YOU_MEAN = "Je ne suis pas sûr d'avoir compris. Vouliez-vous dire…"
PICK_A_NUMBER = "Tapez Entrée ou « oui » pour la première, ou le numéro d'une autre."
PICK_THE_ONE = "Tapez Entrée ou « oui » pour celle-ci."
NOT_HELPFUL = (
    "Merci, c'est noté. Reformulez votre question avec d'autres mots, "
    "ou tapez /liste pour voir les questions."
)
NOT_HELPFUL_UNRECORDED = (
    "Désolé. Reformulez votre question avec d'autres mots, ou tapez /liste pour voir les questions."
)
NONE_OF_THESE = "D'accord. Reformulez votre question, ou tapez /liste pour voir les questions."
YES_WORDS = frozenset({"oui", "yes", "o", "ouais", "oui merci", "oui svp", "oui stp"})
NO_WORDS = frozenset(
    {"non", "no", "nan", "pas utile", "non merci", "ce n'est pas ça", "c'est pas ça", "faux"}
)
SMALL_TALK_REPLIES = {
    **REPLIES,
    "greeting": "Bonjour ! Posez-moi une question sur la FAQ, ou tapez /liste.",
}


@dataclass(frozen=True, slots=True)
class SessionState:
    """The matcher, the entries of the last numbered list shown and the
    question that list was offered for (``None`` for the list of all
    questions), and the last question answered with its entry. ``recording``
    is true when what the user says of an answer goes to a log."""

    matcher: Matcher
    offered: tuple[Entry, ...] = ()
    asked: str | None = None
    answered: tuple[str, Entry] | None = None
    recording: bool = False


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn of the conversation: what to show for one line, and the state
    for the next line (the reply layer's :class:`faqbot.reply.Reply`, put into words).

    ``kind`` is one of: empty, answer, suggestions, unknown, list, help,
    small-talk, feedback, error, goodbye. ``exit`` is true when the session
    ends. ``pick`` is (question, entry id) when the user chose an entry
    offered for a question; ``feedback`` is (question, entry id, helpful)
    when they said whether an answer helped: both are for the log.
    """

    kind: str
    text: str
    state: SessionState
    entry: Entry | None = None
    choices: tuple[Match, ...] = field(default=())
    exit: bool = False
    pick: tuple[str, str] | None = None
    feedback: tuple[str, str, bool] | None = None

    @property
    def is_miss(self) -> bool:
        """True for a question that got no sure answer."""
        return self.kind in ("suggestions", "unknown")


def respond(line: str, state: SessionState) -> Turn:
    """Turn one line typed by the user into a reply."""
    text = line.strip()
    turn = _command(text, text.lower(), state)
    if turn is not None:
        return turn
    said = reply_to(text, state.matcher)
    small_talk = said.small_talk
    if small_talk is not None:
        return Turn(
            "small-talk" if small_talk != "goodbye" else "goodbye",
            SMALL_TALK_REPLIES[small_talk],
            state,
            exit=small_talk == "goodbye",
        )
    hit = said.match
    # A number typed next refers to the list shown last, if the reply shows one.
    cleared = replace(state, offered=(), asked=None, answered=None)
    if hit is not None:
        answered = replace(cleared, answered=(text, hit.entry))
        return Turn("answer", typeset(hit.entry.answer), answered, entry=hit.entry, choices=(hit,))
    close = said.suggestions
    fallback = typeset(said.fallback) if said.fallback else None
    if close:
        offered = tuple(m.entry for m in close)
        hint = PICK_A_NUMBER if len(offered) > 1 else PICK_THE_ONE
        body = f"{DID_YOU_MEAN}\n{numbered(e.question for e in offered)}\n{hint}"
        if fallback:
            body += f"\nSinon : {fallback}"
        waiting_state = replace(cleared, offered=offered, asked=text)
        return Turn("suggestions", body, waiting_state, choices=close)
    if fallback:
        return Turn("unknown", f"{NOT_FOUND_FIRST} {fallback}\n{SEE_THE_LIST}", cleared)
    return Turn("unknown", NOT_FOUND, cleared)


def _command(text: str, command: str, state: SessionState) -> Turn | None:
    """The reply to a line that is no question: empty, « oui », « non », a
    number, a command; ``None`` for a question."""
    waiting = bool(state.offered) and state.asked is not None
    if not text or command in YES_WORDS:
        # Enter, or « oui », takes the first question offered, when there is one.
        if waiting:
            return _pick("1", state)
        if not text:
            return Turn("empty", "", state)
    if command in NO_WORDS:
        refused = _refused(state, waiting=waiting)
        if refused is not None:
            return refused
    if command in QUIT_WORDS:
        return Turn("goodbye", GOODBYE, state, exit=True)
    if command in HELP_WORDS:
        return Turn("help", help_text(state.matcher.faq), state)
    if command in LIST_WORDS:
        entries = state.matcher.faq.entries
        listed = replace(state, offered=entries, asked=None, answered=None)
        return Turn("list", numbered(e.question for e in entries), listed)
    picked = _NUMBER.fullmatch(command)
    if picked is not None:
        return _pick(picked.group(1), state)
    if text.startswith("/"):
        return Turn("error", f"Commande inconnue : {text.split()[0]}. Tapez /aide.", state)
    return None


def _refused(state: SessionState, *, waiting: bool) -> Turn | None:
    """« non » after an answer (feedback) or after suggestions (none fits)."""
    if state.answered is not None:
        question, entry = state.answered
        return Turn(
            "feedback",
            NOT_HELPFUL if state.recording else NOT_HELPFUL_UNRECORDED,
            replace(state, answered=None, offered=()),
            feedback=(question, entry.id, False),
        )
    if waiting:
        return Turn("feedback", NONE_OF_THESE, replace(state, offered=(), asked=None))
    return None


def _pick(digits: str, state: SessionState) -> Turn:
    offered = state.offered
    if not offered:
        return Turn("error", NO_LIST, state)
    number = int(digits) if len(digits) <= 6 else 0  # a pasted huge number is out of range
    if not 1 <= number <= len(offered):
        choices = "1" if len(offered) == 1 else f"un nombre de 1 à {len(offered)}"
        shown = digits if len(digits) <= 12 else digits[:12] + "…"
        message = f"Il n'y a pas de question n° {shown} : tapez {choices}, ou /liste."
        return Turn("error", message, state)
    entry = offered[number - 1]
    asked = state.asked
    if asked is None:  # from the list of all questions: no pick to log
        return Turn("answer", typeset(entry.answer), replace(state, answered=None), entry=entry)
    # The question is answered: a number typed next refers to no list.
    after = replace(state, offered=(), asked=None, answered=(asked, entry))
    return Turn("answer", typeset(entry.answer), after, entry=entry, pick=(asked, entry.id))


def welcome_text(faq: FAQ) -> str:
    """The greeting of a session on ``faq``: its title and welcome line, if it has them."""
    lines = [faq.title] if faq.title else []
    lines += [faq.welcome or DEFAULT_WELCOME, HOW_TO]
    return "\n".join(lines)


def help_text(faq: FAQ) -> str:
    """The help, with an example question from ``faq``: its shortest question."""
    example = min((e.question for e in faq.entries), key=len, default="…")
    return HELP.format(example=example)


def numbered(questions: Iterable[str]) -> str:
    """Number questions from 1, one per line."""
    return "\n".join(f"  {i}. {q}" for i, q in enumerate(questions, start=1))
