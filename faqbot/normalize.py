"""The French text pipeline: folding, tokenizing, stop words and stemming.

Every phrasing of the FAQ and every query goes through :func:`analyze`, so
that both sides are compared in the same terms.

>>> analyze("Qu'est-ce que l'Open-Source ?").words
('open', 'source')
>>> sorted(analyze("Pourquoi Meta a-t-il rendu LLaMA open source ?").frames)
['why']
>>> stem("avantages"), stem("Développement")
('avantag', 'developp')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

from faqbot.lexicon import (
    CHAR_FOLDS,
    DROPPED_SEQUENCES,
    ELIDED_PAIRS,
    FRAME_WORDS,
    MIN_STEM,
    SMS_WORDS,
    STOP_WORDS,
    SUFFIXES,
)

# Queries longer than this are cut: no FAQ phrasing is anywhere near as long,
# and it keeps a pasted megabyte from costing more than a short question.
MAX_CHARS = 2000
MAX_WORDS = 64

_CHAR_TABLE = str.maketrans(CHAR_FOLDS)
_WORD_RE = re.compile(r"[a-z0-9]+")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Analysis:
    """The content words of a text, in order, and the kinds of question it asks."""

    words: tuple[str, ...]
    frames: frozenset[str]


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents, as ASCII.

    >>> fold("Œuvre déjà l’IA")
    "oeuvre deja l'ia"
    """
    text = text.lower().translate(_CHAR_TABLE)
    if not text.isascii():
        text = unidecode(_SURROGATE_RE.sub(" ", text)).lower()
    return text


def raw_words(text: str) -> list[str]:
    """Split ``text`` into folded words, SMS spellings expanded."""
    words: list[str] = []
    for word in _WORD_RE.findall(fold(text[:MAX_CHARS])):
        expansion = SMS_WORDS.get(word)
        if expansion is None:
            words.append(word)
        else:
            words.extend(expansion.split())
    return words


def _drop_sequences(words: list[str]) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and (words[i], words[i + 1]) in ELIDED_PAIRS:
            i += 2
            continue
        for sequence in DROPPED_SEQUENCES:
            if tuple(words[i : i + len(sequence)]) == sequence:
                i += len(sequence)
                break
        else:
            kept.append(words[i])
            i += 1
    return kept


def analyze(text: str) -> Analysis:
    """Return the content words and question frames of ``text``.

    Stop words and bare numbers are dropped; question words become frames.
    """
    content: list[str] = []
    frames: set[str] = set()
    for word in _drop_sequences(raw_words(text)):
        frame = FRAME_WORDS.get(word)
        if frame is not None:
            frames.add(frame)
        elif word not in STOP_WORDS and not word.isdigit():
            content.append(word)
            if len(content) >= MAX_WORDS:
                break
    if len(frames) > 1:
        # "quelle est la raison" asks why: a precise frame wins over "what".
        frames.discard("what")
    return Analysis(tuple(content), frozenset(frames))


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Strip one inflectional or derivational ending from a word.

    The stemmer is light on purpose: it only has to make the forms people
    type meet the forms the FAQ uses, and typos are forgiven elsewhere.
    """
    word = fold(word)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word
