"""The promise measured on askers: how often sure answers were found unhelpful, with a bound."""

from __future__ import annotations

import math
from typing import NamedTuple

from faqbot.authoring.lessons import Lessons
from faqbot.matching.matcher import Matcher


class Rate(NamedTuple):
    """``failures`` seen in ``trials``, and the one-sided 90 % upper bound, in
    percent, of the share of failures among the next ``future`` trials
    (:func:`prediction_bound`)."""

    failures: int
    trials: int
    bound: float
    future: int


def rate(failures: int, trials: int, future: int) -> Rate:
    """The :class:`Rate` of ``failures`` in ``trials``, bounded over ``future`` more.

    >>> rate(1, 20, 60)
    Rate(failures=1, trials=20, bound=20.0, future=60)
    """
    return Rate(failures, trials, prediction_bound(failures, trials, future), future)


class Replayed(NamedTuple):
    """The picked questions asked again at ``threshold`` (a confidence, in
    percent): how many get the picked entry surely, and how many another."""

    threshold: float
    right: int
    wrong: Rate


class Promise(NamedTuple):
    """What the logs say of the promise: of the sure answers askers judged,
    how many they found unhelpful (``None`` when none were judged); and the
    picked questions replayed at the threshold and 10 and 20 points lower
    (empty below :data:`PICKS_FOR_REPLAY` picked questions)."""

    unhelpful: Rate | None
    replayed: tuple[Replayed, ...]


def promise(matcher: Matcher, lessons: Lessons) -> Promise:
    """The promise measured on the askers of ``lessons``' logs."""
    judged, unhelpful = lessons.judged
    # Bounded over as many sure answers as the logs hold: the next week's, for
    # an author who reads a week of logs.
    said = rate(unhelpful, judged, max(lessons.answered, judged)) if judged else None
    picked = lessons.picked
    if len(picked) < PICKS_FOR_REPLAY:
        return Promise(said, ())
    # Decided as the matcher decides, by its policy at a lower threshold.
    depth = matcher._ranked(1)
    found = [(matcher._ranking(question, limit=depth), chosen) for question, chosen in picked]
    entries = matcher.faq.entries
    replayed = []
    for lower in (0.0, 10.0, 20.0):
        threshold = max(matcher.score_cutoff - lower, 0.0)
        policy = matcher.policy._replace(threshold=threshold)
        answers = [(policy.decide(ranking).answer, chosen) for ranking, chosen in found]
        sure = [entries[a.candidate.entry].id == c for a, c in answers if a is not None]
        wrong = sure.count(False)
        replayed.append(Replayed(threshold, sure.count(True), rate(wrong, len(found), len(found))))
    return Promise(said, tuple(replayed))


PICKS_FOR_REPLAY = 10
"""Picked questions needed before learn says what answering more would cost.
Measured by ``python -m benchmarks.bench_learning``."""


def upper_bound(failures: int, trials: int, confidence: float = 0.9) -> float:
    """The one-sided Clopper-Pearson upper bound, in percent, of a rate seen
    as ``failures`` in ``trials``.

    >>> round(upper_bound(0, 20), 1), round(upper_bound(2, 100), 1)
    (10.9, 5.2)
    """
    if trials <= 0:
        return 100.0
    if failures >= trials:
        return 100.0
    low, high = failures / trials, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if _binomial_cdf(failures, trials, middle) > 1.0 - confidence:
            low = middle
        else:
            high = middle
    return 100.0 * high


def prediction_bound(failures: int, trials: int, future: int, confidence: float = 0.9) -> float:
    """The one-sided upper prediction bound, in percent, of the share of
    failures among ``future`` more trials, having seen ``failures`` in
    ``trials``: the next ``future`` stay at or under it with probability
    ``confidence``, whatever the rate. Thatcher's conditional method: given
    the failures of both samples together, those of the first are
    hypergeometric. As ``future`` grows, it tends to :func:`upper_bound`.

    >>> prediction_bound(0, 20, 20), prediction_bound(2, 100, 100)
    (15.0, 6.0)
    """
    if trials <= 0 or failures >= trials or future <= 0:
        return 100.0
    alpha = 1.0 - confidence
    # The most failures to come whose total still leaves the seen ones likely.
    low, high = 0, future
    while low < high:
        middle = (low + high + 1) // 2
        if _hypergeometric_cdf(failures, trials + future, failures + middle, trials) > alpha:
            low = middle
        else:
            high = middle - 1
    return 100.0 * low / future


def _hypergeometric_cdf(k: int, population: int, marked: int, drawn: int) -> float:
    """P(X <= k) for X the marked items among ``drawn`` of ``population``
    holding ``marked``, summed in log space."""
    log_all = _log_choose(population, drawn)
    total = 0.0
    for i in range(max(0, drawn - (population - marked)), min(k, marked, drawn) + 1):
        total += math.exp(
            _log_choose(marked, i) + _log_choose(population - marked, drawn - i) - log_all
        )
    return min(total, 1.0)


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space."""
    if p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0 if k < n else 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    total = 0.0
    log_choose = 0.0
    for i in range(k + 1):
        if i:
            log_choose += math.log(n - i + 1) - math.log(i)
        total += math.exp(log_choose + i * log_p + (n - i) * log_q)
    return min(total, 1.0)
