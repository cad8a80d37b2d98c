from __future__ import annotations

import os
from pathlib import Path

import pytest

import faqbot
from faqbot.faqfile.faq import bundled_faq_path

from .conftest import ROOT

ARTICLE_FAQ = {
    "llama": (
        "Qu'est-ce que LLaMA ?",
        "LLaMA est le premier modèle d'IA open source développé par Meta. Il permet de "
        "générer du texte, de traduire des langues et de répondre à des questions de "
        "manière naturelle.",
    ),
    "pourquoi-open-source": (
        "Pourquoi Meta a-t-il rendu LLaMA open source ?",
        "Meta estime que l'ouverture du code source est essentielle pour accélérer le "
        "progrès et démocratiser l'accès à l'IA.",
    ),
    "avantages": (
        "Quels sont les avantages de l'open source pour Meta ?",
        "L'open source permet à Meta de renforcer son écosystème technologique. Attirer de "
        "nouveaux talents et de bénéficier des contributions de la communauté pour améliorer "
        "ses propres systèmes d'IA.",
    ),
    "risques": (
        "Quels sont les risques de l'open source pour Meta ?",
        "L'open source implique de partager gratuitement une technologie dans laquelle Meta a "
        "investi des milliards de dollars. De plus, il existe un risque que la technologie "
        "soit utilisée à des fins malveillantes.",
    ),
    "avenir": (
        "L'open source est-il l'avenir de l'IA ?",
        "L'open source est une tendance forte dans le domaine de l'IA, mais il n'est pas "
        "certain qu'il devienne la norme. Les entreprises devront trouver un équilibre entre "
        "l'ouverture et la protection de leurs intérêts commerciaux.",
    ),
}


def test_bundled_faq_holds_the_article_faq_verbatim(faq: faqbot.FAQ) -> None:
    assert [e.id for e in faq.entries] == list(ARTICLE_FAQ)
    for entry in faq.entries:
        assert (entry.question, entry.answer) == ARTICLE_FAQ[entry.id]


def test_every_entry_has_many_phrasings_and_the_file_has_synonyms(faq: faqbot.FAQ) -> None:
    assert all(len(entry.variants) >= 10 for entry in faq.entries)
    assert len(faq.synonyms) >= 5


def test_packaged_copy_is_the_top_level_file() -> None:
    top_level = ROOT / "faq.yaml"
    if not top_level.exists():
        pytest.skip("not running from a source checkout")
    assert Path(bundled_faq_path()).read_bytes() == top_level.read_bytes()


def test_entries_are_immutable(faq: faqbot.FAQ) -> None:
    with pytest.raises(AttributeError):
        faq.entries[0].answer = "autre"  # type: ignore[misc]


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "faq.yaml"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


