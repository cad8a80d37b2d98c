"""The confidence: one number per candidate, the chance that it is the right entry.

The calibrated rule (:mod:`faqbot.matching.calibration`) answers when the best entry's
coverage reaches the cutoff and its lead in closeness over the runner-up
reaches the margin. Both are folded into one *decision value*, in coverage
points: how far the candidate is past the harder of the two, negative when it
falls short. A logistic curve maps that value to a probability, in percent.
Its shape is learned offline across many FAQs (:data:`PRIOR`); each FAQ then
fits it to its own calibration trials, leaning on that prior when it has few
(:func:`fit`). The curve rises with the value, so a candidate is a sure
answer exactly when its confidence reaches the confidence at value 0, the
FAQ's threshold.

>>> value = decision_value(80.0, 30.0, False, cutoff=60.0, margin=10.0)
>>> value
20.0
>>> round(percent(value, intercept=0.0, slope=1.0), 1)
88.1
"""

from __future__ import annotations

import math
from collections.abc import Sequence

LEAD_WEIGHT = 4.0
"""Coverage points a point of lead in closeness is worth in the decision value.
At 4, ordering the candidates by confidence keeps the learned ranking's first
entry as often as ordering them by closeness does (within 0.5 points on the shared
sets, ``benchmarks/confidence_fit.py --check``); at 1 it loses up to 2 points.
Measured by ``python -m benchmarks.tools.confidence_fit``."""
SCALE = 10.0
"""Decision-value points a unit of the logistic's input stands for.
Measured by ``python -m benchmarks.tools.confidence_fit``."""
NOT_FROM_A_PHRASING = -1.0
"""The highest value of a candidate covered by its answer alone: never sure.
Measured by ``python -m benchmarks.tools.confidence_fit``."""

PRIOR = (1.63, 0.40)
"""Intercept and slope of the curve across FAQs: fitted by
``python -m benchmarks.tools.confidence_fit`` on the questions of FAQs built from
the shared intent sets (seeds 100-129), each FAQ with its own cutoff and
margin. Refit with that command when the rule or the ranking changes."""
PRIOR_STRENGTH = 30.0
"""How hard an FAQ's fit is pulled towards :data:`PRIOR`: the weight of the
penalty on the squared distance from it. An FAQ with a few hundred trials
moves the curve a little; one with thousands, more.
Measured by ``python -m benchmarks.tools.confidence_fit``."""
MIN_SLOPE = 0.05
"""The curve must rise, or the confidence would not order candidates.
Measured by ``python -m benchmarks.tools.confidence_fit``."""

