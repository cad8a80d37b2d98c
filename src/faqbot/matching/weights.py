"""Learning what tells entries apart, the matcher's third stage.

An entry's vector starts as the sum of its phrasings. Then each phrasing is
asked as a question, with itself left out of its entry: when another entry
comes too close, the phrasing's terms are added to its own entry and taken
from the rival. This is an averaged perceptron started from the centroids; it
learns, from the FAQ's own phrasings, which words separate neighbours, which
plain inverse document frequency cannot.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from random import Random
from typing import NamedTuple

from faqbot.matching.index import Index, Vector
from faqbot.support.progress import Progress, every

EPOCHS = 5
LEARNING_RATE = 0.05
MARGIN = 0.1
"""How far ahead of its nearest rival a left-out phrasing should score.
Measured by ``python -m benchmarks.bench_general --phrasings 5``."""
MAX_STEPS = 4000
"""Phrasings asked in all epochs together; a larger FAQ learns from a sample.
Measured by ``python -m benchmarks.bench_matcher``."""
LARGE_FAQ = 2000
LARGE_FAQ_STEPS = 1500
"""An FAQ of more than LARGE_FAQ phrasings, slower to ask, learns from fewer, to load fast.
Measured by ``python -m benchmarks.bench_matcher``."""
_COMMON_MIN_ENTRIES = 32
_COMMON_SHARE = 0.01
_RIVALS = 32
"""Entries, found through rarer terms, that common terms are then added to.
Measured by ``python -m benchmarks.bench_matcher``."""


class Example(NamedTuple):
    """A phrasing asked as a question, as if it were not in the FAQ."""

    entry: int
    phrasing: Vector
    query: Vector


def example(index: Index, entry: int, terms: list[str]) -> Example:
    phrasing = index.phrasing_vector(terms)
    # Terms that only this phrasing has would be unknown without it: they
    # leave the query but keep their share of its norm.
    query = {t: w for t, w in phrasing.items() if index.phrasing_counts[t] > 1}
    return Example(entry, phrasing, query)


def examples_of(
    index: Index, *, limit: int, rng: Random, memo: dict[str, list[str]] | None = None
) -> list[Example]:
    """Up to ``limit`` phrasings, drawn evenly, from entries that have at least two.

    ``memo`` holds the terms of texts the index was built from, when kept.
    """
    memo = memo or {}
    vocabulary = index.vocabulary
    chosen = [
        (number, text)
        for number, entry in enumerate(index.faq.entries)
        if len(entry.phrasings) > 1
        for text in entry.phrasings
    ]
    if len(chosen) > limit:
        chosen = rng.sample(chosen, limit)
    return [
        example(index, number, memo.get(text) or vocabulary.phrasing_terms(text, learn=False))
        for number, text in chosen
    ]


def refine(
    index: Index,
    *,
    epochs: int = EPOCHS,
    rate: float = LEARNING_RATE,
    margin: float = MARGIN,
    max_steps: int | None = None,
    seed: int = 0,
    memo: dict[str, list[str]] | None = None,
    progress: Progress | None = None,
) -> int:
    """Refine ``index``'s entry vectors in place; return the number of updates.

    ``memo`` holds the terms of the texts ``index`` was built from, if kept.
    """

    rng = Random(seed)
    if max_steps is None:
        phrasings = sum(len(entry.phrasings) for entry in index.faq.entries)
        max_steps = MAX_STEPS if phrasings <= LARGE_FAQ else LARGE_FAQ_STEPS
    examples = examples_of(index, limit=max(max_steps // epochs, 1), rng=rng, memo=memo)
    if not examples or len(index.entry_vectors) < 2:
        return 0
    centroids = index.centroids
    weights = [dict(vector) for vector in centroids]
    inverted: defaultdict[str, dict[int, float]] = defaultdict(dict)
    for number, vector in enumerate(weights):
        for term, weight in vector.items():
            inverted[term][number] = weight
    # Terms most entries use only add to the scores of entries rarer terms found.
    many = max(_COMMON_MIN_ENTRIES, int(_COMMON_SHARE * len(weights)))
    common = frozenset(t for t, posting in inverted.items() if len(posting) > many)
    # Averaging: the mean of the weights over all steps is weights - shifted / steps.
    shifted: list[Vector] = [{} for _ in weights]
    steps = 1
    updates = 0

    def add(entry: int, query: Vector, amount: float) -> None:
        vector, late = weights[entry], shifted[entry]
        for term, weight in query.items():
            change = amount * weight
            value = vector.get(term, 0.0) + change
            vector[term] = value
            inverted[term][entry] = value
            late[term] = late.get(term, 0.0) + steps * change

    tick = every(epochs * len(examples), 2000, "Apprentissage", progress)
    for epoch in range(epochs):
        rng.shuffle(examples)
        for position, asked in enumerate(examples):
            tick(epoch * len(examples) + position)
            query = asked.query
            own = asked.entry
            scores = _scores(query, own, inverted, weights, common)
            centroid = centroids[own]
            learned = scores[own] - sum(w * centroid.get(t, 0.0) for t, w in query.items())
            own_score = index.left_out_centroid_dot(query, own, asked.phrasing) + learned
            rival, rival_score = _rival(scores, own)
            if rival >= 0 and own_score - rival_score < margin:
                add(own, query, rate)
                add(rival, query, -rate)
                updates += 1
            steps += 1
    if updates:
        index.entry_vectors = [
            {t: w - late.get(t, 0.0) / steps for t, w in vector.items()} if late else centroid
            for vector, late, centroid in zip(weights, shifted, centroids, strict=True)
        ]
    return updates


def _scores(
    query: Vector,
    own: int,
    inverted: dict[str, dict[int, float]],
    weights: list[Vector],
    common: frozenset[str],
) -> dict[int, float]:
    """``query``'s score against ``own`` and its closest rivals: rare terms
    find the rivals through ``inverted``; common terms only add to them."""
    scores: dict[int, float] = {own: 0.0}
    frequent = []
    for term, weight in query.items():
        if term in common:
            frequent.append((term, weight))
            continue
        for entry, entry_weight in inverted[term].items():
            scores[entry] = scores.get(entry, 0.0) + weight * entry_weight
    if len(scores) > _RIVALS:
        kept = heapq.nlargest(_RIVALS, scores, key=scores.__getitem__)
        scores = {entry: scores[entry] for entry in (own, *kept)}
    for term, weight in frequent:
        for entry in scores:
            scores[entry] += weight * weights[entry].get(term, 0.0)
    return scores


def _rival(scores: dict[int, float], own: int) -> tuple[int, float]:
    """The best-scored entry other than ``own``, with its score; -1 when none."""
    rival, rival_score = -1, -math.inf
    for entry, score in scores.items():
        if entry != own and score > rival_score:
            rival, rival_score = entry, score
    return rival, rival_score
