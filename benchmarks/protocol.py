"""Turn an intent data set into an FAQ and labeled questions, the same way every time.

The protocol, for one seed:

1. keep the intents with at least ``min_utterances`` utterances;
2. hold out a random fifth of them: their utterances are off-topic questions;
3. for every other intent, shuffle its utterances: the first ``phrasings``
   become an FAQ entry (the first is its question, the rest its variants),
   and every remaining utterance is a question that expects that entry.

Answers are neutral ("Réponse n° 3."), so that only phrasings count.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).resolve().parent / "data"
SETS = {
    "cdtn": DATA / "cdtn_requetes_fr" / "intents.tsv",
    "ha": DATA / "ha_intents_fr" / "intents.tsv",
}


class Split(NamedTuple):
    """An FAQ as (intent, phrasings) pairs, and questions as (intent or None, text)."""

    entries: list[tuple[str, list[str]]]
    questions: list[tuple[str | None, str]]


def read_intents(path: Path) -> dict[str, list[str]]:
    """``intent<TAB>utterance`` lines, grouped by intent, in file order."""
    grouped: defaultdict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        intent, tab, utterance = line.partition("\t")
        if tab and utterance.strip():
            grouped[intent].append(utterance.strip())
    return dict(grouped)


def split(
    intents: dict[str, list[str]],
    *,
    seed: int,
    phrasings: int = 5,
    min_utterances: int = 10,
    off_topic_share: float = 0.2,
    limit: int | None = None,
) -> Split:
    """Apply the protocol; ``limit`` keeps only that many intents (for quick tests)."""
    rng = random.Random(seed)
    kept = sorted(i for i, utterances in intents.items() if len(utterances) >= min_utterances)
    if limit is not None:
        kept = sorted(rng.sample(kept, min(limit, len(kept))))
    off_topic = set(rng.sample(kept, int(len(kept) * off_topic_share)))
    entries: list[tuple[str, list[str]]] = []
    questions: list[tuple[str | None, str]] = []
    for intent in kept:
        utterances = list(intents[intent])
        rng.shuffle(utterances)
        if intent in off_topic:
            questions += [(None, u) for u in utterances]
        else:
            entries.append((intent, utterances[:phrasings]))
            questions += [(intent, u) for u in utterances[phrasings:]]
    return Split(entries, questions)


def mixed_split(
    intents: dict[str, list[str]], *, seed: int, counts: Sequence[int], min_utterances: int = 10
) -> Split:
    """The protocol with as many phrasings as :func:`split` gives for the
    largest of ``counts``, then each entry cut to a count drawn from
    ``counts``; the phrasings cut off become its questions. Real FAQs mix
    entries with many variants and entries with none."""
    base = split(intents, seed=seed, phrasings=max(counts), min_utterances=min_utterances)
    rng = random.Random(seed)
    entries: list[tuple[str, list[str]]] = []
    questions = list(base.questions)
    for intent, phrasings in base.entries:
        count = rng.choice(counts)
        entries.append((intent, phrasings[:count]))
        questions += [(intent, text) for text in phrasings[count:]]
    return Split(entries, questions)


def small_split(
    intents: dict[str, list[str]],
    *,
    seed: int,
    entries: int = 8,
    phrasings: int = 5,
    questions_per_intent: int = 10,
    min_utterances: int = 10,
) -> Split:
    """A small FAQ, as a shop or a club would write: ``entries`` random intents
    of ``phrasings`` phrasings, and a quarter as many other intents whose
    utterances are off-topic questions. Each intent gives at most
    ``questions_per_intent`` questions, so that no intent outweighs the rest."""
    rng = random.Random(seed)
    pool = sorted(i for i, utterances in intents.items() if len(utterances) >= min_utterances)
    chosen = rng.sample(pool, min(len(pool), entries + max(1, entries // 4)))
    faq_entries: list[tuple[str, list[str]]] = []
    questions: list[tuple[str | None, str]] = []
    for position, intent in enumerate(chosen):
        utterances = list(intents[intent])
        rng.shuffle(utterances)
        if position < entries:
            faq_entries.append((intent, utterances[:phrasings]))
            asked = utterances[phrasings : phrasings + questions_per_intent]
            questions += [(intent, u) for u in asked]
        else:
            questions += [(None, u) for u in utterances[:questions_per_intent]]
    return Split(faq_entries, questions)


def faq_yaml(entries: Sequence[tuple[str, Sequence[str]]]) -> str:
    """The faq.yaml text of an FAQ built by :func:`split`."""
    lines = ["entries:"]
    for number, (intent, texts) in enumerate(entries, start=1):
        lines.append(f"  - id: {json.dumps(intent)}")
        lines.append(f"    question: {json.dumps(texts[0], ensure_ascii=False)}")
        lines.append(f"    answer: {json.dumps(f'Réponse n° {number}.', ensure_ascii=False)}")
        if len(texts) > 1:
            lines.append("    variants:")
            lines += [f"      - {json.dumps(t, ensure_ascii=False)}" for t in texts[1:]]
    return "\n".join(lines) + "\n"


class Rates(NamedTuple):
    """Percentages over one split.

    ``top1``: on-topic questions whose best entry is right, whatever its score.
    ``right``: on-topic questions answered right. ``refused``: off-topic
    questions with no answer. ``wrong``: all questions answered wrongly.
    ``reachable``: on-topic questions answered right, or left unanswered with
    the right entry among the suggestions shown. ``on_topic_wrong``: on-topic
    questions answered wrongly. ``off_topic_share``: off-topic questions among
    all; it grows with the phrasings per entry, since an off-topic intent keeps
    all its utterances as questions and a kept one gives some to the FAQ.
    """

    top1: float
    right: float
    refused: float
    wrong: float
    reachable: float
    on_topic_wrong: float = 0.0
    off_topic_share: float = 0.0

    def wrong_at(self, off_topic_share: float) -> float:
        """The share of wrong answers with ``off_topic_share`` percent of off-topic questions."""
        on_topic_share = 100.0 - off_topic_share
        answered_off = 100.0 - self.refused
        return (on_topic_share * self.on_topic_wrong + off_topic_share * answered_off) / 100


def rates(outcomes: Sequence[tuple[str | None, str | None, str | None, bool]]) -> Rates:
    """Rates from (expected, best entry, answer, reachable) per question."""
    on_topic = [o for o in outcomes if o[0] is not None]
    off_topic = [o for o in outcomes if o[0] is None]

    def percent(count: int, total: int) -> float:
        return 100.0 * count / total if total else 0.0

    return Rates(
        percent(sum(o[1] == o[0] for o in on_topic), len(on_topic)),
        percent(sum(o[2] == o[0] for o in on_topic), len(on_topic)),
        percent(sum(o[2] is None for o in off_topic), len(off_topic)),
        percent(sum(o[2] is not None and o[2] != o[0] for o in outcomes), len(outcomes)),
        percent(sum(o[3] for o in on_topic), len(on_topic)),
        percent(sum(o[2] is not None and o[2] != o[0] for o in on_topic), len(on_topic)),
        percent(len(off_topic), len(outcomes)),
    )


def faqbot_outcomes(matcher: object, questions: Sequence[tuple[str | None, str]]) -> list:
    """Run ``questions`` through a :class:`faqbot.Matcher` as a user of ``lookup`` sees it."""
    outcomes = []
    for expected, question in questions:
        ranked = matcher.search(question, limit=1, score_cutoff=0)  # type: ignore[attr-defined]
        best = ranked[0].entry.id if ranked else None
        hit, suggestions = matcher.lookup(question)  # type: ignore[attr-defined]
        answer = hit.entry.id if hit else None
        shown = [m.entry.id for m in suggestions]
        reachable = answer == expected if answer is not None else expected in shown
        outcomes.append((expected, best, answer, reachable))
    return outcomes


def as_the_page_logs(log: Path) -> None:
    """Rewrite a log that ``faqbot ask --log`` wrote as the chat page writes
    it: on the page an asker can pick a suggestion, so a miss is pickable."""
    lines = []
    for line in log.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record.pop("pickable", None)
        lines.append(json.dumps(record, ensure_ascii=False))
    log.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
