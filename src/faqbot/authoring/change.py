"""Measuring what a change to an FAQ costs before it is written.

:func:`measure_change` compares the FAQ before and after: the calibration's
expected right answers, the logs' questions that had a sure answer, and any
labeled files. ``faqbot learn --apply`` refuses a change that does harm.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from faqbot.authoring.labeled import LabeledQuestion
from faqbot.authoring.lessons import Lessons, with_variants
from faqbot.faqfile.faq import FAQ
from faqbot.matching.matcher import Matcher

if TYPE_CHECKING:
    from faqbot.matching.decision import Calibration

SURE_LOSS = 2.0
"""Points of sure right answers (labeled sets, and the log's own questions)
that applying may cost before it is refused."""
EXPECTED_LOSS = 15.0
"""Points of the calibration's expected right answers applying may cost, or
more when its trials are too few to measure that close (:func:`_expected_noise`).
The expectation moves a lot on a small FAQ: one variant added to
``examples/mairie.yaml`` moves it from 43 to 33 % while its labeled
questions keep every right answer; labeled sets (``--eval``) and the logs'
own questions are the finer guards."""
WRONG_GAIN = 1.0
"""Points of wrong answers (labeled sets) applying may add."""


class Harm(NamedTuple):
    """What applying would change: ``lines`` say it in French, ``worse`` is
    true when something fell past its tolerance, ``at_fault`` names the
    proposals (entry, question) to blame."""

    lines: list[str]
    worse: bool
    at_fault: list[tuple[str, str]]


def measure_change(
    faq: FAQ,
    before: Matcher,
    after: Matcher,
    lessons: Lessons,
    checks: Sequence[Sequence[LabeledQuestion]] = (),
) -> Harm:
    """Measure ``after`` (``faq`` with the lessons applied) against ``before``:
    the calibration's expected right answers, the sure answers to the logs'
    own questions, and the right and wrong answers of each labeled set."""
    lines: list[str] = []
    worse = False
    blamed: set[str] = set()
    expected = (before.calibration.expected_right, after.calibration.expected_right)
    lines.append(f"bonnes réponses attendues : {expected[0]:.0f} % → {expected[1]:.0f} %")
    if expected[1] < expected[0] - _expected_noise(before.calibration):
        worse = True
        blamed.update(_blame(faq, lessons, lambda m: m.calibration.expected_right, expected[0]))
    asked = lessons.asked
    if asked:
        kept = lost = 0
        for question in asked:
            hit = before.match(question)
            if hit is None:
                continue
            now = after.match(question)
            if now is not None and now.entry.id == hit.entry.id:
                kept += 1
                continue
            lost += 1
            blamed.add(now.entry.id if now is not None else hit.entry.id)
        if kept + lost:
            lines.append(
                f"questions des journaux à réponse sûre : {kept} sur {kept + lost} la gardent"
            )
            if 100.0 * lost / (kept + lost) > SURE_LOSS:
                worse = True
    for labeled in checks:
        if not labeled:
            continue
        right_before, wrong_before = _rates(before, labeled)
        right_after, wrong_after = _rates(after, labeled)
        lines.append(
            f"{labeled[0].source} : bonnes réponses {right_before:.1f} % → {right_after:.1f} %, "
            f"mauvaises {wrong_before:.1f} % → {wrong_after:.1f} %"
        )
        if right_after < right_before - SURE_LOSS:
            worse = True
            blamed.update(_blame(faq, lessons, partial(_right_rate, labeled), right_before))
        if wrong_after > wrong_before + WRONG_GAIN:
            worse = True
            blamed.update(_blame(faq, lessons, partial(_not_wrong, labeled), -wrong_before))
    at_fault = [
        (p.entry, p.question)
        for p in lessons.proposals
        if p.status in ("added", "off_topic") and p.entry in blamed
    ]
    return Harm(lines, worse, at_fault)


def _expected_noise(calibration: Calibration) -> float:
    """How far the expected right answers may fall before applying is
    refused: :data:`EXPECTED_LOSS`, or twice the standard error of a rate
    measured on the calibration's on-topic trials (about half of them)."""
    share = calibration.expected_right / 100.0
    trials = max(calibration.trials / 2, 1.0)
    return max(EXPECTED_LOSS, 200.0 * math.sqrt(share * (1 - share) / trials))


def _right_rate(labeled: Sequence[LabeledQuestion], matcher: Matcher) -> float:
    return _rates(matcher, labeled)[0]


def _not_wrong(labeled: Sequence[LabeledQuestion], matcher: Matcher) -> float:
    return -_rates(matcher, labeled)[1]


def _rates(matcher: Matcher, labeled: Sequence[LabeledQuestion]) -> tuple[float, float]:
    """Right answers (% of on-topic questions) and wrong ones (% of all)."""
    on_topic = right = wrong = 0
    for item in labeled:
        hit = matcher.match(item.question)
        got = hit.entry.id if hit is not None else None
        on_topic += item.expected is not None
        right += item.expected is not None and got == item.expected
        wrong += got is not None and got != item.expected
    return 100.0 * right / max(on_topic, 1), 100.0 * wrong / max(len(labeled), 1)


def _blame(
    faq: FAQ, lessons: Lessons, score: Callable[[Matcher], float], before: float
) -> set[str]:
    """The entries whose proposals alone, left out, give back what ``score`` lost."""
    additions, off_topic = lessons.added(), lessons.added("off_topic")
    blamed = set()
    for entry_id in sorted(set(additions) | set(off_topic)):
        without = with_variants(
            faq,
            {e: q for e, q in additions.items() if e != entry_id},
            {e: q for e, q in off_topic.items() if e != entry_id},
        )
        if score(Matcher(without)) >= before - 1e-9:
            blamed.add(entry_id)
    return blamed
