"""Off-topic questions: read from the file, never answered, learnt from declined suggestions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import faqbot
from faqbot.authoring.change import Harm
from faqbot.authoring.lessons import PLAUSIBLE_CONFIDENCE, Lessons, study, with_variants
from faqbot.commands import learn
from faqbot.commands.cli import main
from faqbot.faqfile.insert import insert_variants
from faqbot.log.reading import read_log
from faqbot.matching import cache
from faqbot.matching import index as index_module
from faqbot.matching.calibration import run_trials, trial_of
from faqbot.matching.matcher import build_index
from faqbot.matching.off_topic import indexed
from faqbot.matching.scoring import Candidate
from faqbot.text.normalize import stem

MAIRIE = """\
# La FAQ de la mairie
entries:
  - id: horaires
    question: Quels sont les horaires de la mairie ?
    answer: 9 h-17 h.
    variants: [la mairie ouvre quand, horaires mairie, à quelle heure ouvre la mairie]
  - id: carte
    question: Comment obtenir une carte d'identité ?
    answer: En mairie.
    variants:
      - faire sa carte d'identité
      - renouveler carte identité   # le plus demandé
      - carte d'identité perdue
  - id: cantine
    question: Comment inscrire mon enfant à la cantine ?
    answer: Au guichet.
    variants: [inscription cantine, tarif de la cantine, menu de la cantine scolaire]
