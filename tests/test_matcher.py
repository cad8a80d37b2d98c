from __future__ import annotations

import json
import math
import time
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unidecode import unidecode

import faqbot
from faqbot.text.normalize import analyze, stem


def answer_id(matcher: faqbot.Matcher, query: str) -> str | None:
    hit = matcher.match(query)
    return hit.entry.id if hit else None


def first_shown_id(matcher: faqbot.Matcher, query: str) -> str | None:
    """The entry a visitor is shown first: the answer, or else the first suggestion."""
    found = matcher.lookup(query)
    first = found.match or (found.suggestions[0] if found.suggestions else None)
    return first.entry.id if first else None


def faq_text(*entries: tuple[str, str, str]) -> str:
    """The text of an FAQ file holding ``entries``, each (id, question, answer)."""
    lines = ["entries:"]
    for entry_id, question, answer in entries:
        lines += [f"  - id: {entry_id}", f"    question: {json.dumps(question)}"]
        lines.append(f"    answer: {json.dumps(answer)}")
    return "\n".join(lines) + "\n"


def test_the_documented_contract(faq: faqbot.FAQ) -> None:
    matcher = faqbot.Matcher(faq)
    hit = matcher.match("dis-moi ce qu'est llama")
    assert isinstance(hit, faqbot.Match)
    assert hit.entry.id == "llama"
    assert hit.entry.answer.startswith("LLaMA est le premier modèle")
    assert matcher.score_cutoff <= hit.confidence <= 100.0
    assert 0.0 <= hit.coverage <= 100.0
    assert matcher.score_cutoff == matcher.calibration.threshold
    results = matcher.search("open source meta", limit=3)
    assert 1 <= len(results) <= 3
    assert all(0.0 <= m.confidence <= 100.0 for m in results)
    assert matcher.search("dis-moi ce qu'est llama", limit=1) == [hit]
    # The former name of the coverage still works, for one release.
    with pytest.warns(DeprecationWarning):
        assert hit.score == hit.coverage


def test_results_are_immutable(matcher: faqbot.Matcher) -> None:
    hit = matcher.match("c'est quoi llama")
    assert hit is not None
    with pytest.raises(AttributeError):
        hit.confidence = 0.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("QU'EST-CE QUE LLAMA ?", "llama"),
        ("quest ce que llama", "llama"),
        ("Pourquoi Meta a-t-il rendu LLaMA opensource ?", "pourquoi-open-source"),
        ("Pourquoi Meta a-t-il rendu LLaMA open-source ?", "pourquoi-open-source"),
        ("Quels sont les avantages de l’open source pour Meta ?", "avantages"),
        ("quels sont les risques de lopen source pour meta", "risques"),
        ("l'open source est il l'avenir de l'ia", "avenir"),
    ],
)
def test_case_accents_punctuation_and_spelling_of_open_source(
    matcher: faqbot.Matcher, query: str, expected: str
) -> None:
    assert answer_id(matcher, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Quels sont les avnatages de l'open source pour Meta ?", "avantages"),
        ("Quels sont les risuqes de l'opne source pour Meta ?", "risques"),
        ("pourqoui meta a rendu lama open source", "pourquoi-open-source"),
        ("l'open source est-il l'aveinr de l'IA ?", "avenir"),
    ],
)
def test_typos_in_content_words_are_forgiven(
    matcher: faqbot.Matcher, query: str, expected: str
) -> None:
    assert answer_id(matcher, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "Quels sont les avantages de la retraite anticipée ?",
        "Pourquoi Google a-t-il rendu Android open source ?",
        "Qu'est-ce que ?",
        "Quels sont les",
        "pourquoi",
        "est-il",
    ],
)
def test_the_question_frame_does_not_carry_a_match(matcher: faqbot.Matcher, query: str) -> None:
    assert matcher.match(query) is None


