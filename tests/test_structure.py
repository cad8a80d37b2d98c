"""How the package is put together: one reading of a question, no import
cycle, one exit status, argparse's French kept to faqbot's own parsers."""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

import pytest

import faqbot
from faqbot.commands.cli import main
from faqbot.reply import as_record, reply_to
from faqbot.support.status import ExitStatus
from faqbot.text import normalize

PACKAGE = Path(faqbot.__file__).resolve().parent


@pytest.mark.parametrize(
    "question",
    ["c'est quoi llama ?", "avantages de la retraite", "xqzw plorb", "merci beaucoup !"],
)
def test_a_question_is_read_once(
    matcher: faqbot.Matcher, monkeypatch: pytest.MonkeyPatch, question: str
) -> None:
    calls: list[str] = []
    real = normalize.raw_words

    def counted(text: str) -> list[str]:
        calls.append(text)
        return real(text)

    for module in ("faqbot.text.normalize", "faqbot.text.query", "faqbot.text.smalltalk"):
        monkeypatch.setattr(f"{module}.raw_words", counted)
    as_record(reply_to(question, matcher))
    assert calls == [question]


def _imports(path: Path) -> set[str]:
    """The faqbot modules a module imports, at run time (not for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(child) for child in ast.walk(node))
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "faqbot":
                found.update(f"faqbot.{alias.name}" for alias in node.names)
            elif node.module.startswith("faqbot."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("faqbot."))
    return found


def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (``__init__`` as its package)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def test_the_import_graph_has_no_cycle() -> None:
    modules = _modules()
    graph = {name: _imports(path) for name, path in modules.items()}
    graph = {name: {d for d in deps if d in graph and d != name} for name, deps in graph.items()}
    graph.pop("faqbot", None)
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name) :], name]
            raise AssertionError(" -> ".join(cycle))
        if name in done:
            return
        for dependency in sorted(graph.get(name, ())):
            visit(dependency, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


LAYERS = (
    ("support",),
    ("text",),
    ("faqfile",),
    ("matching",),
    ("log",),
    ("reply",),
    ("authoring",),
    ("commands", "web"),
)
"""The package's layers, lowest first: a module imports only from its own
layer and those below. The shells (commands, web) print what the rest returns."""


def _layer(module: str) -> int:
    part = module.split(".")[1] if "." in module else "__init__"
    if part.startswith("__"):  # the public face, or a name it holds: for the shells only
        return len(LAYERS) - 1
    return next(number for number, names in enumerate(LAYERS) if part in names)


def test_every_module_sits_in_a_layer_and_imports_only_below() -> None:
    upward = []
    for name, path in _modules().items():
        if name in ("faqbot", "faqbot.__main__"):
            continue  # the public face and ``python -m faqbot``
        for imported in _imports(path):
            if imported.startswith("faqbot.") and _layer(imported) > _layer(name):
                upward.append(f"{name} -> {imported}")
    assert upward == []


def test_the_top_level_holds_the_public_face_and_the_reply_layer_only() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "reply.py"]


def test_commands_return_one_exit_status(tmp_path: Path) -> None:
    assert main(["ask", "c'est quoi llama"]) == ExitStatus.OK
    assert main(["ask", "xqzw plorb"]) == ExitStatus.NO_ANSWER
    assert main(["ask", "--bogus"]) == ExitStatus.ERROR
    assert main(["check", "--faq", str(tmp_path / "absent.yaml")]) == ExitStatus.ERROR


def test_debug_shows_the_traceback_an_unexpected_error_hides(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("panne")

    monkeypatch.setattr("faqbot.reply.reply_to", broken)
    monkeypatch.setattr("faqbot.commands.ask.reply_to", broken)
    assert main(["ask", "llama"]) == ExitStatus.ERROR
    quiet = capsys.readouterr().err
    assert quiet.count("\n") == 1 and "erreur inattendue (RuntimeError : panne)" in quiet
    assert "--debug" in quiet and "Traceback" not in quiet
    assert main(["ask", "--debug", "llama"]) == ExitStatus.ERROR
    assert "Traceback" in capsys.readouterr().err
    monkeypatch.setenv("FAQBOT_DEBUG", "1")
    assert main(["ask", "llama"]) == ExitStatus.ERROR
    assert "Traceback" in capsys.readouterr().err


def test_other_parsers_in_the_process_keep_their_own_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import faqbot.commands.cli  # noqa: F401

    other = argparse.ArgumentParser(prog="other")
    other.add_argument("needed")
    with pytest.raises(SystemExit):
        other.parse_args([])
    err = capsys.readouterr().err
    assert "the following arguments are required" in err and "erreur" not in err
    assert main(["ask", "--bogus"]) == 2
    assert "arguments inconnus" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        other.parse_args([])
    assert "required" in capsys.readouterr().err


def test_small_talk_is_read_by_the_library() -> None:
    assert faqbot.small_talk("merci beaucoup !") == "thanks"
    assert faqbot.small_talk("bonjour, c'est quoi llama ?") is None


def test_ctrl_c_in_ask_leaves_the_shell_prompt_on_a_line_of_its_own() -> None:
    import os
    import pty
    import signal
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: faqbot reading a terminal that never sends a line
        os.execv(sys.executable, [sys.executable, "-m", "faqbot", "ask"])
    try:
        seen = b""
        deadline = time.monotonic() + 20
        while b"Ctrl-D" not in seen and time.monotonic() < deadline:
            seen += os.read(fd, 1024)
        os.kill(pid, signal.SIGINT)
        _, status = os.waitpid(pid, 0)
        rest = b""
        try:
            while chunk := os.read(fd, 1024):
                rest += chunk
        except OSError:
            pass
    finally:
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 130
    assert rest.endswith(b"\n"), rest


def test_the_matcher_keeps_its_internals_private(matcher: faqbot.Matcher) -> None:
    assert not hasattr(matcher, "candidates")
    done = subprocess.run(
        [sys.executable, "-c", "import faqbot; print(sorted(faqbot.__all__))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "small_talk" in done.stdout


def test_a_clone_named_faqbot_in_the_working_folder_does_not_shadow_the_package(
    tmp_path: Path,
) -> None:
    # A new user who cloned into ./faqbot and runs Python beside it: the
    # folder, a namespace package for Python, must not hide the real one.
    (tmp_path / "faqbot" / "tests").mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-c", "import faqbot; print(faqbot.load_faq().title)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Zuckerberg" in done.stdout