VISITOR_MODEL = (-3.18, 1.92, 7.33, 2.27, 0.65, 0.13, -0.3, 2.97, 1.55)
"""Coefficients of the visitors' prior, a logistic model of the chance that
a candidate is right from what any FAQ shows (:func:`visitor_features`):
fitted by ``python -m benchmarks.tools.fit_visitor_model`` on the visitors'
questions of ``benchmarks/data/new_user_faqs`` and on small FAQs built from
the two intent sets, each of the three sources weighing the same. Refit with
that command when the ranking changes. The last two read what the answer
alone and the questions and variants alone cover: with them, each FAQ
decided by a model fitted without it answers 48.4 % right at 1.67 % wrong,
against 46.9 % without them (``python -m benchmarks.studies.visitor_features``).
Refit after the word families and English words were read, the model gave
48.4 % right on day one instead of 47.4 (``python -m benchmarks.bench_day_one``)
but lost a right answer in 11 runs of 40 of ``python -m
benchmarks.bench_day_one_learning`` instead of 6: these coefficients stay."""
VISITOR_THRESHOLD = 67.0
"""The confidence, in percent, at which the visitors' prior answers. Measured
FAQ by FAQ, each one's model fitted without it, by the same command: at 67,
52.1 % right and 1.67 % wrong (worst FAQ 6.7 %, 2 wrong answers in 30); at
72, 47.9 % and 1.25 %; at 66, 52.6 % and 1.67 %; at 65, 54.7 % and 1.67 %.
Day one (``python -m benchmarks.bench_day_one``) answers 50.5 % right at 67,
51.6 at 66, 52.1 at 65, but 2, 8 and 6 runs of 40 of ``python -m
benchmarks.bench_day_one_learning`` lose a right answer.
Measured by ``python -m benchmarks.tools.fit_visitor_model``."""
BARE_THRESHOLD = 90.0
"""The confidence, in percent, at which an FAQ without a single variant
answers: its calibration holds nothing out, so the visitors' prior decides
alone, stricter than :data:`VISITOR_THRESHOLD`, for nothing shows whether
its entries are near twins. The lowest of the sweep at which wrong answers,
small businesses' and the intent sets' weighing the same, stay under 2 %: at
90, small businesses' FAQs stripped of their variants answer 28.0 % right at
0.0 % wrong (3.5 % before, under a coverage cutoff of 75 and a margin of
20), and the intent sets' FAQs of one phrasing an intent 23 to 39 % at 0.3
to 5.6 % (10 to 15 % at 0.1 to 0.6 % before); at 80, 36.8 % and 1.3 %, but
up to 9.8 % on the intent sets.
Measured by ``python -m benchmarks.bench_bare``."""
VISITOR_EXPECTED = (52.1, 1.67)
"""Right answers (% of on-topic questions) and wrong ones (% of all) the
visitors' prior gives on an FAQ it never saw: the means of the same
command's check, which prints them. What ``check`` expects of a small FAQ
leans on them as its decision leans on the prior.
Measured by ``python -m benchmarks.tools.fit_visitor_model``."""
TRUSTED_PHRASINGS = 100
"""An FAQ with this many questions and variants decides on its own trials
alone; a smaller one leans on the visitors' prior in proportion. Its trials
hold out its own entries, which are much closer to each other than what
visitors ask off-topic: on a small FAQ they are far too cautious.
Measured by ``python -m benchmarks.bench_day_one``
and ``python -m benchmarks.bench_general --phrasings 5``."""
TRUSTED_ENTRIES = 50
"""Likewise for entries: an FAQ of this many entries, even of questions alone,
has near twins among them, which the visitors' prior does not expect.
Measured by ``python -m benchmarks.bench_day_one``
and ``python -m benchmarks.bench_general --phrasings 5``."""

TRUSTED_FINDS = 10
"""A small FAQ whose rule finds fewer of its held-out phrasings surely right
trusts its trials less, in proportion: they show where its entries stand to
one another, not where a sure answer lies. The new-user FAQs' trials find 2
to 5 such phrasings, and one added variant could swing a rule from a cutoff
of 33 to none. On day one, 2 added variants of 192 then cost more than one
right answer, and none now; right answers went from 47.4 to 48.4 %, wrong
ones from 1.2 to 1.7 %, and learning and the intent sets did not move.
Measured by ``python -m benchmarks.bench_day_one``,
``python -m benchmarks.bench_day_one_learning``,
``python -m benchmarks.bench_learning --seeds 0 1 2 3 4 5 6``
and ``python -m benchmarks.bench_general --phrasings 5``."""


def visitor_features(
    closeness: float,
    lead: float,
    coverage: float,
    from_answer: bool,
    *,
    content_words: int,
    unknown: float,
    by_answer: float,
    by_phrasings: float,
) -> tuple[float, ...]:
    """What the visitors' prior reads of a candidate, scaled to about 0 to 1:
    ``by_answer`` and ``by_phrasings`` are its coverage by its answer alone
    and by its questions and variants alone."""
    unknown_share = unknown / (content_words + unknown) if content_words + unknown > 0 else 0.0
    return (
        1.0,
        closeness / 100.0,
        lead / 100.0,
        coverage / 100.0,
        1.0 if from_answer else 0.0,
        unknown_share,
        min(content_words, 8) / 8.0,
        by_answer / 100.0,
        by_phrasings / 100.0,
    )


def visitor_logit(features: Sequence[float]) -> float:
    """The log-odds that a candidate is right, by the visitors' prior."""
    return sum(w * x for w, x in zip(VISITOR_MODEL, features, strict=True))


def logit(share: float) -> float:
    """The log-odds of ``share`` (0 to 1, exclusive)."""
    return math.log(share / (1.0 - share))


def from_logit(z: float) -> float:
    """A confidence in percent from log-odds."""
    if z >= 0:
        return 100.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return 100.0 * e / (1.0 + e)


