"""The decision, the matcher's last stage: how sure is each entry, and is the best one sure?

Each candidate gets one confidence (:mod:`faqbot.matching.confidence`), from its
coverage and lead through the cutoff, margin and curve that
:mod:`faqbot.matching.calibration` chose on the FAQ; an entry the query is one of the
phrasings of gets 100. The best entry is a sure answer when its confidence
reaches the FAQ's threshold: :class:`Policy` holds that decision, and every
caller (the matcher, ``eval``) asks it. Kept apart from calibration, which
only building a matcher needs.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from faqbot.matching.confidence import (
    BARE_THRESHOLD,
    PRIOR,
    SCALE,
    VISITOR_THRESHOLD,
    decision_value,
    from_logit,
    visitor_features,
    visitor_logit,
)

if TYPE_CHECKING:
    from faqbot.matching.scoring import Candidate, Ranking

TARGET_WRONG_RATE = 2.0
"""The share of wrong answers, in percent of all questions, that calibration aims under.
Measured by ``python -m benchmarks.bench_day_one``
and ``python -m benchmarks.bench_general --phrasings 5``."""


def wrong_rate_for(faq_rate: float | None, given: float | None = None) -> float:
    """The share of wrong answers to aim under, the one place it is decided:
    ``given`` (an option), else the FAQ file's ``max_wrong_rate``, else
    :data:`TARGET_WRONG_RATE`. The :class:`~faqbot.matching.matcher.Matcher`
    keeps the result as ``max_wrong_rate``.

    >>> wrong_rate_for(None), wrong_rate_for(5.0), wrong_rate_for(5.0, 1.0)
    (2.0, 5.0, 1.0)
    """
    if given is not None:
        return given
    return TARGET_WRONG_RATE if faq_rate is None else faq_rate


class Calibration(NamedTuple):
    """What calibration chose and what it expects, rates in percent.

    ``expected_right`` is the share of questions about the FAQ that get the
    right answer; ``expected_wrong`` the share of all questions that get a
    wrong one, off-topic questions counted at :data:`faqbot.matching.calibration.OFF_TOPIC_SHARE`.
    ``weak_entries`` are ids of entries whose phrasings, left out, do not
    find them reliably: they need more variants. ``confused`` lists the
    phrasings that, left out, ranked another entry first, as (phrasing, its
    entry's id, the other entry's id). ``sampled`` is true when a large FAQ
    was calibrated on a sample of its entries. ``fallback`` is true when no
    entry had a variant to learn from: the visitors' prior then decides alone, at
    :data:`faqbot.matching.confidence.BARE_THRESHOLD`, and nothing is expected.
    ``intercept`` and ``slope`` give the confidence curve fitted on the trials
    (see :mod:`faqbot.matching.confidence`). ``trust`` (0 to 1) is how much the FAQ
    decides on its own trials; the rest is the visitors' prior's
    (:func:`faqbot.matching.confidence.trust_in_trials`). :attr:`threshold` is the
    confidence an answer needs.
    """

    coverage_cutoff: float
    margin: float
    expected_right: float
    expected_wrong: float
    weak_entries: tuple[str, ...]
    trials: int
    confused: tuple[tuple[str, str, str], ...] = ()
    sampled: bool = False
    fallback: bool = False
    intercept: float = PRIOR[0]
    slope: float = PRIOR[1]
    trust: float = 1.0

    @property
    def score_cutoff(self) -> float:
        """Deprecated: :attr:`coverage_cutoff`, under its former name."""
        warnings.warn(
            "Calibration.score_cutoff is now Calibration.coverage_cutoff; "
            "Matcher.score_cutoff is the confidence an answer needs",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.coverage_cutoff

    @property
    def threshold(self) -> float:
        """The confidence, in percent, at which the calibrated rule answers:
        the FAQ's own and the visitors' prior's, pooled as the confidences are."""
        if self.fallback:
            return BARE_THRESHOLD
        own = from_logit(self.intercept)
        return round(self.trust * own + (1 - self.trust) * VISITOR_THRESHOLD, 2)

    def confidences(
        self,
        ranked: Sequence[Candidate],
        *,
        margin: float | None = None,
        content_words: int = 0,
        unknown: float = 0.0,
    ) -> list[float]:
        """The confidence of each of ``ranked`` (closest first), in percent, to 2 decimals.

        A candidate's lead is over the closest of the others: the runner-up
        for the first, the first for the others. ``margin``, if given,
        replaces the calibrated one. ``content_words`` and ``unknown`` are
        the query's content words the FAQ knows and the weighted count of
        those it does not (:class:`faqbot.matching.scoring.Ranking`).
        """
        if margin is None:
            margin = self.margin
        closest = ranked[0].closeness if ranked else 0.0
        runner_up = ranked[1].closeness if len(ranked) > 1 else 0.0
        shown = []
        for position, candidate in enumerate(ranked):
            if candidate.exact:
                shown.append(100.0)
                continue
            lead = candidate.closeness - (runner_up if position == 0 else closest)
            value = decision_value(
                candidate.coverage,
                lead,
                candidate.from_answer,
                cutoff=self.coverage_cutoff,
                margin=margin,
            )
            own = from_logit(self.intercept + self.slope * value / SCALE)
            if self.trust < 1.0:
                features = visitor_features(
                    candidate.closeness,
                    lead,
                    candidate.coverage,
                    candidate.from_answer,
                    content_words=content_words,
                    unknown=unknown,
                    by_answer=candidate.by_answer,
                    by_phrasings=candidate.by_phrasings,
                )
                # A linear pool of the two chances: the FAQ's own trials, few
                # and jumpy on a small FAQ, move it at most ``trust`` of the
                # way; pooled as log-odds, one far-off value would dominate.
                visitor = from_logit(visitor_logit(features))
                own = self.trust * own + (1 - self.trust) * visitor
            shown.append(round(own, 2))
        return shown


