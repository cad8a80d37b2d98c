"""Write a log of 100,000 lines for timing ``faqbot learn`` on the town hall FAQ.

Run from the project's root::

    python -m benchmarks.tools.big_log picks /tmp/picks.jsonl     # 100,000 picks of 5,000 wordings
    python -m benchmarks.tools.big_log declined /tmp/mixed.jsonl  # half of them, and 50,000
                                                            # distinct questions nobody picked for
    /usr/bin/time faqbot learn /tmp/mixed.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FAQ = Path(__file__).resolve().parents[2] / "examples" / "mairie.yaml"
PLACES = ["piscine", "stade", "musée", "parking", "marché"]
PLACES += ["bibliothèque", "gymnase", "crèche", "plage", "port"]


def lines(kind: str, count: int = 100_000) -> list[dict[str, object]]:
    time = "2026-12-01T10:00:01+00:00"
    found: list[dict[str, object]] = [{"time": time, "faq": str(FAQ)}]
    for n in range(count):
        if kind == "picks" or n % 2:
            question = f"question numéro {n % 5000} sur les encombrants"
            found.append({"time": time, "question": question, "chosen": "encombrants"})
            continue
        question = f"horaires {PLACES[n % 10]} {n} quartier {PLACES[(n // 10) % 10]}"
        offered = [{"id": "horaires", "question": "?", "confidence": 20.0, "coverage": 50.0}]
        found.append({"time": time, "question": question, "candidates": offered})
    return found


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("picks", "declined"):
        print(__doc__)
        return 2
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for line in lines(sys.argv[1]):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