def test_avantages_and_risques_stay_apart(matcher: faqbot.Matcher) -> None:
    advantages = matcher.search(
        "Quels sont les avantages de l'open source pour Meta ?", score_cutoff=0
    )
    risks = matcher.search("Quels sont les risques de l'open source pour Meta ?", score_cutoff=0)
    assert advantages[0].entry.id == "avantages"
    assert risks[0].entry.id == "risques"
    for ranked in (advantages, risks):
        assert ranked[0].coverage - ranked[1].coverage >= 20
        assert ranked[0].confidence - ranked[1].confidence >= 50


def test_unknown_content_words_count_against_a_match(matcher: faqbot.Matcher) -> None:
    plain = matcher.search("Quels sont les risques de l'open source ?")[0]
    question = "Quels sont les risques de l'open source pour Tesla et Renault ?"
    (diluted,) = matcher.search(question, limit=1, score_cutoff=0)
    assert diluted.entry.id == plain.entry.id == "risques"
    assert diluted.coverage < plain.coverage - 15
    assert diluted.confidence < plain.confidence


def test_synonyms_from_the_file_are_applied() -> None:
    faq = faqbot.parse_faq(
        "synonyms:\n  voiture: [bagnole, auto]\nentries:\n"
        "  - id: v\n    question: Comment garer sa voiture ?\n    answer: Doucement.\n"
        "  - id: w\n    question: Comment laver son chien ?\n    answer: À l'eau.\n"
    )
    matcher = faqbot.Matcher(faq)
    assert answer_id(matcher, "comment garer ma bagnole") == "v"
    # A word the file does not name stays unknown: half the question is covered.
    assert matcher.search("comment garer mon vélo", score_cutoff=0)[0].coverage < 50


def test_score_cutoff_is_respected(faq: faqbot.FAQ) -> None:
    query = "c'est quoi le modèle llama"  # close to an FAQ phrasing, not one of them
    strict = faqbot.Matcher(faq, score_cutoff=100.0)
    assert strict.match(query) is None
    assert strict.match(query, score_cutoff=50) is not None
    assert faqbot.Matcher(faq, score_cutoff=0.0).match(query) is not None


def test_a_query_that_is_a_phrasing_is_always_answered(faq: faqbot.FAQ) -> None:
    strict = faqbot.Matcher(faq, score_cutoff=100.0, margin=100.0)
    for entry in faq.entries:
        for phrasing in entry.phrasings:
            hit = strict.match(phrasing)
            assert hit is not None and hit.entry == entry, phrasing


def test_search_respects_limit_and_cutoff(matcher: faqbot.Matcher) -> None:
    assert len(matcher.search("open source", limit=2)) <= 2
    assert matcher.search("open source", limit=0) == []
    everything = matcher.search("open source", limit=None, score_cutoff=0)
    assert len(everything) >= 3
    found = matcher.search("open source", limit=None)
    assert all(m.confidence >= matcher.suggestion_cutoff for m in found)
    # In the order of the number they show, and filtered on it.
    assert [m.confidence for m in everything] == sorted(
        (m.confidence for m in everything), reverse=True
    )
    middle = everything[1].confidence
    assert all(m.confidence >= middle for m in matcher.search("open source", score_cutoff=middle))