def that_count(ranked: Sequence[Candidate]) -> list[Candidate]:
    """``ranked`` less the off-topic questions that share no word with the
    question: likeness in short words alone refuses nothing."""
    return [c for c in ranked if not c.off_topic or c.coverage > 0]


def lead_of(ranked: Sequence[Candidate]) -> float:
    """How far the first of ``ranked`` is ahead of the runner-up in closeness."""
    return ranked[0].closeness - (ranked[1].closeness if len(ranked) > 1 else 0.0)


def is_sure(score: float, lead: float, from_answer: bool, cutoff: float, margin: float) -> bool:
    """True for a score and lead that pass ``cutoff`` and ``margin``, when the
    score comes from a phrasing, not from the entry's answer."""
    return not from_answer and score >= cutoff and lead >= margin


class Rated(NamedTuple):
    """A candidate of a ranking with its confidence, in percent."""

    candidate: Candidate
    confidence: float


class Verdict(NamedTuple):
    """What a :class:`Policy` makes of a ranked question.

    ``kind`` is ``answer`` (``answer`` is the sure candidate), ``suggest``
    (``suggestions`` are worth offering) or ``decline`` (nothing is), and
    ``reason`` says why, in English, for logs and tests. ``best`` is the
    most confident candidate, sure or not.
    """

    kind: str
    answer: Rated | None
    suggestions: tuple[Rated, ...]
    reason: str
    best: Rated | None = None


class Policy(NamedTuple):
    """The decision, in one place: a ranked question in, a verdict out.

    Every candidate gets one confidence (:meth:`Calibration.confidences`).
    The most confident is the answer when its confidence reaches
    ``threshold`` and no entry's off-topic questions came first; entries
    of ``suggestion_floor`` or more whose phrasings or answer share a word
    with the question (a coverage above 0) are offered. Candidates that are
    an entry's off-topic questions (:mod:`faqbot.matching.off_topic`) are
    never offered.

    >>> from faqbot import Matcher, load_faq
    >>> matcher = Matcher(load_faq())
    >>> verdict = matcher.policy.decide(matcher._ranking("c'est quoi llama", limit=4))
    >>> verdict.kind, verdict.reason
    ('answer', 'confidence reaches the threshold')
    """

    calibration: Calibration
    threshold: float
    margin: float
    suggestion_floor: float

    def rate(self, found: Ranking) -> tuple[list[Rated], bool]:
        """The real candidates of ``found``, most confident first (closest first
        among equals), and whether an entry's off-topic questions came first."""
        ranked = that_count(found.candidates)
        confidences = self.calibration.confidences(
            ranked,
            margin=self.margin,
            content_words=found.content_words,
            unknown=found.unknown,
        )
        order = sorted(range(len(ranked)), key=lambda i: -confidences[i])
        off_topic = bool(order) and ranked[order[0]].off_topic
        rated = [Rated(ranked[i], confidences[i]) for i in order if not ranked[i].off_topic]
        return rated, off_topic

    def decide(self, found: Ranking, *, limit: int | None = None) -> Verdict:
        """The verdict on ``found``; ``limit`` bounds the suggestions."""
        rated, off_topic = self.rate(found)
        sure = bool(rated) and not off_topic and rated[0].confidence >= self.threshold
        answer = rated[0] if sure else None
        close = [
            r
            for r in rated[1 if sure else 0 :]
            # Plausible: confident enough, and sharing a word with the question.
            if r.confidence >= self.suggestion_floor and r.candidate.coverage > 0
        ]
        suggestions = tuple(close if limit is None else close[:limit])
        best = rated[0] if rated else None
        if answer is not None:
            return Verdict("answer", answer, suggestions, "confidence reaches the threshold", best)
        if off_topic:
            reason = "an entry's off-topic questions come first"
        elif rated:
            reason = "confidence below the threshold"
        else:
            reason = "no entry shares a word with the question"
        kind = "suggest" if suggestions else "decline"
        return Verdict(kind, None, suggestions, reason, best)