"""


def miss(question: str, *offered: str) -> dict[str, object]:
    candidates = [{"id": i, "question": "?", "confidence": 10.0, "coverage": 50.0} for i in offered]
    return {"question": question, "candidates": candidates}


def write_log(path: Path, faq: Path, *records: dict[str, object]) -> None:
    lines = [{"time": "2026-12-01T10:00:00+00:00", "faq": str(faq)}]
    lines += [{"time": "2026-12-01T10:00:01+00:00", **r} for r in records]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")


def test_an_off_topic_question_is_read_and_checked() -> None:
    faq = faqbot.parse_faq(
        MAIRIE.replace(
            "answer: Au guichet.", "answer: Au guichet.\n    off_topic: [horaires de la cantine]"
        )
    )
    assert faq.get("cantine").off_topic == ("horaires de la cantine",)  # type: ignore[union-attr]
    assert faq.get("cantine").phrasings[-1] == "menu de la cantine scolaire"  # type: ignore[union-attr]
    with pytest.raises(faqbot.FAQError, match="« off_topic » doit être une liste"):
        faqbot.parse_faq("entries: [{id: a, question: Q ?, answer: R., off_topic: piscine}]")


def test_a_question_closer_to_an_off_topic_one_is_not_answered() -> None:
    faq = faqbot.parse_faq(MAIRIE)
    grown = with_variants(faq, {}, {"cantine": ["horaires de la cantine"]})
    question = "horaires de la cantine"
    before = faqbot.Matcher(faq, score_cutoff=50).lookup(question)
    after = faqbot.Matcher(grown, score_cutoff=50).lookup(question)
    assert before.match is not None and before.match.entry.id == "cantine"
    assert after.match is None
    assert faqbot.Matcher(grown, score_cutoff=50).match(question) is None
    # The entry's own questions are still answered, and suggestions are real entries only.
    matcher = faqbot.Matcher(grown)
    for entry in grown.entries:
        hit = matcher.match(entry.question)
        assert hit is not None and hit.entry.id == entry.id
    ids = {e.id for e in grown.entries}
    found = matcher.lookup("cantine horaires mairie", limit=None)
    assert {m.entry.id for m in found.suggestions} <= ids
    assert len(matcher.search("cantine", limit=None, score_cutoff=0)) <= len(ids)


def test_an_off_topic_question_sharing_no_word_with_a_question_leaves_it_alone() -> None:
    # Learnt from a parking question, it is alike in its short words only.
    faq = faqbot.parse_faq(MAIRIE)
    grown = with_variants(faq, {}, {"horaires": ["c combien pour se garer devant, c combien ?"]})
    before, after = faqbot.Matcher(faq), faqbot.Matcher(grown)
    for question in ("c combien la cantine", "cantine c combien", "c combien la carte d'identité"):
        was, now = before.match(question), after.match(question)
        assert was is not None and now is not None and now.entry == was.entry
        assert abs(now.confidence - was.confidence) < 1.0
    assert after.match("c combien pour se garer devant la mairie") is None


def test_the_cache_tells_faqs_apart_by_their_off_topic_questions(tmp_path: Path) -> None:
    faq = faqbot.parse_faq(MAIRIE)
    grown = with_variants(faq, {}, {"cantine": ["horaires de la cantine"]})
    assert cache.cache_key(faq, (2.0,)) != cache.cache_key(grown, (2.0,))
    built = faqbot.Matcher(grown, cache_dir=tmp_path, score_cutoff=50)
    restored = faqbot.Matcher(grown, cache_dir=tmp_path, score_cutoff=50)
    assert list(tmp_path.iterdir())
    for question in ("horaires de la cantine", "inscription à la cantine", "mairie horaires"):
        assert built.lookup(question) == restored.lookup(question)
    assert restored.match("horaires de la cantine") is None


def test_calibration_never_asks_off_topic_questions() -> None:
    faq = with_variants(faqbot.parse_faq(MAIRIE), {}, {"cantine": ["horaires de la cantine"]})
    asked: list[str] = []
    run_trials(
        indexed(faq),
        lambda part, real: build_index(part, real_entries=real),
        observe=lambda expected, text, index, numbers: asked.append(text),
        entries=len(faq.entries),
    )
    assert asked and "horaires de la cantine" not in asked
    assert set(asked) >= {p for e in faq.entries for p in e.phrasings}


def test_learn_adds_declined_questions_as_off_topic_and_keeps_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mairie.yaml"
    path.write_text(MAIRIE, "utf-8")
    log = tmp_path / "log.jsonl"
    write_log(
        log,
        path,
        miss("horaires de la piscine municipale", "horaires", "cantine"),
        miss("Horaires de la piscine municipale ?", "horaires"),
        miss("tarif cantine pour deux enfants", "cantine"),
        {"question": "tarif cantine pour deux enfants", "chosen": "cantine"},
        miss("merci", "horaires"),
        miss("météo demain"),
    )
    assert main(["learn", str(log), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    off_topic = [p for p in report["proposals"] if p["status"] == "off_topic"]
    assert [(p["entry"], p["askers"]) for p in off_topic] == [("horaires", 2)]
    assert main(["learn", str(log), "--apply"]) == 0
    out = capsys.readouterr().out
    assert "1 question hors sujet ajoutée (« off_topic ») à 1 entrée" in out
    after = path.read_text("utf-8")
    assert "# le plus demandé" in after and after.startswith("# La FAQ de la mairie")
    faq = faqbot.load_faq(path)
    assert faq.get("horaires").off_topic == ("horaires de la piscine municipale",)  # type: ignore[union-attr]
    assert "tarif cantine pour deux enfants" in faq.get("cantine").variants  # type: ignore[union-attr]
    assert main(["check", "--faq", str(path)]) in (0, 1)
    assert "0 erreur" in capsys.readouterr().out
    # Learnt once: the same log proposes nothing more.
    assert main(["learn", str(log), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert not [p for p in again["proposals"] if p["status"] in ("added", "off_topic")]


def test_check_refuses_an_off_topic_question_that_is_a_phrasing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(insert_variants(MAIRIE, {"cantine": ["horaires mairie"]}, key="off_topic"))
    assert main(["check", "--faq", str(path)]) == 2
    assert "à la fois une question hors sujet de l'entrée « cantine »" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text",
    [
        MAIRIE,
        MAIRIE.replace("answer: Au guichet.", "answer: Au guichet.\n    off_topic:\n      - x"),
        "entries:\n  - {id: cantine, question: Q ?, answer: R, off_topic: [x]}\n",
        "entries:\n  - id: cantine\n    question: Q ?\n    answer: >-\n      longue\n"
        "      réponse\n    variants:\n      - a\n  - id: b\n    question: S ?\n    answer: T\n",
    ],
)
def test_insert_adds_off_topic_questions_and_nothing_else(text: str) -> None:
    new = ["horaires, de la piscine", 'le "tarif" : combien']
    changed = insert_variants(text, {"cantine": new}, key="off_topic")
    before, after = faqbot.parse_faq(text), faqbot.parse_faq(changed)
    for old, grown in zip(before.entries, after.entries, strict=True):
        extra = tuple(new) if old.id == "cantine" else ()
        assert grown == old._replace(off_topic=old.off_topic + extra)
    for line in text.splitlines():
        assert line in changed.splitlines() or "[" in line or "{" in line


def test_one_askers_silence_makes_off_topic_only_a_question_of_an_unlikely_entry(
    tmp_path: Path,
) -> None:
    faq_path = tmp_path / "mairie.yaml"
    faq_path.write_text(MAIRIE, "utf-8")
    faq = faqbot.load_faq(faq_path)
    # A strict FAQ leaves even likely entries without a sure answer.
    matcher = faqbot.Matcher(faq, score_cutoff=95)
    likely, unlikely = "horaires cantine enfant", "mairie fermée lundi"
    closest = {q: matcher.lookup(q).suggestions[0] for q in (likely, unlikely)}
    assert matcher.match(likely) is None and matcher.match(unlikely) is None
    assert closest[likely].confidence >= PLAUSIBLE_CONFIDENCE > closest[unlikely].confidence
    log = tmp_path / "log.jsonl"

    def statuses(*records: dict[str, object]) -> dict[str, str]:
        write_log(log, faq_path, *records)
        lessons = study(faq, matcher, [read_log(log, errors=[])])
        return {p.question: p.status for p in lessons.proposals}

    entry = {q: m.entry.id for q, m in closest.items()}
    once = statuses(*(miss(q, entry[q]) for q in (likely, unlikely)))
    assert once == {likely: "doubtful", unlikely: "off_topic"}
    twice = statuses(*({**miss(likely, entry[likely]), "asker": a} for a in ("a1", "a2")))
    assert twice == {likely: "off_topic"}


def test_a_harm_no_entry_explains_withholds_the_off_topic_questions_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "mairie.yaml"
    path.write_text(MAIRIE, "utf-8")
    log = tmp_path / "log.jsonl"
    declined = "horaires de la piscine municipale"
    picked = "tarif cantine pour deux enfants"
    write_log(
        log,
        path,
        *({**miss(declined, "horaires"), "asker": a} for a in ("a1", "a2")),
        *({"question": picked, "chosen": "cantine", "asker": a} for a in ("a1", "a2")),
    )

    # A measure that finds any off-topic question harmful, and blames no entry.
    def measured(faq: object, before: object, after: object, lessons: Lessons, *_: object) -> Harm:
        return Harm(["mesure"], bool(lessons.added("off_topic")), [])

    monkeypatch.setattr(learn, "measure_change", measured)
    assert main(["learn", str(log), "--apply"]) == 0
    out = capsys.readouterr().out
    assert f"1 proposition retenue, car elle coûtait des réponses sûres : « {declined} »" in out
    grown = faqbot.load_faq(path)
    assert grown.get("horaires").off_topic == ()  # type: ignore[union-attr]
    assert picked in grown.get("cantine").variants  # type: ignore[union-attr]


def test_calibration_trials_and_the_policy_ignore_the_same_off_topic_questions() -> None:
    # Ranked first on short words alone, an off-topic question shares no
    # content word with the trial's question: the entry behind it answers.
    wordless = Candidate(3, 52.5, 0.0, "", False, off_topic=True)
    entry = Candidate(2, 50.1, 67.2, "inscription cantine", False)
    assert trial_of(2, "cantine c combien", [wordless, entry], [0, 1, 2]).best == 2
    sharing = wordless._replace(coverage=30.0)
    assert trial_of(2, "cantine c combien", [sharing, entry], [0, 1, 2]).best is None


def test_a_question_sharing_only_its_opening_verb_with_the_faq_gets_no_suggestion() -> None:
    faq = faqbot.parse_faq(
        """entries:
  - id: ct
    question: Faites-vous le contrôle technique ?
    answer: Oui, sur rendez-vous.
  - id: clim
    question: Faites-vous la recharge de climatisation ?
    answer: Oui, en 45 minutes.
  - id: devis
    question: Puis-je avoir un devis ?
    answer: Oui, gratuit.
