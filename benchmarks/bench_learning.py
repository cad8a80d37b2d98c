"""Learning from use: askers' picks replayed through the real commands.

Run from the project's root::

    python -m benchmarks.bench_learning                     # both sets, seeds 0-2, 0 and 10 %
    python -m benchmarks.bench_learning --sets ha --seeds 0 --wrong 0

For each set and seed, an FAQ of 5 phrasings an entry is built by the
protocol of ``protocol.py`` (a fifth of the intents held out as off-topic).
Its test questions are shuffled and split in two halves:

1. the first half is asked through ``faqbot ask --json --log LOG``;
2. each question with no sure answer whose right entry is among the first 3
   suggestions is picked: a line ``{"time", "question", "chosen"}`` is
   appended to the log, as the page or the session would write it; with
   ``--wrong 10``, one pick in ten goes to another suggestion instead (or is
   dropped when there is no other);
3. ``faqbot learn LOG --faq FAQ --apply`` adds the proposals to the file: the
   picked questions as variants, and the questions nobody picked a
   suggestion for as off-topic questions of the entry offered first;
4. the second half is asked before and after, through ``faqbot ask --json``.

Reported: right answers (on-topic questions answered right), wrong answers
(all questions), reachable (answered right, or the right entry among the
suggestions), the variants added and reported doubtful, and the off-topic
questions added.

The promise: in the first half, one asker in :data:`FEEDBACK` says whether a
sure answer helped (« Utile » when it is the right entry, « Pas utile »
otherwise), as the page writes it. From these lines ``learn`` states a
one-sided 90 % upper bound on the share of as many sure answers to come as
the log holds that askers would find unhelpful; the last column holds that
bound against the share measured on the second half before learning (sure
answers that are wrong, of all sure answers). It should hold in 9 FAQs of 10.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import protocol

FAQBOT = [sys.executable, "-m", "faqbot"]
LIMIT = 60
"""Intents an FAQ, at most, as in the confidence issue's protocol."""
FEEDBACK = 0.3
"""The share of sure answers whose asker says whether it helped."""


def ask(faq: Path, questions: list[str], env: dict[str, str], log: Path | None = None) -> list:
    command = [*FAQBOT, "ask", "--json", "--faq", str(faq)]
    if log is not None:
        command += ["--log", str(log)]
    done = subprocess.run(
        command,
        input="\n".join(q.replace("\n", " ") for q in questions) + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"faqbot ask failed: {done.stderr}")
    return [json.loads(line) for line in done.stdout.splitlines()]


def rates(expected: list[str | None], records: list[dict]) -> dict[str, float]:
    on_topic = [i for i, e in enumerate(expected) if e is not None]
    right = sum(records[i]["id"] == expected[i] for i in on_topic)
    wrong = sum(
        r["id"] is not None and r["id"] != e for r, e in zip(records, expected, strict=True)
    )
    reachable = sum(
        records[i]["id"] == expected[i]
        or (
            records[i]["id"] is None and expected[i] in [s["id"] for s in records[i]["suggestions"]]
        )
        for i in on_topic
    )
    answered = sum(r["id"] is not None for r in records)
    return {
        "right": 100.0 * right / len(on_topic),
        "wrong": 100.0 * wrong / len(expected),
        "reachable": 100.0 * reachable / len(on_topic),
        "wrong_of_sure": 100.0 * wrong / answered if answered else 0.0,
    }


