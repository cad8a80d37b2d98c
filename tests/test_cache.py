from __future__ import annotations

from pathlib import Path

import faqbot
from faqbot.matching import cache

QUESTIONS = [
    "c'est quoi llama",
    "avantages de la retraite",
    "pk meta a rendu llama open source",
    "quels sont les avantges de lopen sorce",  # typos: read once the tables are built
]


def test_a_cached_matcher_answers_as_a_built_one(tmp_path: Path, faq: faqbot.FAQ) -> None:
    built = faqbot.Matcher(faq, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.matcher"))) == 1
    restored = faqbot.Matcher(faq, cache_dir=tmp_path)
    assert restored.calibration == built.calibration
    for question in QUESTIONS:
        assert restored.lookup(question) == built.lookup(question)
        assert restored.search(question, limit=None, score_cutoff=0) == built.search(
            question, limit=None, score_cutoff=0
        )


def test_the_cache_is_private(tmp_path: Path, faq: faqbot.FAQ) -> None:
    folder = tmp_path / "faqbot"
    faqbot.Matcher(faq, cache_dir=folder)
    assert folder.stat().st_mode & 0o777 == 0o700
    (stored,) = folder.glob("*.matcher")
    assert stored.stat().st_mode & 0o777 == 0o600


def test_another_faq_or_target_is_another_entry(tmp_path: Path, faq: faqbot.FAQ) -> None:
    faqbot.Matcher(faq, cache_dir=tmp_path)
    faqbot.Matcher(faq, cache_dir=tmp_path, max_wrong_rate=5.0)
    faqbot.Matcher(faq._replace(entries=faq.entries[:3]), cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.matcher"))) == 3


def test_a_broken_cache_is_rebuilt(tmp_path: Path, faq: faqbot.FAQ) -> None:
    built = faqbot.Matcher(faq, cache_dir=tmp_path)
    (stored,) = tmp_path.glob("*.matcher")
    for garbage in (b"", b"\x00\xff" * 100, stored.read_bytes()[:50]):
        stored.write_bytes(garbage)
        again = faqbot.Matcher(faq, cache_dir=tmp_path)
        assert again.lookup(QUESTIONS[0]) == built.lookup(QUESTIONS[0])


def test_an_unwritable_cache_is_not_used(tmp_path: Path, faq: faqbot.FAQ) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    matcher = faqbot.Matcher(faq, cache_dir=blocker / "faqbot")
    assert matcher.match(QUESTIONS[0]) is not None


def test_old_files_are_pruned(tmp_path: Path, faq: faqbot.FAQ) -> None:
    for number in range(cache.KEPT_FILES + 3):
        cache.store(tmp_path, f"key{number}", {"n": number})
    assert len(list(tmp_path.glob("*.matcher"))) == cache.KEPT_FILES


def test_a_restored_index_gives_back_the_state_it_was_restored_from(faq: faqbot.FAQ) -> None:
    # Postings read from the cache become arrays only when a query asks for
    # them; the index's state must still hold every one.
    from faqbot.matching.index import Index
    from faqbot.matching.matcher import build_index

    built = build_index(faq)
    state = built.state()
    restored = Index.restored(faq, state)
    restored.scores(restored.query_vector("c'est quoi llama"))
    again = restored.state()
    for part in ("vocabulary", "entry_counts", "exact", "postings", "common"):
        assert again[part] == state[part], part
    for question in QUESTIONS:
        query = built.query_vector(question)
        assert restored.query_vector(question) == query
        assert restored.scores(query) == built.scores(query)


def test_weights_worked_out_when_asked_are_those_worked_out_at_once(faq: faqbot.FAQ) -> None:
    from faqbot.matching.coverage import Coverage
    from faqbot.matching.matcher import build_index

    counts = build_index(faq).entry_counts
    at_once, when_asked = Coverage(counts, 5), Coverage(counts, 5, lazy=True)
    for term in [*counts, "inconnu", "~le"]:
        assert (term in when_asked.weights) == (term in at_once.weights), term
        assert when_asked.weights.get(term) == at_once.weights.get(term), term
        assert when_asked.phrasing_weights.get(term) == at_once.phrasing_weights.get(term)
        assert (term in when_asked.own_terms) == (term in at_once.own_terms), term