"""
    )
    found = faqbot.Matcher(faq).lookup("vous faites le parallélisme ?")
    assert found.match is None
    assert found.suggestions == []


def test_an_off_topic_question_leaves_how_entries_score_unchanged() -> None:
    entries = """entries:
  - id: mariage
    question: Comment se marier à la mairie ?
    answer: Déposez le dossier trois mois avant.
  - id: pacs
    question: Comment se pacser ?
    answer: Sur rendez-vous.
  - id: deces
    question: Comment déclarer un décès ?
    answer: Dans les 24 heures.
"""
    learnt = entries.replace(
        "    answer: Sur rendez-vous.\n",
        "    answer: Sur rendez-vous.\n"
        "    off_topic: [mes parents peuvent se marier chez vous ?]\n",
    )
    question = "on veut se marier en juin, quand deposer le dossier ?"

    def mariage(text: str) -> Candidate:
        found = faqbot.Matcher(faqbot.parse_faq(text))._ranking(question, limit=4)
        return next(c for c in found.candidates if c.entry == 0 and not c.off_topic)

    before, after = mariage(entries), mariage(learnt)
    assert (after.closeness, after.coverage) == (before.closeness, before.coverage)


CARD_PAYMENT = """entries:
  - id: paiement
    question: Quels moyens de paiement acceptez-vous ?
    answer: La carte bancaire, les espèces et les chèques.
    off_topic: [vous pouvez faire la carte grise ?]
  - id: horaires
    question: Quels sont vos horaires ?
    answer: Du lundi au vendredi, de 8 h à 18 h.
