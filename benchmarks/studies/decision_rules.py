"""Other ways to choose when to answer, beside the shipped one, FAQ by FAQ.

Run from the project's root, after saving rankings with ``confidence_data.py``::

    python -m benchmarks.tools.confidence_data --seeds 100-129 --small 30 \
        --out benchmarks/out/fit.jsonl
    python -m benchmarks.tools.confidence_data --seeds 0-9 --small 20 \
        --out benchmarks/out/eval.jsonl
    E=tests/eval; BUNDLED=$(echo $E/{dev,holdout,holdout{2..7}}.tsv | tr ' ' ,)
    python -m benchmarks.tools.confidence_data --sets ha --phrasings 5 --seeds 0-0 --labeled \
        bundled=src/faqbot/faq.yaml:$BUNDLED \
        bundled-new=src/faqbot/faq.yaml:$E/holdout8.tsv,$E/holdout9.tsv \
        mairie=examples/mairie.yaml:examples/mairie.tsv \
        boulangerie=examples/boulangerie.yaml:examples/boulangerie.tsv \
        mediatheque=examples/mediatheque.yaml:examples/mediatheque.tsv \
        --out benchmarks/out/labeled.jsonl
    python -m benchmarks.studies.decision_rules

The FAQ files of ``labeled.jsonl`` (bash is needed for the braces) are judged
at their own ``max_wrong_rate``, one row each.

Every rule answers a test question when its closest entry passes a cutoff
chosen on the FAQ's own calibration trials, as faqbot does; they differ in
what the cutoff applies to and how it is chosen:

- ``shipped``: faqbot's cutoff on coverage and margin on the lead, under the
  2 % target (:func:`faqbot.matching.calibration.choose`);
- ``shipped, target T``: the same rule aiming lower;
- ``upper bound``: the same search, but the expected wrong answers plus 1.64
  standard errors of their estimate must stay under 2 %;
- ``margin ≥ 10``: no margin under 10 may be chosen;
- ``prior trials``: the FAQ's trials plus trials of other FAQs (seeds
  100-129, ``fit.jsonl``) weighing 50 trials, in place of the flat prior of
  one wrong answer: a small FAQ leans on what other FAQs showed;
- ``coverage + lead``: one cutoff on the sum, chosen on the trials under 2 %;
- ``ceiling``: the best cutoff and margin for each FAQ, chosen on its own test
  questions under 2 % wrong: no method can know them, but no cutoff and
  margin do better.

Each cell gives the mean right answers (on-topic questions), the mean and the
worst FAQ's wrong answers (all questions), and how many FAQs go over 2.5 %.
It changes nothing at run time.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.tools.confidence_fit import ranked_of, read
from faqbot.matching import calibration
from faqbot.matching.calibration import OFF_TOPIC_SHARE, Trial, choose, trial_of

HERE = Path(__file__).resolve().parent

TARGET = 2.0
Raw = list[list[float]]  # per candidate: entry, closeness, coverage, from_answer, exact, phrasings
Rule = Callable[[dict, float], Callable[[Trial, bool], bool]]
"""From an FAQ's record and its target, the test of a question's closest entry
(its trial, and whether the question is one of the entry's phrasings): answer
it or not."""


def trial(faq: dict, expected: int, raw: Raw) -> Trial:
    """A question of ``faq`` saved with its ranking (expecting a negative
    number when no entry answers it), as a calibration trial."""
    return trial_of(expected if expected >= 0 else None, "", ranked_of(raw), range(faq["entries"]))


def trials_of(faq: dict) -> list[Trial]:
    return [trial(faq, t[0], t[1]) for t in faq["trials"]]


def passes(cutoff: float, margin: float) -> Callable[[Trial, bool], bool]:
    def sure(t: Trial, exact: bool) -> bool:
        return exact or (not t.from_answer and t.coverage >= cutoff and t.lead >= margin)

    return sure


def search(
    weighted: Sequence[tuple[Trial, float]],
    *,
    margins: Sequence[float],
    target: float = TARGET,
    wrong_prior: float = calibration.WRONG_PRIOR,
    z: float = 0.0,
    key: Callable[[Trial], float] = lambda t: t.coverage,
    bare_share: float = 0.0,
) -> tuple[float, float]:
    """The cutoff on ``key`` and the margin that answer the most weighted
    on-topic trials right under ``target``, as :func:`choose` searches
    (``bare_share`` as there)."""
    on_weight = sum(w for t, w in weighted if t.expected is not None)
    off_weight = sum(w for t, w in weighted if t.expected is None)

    def wrong_rate(wrong_on: float, answered_off: float, prior: float, z: float) -> float:
        on = (wrong_on + prior) / (on_weight + prior)
        if not off_weight:
            return 100.0 * on
        off = (answered_off + prior) / (off_weight + prior)
        on = (1 - bare_share) * on + bare_share * off
        rate = (1 - OFF_TOPIC_SHARE) * on + OFF_TOPIC_SHARE * off
        if z:
            variance = (1 - OFF_TOPIC_SHARE) ** 2 * on * (1 - on) / on_weight
            variance += OFF_TOPIC_SHARE**2 * off * (1 - off) / off_weight
            rate += z * math.sqrt(variance)
        return 100.0 * rate

    prior = min(wrong_prior, 0.5 * target / wrong_rate(0, 0, 1.0, 0)) if wrong_prior else 0.0
    best = (-1.0, math.inf, 0.0)
    for margin in margins:
        passing = sorted(
            ((t, w) for t, w in weighted if not t.from_answer and t.lead >= margin),
            key=lambda p: -key(p[0]),
        )
        right = wrong_on = answered_off = 0.0
        for position, (t, w) in enumerate(passing):
            if t.expected is None:
                answered_off += w
            elif t.best == t.expected:
                right += w
            else:
                wrong_on += w
            following = key(passing[position + 1][0]) if position + 1 < len(passing) else -1
            if following == key(t):
                continue
            if wrong_rate(wrong_on, answered_off, prior, z) > target + 1e-9:
                break
            if right > best[0]:
                best = (right, key(t), margin)
    return best[1], best[2]


def shipped(share: float = 1.0) -> Rule:
    """The shipped rule, aiming at ``share`` of the target."""

    def rule(faq: dict, target: float) -> Callable[[Trial, bool], bool]:
        ids = [str(n) for n in range(faq["entries"])]
        chosen = choose(trials_of(faq), ids, target=share * target, bare_share=faq["bare_share"])
        return passes(chosen.coverage_cutoff, chosen.margin)

    return rule


def searched(**options: object) -> Rule:
    def rule(faq: dict, target: float) -> Callable[[Trial, bool], bool]:
        weighted = [(t, 1.0) for t in trials_of(faq)]
        settings = {
            "margins": calibration.MARGINS,
            "target": target,
            "bare_share": faq["bare_share"],
            **options,
        }
        cutoff, margin = search(weighted, **settings)  # type: ignore[arg-type]
        return passes(cutoff, margin)

    return rule


def prior_trials(path: Path, strength: float, count: int = 200) -> Rule:
    on, off = [], []
    for faq in read(path):
        for t in trials_of(faq):
            (on if t.expected is not None else off).append(t)
    rng = random.Random(0)
    on, off = rng.sample(on, min(count, len(on))), rng.sample(off, min(count, len(off)))
    extra = [
        (t._replace(expected=0, best=0 if t.best == t.expected else 1), strength / len(on))
        for t in on
    ]
    extra += [(t._replace(expected=None), strength / len(off)) for t in off]

    def rule(faq: dict, target: float) -> Callable[[Trial, bool], bool]:
        weighted = [(t, 1.0) for t in trials_of(faq)] + extra
        cutoff, margin = search(
            weighted,
            margins=calibration.MARGINS,
            target=target,
            wrong_prior=0.0,
            bare_share=faq["bare_share"],
        )
        return passes(cutoff, margin)

    return rule


def summed(faq: dict, target: float) -> Callable[[Trial, bool], bool]:
    def key(t: Trial) -> float:
        return t.coverage + t.lead

    weighted = [(t, 1.0) for t in trials_of(faq)]
    cutoff, _ = search(
        weighted, margins=(0.0,), key=key, target=target, bare_share=faq["bare_share"]
    )
    return lambda t, exact: exact or (not t.from_answer and key(t) >= cutoff)


def outcome(faq: dict, sure: Callable[[Trial, bool], bool]) -> tuple[float, float]:
    """Right (on-topic) and wrong (all questions) answers on the FAQ's test questions."""
    right = wrong = on_topic = 0
    for expected, raw, _, _ in faq["tests"]:
        t = trial(faq, expected, raw)
        on_topic += t.expected is not None
        if raw and sure(t, bool(raw[0][4])):
            right += t.best == t.expected
            wrong += t.best != t.expected
    return 100.0 * right / on_topic, 100.0 * wrong / len(faq["tests"])


def ceiling(faq: dict, target: float) -> tuple[float, float]:
    """The most right answers any cutoff and margin give this FAQ under the target."""
    tests = [(trial(faq, e, raw), bool(raw and raw[0][4])) for e, raw, _, _ in faq["tests"]]
    on_topic = sum(t.expected is not None for t, _ in tests)
    best = (0.0, 0.0)
    for margin in calibration.MARGINS:
        right = sum(exact and t.best == t.expected for t, exact in tests)
        wrong = sum(exact and t.best != t.expected for t, exact in tests)
        passing = sorted(
            (t for t, exact in tests if not exact and not t.from_answer and t.lead >= margin),
            key=lambda t: -t.coverage,
        )
        for position, t in enumerate(passing):
            right += t.best == t.expected
            wrong += t.best != t.expected
            if position + 1 < len(passing) and passing[position + 1].coverage == t.coverage:
                continue
            rates = (100.0 * right / on_topic, 100.0 * wrong / len(tests))
            if rates[1] <= target and rates[0] > best[0]:
                best = rates
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", type=Path, default=HERE.parent / "out" / "fit.jsonl")
    parser.add_argument("--eval", type=Path, default=HERE.parent / "out" / "eval.jsonl")
    parser.add_argument("--labeled", type=Path, default=HERE.parent / "out" / "labeled.jsonl")
    args = parser.parse_args()
    rules: dict[str, Rule] = {
        "shipped": shipped(),
        "shipped, target × 0.75": shipped(0.75),
        "shipped, target × 0.5": shipped(0.5),
        "upper bound": searched(z=1.64),
        "margin ≥ 10": searched(margins=[m for m in calibration.MARGINS if m >= 10]),
        "prior trials": prior_trials(args.fit, 50.0),
        "coverage + lead": summed,
    }
    groups: dict[tuple[str, str, int], list[dict]] = {}
    for faq in read(args.eval):
        if faq["kind"] in ("protocol", "small"):
            groups.setdefault((faq["kind"], faq["set"], faq["phrasings"]), []).append(faq)
    if args.labeled.exists():
        for faq in read(args.labeled):
            if faq["kind"] not in ("protocol", "small"):
                groups[("file", faq["set"], 0)] = [faq]
    names = [*rules, "ceiling"]
    print("| FAQs | set | phrasings | " + " | ".join(names) + " |")
    print("|---|---|---|" + "---|" * len(names))
    for (kind, name, phrasings), faqs in sorted(groups.items()):
        cells = []
        for rule_name in names:
            targets = [faq.get("target") or TARGET for faq in faqs]
            if rule_name == "ceiling":
                results = [ceiling(faq, t) for faq, t in zip(faqs, targets, strict=True)]
            else:
                results = [
                    outcome(faq, rules[rule_name](faq, t))
                    for faq, t in zip(faqs, targets, strict=True)
                ]
            wrong = [w for _, w in results]
            cells.append(
                f"{statistics.fmean(r for r, _ in results):.1f} / {statistics.fmean(wrong):.2f}"
                f" / {max(wrong):.1f} / {sum(w > 2.5 for w in wrong)}"
            )
        print(f"| {kind} ×{len(faqs)} | {name} | {phrasings} | " + " | ".join(cells) + " |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
