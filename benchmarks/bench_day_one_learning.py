"""Learning from half of each new user's visitors, checked on the other half.

Run from the project's root::

    python -m benchmarks.bench_day_one_learning            # seeds 0-4

For each FAQ of ``benchmarks/data/new_user_faqs`` and each seed, its 30
visitors' questions are shuffled and split in two halves. The first half is
asked through ``faqbot ask --json --log``; each question left without a sure
answer whose right entry is among the suggestions is picked, as the page
writes it. ``faqbot learn LOG --apply`` then adds what it accepts, and the
second half is asked before and after. The promise: right answers on the
second half never fall, and wrong ones do not rise.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import protocol

NEW_USERS = protocol.DATA / "new_user_faqs"
SEEDS = range(5)


def ask(faq: Path, questions: list[str], log: Path | None = None) -> list[dict[str, object]]:
    command = [sys.executable, "-m", "faqbot", "ask", "--json", "--faq", str(faq)]
    if log is not None:
        command += ["--log-misses", str(log)]
    done = subprocess.run(
        command, input="\n".join(questions) + "\n", capture_output=True, text=True, check=False
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def rates(records: list[dict[str, object]], labels: list[str | None]) -> tuple[int, int]:
    right = sum(1 for r, label in zip(records, labels, strict=True) if label and r["id"] == label)
    wrong = sum(1 for r, label in zip(records, labels, strict=True) if r["id"] and r["id"] != label)
    return right, wrong


def run(name: str, seed: int) -> tuple[int, int, int, int]:
    rows = [
        line.split("\t")[:2]
        for line in (NEW_USERS / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    random.Random(seed).shuffle(rows)
    first, second = rows[:15], rows[15:]
    with tempfile.TemporaryDirectory() as folder:
        faq = Path(folder) / f"{name}.yaml"
        shutil.copyfile(NEW_USERS / f"{name}.yaml", faq)
        log = Path(folder) / "log.jsonl"
        labels = [None if label == "-" else label for label, _ in second]
        before = rates(ask(faq, [q for _, q in second]), labels)
        records = ask(faq, [q for _, q in first], log)
        protocol.as_the_page_logs(log)
        with log.open("a", encoding="utf-8") as out:
            for (label, question), record in zip(first, records, strict=True):
                shown = [s["id"] for s in record["suggestions"]]  # type: ignore[attr-defined]
                if record["id"] is None and label in shown:
                    pick = {"time": "2026-12-01T10:00:00+00:00", "question": question}
                    out.write(json.dumps({**pick, "chosen": label}, ensure_ascii=False) + "\n")
        subprocess.run(
            [sys.executable, "-m", "faqbot", "learn", str(log), "--apply"],
            capture_output=True,
            check=False,
        )
        after = rates(ask(faq, [q for _, q in second]), labels)
    return (*before, *after)


def main() -> None:
    names = sorted(p.stem for p in NEW_USERS.glob("*.yaml"))
    print(
        "| FAQ | right before → after (of the second half) | wrong before → after "
        "| runs losing right answers |"
    )
    print("|---|---|---|---|")
    losing_total = 0
    for name in names:
        found = [run(name, seed) for seed in SEEDS]
        losing = sum(1 for rb, _, ra, _ in found if ra < rb)
        losing_total += losing
        rb = statistics.mean(f[0] for f in found)
        ra = statistics.mean(f[2] for f in found)
        wb = statistics.mean(f[1] for f in found)
        wa = statistics.mean(f[3] for f in found)
        print(f"| {name} | {rb:.1f} → {ra:.1f} | {wb:.1f} → {wa:.1f} | {losing} of {len(found)} |")
    print(f"\nRuns where right answers fell: {losing_total} of {len(names) * len(SEEDS)}.")


if __name__ == "__main__":
    main()
