"""faqbot learn: the askers' picks proposed, guarded, and written into the FAQ file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import faqbot
from faqbot.commands.cli import main
from faqbot.faqfile.insert import InsertError, insert_variants

ROOT = Path(__file__).resolve().parent.parent
NEW_USERS = ROOT / "benchmarks" / "data" / "new_user_faqs"


def write_log(path: Path, faq: Path | None, *records: dict[str, object]) -> None:
    lines = [{"time": "2026-12-01T10:00:00+00:00", "faq": str(faq) if faq else None}]
    lines += [{"time": "2026-12-01T10:00:01+00:00", **r} for r in records]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")


def pick(question: str, chosen: str) -> dict[str, object]:
    return {"question": question, "chosen": chosen}


@pytest.fixture()
def mairie(tmp_path: Path) -> Path:
    path = tmp_path / "mairie.yaml"
    path.write_bytes((ROOT / "examples" / "mairie.yaml").read_bytes())
    return path


def test_learn_proposes_each_picked_question_once_with_its_count(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log.jsonl"
    write_log(
        log,
        mairie,
        pick("ou deposer un vieux frigo", "encombrants"),
        pick("Où déposer un vieux frigo ?", "encombrants"),
        pick("merci", "horaires"),
        pick("Comment obtenir un passeport ?", "passeport"),
        pick("horaires piscine", "horaires"),
        pick("horaires piscine", "cantine"),
        {"question": "prix cantine", "id": "cantine", "helpful": False},
        {"question": "tarif cantine enfant", "id": "cantine", "helpful": False},
        pick("prix cantine", "cantine"),
    )
    assert main(["learn", str(log)]) == 0  # the log names its FAQ
    out = capsys.readouterr().out
    assert "+ « ou deposer un vieux frigo » : choisie par 2 personnes" in out
    assert out.count("vieux frigo") == 1
    assert "- « merci » : sans mot de contenu" in out
    assert "déjà une formulation de l'entrée « passeport »" in out
    assert "contradiction : « horaires piscine »" in out
    assert "? « prix cantine »" in out
    assert "  ! 2 personnes ont trouvé sa réponse inutile pour : « prix cantine », « tarif" in out
    assert main(["learn", "--json", str(log)]) == 0
    report = json.loads(capsys.readouterr().out)
    statuses = {(p["question"], p["status"]) for p in report["proposals"]}
    assert ("ou deposer un vieux frigo", "added") in statuses
    assert report["contradictions"][0]["chosen"] == {"horaires": 1, "cantine": 1}


def test_a_pick_the_faq_answers_surely_elsewhere_is_doubtful(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log.jsonl"
    write_log(log, None, pick("dis moi ce qu'est llama", "risques"))
    assert main(["learn", str(log)]) == 0
    assert "la FAQ y répond déjà sûrement par l'entrée « llama »" in capsys.readouterr().out


def test_a_pick_that_takes_a_word_from_another_entry_is_doubtful(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # « prix » asked alone is the prices entry's; the lockers' answer names
    # a price too, and a visitor asking it would lose « tarifs ? » with it.
    coworking = tmp_path / "coworking.yaml"
    shutil.copyfile(NEW_USERS / "coworking.yaml", coworking)
    log = tmp_path / "log.jsonl"
    picks = [pick("casier dispo ? prix", "casiers"), pick("un casier pour la semaine", "casiers")]
    write_log(log, coworking, *[{**p, "asker": a} for p in picks for a in ("a1", "a2")])
    assert main(["learn", "--json", str(log)]) == 0
    found = {p["question"]: p for p in json.loads(capsys.readouterr().out)["proposals"]}
    taken = found["casier dispo ? prix"]
    assert taken["status"] == "doubtful", taken
    assert "ôte à l'entrée « formules-prix » sa réponse sûre à « prix »" in taken["reason"]
    assert found["un casier pour la semaine"]["status"] == "added"
    assert main(["learn", str(log), "--apply"]) == 0
    capsys.readouterr()
    assert faqbot.Matcher(faqbot.load_faq(coworking)).match("tarifs ?") is not None


def test_apply_adds_the_variants_keeping_everything_else(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log.jsonl"
    write_log(log, mairie, pick("ou deposer un vieux frigo", "encombrants"))
    mairie.chmod(0o640)
    before = mairie.read_text("utf-8")
    assert main(["learn", str(log), "--apply"]) == 0
    out = capsys.readouterr().out
    assert "1 variante ajoutée à 1 entrée" in out and "avant : calibrage" in out
    assert "après : calibrage" in out
    after = mairie.read_text("utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(added) == 1 and '"ou deposer un vieux frigo"' in added[0]
    # Comments and every other line are as they were.
    assert [line for line in after.splitlines() if line.startswith("#")] == [
        line for line in before.splitlines() if line.startswith("#")
    ]
    assert len(after.splitlines()) == len(before.splitlines())
    assert mairie.stat().st_mode & 0o777 == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".faqbot-")]
    assert main(["check", "--faq", str(mairie)]) in (0, 1)
    assert "0 erreur" in capsys.readouterr().out
    hit = faqbot.Matcher(faqbot.load_faq(mairie)).match("ou deposer un vieux frigo")
    assert hit is not None and hit.entry.id == "encombrants"


def test_apply_refuses_the_bundled_faq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "log.jsonl"
    write_log(log, None, pick("les dangers pour meta", "risques"))
    assert main(["learn", str(log), "--apply"]) == 2
    assert "--faq" in capsys.readouterr().err


@pytest.mark.slow  # the scale of real use
def test_a_log_of_100000_lines_is_read(mairie: Path, tmp_path: Path) -> None:
    log = tmp_path / "big.jsonl"
    records = [
        pick(f"question numéro {n % 5000} sur les encombrants", "encombrants")
        for n in range(100_000)
    ]
    write_log(log, mairie, *records)
    assert main(["learn", str(log)]) == 0


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        (
            "entries:\n  - id: a\n    question: Q ?\n    answer: >-\n      longue\n      "
            "réponse\n  - id: b\n    question: R ?\n    answer: S\n",
            "a",
        ),
        ("entries:\n- id: a\n  question: Q ?\n  answer: R\n  variants: []\n", "a"),
        ("entries:\n  - {id: a, question: Q ?, answer: R, variants: [x, y]}\n", "a"),
        ("# tête\nentries:   # les entrées\n\n  - id: a\n    question: Q ?\n    answer: R\n", "a"),
    ],
)
def test_insert_keeps_the_file_and_adds_exactly_the_variants(text: str, entry_id: str) -> None:
    new = ["nouvelle, avec virgule", 'et "guillemets" : deux-points']
    changed = insert_variants(text, {entry_id: new})
    before = faqbot.parse_faq(text)
    after = faqbot.parse_faq(changed)
    for old, grown in zip(before.entries, after.entries, strict=True):
        extra = new if old.id == entry_id else []
        assert grown.variants == (*old.variants, *extra)
    for line in text.splitlines():
        assert line in changed.splitlines() or "[" in line or "{" in line


def test_insert_names_a_missing_entry() -> None:
    with pytest.raises(InsertError, match="introuvable"):
        insert_variants("entries:\n  - {id: a, question: Q, answer: R}\n", {"zz": ["x"]})


def test_the_log_holds_nothing_that_identifies_the_asker(tmp_path: Path) -> None:
    from faqbot.log.writer import MissLog
    from faqbot.web import app as web

    log = tmp_path / "log.jsonl"
    app = web.make_app(faqbot.Matcher(faqbot.load_faq()), log=MissLog(log))
    traces = {
        "REMOTE_ADDR": "203.0.113.7",
        # Not hexadecimal: the asker's tag, a hash, may hold any hex run.
        "HTTP_COOKIE": "session=zqxwv",
        "HTTP_USER_AGENT": "Navigateur/1.0",
    }
    web.call(app, "POST", "/api/ask", b'{"question": "les dangers"}', **traces)
    status, _, _ = web.call(
        app, "POST", "/api/feedback", b'{"question": "les dangers", "chosen": "risques"}', **traces
    )
    assert status.startswith("204")
    text = log.read_text("utf-8")
    for trace in ("203.0.113.7", "zqxwv", "Navigateur"):
        assert trace not in text
    assert os.stat(log).st_mode & 0o777 == 0o600


FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (200, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
from faqbot.commands.cli import main
sys.exit(main(["learn", sys.argv[1], "--apply"]))
"""


