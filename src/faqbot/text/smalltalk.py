"""Small talk: greetings, thanks and farewells, told apart from questions.

A line of small talk gets a polite reply, never an FAQ answer. Politeness
around a question ("… merci d'avance") leaves it a question.

>>> small_talk("merci beaucoup, c'était très clair")
'thanks'
>>> small_talk("merci, et c'est quoi llama ?") is None
True
"""

from __future__ import annotations

from faqbot.text.lexicon import SMALL_TALK, SMALL_TALK_WORDS, STOP_WORDS
from faqbot.text.normalize import raw_words
from faqbot.text.query import Query

REPLIES = {
    "greeting": "Bonjour ! Posez-moi une question sur la FAQ.",
    "thanks": "Avec plaisir ! Une autre question ?",
    "goodbye": "Au revoir !",
}
"""Replies where there are no commands to mention: ``faqbot ask`` and the web."""


_WINDOWS = tuple(range(max(len(key.split()) for key in SMALL_TALK), 0, -1))
"""Word counts of the small-talk phrases, longest first."""


def small_talk(text: str | Query) -> str | None:
    """Return greeting, thanks or goodbye when ``text`` is only that, else None.

    Besides its greetings, thanks and farewells, a line of small talk may
    only hold empty words and words of satisfaction ("merci beaucoup, c'était
    très clair").
    """
    words = list(text.words) if isinstance(text, Query) else raw_words(text)
    kinds = set()
    i = 0
    while i < len(words):
        for size in _WINDOWS:
            kind = SMALL_TALK.get(" ".join(words[i : i + size]))
            if kind is not None:
                if kind:
                    kinds.add(kind)
                i += size
                break
        else:
            if words[i] not in STOP_WORDS and words[i] not in SMALL_TALK_WORDS:
                return None
            i += 1
    if not kinds:
        return None
    for kind in ("goodbye", "thanks", "greeting"):
        if kind in kinds:
            return kind
    return None
