from __future__ import annotations

from pathlib import Path

import pytest

from faqbot.authoring.advice import _as_written
from faqbot.commands.cli import main

ROOT = Path(__file__).resolve().parent.parent
HEADER = "synonyms:\n  voiture: [auto, bagnole]\n  avion: [aéroplane]\nentries:\n"


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "faq.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def entry(entry_id: str, question: str, *variants: str) -> str:
    lines = [f"  - id: {entry_id}", f"    question: {question}", "    answer: Réponse."]
    if variants:
        lines.append("    variants:")
        lines += [f"      - {v}" for v in variants]
    return "\n".join(lines) + "\n"


def test_the_bundled_faq_passes_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--strict"]) == 0
    out = capsys.readouterr().out
    assert "0 erreur, 0 avertissement" in out
    assert "calibrage : confiance requise" in out


def test_the_file_to_check_can_be_named_as_the_command_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, HEADER + entry("permis", "Combien coûte le permis ?"))
    assert main(["check", path]) == 0
    assert f"{path} : 1 entrée" in capsys.readouterr().out
    assert main(["check", path, "--faq", path]) == 0
    capsys.readouterr()
    assert main(["check", path, "--faq", str(ROOT / "faq.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "deux fichiers FAQ" in err


def test_a_shared_phrasing_is_an_error_naming_both_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        HEADER
        + entry("garer", "Comment garer sa voiture ?", "garer l'auto", "se garer", "parking")
        + entry("laver", "Comment laver sa voiture ?", "Garer l’auto !", "laver", "lavage"),
    )
    assert main(["check", "--faq", path]) == 2
    out = capsys.readouterr().out
    assert f"{path}:16 : erreur : « Garer l’auto ! » est à la fois dans l'entrée « garer »" in out
    assert "et dans l'entrée « laver »" in out


def test_confusable_entries_are_warned_with_both_ids_and_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        HEADER
        + entry(
            "garer",
            "Comment garer sa voiture ?",
            "garer la voiture en ville",
            "parking",
            "se garer",
        )
        + entry(
            "ranger",
            "Comment ranger sa voiture ?",
            "garer sa voiture en ville",
            "garage",
            "rangement",
        ),
    )
    assert main(["check", "--faq", path]) == 0
    assert main(["check", "--faq", path, "--strict"]) == 1
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if "posées sans elles, vont à" in line]
    assert warnings
    for warning in warnings:
        assert "« garer »" in warning and "« ranger »" in warning
        # What would separate them: words of its own, from its answer.
        assert "ajoutez une variante avec des mots" in warning


def test_thin_entries_and_unused_synonyms_are_warned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, HEADER + entry("garer", "Comment garer sa voiture ?"))
    assert main(["check", "--faq", path, "--strict"]) == 1
    out = capsys.readouterr().out
    assert "1 entrée avec moins de 3 variantes : « garer »" in out
    assert "synonyme « avion » : aucune formulation" in out
    assert "synonyme « voiture »" not in out


def test_a_sentence_cut_by_a_comma_in_brackets_is_warned_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "entries:\n"
        "  - id: voter\n"
        "    question: Comment m'inscrire sur les listes électorales ?\n"
        "    answer: En mairie.\n"
        "    variants: [Je veux voter, comment m'inscrire ?, 'Je déménage, et alors ?',\n"
        "      Inscription pour voter, c koi les listes, Je viens d'arriver. que faire ?]\n",
    )
    assert main(["check", "--faq", path]) == 0
    out = capsys.readouterr().out
    assert (
        f"{path}:5 : avertissement : « comment m'inscrire ? » suit une virgule dans une liste "
        "entre crochets : « Je veux voter, comment m'inscrire ? » a sans doute été coupée "
        "en deux ; mettez la phrase entre guillemets"
    ) in out
    # Quoted, after a lower-case variant, or after a finished sentence: not cut.
    assert out.count("suit une virgule") == 1


