from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import faqbot
from faqbot.commands.cli import main


def run_faqbot(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "faqbot", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_ask_prints_the_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "c'est quoi llama ?"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("LLaMA est le premier modèle d'IA open source")
    assert err == ""


def test_ask_takes_unquoted_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "risques", "open", "source"]) == 0
    assert capsys.readouterr().out.startswith("L'open source implique")


def test_ask_without_answer_exits_1_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "Quels sont les avantages de la retraite anticipée ?"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Je ne suis pas sûr de comprendre")
    assert "Vouliez-vous dire" in out


@pytest.mark.parametrize(
    ("line", "reply"),
    [
        ("merci beaucoup, c'était très clair", "Avec plaisir"),
        ("ça marche, merci", "Avec plaisir"),
        ("bonjour !", "Bonjour"),
        ("bonne journée", "Au revoir"),
    ],
)
def test_ask_answers_small_talk_politely(
    line: str, reply: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", line]) == 0
    assert capsys.readouterr().out.startswith(reply)
    assert main(["ask", "--json", line]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["answer"].startswith(reply)
    assert record["id"] is None
    assert record["small_talk"] in ("thanks", "greeting", "goodbye")


def test_politeness_around_a_question_leaves_it_a_question(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--json", "bonjour, c'est quoi llama ? merci d'avance"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["id"], record["small_talk"]) == ("llama", None)


def test_ask_with_nothing_close(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "xqzw plorb"]) == 1
    assert "faqbot list" in capsys.readouterr().out


def test_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "pourquoi llama est open source"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) == {
        "query",
        "id",
        "question",
        "answer",
        "confidence",
        "coverage",
        "score",
        "suggestions",
        "small_talk",
        "fallback",
    }
    assert record["score"] == record["coverage"]  # the former name, kept for a release
    assert record["small_talk"] is None
    assert record["id"] == "pourquoi-open-source"
    assert record["question"] == "Pourquoi Meta a-t-il rendu LLaMA open source ?"
    keys = {"id", "question", "confidence", "coverage", "score"}
    assert all(set(s) == keys for s in record["suggestions"])


def test_json_without_answer_has_nulls_and_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", "ask", "avantages de la retraite"]) == 1
    record = json.loads(capsys.readouterr().out)
    assert record["id"] is record["question"] is record["answer"] is None
    assert record["suggestions"][0]["id"] == "avantages"


def test_list_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1. Qu'est-ce que LLaMA ?"
    assert len(lines) == 5
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"faqbot {faqbot.__version__}"


def test_usage_errors_exit_2_with_one_french_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--bogus"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "erreur : arguments inconnus : --bogus" in err
    assert main(["frobnicate"]) == 2


def write_faq(tmp_path: Path, answer: str = "Garez-vous.") -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(
        f"entries:\n  - id: v\n    question: Comment garer sa voiture ?\n    answer: {answer}\n",
        encoding="utf-8",
    )
    return path


def test_faq_option_on_every_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write_faq(tmp_path))
    assert main(["--faq", path, "ask", "garer ma voiture"]) == 0
    assert main(["ask", "--faq", path, "garer ma voiture"]) == 0
    assert main(["list", "--faq", path]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Garez-vous.",
        "Garez-vous.",
        "1. Comment garer sa voiture ?",
    ]


def test_faq_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FAQBOT_FAQ", str(write_faq(tmp_path)))
    assert main(["ask", "garer ma voiture"]) == 0
    assert capsys.readouterr().out == "Garez-vous.\n"


def test_broken_faq_exits_2_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("entries:\n  - id: a\n    question: Q\n", encoding="utf-8")
    assert main(["--faq", str(path), "ask", "q"]) == 2
    err = capsys.readouterr().err
    assert err == f"faqbot : {path}:2 : entrée 1 : le champ « answer » manque\n"