def trust_in_trials(phrasings: int, entries: int, found: int | None = None) -> float:
    """How much an FAQ of ``phrasings`` questions and variants in ``entries``
    entries decides on its own trials (0 to 1); the rest is the visitors' prior's.
    ``found``, when given, is how many of its phrasings, held out, its rule
    finds surely right: below :data:`TRUSTED_FINDS`, a small FAQ's trust shrinks
    in proportion.

    >>> trust_in_trials(30, 10), trust_in_trials(30, 10, found=5), trust_in_trials(300, 10, found=0)
    (0.3, 0.15, 1.0)
    """
    trust = min(1.0, max(phrasings / TRUSTED_PHRASINGS, entries / TRUSTED_ENTRIES, 0.0))
    if found is None or trust >= 1.0:
        return trust
    return trust * min(1.0, max(found, 0) / TRUSTED_FINDS)


def decision_value(
    coverage: float, lead: float, from_answer: bool, *, cutoff: float, margin: float
) -> float:
    """How far a candidate is past the rule's cutoff and margin, in coverage points."""
    value = min(coverage - cutoff, LEAD_WEIGHT * (lead - margin))
    return min(value, NOT_FROM_A_PHRASING) if from_answer else value


def percent(value: float, *, intercept: float, slope: float) -> float:
    """The confidence, 0 to 100, of a candidate with this decision value."""
    return from_logit(intercept + slope * value / SCALE)


def fit(
    values: Sequence[float],
    right: Sequence[bool],
    weights: Sequence[float],
    *,
    prior: tuple[float, float] = PRIOR,
    strength: float = PRIOR_STRENGTH,
) -> tuple[float, float]:
    """The intercept and slope that best explain ``right`` from ``values``.

    A weighted logistic regression on one input, with a Gaussian prior
    centred on ``prior`` (its precision is ``strength``), solved by Newton's
    method. When the trials would make the curve fall or lie flat (right
    answers as common far below the rule as above it), only the intercept is
    fitted, under the prior's slope. With no values, it is the prior.

    >>> a, b = fit([-20.0, -5.0, 5.0, 20.0], [False, False, True, True], [1.0] * 4, strength=0.1)
    >>> b > PRIOR[1]
    True
    """
    xs = [v / SCALE for v in values]
    ys = [1.0 if y else 0.0 for y in right]
    a, b = _newton(xs, ys, weights, prior, strength, fit_slope=True)
    if not b >= MIN_SLOPE:
        a, b = _newton(xs, ys, weights, prior, strength, fit_slope=False)
    if not (math.isfinite(a) and math.isfinite(b)):
        return prior
    return round(a, 4), round(b, 4)


def _newton(
    xs: Sequence[float],
    ys: Sequence[float],
    weights: Sequence[float],
    prior: tuple[float, float],
    strength: float,
    *,
    fit_slope: bool,
) -> tuple[float, float]:
    def loss(a: float, b: float) -> float:
        total = 0.5 * strength * ((a - prior[0]) ** 2 + (b - prior[1]) ** 2)
        for x, y, w in zip(xs, ys, weights, strict=True):
            z = a + b * x
            # log(1 + e^z) - y z, computed without overflow
            total += w * ((z if z > 0 else 0.0) + math.log1p(math.exp(-abs(z))) - y * z)
        return total

    a, b = prior
    current = loss(a, b)
    for _ in range(30):
        ga = strength * (a - prior[0])
        gb = strength * (b - prior[1]) if fit_slope else 0.0
        haa = hbb = strength
        hab = 0.0
        for x, y, w in zip(xs, ys, weights, strict=True):
            p = percent(x * SCALE, intercept=a, slope=b) / 100.0
            residual = w * (p - y)
            curvature = w * p * (1.0 - p)
            ga += residual
            haa += curvature
            if fit_slope:
                gb += residual * x
                hab += curvature * x
                hbb += curvature * x * x
        if not fit_slope:
            step_a, step_b = ga / haa, 0.0
        else:
            determinant = haa * hbb - hab * hab
            if not determinant > 0:
                break
            step_a = (hbb * ga - hab * gb) / determinant
            step_b = (haa * gb - hab * ga) / determinant
        # Halve the step until the loss goes down: Newton alone can overshoot.
        for _ in range(30):
            trial = loss(a - step_a, b - step_b)
            if trial <= current:
                break
            step_a, step_b = step_a / 2, step_b / 2
        else:
            break
        a, b, current = a - step_a, b - step_b, trial
        if abs(step_a) + abs(step_b) < 1e-6:
            break
    return a, b
