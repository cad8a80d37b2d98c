"""Hardening of the miss log, the starter and the chat page: each case failed once."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import faqbot
from faqbot.commands.cli import main
from faqbot.faqfile.faq import bundled_faq_path
from faqbot.log.writer import MissLog
from faqbot.support.files import MAX_FILE_BYTES, read_bytes
from faqbot.web import app as web
from faqbot.web.app import call


def test_a_miss_log_that_is_the_faq_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = tmp_path / "faq.yaml"
    faq.write_bytes(Path(bundled_faq_path()).read_bytes())
    before = faq.read_bytes()
    code = main(["ask", "--faq", str(faq), "--log-misses", str(faq), "météo demain"])
    assert code == 2
    err = capsys.readouterr().err
    assert "fichier de la FAQ" in err and err.count("\n") == 1
    assert faq.read_bytes() == before
    # The same file under another name is the same file.
    os.symlink(faq, tmp_path / "alias.yaml")
    assert main(["ask", "--faq", str(faq), "--log-misses", str(tmp_path / "alias.yaml"), "x"]) == 2
    assert faq.read_bytes() == before


def test_misses_treats_non_finite_scores_as_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "misses.jsonl"
    good = {"question": "tarifs", "candidates": [{"id": "llama", "question": "q", "score": 12}]}
    bad = '{"question": "x", "candidates": [{"id": "llama", "question": "q", "score": Infinity}]}'
    log.write_text(json.dumps(good) + "\n" + bad + "\n", encoding="utf-8")
    main(["misses", str(log), "--json"])
    captured = capsys.readouterr()
    json.loads(captured.out)  # strict JSON: no Infinity
    assert "Infinity" not in captured.out
    assert f"{log}:2" in captured.err


def test_a_fifo_at_the_log_path_never_blocks_a_request(
    tmp_path: Path, matcher: faqbot.Matcher, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "misses.jsonl"
    said: list[str] = []
    app = web.make_app(matcher, log=MissLog(log, warn=said.append).record)
    os.mkfifo(log)  # put there after start, with no reader
    done: list[str] = []
    worker = threading.Thread(
        target=lambda: done.append(call(app, "POST", "/api/ask", b'{"question": "xqzw plorb"}')[0]),
        daemon=True,
    )
    worker.start()
    worker.join(10)
    assert done and done[0].startswith("200")
    assert len(said) == 1 and "impossible d'écrire" in said[0]


def test_init_in_a_missing_folder_says_the_folder_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nodir" / "sub" / "faq.yaml"
    assert main(["init", str(path)]) == 2
    err = capsys.readouterr().err
    assert "le dossier" in err and "n'existe pas" in err
    assert "introuvable" not in err


def test_init_leaves_nothing_behind_when_the_file_cannot_be_written_whole(
    tmp_path: Path,
) -> None:
    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))

    folder = tmp_path / "faqs"
    folder.mkdir()
    path = folder / "faq.yaml"
    command = [sys.executable, "-m", "faqbot", "init", str(path)]
    failed = subprocess.run(
        command, capture_output=True, timeout=60, preexec_fn=small_files, check=False
    )
    assert failed.returncode == 2
    assert failed.stderr.decode().count("\n") == 1
    assert list(folder.iterdir()) == []
    # Nothing broken is left to refuse the next run.
    assert subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    assert main(["check", "--faq", str(path)]) == 0


def test_a_placeholder_in_the_title_is_shown_as_written(tmp_path: Path) -> None:
    faq = faqbot.parse_faq(
        """
title: "Ma FAQ {{WELCOME}}"
welcome: Bonjour à tous
entries:
  - {id: a, question: Quels sont vos horaires ?, answer: De 9 h à 18 h.}
