"""Reading the log: questions without a sure answer, picks and feedback, and
which questions are the same question.

The log is written by :mod:`faqbot.log.writer`; each line is a JSON object.
``faqbot misses`` (:mod:`faqbot.commands.misses`) and ``faqbot learn`` read it here.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from faqbot.support.files import MAX_FILE_BYTES, read_tail
from faqbot.text.display import one_line
from faqbot.text.normalize import analyze, raw_words


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
    first: str = ""
    last: str = ""
    """When the group was first and last asked, as the log's times say ("" when they do not)."""


class Pick(NamedTuple):
    """An asker of ``question`` chose the entry ``chosen`` among its suggestions."""

    question: str
    chosen: str
    asker: str | None = None
    """The tag of the address it came from, when the server wrote it."""
    time: str = ""
    """When, as the log wrote it (ISO 8601; "" when the line has no time)."""


class Feedback(NamedTuple):
    """An asker of ``question`` said whether the answer ``entry`` helped."""

    question: str
    entry: str
    helpful: bool
    asker: str | None = None


class Answered(NamedTuple):
    """An asker of ``question`` got the entry ``entry`` as a sure answer."""

    question: str
    entry: str
    asker: str | None = None


class LogContents(NamedTuple):
    """What a log holds: questions without a sure answer (as JSON objects),
    picks, feedback, and the FAQ file it names last (``None``: the bundled
    FAQ, or none named)."""

    misses: list[dict[str, object]]
    picks: list[Pick]
    feedback: list[Feedback]
    faq: str | None
    names_faq: bool
    answered: tuple[Answered, ...] = ()
    """Questions that got a sure answer (logs written before this release have none)."""


def read_log(
    path: str | os.PathLike[str], errors: list[str], notes: list[str] | None = None
) -> LogContents:
    """Read a log; broken lines are reported in ``errors`` and skipped.

    Of a log larger than :data:`~faqbot.support.files.MAX_FILE_BYTES`, only the
    newest lines that fit are read, and ``notes`` says so.
    """
    data, skipped = read_tail(path, MissLogError, limit=MAX_FILE_BYTES)
    if skipped and notes is not None:
        notes.append(
            f"{os.fspath(path)} : journal de plus de {MAX_FILE_BYTES >> 20} Mo, seules les "
            f"lignes les plus récentes sont lues ({skipped / 2**20:.0f} Mo plus anciens ignorés)"
        )
    if not skipped and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte order mark, as some editors write
    misses: list[dict[str, object]] = []
    picks: list[Pick] = []
    feedback: list[Feedback] = []
    answered: list[Answered] = []
    named: list[str | None] = []
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = _line(json.loads(raw.decode("utf-8")))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            errors.append(f"{os.fspath(path)}:{number} : ligne illisible, ignorée (JSON attendu)")
            continue
        if isinstance(line, _Named):
            named.append(line.faq)
        elif isinstance(line, Pick):
            picks.append(line)
        elif isinstance(line, Feedback):
            feedback.append(line)
        elif isinstance(line, Answered):
            answered.append(line)
        else:
            misses.append(line)
    faq, names_faq = (named[-1], True) if named else (None, False)
    if skipped and not names_faq:
        # The FAQ is named once per process, maybe only in the older part.
        found = _faq_named_before(path, skipped)
        if found is not None:
            faq, names_faq = found[0], True
    return LogContents(misses, picks, feedback, faq, names_faq, tuple(answered))


class _Named(NamedTuple):
    """A ``{"faq"}`` line: the FAQ file the lines after it are about."""

    faq: str | None


def _line(record: object) -> _Named | Pick | Answered | Feedback | dict[str, object]:
    """What one line of the log holds; a question without a sure answer stays
    its JSON object. Raises TypeError, KeyError or ValueError for a bad line."""
    if not isinstance(record, dict):
        raise TypeError
    if "question" not in record and "faq" in record:
        if record["faq"] is not None and not isinstance(record["faq"], str):
            raise TypeError
        return _Named(record["faq"])
    question = record["question"]
    if not isinstance(question, str):
        raise TypeError
    if "chosen" in record:
        return Pick(question, _text(record["chosen"]), _asker(record), _time(record))
    if "answered" in record:
        return Answered(question, _text(record["answered"]), _asker(record))
    if "helpful" in record:
        if not isinstance(record["helpful"], bool):
            raise TypeError
        return Feedback(question, _text(record["id"]), record["helpful"], _asker(record))
    candidates = record.get("candidates") or []
    if not isinstance(candidates, list):
        raise TypeError
    for candidate in candidates:
        if not math.isfinite(candidate_confidence(candidate)):
            raise ValueError("confidence")  # Infinity or NaN: not JSON
        str(candidate["id"])
    return record


