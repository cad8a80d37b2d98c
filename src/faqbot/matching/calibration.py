"""Calibration, the matcher's fourth stage: when is the best entry a sure answer?

The FAQ itself stands in for the questions to come. A phrasing held out of
its entry is asked: the matcher should still find that entry. An entry held
out whole has its phrasings asked: any answer is then a wrong one, as for a
question about something the FAQ does not cover. So is any answer to a
held-out phrasing with one of its words replaced by a word the FAQ does not
know, the same question about something else ("Quels sont les avantages de
Linux ?"). From these trials, the cutoff on the best score and the margin
over the runner-up are chosen that answer the most questions right while
keeping the expected share of wrong answers under a target.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from random import Random
from typing import NamedTuple

from faqbot.faqfile.faq import FAQ, Entry
from faqbot.matching.confidence import (
    PRIOR_STRENGTH,
    VISITOR_EXPECTED,
    decision_value,
    fit,
    trust_in_trials,
)
from faqbot.matching.decision import (
    TARGET_WRONG_RATE,
    Calibration,
    is_sure,
    lead_of,
    that_count,
)
from faqbot.matching.index import Index
from faqbot.matching.scoring import Candidate, rank
from faqbot.support.progress import Progress
from faqbot.text.normalize import analyze, raw_words

OFF_TOPIC_SHARE = 0.25
"""The share of questions assumed to be about nothing in the FAQ.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
FOLDS = 4
ALL_FOLDS_PHRASINGS = 3000
"""Up to this many phrasings, every phrasing and entry is held out once.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
ENOUGH_PHRASINGS = 400
MAX_REPEATS = 3
"""An FAQ with fewer than ENOUGH_PHRASINGS phrasings is folded up to MAX_REPEATS times.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
PROBES = 200
"""Entries sampled to calibrate a larger FAQ: half left out, half asked one phrasing.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
PER_LEFT_OUT = 4
"""Phrasings asked of each sampled left-out entry.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
_NOWHERE = "zqxwv"
MARGINS = tuple(float(m) for m in range(0, 42, 2))
WEAK_ENTRY_RATE = 50.0
"""An entry whose held-out phrasings (two at least) find it less often than this
(percent) is weak.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
WRONG_PRIOR = 1.0
"""Wrong answers added to those seen in on-topic and in off-topic trials before
comparing with the target: with few trials, the cutoff errs on the side of
caution. For a small FAQ the prior is scaled down, so that it never takes more
than half of the target.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
FALLBACK_CUTOFF = 75.0
FALLBACK_MARGIN = 20.0
"""The cutoff and margin a calibration carries when no entry has a variant to
hold out. They decide nothing: the visitors' prior answers alone, at
:data:`faqbot.matching.confidence.BARE_THRESHOLD`. As the rule, before, they
answered 3.5 % of small businesses' visitors right.
Measured by ``python -m benchmarks.bench_bare``."""


class Trial(NamedTuple):
    """One simulated question: the entry it asks about (``None`` when no
    entry answers it: its entry was left out, or a word was swapped for one
    nobody uses), the entry that ranked first (``None`` when none did, or an
    entry's off-topic questions did), that entry's coverage, its lead in
    closeness over the runner-up, whether only its answer covered the
    question, and the question."""

    expected: int | None
    best: int | None
    coverage: float
    lead: float
    from_answer: bool = False
    question: str = ""


def trial_of(
    expected: int | None, question: str, ranked: Sequence[Candidate], numbers: Sequence[int]
) -> Trial:
    """The trial for ``question`` expecting entry ``expected`` (``None``: no
    entry); ``numbers`` maps the entries ``ranked`` names back to the whole
    FAQ. An entry's off-topic questions ranked first leave it unanswered,
    when they share a word with it (:func:`~faqbot.matching.decision.that_count`)."""
    ranked = that_count(ranked)
    if not ranked or ranked[0].off_topic:
        return Trial(expected, None, 0.0, 0.0, question=question)
    best = ranked[0]
    return Trial(
        expected, numbers[best.entry], best.coverage, lead_of(ranked), best.from_answer, question
    )


