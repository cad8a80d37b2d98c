from __future__ import annotations

import json
from pathlib import Path

import pytest

import faqbot
from faqbot.commands.cli import main


def ask(capsys: pytest.CaptureFixture[str], *args: str) -> int:
    code = main(["ask", *args])
    capsys.readouterr()
    return code


def test_nothing_is_logged_by_default(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ask(capsys, "xqzw plorb")
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(p.is_relative_to(isolated_home / ".cache" / "faqbot") for p in written)


def test_questions_are_logged_as_json_lines_misses_with_their_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "misses.jsonl"
    assert ask(capsys, "--log-misses", str(log), "avantages de la retraite") == 1
    assert ask(capsys, "--log-misses", str(log), "c'est quoi llama") == 0
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    # Each process that writes names its FAQ first (here the bundled one).
    assert lines[0] == {"time": lines[0]["time"], "faq": None}
    records = [r for r in lines if "question" in r]
    assert len(records) == 2
    # faqbot ask is a script's: nobody could pick a suggestion.
    assert set(records[0]) == {"time", "question", "candidates", "pickable"}
    assert records[0]["pickable"] is False
    assert records[0]["question"] == "avantages de la retraite"
    assert records[0]["candidates"][0]["id"] == "avantages"
    assert set(records[0]["candidates"][0]) == {"id", "question", "confidence", "coverage"}
    # A sure answer is noted too, so that learn --apply can check it is kept.
    assert set(records[1]) == {"time", "question", "answered", "confidence"}
    assert records[1]["answered"] == "llama" and records[1]["confidence"] > 50
    # misses shows only the questions without a sure answer.
    assert main(["misses", str(log)]) == 0
    assert capsys.readouterr().out.startswith("1 question sans réponse")


def test_summary_groups_similar_questions_most_frequent_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "misses.jsonl"
    for question in [
        "météo demain",
        "avantages de la retraite",
        "Les avantages de la retraite ?",
        "avantages retraite",
    ]:
        ask(capsys, "--log-misses", str(log), question)
    assert main(["misses", str(log)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "4 questions sans réponse, 2 groupes :"
    assert lines[1].strip().startswith("3 × « ")
    assert "plus proche : avantages" in "\n".join(lines[2:5])


def test_a_broken_log_line_is_reported_and_the_rest_summarized(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "misses.jsonl"
    ask(capsys, "--log-misses", str(log), "xqzw")
    with log.open("a", encoding="utf-8") as handle:
        handle.write('{"question": "coupé\n[1, 2]\n')
    ask(capsys, "--log-misses", str(log), "xqzw")
    assert main(["misses", str(log)]) == 2
    captured = capsys.readouterr()
    assert f"{log}:3 : ligne illisible" in captured.err
    assert f"{log}:4 : ligne illisible" in captured.err
    assert captured.out.startswith("2 questions sans réponse")


def test_a_missing_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["misses", str(tmp_path / "absent.jsonl")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_an_unwritable_log_warns_once_and_answers_go_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "no-such-dir" / "misses.jsonl"
    assert main(["ask", "--log-misses", str(log), "xqzw"]) == 1
    captured = capsys.readouterr()
    assert "Je ne sais pas répondre" in captured.out
    assert captured.err.count("\n") == 1 and "impossible d'écrire" in captured.err


def test_questions_without_content_words_are_never_merged() -> None:
    from faqbot.log.reading import summarize

    records = [
        {"question": question, "candidates": []}
        for question in ("oui", "?", "…", "tarifs", "horaires", "parking", "oui", "Oui !")
    ]
    groups = {group.questions[0]: group.count for group in summarize(records)}
    assert groups["tarifs"] == groups["horaires"] == groups["parking"] == 1
    assert groups["oui"] == 3  # the same words, whatever the case and punctuation
    assert groups["?"] == 1 and groups["…"] == 1


def test_the_log_keeps_only_what_is_matched_and_rotates_when_full(
    tmp_path: Path, matcher: faqbot.Matcher
) -> None:
    from faqbot.log.writer import MissLog
    from faqbot.text.normalize import MAX_CHARS

    path = tmp_path / "misses.jsonl"
    log = MissLog(path, max_bytes=2000)
    log.record("x" * 8000, [])
    header, first = map(json.loads, path.read_text("utf-8").splitlines())
    assert header["faq"] is None and len(first["question"]) == MAX_CHARS
    for number in range(60):
        log.record(f"question numéro {number}", matcher.search("avantages de la retraite"))
    rotated = tmp_path / "misses.jsonl.1"
    assert rotated.exists() and path.stat().st_size < 2500 and rotated.stat().st_size < 2500
    lines = [
        json.loads(line) for f in (rotated, path) for line in f.read_text("utf-8").splitlines()
    ]
    assert lines[-1]["question"] == "question numéro 59"


def test_misses_reads_the_newest_part_of_a_log_too_big_to_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from faqbot.log import reading as misses

    monkeypatch.setattr(misses, "MAX_FILE_BYTES", 4000)
    path = tmp_path / "misses.jsonl"
    with path.open("w", encoding="utf-8") as log:
        for number in range(200):
            log.write(json.dumps({"question": f"ancienne {number}", "candidates": []}) + "\n")
        log.write(json.dumps({"question": "la plus récente", "candidates": []}) + "\n")
    assert main(["misses", str(path)]) == 0
    captured = capsys.readouterr()
    assert "la plus récente" in captured.out and "ancienne 0 " not in captured.out
    assert "seules les lignes les plus récentes sont lues" in captured.err
    assert "illisible" not in captured.err


def test_a_log_that_starts_with_a_byte_order_mark_keeps_its_first_line(tmp_path: Path) -> None:
    from faqbot.log.reading import read_log

    log = tmp_path / "log.jsonl"
    lines = [
        json.dumps({"question": "horaires piscine", "candidates": []}),
        json.dumps({"question": "les risques ?", "chosen": "risques"}),
    ]
    log.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8") + b"\n")
    errors: list[str] = []
    contents = read_log(log, errors)
    assert errors == []
    assert [m["question"] for m in contents.misses] == ["horaires piscine"]
    assert len(contents.picks) == 1


def test_misses_summarizes_several_logs_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.jsonl"
        record = {"question": "horaires de la piscine", "candidates": []}
        path.write_text(json.dumps(record) + "\n", "utf-8")
        logs.append(str(path))
    assert main(["misses", *logs]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 questions sans réponse, 1 groupe")


def test_a_log_too_big_to_read_whole_still_names_its_faq(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from faqbot.log import reading as misses

    log = tmp_path / "log.jsonl"
    head = json.dumps({"time": "t", "faq": "/srv/faq.yaml"}) + "\n"
    line = json.dumps({"question": "horaires de la piscine", "candidates": []}) + "\n"
    log.write_text(head + line * 2000, "utf-8")
    monkeypatch.setattr(misses, "MAX_FILE_BYTES", 10 * len(line))
    notes: list[str] = []
    contents = misses.read_log(log, [], notes)
    assert notes and len(contents.misses) < 2000
    assert contents.faq == "/srv/faq.yaml" and contents.names_faq


def test_each_group_says_the_days_it_was_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log.jsonl"
    times = ("2026-12-03T18:00:00+00:00", "2026-11-28T09:00:00+00:00")
    lines = [{"time": t, "question": "avantages de la retraite", "candidates": []} for t in times]
    log.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert main(["misses", str(log)]) == 0
    assert "2 × « avantages de la retraite », du 28 novembre au 3 décembre 2026" in (
        capsys.readouterr().out
    )
    assert main(["misses", str(log), "--json"]) == 0
    group = json.loads(capsys.readouterr().out)
    assert (group["first"], group["last"]) == (times[1], times[0])


def test_the_summary_says_which_entry_askers_chose_counting_each_asker_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "misses.jsonl"
    suggested = [{"id": "avantages", "question": "?", "confidence": 56.0, "coverage": 40.0}]
    lines = [{"time": "2026-12-01T10:00:00+00:00", "faq": None}]
    for asker in ("a1", "a2"):
        question = "avantages de la retraite"
        lines.append({"question": question, "candidates": suggested, "asker": asker})
        lines += [{"question": question, "chosen": "avantages", "asker": asker}] * 2
    lines.append({"question": "Les avantages de la retraite ?", "chosen": "risques", "asker": "a3"})
    lines.append({"question": "météo demain", "candidates": suggested})
    log.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    assert main(["misses", str(log)]) == 0
    out = capsys.readouterr().out
    assert "choisie parmi les suggestions : avantages (2 personnes), risques (1 personne)" in out
    assert out.count("choisie parmi") == 1  # nobody chose anything for the weather
    assert main(["misses", "--json", str(log)]) == 0
    groups = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [g["picked"] for g in groups] == [{"avantages": 2, "risques": 1}, {}]
