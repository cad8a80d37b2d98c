"""Fit the visitors' prior of :mod:`faqbot.matching.confidence`, and measure it FAQ by FAQ.

Run from the project's root, with the ``bench`` extra (numpy)::

    python -m benchmarks.tools.fit_visitor_model            # coefficients and the check
    python -m benchmarks.tools.fit_visitor_model --check    # the check alone, shipped model

The prior is a logistic model of the chance that a ranked candidate is the
right entry, from what any FAQ shows (:func:`faqbot.matching.confidence.visitor_features`).
It is fitted on three sources, each weighing the same, so that no one bias wins:

- the visitors' questions of the eight FAQs of ``benchmarks/data/new_user_faqs``
  (their off-topic questions are everyday ones: « vous vendez des croquettes ? »);
- small FAQs built from the two intent sets by ``protocol.small_split``, seeds
  0-9 (their off-topic questions are held-out intents, near twins).

Every candidate a question ranks (up to four) is one example: right when it
is the question's entry. The check refits the model without each new-user
FAQ in turn and decides that FAQ's questions with it alone, at
:data:`faqbot.matching.confidence.VISITOR_THRESHOLD`: an estimate for FAQs the model
never saw.
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Iterator

import numpy as np

import faqbot
from benchmarks import protocol
from faqbot.matching import confidence

NEW_USERS = protocol.DATA / "new_user_faqs"
SEEDS = range(10)
RANKED = 4
L2 = 1.0
"""Ridge penalty on the coefficients, against a total example weight of 1,000 a source."""


def new_user_faqs() -> Iterator[tuple[str, faqbot.FAQ, list[tuple[str | None, str]]]]:
    for path in sorted(NEW_USERS.glob("*.yaml")):
        rows = [
            line.split("\t")[:2]
            for line in path.with_suffix(".tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        yield path.stem, faqbot.load_faq(path), [(None if a == "-" else a, q) for a, q in rows]


def intent_faqs(name: str) -> Iterator[tuple[str, faqbot.FAQ, list[tuple[str | None, str]]]]:
    intents = protocol.read_intents(protocol.SETS[name])
    for seed in SEEDS:
        split = protocol.small_split(intents, seed=seed)
        yield f"{name}:{seed}", faqbot.parse_faq(protocol.faq_yaml(split.entries)), split.questions


Example = tuple[tuple[float, ...], bool, bool]  # features, right, exact


def examples(
    faq: faqbot.FAQ, questions: list[tuple[str | None, str]]
) -> list[tuple[str | None, list[tuple[Example, str]]]]:
    """For each question, its label and each ranked candidate's features and entry id."""
    matcher = faqbot.Matcher(faq)
    found = []
    for label, question in questions:
        ranking = matcher._ranking(question, limit=RANKED)
        ranked = ranking.candidates
        rows = []
        for position, candidate in enumerate(ranked):
            others = [c.closeness for i, c in enumerate(ranked) if i != position]
            features = confidence.visitor_features(
                candidate.closeness,
                candidate.closeness - max(others, default=0.0),
                candidate.coverage,
                candidate.from_answer,
                content_words=ranking.content_words,
                unknown=ranking.unknown,
                by_answer=candidate.by_answer,
                by_phrasings=candidate.by_phrasings,
            )
            entry_id = faq.entries[candidate.entry].id if candidate.entry < len(faq.entries) else ""
            rows.append(((features, entry_id == label, candidate.exact), entry_id))
        found.append((label, rows))
    return found


Sources = dict[str, list[tuple[str, list[tuple[str | None, list[tuple[Example, str]]]]]]]
"""Each source's FAQs, by name, with the examples of their questions."""


