"""Forged picks and feedback through the public API, then the default ``learn --apply``.

Run from the project's root::

    python -m benchmarks.bench_forged            # seeds 0-19

For each seed, an attacker who can reach the chat page sends 20 lines to
``examples/mairie.yaml``'s server (the app in process, with a log): each
time it asks a question, the town hall's own labeled questions
(``examples/mairie.tsv``) and a few others, with a polite word added, then
picks an entry that was offered but not answered, or says « Pas utile » of
one. Then ``faqbot learn LOG --apply`` runs with its defaults. Reported per
run: whether apply wrote, the labeled questions newly answered with a wrong
entry, and the right answers lost. The promise: both stay at zero.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import shutil
import tempfile
from pathlib import Path

import faqbot
from faqbot.authoring.labeled import LabeledQuestion, read_labeled
from faqbot.commands.cli import main
from faqbot.log.writer import MissLog
from faqbot.web import app as web

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEEDS = range(20)
LINES = 20
OTHERS = ["horaires de la piscine", "prix du stationnement", "carte grise perdue"]


def answers(faq: Path, labeled: list[LabeledQuestion]) -> list[str | None]:
    matcher = faqbot.Matcher(faqbot.load_faq(faq))
    found = []
    for item in labeled:
        hit = matcher.match(item.question)
        found.append(hit.entry.id if hit is not None else None)
    return found


def attack(seed: int) -> tuple[bool, int, int]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        faq = Path(folder) / "mairie.yaml"
        shutil.copyfile(EXAMPLES / "mairie.yaml", faq)
        log = Path(folder) / "log.jsonl"
        loaded = faqbot.load_faq(faq)
        app = web.make_app(faqbot.Matcher(loaded), log=MissLog(log, faq=faq))
        labeled = read_labeled(EXAMPLES / "mairie.tsv", loaded)
        texts = [item.question for item in labeled] + OTHERS
        sent = 0
        while sent < LINES:
            question = rng.choice(texts) + rng.choice(["", " svp", " ?", " merci"])
            body = json.dumps({"question": question}).encode("utf-8")
            record = json.loads(web.call(app, "POST", "/api/ask", body)[2])
            offered = [s["id"] for s in record["suggestions"]]
            if record["id"]:
                offered.append(record["id"])
            if not offered:
                continue
            wrong = [i for i in offered if i != record["id"]] or offered
            if rng.random() < 0.5:
                line = {"question": question, "chosen": rng.choice(wrong)}
            else:
                line = {"question": question, "id": rng.choice(offered), "helpful": False}
            web.call(app, "POST", "/api/feedback", json.dumps(line).encode("utf-8"))
            sent += 1
        before = answers(faq, labeled)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            wrote = main(["learn", str(log), "--apply"]) == 0
        after = answers(faq, labeled)
    expected = [item.expected for item in labeled]
    new_wrong = sum(
        1 for e, b, a in zip(expected, before, after, strict=True) if a not in (None, e, b)
    )
    lost = sum(
        1 for e, b, a in zip(expected, before, after, strict=True) if e and b == e and a != e
    )
    return wrote, new_wrong, lost


def main_() -> None:
    runs = [attack(seed) for seed in SEEDS]
    for seed, (wrote, new_wrong, lost) in zip(SEEDS, runs, strict=True):
        state = "written" if wrote else "refused"
        print(f"seed {seed:2}: {state:8} new wrong answers {new_wrong}, right answers lost {lost}")
    harmed = sum(1 for _, w, lost in runs if w or lost)
    print(f"\n{sum(not w for w, _, _ in runs)} of {len(runs)} refused; {harmed} runs did harm.")


if __name__ == "__main__":
    main_()
