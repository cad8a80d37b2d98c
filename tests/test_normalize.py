from __future__ import annotations

import pytest

from faqbot.text.normalize import analyze, fold, stem


def words(text: str) -> tuple[str, ...]:
    return analyze(text).words


def test_fold_lowercases_and_strips_accents() -> None:
    assert fold("ÉCOSYSTÈME Déjà") == "ecosysteme deja"


def test_fold_spells_out_ligatures() -> None:
    assert fold("Œuvre et cæcum") == "oeuvre et caecum"


@pytest.mark.parametrize("apostrophe", ["'", "’", "‘", "ʼ"])
def test_every_apostrophe_splits_an_elision(apostrophe: str) -> None:
    assert words(f"l{apostrophe}avenir de l{apostrophe}IA") == ("avenir", "ia")


@pytest.mark.parametrize(
    "text", ["qu'est-ce que LLaMA", "jusqu'à LLaMA", "c'est LLaMA", "n'est-ce pas LLaMA"]
)
def test_elisions_and_frames_leave_only_content(text: str) -> None:
    assert words(text) == ("llama",)


def test_hyphenated_inversion_is_not_content() -> None:
    assert words("Pourquoi Meta a-t-il rendu LLaMA open source ?") == (
        "meta",
        "rendu",
        "llama",
        "open",
        "source",
    )


@pytest.mark.parametrize(
    "opener",
    ["vous faites", "nous pouvons", "vous devez", "nous devons", "vous voulez", "vous voudriez"],
)
def test_the_verbs_that_open_a_question_are_not_content(opener: str) -> None:
    # « vous faites le contrôle technique ? » is about the inspection, not
    # about « faire »: another question put the same way is no closer.
    assert words(f"{opener} le contrôle technique ?") == ("controle", "technique")


def test_question_words_become_frames() -> None:
    assert analyze("Pourquoi ?").frames == {"why"}
    assert analyze("Qu'est-ce que c'est ?").frames == {"what"}
    assert analyze("Quelle est la raison ?").frames == {"why"}


def test_some_word_sequences_are_question_words() -> None:
    assert analyze("How come Meta did it?").frames == {"why"}
    assert analyze("À quoi bon l'open source ?").frames == {"why"}


def test_est_ce_que_only_marks_a_question() -> None:
    assert analyze("Est-ce que l'open source est l'avenir ?").frames == frozenset()


def test_sms_spellings_are_expanded() -> None:
    assert analyze("pk").frames == {"why"}
    assert analyze("c koi llama").words == ("llama",)


def test_everyday_shortenings_read_as_the_words_they_stand_for() -> None:
    # A bakery's answer says « carte bancaire »; its visitors write « CB ».
    assert words("je peux payer en CB ?") == words("je peux payer en carte bancaire ?")
    assert words("le num de la mairie") == words("le numéro de la mairie")
    assert words("des infos") == words("des informations")
    assert words("ouvert aujourdhui ?") == words("ouvert aujourd'hui ?")
    assert words("bbq autorisé ?") == words("barbecue autorisé ?")
    # A campsite's visitors check in and out: its FAQ says « arrivée », « départ ».
    assert words("check-in") == words("arrivée") and words("checkout") == words("départ")
    # A town's name, written in full in the FAQ, abbreviated by its visitors.
    assert words("né a St Aubin") == words("né à Saint-Aubin")
    assert words("ste Marie") == words("Sainte-Marie")


def test_j_ai_is_not_artificial_intelligence() -> None:
    assert words("j'ai une question sur l'AI") == ("ai",)
    assert words("je n'ai pas compris, ai-je tort ?") == ("compris", "tort")


def test_stem_meets_inflections() -> None:
    assert stem("avantages") == stem("avantage")
    assert stem("risqué") == stem("risques")
    assert stem("développement") == stem("développé")


@pytest.mark.parametrize(
    ("verb", "noun"),
    [
        ("décédé", "décès"),
        ("marier", "mariage"),
        ("inscrire", "inscription"),
        ("payé", "paiement"),
        ("livrée", "livraison"),
        ("louer", "location"),
        ("vendu", "vente"),
        ("ouvert", "ouverture"),
        ("perdu", "perte"),
        ("attendre", "attente"),
        ("crevé", "crevaison"),
        ("arrive", "arrivée"),
    ],
)
def test_a_verb_and_the_noun_made_from_it_are_one_word(verb: str, noun: str) -> None:
    assert stem(verb) == stem(noun)


