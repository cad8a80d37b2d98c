"""The real ``faqbot`` command in a pseudo-terminal, as a person would use it."""

from __future__ import annotations

import os
import re
import select
import shutil
import sys
import time

import pytest

pty = pytest.importorskip("pty")


def read_until(
    fd: int, marker: bytes, seen: bytearray, *, start: int | None = None, timeout: float = 20.0
) -> int:
    """Read the screen until ``marker`` shows after ``start`` (by default, after
    what was seen); return where the marker ends, for the next wait to start
    there: what came after it in the same read is still to be waited for."""
    start = len(seen) if start is None else start
    deadline = time.monotonic() + timeout
    while (found := seen.find(marker, start)) < 0:
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
    if found < 0:
        raise AssertionError(f"{marker!r} never came; the terminal closed: {bytes(seen)!r}")
    return found + len(marker)


def spawn(**environment: str) -> tuple[int, int]:
    """Start the installed ``faqbot`` command in a pseudo-terminal."""
    command = shutil.which("faqbot", path=os.path.dirname(sys.executable))
    argv = [command] if command else [sys.executable, "-m", "faqbot"]
    pid, fd = pty.fork()
    if pid == 0:  # the child: become faqbot
        os.environ.update(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", **environment)
        os.execv(argv[0], argv)
    return pid, fd


def ask_and_leave(pid: int, fd: int) -> tuple[bytes, int]:
    """Ask one question, read the answer, leave with Ctrl-D; return the screen and exit code."""
    seen = bytearray()
    try:
        read_until(fd, b"faqbot>", seen)
        os.write(fd, b"c'est quoi llama ?\r")
        answered_at = read_until(fd, b"traduire des langues", seen)
        read_until(fd, b"faqbot>", seen, start=answered_at)  # Ctrl-D means leave at the prompt
        os.write(fd, b"\x04")
        read_until(fd, b"Au revoir", seen)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    return bytes(seen), os.waitstatus_to_exitcode(status)


def test_ask_a_question_and_leave_with_ctrl_d(isolated_home) -> None:
    screen, code = ask_and_leave(*spawn())
    assert code == 0
    assert b"Bonjour" in screen
    assert b"Qu'est-ce que LLaMA ?" in screen
    history = isolated_home / ".local" / "state" / "faqbot" / "history"
    assert "+c'est quoi llama ?" in history.read_text(encoding="utf-8")


COLOURS = re.compile(rb"\x1b\[[0-9;]*3[0-7][;m]")


def test_colours_only_without_no_color() -> None:
    coloured, _ = ask_and_leave(*spawn())
    plain, _ = ask_and_leave(*spawn(NO_COLOR="1"))
    assert COLOURS.search(coloured)
    assert not COLOURS.search(plain)
    assert b"traduire des langues" in plain
