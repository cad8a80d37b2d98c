"""The decision, the matcher's last stage: is the best entry a sure answer?

It is, when its score reaches the cutoff and it leads the runner-up by the
margin, both chosen on the FAQ by :mod:`faqbot.calibration`; or when the
query is one of its phrasings. Kept apart from calibration, which only
building a matcher needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from faqbot.scoring import Candidate

TARGET_WRONG_RATE = 2.0
"""The share of wrong answers, in percent of all questions, that calibration aims under."""


class Calibration(NamedTuple):
    """What calibration chose and what it expects, rates in percent.

    ``expected_right`` is the share of questions about the FAQ that get the
    right answer; ``expected_wrong`` the share of all questions that get a
    wrong one, off-topic questions counted at :data:`faqbot.calibration.OFF_TOPIC_SHARE`.
    ``weak_entries`` are ids of entries whose phrasings, left out, do not
    find them reliably: they need more variants. ``confused`` lists the
    phrasings that, left out, ranked another entry first, as (phrasing, its
    entry's id, the other entry's id). ``sampled`` is true when a large FAQ
    was calibrated on a sample of its entries. ``fallback`` is true when no
    entry had a variant to learn from: the cutoff and margin are then
    :data:`faqbot.calibration.FALLBACK_CUTOFF` and ``FALLBACK_MARGIN``, and nothing is expected.
    """

    score_cutoff: float
    margin: float
    expected_right: float
    expected_wrong: float
    weak_entries: tuple[str, ...]
    trials: int
    confused: tuple[tuple[str, str, str], ...] = ()
    sampled: bool = False
    fallback: bool = False


def decide(ranked: Sequence[Candidate], *, score_cutoff: float, margin: float) -> bool:
    """True when the first of ``ranked`` is a sure answer.

    It must score at least ``score_cutoff``, lead the runner-up in closeness
    by at least ``margin``, and owe its score to a phrasing, not its answer;
    or the query must be one of its phrasings.
    """
    if not ranked:
        return False
    best = ranked[0]
    if best.exact:
        return True
    return is_sure(best.score, lead_of(ranked), best.from_answer, score_cutoff, margin)


def lead_of(ranked: Sequence[Candidate]) -> float:
    """How far the first of ``ranked`` is ahead of the runner-up in closeness."""
    return ranked[0].closeness - (ranked[1].closeness if len(ranked) > 1 else 0.0)


def is_sure(score: float, lead: float, from_answer: bool, cutoff: float, margin: float) -> bool:
    """True for a score and lead that pass ``cutoff`` and ``margin``, when the
    score comes from a phrasing, not from the entry's answer."""
    return not from_answer and score >= cutoff and lead >= margin
