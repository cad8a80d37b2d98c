"""The questions nobody answered: a log to append to, and its summary.

Each line of the log is a JSON object: the time, the question, and the best
candidates with their scores. The log holds what users typed: it is created
readable by its owner only.
"""

from __future__ import annotations

import errno
import json
import math
import os
import stat
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from faqbot.faq import FAQ
from faqbot.files import MAX_FILE_BYTES, NotAFileError, check_regular, french_reason, read_tail
from faqbot.matcher import Match
from faqbot.normalize import MAX_CHARS, analyze, raw_words
from faqbot.text import counted, one_line, valid_unicode

MAX_LOG_BYTES = 64 << 20
"""A log that reaches this size (64 MB) is renamed LOG.1, replacing the one
before, and a new log starts: at most twice this on disk."""
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class MissLog:
    """Appends one JSON line per unanswered question; warns once if it cannot.

    A path that exists but is not a regular file (a FIFO, a device) is
    refused at once with :class:`~faqbot.files.NotAFileError`.
    """

    def __init__(self, path: str | os.PathLike[str], *, max_bytes: int = MAX_LOG_BYTES) -> None:
        self.path = os.fspath(path)
        self.max_bytes = max_bytes
        self.enabled = True
        try:
            check_regular(self.path, limit=None)
        except FileNotFoundError:
            pass
        except NotAFileError as error:
            error.filename = self.path
            raise

    def is_same_file(self, other: str | os.PathLike[str]) -> bool:
        """True when the log is ``other`` itself (both must exist to be the same)."""
        try:
            return os.path.samefile(self.path, other)
        except OSError:
            return False

    def record(self, question: str, candidates: Sequence[Match]) -> None:
        if not self.enabled:
            return
        line = json.dumps(
            {
                "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                # Only what the matcher reads of a question is worth keeping.
                "question": valid_unicode(question)[:MAX_CHARS],
                "candidates": [
                    {"id": m.entry.id, "question": m.entry.question, "score": m.score}
                    for m in candidates
                ],
            },
            ensure_ascii=False,
        )
        try:
            descriptor = self._open_locked()
            try:
                if os.fstat(descriptor).st_size >= self.max_bytes:
                    # Full: it becomes LOG.1 (replacing the one before) and a new log starts.
                    os.replace(self.path, self.path + ".1")
                    os.close(descriptor)
                    descriptor = self._open_locked()
                os.write(descriptor, (line + "\n").encode("utf-8"))
            finally:
                os.close(descriptor)
        except OSError as error:
            self.enabled = False
            print(
                f"Attention : impossible d'écrire dans {one_line(self.path)} "
                f"({french_reason(error)}), les questions sans réponse ne sont plus notées.",
                file=sys.stderr,
            )

    def _open_locked(self) -> int:
        """The log, open for appending and locked for this process.

        Several server workers may log at once: each line is one locked
        write. A worker that waited for the lock while another rotated the
        log opens the new one.
        """
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NONBLOCK | _NOFOLLOW
        for _ in range(3):
            descriptor = os.open(self.path, flags, 0o600)
            try:
                status = os.fstat(descriptor)
                # A FIFO or device put at the path after start must not hang a request.
                if not stat.S_ISREG(status.st_mode):
                    raise OSError(errno.EINVAL, "not a regular file", self.path)
                _lock(descriptor)
                current = os.stat(self.path, follow_symlinks=False)
            except BaseException:
                os.close(descriptor)
                raise
            if (current.st_dev, current.st_ino) == (status.st_dev, status.st_ino):
                return descriptor
            os.close(descriptor)
        raise OSError(errno.EBUSY, "log rotated under us", self.path)


def _lock(descriptor: int) -> None:
    """Hold the file for this process until it is closed, where the system can."""
    try:
        import fcntl
    except ImportError:  # Windows: appends of one write are whole lines already
        return
    fcntl.flock(descriptor, fcntl.LOCK_EX)


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


def read_misses(
    path: str | os.PathLike[str], errors: list[str], notes: list[str] | None = None
) -> list[dict[str, object]]:
    """Read a miss log; broken lines are reported in ``errors`` and skipped.

    Of a log larger than :data:`~faqbot.files.MAX_FILE_BYTES`, only the
    newest lines that fit are read, and ``notes`` says so.
    """
    data, skipped = read_tail(path, MissLogError, limit=MAX_FILE_BYTES)
    if skipped and notes is not None:
        notes.append(
            f"{os.fspath(path)} : journal de plus de {MAX_FILE_BYTES >> 20} Mo, seules les "
            f"lignes les plus récentes sont lues ({skipped / 2**20:.0f} Mo plus anciens ignorés)"
        )
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
                if not math.isfinite(float(candidate["score"])):
                    raise ValueError("score")  # Infinity or NaN: not JSON
                str(candidate["id"])
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            errors.append(f"{os.fspath(path)}:{number}: ligne illisible, ignorée (JSON attendu)")
            continue
        records.append(record)
    return records


_WORDLESS = "\x00"
"""Marks the key of a question without content words (« oui », « ? »): it is
grouped with the same text only, never merged into or from another group."""


def _key(question: str) -> frozenset[str]:
    """What a question is about: its content words, in any order; for one
    without any, its text, marked as such."""
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
        by_key[_key(str(record["question"]))].append(record)
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
        score = float(top["score"])
        if score > best.get(str(top["id"]), (-1.0, ""))[0]:
            best[str(top["id"])] = (score, str(top.get("question", "")))
    closest_id = closest.most_common(1)[0][0] if closest else None
    score, question = best.get(closest_id, (0.0, None)) if closest_id else (0.0, None)
    return MissGroup(
        tuple(q for q, _ in questions),
        len(records),
        closest_id,
        question,
        score,
    )


def run_misses(path: str, faq: FAQ, *, output: Callable[[str], None], as_json: bool = False) -> int:
    """Print the summary of a miss log; return 0, or 2 when lines or the file were bad."""
    errors: list[str] = []
    notes: list[str] = []
    try:
        records = read_misses(path, errors, notes)
    except MissLogError as error:
        print(f"faqbot : {one_line(str(error))}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"faqbot : {one_line(note)}", file=sys.stderr)
    for bad_line in errors:
        print(f"faqbot : {one_line(bad_line)}", file=sys.stderr)
    groups = summarize(records)
    known = {entry.id for entry in faq.entries}
    if as_json:
        for group in groups:
            output(
                json.dumps(
                    {
                        "count": group.count,
                        "questions": list(group.questions),
                        "closest": group.closest_id,
                        "closest_question": group.closest_question,
                        "score": group.best_score,
                        "in_faq": group.closest_id in known,
                    },
                    ensure_ascii=False,
                )
            )
        return 2 if errors else 0
    output(f"{counted(len(records), 'question')} sans réponse, {counted(len(groups), 'groupe')} :")
    for group in groups:
        output(f"{group.count:>5} × « {group.questions[0]} »")
        for other in group.questions[1:4]:
            output(f"        aussi : « {other} »")
        if len(group.questions) > 4:
            more = len(group.questions) - 4
            output(f"        … et {counted(more, 'autre')}")
        if group.closest_id is None:
            output("        plus proche : aucune entrée")
        else:
            unknown = "" if group.closest_id in known else " (absente de cette FAQ)"
            output(f"        plus proche : {group.closest_id}{unknown} ({group.best_score:.0f})")
    return 2 if errors else 0