def test_stdin_questions_one_per_line_skipping_empty_ones() -> None:
    result = run_faqbot("ask", "--json", stdin=b"llama\n\n   \nrisques\r\nxqzw\n")
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [line["id"] for line in lines] == ["llama", "risques", None]
    assert result.returncode == 1


def test_faqbot_without_a_terminal_answers_stdin() -> None:
    result = run_faqbot(stdin=b"c'est quoi llama\n")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("LLaMA est le premier")
    assert b"\x1b" not in result.stdout


def test_invalid_utf8_on_stdin_is_reported_and_the_line_kept() -> None:
    result = run_faqbot("ask", "--json", stdin=b"risques \xff\xfe\nllama\n")
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert records[0]["query"] == "risques \ufffd\ufffd"
    assert records[0]["id"] == "risques"
    assert records[1]["id"] == "llama"
    err = result.stderr.decode()
    assert err.count("\n") == 1 and "ligne 1 : UTF-8 invalide" in err
    assert "Traceback" not in err


def test_control_characters_and_a_megabyte_line() -> None:
    huge = b"llama " + b"x" * 1_000_000 + b"\n"
    result = run_faqbot("ask", stdin=b"\x00\x1b[31mllama\x07\n" + huge)
    assert result.returncode == 1
    out = result.stdout.decode()
    assert out.startswith("LLaMA est le premier")
    assert "\x1b" not in out and "\x07" not in out and "\x00" not in out
    assert result.stderr == b""


def test_escape_sequences_in_the_faq_never_reach_the_terminal(tmp_path: Path) -> None:
    path = write_faq(tmp_path, answer='"Rouge\\e[31m et\\x07 fin"')
    result = run_faqbot("--faq", str(path), "ask", "garer ma voiture")
    assert result.stdout == b"Rouge et fin\n"


def test_a_reader_that_leaves_early_ends_quietly() -> None:
    questions = b"c'est quoi llama ?\n" * 20_000
    command = f"{sys.executable} -m faqbot ask | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], input=questions, capture_output=True
    )
    assert result.stdout.decode().startswith("LLaMA est le premier")
    assert result.stderr == b""
    assert result.returncode == 0


@pytest.mark.parametrize(
    "module",
    [
        "prompt_toolkit",
        "shutil",
        "signal",
        "tempfile",
        "traceback",
        "importlib.metadata",
        "dataclasses",
        "textwrap",
        "threading",
    ],
)
def test_ask_does_not_import_what_it_does_not_need(module: str) -> None:
    # The first run fills the cache (which writes through a temporary file); the
    # second starts as most do.
    code = (
        "import sys; from faqbot.commands.cli import main; main(['ask', 'llama']); "
        f"print({module!r} in sys.modules, file=sys.stderr)"
    )
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip() == "False"


def test_help_wraps_to_the_terminal_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    widths = {}
    for columns in (40, 200):
        monkeypatch.setenv("COLUMNS", str(columns))
        assert main(["ask", "--help"]) == 0
        widths[columns] = max(len(line) for line in capsys.readouterr().out.splitlines())
    assert widths[40] <= 42  # argparse lets usage lines pass the width by a little
    assert widths[200] > 60


@pytest.mark.parametrize(
    "command",
    [["ask", "q"], ["list"], ["eval", "labeled.tsv"], ["misses", "log.jsonl"]],
)
def test_every_command_reports_a_broken_faq_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("entries:\n  - id: a\n    question: [Q\n", encoding="utf-8")
    (tmp_path / "labeled.tsv").write_text("a\tq\n", encoding="utf-8")
    (tmp_path / "log.jsonl").write_text("", encoding="utf-8")
    arguments = [str(tmp_path / a) if "." in a else a for a in command]
    assert main(["--faq", str(path), *arguments]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"faqbot : {path}:4 : YAML invalide")
    assert err.count("\n") == 1


def test_an_empty_question_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "  "]) == 2
    assert capsys.readouterr().err == "faqbot : la question est vide\n"