def run_trials(
    faq: FAQ,
    build: Builder,
    *,
    neighbours: Callable[[int], Sequence[int]] | None = None,
    seed: int = 0,
    observe: Observer | None = None,
    progress: Progress | None = None,
    entries: int | None = None,
) -> list[Trial]:
    """Ask held-out phrasings and entries of ``faq`` as questions, as described above.

    ``build`` makes the matcher's index from an FAQ (see :data:`Builder`). A small FAQ is split
    into :data:`FOLDS` folds, each holding out a share of every entry's
    phrasings and a share of the entries. A large one, when ``neighbours``
    gives the entries closest to an entry, holds out a sample of
    :data:`PROBES` entries and phrasings and builds its index from them and
    their neighbours only, so that calibrating stays fast. ``observe``, if
    given, sees every question asked, with the index asked and the numbers
    of that index's entries in the whole FAQ (see :data:`Observer`).

    Only the first ``entries`` entries of ``faq`` (by default all) are real;
    those after them hold off-topic questions (:func:`faqbot.matching.off_topic.indexed`).
    They are never asked, and are held out with the entry they stand by.
    """

    rng = Random(seed)
    real = len(faq.entries) if entries is None else entries
    beside = _beside(faq, real)
    faq = faq._replace(entries=faq.entries[:real])
    if neighbours is None or not is_sampled(faq, neighbours):
        # A small FAQ gives few trials: fold it more than once, each time differently.
        phrasings = sum(len(entry.phrasings) for entry in faq.entries)
        repeats = max(1, min(MAX_REPEATS, ENOUGH_PHRASINGS // max(phrasings, 1)))
        held = [fold for _ in range(repeats) for fold in _folds(faq, rng)]
    else:
        held = [_probes(faq, rng, neighbours, real)]
    held = [_with_beside(fold, beside) for fold in held]
    trials: list[Trial] = []
    for done, (kept, numbers, asked) in enumerate(held):
        if progress is not None:
            progress("Calibrage", done / len(held))
        if not asked or not kept:
            continue
        index = build(faq._replace(entries=tuple(kept)), len(numbers))
        for expected, text in asked:
            trials.append(trial_of(expected, text, rank(index, text, limit=2), numbers))
            if observe is not None:
                observe(expected, text, index, numbers)
            if expected is not None:
                # The same question about something the FAQ does not know.
                swapped = _swap_a_word(text, rng)
                if swapped is not None:
                    ranked = rank(index, swapped, limit=2)
                    trials.append(trial_of(None, swapped, ranked, numbers))
                    if observe is not None:
                        observe(None, swapped, index, numbers)
    return trials


def _beside(faq: FAQ, real: int) -> dict[int, Entry]:
    """The entries of off-topic questions after the ``real`` ones, by the
    number of the entry each stands by."""
    numbers = {entry.id: number for number, entry in enumerate(faq.entries[:real])}
    return {numbers[entry.id]: entry for entry in faq.entries[real:]}


def _with_beside(fold: Held, beside: dict[int, Entry]) -> Held:
    """``fold`` with the off-topic questions of each entry it keeps, after them."""
    kept, numbers, asked = fold
    if not beside:
        return fold
    return [*kept, *(beside[n] for n in numbers if n in beside)], numbers, asked


Builder = Callable[[FAQ, int], Index]
"""Makes an index as the matcher does from an FAQ whose first entries (as
many as the number given) are real, and the rest off-topic questions."""

Observer = Callable[[int | None, str, Index, Sequence[int]], None]
"""Sees a trial's question: its expected entry (as in :class:`Trial`), its
text, the index it is asked of, and the numbers in the FAQ of that index's
real entries."""

Held = tuple[list[Entry], list[int], list[tuple[int | None, str]]]
"""The entries an index is built from (the real ones first), the real
ones' numbers in the FAQ, and the questions to ask it with the number of
the entry each expects (``None``: no entry)."""


def _folds(faq: FAQ, rng: Random) -> list[Held]:
    entries = faq.entries
    entry_fold = [-1] * len(entries)
    if len(entries) >= 3:
        order = list(range(len(entries)))
        rng.shuffle(order)
        for position, number in enumerate(order):
            entry_fold[number] = position % FOLDS
    phrasing_folds: list[list[int]] = []
    for entry in entries:
        folds = [position % FOLDS for position in range(len(entry.phrasings))]
        rng.shuffle(folds)
        phrasing_folds.append(folds if len(entry.phrasings) > 1 else [-1])
    held: list[Held] = []
    for fold in range(FOLDS):
        kept: list[Entry] = []
        numbers: list[int] = []
        asked: list[tuple[int | None, str]] = []
        for number, entry in enumerate(entries):
            if entry_fold[number] == fold:
                asked += [(None, text) for text in entry.phrasings]
                continue
            pairs = list(zip(entry.phrasings, phrasing_folds[number], strict=True))
            left = [text for text, f in pairs if f != fold]
            asked += [(number, text) for text, f in pairs if f == fold]
            kept.append(entry._replace(question=left[0], variants=tuple(left[1:])))
            numbers.append(number)
        held.append((kept, numbers, asked))
    return held


def _probes(faq: FAQ, rng: Random, neighbours: Callable[[int], Sequence[int]], real: int) -> Held:
    entries = faq.entries
    probes = rng.sample(range(len(entries)), min(PROBES, len(entries)))
    left_out = set(probes[: len(probes) // 2])
    asked_of = {n for n in probes[len(probes) // 2 :] if len(entries[n].phrasings) > 1}
    members = set(probes)
    for number in probes:
        members.update(n for n in neighbours(number) if n < real)
    kept: list[Entry] = []
    numbers: list[int] = []
    asked: list[tuple[int | None, str]] = []
    for number in sorted(members):
        entry = entries[number]
        texts = list(entry.phrasings)
        if number in left_out:
            asked += [(None, t) for t in rng.sample(texts, min(len(texts), PER_LEFT_OUT))]
            continue
        if number in asked_of:
            asked.append((number, texts.pop(rng.randrange(len(texts)))))
        kept.append(entry._replace(question=texts[0], variants=tuple(texts[1:])))
        numbers.append(number)
    return kept, numbers, asked


def _swap_a_word(text: str, rng: Random) -> str | None:
    """``text`` with one of its content words replaced by one no FAQ knows."""
    content = analyze(text).words
    if len(content) < 2:
        return None
    target = rng.choice(content)
    return " ".join(_NOWHERE if word == target else word for word in raw_words(text))


def choose(
    trials: Sequence[Trial],
    entry_ids: Sequence[str],
    *,
    target: float = TARGET_WRONG_RATE,
    bare_share: float = 0.0,
) -> Calibration:
    """Choose the cutoff and margin that answer most on-topic trials right under ``target``.

    ``bare_share`` is the share of entries without variants, which no
    on-topic trial can stand for.
    """
    on_topic = [t for t in trials if t.expected is not None]
    if not on_topic:
        return Calibration(
            FALLBACK_CUTOFF, FALLBACK_MARGIN, 0.0, 0.0, (), len(trials), fallback=True
        )
    off_topic = len(trials) - len(on_topic)
    off_share = OFF_TOPIC_SHARE if off_topic else 0.0

    def wrong_rate(wrong_on: int, answered_off: int, prior: float) -> float:
        on_rate = (wrong_on + prior) / (len(on_topic) + prior)
        if not off_topic:
            return 100.0 * on_rate
        off_rate = (answered_off + prior) / (off_topic + prior)
        # A question about an entry without variants is taken to go astray as
        # often as one about nothing in the FAQ: its entry has but one phrasing.
        on_rate = (1 - bare_share) * on_rate + bare_share * off_rate
        return 100.0 * ((1 - off_share) * on_rate + off_share * off_rate)

    # The wrong answers trials have not shown may take at most half the target.
    prior = min(WRONG_PRIOR, 0.5 * target / wrong_rate(0, 0, 1.0)) if target > 0 else 0.0

    best: tuple[float, float, float, float] | None = None  # right, wrong, cutoff, margin
    for margin in MARGINS:
        # Lowering the cutoff from the top answers one more trial at a time.
        passing = sorted(
            (t for t in trials if is_sure(t.coverage, t.lead, t.from_answer, 1e-9, margin)),
            key=lambda t: -t.coverage,
        )
        right = wrong_on = answered_off = 0
        for position, trial in enumerate(passing):
            if trial.expected is None:
                answered_off += 1
            elif trial.best == trial.expected:
                right += 1
            else:
                wrong_on += 1
            next_score = passing[position + 1].coverage if position + 1 < len(passing) else -1
            if next_score == trial.coverage:
                continue  # a cutoff cannot fall between equal scores
            # The prior stands for wrong answers the trials did not show: few prove little.
            if wrong_rate(wrong_on, answered_off, prior) > target + 1e-9:
                break
            right_rate = 100.0 * right / len(on_topic)
            if best is None or right_rate > best[0]:
                best = (right_rate, wrong_rate(wrong_on, answered_off, 0), trial.coverage, margin)
    weak = _weak_entries(on_topic, entry_ids)
    confused = _confused(on_topic, entry_ids)
    if best is None:
        return Calibration(100.0, 0.0, 0.0, 0.0, weak, len(trials), confused)
    right_rate, expected_wrong, cutoff, margin = best
    return Calibration(
        round(cutoff, 2),
        margin,
        round(right_rate, 1),
        round(expected_wrong, 2),
        weak,
        len(trials),
        confused,
    )


def curve_weights(trials: Sequence[Trial], off_share: float = OFF_TOPIC_SHARE) -> list[float]:
    """The weight of each trial when fitting the confidence curve: on-topic and
    off-topic trials in the shares questions are assumed to come in, adding
    up to the number of trials."""
    on_topic = sum(t.expected is not None for t in trials)
    off_topic = len(trials) - on_topic
    if not on_topic or not off_topic:
        return [1.0] * len(trials)
    on_weight = (1 - off_share) * len(trials) / on_topic
    off_weight = off_share * len(trials) / off_topic
    return [on_weight if t.expected is not None else off_weight for t in trials]


def _confused(
    on_topic: Sequence[Trial], entry_ids: Sequence[str]
) -> tuple[tuple[str, str, str], ...]:
    """Phrasings that, held out, ranked another entry first in most of their trials."""
    astray: defaultdict[tuple[str, int], list[int | None]] = defaultdict(list)
    for trial in on_topic:
        if trial.expected is not None:
            astray[trial.question, trial.expected].append(trial.best)
    confused = []
    for (question, expected), bests in astray.items():
        others: list[int] = [b for b in bests if b is not None and b != expected]
        if 2 * len(others) > len(bests):
            other = max(set(others), key=others.count)
            confused.append((question, entry_ids[expected], entry_ids[other]))
    return tuple(confused)


def _weak_entries(on_topic: Sequence[Trial], entry_ids: Sequence[str]) -> tuple[str, ...]:
    found: defaultdict[int, list[bool]] = defaultdict(list)
    for trial in on_topic:
        if trial.expected is not None:
            found[trial.expected].append(trial.best == trial.expected)
    return tuple(
        entry_ids[entry]
        for entry, hits in sorted(found.items())
        if len(hits) > 1 and 100.0 * sum(hits) / len(hits) < WEAK_ENTRY_RATE
    )


def calibrate_for(
    faq: FAQ,
    build: Builder,
    targets: Sequence[float],
    *,
    neighbours: Callable[[int], Sequence[int]] | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    entries: int | None = None,
) -> list[Calibration]:
    """Run the trials on ``faq`` once, and choose its cutoff, margin and
    confidence curve for each of ``targets``; only its first ``entries``
    entries are real, as in :func:`run_trials`."""
    trials = run_trials(
        faq, build, neighbours=neighbours, seed=seed, progress=progress, entries=entries
    )
    faq = faq._replace(entries=faq.entries[: len(faq.entries) if entries is None else entries])
    ids = [entry.id for entry in faq.entries]
    bare = sum(not entry.variants for entry in faq.entries) / max(len(faq.entries), 1)
    sampled = is_sampled(faq, neighbours)
    # What the trials show is the FAQ's, whatever the target: found under the
    # default one, so that a stricter target never leans more on the prior.
    reference = choose(trials, ids, target=TARGET_WRONG_RATE, bare_share=bare)
    trust = trust_in_trials(
        sum(len(e.phrasings) for e in faq.entries), len(faq.entries), _found(trials, reference)
    )
    return [
        _expecting(
            fit_curve(
                choose(trials, ids, target=target, bare_share=bare)._replace(trust=trust), trials
            )._replace(sampled=sampled)
        )
        for target in targets
    ]


def _found(trials: Sequence[Trial], chosen: Calibration) -> int:
    """How many held-out phrasings ``chosen``'s rule answers right."""
    cutoff, margin = chosen.coverage_cutoff, chosen.margin
    return len(
        {
            t.question
            for t in trials
            if t.expected is not None
            and t.best == t.expected
            and is_sure(t.coverage, t.lead, t.from_answer, cutoff, margin)
        }
    )


def _expecting(calibration: Calibration) -> Calibration:
    """``calibration`` expecting what its decision does: the trials' figures
    for the part the FAQ decides on its own, the visitors' prior's for the rest;
    nothing for the fallback, which has no trials."""
    if calibration.fallback:
        return calibration
    trust = calibration.trust
    right, wrong = VISITOR_EXPECTED
    return calibration._replace(
        expected_right=round(trust * calibration.expected_right + (1 - trust) * right, 1),
        expected_wrong=round(trust * calibration.expected_wrong + (1 - trust) * wrong, 2),
    )


def fit_curve(
    chosen: Calibration, trials: Sequence[Trial], *, strength: float = PRIOR_STRENGTH
) -> Calibration:
    """``chosen`` with the confidence curve fitted on ``trials`` under its cutoff and margin.

    Without on-topic trials (the fallback) there is nothing to fit: the
    visitors' prior decides alone, at its own threshold (``Calibration.threshold``).
    """
    if chosen.fallback:
        return chosen._replace(trust=0.0)
    values = [
        decision_value(
            t.coverage, t.lead, t.from_answer, cutoff=chosen.coverage_cutoff, margin=chosen.margin
        )
        for t in trials
    ]
    right = [t.expected is not None and t.best == t.expected for t in trials]
    intercept, slope = fit(values, right, curve_weights(trials), strength=strength)
    return chosen._replace(intercept=intercept, slope=slope)


def is_sampled(faq: FAQ, neighbours: object = True) -> bool:
    """True when calibrating ``faq`` holds out only a sample of it."""
    phrasings = sum(len(entry.phrasings) for entry in faq.entries)
    return neighbours is not None and phrasings > ALL_FOLDS_PHRASINGS
