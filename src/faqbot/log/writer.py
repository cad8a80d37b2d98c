"""The log of questions nobody answered: one JSON line appended per question.

Each line holds the time, the question, and the best candidates with their
scores. The log holds what users typed: it is created readable by its owner
only. :mod:`faqbot.log.reading` reads it back.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from _thread import allocate_lock
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING

try:
    import fcntl
except ImportError:
    fcntl = None  # type: ignore[assignment]

from faqbot.support.files import NotAFileError, check_regular, french_reason, write_atomically
from faqbot.text.display import one_line, valid_unicode
from faqbot.text.normalize import MAX_CHARS

if TYPE_CHECKING:
    from faqbot.matching.matcher import Match

MAX_LOG_BYTES = 64 << 20
"""A log that reaches this size (64 MB) moves into LOG.1, replacing the one
before, and starts again empty: at most twice this on disk. LOG.1 keeps the
picks and feedback of both first (:func:`rotated`).
Checked by ``python -m pytest tests/test_hardening_log.py``
and ``python -m pytest tests/test_misses.py``."""
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _kept(question: str) -> str:
    """Only what the matcher reads of a question is worth keeping."""
    return valid_unicode(question)[:MAX_CHARS]


HEADER_ROOM = 1024
"""Bytes kept free past a line for the ``{"faq"}`` line a process writes first.
Checked by ``python -m pytest tests/test_hardening_log.py``
and ``python -m pytest tests/test_misses.py``."""


class MissLog:
    """Appends one JSON line per unanswered question, pick or feedback; warns
    once if it cannot. The first line a process writes names the FAQ.

    A path that exists but is not a regular file (a FIFO, a device) is
    refused at once with :class:`~faqbot.support.files.NotAFileError`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        faq: str | os.PathLike[str] | None = None,
        max_bytes: int = MAX_LOG_BYTES,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self._warn = warn
        """Gets a line of French when the log cannot be written, and when it
        can again; without it, :attr:`failing` and each record's result tell."""
        self.faq = os.path.abspath(faq) if faq is not None else None
        """The FAQ file the log is about (``None``: the bundled FAQ)."""
        self.max_bytes = max_bytes
        self.failing = False
        """True while the log cannot be written; each record tries again."""
        self._said_faq = False
        # threading's own lock, without the threading module: a command that
        # writes no log would load it for nothing (half a millisecond).
        self._lock = allocate_lock()
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

    def record(
        self,
        question: str,
        candidates: Sequence[Match],
        *,
        asker: str | None = None,
        pickable: bool = True,
    ) -> bool:
        """Log a question that got no sure answer, with the entries offered;
        true once written. ``asker`` tags who asked
        (:class:`faqbot.web.logguard.AskerTags`); ``pickable`` is false where
        the asker could not pick a suggestion (``faqbot ask``, a script), so
        that ``learn`` does not read their silence as « none of these »."""
        record: dict[str, object] = {
            "time": _now(),
            "question": _kept(question),
            "candidates": [
                {
                    "id": m.entry.id,
                    "question": m.entry.question,
                    "confidence": m.confidence,
                    "coverage": m.coverage,
                }
                for m in candidates
            ],
        }
        if not pickable:
            record["pickable"] = False
        return self._write(record, asker)

    def answered(self, question: str, match: Match, *, asker: str | None = None) -> bool:
        """Log a question that got a sure answer, with the entry and its
        confidence; true once written. ``learn --apply`` checks that such
        questions keep their answer."""
        return self._write(
            {
                "time": _now(),
                "question": _kept(question),
                "answered": match.entry.id,
                "confidence": match.confidence,
            },
            asker,
        )

    def pick(self, question: str, chosen: str, *, asker: str | None = None) -> bool:
        """Log that the asker of ``question`` chose the entry ``chosen`` among
        its suggestions; true once written. Without ``asker``, the line has
        exactly three keys, as other tools write."""
        return self._write({"time": _now(), "question": _kept(question), "chosen": chosen}, asker)

    def feedback(
        self, question: str, entry_id: str, helpful: bool, *, asker: str | None = None
    ) -> bool:
        """Log whether the answer ``entry_id`` helped the asker of ``question``;
        true once written."""
        return self._write(
            {"time": _now(), "question": _kept(question), "id": entry_id, "helpful": helpful},
            asker,
        )

    def _write(self, record: dict[str, object], asker: str | None = None) -> bool:
        """Append ``record``, with its ``asker`` if known; true once it is on
        disk whole. A failure is reported once on stderr, and every later
        record tries again."""
        if asker is not None:
            record["asker"] = asker
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            try:
                self._append(line, str(record["time"]))
            except OSError as error:
                if not self.failing and self._warn is not None:
                    self._warn(
                        f"Attention : impossible d'écrire dans {one_line(self.path)} "
                        f"({french_reason(error)}) ; rien n'est noté tant que cela dure, "
                        "chaque nouvelle ligne réessaie."
                    )
                self.failing = True
                return False
            if self.failing:
                self.failing = False
                if self._warn is not None:
                    self._warn(f"Le journal {one_line(self.path)} est de nouveau écrit.")
            return True

    def _append(self, line: bytes, time: str) -> None:
        descriptor = self._open_locked()
        try:
            size = os.fstat(descriptor).st_size
            # Rotate before the line that would not fit, so that the log never
            # holds more than FILE.1 keeps: the first rotation keeps every line.
            if size and size + len(line) + HEADER_ROOM > self.max_bytes:
                _rotate(self.path, descriptor, self.max_bytes)
                size = 0
            prefix = b""
            if size and os.pread(descriptor, 1, size - 1) != b"\n":
                # A line cut short by an earlier failure stays a broken line of
                # its own: never glued to this record.
                prefix = b"\n"
            if not self._said_faq or size == 0:
                # Which FAQ the lines are about, so that misses and learn find it.
                named = {"time": time, "faq": self.faq}
                prefix += (json.dumps(named, ensure_ascii=False) + "\n").encode("utf-8")
            data = prefix + line
            written = 0
            try:
                while written < len(data):
                    done = os.write(descriptor, data[written:])
                    if done <= 0:
                        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.path)
                    written += done
            except OSError:
                # Take the cut record back out, where the system lets us.
                with contextlib.suppress(OSError):
                    os.ftruncate(descriptor, size)
                raise
            self._said_faq = True
        finally:
            os.close(descriptor)

    def _open_locked(self) -> int:
        """The log, open for appending and locked against other processes.

        Threads of this process take :attr:`_lock` first; processes take a
        lock on the file. Rotation empties the file in place, so that every
        writer keeps writing to the same file.
        """
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | _NONBLOCK | _NOFOLLOW
        descriptor = os.open(self.path, flags, 0o600)
        try:
            status = os.fstat(descriptor)
            # A FIFO or device put at the path after start must not hang a request.
            if not stat.S_ISREG(status.st_mode):
                raise OSError(errno.EINVAL, "not a regular file", self.path)
            _lock(descriptor)
        except BaseException:
            os.close(descriptor)
            raise
        return descriptor


