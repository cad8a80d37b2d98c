"""Properties that hold for any input: the core modules tested directly, with hypothesis."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

import faqbot
from faqbot.matching import confidence, coverage, features, index, scoring, weights
from faqbot.text.normalize import analyze, fold

FAQ = faqbot.parse_faq(
    """\
entries:
  - id: horaires
    question: Quels sont vos horaires d'ouverture ?
    answer: Du lundi au vendredi, de 9 h à 18 h.
    variants: [Vous ouvrez quand ?, Êtes-vous ouverts le samedi ?]
  - id: tarifs
    question: Combien coûte une séance ?
    answer: Dix euros la séance, quatre-vingts la carte de dix.
    variants: [Quels sont vos tarifs ?, C'est cher ?]
  - id: parking
    question: Où se garer près de la piscine ?
    answer: Le parking de la rue Haute est gratuit.
    variants: [Il y a un parking ?]
"""
)
MATCHER = faqbot.Matcher(FAQ)
PHRASINGS = [(entry.id, text) for entry in FAQ.entries for text in entry.phrasings]
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçôù ", min_size=1, max_size=40)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@given(st.sampled_from(PHRASINGS), st.booleans(), st.booleans())
@settings(max_examples=60, deadline=None)
def test_accents_and_case_never_change_the_ranking(
    phrasing: tuple[str, str], upper: bool, no_accents: bool
) -> None:
    _, text = phrasing
    changed = text.upper() if upper else text
    changed = strip_accents(changed) if no_accents else changed
    ranked = [m.entry.id for m in MATCHER.search(text, limit=3, score_cutoff=0)]
    assert [m.entry.id for m in MATCHER.search(changed, limit=3, score_cutoff=0)] == ranked


@given(st.sampled_from(PHRASINGS))
@settings(max_examples=30, deadline=None)
def test_a_phrasing_of_an_entry_ranks_that_entry_first_and_is_answered(
    phrasing: tuple[str, str],
) -> None:
    entry_id, text = phrasing
    ranked = scoring.rank(MATCHER._index, text, limit=3)
    assert FAQ.entries[ranked[0].entry].id == entry_id and ranked[0].exact
    hit = MATCHER.match(text)
    assert hit is not None and hit.entry.id == entry_id


@given(WORDS)
@settings(max_examples=100, deadline=None)
def test_folding_is_idempotent_and_analysis_sees_through_case(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert analyze(text.upper()).words == analyze(text).words


@given(WORDS)
@settings(max_examples=100, deadline=None)
def test_scores_stay_in_range_for_any_query(text: str) -> None:
    for candidate in scoring.rank(MATCHER._index, text, limit=3):
        assert 0.0 <= candidate.closeness <= 100.0
        assert 0.0 <= candidate.coverage <= 100.0
    for match in MATCHER.search(text, limit=3, score_cutoff=0):
        assert 0.0 <= match.confidence <= 100.0


@given(
    st.lists(st.floats(-60, 60), min_size=4, max_size=40),
    st.floats(0.1, 5.0),
)
@settings(max_examples=50, deadline=None)
def test_the_fitted_curve_always_rises(values: list[float], weight: float) -> None:
    right = [value > 0 for value in values]
    intercept, slope = confidence.fit(values, right, [weight] * len(values))
    assert slope >= confidence.MIN_SLOPE
    low = confidence.percent(-10.0, intercept=intercept, slope=slope)
    high = confidence.percent(10.0, intercept=intercept, slope=slope)
    assert low < high


@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 100), st.booleans(), st.integers(0, 20))
@settings(max_examples=100, deadline=None)
def test_the_visitors_prior_rises_with_coverage(
    closeness: float, lead: float, covered: float, from_answer: bool, words: int
) -> None:
    def logit(value: float) -> float:
        # The coverage is the larger of the answer's and the phrasings'.
        read = confidence.visitor_features(
            closeness,
            lead,
            value,
            from_answer,
            content_words=words,
            unknown=0.0,
            by_answer=value if from_answer else value / 2,
            by_phrasings=value / 2 if from_answer else value,
        )
        return confidence.visitor_logit(read)

    assert logit(min(covered + 10.0, 100.0)) >= logit(covered)


def test_every_stage_of_the_pipeline_is_reached() -> None:
    # The index learns (learning), features give the vocabulary, coverage scores.
    built = index.Index(FAQ)
    before = [dict(v) for v in built.entry_vectors]
    weights.refine(built)
    assert built.entry_vectors != before or len(FAQ.entries) < 2
    assert isinstance(built.vocabulary, features.Vocabulary)
    assert isinstance(built.coverage, coverage.Coverage)
