"""The real ``faqbot`` command in a pseudo-terminal, as a person would use it."""

from __future__ import annotations

import os
import select
import shutil
import sys
import time

import pytest

pty = pytest.importorskip("pty")


def read_until(
    fd: int, marker: bytes, seen: bytearray, *, start: int | None = None, timeout: float = 20.0
) -> int:
    """Read the screen until ``marker`` shows after ``start`` (by default, after what was seen)."""
    start = len(seen) if start is None else start
    deadline = time.monotonic() + timeout
    while seen.find(marker, start) < 0:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"{marker!r} never came; screen so far: {bytes(seen)!r}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen.extend(chunk)
    return len(seen)


def test_ask_a_question_and_leave_with_ctrl_d(isolated_home) -> None:
    command = shutil.which("faqbot")
    argv = [command] if command else [sys.executable, "-m", "faqbot"]
    pid, fd = pty.fork()
    if pid == 0:  # the child: become faqbot
        os.environ["TERM"] = "xterm"
        os.environ["PROMPT_TOOLKIT_NO_CPR"] = "1"  # the test does not answer position queries
        os.execvp(argv[0], argv)
    seen = bytearray()
    try:
        read_until(fd, b"faqbot>", seen)
        assert b"Bonjour" in seen
        os.write(fd, b"c'est quoi llama ?\r")
        read_until(fd, b"traduire des langues", seen)
        assert b"Qu'est-ce que LLaMA ?" in seen
        answered_at = seen.find(b"traduire des langues")
        read_until(fd, b"faqbot>", seen, start=answered_at)  # Ctrl-D means leave at the prompt
        os.write(fd, b"\x04")
        read_until(fd, b"Au revoir", seen)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    history = isolated_home / ".local" / "state" / "faqbot" / "history"
    assert "+c'est quoi llama ?" in history.read_text(encoding="utf-8")