def replay(name: str, seed: int, wrong_share: float) -> dict[str, float]:
    intents = protocol.read_intents(protocol.SETS[name])
    split = protocol.split(intents, seed=seed, phrasings=5, limit=LIMIT)
    rng = random.Random(seed)
    questions = [(e, q.replace("\n", " ").strip()) for e, q in split.questions if q.strip()]
    rng.shuffle(questions)
    half = len(questions) // 2
    first, second = questions[:half], questions[half:]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
        (work / "cache").mkdir(mode=0o700)
        faq = work / "faq.yaml"
        faq.write_text(protocol.faq_yaml(split.entries), encoding="utf-8")
        before = rates([e for e, _ in second], ask(faq, [q for _, q in second], env))
        log = work / "log.jsonl"
        picks = wrong_picks = 0
        with_log = ask(faq, [q for _, q in first], env, log)
        protocol.as_the_page_logs(log)
        with log.open("a", encoding="utf-8") as out:
            for (expected, question), record in zip(first, with_log, strict=True):
                if record["id"] is not None and rng.random() < FEEDBACK:
                    said = {"time": "2026-12-01T00:00:00+00:00", "question": question}
                    said.update(id=record["id"], helpful=record["id"] == expected)
                    out.write(json.dumps(said, ensure_ascii=False) + "\n")
                offered = [s["id"] for s in record["suggestions"][:3]]
                if record["id"] is not None or expected not in offered:
                    continue
                chosen = expected
                if rng.random() < wrong_share:
                    others = [o for o in offered if o != expected]
                    if not others:
                        continue
                    chosen = rng.choice(others)
                    wrong_picks += 1
                picks += 1
                line = {"time": "2026-12-01T00:00:00+00:00", "question": question, "chosen": chosen}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        learnt = subprocess.run(
            [*FAQBOT, "learn", str(log), "--faq", str(faq), "--apply", "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        refused = learnt.returncode == 2 and "fichier inchangé" in learnt.stderr
        if learnt.returncode != 0 and not refused:
            raise SystemExit(f"faqbot learn failed: {learnt.stderr}")
        report = json.loads(learnt.stdout.splitlines()[0])
        proposals = report["proposals"]
        stated = report["promise"]["unhelpful"]
        check = subprocess.run(
            [*FAQBOT, "check", "--faq", str(faq)], capture_output=True, env=env, check=False
        )
        after = rates([e for e, _ in second], ask(faq, [q for _, q in second], env))
    return {
        **{f"{k}_before": v for k, v in before.items()},
        **{f"{k}_after": v for k, v in after.items()},
        "picks": picks,
        "wrong_picks": wrong_picks,
        "added": sum(p["status"] == "added" for p in proposals),
        "doubtful": sum(p["status"] == "doubtful" for p in proposals),
        "off_topic": sum(p["status"] == "off_topic" for p in proposals),
        "check_ok": float(check.returncode != 2),
        "refused": float(refused),
        "bound": stated["bound"] if stated else 100.0,
        "holds": float(before["wrong_of_sure"] <= (stated["bound"] if stated else 100.0)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=list(protocol.SETS), choices=protocol.SETS)
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--wrong", nargs="+", type=float, default=[0.0, 10.0], metavar="PERCENT")
    args = parser.parse_args()
    print(
        "| set | wrong picks | seed | right before → after | wrong before → after | "
        "reachable before → after | picks (wrong) | added | doubtful | off-topic | check passes "
        "| stated bound on wrong sure answers → measured |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name in args.sets:
        for wrong in args.wrong:
            rows = []
            for seed in args.seeds:
                row = replay(name, seed, wrong / 100)
                rows.append(row)
                print(_line(name, wrong, str(seed), row), flush=True)
            mean = {k: statistics.fmean(r[k] for r in rows) for k in rows[0]}
            print(_line(name, wrong, "**mean**", mean), flush=True)
    return 0


def _line(name: str, wrong: float, seed: str, r: dict[str, float]) -> str:
    refused = f" (apply refused in {r['refused'] * 100:.0f} %)" if r["refused"] else ""
    return (
        f"| {name} | {wrong:g} % | {seed} | {r['right_before']:.1f} → {r['right_after']:.1f} | "
        f"{r['wrong_before']:.2f} → {r['wrong_after']:.2f} | "
        f"{r['reachable_before']:.1f} → {r['reachable_after']:.1f} | "
        f"{r['picks']:.0f} ({r['wrong_picks']:.0f}) | {r['added']:.0f} | {r['doubtful']:.0f} | "
        f"{r['off_topic']:.0f} | "
        f"{'yes' if r['check_ok'] == 1 else 'no'}{refused} | "
        f"{r['bound']:.1f} → {r['wrong_of_sure_before']:.1f} ({r['holds'] * 100:.0f} % hold) |"
    )


if __name__ == "__main__":
    raise SystemExit(main())
