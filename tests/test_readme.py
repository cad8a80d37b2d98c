"""The README's first five minutes, run as a new user runs them: every command
it shows, in order, in one folder, and the output it shows."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOWN = re.compile(r"```text\n(.*?)```", re.S)


def shown_sessions() -> list[tuple[str, str]]:
    """Each ``$ command`` of the README's text blocks, with the output under it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for block in SHOWN.findall(readme):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            found.append((command, "\n".join(output)))
    return found


@pytest.mark.slow
def test_every_command_the_readme_shows_prints_what_it_shows(tmp_path: Path) -> None:
    sessions = shown_sessions()
    assert [shlex.split(c)[:2] for c, _ in sessions][:3] == [
        ["faqbot", "init"],
        ["faqbot", "check"],
        ["faqbot", "ask"],
    ]
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    for command, expected in sessions:
        words = shlex.split(command)
        assert words[0] == "faqbot", command
        done = subprocess.run(
            [sys.executable, "-m", "faqbot", *words[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
        )
        assert done.stdout.rstrip("\n") == expected.rstrip("\n"), command
