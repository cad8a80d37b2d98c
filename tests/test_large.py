"""Large FAQs: how far learning has gone, and a start that does not parse again."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import faqbot
from faqbot.commands import wiring
from faqbot.matching import cache
from faqbot.support import progress

FAQ_TEXT = """\
entries:
  - id: horaires
    question: Quels sont vos horaires ?
    answer: De 9 h à 18 h.
    variants: [Vous ouvrez quand ?, Horaires d'ouverture]
  - id: tarifs
    question: Quels sont vos tarifs ?
    answer: Dix euros.
    variants: [Combien ça coûte ?, Prix]
"""


def test_a_file_is_read_back_from_the_cache_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(FAQ_TEXT, encoding="utf-8")
    first = wiring.load(str(path))
    parsed: list[str] = []
    monkeypatch.setattr("faqbot.faqfile.faq.parse_faq", lambda *a, **k: parsed.append("x"))
    again = wiring.load(str(path))
    assert again == first and parsed == []
    assert again.source == str(path)
    # Another text is another key: it is parsed.
    path.write_text(FAQ_TEXT.replace("Dix", "Onze"), encoding="utf-8")
    monkeypatch.undo()
    assert wiring.load(str(path)).get("tarifs").answer == "Onze euros."  # type: ignore[union-attr]


def test_a_cached_faq_that_does_not_hold_together_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(FAQ_TEXT, encoding="utf-8")
    data = path.read_bytes()
    folder = cache.default_cache_dir()
    assert folder is not None
    key = cache.text_key(data)
    for bad in (
        ("x",),
        ((("a", "q", "r", ("v",)), ("a", "q", "r", ())), {}, None, None, None),  # same id
        ((("a", "q", 3, ()),), {}, None, None, None),
        ((("a", "q", "r", ()),), {}, None, None, float("nan")),
    ):
        cache.store(folder, key, bad)
        assert wiring.load(str(path)).get("horaires") is not None


def test_progress_shows_on_a_terminal_only_and_is_erased_when_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.0)
    screen = Terminal()
    report = progress.terminal_progress(screen)
    assert report is not None
    report("Apprentissage", 0.5)
    report("", 1.0)
    assert screen.getvalue() == "\rApprentissage… 50 %\x1b[K\r\x1b[K"
    assert progress.terminal_progress(io.StringIO()) is None


def test_the_matcher_reports_each_stage_while_it_learns() -> None:
    seen: list[tuple[str, float]] = []
    faqbot.Matcher(faqbot.load_faq(), progress=lambda stage, done: seen.append((stage, done)))
    stages = [stage for stage, _ in seen]
    assert "Calibrage" in stages
    assert stages[-1] == ""
    assert all(0.0 <= done <= 1.0 for _, done in seen)