@pytest.mark.parametrize(
    ("redirect", "message"),
    [
        (">/dev/full", "écriture impossible sur la sortie standard"),
        (">&-", "la sortie standard est fermée"),
    ],
)
def test_an_unwritable_stdout_is_one_line(redirect: str, message: str) -> None:
    if redirect == ">/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    command = f"{sys.executable} -m faqbot ask llama {redirect}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_every_byte_on_stdin_is_handled_without_a_traceback() -> None:
    noise = bytes(range(256)) * 4 + b"\nllama\n" + bytes(range(255, -1, -1)) + b"\n"
    result = run_faqbot("ask", "--json", stdin=noise)
    assert result.returncode in (0, 1)
    err = result.stderr.decode()
    assert "Traceback" not in err
    assert all(line.startswith("faqbot : ligne ") for line in err.splitlines())
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert any(record["id"] == "llama" for record in records)


def test_list_check_and_misses_speak_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert listed[0] == {"id": "llama", "question": "Qu'est-ce que LLaMA ?"}
    assert main(["--json", "list"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["id"] == "llama"
    assert main(["check", "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert checked["errors"] == 0 and checked["calibration"]["coverage_cutoff"] > 0
    log = tmp_path / "misses.jsonl"
    main(["ask", "--log-misses", str(log), "xqzw plorb"])
    capsys.readouterr()
    assert main(["misses", "--json", str(log)]) == 0
    group = json.loads(capsys.readouterr().out)
    assert group["count"] == 1 and group["questions"] == ["xqzw plorb"]


@pytest.mark.parametrize("question", ["le prix du pain chez Meta", "xqzw plorb"])
def test_json_confidence_is_the_first_suggestion_s_or_zero(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    assert main(["ask", "--json", question]) == 1
    record = json.loads(capsys.readouterr().out)
    assert record["id"] is None
    shown = record["suggestions"][0] if record["suggestions"] else None
    assert record["confidence"] == (shown["confidence"] if shown else 0.0)
    assert record["coverage"] == (shown["coverage"] if shown else 0.0)
    # Nothing implausible is offered.
    assert all(s["confidence"] >= 1.0 for s in record["suggestions"])


def test_the_list_hint_names_the_faq_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ma faq.yaml"
    path.write_text("entries:\n  - {id: a, question: Comment garer ?, answer: Bien.}\n")
    assert main(["ask", "--faq", str(path), "xqzw plorb"]) == 1
    assert f"faqbot list --faq '{path}'" in capsys.readouterr().out


def test_init_writes_a_starter_that_checks_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "faq.yaml"
    assert main(["init", str(path)]) == 0
    # The example to copy should itself be clean: no error, no warning.
    assert main(["check", "--faq", str(path), "--strict"]) == 0
    assert "0 erreur, 0 avertissement" in capsys.readouterr().out
    assert faqbot.load_faq(path).fallback.startswith("Pour toute autre question, appelez-nous")
    assert main(["ask", "--faq", str(path), "xqzw plorb"]) == 1
    assert "appelez-nous au 01 23 45 67 89" in capsys.readouterr().out
    assert main(["init", str(path)]) == 2
    assert "existe déjà" in capsys.readouterr().err


def test_a_list_wraps_with_a_hanging_indent() -> None:
    from faqbot.text.wrapping import wrap

    text = wrap("  1. Quels sont les avantages de l'open source pour Meta ?", width=40)
    first, second = text.splitlines()[:2]
    assert first.startswith("  1. Quels")
    assert second.startswith("     ") and not second.startswith("      ")


def test_wrapping_a_huge_word_takes_linear_time() -> None:
    import time

    from faqbot.text.wrapping import wrap

    started = time.perf_counter()
    wrapped = wrap("x" * 2_000_000, width=80)
    assert time.perf_counter() - started < 10  # quadratic took minutes
    assert max(len(line) for line in wrapped.splitlines()) <= 80