def test_a_megabyte_is_answered_quickly(matcher: faqbot.Matcher) -> None:
    huge = "qu'est-ce que llama " + "blabla " * 150_000
    started = time.perf_counter()
    matcher.match(huge)
    matcher.search(huge)
    assert time.perf_counter() - started < 0.5


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_never_raises_nor_warns(matcher: faqbot.Matcher, query: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hit = matcher.match(query)
        found = matcher.search(query, limit=3)
    assert hit is None or 0 <= hit.confidence <= 100
    assert all(0 <= m.confidence <= 100 and 0 <= m.coverage <= 100 for m in found)


@pytest.mark.parametrize(
    "query", ["", " ", "\x00", "\ud800", "🦙🦙", "\x1b[2J", "\u200b", "-" * 5000]
)
def test_odd_strings_never_raise(matcher: faqbot.Matcher, query: str) -> None:
    assert matcher.match(query) is None
    matcher.search(query)


def test_non_strings_get_no_match(matcher: faqbot.Matcher) -> None:
    assert matcher.match(None) is None  # type: ignore[arg-type]
    assert matcher.search(b"llama") == []  # type: ignore[arg-type]


def test_words_found_only_in_an_answer_suggest_but_do_not_answer(
    matcher: faqbot.Matcher,
) -> None:
    query = "Qu'est-ce que l'écosystème technologique de Meta ?"
    assert matcher.match(query) is None
    assert matcher.search(query)[0].entry.id == "avantages"


def test_a_corrected_typo_weighs_less_even_through_a_synonym() -> None:
    faq = faqbot.parse_faq(
        "synonyms:\n  voiture: [automobile]\nentries:\n"
        "  - id: v\n    question: Comment laver une voiture ?\n    answer: À l'eau.\n"
    )
    matcher = faqbot.Matcher(faq)
    exact = matcher.search("laver automobile")[0].coverage
    typo = matcher.search("laver automobilr")[0].coverage
    assert typo < exact


def test_typos_are_not_corrected_into_another_word_by_their_first_letter(
    matcher: faqbot.Matcher,
) -> None:
    # "emporter" is two letters from "apporter" (a word for avantages), not a typo of it.
    assert matcher.match("Est-ce que l'open source va l'emporter ?") is None


def first_coverage(matcher: faqbot.Matcher, query: str) -> float:
    """The coverage of the entry ``matcher`` ranks first for ``query``."""
    return matcher.search(query, limit=1, score_cutoff=0)[0].coverage


def test_a_content_word_is_not_read_as_a_word_that_says_nothing_two_letters_away() -> None:
    # « cheques » is two edits from « chaque »: read as it, the question
    # became « vous prenez les ? », which « Prenez-vous la carte Vitale ? » covers.
    faq = faqbot.parse_faq(
        faq_text(
            ("vitale", "Prenez-vous la carte Vitale ?", "Oui."),
            ("horaires", "Quels sont vos horaires ?", "9 h."),
        )
    )
    matcher = faqbot.Matcher(faq)
    covered = first_coverage(matcher, "vous prenez les cheques ?")
    assert covered < first_coverage(matcher, "vous prenez les ?")
    # One edit from a word that says nothing is still a typo of it.
    assert first_coverage(matcher, "quells sont vos horaires") == 100.0


TOWN_HALL = faq_text(
    ("deces", "Que faire en cas de décès ?", "Déclarez-le en mairie dans les 24 heures."),
    ("naissance", "Comment déclarer une naissance ?", "À la mairie, dans les 5 jours."),
)
NURSERY = faq_text(
    ("joindre", "Comment vous joindre ?", "Au 02 40 00 00 00."),
    ("payer", "Comment payer ?", "Par prélèvement chaque mois."),
    ("inscription", "Comment inscrire mon enfant ?", "Remplissez le dossier à l'accueil."),
)
WORKSHOP = faq_text(
    ("horaires", "Quels sont vos horaires ?", "Ouvert du mardi au samedi ; fermé le dimanche."),
    ("crevaison", "Vous réparez les crevaisons ?", "Oui, sans rendez-vous."),
    ("vente", "Vendez-vous des vélos d'occasion ?", "Oui, révisés et garantis."),
)
GYM = faq_text(
    ("tarifs", "Combien coûte l'abonnement ?", "39 € par mois, sans engagement."),
    ("resiliation", "Comment résilier mon abonnement ?", "Par lettre, un mois avant."),
    (
        "inscription",
        "Quels papiers pour s'inscrire ?",
        "Une pièce d'identité et un certificat médical.",
    ),
    ("permis", "Faut-il le permis pour venir en voiture ?", "Non, le tram s'arrête devant."),
    ("delai", "Quel délai pour s'inscrire ?", "Une journée."),
)

CAMPSITE = faq_text(
    ("avance", "Arrivée en avance ?", "Selon la place."),
    ("heure", "À quelle heure est l'arrivée ?", "Dès 14 h."),
    ("acompte", "Faut-il un acompte pour réserver ?", "Oui, 30 %."),
    ("piscine", "La piscine est-elle chauffée ?", "Oui."),
)
VET = faq_text(
    ("urgences", "Que faire en cas d'urgence la nuit ?", "Appelez le vétérinaire de garde."),
    ("vaccins", "Quels vaccins pour mon chiot ?", "À 8 et 12 semaines, puis chaque année."),
    (
        "voyage",
        "Que faut-il pour voyager à l'étranger ?",
        "Un passeport et le vaccin contre la rage.",
    ),
    ("tarifs", "Combien coûte une consultation ?", "45 €."),
    ("visites", "Le vétérinaire se déplace-t-il ?", "Oui, à domicile, le mardi."),
)
MUSIC_SCHOOL = faq_text(
    ("enfant-malade", "Que faire si mon enfant est malade ?", "Prévenez le secrétariat."),
    ("prof-malade", "Et si le professeur est malade ?", "Il est rattrapé."),
    ("professeurs", "Qui sont les professeurs ?", "Dix musiciens diplômés."),
    ("age", "À partir de quel âge peut-on commencer ?", "Dès 5 ans."),
    (
        "instruments",
        "Quels instruments peut-on apprendre ?",
        "Piano, guitare et violon, en 4 ans de cycle.",
    ),
    ("vacances", "Êtes-vous fermés pendant les vacances ?", "Oui, en été et à Noël."),
)
COTTAGE = faq_text(
    ("linge", "Le linge est-il fourni ?", "Oui, les draps aussi."),
    ("exterieur", "Y a-t-il un barbecue ?", "Oui, au jardin."),
    ("wifi", "Y a-t-il le wifi ?", "Oui, la fibre."),
    ("carburant", "Le carburant est-il compris ?", "Non."),
)

DENTIST = faq_text(
    ("urgence", "J'ai une rage de dents, que faire ?", "Nous gardons des créneaux d'urgence."),
    ("acces", "Comment venir au cabinet ?", "Tram C ; parking payant rue Voltaire."),
    ("implants", "Posez-vous des implants ?", "Oui, après un bilan."),
)

PLUMBER = faq_text(
    ("entretien", "Faites-vous l'entretien des chaudières ?", "Oui, 110 € par an."),
    ("canalisations", "Débouchez-vous les canalisations ?", "Oui, au furet."),
    ("horaires", "Quels sont vos horaires ?", "De 8 h à 18 h."),
)
SERVICES = faq_text(
    ("repassage", "Faites-vous le repassage ?", "Oui, 2 € la chemise."),
    ("encombrants", "Ramassez-vous les encombrants ?", "Oui, le lundi."),
    ("horaires", "Quels sont vos horaires ?", "De 9 h à 19 h."),
)


@pytest.mark.parametrize(
    ("faq_text", "question", "expected"),
    [
        # Snowball keeps « décédé » and « décès » apart: the question shared no
        # word with its entry and was offered the birth entry first.
        (TOWN_HALL, "mon père est décédé cette nuit", "deces"),
        # Every entry asks « comment »: only « register » can find its entry.
        (NURSERY, "how do I register my child?", "inscription"),
        # Its answer names the day; the question only in English.
        (WORKSHOP, "are you open on sunday?", "horaires"),
        (WORKSHOP, "can you fix a puncture?", "crevaison"),
        (WORKSHOP, "what do you sell?", "vente"),
        # « open » is French too (« open source »): read only when the FAQ lacks it.
        (WORKSHOP, "open on monday?", "horaires"),
        # « how » alone asks « comment », as resigning does; « how much » is « combien ».
        (GYM, "how much is the membership?", "tarifs"),
        (GYM, "how much is a monthly membership?", "tarifs"),
        (GYM, "comment annuler mon abo", "resiliation"),
        (GYM, "vous demandez quels documents ?", "inscription"),
        (GYM, "do I need a driving licence?", "permis"),
        (GYM, "how long does it take?", "delai"),
        (CAMPSITE, "check-in time?", "heure"),
        (CAMPSITE, "des arrhes ?", "acompte"),
        # « where », « go » and « well » say nothing of what is asked.
        (VET, "my cat is not breathing well, where do I go at night?", "urgences"),
        (VET, "emergency tonight", "urgences"),
        (VET, "my puppy needs which vaccines?", "vaccins"),
        (VET, "travel abroad with my dog", "voyage"),
        # The FAQ says « à domicile », the visitor « à la maison ».
        (VET, "vous pouvez venir a la maison ?", "visites"),
        # « prof » and « véto » are what visitors type; a son or a daughter is
        # the FAQ's « enfant ».
        (MUSIC_SCHOOL, "c'est qui le prof de piano ?", "professeurs"),
        (VET, "le veto peut passer ?", "visites"),
        (MUSIC_SCHOOL, "ma fille est malade", "enfant-malade"),
        (MUSIC_SCHOOL, "mon fils a de la fievre, il est malade", "enfant-malade"),
        # A number of years is an age: « l'âge » is what the visitor asks.
        (MUSIC_SCHOOL, "ma fille a 4 ans c'est trop tot ?", "age"),
        (MUSIC_SCHOOL, "mon fils a 6 ans, il peut commencer ?", "age"),
        # « été », folded, is the empty « ete » of « a été » unless it names the season.
        (MUSIC_SCHOOL, "il y a cours l'été ?", "vacances"),
        # A holiday cottage's « linge » and « barbecue », in a visitor's words.
        (COTTAGE, "y a des serviettes de bain ?", "linge"),
        (COTTAGE, "on peut faire des grillades ?", "exterieur"),
        (COTTAGE, "je dois remettre de l'essence ?", "carburant"),
        # « urgent » is the adjective of « urgence »; « se garer » asks for the parking.
        (DENTIST, "c urgent, vous pouvez me prendre ?", "urgence"),
        (DENTIST, "on peut se garer ?", "acces"),
        # A verb and the noun made from it: « entretenir », « repassage ».
        (PLUMBER, "vous entretenez ?", "entretien"),
        (SERVICES, "vous repassez les chemises ?", "repassage"),
        (SERVICES, "ramassage des meubles ?", "encombrants"),
    ],
)
def test_a_visitor_in_other_words_than_the_faqs_finds_its_entry(
    faq_text: str, question: str, expected: str
) -> None:
    assert first_shown_id(faqbot.Matcher(faqbot.parse_faq(faq_text)), question) == expected


def test_two_capitals_weigh_as_a_word_unless_the_question_shouts() -> None:
    faq = faqbot.parse_faq(
        faq_text(
            ("pret", "Vous prêtez une voiture ?", "Oui."),
            ("horaires", "Quels sont vos horaires ?", "9 h."),
        )
    )
    matcher = faqbot.Matcher(faq)
    small = first_coverage(matcher, "vous pretez une voiture pv ?")
    # « PV » says what is asked; « pv » may be a fragment of SMS, as « ds » is.
    assert first_coverage(matcher, "vous pretez une voiture PV ?") < small
    # A question all in capitals shouts: its short words are not acronyms.
    assert first_coverage(matcher, "VOUS PRETEZ UNE VOITURE PV ?") == small


@pytest.mark.parametrize("query", ["c'est quoi llama", "avantages de la retraite", "xqzw", ""])
def test_lookup_is_match_and_search_in_one(matcher: faqbot.Matcher, query: str) -> None:
    found = matcher.lookup(query)
    assert found.match == matcher.match(query)
    expected = [m for m in matcher.search(query, limit=4) if m != found.match][:3]
    assert found.suggestions == expected


OTHER_TOPICS = [
    "la retraite", "le télétravail", "la voiture électrique", "Bitcoin", "Linux", "Python",
    "Netflix", "Google", "Tesla", "le nucléaire", "ChatGPT", "Android", "le cloud", "TikTok",
    "le vélo", "la bourse", "le métavers", "WhatsApp", "Mistral", "OpenAI", "les réseaux sociaux",
    "Ubuntu", "le deep learning", "Kubernetes",
]  # fmt: skip
BORROWED_FRAMES = [
    "Quels sont les avantages de {} ?",
    "Quels sont les risques de {} ?",
    "Qu'est-ce que {} ?",
    "{} est-il l'avenir ?",
    "Pourquoi {} est open source ?",
    "Quels sont les avantages de {} pour Meta ?",
    "Quels sont les risques de {} pour Meta ?",
    "Pourquoi Meta utilise {} ?",
    "What is {}?",
    "What are the risks of {}?",
    "Is {} the future of AI?",
    "Pourquoi Google a rendu {} open source ?",
    "L'open source est-il l'avenir de {} ?",
    "Quels sont les avantages de l'open source pour {} ?",
]


def test_an_faq_question_frame_about_another_topic_gets_no_answer(
    matcher: faqbot.Matcher,
) -> None:
    answered = [
        (question, hit.entry.id)
        for frame in BORROWED_FRAMES
        for topic in OTHER_TOPICS
        for question in [frame.format(topic)]
        if (hit := matcher.match(question)) is not None
    ]
    assert answered == []


POLITE_OPENINGS = [
    "",
    "Bonjour, ",
    "Dis-moi ",
    "Je voudrais savoir : ",
    "Salut ! ",
    "Excusez-moi, ",
]
POLITE_ENDINGS = ["", " svp", " merci", " ?", " stp"]


def swap_two_letters(text: str) -> str:
    """Swap two letters in the middle of the longest word: a common typo."""
    words = text.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    middle = len(word) // 2
    words[longest] = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
    return " ".join(words)


@pytest.mark.parametrize("entry_index", range(5))
def test_each_question_survives_politeness_case_accents_and_a_typo(
    faq: faqbot.FAQ, matcher: faqbot.Matcher, entry_index: int
) -> None:
    entry = faq.entries[entry_index]
    missed = []
    for opening in POLITE_OPENINGS:
        for ending in POLITE_ENDINGS:
            text = opening + entry.question + ending
            for variant in (text, text.lower(), unidecode(text), swap_two_letters(text)):
                hit = matcher.match(variant)
                if hit is None or hit.entry.id != entry.id:
                    missed.append(variant)
    assert missed == []


def test_a_match_names_a_question_or_variant_never_the_answer() -> None:
    faq = faqbot.parse_faq(
        """
entries:
  - id: horaires
    question: Quels sont vos horaires ?
    answer: La bibliothèque prête des romans et des bandes dessinées du mardi au samedi.
    variants: [Vous ouvrez quand ?]
  - id: inscription
    question: Comment s'inscrire ?
    answer: Venez avec une pièce d'identité.
"""
    )
    matcher = faqbot.Matcher(faq)
    found = matcher.search("romans et bandes dessinées", limit=2, score_cutoff=0)
    assert found and found[0].entry.id == "horaires"
    phrasings = {m.entry.id: m.entry.phrasings for m in found}
    for match in found:
        assert match.phrasing in phrasings[match.entry.id]


@pytest.mark.parametrize("method", ["search", "match"])
@pytest.mark.parametrize("bad", ["x", math.nan, -1.0, 101.0, True])
def test_search_and_match_check_their_cutoff_alike(
    matcher: faqbot.Matcher, method: str, bad: object
) -> None:
    with pytest.raises((TypeError, ValueError), match="score_cutoff"):
        getattr(matcher, method)("c'est quoi llama", score_cutoff=bad)


def test_lookup_takes_the_limits_search_takes(matcher: faqbot.Matcher) -> None:
    everything = matcher.lookup("avantages de la retraite", limit=None)
    assert len(everything.suggestions) == len(
        matcher.search("avantages de la retraite", limit=None)
    )
    with pytest.raises(TypeError, match="limit"):
        matcher.lookup("llama", limit="3")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="limit"):
        matcher.search("llama", limit=2.5)  # type: ignore[arg-type]