def test_a_very_cautious_calibration_says_what_to_do() -> None:
    import faqbot
    from faqbot.authoring.advice import _cautious_calibration
    from faqbot.matching.decision import Calibration

    faq = faqbot.parse_faq((ROOT / "examples" / "confus.yaml").read_text(encoding="utf-8"))
    cautious = Calibration(90.0, 10.0, 4.0, 0.5, (), 40)
    (finding,) = _cautious_calibration(faq, cautious, 2.0)
    assert "calibrage très prudent : environ 4 % des questions sur la FAQ" in finding.message
    assert "« max_wrong_rate: 5 » en tête du fichier" in finding.message
    # Already past the suggested rate: only variants can help.
    (finding,) = _cautious_calibration(faq._replace(max_wrong_rate=10.0), cautious, 10.0)
    assert "pour au plus 10 % de mauvaises réponses ; ajoutez des variantes" in finding.message
    assert "max_wrong_rate: 5" not in finding.message
    assert _cautious_calibration(faq, cautious._replace(expected_right=40.0), 2.0) == []


def test_a_broken_file_is_the_load_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "entries:\n  - id: a\n    question: Q\n")
    assert main(["check", "--faq", path]) == 2
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:2 : entrée 1 : le champ « answer » manque")


def test_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--faq", str(tmp_path / "absent.yaml")]) == 2
    assert "fichier introuvable" in capsys.readouterr().out


def test_escape_sequences_in_the_faq_are_not_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        'entries:\n  - id: a\n    question: "Rouge \\e[31m ?"\n    answer: R.\n'
        '  - id: b\n    question: "Rouge \\e[31m ?"\n    answer: R.\n',
    )
    assert main(["check", "--faq", path]) == 2
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "« Rouge  ? » est à la fois" in out


def test_an_entry_of_empty_words_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        HEADER
        + entry("vide", "C'est quoi ?", "Comment ?", "Pourquoi ça ?", "Et alors ?")
        + entry("garer", "Comment garer sa voiture ?", "se garer", "parking", "stationner"),
    )
    assert main(["check", "--faq", path, "--strict"]) == 2
    out = capsys.readouterr().out
    assert "entrée « vide » : ses formulations n'ont que des mots vides" in out
    assert "1 erreur," in out


def test_plurals_follow_french_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "entries:\n" + entry("garer", "Comment garer sa voiture ?", "se garer"))
    main(["check", "--faq", path])
    out = capsys.readouterr().out
    assert "1 entrée, 2 formulations, 0 erreur, 1 avertissement" in out
    assert "1 entrée avec moins de 3 variantes" in out


def test_phrasings_without_words_are_not_shared_and_are_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "entries:\n"
        + entry("a", "Quels sont vos horaires ?", "Vous ouvrez quand ?", "Horaires", "'😀 !'")
        + entry("b", "'😀 ?'", "'🙂'"),
    )
    main(["check", "--faq", path])
    out = capsys.readouterr().out
    assert "à la fois dans" not in out
    assert "entrée « b » : ses formulations n'ont aucun mot" in out
    assert "mots vides" not in out


def test_a_phrasing_given_twice_is_a_warning_and_does_not_fool_calibration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import faqbot

    repeated = ["Vous ouvrez quand ?"] * 300
    text = (
        "entries:\n"
        + entry("horaires", "Quels sont vos horaires ?", *repeated)
        + entry("tarifs", "Quels sont vos tarifs ?", "Combien ça coûte ?", "Prix", "C'est cher ?")
    )
    path = write(tmp_path, text)
    main(["check", "--faq", path])
    out = capsys.readouterr().out
    # At most ten warnings are shown, in line order, and the count says so.
    assert out.count("est en double dans l'entrée « horaires »") == 10
    assert "301 avertissements (10 montrés, les plus utiles)" in out
    shown = [int(line.split(":")[1]) for line in out.splitlines() if "avertissement :" in line]
    assert shown == sorted(shown)
    once = faqbot.parse_faq(
        "entries:\n"
        + entry("horaires", "Quels sont vos horaires ?", "Vous ouvrez quand ?")
        + entry("tarifs", "Quels sont vos tarifs ?", "Combien ça coûte ?", "Prix", "C'est cher ?")
    )
    assert faqbot.Matcher(faqbot.parse_faq(text)).calibration == faqbot.Matcher(once).calibration


def test_the_words_that_would_separate_entries_are_shown_as_written() -> None:
    written = _as_written("Expédition le jour même vers la Belgique. Étiquette prépayée.")
    assert written["expedition"] == "expédition"  # a sentence starts it
    assert written["belgique"] == "Belgique"  # a name keeps its capital
    assert written["etiquette"] == "étiquette" and written["prepayee"] == "prépayée"