"""
    )
    _, _, page = call(web.make_app(faqbot.Matcher(faq)), "GET", "/")
    text = page.decode("utf-8")
    assert "Ma FAQ {{WELCOME}}" in text
    assert "Ma FAQ Bonjour" not in text


def test_size_limits_are_given_in_the_units_of_the_readme(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(OSError, match="au plus 128 Mo"):
        read_bytes(big, OSError)


class _Offered:
    """A stand-in for a match, as MissLog.record reads it."""

    def __init__(self, entry: faqbot.Entry) -> None:
        self.entry, self.confidence, self.coverage = entry, 12.5, 40.0


def _records(*paths: Path) -> list[dict[str, object]]:
    found = []
    for path in paths:
        if path.exists():
            found += [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return found


@pytest.mark.slow  # the scale of real use
def test_a_flood_of_100_000_lines_never_rotates_picks_and_feedback_out(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    log = MissLog(path, max_bytes=1 << 20)
    entry = faqbot.load_faq().entries[0]
    assert log.record("horaires de la piscine", [_Offered(entry)])
    assert log.pick("horaires de la piscine", entry.id)
    assert log.feedback("c'est quoi llama", "llama", False)
    offered = [_Offered(entry)]
    for number in range(100_000):
        assert log.record(f"question anonyme numéro {number} " + "x" * 80, offered)
    records = _records(Path(f"{path}.1"), path)
    assert os.path.getsize(f"{path}.1") <= 1 << 20
    assert {"question": "horaires de la piscine", "chosen": entry.id}.items() <= next(
        r for r in records if "chosen" in r
    ).items()
    assert any(r.get("helpful") is False for r in records)
    # The question the pick is about stays beside it.
    assert any(r.get("question") == "horaires de la piscine" and "candidates" in r for r in records)
    assert any(r.get("question", "").startswith("question anonyme numéro 99999") for r in records)


def test_eight_threads_logging_across_a_rotation_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    line = len(json.dumps({"time": "2026-01-01T00:00:00+00:00", "question": "q" * 60}))
    log = MissLog(path, max_bytes=8 * 400 * (line + 40) * 2 // 3)
    entry = faqbot.load_faq().entries[0]
    results: list[bool] = []

    def write(thread: int) -> None:
        for number in range(400):
            results.append(log.pick(f"{thread}-{number} " + "q" * 50, entry.id))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 3200 and not log.failing
    assert os.path.exists(f"{path}.1")  # it did rotate
    picks = [r["question"] for r in _records(Path(f"{path}.1"), path) if "chosen" in r]
    assert sorted(picks) == sorted(f"{t}-{n} " + "q" * 50 for t in range(8) for n in range(400))


SHORT_WRITE = """
import json, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
import faqbot
from faqbot.log.writer import MissLog
path = sys.argv[1]
log = MissLog(path, warn=lambda message: print(message, file=sys.stderr))
entry = faqbot.load_faq().entries[0]
assert log.pick("avant", entry.id)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
import os
resource.setrlimit(resource.RLIMIT_FSIZE, (os.path.getsize(path) + 40, hard))
results = [log.pick("coupée " + "x" * 200, entry.id) for _ in range(3)]
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
results.append(log.pick("après", entry.id))
print(json.dumps(results))
"""


def test_a_write_cut_short_is_reported_once_and_glues_no_records(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    done = subprocess.run(
        [sys.executable, "-c", SHORT_WRITE, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [False, False, False, True]
    assert done.stderr.count("Attention : impossible d'écrire") == 1
    assert "de nouveau écrit" in done.stderr
    questions = [r["question"] for r in _records(path) if "chosen" in r]
    assert questions == ["avant", "après"]


def test_a_log_that_cannot_be_written_makes_the_api_say_so(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    log = MissLog(folder / "log.jsonl")
    folder.rmdir()
    app = web.make_app(faqbot.Matcher(faqbot.load_faq()), log=log)
    call(app, "POST", "/api/ask", b'{"question": "c\'est quoi llama"}')
    body = b'{"question": "c\'est quoi llama", "id": "llama", "helpful": false}'
    status, _, reply = call(app, "POST", "/api/feedback", body)
    assert status.startswith("503") and "non noté" in json.loads(reply)["message"]
    folder.mkdir()
    assert call(app, "POST", "/api/feedback", body)[0].startswith("204")


def test_one_address_cannot_write_the_log_faster_than_its_budget(tmp_path: Path) -> None:
    from faqbot.web import logguard

    path = tmp_path / "log.jsonl"
    app = web.make_app(faqbot.Matcher(faqbot.load_faq()), log=MissLog(path))
    for number in range(1000):
        question = json.dumps({"question": f"météo à Brest numéro {number} ?"}).encode()
        assert call(app, "POST", "/api/ask", question, REMOTE_ADDR="10.0.0.9")[0].startswith("200")
    misses = [r for r in _records(path) if "candidates" in r]
    # The burst, and what the seconds the loop took earned.
    assert logguard.CLIENT_BURST <= len(misses) < logguard.CLIENT_BURST + 100
