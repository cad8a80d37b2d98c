"""What each part of what the author wrote adds, FAQ by FAQ, on new users' FAQs.

Run from the project's root::

    python -m benchmarks.studies.authored_evidence

For each FAQ of ``benchmarks/data/new_user_faqs`` and its visitors' questions,
at default settings, right answers (% of on-topic questions) and first reply
right (% of on-topic questions whose answer, or else first suggestion, is
right) when faqbot reads:

- questions and variants only (each answer replaced by one that holds no word);
- those and the answers, as shipped;
- those, the answers and each entry's id as one more variant (« carte-grise »
  read as « carte grise »): an upper bound of what ids could add, since a
  variant weighs more than evidence read below the questions would.

The title is the same for every entry: it cannot tell two entries apart, so it
is not among them.
"""

from __future__ import annotations

import statistics

import faqbot
from benchmarks.bench_day_one import NEW_USERS, read

WORDLESS_ANSWER = "…"
"""An answer with no word in it: what an entry read without its answer holds."""


def scores(faq: faqbot.FAQ, questions: list[tuple[str | None, str]]) -> tuple[float, float]:
    """Right answers and first reply right, in % of the on-topic questions."""
    matcher = faqbot.Matcher(faq)
    on_topic = right = first = 0
    for label, question in questions:
        if label is None:
            continue
        on_topic += 1
        found = matcher.lookup(question)
        got = found.match.entry.id if found.match else None
        shown = got or next((m.entry.id for m in found.suggestions), None)
        right += got == label
        first += shown == label
    return 100 * right / on_topic, 100 * first / on_topic


def without_answers(faq: faqbot.FAQ) -> faqbot.FAQ:
    entries = tuple(entry._replace(answer=WORDLESS_ANSWER) for entry in faq.entries)
    return faq._replace(entries=entries)


def with_ids(faq: faqbot.FAQ) -> faqbot.FAQ:
    entries = tuple(
        entry._replace(variants=(*entry.variants, entry.id.replace("-", " ").replace("_", " ")))
        for entry in faq.entries
    )
    return faq._replace(entries=entries)


def main() -> None:
    sides = {
        "questions and variants": without_answers,
        "and answers (shipped)": lambda faq: faq,
        "and ids as variants": with_ids,
    }
    header = " | ".join(f"{side}: right / first" for side in sides)
    print(f"| FAQ | {header} |")
    print("|---|" + "---|" * len(sides))
    table: dict[str, list[tuple[float, float]]] = {side: [] for side in sides}
    for path in sorted(NEW_USERS.glob("*.yaml")):
        faq, questions = read(path.stem)
        cells = []
        for side, change in sides.items():
            found = scores(change(faq), questions)
            table[side].append(found)
            cells.append(f"{found[0]:.1f} / {found[1]:.1f}")
        print(f"| {path.stem} | " + " | ".join(cells) + " |")
    means = [
        f"{statistics.mean(r for r, _ in rows):.1f} / {statistics.mean(f for _, f in rows):.1f}"
        for rows in table.values()
    ]
    print("| **mean** | " + " | ".join(means) + " |")


if __name__ == "__main__":
    main()
