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
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from unidecode import unidecode

from faqbot.lexicon import (
    CHAR_FOLDS,
    FRAME_WORDS,
    MIN_STEM,
    REWRITTEN_SEQUENCES,
    SMS_WORDS,
    STOP_WORDS,
    SUFFIXES,
)
from faqbot.text import ESCAPE_SEQUENCE

# Queries longer than this are cut: no FAQ phrasing is anywhere near as long,
# and it keeps a pasted megabyte from costing more than a short question.
MAX_CHARS = 2000
MAX_WORDS = 64

_CHAR_TABLE = str.maketrans(CHAR_FOLDS)
_WORD_RE = re.compile(r"[a-z0-9]+")
_UNICODE_WORD_RE = re.compile(r"[^\W_]+")
_FOLDED_WORDS: dict[str, tuple[str, ...]] = {}
_FOLDED_WORDS_LIMIT = 200_000
# The longest ending wins, so endings are tried by decreasing length.
_SUFFIXES_BY_LENGTH = tuple(
    (length, frozenset(s for s in SUFFIXES if len(s) == length))
    for length in sorted({len(s) for s in SUFFIXES}, reverse=True)
)
# A word's role: its frame, or "" for a stop word; content words are absent.
_ROLES: dict[str, str] = {**dict.fromkeys(STOP_WORDS, ""), **FRAME_WORDS}
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_COMBINING_RE = re.compile(r"[\u0300-\u036f]")
_SEQUENCE_STARTS = frozenset(sequence[0] for sequence in REWRITTEN_SEQUENCES)


class Analysis(NamedTuple):
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
        # Decomposing handles Latin accents fast; unidecode only sees the rest.
        text = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))
        if not text.isascii():
            text = unidecode(_SURROGATE_RE.sub(" ", text)).lower()
    return text


def raw_words(text: str) -> list[str]:
    """Split ``text`` into folded words, SMS spellings expanded."""
    text = text[:MAX_CHARS]
    if "\x1b" in text:
        text = ESCAPE_SEQUENCE.sub(" ", text)
    words: list[str] = []
    known = _FOLDED_WORDS.get
    for word in _UNICODE_WORD_RE.findall(text.lower()):
        words += known(word) or _fold_word(word)
    return words


def _fold_word(word: str) -> tuple[str, ...]:
    """Fold one word, cached: most texts reuse a small vocabulary."""
    folded: list[str] = []
    for part in _WORD_RE.findall(fold(word)):
        folded.extend(SMS_WORDS.get(part, part).split())
    result = tuple(folded)
    if len(_FOLDED_WORDS) < _FOLDED_WORDS_LIMIT:
        _FOLDED_WORDS[word] = result
    return result


def _rewrite_sequences(words: list[str]) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in _SEQUENCE_STARTS:
            for sequence, replacement in REWRITTEN_SEQUENCES.items():
                if tuple(words[i : i + len(sequence)]) == sequence:
                    kept.extend(replacement)
                    i += len(sequence)
                    break
            else:
                kept.append(words[i])
                i += 1
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
    roles = _ROLES
    words = raw_words(text)
    if not _SEQUENCE_STARTS.isdisjoint(words):
        words = _rewrite_sequences(words)
    for word in words:
        role = roles.get(word)
        if role is None:
            if not word.isdigit():
                content.append(word)
                if len(content) >= MAX_WORDS:
                    break
        elif role:
            frames.add(role)
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
    for length, suffixes in _SUFFIXES_BY_LENGTH:
        if len(word) - length >= MIN_STEM and word[-length:] in suffixes:
            return word[:-length]
    return word
