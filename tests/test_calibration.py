from __future__ import annotations

from pathlib import Path

import pytest

import faqbot
from faqbot.authoring.labeled import evaluate, read_labeled
from faqbot.commands import calibration_report
from faqbot.matching import calibration
from faqbot.matching.calibration import Trial, choose

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def bakery() -> faqbot.FAQ:
    return faqbot.load_faq(EXAMPLES / "boulangerie.yaml")


def split_in_two(faq: faqbot.FAQ) -> faqbot.FAQ:
    """Each entry becomes two entries on the same topic, sharing its phrasings out."""
    entries = []
    for entry in faq.entries:
        first, second, third, fourth = entry.phrasings[:4]
        entries.append(entry._replace(id=entry.id + "-a", question=first, variants=(third,)))
        entries.append(entry._replace(id=entry.id + "-b", question=second, variants=(fourth,)))
    return faq._replace(entries=tuple(entries))


def test_confusable_entries_get_a_higher_cutoff(bakery: faqbot.FAQ) -> None:
    separated = faqbot.Matcher(bakery).calibration
    confusable = faqbot.Matcher(split_in_two(bakery)).calibration
    assert confusable.coverage_cutoff > separated.coverage_cutoff
    assert confusable.confused and confusable.weak_entries


def test_an_faq_that_trusts_its_trials_expects_less_of_confusable_entries(
    faq: faqbot.FAQ,
) -> None:
    # A small FAQ whose trials find nothing leans on the visitors' prior, for
    # its expectation as for its answers: its warnings name the twins. One of
    # a hundred phrasings and more decides on its trials alone.
    twins = []
    for entry in faq.entries:
        first, second = entry.phrasings[0::2], entry.phrasings[1::2]
        twins.append(entry._replace(id=entry.id + "-a", question=first[0], variants=first[1:]))
        twins.append(entry._replace(id=entry.id + "-b", question=second[0], variants=second[1:]))
    separated = faqbot.Matcher(faq).calibration
    confusable = faqbot.Matcher(faq._replace(entries=tuple(twins))).calibration
    assert separated.trust == confusable.trust == 1.0
    assert confusable.expected_right < separated.expected_right - 50


def test_calibration_is_the_same_every_time(bakery: faqbot.FAQ) -> None:
    assert faqbot.Matcher(bakery).calibration == faqbot.Matcher(bakery).calibration


def test_a_stricter_target_never_lowers_the_cutoff(bakery: faqbot.FAQ) -> None:
    cutoffs = [faqbot.Matcher(bakery, max_wrong_rate=rate).score_cutoff for rate in (5.0, 2.0, 0.5)]
    assert cutoffs == sorted(cutoffs)


def test_the_faq_can_ask_for_more_caution(bakery: faqbot.FAQ) -> None:
    cautious = bakery._replace(max_wrong_rate=0.5)
    assert faqbot.Matcher(cautious).score_cutoff >= faqbot.Matcher(bakery).score_cutoff


def trial(expected: int | None, best: int | None, score: float, lead: float = 50.0) -> Trial:
    return Trial(expected, best, score, lead)


def test_choose_answers_most_under_the_target() -> None:
    # 100 on-topic trials right from 99 down to 50, 2 wrong at 90 and 60;
    # 100 off-topic trials, answered at 80 and below.
    trials = [trial(0, 0, 99 - i / 2) for i in range(98)]
    trials += [trial(0, 1, 90.0), trial(0, 1, 60.0)]
    trials += [trial(None, 0, 80 - i / 2) for i in range(50)]
    trials += [trial(None, 0, 70 - i / 2) for i in range(50)]
    chosen = choose(trials, ["a", "b"], target=2.0)
    # One wrong answer more than seen, in each kind of trial, must still fit.
    assert chosen.coverage_cutoff == 80.0
    assert chosen.expected_wrong == pytest.approx(0.75 * 1 + 0.25 * 1)
    assert chosen.expected_right == 39.0
    lenient = choose(trials, ["a", "b"], target=10.0)
    assert lenient.coverage_cutoff < chosen.coverage_cutoff
    assert lenient.expected_right > chosen.expected_right


def test_a_lead_over_the_runner_up_can_make_up_for_a_low_score() -> None:
    # Right answers lead by 30; wrong ones by 2: the margin, not the cutoff, sorts them.
    trials = [trial(0, 0, 60 + i / 10, lead=30.0) for i in range(100)]
    trials += [trial(0, 1, 70 + i / 10, lead=2.0) for i in range(20)]
    chosen = choose(trials, ["a", "b"], target=2.0)
    assert chosen.margin > 2.0
    assert chosen.coverage_cutoff == 60.0
    assert chosen.expected_right == pytest.approx(100 * 100 / 120, abs=0.1)