@pytest.mark.parametrize(
    ("word", "noun"),
    [
        ("livre", "livraison"),  # a book
        ("ne", "naissance"),  # the negation
        ("Marie", "mariage"),  # a first name
        ("ferme", "fermeture"),  # a farm
        ("ouvre", "ouverture"),  # a command: « ouvre le volet »
    ],
)
def test_a_word_with_another_meaning_stays_out_of_the_family(word: str, noun: str) -> None:
    assert stem(word) != stem(noun)


def test_a_word_belongs_to_one_family_at_most() -> None:
    from faqbot.text.lexicon import _WORD_FAMILIES

    forms = _WORD_FAMILIES.split()
    assert len(set(forms)) == len(forms)
    assert all(fold(form) == form for form in forms)


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("how do I register my baby?", "inscription bébé"),
        ("can I get a refund?", "remboursement"),
        ("is swimming mandatory?", "natation obligatoire"),
        ("rent a wheelchair", "location fauteuil roulant"),
    ],
)
def test_everyday_english_words_read_as_the_french_an_faq_uses(english: str, french: str) -> None:
    assert [stem(w) for w in words(english)] == [stem(w) for w in words(french)]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("open source", ("open", "source")),
        ("le week-end", ("week", "end")),
        ("la fée", ("fee",)),
        ("un package", ("package",)),
    ],
)
def test_words_french_writes_too_stay_french(text: str, read: tuple[str, ...]) -> None:
    assert words(text) == read


@pytest.mark.parametrize("singular", ["papier", "panier", "métier", "cahier", "heure", "carte"])
def test_a_plural_reads_as_its_singular_when_snowball_cuts_it_short(singular: str) -> None:
    # Snowball leaves « papi » of both; the lighter endings that take over
    # below MIN_STEM letters once cut « papiers » to « papier » only.
    assert stem(singular + "s") == stem(singular)


def test_short_words_are_not_stemmed() -> None:
    assert stem("meta") == "meta"
    assert stem("ias") == "ias"


def test_surrogates_and_controls_do_not_break_folding() -> None:
    assert words("llama\ud800\x00\x1b[31mrisques\x1b]0;titre\x07") == ("llama", "risques")


def test_the_lexicon_holds_no_entry_that_can_never_match() -> None:
    from faqbot.text import lexicon, smalltalk
    from faqbot.text.normalize import raw_words

    # Words are read without apostrophes: "s'il" is "s" and "il".
    assert not [w for w in lexicon.STOP_WORDS if "'" in w]
    for name, words in vars(lexicon).items():
        if isinstance(words, (list, tuple)) and all(isinstance(w, str) for w in words):
            assert len(set(words)) == len(words), f"{name} repeats a word"
    # An English word read as French must not be one that already has a role.
    roles = lexicon.STOP_WORDS | set(lexicon.FRAME_WORDS) | lexicon.SMALL_TALK_WORDS
    assert not set(lexicon.ENGLISH_WORDS) & (roles | set(lexicon.SMS_WORDS))
    assert not set(lexicon.ENGLISH_WORDS) & set(lexicon.WORD_FAMILIES)
    # A word read as its near word only when unknown must be able to be unknown.
    assert not set(lexicon.NEAR_WORDS) & (roles | set(lexicon.SMS_WORDS))
    assert all(fold(word) == word for word in lexicon.NEAR_WORDS)
    assert smalltalk.small_talk("merci, s'il vous plaît") == "thanks"
    for phrase in lexicon.SMALL_TALK:
        assert raw_words(phrase) == phrase.split(), phrase


def test_a_number_of_years_is_an_age() -> None:
    assert "age" in analyze("ma fille a 4 ans").words
    assert "age" not in analyze("les ans passent").words


@pytest.mark.parametrize("text", ["ouvert l'été ?", "en été", "pneus hiver ou été", "cet ete"])
def test_summer_is_a_word(text: str) -> None:
    assert analyze(text).words[-1] == "estival"


def test_the_verb_ete_is_an_empty_word() -> None:
    assert analyze("il a été malade").words == ("malade",)


@pytest.mark.parametrize("text", ["café ou thé ?", "vous servez du the", "le thé est compris"])
def test_tea_is_a_word(text: str) -> None:
    assert stem("thés") in {stem(word) for word in analyze(text).words}
    assert "the" not in analyze(text).stops