KEPT_KINDS = (b'"chosen"', b'"helpful"')
"""Lines holding these keys, picks and feedback, are kept first by rotation."""


def _is_kept(line: bytes) -> bool:
    """True for a pick or feedback line (a quick look, then a check)."""
    if not any(kind in line for kind in KEPT_KINDS):
        return False
    try:
        record = json.loads(line)
    except ValueError:
        return False
    return isinstance(record, dict) and ("chosen" in record or "helpful" in record)


def _question_of(line: bytes) -> str | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    question = record.get("question") if isinstance(record, dict) else None
    return question if isinstance(question, str) else None


def rotated(older: bytes, newer: bytes, limit: int) -> bytes:
    """What LOG.1 holds after a rotation, at most ``limit`` bytes: picks and
    feedback of both files first, then the questions they refer to, then the
    newest other lines; in their order within each file.

    >>> pick = b'{"question": "q", "chosen": "a"}\\n'
    >>> miss = b'{"question": "x", "candidates": []}\\n'
    >>> rotated(pick, miss * 3, len(pick) + len(miss)) == pick + miss
    True
    """
    lines = [line for line in (older + newer).splitlines(keepends=True) if line.strip()]
    lines = [line if line.endswith(b"\n") else line + b"\n" for line in lines]
    kept = {i for i, line in enumerate(lines) if _is_kept(line)}
    asked = {_question_of(lines[i]) for i in kept}
    rank: list[tuple[int, int]] = []  # (priority, -position): lower priority is kept first
    for position, line in enumerate(lines):
        if position in kept or (b'"faq"' in line and b'"question"' not in line):
            priority = 0
        elif _question_of(line) in asked:
            priority = 1
        else:
            priority = 2
        rank.append((priority, -position))
    chosen: set[int] = set()
    total = 0
    for _, negative in sorted(rank):
        size = len(lines[-negative])
        if total + size > limit:
            continue
        chosen.add(-negative)
        total += size
    return b"".join(lines[i] for i in sorted(chosen))


def _rotate(path: str, descriptor: int, limit: int) -> None:
    """Move the full log into LOG.1, keeping picks and feedback first, and
    empty the log in place; the caller holds the lock."""
    older_path = path + ".1"
    try:
        with open(older_path, "rb") as older_file:
            older = older_file.read(limit + 1)
    except FileNotFoundError:
        older = b""
    size = os.fstat(descriptor).st_size
    newer = os.pread(descriptor, size, 0)
    data = rotated(older, newer, limit)
    write_atomically(older_path, data, mode=0o600)
    os.ftruncate(descriptor, 0)


def _lock(descriptor: int) -> None:
    """Hold the file for this process until it is closed, where the system can."""
    if fcntl is None:  # Windows: appends of one write are whole lines already
        return
    fcntl.flock(descriptor, fcntl.LOCK_EX)
