"""The questions nobody answered: a log to append to, and its summary.

Each line of the log is a JSON object: the time, the question, and the best
candidates with their scores.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from faqbot.faq import FAQ
from faqbot.files import read_bytes
from faqbot.matcher import Match
from faqbot.normalize import raw_words
from faqbot.text import one_line


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


def read_misses(path: str | Path, errors: list[str]) -> list[dict[str, object]]:
    """Read a miss log; broken lines are reported in ``errors`` and skipped."""
    data = read_bytes(path, MissLogError)
    records = []
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8"))
            question = record["question"]
            candidates = record.get("candidates") or []
            if not isinstance(question, str) or not isinstance(candidates, list):
                raise TypeError
            for candidate in candidates:
                float(candidate["score"])
                str(candidate["id"])
        except (ValueError, KeyError, TypeError, AttributeError):
            errors.append(f"{path}:{number}: ligne illisible, ignorée (JSON attendu)")
            continue
        records.append(record)
    return records


def summarize(records: list[dict[str, object]], *, similarity: float = 80.0) -> list[MissGroup]:
    """Group similar questions, most frequent group first.

    >>> groups = summarize([
    ...     {"question": "Quels avantages pour la retraite ?", "candidates": []},
    ...     {"question": "quels avantages pour la retraite", "candidates": []},
    ...     {"question": "météo demain", "candidates": []},
    ... ])
    >>> [(g.count, g.questions[0]) for g in groups]
    [(2, 'Quels avantages pour la retraite ?'), (1, 'météo demain')]
    """
    from rapidfuzz import fuzz

    keys: list[str] = []
    members: list[list[dict[str, object]]] = []
    for record in records:
        key = " ".join(sorted(raw_words(str(record["question"]))))
        for index, existing in enumerate(keys):
            if fuzz.token_set_ratio(key, existing) >= similarity:
                members[index].append(record)
                break
        else:
            keys.append(key)
            members.append([record])
    groups = [_group(records) for records in members]
    groups.sort(key=lambda g: (-g.count, -g.best_score))
    return groups


def _group(records: list[dict[str, object]]) -> MissGroup:
    questions = Counter(one_line(str(r["question"])) for r in records)
    closest: Counter[str] = Counter()
    best: dict[str, tuple[float, str]] = {}
    for record in records:
        candidates = record.get("candidates") or []
        if not candidates:
            continue
        top = candidates[0]  # type: ignore[index]
        closest[str(top["id"])] += 1
        score = float(top["score"])
        if score > best.get(str(top["id"]), (-1.0, ""))[0]:
            best[str(top["id"])] = (score, str(top.get("question", "")))
    closest_id = closest.most_common(1)[0][0] if closest else None
    score, question = best.get(closest_id, (0.0, None)) if closest_id else (0.0, None)
    return MissGroup(
        tuple(q for q, _ in questions.most_common()),
        len(records),
        closest_id,
        question,
        score,
    )


def run_misses(path: str, faq: FAQ, *, output: Callable[[str], None]) -> int:
    """Print the summary of a miss log; return 0, or 2 when lines or the file were bad."""
    errors: list[str] = []
    try:
        records = read_misses(path, errors)
    except MissLogError as error:
        print(f"faqbot : {error}", file=sys.stderr)
        return 2
    for error in errors:
        print(f"faqbot : {error}", file=sys.stderr)
    groups = summarize(records)
    known = {entry.id for entry in faq.entries}
    output(f"{len(records)} question(s) sans réponse, {len(groups)} groupe(s) :")
    for group in groups:
        output(f"{group.count:>5} × « {group.questions[0]} »")
        for other in group.questions[1:4]:
            output(f"        aussi : « {other} »")
        if len(group.questions) > 4:
            output(f"        … et {len(group.questions) - 4} autre(s)")
        if group.closest_id is None:
            output("        plus proche : aucune entrée")
        else:
            unknown = "" if group.closest_id in known else " (absente de cette FAQ)"
            output(f"        plus proche : {group.closest_id}{unknown} ({group.best_score:.0f})")
    return 2 if errors else 0