def _answer_in_worker(pair: tuple[faqbot.Matcher, str]) -> faqbot.Lookup:
    matcher, question = pair
    return matcher.lookup(question)


def test_a_matcher_an_faq_and_a_match_can_be_pickled_copied_and_hashed(
    matcher: faqbot.Matcher,
) -> None:
    import copy
    import multiprocessing
    import pickle

    questions = ["c'est quoi llama", "avantages de la retraite", "risques du tabac"]
    copied = pickle.loads(pickle.dumps(matcher))
    assert [copied.lookup(q) for q in questions] == [matcher.lookup(q) for q in questions]
    assert copy.deepcopy(matcher.faq) == matcher.faq
    assert hash(matcher.faq) == hash(faqbot.load_faq())
    hit = matcher.match(questions[0])
    assert pickle.loads(pickle.dumps(hit)) == hit
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.map(_answer_in_worker, [(matcher, q) for q in questions]) == [
            matcher.lookup(q) for q in questions
        ]


@pytest.mark.parametrize(
    "filler",
    [
        "sinon",
        "merci, et sinon",
        "du coup",
        "en fait",
        "bref,",
        "au fait,",
        "dis-moi,",
        "à part ça,",
    ],
)
def test_spoken_fillers_cost_no_answer(matcher: faqbot.Matcher, filler: str) -> None:
    plain = matcher.match("c'est quoi llama ?")
    padded = matcher.match(f"{filler} c'est quoi llama ?")
    assert plain is not None and padded is not None
    assert padded.entry == plain.entry and padded.coverage == plain.coverage


