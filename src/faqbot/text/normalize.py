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

import Stemmer
from unidecode import unidecode

from faqbot.text.display import ESCAPE_SEQUENCE
from faqbot.text.lexicon import (
    CHAR_FOLDS,
    ENGLISH_WORDS,
    FRAME_WORDS,
    LIGHT_SUFFIXES,
    MIN_STEM,
    REWRITTEN_SEQUENCES,
    SMS_WORDS,
    STOP_WORDS,
    WORD_FAMILIES,
)

MAX_CHARS = 2000
MAX_WORDS = 64
"""Queries longer than this are cut: no FAQ phrasing is anywhere near as long,
and it keeps a pasted megabyte from costing more than a short question.
Checked by ``python -m pytest tests/test_matcher.py``."""

_CHAR_TABLE = str.maketrans(CHAR_FOLDS)
_WORD_RE = re.compile(r"[a-z0-9]+")
_READ_AS: dict[str, str] = {**ENGLISH_WORDS, **SMS_WORDS}
"""What a folded word is read as: an SMS spelling or an English word, in French."""
WORD_AS_WRITTEN = re.compile(r"[^\W_]+")
"""A word as written, accents and case kept: letters and digits, in any script."""
_FOLDED_WORDS: dict[str, tuple[str, ...]] = {}
_FOLDED_WORDS_LIMIT = 200_000
"""Folded words remembered at most; past it, words are folded again each time.
Measured by ``python -m benchmarks.bench_matcher``."""
_SNOWBALL = Stemmer.Stemmer("french")
_SHORT_WORD = 4
"""Words this short keep their ending, and an ending never leaves fewer letters.
Measured by ``python -m benchmarks.bench_general --phrasings 5``."""
# The longest ending wins, so endings are tried by decreasing length.
_LIGHT_SUFFIXES_BY_LENGTH = tuple(
    (length, frozenset(s for s in LIGHT_SUFFIXES if len(s) == length))
    for length in sorted({len(s) for s in LIGHT_SUFFIXES}, reverse=True)
)
# A word's role: its frame, or "" for a stop word; content words are absent.
_ROLES: dict[str, str] = {**dict.fromkeys(STOP_WORDS, ""), **FRAME_WORDS}
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_COMBINING_RE = re.compile(r"[\u0300-\u036f]")
_REPLACEMENT = "\ufffd"
_REPLACEMENTS_RE = re.compile("\ufffd+")
# Neither a word nor a number, so no typo correction applies; alone, as short
# as a fragment of a word.
_UNREADABLE = "0x"
# Folded, « été » and « thé » are the empty « ete » of « a été » and the
# English « the »; after these words they are the season and the drink.
_NAMED_AFTER: dict[str, tuple[frozenset[str], str]] = {
    "ete": (frozenset("l en cet d pendant et ou hiver chaque tout le cette".split()), "estival"),
    "the": (frozenset("du le un de au ou et cafe les des".split()), "thes"),
}
_SEQUENCES_BY_START: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
for _sequence, _replacement in REWRITTEN_SEQUENCES.items():
    _SEQUENCES_BY_START.setdefault(_sequence[0], []).append((_sequence, _replacement))
_SEQUENCE_STARTS = frozenset(_SEQUENCES_BY_START)


class Analysis(NamedTuple):
    """The content words of a text, in order, the kinds of question it asks,
    and its stop words."""

    words: tuple[str, ...]
    frames: frozenset[str]
    stops: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()


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
    """Split ``text`` into folded words, SMS spellings expanded.

    Accents typed as combining marks (NFD, as macOS and some copy-pastes give
    them) are composed first, so that they never split a word.
    """
    text = text[:MAX_CHARS]
    if "\x1b" in text:
        text = ESCAPE_SEQUENCE.sub(" ", text)
    if not text.isascii():
        text = _COMBINING_RE.sub("", unicodedata.normalize("NFC", text))
        if _REPLACEMENT in text:
            # Bytes that were not UTF-8 stand for letters we cannot read: the word
            # stays whole, and unknown, instead of falling apart into letters.
            text = _REPLACEMENTS_RE.sub(_UNREADABLE, text)
    words: list[str] = []
    known = _FOLDED_WORDS.get
    for word in WORD_AS_WRITTEN.findall(text.lower()):
        words += known(word) or _fold_word(word)
    return words


def _fold_word(word: str) -> tuple[str, ...]:
    """Fold one word, cached: most texts reuse a small vocabulary."""
    folded: list[str] = []
    for part in _WORD_RE.findall(fold(word)):
        folded.extend(_READ_AS.get(part, part).split())
    result = tuple(folded)
    if len(_FOLDED_WORDS) < _FOLDED_WORDS_LIMIT:
        _FOLDED_WORDS[word] = result
    return result


def _rewrite_sequences(words: list[str]) -> list[str]:
    kept: list[str] = []
    i = 0
    count = len(words)
    while i < count:
        for sequence, replacement in _SEQUENCES_BY_START.get(words[i], ()):
            end = i + len(sequence)
            if end <= count and tuple(words[i:end]) == sequence:
                kept.extend(replacement)
                i = end
                break
        else:
            kept.append(words[i])
            i += 1
    return kept


def analyze(text: str) -> Analysis:
    """Return the content words, question frames, stop words and numbers of ``text``.

    Question words become frames, kinds of question such as "why".
    """
    return analyze_words(raw_words(text))


def analyze_words(words: list[str]) -> Analysis:
    """:func:`analyze` for a text already split by :func:`raw_words`."""
    if not _SEQUENCE_STARTS.isdisjoint(words):
        words = _rewrite_sequences(words)
    role_of = _ROLES.get
    content: list[str] = []
    stops: list[str] = []
    numbers: list[str] = []
    frames: set[str] = set()
    after_number = False
    previous = ""
    for word in words:
        role = role_of(word)
        named = _NAMED_AFTER.get(word)
        if named is not None and previous in named[0]:
            # « l'été », « hiver ou été », « du thé »; not « a été », « the ».
            word, role = named[1], None
        previous = word
        if role is None:
            (numbers if word.isdigit() else content).append(word)
            if after_number and word == "ans":
                # « ma fille a 4 ans » asks what an entry on « l'âge » answers.
                content.append("age")
        elif role:
            frames.add(role)
        else:
            stops.append(word)
        after_number = word.isdigit()
    if len(frames) > 1:
        # "quelle est la raison" asks why: a precise frame wins over "what".
        frames.discard("what")
    return Analysis(
        tuple(content[:MAX_WORDS]),
        frozenset(frames),
        tuple(stops[:MAX_WORDS]),
        tuple(numbers[:MAX_WORDS]),
    )


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The Snowball French stem of a folded word, when it keeps at least
    MIN_STEM letters; otherwise the word without its plural or feminine
    ending. Snowball cuts short words and names too deep: "openai" is not
    "open", "meta" is not "met".
    """
    word = fold(word)
    word = WORD_FAMILIES.get(word, word)
    if len(word) <= _SHORT_WORD:
        return word
    stemmed: str = _SNOWBALL.stemWord(word)
    if len(stemmed) >= MIN_STEM:
        return stemmed
    if word[-1] in "sx" and len(word) > _SHORT_WORD + 1:
        # The singular's ending, so that « papiers » reads as « papier » does.
        word = word[:-1]
    for length, endings in _LIGHT_SUFFIXES_BY_LENGTH:
        if len(word) - length >= _SHORT_WORD and word[-length:] in endings:
            return word[:-length]
    return word
