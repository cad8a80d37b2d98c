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
from faqbot.authoring.lessons import Lessons, with_variants, wording_key
from faqbot.faqfile.faq import FAQ
from faqbot.matching.matcher import Matcher

if TYPE_CHECKING:
    from faqbot.matching.decision import Calibration

SURE_LOSS = 2.0
"""Points of sure right answers applying may cost before it is refused: of
labeled sets.
Measured by ``python -m benchmarks.bench_learning``
and ``python -m benchmarks.bench_day_one_learning``."""
EXPECTED_LOSS = 15.0
"""Points of the calibration's expected right answers applying may cost, or
more when its trials are too few to measure that close (:func:`_expected_noise`).
The expectation moves a lot on a small FAQ: one variant added to
``examples/mairie.yaml`` moves it from 43 to 33 % while its labeled
questions keep every right answer; labeled sets (``--eval``) and the logs'
own questions are the finer guards.
Measured by ``python -m benchmarks.bench_learning``
and ``python -m benchmarks.bench_day_one_learning``."""
JUDGED_LOSS = 10.0
JUDGED_SLACK = 2
"""Of the answers askers judged, applying may cost JUDGED_LOSS percent (the
helpful ones lost, less the unhelpful ones taken away), and always
JUDGED_SLACK: the calibration moves a little whenever variants are added,
and borderline answers go with it. Replayed (``python
benchmarks/bench_learning.py``), learning that raises right answers on the
other half by 15 to 30 points loses up to 6 % of them; a careless apply
that breaks an FAQ loses most.
Measured by ``python -m benchmarks.bench_learning``
and ``python -m benchmarks.bench_day_one_learning``."""
UNJUDGED_LOSS = 20.0
"""When no asker judged an answer, the percent of the logs' sure answers
that may change or go before applying is refused. Nobody said whether they
were right, and learning changes some wrong ones on purpose: replayed
(``python -m benchmarks.bench_learning``), 3 to 31 % of them change while
right answers on the other half of the questions rise by 15 to 35 points,
so when answers were judged, those decide. A careless apply that breaks an
FAQ changes most of them."""
WRONG_GAIN = 1.0
"""Points of wrong answers (labeled sets) applying may add.
Measured by ``python -m benchmarks.bench_learning``
and ``python -m benchmarks.bench_day_one_learning``."""


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
        expecting = lambda m: m.calibration.expected_right  # noqa: E731
        blamed.update(_blame(faq, lessons, expecting, expected[0], expected[1]))
    judged = _judged_change(faq, before, after, lessons)
    unjudged = _unjudged_change(before, after, lessons, judged=bool(judged.lines))
    for part in (judged, unjudged):
        lines += part.lines
        worse = worse or part.worse
        blamed |= part.blamed
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
            rating = partial(_right_rate, labeled)
            blamed.update(_blame(faq, lessons, rating, right_before, right_after))
        if wrong_after > wrong_before + WRONG_GAIN:
            worse = True
            rating = partial(_not_wrong, labeled)
            blamed.update(_blame(faq, lessons, rating, -wrong_before, -wrong_after))
    at_fault = [
        (p.entry, p.question)
        for p in lessons.proposals
        if p.status in ("added", "off_topic") and p.entry in blamed
    ]
    return Harm(lines, worse, at_fault)


class _Part(NamedTuple):
    """What one measure of :func:`measure_change` says: its lines, whether
    it fell too far, and the entries to blame."""

    lines: list[str]
    worse: bool
    blamed: set[str]


def _judged_change(faq: FAQ, before: Matcher, after: Matcher, lessons: Lessons) -> _Part:
    """The answers askers judged: helpful ones lost, unhelpful ones taken away."""
    helped = [(q, e) for q, e in lessons.helped if _answers(before, q) == e]
    unhelped = [
        (q, e)
        for e, found in lessons.unhelpful.items()
        for q, _ in found
        if _answers(before, q) == e
    ]
    if not helped and not unhelped:
        return _Part([], False, set())
    lost = sum(1 for q, e in helped if _answers(after, q) != e)
    mended = sum(1 for q, e in unhelped if _answers(after, q) != e)
    line = (
        f"réponses jugées par les visiteurs : {lost} utile{'s' if lost > 1 else ''} "
        f"perdue{'s' if lost > 1 else ''} sur {len(helped)}, {mended} inutile"
        f"{'s' if mended > 1 else ''} retirée{'s' if mended > 1 else ''} sur {len(unhelped)}"
    )
    # One or two judged answers alone never veto a week of learning.
    allowed = max(JUDGED_SLACK, JUDGED_LOSS * (len(helped) + len(unhelped)) / 100.0)
    if lost - mended <= allowed:
        return _Part([line], False, set())
    score = partial(_judged_score, helped=helped, unhelped=unhelped)
    blamed = _blame(faq, lessons, score, score(before), score(after))
    return _Part([line], True, blamed)


def _unjudged_change(before: Matcher, after: Matcher, lessons: Lessons, *, judged: bool) -> _Part:
    """The logs' other questions that had a sure answer: how many keep it;
    this decides only when no answer was ``judged``."""
    # The proposals' own questions are what is learnt, not what it costs;
    # the answers askers judged are counted apart.
    learnt = {wording_key(p.question) for p in lessons.proposals}
    learnt |= {wording_key(q) for q, _ in lessons.helped}
    kept = lost = 0
    for question in lessons.asked:
        answered = _answers(before, question)
        if answered is None or wording_key(question) in learnt:
            continue
        if _answers(after, question) == answered:
            kept += 1
        else:
            lost += 1
    if not kept + lost:
        return _Part([], False, set())
    line = f"autres questions des journaux à réponse sûre : {kept} sur {kept + lost} la gardent"
    worse = not judged and 100.0 * lost / (kept + lost) > UNJUDGED_LOSS
    return _Part([line], worse, set())


def _judged_score(
    matcher: Matcher, *, helped: Sequence[tuple[str, str]], unhelped: Sequence[tuple[str, str]]
) -> float:
    """Judged answers ``matcher`` gets right: helpful ones kept, unhelpful ones taken away."""
    kept = sum(1 for q, e in helped if _answers(matcher, q) == e)
    return kept + sum(1 for q, e in unhelped if _answers(matcher, q) != e)


def _answers(matcher: Matcher, question: str) -> str | None:
    hit = matcher.match(question)
    return hit.entry.id if hit is not None else None


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
    faq: FAQ,
    lessons: Lessons,
    score: Callable[[Matcher], float],
    before: float,
    after: float,
) -> set[str]:
    """The entry whose proposals alone, left out, give back the most of what
    ``score`` lost (from ``before`` to ``after`` with all of them), when that
    is at least half of it. A loss that no entry's proposals explain, as when
    the calibration moves a little everywhere, blames none."""
    additions, off_topic = lessons.added(), lessons.added("off_topic")
    best: tuple[float, str] | None = None
    for entry_id in sorted(set(additions) | set(off_topic)):
        without = with_variants(
            faq,
            {e: q for e, q in additions.items() if e != entry_id},
            {e: q for e, q in off_topic.items() if e != entry_id},
        )
        given_back = score(Matcher(without)) - after
        if given_back >= (before - after) / 2 - 1e-9 and (best is None or given_back > best[0]):
            best = (given_back, entry_id)
    return {best[1]} if best is not None else set()