"""


@pytest.mark.parametrize(("kept", "cached"), [(True, False), (False, False), (False, True)])
def test_an_off_topic_question_does_not_refuse_by_the_words_of_its_entrys_answer(
    kept: bool, cached: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # « vous pouvez faire la carte grise ? » was offered the payment entry,
    # whose answer takes « carte bancaire », and filed beside it: a visitor
    # asking for the card the answer names must still get the answer. In a
    # large FAQ, phrasings are not all kept, nor cached: they are read again
    # when needed.
    if not kept:
        monkeypatch.setattr(index_module, "_KEPT_PHRASINGS", 0)
    faq = faqbot.parse_faq(CARD_PAYMENT)
    if cached:
        faqbot.Matcher(faq, cache_dir=tmp_path)
    matcher = faqbot.Matcher(faq, cache_dir=tmp_path if cached else None)
    found = matcher._ranking("je peux payer par carte bancaire ?", limit=4)
    assert not any(c.off_topic for c in found.candidates)
    # What sets the off-topic question apart still refuses it.
    assert matcher.match("la carte grise c'est ici ?") is None
    refusing = matcher._ranking("la carte grise c'est ici ?", limit=4)
    assert refusing.candidates[0].off_topic
    beside = matcher._index.phrasings_of(refusing.candidates[0].entry)[0]
    assert stem("grise") in beside.terms and stem("carte") not in beside.terms
