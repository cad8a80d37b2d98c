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
from faqbot import web
from faqbot.cli import main
from faqbot.faq import bundled_faq_path
from faqbot.files import MAX_FILE_BYTES, read_bytes
from faqbot.misslog import MissLog
from faqbot.web import call


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
    app = web.make_app(matcher, log=MissLog(log).record)
    os.mkfifo(log)  # put there after start, with no reader
    done: list[str] = []
    worker = threading.Thread(
        target=lambda: done.append(call(app, "POST", "/api/ask", b'{"question": "xqzw plorb"}')[0]),
        daemon=True,
    )
    worker.start()
    worker.join(10)
    assert done and done[0].startswith("200")
    assert "impossible d'écrire" in capsys.readouterr().err


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
