"""The questions nobody answered: a log to append to, and its summary.

Each line of the log is a JSON object: the time, the question, and the best
candidates with their scores.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from faqbot.matcher import Match


class MissLog:
    """Appends one JSON line per unanswered question; warns once if it cannot."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.enabled = True

    def record(self, question: str, candidates: Sequence[Match]) -> None:
        if not self.enabled:
            return
        line = json.dumps(
            {
                "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "question": question,
                "candidates": [
                    {"id": m.entry.id, "question": m.entry.question, "score": m.score}
                    for m in candidates
                ],
            },
            ensure_ascii=False,
        )
        try:
            with self.path.open("a", encoding="utf-8", errors="surrogateescape") as log:
                log.write(line + "\n")
        except OSError as error:
            self.enabled = False
            print(
                f"Attention : impossible d'écrire dans {self.path} ({error.strerror}), "
                "les questions sans réponse ne sont plus notées.",
                file=sys.stderr,
            )


class MissLogError(ValueError):
    """A miss log that cannot be read; the message is one line of French."""


@dataclass(frozen=True, slots=True)
class MissGroup:
    """Similar unanswered questions, the entry they came closest to, and how often."""

    questions: tuple[str, ...]
    count: int
    closest_id: str | None
    closest_question: str | None
    best_score: float
