"""The log of questions nobody answered: one JSON line appended per question.

Each line holds the time, the question, and the best candidates with their
scores. The log holds what users typed: it is created readable by its owner
only. :mod:`faqbot.misses` reads it back.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from faqbot.files import NotAFileError, check_regular, french_reason
from faqbot.normalize import MAX_CHARS
from faqbot.text import one_line, valid_unicode

if TYPE_CHECKING:
    from faqbot.matcher import Match

MAX_LOG_BYTES = 64 << 20
"""A log that reaches this size (64 MB) is renamed LOG.1, replacing the one
before, and a new log starts: at most twice this on disk."""
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _kept(question: str) -> str:
    """Only what the matcher reads of a question is worth keeping."""
    return valid_unicode(question)[:MAX_CHARS]


class MissLog:
    """Appends one JSON line per unanswered question, pick or feedback; warns
    once if it cannot. The first line a process writes names the FAQ.

    A path that exists but is not a regular file (a FIFO, a device) is
    refused at once with :class:`~faqbot.files.NotAFileError`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        faq: str | os.PathLike[str] | None = None,
        max_bytes: int = MAX_LOG_BYTES,
    ) -> None:
        self.path = os.fspath(path)
        self.faq = os.path.abspath(faq) if faq is not None else None
        """The FAQ file the log is about (``None``: the bundled FAQ)."""
        self.max_bytes = max_bytes
        self.enabled = True
        self._said_faq = False
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
        """Log a question that got no sure answer, with the entries offered."""
        self._write(
            {
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
        )

    def pick(self, question: str, chosen: str) -> None:
        """Log that the asker of ``question`` chose the entry ``chosen`` among
        its suggestions. The line has exactly three keys, as other tools write."""
        self._write({"time": _now(), "question": _kept(question), "chosen": chosen})

    def feedback(self, question: str, entry_id: str, helpful: bool) -> None:
        """Log whether the answer ``entry_id`` helped the asker of ``question``."""
        self._write(
            {"time": _now(), "question": _kept(question), "id": entry_id, "helpful": helpful}
        )

    def _write(self, record: dict[str, object]) -> None:
        if not self.enabled:
            return
        line = json.dumps(record, ensure_ascii=False) + "\n"
        try:
            descriptor = self._open_locked()
            try:
                size = os.fstat(descriptor).st_size
                if size >= self.max_bytes:
                    # Full: it becomes LOG.1 (replacing the one before) and a new log starts.
                    os.replace(self.path, self.path + ".1")
                    os.close(descriptor)
                    descriptor = self._open_locked()
                    size = 0
                if not self._said_faq or size == 0:
                    # Which FAQ the lines are about, so that misses and learn find it.
                    named = {"time": record["time"], "faq": self.faq}
                    line = json.dumps(named, ensure_ascii=False) + "\n" + line
                os.write(descriptor, line.encode("utf-8"))
                self._said_faq = True
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
