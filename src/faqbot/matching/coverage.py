"""Coverage: how fully one entry's closest phrasing explains a query.

Ranking (:mod:`faqbot.matching.index`) weighs words by how well they tell entries
apart, so the words every entry shares, the FAQ's topic, weigh little there.
Whether a question is about the FAQ at all is another matter: "Quels sont
les avantages de Linux ?" shares its best word with an FAQ entry about the
advantages of open source, and misses its topic. A phrasing covers a query
well when its words explain most of the query's words, with almost flat
weights and the words the FAQ does not know counted against it, and when the
query has most of what sets the phrasing apart, its rarer words and its kind
of question weighing more: "Qu'est-ce que l'IA open source ?" has all the
words of "Quel avenir pour l'IA open source ?" but the one that matters.

An answer's words may make its entry a suggestion, never a sure answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Iterable
from typing import NamedTuple

from faqbot.matching.features import FRAME_MARK, QueryTerms, is_content

FLAT_SHARE = 0.7
"""The share of a word's weight in explaining the query that is the same for every word.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
UNKNOWN_FACTOR = 2.0
"""How much a word the FAQ does not know weighs, against the FAQ's rarest word.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
QUERY_SIDE = 0.5
"""Balance between explaining the query (1) and covering the phrasing (0).
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
FRAME_MISMATCH = 0.7
"""Factor for a query and a phrasing that ask different kinds of question.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
FRAME_MISSING = 0.95
"""Factor when only one of them says what kind of question it asks.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
ANSWER_FACTOR = 0.74
ANSWER_SPAN = 3.0
"""An answer is long: covering this many of its rarest words is enough.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""


class Phrasing(NamedTuple):
    text: str
    terms: frozenset[str]
    frames: frozenset[str]
    total: float
    is_answer: bool


class Covered(NamedTuple):
    """The coverage of an entry (0 to 1), whether it comes from its answer,
    and the text of its question or variant that covers the query best
    (empty when none shares a word with it); then the coverage by its answer
    alone, and by its questions and variants alone."""

    score: float
    text: str
    is_answer: bool
    by_answer: float = 0.0
    by_phrasings: float = 0.0


class Computed(dict[str, float]):
    """Weights of the terms of ``counts`` that ``keeps``, each computed from
    its count when first asked for: a query reads a few of a large FAQ's
    terms, and computing them all took 0.3 s of a cached 100,000-entry start."""

    def __init__(
        self,
        counts: dict[str, int],
        weight: Callable[[str, int], float],
        keeps: Callable[[str], bool] = lambda term: True,
    ) -> None:
        super().__init__()
        self._counts = counts
        self._weight = weight
        self._keeps = keeps

    def __missing__(self, term: str) -> float:
        count = self._counts.get(term)
        if not count or not self._keeps(term):
            raise KeyError(term)
        found = self[term] = self._weight(term, count)
        return found

    def __contains__(self, term: object) -> bool:
        return dict.__contains__(self, term) or (
            isinstance(term, str) and term in self._counts and self._keeps(term)
        )

    def get(self, term: str, default: float | None = None) -> float | None:  # type: ignore[override]
        try:
            return self[term]
        except KeyError:
            return default


class OwnTerms:
    """The content terms that only one entry uses, read from the counts when asked."""

    def __init__(self, counts: dict[str, int]) -> None:
        self._counts = counts

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self._counts.get(term) == 1 and is_content(term)


class Coverage:
    """Coverage weights of one FAQ's words, and the phrasings of its entries."""

    def __init__(self, entry_counts: dict[str, int], entries: int, *, lazy: bool = False) -> None:
        """``lazy`` computes each term's weights when first asked for: for an
        index read back from the cache, whose queries read a few of its terms."""
        count = max(entries, 1)
        self.max_weight = math.log(1 + count)
        flat = self.max_weight * FLAT_SHARE

        def weight(term: str, n: int) -> float:
            return flat + (1 - FLAT_SHARE) * math.log(1 + count / n)

        def phrasing_weight(term: str, n: int) -> float:
            return math.log(1 + count / n)

        def counts_in_phrasings(term: str) -> bool:
            return is_content(term) or term.startswith(FRAME_MARK)

        self.weights: dict[str, float]
        self.phrasing_weights: dict[str, float]
        self.own_terms: Container[str]
        """Content terms that only one entry uses."""
        if lazy:
            self.weights = Computed(entry_counts, weight, is_content)
            self.phrasing_weights = Computed(entry_counts, phrasing_weight, counts_in_phrasings)
            self.own_terms = OwnTerms(entry_counts)
            return
        self.weights = {
            term: weight(term, n) for term, n in entry_counts.items() if is_content(term)
        }
        self.phrasing_weights = {
            term: phrasing_weight(term, n)
            for term, n in entry_counts.items()
            if counts_in_phrasings(term)
        }
        self.own_terms = frozenset(t for t, n in entry_counts.items() if n == 1 and is_content(t))

    def phrasing(self, text: str, terms: Iterable[str], *, is_answer: bool = False) -> Phrasing:
        """Prepare one phrasing (or answer) of an entry from its terms."""
        content = frozenset(t for t in terms if t in self.weights)
        frames = frozenset(t for t in terms if t.startswith(FRAME_MARK))
        total = sum(self.phrasing_weights[t] for t in (*content, *frames))
        if is_answer:
            total = min(total, ANSWER_SPAN * self.max_weight)
        return Phrasing(text, content, frames, total, is_answer)

    def query_total(self, read: QueryTerms) -> float:
        """The weight a phrasing must explain: the query's words, unknown ones included."""
        weights = self.weights
        known = sum(weights.get(t, self.max_weight) for t in read.terms if is_content(t))
        return known + read.unknown * UNKNOWN_FACTOR * self.max_weight

    def best(self, read: QueryTerms, phrasings: Iterable[Phrasing]) -> Covered:
        """The phrasing that covers the query best, and how well."""
        query_total = self.query_total(read)
        best = Covered(0.0, "", False)
        if query_total <= 0:
            return best
        weights = self.weights
        content = [(t, sure) for t, sure in read.terms.items() if t in weights]
        frames = frozenset(t for t in read.terms if t.startswith(FRAME_MARK))
        phrasings = list(phrasings)
        # A query word that only this entry uses, in another of its phrasings,
        # is explained too: "horaires du dimanche" for "Quels sont vos horaires ?"
        # and "Êtes-vous ouverts le dimanche ?".
        own = [
            (t, sure)
            for t, sure in content
            if t in self.own_terms and any(t in p.terms for p in phrasings if not p.is_answer)
        ]
        phrasing_weights = self.phrasing_weights
        best_phrasing = 0.0
        for phrasing in phrasings:
            found = [(t, sure) for t, sure in content if t in phrasing.terms]
            matched = sum(weights[t] * sure for t, sure in found)
            if matched <= 0 or phrasing.total <= 0:
                continue
            covered = sum(phrasing_weights[t] * sure for t, sure in found)
            covered += sum(phrasing_weights[t] for t in frames & phrasing.frames)
            if own and not phrasing.is_answer:
                elsewhere = sum(weights[t] * sure for t, sure in own if t not in phrasing.terms)
            else:
                elsewhere = 0.0
            query_recall = min((matched + elsewhere) / query_total, 1.0)
            phrasing_recall = min(covered / phrasing.total, 1.0)
            score = query_recall**QUERY_SIDE * phrasing_recall ** (1 - QUERY_SIDE)
            if phrasing.is_answer:
                score *= ANSWER_FACTOR
            elif frames and phrasing.frames:
                score *= 1.0 if frames & phrasing.frames else FRAME_MISMATCH
            elif frames or phrasing.frames:
                score *= FRAME_MISSING
            if score > best.score:
                best = best._replace(score=score, is_answer=phrasing.is_answer)
            if phrasing.is_answer:
                best = best._replace(by_answer=max(best.by_answer, score))
            elif score > best_phrasing:
                best_phrasing = score
                best = best._replace(text=phrasing.text, by_phrasings=score)
        return best
