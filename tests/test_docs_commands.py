"""Every command the guides in ``docs/`` show, run, with the output they show.

A line that is only ``…`` stands for any number of lines, and ``[…]`` or
``...`` within a line for any text, to the end of a wrapped paragraph: the
guides shorten long outputs so. The
session is shown as an 80-column terminal shows it.
``faqbot`` alone runs the session the guide transcribes, line by line;
``curl`` asks the web application in-process.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import faqbot
from faqbot.commands import repl
from faqbot.commands.cli import main
from faqbot.commands.session import SessionState
from faqbot.web import app as web

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ("using.md", "authoring.md", "faq-format.md", "library.md")
SHOWN = re.compile(r"```text\n(.*?)```", re.S)
PROMPT = repl.PROMPT


def shown(guide: str) -> list[tuple[str, str]]:
    """Each ``$ command`` of the guide's text blocks (continued lines joined),
    with the output under it."""
    found: list[tuple[str, str]] = []
    for block in SHOWN.findall((ROOT / "docs" / guide).read_text("utf-8")):
        command: str | None = None
        output: list[str] = []
        lines = iter(block.splitlines())
        for line in lines:
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "\n".join(output)))
                command, output = line[2:], []
                while command.endswith("\\"):
                    command = command[:-1] + next(lines).strip()
            elif command is not None:
                output.append(line)
        if command is not None:
            found.append((command, "\n".join(output)))
    return found


def _line_pattern(line: str) -> str:
    parts = re.split(r"\[…\]|\.\.\.", line)
    return r"[\s\S]*?".join(re.escape(part) for part in parts)


def matches(expected: str, actual: str) -> bool:
    """True when ``actual`` is ``expected`` with its shortenings filled in; a
    no-break space, as French typography puts before « ? », is a space."""
    actual = actual.replace("\u00a0", " ").replace("\u202f", " ")
    pattern = "".join(
        r"(?:.*\n)*?" if line == "…" else _line_pattern(line) + r"\n"
        for line in expected.rstrip("\n").split("\n")
    )
    return re.fullmatch(pattern, actual.rstrip("\n") + "\n") is not None


def run_shell(command: str, home: Path) -> str:
    environment = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "NO_COLOR": "1",
        "PYTHON": sys.executable,
    }
    script = f'faqbot() {{ "$PYTHON" -m faqbot "$@"; }}\n{command}'
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    return done.stdout


def run_session(transcript: str) -> str:
    """The session ``faqbot`` opens, fed the lines typed in ``transcript``,
    as it shows on an 80-column terminal."""
    typed = [line[len(PROMPT) :] for line in transcript.splitlines() if line.startswith(PROMPT)]
    shown_text: list[str] = []

    def write(text: FormattedText) -> None:
        shown_text.append("".join(fragment[1] for fragment in text))

    state = SessionState(faqbot.Matcher(faqbot.load_faq()))
    with create_pipe_input() as pipe:
        pipe.send_text("".join(line + "\r" for line in typed))
        session = repl.make_session(
            state, history=InMemoryHistory(), input=pipe, output=DummyOutput()
        )
        repl.run(session, state, write=write)
    welcome, *replies = shown_text
    out = [welcome]
    for line, reply in zip(typed, replies, strict=False):
        out.append(f"{PROMPT}{line}\n{reply}")
    return "\n".join(out)


def run_curl(command: str) -> str:
    words = shlex.split(command)[1:]
    method, body, headers, url = "GET", b"", {}, ""
    options = iter(words)
    for word in options:
        if word == "-X":
            method = next(options)
        elif word == "-H":
            name, _, value = next(options).partition(": ")
            headers[name] = value
        elif word == "-d":
            body = next(options).encode()
            method = "POST" if method == "GET" else method
        elif not word.startswith("-"):
            url = word
    path = "/" + url.split("//", 1)[1].split("/", 1)[1]
    app = web.make_app(faqbot.Matcher(faqbot.load_faq()))
    environ = {"CONTENT_TYPE": headers.get("Content-Type", "application/x-www-form-urlencoded")}
    _, _, answer = web.call(app, method, path, body, **environ)
    return json.dumps(json.loads(answer), ensure_ascii=False)


@pytest.mark.slow
@pytest.mark.parametrize("guide", GUIDES)
def test_every_command_a_guide_shows_prints_what_it_shows(guide: str, tmp_path: Path) -> None:
    differences = []
    for command, expected in shown(guide):
        if command == "faqbot":
            actual = run_session(expected)
        elif command.startswith("curl "):
            actual = run_curl(command)
        else:
            actual = run_shell(command, tmp_path)
        if not matches(expected, actual):
            differences.append(f"$ {command}\n--- shown:\n{expected}\n--- printed:\n{actual}")
    assert not differences, "\n\n".join(differences)


def test_shortened_outputs_match_what_they_stand_for() -> None:
    assert matches("a\n…\nd", "a\nb\nc\nd\n")
    assert matches("a\n…\nd", "a\nd")
    assert matches("x [{1}, ...]}", "x [{1}, {2}, {3}]}")
    assert not matches("a\n…\nd", "a\nb\nc")
    assert not matches("a b", "a c")


@pytest.mark.parametrize("document", ["README.md", "docs/library.md"])
def test_the_library_examples_print_what_they_show(
    document: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README's example reads the faq.yaml its first step writes.
    monkeypatch.chdir(tmp_path)
    assert main(["init", "faq.yaml"]) == 0
    result = doctest.testfile(
        str(ROOT / document), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert result.attempted > 5 and result.failed == 0
