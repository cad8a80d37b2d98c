"""The promise measured on askers: how often sure answers were found unhelpful, with a bound."""

from __future__ import annotations

import math
from typing import NamedTuple

from faqbot.authoring.lessons import Lessons
from faqbot.matching.matcher import Matcher


class Rate(NamedTuple):
    """``failures`` seen in ``trials``, and the one-sided 90 % upper bound of
    their rate, in percent (:func:`upper_bound`)."""

    failures: int
    trials: int
    bound: float


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
    rate = Rate(unhelpful, judged, upper_bound(unhelpful, judged)) if judged else None
    picked = lessons.picked
    if len(picked) < PICKS_FOR_REPLAY:
        return Promise(rate, ())
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
        replayed.append(
            Replayed(
                threshold, sure.count(True), Rate(wrong, len(found), upper_bound(wrong, len(found)))
            )
        )
    return Promise(rate, tuple(replayed))


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
