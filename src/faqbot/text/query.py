"""A question as read once: its text, its folded words and their analysis.

Every stage that needs to read a question (small talk, the features, the
exact-phrasing check) reads this one object, so a question is split and
analysed once, however many stages look at it.

>>> query = read_query("Salut, c'est quoi LLaMA ?")
>>> query.words
('salut', 'c', 'est', 'quoi', 'llama')
>>> query.analysis.words
('llama',)
"""

from __future__ import annotations

from typing import NamedTuple

from faqbot.text.normalize import Analysis, analyze_words, raw_words


class Query(NamedTuple):
    """A question's text, its words (:func:`~faqbot.text.normalize.raw_words`) and
    their analysis (:func:`~faqbot.text.normalize.analyze`)."""

    text: str
    words: tuple[str, ...]
    analysis: Analysis


def read_query(text: str | Query) -> Query:
    """Read ``text`` once; a :class:`Query` already read is returned as it is."""
    if isinstance(text, Query):
        return text
    words = raw_words(text)
    return Query(text, tuple(words), analyze_words(words))
