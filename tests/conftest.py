from __future__ import annotations

from pathlib import Path

import pytest

import faqbot

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = Path(__file__).resolve().parent / "eval"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real home, state and cache folders."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("FAQBOT_FAQ", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(scope="session")
def faq() -> faqbot.FAQ:
    return faqbot.load_faq()


@pytest.fixture(scope="session")
def matcher(faq: faqbot.FAQ) -> faqbot.Matcher:
    return faqbot.Matcher(faq)
