"""Scoring a query: the entries that rank first, each with its coverage.

Ranking uses the learned entry vectors (:mod:`faqbot.matching.index`,
:mod:`faqbot.matching.weights`); each candidate then gets its coverage
(:mod:`faqbot.matching.coverage`), the score that says whether it is a sure answer.

>>> from faqbot import parse_faq
>>> from faqbot.matching.index import Index
>>> faq = parse_faq('''
... entries:
...   - {id: a, question: Comment garer sa voiture ?, answer: Doucement.}
...   - {id: b, question: Comment laver son chien ?, answer: À l'eau.}
... ''')
>>> best = rank(Index(faq), "comment garer ma voiture", limit=1)[0]
>>> best.entry, best.coverage
(0, 100.0)
"""

from __future__ import annotations

import heapq
from typing import NamedTuple

from faqbot.matching.features import is_content
from faqbot.matching.index import Index
from faqbot.text.query import Query, read_query


class Candidate(NamedTuple):
    """An entry (its index in the FAQ) for a query.

    ``closeness`` (0 to 100) orders candidates: how close the query is to
    the entry's learned vector. ``coverage`` (0 to 100) is how fully the
    entry's closest ``phrasing`` covers the query, ``from_answer`` when that
    is the entry's answer. ``exact`` when the query is one of the entry's
    phrasings, once normalized: that entry comes first. ``off_topic`` when
    ``entry`` is not an entry but the off-topic questions of one
    (:mod:`faqbot.matching.off_topic`): it never answers. ``by_answer`` and
    ``by_phrasings`` (0 to 100) are the coverage by the entry's answer alone
    and by its questions and variants alone: ``coverage`` is the larger.
    """

    entry: int
    closeness: float
    coverage: float
    phrasing: str
    from_answer: bool
    exact: bool = False
    off_topic: bool = False
    by_answer: float = 0.0
    by_phrasings: float = 0.0


class Ranking(NamedTuple):
    """The candidates for a query, closest first, with the count of its
    content words the FAQ knows and the weighted count of those it does not."""

    candidates: list[Candidate]
    content_words: int
    unknown: float


def rank(index: Index, query: str | Query, *, limit: int) -> list[Candidate]:
    """The ``limit`` entries closest to ``query``, closest first."""
    return ranking(index, query, limit=limit).candidates


def ranking(index: Index, query: str | Query, *, limit: int) -> Ranking:
    """Rank ``query``: the ``limit`` entries closest to it, and its word counts."""
    query = read_query(query)
    read = index.vocabulary.query_terms(query, index.entries_with)
    content_words = sum(1 for term in read.terms if is_content(term))
    if limit <= 0:
        return Ranking([], content_words, read.unknown)
    scores = index.scores(index.vector_of(read.terms, read.unknown))
    closest = [e for e in heapq.nlargest(limit, scores, key=scores.__getitem__) if scores[e] > 0]
    exact = index.exact_entry(query)
    if exact is not None:
        closest = [exact, *(e for e in closest if e != exact)][:limit]
    coverage = index.coverage
    candidates = []
    for entry in closest:
        covered = coverage.best(read, index.phrasings_of(entry))
        candidates.append(
            Candidate(
                entry,
                round(min(max(100.0 * scores.get(entry, 0.0), 0.0), 100.0), 2),
                round(min(100.0 * covered.score, 100.0), 2),
                covered.text,
                covered.is_answer,
                entry == exact,
                index.is_off_topic(entry),
                round(min(100.0 * covered.by_answer, 100.0), 2),
                round(min(100.0 * covered.by_phrasings, 100.0), 2),
            )
        )
    return Ranking(candidates, content_words, read.unknown)
