"""What the command does with hostile or odd input: one French line, never a
traceback, nothing typed lost, no unbounded reading."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

import faqbot
from faqbot.commands.cli import main
from faqbot.text.normalize import analyze

FAQBOT = [sys.executable, "-m", "faqbot"]


def run(
    args: list[bytes | str], stdin: bytes | None = b"", **options: object
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*FAQBOT, *args], input=stdin, capture_output=True, timeout=60, **options)  # type: ignore[call-overload]


def one_french_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8")
    assert text.count("\n") == 1, text
    assert "Traceback" not in text
    return text


@pytest.mark.parametrize("form", ["NFC", "NFD", "NFKC"])
def test_accents_in_any_unicode_form_give_the_same_answers(
    matcher: faqbot.Matcher, form: str
) -> None:
    questions = [
        "Quels sont les désavantages de l'open source ?",
        "Quels bénéfices Meta retire-t-il de l'open source ?",
        "L'écosystème de Meta profite-t-il de l'open source ?",
        "Qu'est-ce que le modèle LLaMA développé par Meta ?",
    ]
    for question in questions:
        composed = matcher.search(unicodedata.normalize("NFC", question), score_cutoff=0)
        assert matcher.search(unicodedata.normalize(form, question), score_cutoff=0) == composed


def test_invalid_utf8_in_an_argument_is_replaced_and_reported() -> None:
    done = run(["ask", "--json", b"m\xe9t\xe9o demain"])
    record = json.loads(done.stdout)
    assert record["query"] == "m\ufffdt\ufffdo demain"
    assert "argument 1 : UTF-8 invalide" in one_french_line(done.stderr)
    # The unreadable word counts as a word the FAQ does not know, as "météo"
    # would: it must not fall apart into letters and leave "demain" alone.
    assert record["id"] is None


def test_unreadable_letters_keep_their_word_whole_and_unknown(matcher: faqbot.Matcher) -> None:
    assert analyze("m\ufffdt\ufffd\ufffdo demain").words == ("m0xt0xo", "demain")
    for question in ("m\ufffdt\ufffdo demain", "\ufffd\ufffd demain"):
        closest = matcher.search(question, limit=1, score_cutoff=0)
        alone = matcher.search("demain", limit=1, score_cutoff=0)[0]
        assert closest[0].coverage < alone.coverage


def test_a_closed_stdin_is_empty_input() -> None:
    done = (
        run([], stdin=None, stdin_arg=subprocess.DEVNULL)
        if False
        else subprocess.run(
            [*FAQBOT, "ask"], stdin=subprocess.DEVNULL, capture_output=True, timeout=60
        )
    )
    assert done.returncode == 0
    closed = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m faqbot ask <&-"], capture_output=True, timeout=60
    )
    assert closed.returncode == 0
    assert b"Traceback" not in closed.stderr and b"inattendue" not in closed.stderr


def test_an_endless_line_on_stdin_stops_the_reading() -> None:
    with open("/dev/zero", "rb") as zeros:
        done = subprocess.run([*FAQBOT, "ask"], stdin=zeros, capture_output=True, timeout=60)
    assert done.returncode == 2
    assert "ligne 1 : plus de 1 Mo sans fin de ligne" in one_french_line(done.stderr)


@pytest.mark.parametrize(
    "command", [["--faq", "/dev/zero", "list"], ["eval", "/dev/zero"], ["misses", "/dev/zero"]]
)
def test_a_device_is_never_read(command: list[str]) -> None:
    done = run(command)
    assert done.returncode == 2
    assert "pas un fichier ordinaire" in one_french_line(done.stderr)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_rather_than_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    for command in (["--faq", str(fifo), "list"], ["ask", "--log-misses", str(fifo), "xqzw"]):
        done = run(command)
        assert done.returncode == 2
        assert "pas un fichier ordinaire" in one_french_line(done.stderr)


def test_the_miss_log_is_private_valid_utf8_json(tmp_path: Path) -> None:
    log = tmp_path / "misses.jsonl"
    run(["ask", "--log-misses", str(log), b"xqzw \xff\xfe plorb"])
    assert log.stat().st_mode & 0o777 == 0o600
    header, record = map(json.loads, log.read_bytes().decode("utf-8").splitlines())
    assert header["faq"] is None  # the bundled FAQ
    assert record["question"] == "xqzw \ufffd\ufffd plorb"
    assert main(["misses", str(log)]) == 0


def test_a_deeply_nested_log_line_is_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "misses.jsonl"
    good = json.dumps({"question": "xqzw", "candidates": []})
    log.write_text(good + "\n" + "[" * 100_000 + "\n" + good + "\n", encoding="utf-8")
    assert main(["misses", str(log)]) == 2
    captured = capsys.readouterr()
    assert f"{log}:2 : ligne illisible" in captured.err
    assert captured.out.startswith("2 questions sans réponse")


def test_many_distinct_misses_are_summarized_in_linear_time(tmp_path: Path) -> None:
    from faqbot.log.reading import summarize

    records = [
        {"question": f"question numéro mot{n} autre{n % 97}", "candidates": []}
        for n in range(20_000)
    ]
    started = time.perf_counter()
    groups = summarize(records)
    assert time.perf_counter() - started < 20  # it was quadratic: minutes for this
    assert sum(group.count for group in groups) == 20_000


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_help_and_version_on_a_full_disk_say_so(flag: str) -> None:
    done = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m faqbot {flag} >/dev/full"],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "écriture impossible" in one_french_line(done.stderr)


def test_an_interrupt_while_starting_exits_130_quietly() -> None:
    # Before faqbot's own code runs, Python itself may report the interrupt:
    # the signal is sent once the command has surely started, while it loads.
    # The slowest of three starts, so that a busy machine does not send it early.
    starts = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import faqbot.commands.cli"], check=True)
        starts.append(time.perf_counter() - started)
    command_start = max(starts)
    for extra in (0.005, 0.015, 0.03, 0.05, 0.08):
        process = subprocess.Popen(
            [*FAQBOT, "ask", "c'est quoi llama"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        time.sleep(1.5 * command_start + extra)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        # Python restores the default action while it shuts down: death by
        # SIGINT there is what a shell reports as 130 too.
        assert process.returncode in (0, 130, -signal.SIGINT), err
        assert b"Traceback" not in err


def test_an_empty_evaluation_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.tsv"
    empty.write_text("# rien\n", encoding="utf-8")
    assert main(["eval", str(empty), "--min-accuracy", "99"]) == 2
    assert "aucune question" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["nan", "150", "-1", "beaucoup"])
def test_min_accuracy_must_be_a_percentage(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "x.tsv", "--min-accuracy", value]) == 2
    assert "erreur" in capsys.readouterr().err


def test_a_missing_labeled_file_stops_eval(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.tsv"
    good.write_text("llama\tc'est quoi llama\n", encoding="utf-8")
    assert main(["eval", str(good), str(tmp_path / "absent.tsv")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "absent.tsv : fichier introuvable" in captured.err


def test_min_accuracy_says_which_rate_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hard = tmp_path / "hard.tsv"
    hard.write_text("llama\txqzw plorb\navenir\tc'est quoi llama\n", encoding="utf-8")
    assert main(["eval", str(hard), "--min-accuracy", "80"]) == 1
    assert "sous le minimum demandé de 80 %" in capsys.readouterr().err


@pytest.mark.parametrize("cutoff", [float("nan"), 150.0, -1.0])
def test_the_matcher_refuses_a_cutoff_that_is_not_a_score(faq: faqbot.FAQ, cutoff: float) -> None:
    with pytest.raises(ValueError, match="score_cutoff"):
        faqbot.Matcher(faq, score_cutoff=cutoff)


def test_an_empty_faq_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--faq", "", "list"]) == 2
    assert "chemin est vide" in capsys.readouterr().err


def test_escape_sequences_in_paths_never_reach_stderr(tmp_path: Path) -> None:
    strange = tmp_path / "a\x1b[31mrouge" / "misses.jsonl"
    done = run(["ask", "--log-misses", str(strange), "xqzw"])
    assert b"\x1b" not in done.stderr
    assert "impossible d'écrire" in done.stderr.decode("utf-8")


def test_system_errors_are_explained_in_french(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    done = run(["--faq", str(tmp_path / "file" / "faq.yaml"), "list"])
    message = one_french_line(done.stderr)
    assert "n'est pas un dossier" in message and "Not a directory" not in message


def test_the_command_hands_ctrl_c_back_before_main(monkeypatch: pytest.MonkeyPatch) -> None:
    import faqbot.commands.cli
    from faqbot.commands.command import run

    seen = []
    monkeypatch.setattr(
        faqbot.commands.cli, "main", lambda: seen.append(signal.getsignal(signal.SIGINT))
    )
    original = signal.getsignal(signal.SIGINT)
    run()
    assert seen == [original]
    assert signal.getsignal(signal.SIGINT) is original


def test_an_interrupt_inside_the_import_machinery_ends_quietly() -> None:
    # Python prints an exception raised in importlib's own callbacks as
    # « ignored », with its traceback, and goes on: one start in 300 did.
    script = (
        "import types\n"
        "from faqbot.support.interrupt import noted_interrupt\n"
        "code = compile('pass', '<frozen importlib._bootstrap>', 'exec')\n"
        "noted_interrupt(2, types.SimpleNamespace(f_code=code))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == 130
    assert b"Traceback" not in done.stderr
