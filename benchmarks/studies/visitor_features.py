"""What the answers cover, as features of the visitors' prior: measured, then shipped.

Run from the project's root, with the ``bench`` extra (numpy)::

    python -m benchmarks.studies.visitor_features

The prior (:mod:`faqbot.matching.confidence`) reads a candidate's coverage, the
best of its phrasings' and its answer's, and, since this study, the coverage
by its answer alone and by its questions and variants alone. This study
refits it, as ``benchmarks/tools/fit_visitor_model.py`` does, with:

- ``before``: the coverage alone, without the two (the prior before this study);
- ``answer``: and the answer's coverage alone;
- ``shipped``: and the questions' and variants' coverage alone;
- ``all``: and the product of the two (both agree).

Each new users' FAQ is decided by a model fitted without it (as the shipped
model is checked), at every threshold from 50 to 85 %. Printed, for each set
of features: the most right answers (mean % of on-topic questions) whose
mean wrong answers (% of all questions) stay under each cap, with no FAQ
over 2 wrong answers in 30.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

import numpy as np

from benchmarks.tools import fit_visitor_model as base

CAPS = (1.25, 2.0, 2.5)
"""Mean wrong answers, in % of all questions, under which right answers are compared."""
WORST = 100.0 * 2 / 30
"""No FAQ may get more than 2 wrong answers in 30."""

Extra = Callable[[tuple[float, ...]], tuple[float, ...]]
BASE = 7
"""The prior's features before this study: the shipped ones less the two coverages."""
EXTRAS: dict[str, Extra] = {
    "before": lambda features: features[:BASE],
    "answer": lambda features: features[: BASE + 1],
    "shipped": lambda features: features,
    "all": lambda features: (*features, features[BASE] * features[BASE + 1]),
}


def with_features(sources: base.Sources, extra: Extra) -> base.Sources:
    """``sources`` with each candidate's features turned by ``extra``."""
    return {
        source: [
            (
                name,
                [
                    (label, [((extra(f), right, exact), e) for (f, right, exact), e in ranked])
                    for label, ranked in questions
                ],
            )
            for name, questions in faqs
        ]
        for source, faqs in sources.items()
    }


def best_under_caps(read: base.Sources) -> dict[float, tuple[float, float, int]]:
    """For each cap of :data:`CAPS`: right, wrong and the threshold that answers most under it."""
    models = {name: base.fitted_without(read, name) for name, _ in read["new_users"]}
    best: dict[float, tuple[float, float, int]] = {}
    for threshold in range(50, 86):
        table = [base.rates(models[name], qs, threshold) for name, qs in read["new_users"]]
        right = statistics.mean(r for r, _ in table)
        wrong = statistics.mean(w for _, w in table)
        if max(w for _, w in table) > WORST + 1e-9:
            continue
        for cap in CAPS:
            if wrong <= cap + 1e-9 and right > best.get(cap, (-1.0,))[0]:
                best[cap] = (right, wrong, threshold)
    return best


def main() -> None:
    print("| features | " + " | ".join(f"right at ≤ {cap:g} % wrong" for cap in CAPS) + " |")
    print("|---|" + "---|" * len(CAPS))
    read = base.sources()
    for name, extra in EXTRAS.items():
        best = best_under_caps(with_features(read, extra))
        cells = [
            f"{best[cap][0]:.1f} ({best[cap][1]:.2f} % at {best[cap][2]} %)" if cap in best else "–"
            for cap in CAPS
        ]
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    np.seterr(over="ignore")
    main()