def test_entries_without_variants_count_as_off_topic_risks() -> None:
    # On-topic trials right from 99 down to 50; off-topic ones spread over 0-99.
    trials = [trial(0, 0, 99 - i / 2) for i in range(100)]
    trials += [trial(None, 1, i + 0.5) for i in range(100)]
    plain = choose(trials, ["a", "b"], target=2.0)
    bare = choose(trials, ["a", "b"], target=2.0, bare_share=0.5)
    assert bare.coverage_cutoff > plain.coverage_cutoff
    assert bare.expected_wrong <= 2.0


def test_with_no_trial_the_fallback_is_used() -> None:
    chosen = choose([], ["a"])
    assert (chosen.coverage_cutoff, chosen.margin) == (
        calibration.FALLBACK_CUTOFF,
        calibration.FALLBACK_MARGIN,
    )
    assert chosen.fallback


def test_an_faq_without_variants_says_it_has_nothing_to_learn_from() -> None:
    faq = faqbot.parse_faq(
        "entries:\n"
        "  - {id: horaires, question: Quels sont vos horaires ?, answer: 7 h - 19 h.}\n"
        "  - {id: livraison, question: Livrez-vous à domicile ?, answer: Oui.}\n"
        "  - {id: paiement, question: Prenez-vous la carte bleue ?, answer: Oui.}\n"
    )
    matcher = faqbot.Matcher(faq)
    assert matcher.calibration.fallback
    assert matcher.calibration.coverage_cutoff == calibration.FALLBACK_CUTOFF
    assert matcher.score_cutoff == matcher.calibration.threshold
    assert "aucune entrée n'a de variante" in calibration_report.describe(matcher.calibration)
    assert calibration_report.as_dict(matcher.calibration)["fallback"] is True
    found = matcher.match("c'est quoi vos horaires ?")
    assert found is not None and found.entry.id == "horaires"
    with_variants = faq._replace(
        entries=(faq.entries[0]._replace(variants=("Vous ouvrez quand ?",)), *faq.entries[1:])
    )
    assert not faqbot.Matcher(with_variants).calibration.fallback


def test_a_small_faq_answers_plain_questions_and_nothing_off_topic(bakery: faqbot.FAQ) -> None:
    labeled = read_labeled(EXAMPLES / "boulangerie.tsv", bakery)
    report = evaluate(faqbot.Matcher(bakery), labeled)
    assert report.accuracy >= 40.0
    assert report.wrong == 0.0


def test_a_town_halls_faq_with_twin_entries_answers_surely_at_its_own_rate() -> None:
    town_hall = faqbot.load_faq(EXAMPLES / "mairie.yaml")
    labeled = read_labeled(EXAMPLES / "mairie.tsv", town_hall)
    report = evaluate(faqbot.Matcher(town_hall), labeled)
    assert report.accuracy >= 40.0
    assert report.wrong == 0.0
    # Its higher rate never answers less than the default one.
    default = town_hall._replace(max_wrong_rate=None)
    assert evaluate(faqbot.Matcher(default), labeled).accuracy <= report.accuracy


def test_a_large_faq_is_calibrated_on_a_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calibration, "ALL_FOLDS_PHRASINGS", 100)
    monkeypatch.setattr(calibration, "PROBES", 20)
    words = ["voiture", "vélo", "train", "avion", "bateau", "bus", "métro", "tram", "car", "taxi"]
    verbs = ["réserver", "annuler", "payer", "modifier", "rembourser", "échanger"]
    lines = ["entries:"]
    for word in words:
        for verb in verbs:
            lines += [
                f"  - id: {verb}-{word}",
                f"    question: Comment {verb} un billet de {word} ?",
                "    answer: Réponse.",
                "    variants:",
                f"      - {verb} {word}",
                f"      - Je veux {verb} mon {word}",
            ]
    faq = faqbot.parse_faq("\n".join(lines))
    found = faqbot.Matcher(faq).calibration
    assert found.sampled
    assert 0 < found.trials < 200


@pytest.mark.parametrize("rate", [0, 0.5, 2, 100, -1, 100.5, float("nan"), float("inf")])
def test_the_faq_file_and_the_matcher_accept_the_same_target(rate: float) -> None:
    faq = faqbot.parse_faq(
        "entries:\n  - {id: a, question: Quels sont vos horaires ?, answer: 7 h.}\n"
    )
    in_file: object
    try:
        in_file = faqbot.parse_faq(
            f"max_wrong_rate: {rate}\n" + "entries:\n"
            "  - {id: a, question: Quels sont vos horaires ?, answer: 7 h.}\n"
        ).max_wrong_rate
    except faqbot.FAQError:
        in_file = None
    try:
        faqbot.Matcher(faq, max_wrong_rate=rate)
        in_matcher = True
    except ValueError:
        in_matcher = False
    assert (in_file is not None) == in_matcher


def test_the_former_name_of_the_coverage_cutoff_still_answers_with_a_warning() -> None:
    chosen = choose([trial(0, 0, 90.0)] * 10, ["a"])
    with pytest.warns(DeprecationWarning, match="coverage_cutoff"):
        assert chosen.score_cutoff == chosen.coverage_cutoff
