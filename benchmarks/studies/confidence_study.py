"""A study of one learned confidence for the decision: how far it goes, and where it fails.

Run from the project's root (needs the ``bench`` extra, for scikit-learn)::

    python -m benchmarks.tools.confidence_data --seeds 100-129 --small 30 \
        --out benchmarks/out/fit.jsonl
    python -m benchmarks.tools.confidence_data --seeds 0-9 --small 20 \
        --out benchmarks/out/eval.jsonl
    python -m benchmarks.studies.confidence_study

A logistic regression is fitted on every candidate of the test questions of
the FAQs of ``fit.jsonl`` (seeds 100-129), over the features of
:func:`features`: whether the candidate is the right entry. It is judged on
the FAQs of ``eval.jsonl`` (seeds 0-9, 3, 5 and 8 phrasings, at most 60
intents), FAQ by FAQ, beside the shipped rule (calibrated cutoff on coverage
and margin on closeness) recomputed from the same rankings and trials:

- ``oracle``: the best threshold for each FAQ, chosen on its own test
  questions (a ceiling, not a method);
- ``global T``: one threshold on the probability for every FAQ.

Each row gives the mean right answers (on-topic questions), the mean and the
worst share of wrong answers (all questions), and how many FAQs go over
2.5 %. What it showed, and why the model is not shipped yet, is in the
docs/how-it-works.md, on the decision.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

from faqbot.matching.calibration import Trial, choose

HERE = Path(__file__).resolve().parent

FEATURES = (
    "coverage",
    "closeness",
    "lead",
    "other_coverage",
    "third_closeness",
    "log_phrasings",
    "log_content_words",
    "unknown_share",
    "log_entries",
    "coverage_x_lead",
)

Raw = Sequence[
    Sequence[float]
]  # per candidate: entry, closeness, coverage, from_answer, exact, phrasings


def features(raw: Raw, i: int, content_words: int, unknown: float, entries: int) -> list[float]:
    """The features of candidate ``i``; the others are compared with it by closeness."""
    _, closeness, coverage, _, _, phrasings = raw[i]
    others = sorted((r for k, r in enumerate(raw) if k != i), key=lambda r: -r[1])
    other = others[0] if others else None
    third = others[1] if len(others) > 1 else None
    coverage /= 100
    lead = closeness / 100 - (other[1] / 100 if other else 0.0)
    return [
        coverage,
        closeness / 100,
        lead,
        other[2] / 100 if other else 0.0,
        third[1] / 100 if third else 0.0,
        math.log(max(phrasings, 1)),
        math.log1p(content_words),
        unknown / (content_words + unknown) if content_words + unknown > 0 else 1.0,
        math.log(max(entries, 1)),
        coverage * lead,
    ]


def questions(faq: dict) -> list[tuple[int, Raw, list[list[float]]]]:
    out = []
    for expected, raw, content_words, unknown in faq["tests"]:
        rows = [features(raw, i, content_words, unknown, faq["entries"]) for i in range(len(raw))]
        out.append((expected, raw, rows))
    return out


def answered(faq: dict, weights: list[float]) -> list[tuple[int, int, float]]:
    """(expected, likeliest entry, its probability) per test question."""
    out = []
    for expected, raw, rows in faq["_questions"]:
        best = (0.0, -1)
        for candidate, values in zip(raw, rows, strict=True):
            z = weights[0] + math.fsum(w * x for w, x in zip(weights[1:], values, strict=True))
            p = 1.0 if candidate[4] else 1 / (1 + math.exp(-z))
            best = max(best, (p, int(candidate[0])))
        out.append((expected, best[1], best[0]))
    return out


def shipped(faq: dict) -> list[tuple[int, int, float]]:
    """The shipped rule on the same rankings: 1.0 for a sure answer, else 0.0."""

    def trial(expected: int, raw: Raw) -> Trial:
        if not raw:
            return Trial(expected, -1, 0.0, 0.0)
        lead = raw[0][1] - (raw[1][1] if len(raw) > 1 else 0.0)
        return Trial(expected, int(raw[0][0]), raw[0][2], lead, bool(raw[0][3]))

    ids = [str(n) for n in range(faq["entries"])]
    calibration = choose(
        [trial(t[0], t[1]) for t in faq["trials"]], ids, bare_share=faq["bare_share"]
    )
    out = []
    for expected, raw, _, _ in faq["tests"]:
        t = trial(expected, raw)
        sure = bool(raw) and (
            bool(raw[0][4])
            or (
                not t.from_answer
                and t.coverage >= calibration.coverage_cutoff
                and t.lead >= calibration.margin
            )
        )
        out.append((expected, t.best, 1.0 if sure else 0.0))
    return out


def rates(outcomes: list[tuple[int, int, float]], threshold: float) -> tuple[float, float]:
    on_topic = [o for o in outcomes if o[0] >= 0]
    right = sum(p >= threshold and best == expected for expected, best, p in on_topic)
    wrong = sum(p >= threshold and best != expected for expected, best, p in outcomes)
    return 100.0 * right / len(on_topic), 100.0 * wrong / len(outcomes)


def oracle(outcomes: list[tuple[int, int, float]], target: float = 2.0) -> tuple[float, float]:
    best = (0.0, 0.0)
    for threshold in sorted({p for _, _, p in outcomes}):
        right, wrong = rates(outcomes, threshold)
        if wrong <= target and right > best[0]:
            best = (right, wrong)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", type=Path, default=HERE.parent / "out" / "fit.jsonl")
    parser.add_argument("--eval", type=Path, default=HERE.parent / "out" / "eval.jsonl")
    parser.add_argument("--thresholds", nargs="+", type=float, default=[0.85, 0.9, 0.935])
    args = parser.parse_args()
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    def read(path: Path) -> list[dict]:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    x, y = [], []
    for faq in read(args.fit):
        for expected, raw, rows in questions(faq):
            for candidate, values in zip(raw, rows, strict=True):
                if not candidate[4]:
                    x.append(values)
                    y.append(int(candidate[0] == expected))
    model = LogisticRegression(C=10.0, max_iter=5000).fit(np.array(x), np.array(y))
    weights = [float(model.intercept_[0]), *map(float, model.coef_[0])]
    print(
        "coefficients:",
        ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, weights[1:], strict=True)),
    )
    print(f"intercept {weights[0]:+.2f}; {len(y)} candidates\n")
    groups: dict[tuple[str, str, int], list[dict]] = {}
    for faq in read(args.eval):
        faq["_questions"] = questions(faq)
        groups.setdefault((faq["kind"], faq["set"], faq["phrasings"]), []).append(faq)
    print("| FAQs | set | phrasings | rule | right | wrong | worst FAQ | FAQs over 2.5 % |")
    print("|---|---|---|---|---|---|---|---|")
    for (kind, name, phrasings), faqs in sorted(groups.items()):
        model_outcomes = [answered(faq, weights) for faq in faqs]
        rules: list[tuple[str, list[tuple[float, float]]]] = [
            ("shipped", [rates(shipped(faq), 0.5) for faq in faqs]),
            ("oracle", [oracle(o) for o in model_outcomes]),
        ]
        for threshold in args.thresholds:
            rules.append((f"global {threshold:g}", [rates(o, threshold) for o in model_outcomes]))
        for rule, results in rules:
            right = statistics.fmean(r for r, _ in results)
            wrong = [w for _, w in results]
            print(
                f"| {kind} ×{len(faqs)} | {name} | {phrasings} | {rule} | {right:.1f} | "
                f"{statistics.fmean(wrong):.2f} | {max(wrong):.1f} | "
                f"{sum(w > 2.5 for w in wrong)} |"
            )
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
