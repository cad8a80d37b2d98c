"""FAQs without a single variant: what they answer, and at which threshold.

Run from the project's root::

    python -m benchmarks.bench_bare                    # shipped threshold, and the sweep
    python -m benchmarks.bench_bare --thresholds 80 90

A new user often starts from an FAQ page they already have: questions and
answers, no variants. Calibration then has no phrasing to hold out, and
such an FAQ decides on the visitors' prior alone, at
:data:`faqbot.matching.confidence.BARE_THRESHOLD`. This measures it, with the
two kinds of FAQ the prior was fitted on, so that neither bias wins:

- small businesses: the FAQs of ``benchmarks/data/new_user_faqs`` and
  ``examples/`` (mairie, médiathèque) stripped of their variants, asked their
  visitors' questions (off-topic ones are everyday questions);
- the intent sets: FAQs of one phrasing an intent, 60 intents a seed
  (``protocol.split``, seeds 0-2) and 8 (``protocol.small_split``, seeds
  0-9), whose off-topic questions are held-out intents, near twins.

For each threshold (a confidence, in percent): right answers (% of on-topic
questions) and wrong ones (% of all), means over each kind's FAQs, the worst
small business, and the pooled wrong answers (small businesses, labour law
and home assistant weighing the same). The shipped threshold is the lowest
of the sweep whose pooled wrong answers stay under the 2 % target.

Then the first variant: each on-topic visitor question of a small business
in turn is added as the only variant of its entry, and the right answers
this loses among the other questions are counted (the promise: at most one).
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Iterator, Sequence
from pathlib import Path

import faqbot
from benchmarks import protocol
from faqbot.authoring.labeled import read_labeled
from faqbot.matching.confidence import BARE_THRESHOLD
from faqbot.matching.decision import TARGET_WRONG_RATE

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SWEEP = (67.0, 75.0, 80.0, 85.0, 88.0, 90.0, 92.0, 94.0)

Questions = list[tuple[str | None, str]]


def bare(faq: faqbot.FAQ) -> faqbot.FAQ:
    return faq._replace(entries=tuple(e._replace(variants=()) for e in faq.entries))


def businesses() -> Iterator[tuple[str, faqbot.FAQ, Questions]]:
    pairs = [(p, p.with_suffix(".tsv")) for p in sorted(protocol.DATA.glob("new_user_faqs/*.yaml"))]
    pairs += [(EXAMPLES / f"{n}.yaml", EXAMPLES / f"{n}.tsv") for n in ("mairie", "mediatheque")]
    for faq_path, visitors in pairs:
        faq = bare(faqbot.load_faq(faq_path))
        yield faq_path.stem, faq, [(q.expected, q.question) for q in read_labeled(visitors, faq)]


def intent_faqs(name: str) -> Iterator[tuple[str, faqbot.FAQ, Questions]]:
    intents = protocol.read_intents(protocol.SETS[name])
    for seed in range(3):
        split = protocol.split(intents, seed=seed, phrasings=1, limit=60)
        yield f"{name} 60", faqbot.parse_faq(protocol.faq_yaml(split.entries)), split.questions
    for seed in range(10):
        split = protocol.small_split(intents, seed=seed)
        faq = bare(faqbot.parse_faq(protocol.faq_yaml(split.entries)))
        yield f"{name} 8", faq, split.questions


def rates(matcher: faqbot.Matcher, questions: Questions) -> tuple[float, float]:
    """Right answers (% of on-topic questions) and wrong ones (% of all)."""
    on_topic = right = wrong = 0
    for expected, question in questions:
        hit = matcher.match(question)
        got = hit.entry.id if hit is not None else None
        on_topic += expected is not None
        right += expected is not None and got == expected
        wrong += got is not None and got != expected
    return 100.0 * right / max(on_topic, 1), 100.0 * wrong / max(len(questions), 1)


def measure(
    faqs: Sequence[tuple[str, faqbot.FAQ, Questions]], threshold: float | None
) -> dict[str, list[tuple[float, float]]]:
    found: dict[str, list[tuple[float, float]]] = {}
    for kind, faq, questions in faqs:
        matcher = faqbot.Matcher(faq, score_cutoff=threshold)
        found.setdefault(kind, []).append(rates(matcher, questions))
    return found


def first_variant_losses(faqs: Sequence[tuple[str, faqbot.FAQ, Questions]]) -> list[int]:
    """Right answers lost among the other questions, for each on-topic
    question added as the only variant of its own entry."""
    losses = []
    for _, faq, questions in faqs:
        before = answered_right(faq, questions)
        for number, (expected, question) in enumerate(questions):
            if expected is None:
                continue
            entries = tuple(
                e._replace(variants=(question,)) if e.id == expected else e for e in faq.entries
            )
            after = answered_right(faq._replace(entries=entries), questions)
            losses.append(len(before - after - {number}))
    return losses


def answered_right(faq: faqbot.FAQ, questions: Questions) -> set[int]:
    matcher = faqbot.Matcher(faq)
    found = set()
    for number, (expected, question) in enumerate(questions):
        hit = matcher.match(question)
        if expected is not None and hit is not None and hit.entry.id == expected:
            found.add(number)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", nargs="*", type=float, default=list(SWEEP))
    args = parser.parse_args()
    faqs = [("business", faq, q) for _, faq, q in businesses()]
    faqs += [item for name in protocol.SETS for item in intent_faqs(name)]
    kinds = ["business", "cdtn 60", "cdtn 8", "ha 60", "ha 8"]
    print("| threshold | " + " | ".join(f"{k}: right / wrong" for k in kinds), end="")
    print(" | worst business wrong | pooled wrong |")
    print("|---" * (len(kinds) + 3) + "|")
    for threshold in [None, *args.thresholds]:
        found = measure(faqs, threshold)
        means = {k: tuple(statistics.fmean(x) for x in zip(*found[k], strict=True)) for k in kinds}
        pooled = statistics.fmean(
            [
                means["business"][1],
                (means["cdtn 60"][1] + means["cdtn 8"][1]) / 2,
                (means["ha 60"][1] + means["ha 8"][1]) / 2,
            ]
        )
        worst = max(wrong for _, wrong in found["business"])
        shown = f"{BARE_THRESHOLD:g} (shipped)" if threshold is None else f"{threshold:g}"
        cells = " | ".join(f"{means[k][0]:.1f} / {means[k][1]:.2f}" for k in kinds)
        mark = " ✓" if pooled <= TARGET_WRONG_RATE else ""
        print(f"| {shown} | {cells} | {worst:.1f} | {pooled:.2f}{mark} |", flush=True)
    losses = first_variant_losses([f for f in faqs if f[0] == "business"])
    print(
        f"\nA first variant, one visitor question added to its entry: most right answers "
        f"lost {max(losses)}; additions losing more than one: "
        f"{sum(lost > 1 for lost in losses)} of {len(losses)}."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