def _time(record: dict[str, object]) -> str:
    time = record.get("time")
    return time if isinstance(time, str) else ""


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _faq_named_before(path: str | os.PathLike[str], end: int) -> tuple[str | None] | None:
    """The FAQ the last ``{"faq"}`` line before byte ``end`` names, read a line
    at a time; ``None`` when there is none."""
    found: tuple[str | None] | None = None
    try:
        with open(path, "rb") as file:
            for line in file:
                if file.tell() > end + len(line):
                    break
                if b'"faq"' not in line or b'"question"' in line:
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict) and isinstance(record.get("faq"), (str, type(None))):
                    found = (record["faq"],)
    except OSError:
        return None
    return found


def faq_of_logs(given: str | None, contents: Sequence[LogContents]) -> str | None:
    """The FAQ file to use: ``given``, else the one the logs name last."""
    if given is not None:
        return given
    named = [c.faq for c in contents if c.names_faq]
    return named[-1] if named else None


_WORDLESS = "\x00"
"""Marks the key of a question without content words (« oui », « ? »): it is
grouped with the same text only, never merged into or from another group."""


def _asker(record: dict[str, object]) -> str | None:
    asker = record.get("asker")
    return asker if isinstance(asker, str) else None


def question_key(question: str) -> frozenset[str]:
    """What a question is about: its content words, in any order; for one
    without any, its text, marked as such. Two questions with one key are the
    same question, for ``misses`` and ``learn`` alike."""
    words = analyze(question).words
    if words:
        return frozenset(words)
    folded = " ".join(raw_words(question)) or " ".join(one_line(question).split())
    return frozenset({_WORDLESS + folded})


def summarize(records: list[dict[str, object]]) -> list[MissGroup]:
    """Group similar questions, most frequent group first.

    Questions with the same content words are one group; a question whose
    words are another group's but one more or one less joins it. Each
    question is looked up in a table, so the time grows with the log's length.

    >>> groups = summarize([
    ...     {"question": "Quels avantages pour la retraite ?", "candidates": []},
    ...     {"question": "quels avantages pour la retraite anticipée", "candidates": []},
    ...     {"question": "météo demain", "candidates": []},
    ... ])
    >>> [(g.count, g.questions[0]) for g in groups]
    [(2, 'Quels avantages pour la retraite ?'), (1, 'météo demain')]
    """
    by_key: dict[frozenset[str], list[dict[str, object]]] = defaultdict(list)
    for record in records:
        by_key[question_key(str(record["question"]))].append(record)
    # Larger groups first take in their neighbours: keys with one word more or less.
    keys = sorted(by_key, key=lambda k: (-len(by_key[k]), sorted(k)))
    owner: dict[frozenset[str], frozenset[str]] = {}
    less_one: dict[frozenset[str], frozenset[str]] = {}  # a key less one word -> its group
    for key in keys:
        if _is_wordless(key):
            owner[key] = key
            continue
        group = less_one.get(key)
        if group is None:
            group = next(
                (owner[key - {w}] for w in key if len(key) > 1 and key - {w} in owner), key
            )
        owner[key] = group
        if len(key) > 1:  # a one-word key less its word says nothing
            for word in key:
                less_one.setdefault(key - {word}, group)
    members: defaultdict[frozenset[str], list[dict[str, object]]] = defaultdict(list)
    for key in keys:
        members[owner[key]] += by_key[key]
    groups = [_group(found) for found in members.values()]
    groups.sort(key=lambda g: (-g.count, -g.best_score, g.questions[0]))
    return groups


def _is_wordless(key: frozenset[str]) -> bool:
    return len(key) == 1 and next(iter(key)).startswith(_WORDLESS)


def candidate_confidence(candidate: dict[str, object]) -> float:
    """The confidence a logged suggestion had; logs written before there was
    one give its score instead."""
    number = candidate["confidence"] if "confidence" in candidate else candidate["score"]
    return float(number)  # type: ignore[arg-type]


def _group(records: list[dict[str, object]]) -> MissGroup:
    counted = Counter(one_line(str(r["question"])) for r in records)
    # The most frequent wording shows the group; among equals, the shortest.
    questions = sorted(counted.items(), key=lambda item: (-item[1], len(item[0]), item[0]))
    closest: Counter[str] = Counter()
    best: dict[str, tuple[float, str]] = {}
    for record in records:
        candidates = record.get("candidates") or []
        if not candidates:
            continue
        top = candidates[0]  # type: ignore[index]
        closest[str(top["id"])] += 1
        score = candidate_confidence(top)
        if score > best.get(str(top["id"]), (-1.0, ""))[0]:
            best[str(top["id"])] = (score, str(top.get("question", "")))
    closest_id = closest.most_common(1)[0][0] if closest else None
    score, question = best.get(closest_id, (0.0, None)) if closest_id else (0.0, None)
    times = sorted(t for t in (_time(r) for r in records) if t)
    return MissGroup(
        tuple(q for q, _ in questions),
        len(records),
        closest_id,
        question,
        score,
        times[0] if times else "",
        times[-1] if times else "",
    )
