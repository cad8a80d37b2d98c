"""``faqbot learn --apply`` on every valid layout, line end and log: each case failed once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import faqbot
from faqbot.commands.cli import main

TWO_ENTRIES = """\
entries:
  - id: horaires
    question: Quels sont vos horaires ?
    answer: Du lundi au vendredi, de 9 h à 18 h.
    variants:
    off_topic:
  - id: tarifs
    question: Quels sont vos tarifs ?
    answer: La séance coûte 10 € ; la carte de dix séances 80 €.
    variants: [Combien ça coûte ?, C'est cher ?,]
"""
ASKED = "vous ouvrez a quelle heure le matin"


def log_for(path: Path, faq: Path | None, *records: dict[str, object]) -> Path:
    lines = [{"time": "2026-12-01T10:00:00+00:00", "faq": str(faq) if faq else None}, *records]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    return path


def picks(question: str, chosen: str, count: int = 2) -> list[dict[str, object]]:
    return [{"time": "2026-12-01T10:00:01+00:00", "question": question, "chosen": chosen}] * count


@pytest.mark.parametrize(
    ("newline", "bom"), [("\n", False), ("\r\n", False), ("\r", False), ("\r\n", True)]
)
def test_apply_keeps_line_ends_and_byte_order_mark_and_reads_empty_keys_and_trailing_commas(
    tmp_path: Path, newline: str, bom: bool
) -> None:
    faq = tmp_path / "faq.yaml"
    original = ("\ufeff" if bom else "") + TWO_ENTRIES.replace("\n", newline)
    faq.write_bytes(original.encode("utf-8"))
    log = log_for(tmp_path / "log.jsonl", faq, *picks(ASKED, "horaires"))
    assert main(["learn", str(log), "--apply", "--force"]) == 0
    data = faq.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") is bom
    text = data.decode("utf-8-sig")
    assert ASKED in text
    others = {"\n", "\r\n", "\r"} - {newline}
    bare = text.replace(newline, "")
    assert not any(other in bare for other in others), repr(text)
    # Every line but the one changed is as it was.
    before = original.lstrip("\ufeff").split(newline)
    after = text.split(newline)
    assert len(after) == len(before)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1
    grown = faqbot.load_faq(faq)
    assert grown.get("horaires").variants == (ASKED,)  # type: ignore[union-attr]
    assert grown.get("tarifs").variants == ("Combien ça coûte ?", "C'est cher ?")  # type: ignore[union-attr]
    assert main(["check", "--faq", str(faq)]) in (0, 1)


def test_a_question_already_off_topic_or_unwritable_is_left_out_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = tmp_path / "faq.yaml"
    faq.write_text(
        TWO_ENTRIES.replace("    off_topic:\n", "    off_topic: [horaires de la piscine]\n"),
        "utf-8",
    )
    log = log_for(
        tmp_path / "log.jsonl",
        faq,
        *picks("horaires de la piscine", "horaires"),
        *picks("horaires\ufffe du soir", "horaires"),
        *picks(ASKED, "horaires"),
    )
    assert main(["learn", str(log), "--apply", "--force"]) == 0
    out = capsys.readouterr().out
    assert "« horaires de la piscine » : déjà une question hors sujet" in out
    assert "caractère qu'un fichier YAML ne peut pas contenir" in out
    assert ASKED in faq.read_text("utf-8")
    assert main(["check", "--faq", str(faq)]) in (0, 1)
    assert "0 erreur" in capsys.readouterr().out


def test_a_log_about_another_faq_is_refused_unless_said_to_be_about_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, theirs = tmp_path / "mine.yaml", tmp_path / "theirs.yaml"
    for path in (mine, theirs):
        path.write_text(TWO_ENTRIES, "utf-8")
    log = log_for(tmp_path / "log.jsonl", theirs, *picks(ASKED, "horaires"))
    assert main(["learn", str(log), "--faq", str(mine), "--apply"]) == 2
    assert f"parle de {theirs}, pas de {mine}" in capsys.readouterr().err
    monkeypatch.setenv("FAQBOT_FAQ", str(mine))
    assert main(["learn", str(log), "--apply"]) == 2  # $FAQBOT_FAQ counts as --faq
    assert "--same-faq" in capsys.readouterr().err
    assert mine.read_text("utf-8") == TWO_ENTRIES
    assert main(["learn", str(log), "--apply", "--same-faq"]) == 0
    assert ASKED in mine.read_text("utf-8")
    mine.write_text(TWO_ENTRIES, "utf-8")
    assert main(["learn", str(log), "--apply", "--force"]) == 0  # as before --same-faq
    assert ASKED in mine.read_text("utf-8")
    monkeypatch.delenv("FAQBOT_FAQ")
    other = log_for(tmp_path / "other.jsonl", mine, *picks(ASKED, "tarifs"))
    assert main(["learn", str(log), str(other)]) == 2
    assert "ces journaux parlent de FAQ différentes" in capsys.readouterr().err


def test_a_candidate_id_of_any_type_and_json_apply_print_json_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = tmp_path / "faq.yaml"
    faq.write_text(TWO_ENTRIES, "utf-8")
    odd = {"question": "horaires piscine", "candidates": [{"id": {"x": 1}, "confidence": 5.0}]}
    log = log_for(tmp_path / "log.jsonl", faq, odd, *picks(ASKED, "horaires"))
    assert main(["learn", "--json", str(log), "--apply", "--force"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    record = json.loads(out)
    assert record["apply"]["status"] == 0 and record["apply"]["lines"]


def test_an_edit_made_while_learn_runs_is_never_lost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from faqbot.authoring.change import Harm
    from faqbot.commands import learn

    faq = tmp_path / "faq.yaml"
    faq.write_text(TWO_ENTRIES, "utf-8")
    log = log_for(tmp_path / "log.jsonl", faq, *picks(ASKED, "horaires"))
    measure = learn.measure_change

    def edited_meanwhile(*args: object, **kwargs: object) -> Harm:
        faq.write_text(TWO_ENTRIES + "# édité pendant ce temps\n", "utf-8")
        return measure(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(learn, "measure_change", edited_meanwhile)
    assert main(["learn", str(log), "--apply", "--force"]) == 2
    assert "le fichier a changé" in capsys.readouterr().err
    assert faq.read_text("utf-8").endswith("# édité pendant ce temps\n")


def test_a_log_copied_from_the_server_counts_for_the_same_faq_at_another_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The server wrote /srv/site/faq.yaml into the log; the owner runs learn at home.
    server, home = tmp_path / "srv" / "faq.yaml", tmp_path / "laptop" / "faq.yaml"
    for path in (server, home):
        path.parent.mkdir()
        path.write_text(TWO_ENTRIES, "utf-8")
    log = log_for(tmp_path / "log.jsonl", server, *picks(ASKED, "horaires"))
    server.unlink()
    assert main(["learn", str(log), "--faq", str(home), "--apply"]) == 0
    assert "lu comme la même FAQ" in capsys.readouterr().err
    assert ASKED in home.read_text("utf-8")
    # Another file name, or an entry the FAQ lacks: another FAQ.
    renamed = tmp_path / "laptop" / "autre.yaml"
    renamed.write_text(TWO_ENTRIES, "utf-8")
    assert main(["learn", str(log), "--faq", str(renamed), "--apply"]) == 2
    stranger = log_for(tmp_path / "stranger.jsonl", server, *picks(ASKED, "piscine"))
    assert main(["learn", str(stranger), "--faq", str(home)]) == 2
    assert "--same-faq" in capsys.readouterr().err


def test_each_proposal_says_when_it_was_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    faq = tmp_path / "faq.yaml"
    faq.write_text(TWO_ENTRIES, "utf-8")
    monday, wednesday = "2026-11-30T09:00:00+00:00", "2026-12-02T17:00:00+00:00"
    asked = [{"time": t, "question": ASKED, "chosen": "horaires"} for t in (wednesday, monday)]
    log = log_for(tmp_path / "log.jsonl", faq, *asked)
    assert main(["learn", str(log)]) == 0
    assert f"« {ASKED} » : choisie par 2 personnes" in (out := capsys.readouterr().out)
    assert "du 30 novembre au 2 décembre 2026" in out
    assert main(["learn", str(log), "--json"]) == 0
    (proposal,) = json.loads(capsys.readouterr().out)["proposals"]
    assert (proposal["first"], proposal["last"]) == (monday, wednesday)