GOOD_ENTRY = "  - id: a\n    question: Q ?\n    answer: R.\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "fichier est vide"),
        (b"# rien\n", "fichier est vide"),
        (b"entries:\n  - id: a\n    question: Caf\xe9 ?\n", ":3 : le fichier n'est pas en UTF-8"),
        ("entries:\n  - id: a\n    question: [ouvert\n", ":4 : YAML invalide"),
        ("entries:\n  - id: a\n    answer: R.\n", ":2 : entrée 1 : le champ « question » manque"),
        (
            "entries:\n  - id: a\n    question: Q ?\n    answer:\n",
            ":4 : entrée 1 (« a ») : « answer »",
        ),
        (
            "entries:\n  - id: a\n    question: '  '\n    answer: R.\n",
            ":3 : entrée 1 (« a ») : « question » est vide",
        ),
        (f"entries:\n{GOOD_ENTRY}{GOOD_ENTRY}", ":5 : champ « id » : identifiant « a » en double"),
        (
            "entries:\n  - id: a\n    question: Q ?\n    answer: R.\n"
            "    variants:\n      - V\n      - 3\n",
            ":7 : entrée 1 (« a ») : la variante 2 de « variants » n'est pas du texte",
        ),
        (
            "entries:\n  - id: a\n    question: Q\n    answer: R\n    varients: [x]\n",
            ":5 : entrée 1 : champ inconnu « varients »",
        ),
        (
            "entries:\n  - {id: a, question: Bonjour, ça va ?, answer: Oui.}\n",
            ":2 : entrée 1 : champ inconnu « ça va ? » (attendu : id, question, answer, "
            "variants, off_topic) ; une virgule dans des accolades coupe le texte : "
            "mettez-le entre guillemets",
        ),
        ("entries: []\n", ":1 : « entries » doit être une liste non vide"),
        ("- a\n- b\n", ":1 : le document doit être un dictionnaire"),
        ("synonyms: [a]\nentries:\n" + GOOD_ENTRY, ":1 : « synonyms » doit être un dictionnaire"),
        (
            "entries:\n  - !!python/object/apply:os.system [echo non]\n",
            ":2 : YAML invalide : étiquette YAML non autorisée",
        ),
    ],
)
def test_bad_files_raise_one_line_errors_naming_file_and_line(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(faqbot.FAQError) as caught:
        faqbot.load_faq(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert expected in message


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(faqbot.FAQError, match=r"absent\.yaml : fichier introuvable"):
        faqbot.load_faq(path)


def test_a_folder_is_not_a_faq(tmp_path: Path) -> None:
    with pytest.raises(faqbot.FAQError, match="dossier"):
        faqbot.load_faq(tmp_path)


def test_python_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = write(tmp_path, f"entries:\n  - !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(faqbot.FAQError):
        faqbot.load_faq(path)
    assert not marker.exists()


def test_a_good_file_loads_with_synonyms_and_variants(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufeffsynonyms:\n  voiture: [auto, bagnole]\n  moto: scooter\nentries:\n"
        "  - id: a\n    question: ' Q ? '\n    answer: R.\n    variants: [V1, V2]\n",
    )
    faq = faqbot.load_faq(path)
    assert faq.entries == (faqbot.Entry("a", "Q ?", "R.", ("V1", "V2")),)
    assert dict(faq.synonyms) == {"voiture": ("auto", "bagnole"), "moto": ("scooter",)}
    assert faq.source == str(path)


def test_loading_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    import gc

    assert gc.isenabled()
    faqbot.Matcher(faqbot.load_faq())
    with pytest.raises(faqbot.FAQError):
        faqbot.load_faq(write(tmp_path, "entries: [\n"))
    assert gc.isenabled()
    gc.disable()
    try:
        faqbot.load_faq()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("text", "key", "lines"),
    [
        ("entries: []\nentries: []\n", "entries", "1 et 2"),
        (
            "entries:\n  - id: a\n    question: Q ?\n    answer: R\n    answer: S\n",
            "answer",
            "4 et 5",
        ),
        ("entries:\n  - id: a\n    id: b\n    question: Q ?\n    answer: R\n", "id", "2 et 3"),
    ],
)
def test_a_key_given_twice_is_an_error_naming_both_lines(text: str, key: str, lines: str) -> None:
    with pytest.raises(faqbot.FAQError, match=f"la clé « {key} » est donnée deux fois"):
        faqbot.parse_faq(text)
    with pytest.raises(faqbot.FAQError, match=f"lignes {lines}"):
        faqbot.parse_faq(text)


def test_aliases_are_refused_at_once() -> None:
    # Nine nested levels of nine aliases: a billion strings if they were expanded.
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    with pytest.raises(faqbot.FAQError, match="les alias ne sont pas acceptés"):
        faqbot.parse_faq("\n".join(levels) + "\n")
    with pytest.raises(faqbot.FAQError, match="alias"):
        faqbot.parse_faq("synonyms: &s {a: [b]}\nentries:\n  - {id: a, question: *s, answer: R}\n")


@pytest.mark.parametrize(
    ("text", "french"),
    [
        ("entries:\n  - id: a\n    question: Q ?\n    answer: Farine : blé\n", "entre guillemets"),
        ("entries:\n\t- id: a\n", "espaces"),
        ('entries:\n  - id: "a\n', "guillemet non fermé"),
        ("entries:\n  - id: a\n   question: Q\n", "indentation"),
        ("entries: " + "[" * 100_000 + "]" * 100_000, "imbriqués trop profondément"),
        ("entries: []\n---\nentries: []\n", "un seul document YAML"),
        ("? [a, b]\n: c\n", "clé complexe"),
        ("entries:\n  - ? {id: a}\n    : b\n", "clé complexe"),
    ],
)
def test_yaml_errors_are_explained_in_french(text: str, french: str) -> None:
    with pytest.raises(faqbot.FAQError) as caught:
        faqbot.parse_faq(text)
    message = str(caught.value)
    assert french in message
    assert "not allowed" not in message and "found" not in message
    assert "exceeded" not in message and "étiquette" not in message


def test_a_title_a_welcome_and_a_wrong_rate_are_read() -> None:
    faq = faqbot.parse_faq(
        'title: "Boulangerie : FAQ"\nwelcome: Bonjour !\nmax_wrong_rate: 1.5\n'
        "entries:\n  - {id: a, question: Q ?, answer: R}\n"
    )
    assert (faq.title, faq.welcome, faq.max_wrong_rate) == ("Boulangerie : FAQ", "Bonjour !", 1.5)
    with pytest.raises(faqbot.FAQError, match="max_wrong_rate"):
        faqbot.parse_faq("max_wrong_rate: 150\nentries:\n  - {id: a, question: Q ?, answer: R}\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "faq.yaml"
    os.mkfifo(fifo)
    with pytest.raises(faqbot.FAQError, match="pas un fichier ordinaire"):
        faqbot.load_faq(fifo)
    with pytest.raises(faqbot.FAQError, match="pas un fichier ordinaire"):
        faqbot.load_faq("/dev/zero")


def test_an_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from faqbot.support import files

    big = tmp_path / "faq.yaml"
    big.write_text("entries:\n" + "# commentaire\n" * 1000, encoding="utf-8")
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    with pytest.raises(faqbot.FAQError, match="fichier trop gros"):
        faqbot.load_faq(big)


def test_system_errors_are_in_french(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(faqbot.FAQError) as caught:
        faqbot.load_faq(tmp_path / "file" / "faq.yaml")
    assert str(caught.value).endswith("un élément du chemin n'est pas un dossier")


def test_the_locator_places_values_on_their_keys_and_items_on_their_lines() -> None:
    from faqbot.faqfile.locator import Locator

    text = (
        "title: T\n"  # 1
        "synonyms:\n"  # 2
        "  voiture: [auto,\n"  # 3
        "    bagnole]\n"  # 4
        "? [clé, complexe]\n"  # 5
        ": valeur\n"  # 6
        "entries:\n"  # 7
        "  - {id: a, question: Q ?,\n"  # 8
        "     answer: R.}\n"  # 9
        "  - id: b\n"  # 10
        "    variants:\n"  # 11
        "      - V1\n"  # 12
        "      - V2\n"  # 13
    )
    wheres = [
        (),
        ("synonyms", "voiture", 1),
        ("entries", 0, "answer"),
        ("entries", 1, "variants", 1),
        ("entries", 1, "variants", 7),
        ("entries", 5, "id"),
        ("absent",),
    ]
    assert Locator(text).lines_of(wheres) == [1, 4, 9, 13, 11, 7, 1]
    assert Locator("x: [ouvert\n").lines_of([("x",)]) == [None]
