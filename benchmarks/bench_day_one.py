"""Day one on new users' FAQs: what faqbot answers before anyone teaches it.

Run from the project's root (the SVM peer needs the ``bench`` extra)::

    python -m benchmarks.bench_day_one

For each FAQ of ``benchmarks/data/new_user_faqs`` (10-12 entries, 30
visitors' questions of which 6 are off-topic), at default settings:

- right: on-topic questions answered with the right entry (%);
- check expects: the right answers ``faqbot check`` expects, which should
  come within 15 points of the measured ones;
- wrong: questions answered with a wrong entry (% of all);
- first: on-topic questions whose answer, or else first suggestion, is right (%);
- oracle: the right answers of the best confidence threshold chosen on the
  FAQ's own visitors, with at most one wrong answer in 30: how much of the
  gap is the decision's, which no method choosing blind can beat;
- SVM top-1: TF-IDF over words and char_wb 2-5 n-grams with ``LinearSVC``,
  trained on questions and variants, then with each entry's answer added;
- stability: each on-topic visitor question in turn is added as a variant
  of its own entry, as an author following a visitor would; the most right
  answers this loses among the FAQ's other questions (the promise: at most
  one), and how many of the additions lose more than one.
"""

from __future__ import annotations

import statistics

import faqbot
from benchmarks import protocol

NEW_USERS = protocol.DATA / "new_user_faqs"


def read(name: str) -> tuple[faqbot.FAQ, list[tuple[str | None, str]]]:
    rows = [
        line.split("\t")[:2]
        for line in (NEW_USERS / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    faq = faqbot.load_faq(NEW_USERS / f"{name}.yaml")
    return faq, [(None if label == "-" else label, question) for label, question in rows]


def faqbot_row(faq: faqbot.FAQ, questions: list[tuple[str | None, str]]) -> dict[str, float]:
    matcher = faqbot.Matcher(faq)
    on_topic = sum(1 for label, _ in questions if label)
    right = wrong = first = 0
    best: list[tuple[float, bool]] = []  # the first entry's confidence, and whether it is right
    for label, question in questions:
        found = matcher.lookup(question)
        got = found.match.entry.id if found.match else None
        shown = got or next((m.entry.id for m in found.suggestions), None)
        right += label is not None and got == label
        wrong += got is not None and got != label
        first += label is not None and shown == label
        top = matcher.search(question, limit=1, score_cutoff=0)
        if top:
            best.append((top[0].confidence, top[0].entry.id == label))
    oracle = 0
    for threshold in sorted({c for c, _ in best}):
        answered = [ok for c, ok in best if c >= threshold]
        if len(answered) - sum(answered) <= len(questions) // 30:
            oracle = max(oracle, sum(answered))
    return {
        "right": 100 * right / on_topic,
        "check": matcher.calibration.expected_right,
        "wrong": 100 * wrong / len(questions),
        "first": 100 * first / on_topic,
        "oracle": 100 * oracle / on_topic,
    }


def right_answers(faq: faqbot.FAQ, questions: list[tuple[str | None, str]]) -> list[bool]:
    matcher = faqbot.Matcher(faq)
    found = []
    for label, question in questions:
        hit = matcher.match(question)
        found.append(label is not None and hit is not None and hit.entry.id == label)
    return found


def stability(faq: faqbot.FAQ, questions: list[tuple[str | None, str]]) -> tuple[int, int]:
    """The most right answers one added variant loses on the other
    questions, and how many additions lose more than one."""
    before = right_answers(faq, questions)
    worst = broken = 0
    for position, (label, question) in enumerate(questions):
        if label is None:
            continue
        grown = faq._replace(
            entries=tuple(
                e._replace(variants=(*e.variants, question)) if e.id == label else e
                for e in faq.entries
            )
        )
        after = right_answers(grown, questions)
        lost = sum(
            1 for i, (b, a) in enumerate(zip(before, after, strict=True)) if i != position and b > a
        )
        gained = sum(
            1 for i, (b, a) in enumerate(zip(before, after, strict=True)) if i != position and a > b
        )
        net = lost - gained
        worst = max(worst, net)
        broken += net > 1
    return worst, broken


def svm_top1(
    faq: faqbot.FAQ, questions: list[tuple[str | None, str]], *, answers: bool
) -> float | None:
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_union
        from sklearn.svm import LinearSVC
    except ImportError:
        return None
    texts, labels = [], []
    for entry in faq.entries:
        for text in (*entry.phrasings, *((entry.answer,) if answers else ())):
            texts.append(text)
            labels.append(entry.id)
    vectorizer = make_union(
        TfidfVectorizer(analyzer="word", sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )
    model = LinearSVC().fit(vectorizer.fit_transform(texts), labels)
    on_topic = [(label, q) for label, q in questions if label]
    predicted = model.predict(vectorizer.transform([q for _, q in on_topic]))
    return (
        100
        * sum(p == label for p, (label, _) in zip(predicted, on_topic, strict=True))
        / len(on_topic)
    )


def main() -> None:
    names = sorted(p.stem for p in NEW_USERS.glob("*.yaml"))
    print(
        "| FAQ | right | check expects | wrong | first | oracle | SVM top-1 "
        "| SVM top-1 with answers | most lost to one added variant "
        "| additions losing more than 1 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for name in names:
        faq, questions = read(name)
        row = faqbot_row(faq, questions)
        row["svm"] = svm_top1(faq, questions, answers=False) or float("nan")
        row["svm_answers"] = svm_top1(faq, questions, answers=True) or float("nan")
        row["lost"], row["broken"] = stability(faq, questions)
        rows.append(row)
        print(f"| {name} | " + " | ".join(f"{v:.1f}" for v in row.values()) + " |")
    means = {key: statistics.mean(r[key] for r in rows) for key in rows[0]}
    print("| **mean** | " + " | ".join(f"{v:.1f}" for v in means.values()) + " |")
    worst = max(r["wrong"] for r in rows)
    over = sum(r["wrong"] > 100 * 2 / 30 + 1e-9 for r in rows)
    print(f"\nWorst FAQ: {worst:.1f} % wrong; FAQs over 2 wrong answers in 30: {over}.")
    far = sum(abs(r["check"] - r["right"]) > 15 for r in rows)
    print(f"FAQs where check's expectation is more than 15 points off: {far}.")


if __name__ == "__main__":
    main()
