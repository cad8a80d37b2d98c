"""Fit the confidence's prior curve, and check how well the confidence is calibrated.

Run from the project's root, after saving rankings with ``confidence_data.py``::

    python -m benchmarks.tools.confidence_data --seeds 100-129 --small 30 \
        --out benchmarks/out/fit.jsonl
    python -m benchmarks.tools.confidence_data --seeds 0-9 --small 20 \
        --out benchmarks/out/eval.jsonl
    python -m benchmarks.tools.confidence_fit          # the prior, for faqbot/confidence.py
    python -m benchmarks.tools.confidence_fit --check  # reliability and order, FAQ by FAQ

The prior (:data:`faqbot.matching.confidence.PRIOR`) is a logistic curve over the
decision value of each question's closest candidate, fitted on the test
questions of the FAQs of ``fit.jsonl`` (seeds 100-129), each FAQ with the
cutoff and margin its own trials chose. ``--check`` fits each FAQ of
``eval.jsonl`` on its trials as faqbot does, then compares the confidence
shown with how often the entry shown is right, on its test questions: the
mean gap per FAQ (expected calibration error over 10 bins), and the share of
questions whose first entry by confidence is right, beside the first by
closeness.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from faqbot.matching import confidence
from faqbot.matching.calibration import choose, fit_curve, trial_of
from faqbot.matching.decision import TARGET_WRONG_RATE, Calibration, lead_of
from faqbot.matching.scoring import Candidate

HERE = Path(__file__).resolve().parent

Raw = list[list[float]]  # per candidate: entry, closeness, coverage, from_answer, exact, phrasings


def ranked_of(raw: Raw) -> list[Candidate]:
    """The candidates ``confidence_data.py`` saved, as the matcher ranked them."""
    return [Candidate(int(r[0]), r[1], r[2], "", bool(r[3]), bool(r[4])) for r in raw]


def calibrated(faq: dict, strength: float | None) -> Calibration:
    """The calibration faqbot would choose for ``faq``; the prior curve for ``None``."""
    numbers = range(faq["entries"])
    # A negative expected entry was saved for a question no entry answers.
    trials = [
        trial_of(t[0] if t[0] >= 0 else None, "", ranked_of(t[1]), numbers) for t in faq["trials"]
    ]
    ids = [str(n) for n in numbers]
    target = faq.get("target") or TARGET_WRONG_RATE
    chosen = choose(trials, ids, target=target, bare_share=faq["bare_share"])
    return chosen if strength is None else fit_curve(chosen, trials, strength=strength)


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def fit_prior(path: Path) -> tuple[float, float]:
    values: list[float] = []
    right: list[bool] = []
    for faq in read(path):
        chosen = calibrated(faq, None)
        for expected, raw, _, _ in faq["tests"]:
            ranked = ranked_of(raw)
            if ranked and not ranked[0].exact:
                best = ranked[0]
                values.append(
                    confidence.decision_value(
                        best.coverage,
                        lead_of(ranked),
                        best.from_answer,
                        cutoff=chosen.coverage_cutoff,
                        margin=chosen.margin,
                    )
                )
                right.append(best.entry == expected)
    return confidence.fit(values, right, [1.0] * len(values), strength=0.0)


def check(path: Path, strength: float | None) -> None:
    groups: dict[tuple[str, str, int], list[tuple[float, float, float]]] = {}
    for faq in read(path):
        calibration = calibrated(faq, strength)
        shown: list[tuple[float, bool]] = []
        first_by_closeness = first_by_confidence = on_topic = 0
        for expected, raw, _, _ in faq["tests"]:
            ranked = ranked_of(raw)
            percents = calibration.confidences(ranked)
            for p, candidate in zip(percents, ranked, strict=True):
                shown.append((p, candidate.entry == expected))
            if expected >= 0:
                on_topic += 1
                if ranked:
                    best = max(range(len(ranked)), key=lambda i: (percents[i], -i))
                    first_by_closeness += ranked[0].entry == expected
                    first_by_confidence += ranked[best].entry == expected
        bins: dict[int, list[tuple[float, bool]]] = {}
        for p, ok in shown:
            bins.setdefault(min(int(p // 10), 9), []).append((p, ok))
        error = sum(
            len(b)
            * abs(statistics.fmean(p for p, _ in b) - 100.0 * statistics.fmean(ok for _, ok in b))
            for b in bins.values()
        ) / max(len(shown), 1)
        key = (faq["kind"], faq["set"], faq["phrasings"])
        groups.setdefault(key, []).append(
            (error, 100.0 * first_by_closeness / on_topic, 100.0 * first_by_confidence / on_topic)
        )
    header = ["FAQs", "set", "phrasings", "calibration error, mean", "worst FAQ"]
    header += ["first by closeness", "first by confidence"]
    print("| " + " | ".join(header) + " |")
    print("|---|---|---|---|---|---|---|")
    for (kind, name, phrasings), rows in sorted(groups.items()):
        errors = [r[0] for r in rows]
        print(
            f"| {kind} ×{len(rows)} | {name} | {phrasings} | {statistics.fmean(errors):.1f} | "
            f"{max(errors):.1f} | {statistics.fmean(r[1] for r in rows):.1f} | "
            f"{statistics.fmean(r[2] for r in rows):.1f} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", type=Path, default=HERE.parent / "out" / "fit.jsonl")
    parser.add_argument("--eval", type=Path, default=HERE.parent / "out" / "eval.jsonl")
    parser.add_argument("--check", action="store_true", help="judge on --eval instead of fitting")
    parser.add_argument(
        "--strength", type=float, default=confidence.PRIOR_STRENGTH, help="the prior's pull"
    )
    parser.add_argument("--prior-only", action="store_true", help="no fit on each FAQ's trials")
    args = parser.parse_args()
    if args.check:
        check(args.eval, None if args.prior_only else args.strength)
        return 0
    intercept, slope = fit_prior(args.fit)
    print(f"PRIOR = ({intercept:.2f}, {slope:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