def test_lookups_from_eight_threads_give_the_serial_answers(matcher: faqbot.Matcher) -> None:
    # The server's threads share one matcher and its caches: a fresh one,
    # asked from 8 threads at once, must answer as the warm one does alone.
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    folder = Path(__file__).resolve().parent / "eval"
    questions = [
        line.split("\t", 1)[1]
        for path in sorted(folder.glob("*.tsv"))
        for line in path.read_text("utf-8").splitlines()
        if "\t" in line and not line.startswith("#")
    ]
    halves = [q[: len(q) // 2] for q in questions]
    questions = [*questions, *(q.upper() for q in questions), *halves]
    assert len(questions) >= 1000
    fresh = faqbot.Matcher(matcher.faq)
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(fresh.lookup, questions))
    assert together == [matcher.lookup(q) for q in questions]


@pytest.mark.parametrize(
    "query", ["c'est quoi llama", "risques pour meta", "démocratiser l'accès", "xqzw"]
)
def test_a_candidates_coverage_is_the_larger_of_its_answers_and_its_phrasings(
    matcher: faqbot.Matcher, query: str
) -> None:
    for candidate in matcher._ranking(query, limit=4).candidates:
        assert candidate.coverage == max(candidate.by_answer, candidate.by_phrasings)
        assert candidate.from_answer == (candidate.by_answer > candidate.by_phrasings)


COWORKING = faq_text(
    ("formules", "Quelles sont vos formules et vos prix ?", "La journée à 25 €, le mois à 190 €."),
    ("wifi", "Le wifi est-il rapide ?", "Oui, la fibre."),
    ("casiers", "Avez-vous des casiers ?", "Oui, 10 € par mois."),
    ("horaires", "Quels sont les horaires ?", "De 9 h à 18 h, et le week-end pour les abonnés."),
)


def test_a_word_the_faq_does_not_use_is_read_as_one_it_uses_for_the_same_thing() -> None:
    matcher = faqbot.Matcher(faqbot.parse_faq(COWORKING))
    assert first_shown_id(matcher, "tarifs ?") == "formules"
    assert first_shown_id(matcher, "vous avez internet ?") == "wifi"
    assert first_shown_id(matcher, "ouvert le dimanche ?") == "horaires"
    # « cher » is not « c'her », an elision glued to an English word.
    assert first_shown_id(matcher, "c plus cher ?") == "formules"


def test_an_faq_that_uses_both_words_keeps_them_apart() -> None:
    both = COWORKING + faq_text(
        ("tarifs-groupes", "Quels sont vos tarifs de groupe ?", "Sur devis.")
    ).removeprefix("entries:\n")
    matcher = faqbot.Matcher(faqbot.parse_faq(both))
    terms = matcher._index.vocabulary.query_terms("tarifs ?").terms
    assert [t for t in terms if not t.startswith(("?", "~"))] == [stem("tarifs")]


@pytest.mark.parametrize(
    ("known", "spelt_right", "misspelt"),
    [
        # « dimanche » is two edits from « démarche »: a town hall's FAQ that
        # never names Sunday read « ouvert le dimanche ? » as a step to take.
        ("Quelle démarche en ligne ?", "ouvert le dimanche ?", "quelle dimarche ?"),
        # « vendez » is a form of « vente », not a typo of « venez ».
        ("Venez le lundi.", "vous vendez des protéines ?", "je peux vennez ?"),
    ],
)
def test_a_day_or_a_word_familys_form_is_never_read_as_a_typo(
    known: str, spelt_right: str, misspelt: str
) -> None:
    faq = faqbot.parse_faq(
        faq_text(("connu", known, "Oui."), ("horaires", "Êtes-vous ouverts le samedi ?", "Oui."))
    )
    read = faqbot.Matcher(faq)._index.vocabulary.query_terms
    word = stem(analyze(known).words[0])
    assert word not in read(spelt_right).terms
    assert word in read(misspelt).terms


def test_partir_finds_departures_only_when_the_faq_does_not_say_partir() -> None:
    campsite = faqbot.parse_faq(
        faq_text(
            ("depart", "À quelle heure est le départ ?", "Avant 11 h."),
            ("piscine", "À quelle heure ouvre la piscine ?", "À 10 h."),
        )
    )
    matcher = faqbot.Matcher(campsite)
    assert stem("départ") in matcher._index.vocabulary.query_terms("partir").terms
    assert first_shown_id(matcher, "on doit partir a quelle heure ?") == "depart"
    # Labour law says both, about other things: « partir » stays itself.
    leaving = faqbot.Entry("partir", "Puis-je partir plus tôt ?", "Avec accord.", (), ())
    both = faqbot.Matcher(campsite._replace(entries=(*campsite.entries, leaving)))
    assert list(both._index.vocabulary.query_terms("partir").terms) == [stem("partir")]


SALON = (
    "entries:\n"
    "  - id: rendez-vous\n    question: Comment prendre rendez-vous ?\n"
    "    answer: Par téléphone, ou sans rendez-vous le mardi matin.\n"
    "    variants: [Vous prenez sans rendez-vous ?]\n"
    "  - id: annulation\n    question: Comment annuler un rendez-vous ?\n"
    "    answer: Prévenez-nous 24 h avant.\n"
    "    variants: [Je ne peux pas venir à mon rendez-vous]\n"
    "  - id: horaires\n    question: Quels sont vos horaires ?\n"
    "    answer: Du mardi au samedi.\n"
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("on peut venir sans rdv ?", "rendez-vous"),
        ("je peux passer sans rendez vous ?", "rendez-vous"),
        ("je ne peux pas venir a mon rdv", "annulation"),
    ],
)
def test_sans_rendez_vous_is_its_own_question(query: str, expected: str) -> None:
    # « sans » is an empty word, so « venir sans rdv » once read as « venir
    # à mon rendez-vous » and a salon's FAQ answered it with its cancellations.
    matcher = faqbot.Matcher(faqbot.parse_faq(SALON))
    assert first_shown_id(matcher, query) == expected


def test_sans_rendez_vous_costs_nothing_to_an_faq_that_never_says_it() -> None:
    plain = SALON.replace("ou sans rendez-vous le mardi matin", "le mardi matin").replace(
        "    variants: [Vous prenez sans rendez-vous ?]\n", ""
    )
    matcher = faqbot.Matcher(faqbot.parse_faq(plain))
    for query in ("comment prendre rendez-vous ?", "rendez-vous ?"):
        asked = matcher.lookup(query.replace("rendez-vous", "sans rendez-vous"))
        without = matcher.lookup(query)
        assert asked.match is not None and without.match is not None
        assert asked.match.entry == without.match.entry
        assert asked.match.confidence > without.match.confidence - 10