def sources() -> Sources:
    """The three sources the prior is fitted on, each FAQ's questions read."""
    return {
        "new_users": [(name, examples(faq, qs)) for name, faq, qs in new_user_faqs()],
        "cdtn": [(name, examples(faq, qs)) for name, faq, qs in intent_faqs("cdtn")],
        "ha": [(name, examples(faq, qs)) for name, faq, qs in intent_faqs("ha")],
    }


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted ridge logistic regression by Newton's method."""
    beta = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ beta))
        gradient = x.T @ (w * (p - y)) + L2 * beta
        hessian = (x.T * (w * p * (1 - p))) @ x + L2 * np.eye(len(beta))
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).sum() < 1e-9:
            break
    return beta


def fitted_without(read: Sources, name: str) -> np.ndarray:
    """The prior fitted on ``read`` without the new user's FAQ ``name``."""
    rest = {**read, "new_users": [s for s in read["new_users"] if s[0] != name]}
    return fit(*design(rest))


def design(sources: dict[str, list]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for faqs in sources.values():
        rows = [ex for _, questions in faqs for _, ranked in questions for ex, _ in ranked]
        rows = [(f, r) for f, r, exact in rows if not exact]
        for features, right in rows:
            xs.append(features)
            ys.append(1.0 if right else 0.0)
            ws.append(1000.0 / len(rows))
    return np.array(xs), np.array(ys), np.array(ws)


def decide(
    beta: np.ndarray,
    label: str | None,
    ranked: list[tuple[Example, str]],
    threshold: float = confidence.VISITOR_THRESHOLD,
) -> str | None:
    """The entry answered by the prior alone, or ``None``."""
    if not ranked:
        return None
    scored = [
        (100.0 if exact else confidence.from_logit(float(np.dot(beta, f))), entry_id)
        for (f, _, exact), entry_id in ranked
    ]
    best, entry_id = max(scored, key=lambda pair: pair[0])
    return entry_id if best >= threshold else None


def rates(
    beta: np.ndarray, questions: list, threshold: float = confidence.VISITOR_THRESHOLD
) -> tuple[float, float]:
    on_topic = sum(1 for label, _ in questions if label)
    answered = [(label, decide(beta, label, ranked, threshold)) for label, ranked in questions]
    right = sum(1 for label, got in answered if label and got == label)
    wrong = sum(1 for label, got in answered if got is not None and got != label)
    return 100.0 * right / on_topic, 100.0 * wrong / len(questions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="check the shipped model only")
    args = parser.parse_args()
    read = sources()
    shipped = np.array(confidence.VISITOR_MODEL)
    if not args.check:
        beta = fit(*design(read))
        print("VISITOR_MODEL =", tuple(round(float(b), 2) for b in beta))
    decided_by = "the shipped model" if args.check else "a model fitted without it"
    print(f"Each new-user FAQ decided by {decided_by}, at {confidence.VISITOR_THRESHOLD:g} %:")
    table = []
    for name, questions in read["new_users"]:
        beta = shipped if args.check else fitted_without(read, name)
        right, wrong = rates(beta, questions)
        table.append((right, wrong))
        print(f"  {name:12s} right {right:5.1f}  wrong {wrong:4.1f}")
    print(
        f"  {'mean':12s} right {statistics.mean(r for r, _ in table):5.1f}  "
        f"wrong {statistics.mean(w for _, w in table):4.1f}  "
        f"worst wrong {max(w for _, w in table):4.1f}"
    )
    expected = (statistics.mean(r for r, _ in table), statistics.mean(w for _, w in table))
    if not args.check:  # the shipped model saw every FAQ: its means are not an estimate
        print(f"VISITOR_EXPECTED = ({expected[0]:.1f}, {expected[1]:.2f})")
    for source in ("cdtn", "ha"):
        found = [rates(shipped, qs) for _, qs in read[source]]
        print(
            f"small {source} FAQs, shipped model: right {statistics.mean(r for r, _ in found):5.1f}"
            f"  wrong {statistics.mean(w for _, w in found):4.1f}"
            f"  worst wrong {max(w for _, w in found):4.1f}"
        )


if __name__ == "__main__":
    main()