def test_a_full_disk_while_applying_names_the_faq_not_the_output(
    mairie: Path, tmp_path: Path
) -> None:
    log = tmp_path / "log.jsonl"
    write_log(log, mairie, pick("ou deposer un vieux frigo", "encombrants"))
    before = mairie.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(log)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert str(mairie) in last and "sortie standard" not in last and ".faqbot-" not in last
    assert mairie.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".faqbot-")]


def test_apply_writes_through_a_symlink_and_refuses_a_read_only_file(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "lien.yaml"
    link.symlink_to(mairie)
    log = tmp_path / "log.jsonl"
    write_log(log, link, pick("ou deposer un vieux frigo", "encombrants"))
    assert main(["learn", str(log), "--apply"]) == 0
    assert link.is_symlink() and "vieux frigo" in mairie.read_text("utf-8")
    capsys.readouterr()
    mairie.write_bytes((ROOT / "examples" / "mairie.yaml").read_bytes())
    mairie.chmod(0o444)
    before = mairie.read_bytes()
    assert main(["learn", str(log), "--apply"]) == 2
    assert f"{link} : permission refusée" in capsys.readouterr().err  # the path the log names
    assert mairie.read_bytes() == before and mairie.stat().st_mode & 0o777 == 0o444


def test_one_forged_line_never_vetoes_many_genuine_picks(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log.jsonl"
    genuine = [pick("ou deposer un vieux frigo", "encombrants")] * 5
    forged = pick("ou deposer un vieux frigo", "horaires")
    unhelpful = {"question": "ou deposer un vieux frigo", "id": "encombrants", "helpful": False}
    write_log(log, mairie, *genuine, forged, unhelpful)
    assert main(["learn", "--json", str(log)]) == 0
    report = json.loads(capsys.readouterr().out)
    added = {(p["question"], p["entry"]) for p in report["proposals"] if p["status"] == "added"}
    assert ("ou deposer un vieux frigo", "encombrants") in added
    # The outvoted pick is still reported.
    assert report["contradictions"][0]["chosen"] == {"encombrants": 5, "horaires": 1}


def test_a_single_pick_against_the_ranking_is_doubtful(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log.jsonl"
    write_log(log, mairie, pick("horaires de la piscine", "encombrants"))
    assert main(["learn", "--json", str(log)]) == 0
    (proposal,) = json.loads(capsys.readouterr().out)["proposals"]
    assert proposal["status"] == "doubtful" and "à confirmer" in proposal["reason"]


def test_thousands_of_made_up_questions_add_a_bounded_number_of_lines(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from faqbot.authoring import lessons as learn

    log = tmp_path / "log.jsonl"
    candidates = [{"id": "horaires", "question": "Quels sont vos horaires ?", "confidence": 9.0}]
    made_up = [
        {"question": f"horaires du club numéro {n} de pétanque", "candidates": candidates}
        for n in range(3000)
    ]
    made_up += [{"question": "horaires", "candidates": candidates}] * 3  # one word: never
    write_log(log, mairie, *made_up)
    before = mairie.read_text("utf-8")
    assert main(["learn", str(log), "--apply", "--force"]) == 0
    out = capsys.readouterr().out
    grown = faqbot.load_faq(mairie)
    added = sum(len(e.off_topic) for e in grown.entries)
    original = faqbot.load_faq(ROOT / "examples" / "mairie.yaml")
    phrasings = sum(len(e.phrasings) for e in original.entries)
    # Grouped as faqbot misses groups them: questions one word apart are one.
    assert 0 < added <= max(learn.MIN_CAP // 2, int(learn.OFF_TOPIC_GROWTH * phrasings))
    assert "× « horaires du club numéro 0 de pétanque » : proposée d'abord à 3" in out
    assert out.count("×") == 1
    assert "- horaires\n" not in mairie.read_text("utf-8")[len(before) - 200 :]
    assert len(mairie.read_text("utf-8")) < 2 * len(before)


def test_apply_refuses_what_costs_labeled_answers_naming_the_proposals_unless_forced(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two askers each picked opening hours, the first suggestion, for
    # questions the town hall does not answer: believable, and wrong. Its
    # labeled questions hold one of them as off-topic.
    log = tmp_path / "log.jsonl"
    forged = ["je veux me marier a la mairie samedi", "ou se garer pres de la mairie en ville"]
    write_log(log, mairie, *[pick(q, "horaires") for q in forged for _ in range(2)])
    before = mairie.read_bytes()
    labeled = str(ROOT / "examples" / "mairie.tsv")
    assert main(["learn", str(log), "--apply", "--eval", labeled]) == 2
    captured = capsys.readouterr()
    assert "la FAQ serait moins bonne, fichier inchangé" in captured.err
    for question in forged:
        assert f"« {question} » (horaires)" in captured.err
    assert "--force" in captured.err
    assert "mauvaises 0.0 % → 11.1 %" in captured.out
    assert mairie.read_bytes() == before
    assert main(["learn", str(log), "--apply", "--eval", labeled, "--force"]) == 0
    assert mairie.read_bytes() != before


def test_learn_states_the_promise_with_an_upper_bound(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from faqbot.authoring.promise import prediction_bound

    log = tmp_path / "log.jsonl"
    judged = [{"question": "horaires mairie", "id": "horaires", "helpful": True}] * 19
    judged += [{"question": "horaires piscine", "id": "horaires", "helpful": False}]
    answered = [{"question": f"horaires {n}", "answered": "horaires"} for n in range(60)]
    picks = [pick(f"ou jeter un vieux frigo numero {n}", "encombrants") for n in range(10)]
    write_log(log, mairie, *judged, *answered, *picks)
    assert main(["learn", str(log)]) == 0
    out = capsys.readouterr().out
    bound = prediction_bound(1, 20, 60)
    said = "réponses sûres jugées par les visiteurs : 20, dont 1 inutile"
    assert f"{said} (5.0 % ; au plus {bound:.1f} % des 60 prochaines, 9 fois sur 10)" in out
    assert "les 10 questions choisies, rejouées à" in out
    assert prediction_bound(0, 0, 10) == 100.0 and prediction_bound(5, 5, 10) == 100.0


def test_the_bound_holds_on_the_next_answers_nine_times_in_ten() -> None:
    """Bounds stated from one sample, checked on a second one of the rate's own."""
    from random import Random

    from faqbot.authoring.promise import prediction_bound, upper_bound

    rng = Random(0)
    for share in (0.02, 0.05, 0.1, 0.2):
        for seen, future in ((40, 130), (100, 100), (20, 60)):
            held = 0
            for _ in range(400):
                failures = sum(rng.random() < share for _ in range(seen))
                coming = sum(rng.random() < share for _ in range(future))
                held += 100.0 * coming / future <= prediction_bound(failures, seen, future)
            assert held >= 0.9 * 400, (share, seen, future, held)
    # The bound on the rate alone misses the next sample's share more often.
    assert upper_bound(0, 20) < prediction_bound(0, 20, 20)


def test_an_address_counts_once_however_many_lines_it_sends(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "ou deposer un vieux frigo"
    log = tmp_path / "log.jsonl"
    write_log(log, mairie, *[{**pick(question, "encombrants"), "asker": "a1"}] * 4)
    assert main(["learn", str(log)]) == 0
    assert f"+ « {question} » : choisie par 1 personne" in capsys.readouterr().out
    # Nor can one address outvote another.
    against = [{**pick(question, "horaires"), "asker": "a2"}] * 4
    write_log(log, mairie, *[{**pick(question, "encombrants"), "asker": "a1"}] * 2, *against)
    assert main(["learn", str(log)]) == 0
    assert "(1), « horaires » (1) : laissée de côté" in capsys.readouterr().out
    write_log(log, mairie, *[{**pick(question, "encombrants"), "asker": a} for a in ("a1", "a2")])
    assert main(["learn", str(log)]) == 0
    assert f"+ « {question} » : choisie par 2 personnes" in capsys.readouterr().out


def test_an_address_with_many_questions_is_set_aside_as_one_voice(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from faqbot.authoring.lessons import ONE_VOICE_QUESTIONS

    places = ["piscine", "bibliotheque", "poste", "gare", "musee", "stade", "cinema", "marche"]
    questions = [f"horaires de la {place}" for place in places[: ONE_VOICE_QUESTIONS + 1]]
    log = tmp_path / "log.jsonl"
    write_log(log, mairie, *[{**pick(q, "horaires"), "asker": "a1"} for q in questions])
    assert main(["learn", str(log), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {p["status"] for p in report["proposals"]} == {"doubtful"}
    assert report["set_aside"] == {"lines": len(questions), "addresses": 1}
    # One question fewer, and the same address is a visitor like any other.
    write_log(log, mairie, *[{**pick(q, "horaires"), "asker": "a1"} for q in questions[1:]])
    assert main(["learn", str(log), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["set_aside"] == {"lines": 0, "addresses": 0}
    assert "added" in {p["status"] for p in report["proposals"]}


@pytest.mark.slow  # the scale of real use
def test_twenty_forged_lines_through_the_api_change_no_labeled_answer() -> None:
    # The attack of benchmarks/bench_forged.py: ask the town hall's own
    # questions, then pick a suggestion that is not the answer, or call an
    # answer unhelpful, 20 times from one address; then learn --apply.
    from benchmarks.bench_forged import SEEDS, attack

    harmed = [seed for seed in SEEDS if attack(seed)[1:] != (0, 0)]
    assert harmed == []


def test_apply_withholds_the_proposals_at_fault_and_writes_the_rest(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The forged picks of the test above, beside two genuine ones: the town
    # hall's labeled questions lose to the first, not to the second.
    log = tmp_path / "log.jsonl"
    forged = ["je veux me marier a la mairie samedi", "ou se garer pres de la mairie en ville"]
    genuine = [pick("ou deposer un vieux frigo", "encombrants")] * 2
    write_log(log, mairie, *[pick(q, "horaires") for q in forged for _ in range(2)], *genuine)
    labeled = str(ROOT / "examples" / "mairie.tsv")
    assert main(["learn", str(log), "--apply", "--eval", labeled]) == 0
    out = capsys.readouterr().out
    assert "2 propositions retenues, car elles coûtaient des réponses sûres" in out
    grown = faqbot.load_faq(mairie)
    variants = {e.id: e.variants for e in grown.entries}
    assert "ou deposer un vieux frigo" in variants["encombrants"]
    assert not any(q in variants["horaires"] for q in forged)


def test_questions_asked_where_nobody_could_pick_are_never_off_topic(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # « faqbot ask » in a script offers suggestions nobody can pick: that
    # silence must not make an on-topic question off-topic for its entry.
    log = tmp_path / "log.jsonl"
    question = "ou deposer un vieux frigo"
    assert main(["ask", "--faq", str(mairie), "--log", str(log), question]) == 1
    assert main(["learn", str(log)]) == 0
    assert "0 question hors sujet" in capsys.readouterr().out
    # The same line as the page or the session writes it: an asker could pick.
    records = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    for record in records:
        record.pop("pickable", None)
    log.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    assert main(["learn", str(log)]) == 0
    assert f"× « {question} »" in capsys.readouterr().out


def test_a_visitor_whose_many_questions_were_answered_still_counts(
    mairie: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Sure answers are logged too; a curious visitor is not one voice for them.
    log = tmp_path / "log.jsonl"
    answered = [
        {"question": f"question numero {word}", "answered": "horaires", "asker": "a1"}
        for word in ("un", "deux", "trois", "quatre", "cinq", "six", "sept")
    ]
    write_log(
        log, mairie, *answered, {**pick("ou deposer un vieux frigo", "encombrants"), "asker": "a1"}
    )
    assert main(["learn", str(log), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["set_aside"] == {"lines": 0, "addresses": 0}
    assert "added" in {p["status"] for p in report["proposals"]}


def test_silence_on_an_entry_offered_for_its_answers_words_files_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Offered only because its answer says « dimanche », the entry is what
    # the question asks about; filed off-topic, it would keep « open » alone
    # and refuse « are you open on saturday? » too.
    faq = tmp_path / "faq.yaml"
    faq.write_text(
        "entries:\n"
        "  - id: horaires\n    question: Quels sont vos horaires ?\n"
        "    answer: Du mardi au samedi, de 10 h à 19 h ; fermé le dimanche.\n"
        "  - id: crevaison\n    question: Vous réparez les crevaisons ?\n"
        "    answer: Oui, sans rendez-vous, en 30 minutes.\n"
        "  - id: location\n    question: Louez-vous des vélos ?\n"
        "    answer: Oui, 15 € la journée.\n",
        "utf-8",
    )
    before = faq.read_bytes()
    log = tmp_path / "log.jsonl"
    question = "are you open on sunday?"
    assert main(["ask", "--faq", str(faq), "--log", str(log), question]) == 1
    records = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert records[-1]["candidates"][0]["id"] == "horaires"
    for record in records:
        record.pop("pickable", None)  # as the page writes it: an asker could pick
    log.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    assert main(["learn", str(log), "--apply"]) == 0
    out = capsys.readouterr().out
    assert f"? « {question} »" in out and "0 question hors sujet" in out
    assert faq.read_bytes() == before
