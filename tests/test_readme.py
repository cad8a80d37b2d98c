"""The README's first five minutes, run as a new user runs them: every command
it shows, in order, in one folder, and the output it shows."""

from __future__ import annotations

import http.client
import json
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


def shown_shell_commands() -> list[str]:
    """The ``faqbot`` lines of the README's shell blocks, without their comments."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [
        line.split("#", 1)[0].strip()
        for block in re.findall(r"```sh\n(.*?)```", readme, re.S)
        for line in block.splitlines()
        if line.startswith("faqbot ")
    ]


def _post(port: int, path: str, body: dict[str, object]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


@pytest.mark.slow
def test_the_week_the_readme_shows_serves_logs_and_learns(tmp_path: Path) -> None:
    serve, *weekly = shown_shell_commands()
    assert shlex.split(serve)[:2] == ["faqbot", "serve"] and len(weekly) == 3
    environment = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONUNBUFFERED": "1",
    }
    faqbot = [sys.executable, "-m", "faqbot"]
    subprocess.run([*faqbot, "init", "faq.yaml"], cwd=tmp_path, env=environment, check=True)
    # As shown, on a free port instead of 8000.
    server = subprocess.Popen(
        [*faqbot, *shlex.split(serve)[1:], "--port", "0"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        line = server.stdout.readline().decode("utf-8")  # type: ignore[union-attr]
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        for question in ("je peux passer samedi matin ?", "votre mail svp"):
            status, body = _post(port, "/api/ask", {"question": question})
            offered = [s["id"] for s in json.loads(body)["suggestions"]]
            assert status == 200 and offered, question
            picked = {"question": question, "chosen": offered[0]}
            assert _post(port, "/api/feedback", picked)[0] == 204
    finally:
        server.terminate()
        server.wait(10)
    for command in weekly:
        done = subprocess.run(
            [*faqbot, *shlex.split(command)[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
        )
        assert done.returncode == 0 and done.stdout.strip(), (command, done.stderr)
