"""Rankings of many FAQs' questions and calibration trials, saved for ``confidence_study.py``.

Run from the project's root::

    python -m benchmarks.tools.confidence_data --seeds 100-129 --small 30 \
        --out benchmarks/out/fit.jsonl
    python -m benchmarks.tools.confidence_data --seeds 0-9 --small 20 \
        --out benchmarks/out/eval.jsonl

For each set, seed and phrasing count, an FAQ is built by the protocol of
``protocol.py`` (at most ``--limit`` intents, a fifth held out as off-topic),
and, with ``--small``, small FAQs of 8–12 entries. Each line of the output is
one FAQ: its calibration trials and its test questions, each as the three
closest candidates with their closeness, coverage, phrasing count, and the
query's word counts; nothing here chooses a threshold.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from multiprocessing import Pool
from pathlib import Path

import faqbot
from benchmarks import protocol
from faqbot.faqfile.faq import repeated_variants, without_variants
from faqbot.matching.calibration import run_trials
from faqbot.matching.features import Vocabulary
from faqbot.matching.matcher import NEIGHBOURS, build_index
from faqbot.matching.scoring import ranking

DEPTH = 3
"""Candidates kept a question: a candidate's features compare it with two others."""


def _candidates(candidates, phrasings) -> list[list]:  # type: ignore[no-untyped-def]
    return [
        [c.entry, c.closeness, c.coverage, int(c.from_answer), int(c.exact), p]
        for c, p in zip(candidates, phrasings, strict=True)
    ]


def faq_record(split: protocol.Split, meta: dict) -> dict:
    """The trials and test rankings of one FAQ built from ``split``."""
    return record_of(faqbot.parse_faq(protocol.faq_yaml(split.entries)), split.questions, meta)


def labeled_record(name: str, faq_path: str, labeled: list[str]) -> dict:
    """The record of an FAQ file and its labeled questions (``id<TAB>question``, ``-``: none)."""
    questions: list[tuple[str | None, str]] = []
    for path in labeled:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            expected, tab, question = line.partition("\t")
            if tab and not line.startswith("#") and question.strip():
                questions.append((None if expected == "-" else expected, question))
    faq = faqbot.load_faq(faq_path)
    meta = {"kind": name, "set": name, "seed": 0, "phrasings": 0, "target": faq.max_wrong_rate}
    return record_of(faq, questions, meta)


def record_of(faq: faqbot.FAQ, questions: list[tuple[str | None, str]], meta: dict) -> dict:
    """The trials of ``faq`` and the rankings of ``questions`` (expected id or None, text).

    As the matcher does, a variant given twice in an entry is learnt once."""
    faq = without_variants(faq, repeated_variants(faq))
    memo: dict[str, list[str]] = {}
    index = build_index(faq, memo=memo)
    words = index.vocabulary.state()
    trials: list[list] = []

    def observe(expected: int | None, text: str, part: object, numbers: list[int]) -> None:
        ranked = ranking(part, text, limit=DEPTH)  # type: ignore[arg-type]
        entries = part.faq.entries  # type: ignore[attr-defined]
        counts = [len(entries[c.entry].phrasings) for c in ranked.candidates]
        mapped = [
            c._replace(entry=-1 if c.off_topic else numbers[c.entry]) for c in ranked.candidates
        ]
        trials.append(
            [
                -1 if expected is None else expected,
                _candidates(mapped, counts),
                ranked.content_words,
                ranked.unknown,
                len(entries),
            ]
        )

    run_trials(
        faq,
        lambda part, real: build_index(part, Vocabulary.restored(words), memo, real_entries=real),
        neighbours=lambda entry: index.neighbours(entry, NEIGHBOURS),
        observe=observe,
    )
    ids = [entry.id for entry in faq.entries]
    number = {entry_id: n for n, entry_id in enumerate(ids)}
    tests = []
    for expected, question in questions:
        ranked = ranking(index, question, limit=DEPTH)
        counts = [len(faq.entries[c.entry].phrasings) for c in ranked.candidates]
        tests.append(
            [
                -1 if expected is None else number[expected],
                _candidates(ranked.candidates, counts),
                ranked.content_words,
                ranked.unknown,
            ]
        )
    return {
        **meta,
        "entries": len(faq.entries),
        "bare_share": sum(not e.variants for e in faq.entries) / len(faq.entries),
        "trials": trials,
        "tests": tests,
    }


def _job(job: tuple[str, str, int, int, int]) -> str:
    kind, name, seed, phrasings, limit = job
    intents = protocol.read_intents(protocol.SETS[name])
    if kind == "protocol":
        split = protocol.split(intents, seed=seed, phrasings=phrasings, limit=limit)
    else:
        entries = 8 + seed % 5  # 8 to 12 entries
        split = protocol.small_split(intents, seed=seed, entries=entries, phrasings=phrasings)
    meta = {"kind": kind, "set": name, "seed": seed, "phrasings": phrasings}
    return json.dumps(faq_record(split, meta))


def seeds_of(text: str) -> list[int]:
    start, _, end = text.partition("-")
    return list(range(int(start), int(end or start) + 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(protocol.SETS), choices=protocol.SETS)
    parser.add_argument("--phrasings", nargs="+", type=int, default=[3, 5, 8])
    parser.add_argument("--seeds", type=seeds_of, default=seeds_of("0-9"), metavar="A-B")
    parser.add_argument("--limit", type=int, default=60, help="intents an FAQ, at most")
    parser.add_argument("--small", type=int, default=0, help="small FAQs per set and count")
    parser.add_argument(
        "--labeled",
        nargs="*",
        default=[],
        metavar="NAME=FAQ:TSV[,TSV]",
        help="also an FAQ file with its labeled questions",
    )
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    jobs = [
        ("protocol", name, seed, phrasings, args.limit)
        for name in args.sets
        for phrasings in args.phrasings
        for seed in args.seeds
    ]
    jobs += [
        ("small", name, 2000 + seed_offset + 100 * args.seeds[0], phrasings, 0)
        for name in args.sets
        for phrasings in args.phrasings
        for seed_offset in range(args.small)
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with Pool(os.cpu_count()) as pool, args.out.open("w", encoding="utf-8") as out:
        for spec in args.labeled:
            name, _, paths = spec.partition("=")
            faq_path, _, labeled = paths.partition(":")
            out.write(json.dumps(labeled_record(name, faq_path, labeled.split(","))) + "\n")
        for done, line in enumerate(pool.imap(_job, jobs), start=1):
            out.write(line + "\n")
            print(f"\r{done}/{len(jobs)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
