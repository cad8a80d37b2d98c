"""Text features, the matcher's first stage: a text becomes terms.

A term is a stemmed content word (``avantag``), the canonical term of a
synonym group from faq.yaml (``open_sourc``), a kind of question
(``?why``), a stop word (``~les``) or a number (``#13``). Phrasings teach a :class:`Vocabulary`
the FAQ's words; a query is then read against them, with typos and unknown
inflections mapped onto known words, and the words the FAQ does not know
counted apart.

>>> vocabulary = Vocabulary({"voiture": ("bagnole",)})
>>> vocabulary.phrasing_terms("Comment garer la voiture ?")
['?how', 'garer', 'voitur', '~la']
>>> vocabulary.freeze()
>>> read = vocabulary.query_terms("comment garer ma bagnole en ville")
>>> sorted(read.terms), read.unknown
(['?how', 'garer', 'voitur', '~en', '~ma'], 1.0)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from faqbot.text.lexicon import (
    ELISIONS,
    FRAME_WORDS,
    FRENCH_STOP_WORDS,
    LIGHT_WORDS,
    NEAR_WORDS,
    NOT_TYPOS,
    STOP_WORDS,
)
from faqbot.text.normalize import WORD_AS_WRITTEN, Analysis, analyze, stem
from faqbot.text.query import Query, read_query

FRAME_MARK = "?"
STOP_MARK = "~"
NUMBER_MARK = "#"
TYPO_PENALTY = 0.12
"""Sureness lost per edit when a typo is corrected.
Measured by ``python -m benchmarks.bench_general --phrasings 5``."""
NEAR_SURENESS = 0.8
"""Sureness of an unknown word read as another that names the same thing, as
sure as an inflection: day one's first reply goes from 83.9 to 84.9 % right
with it, and nothing else moves.
Measured by ``python -m benchmarks.bench_day_one``."""
_NEAR_STEMS: dict[str, tuple[str, ...]] = {
    stem(word): tuple(stem(other) for other in near) for word, near in NEAR_WORDS.items()
}
PREFIX_SURENESS = 0.8
"""Sureness of an unknown inflection read as a known word it shares a stem with.
Measured by ``python -m benchmarks.bench_general --phrasings 5``."""
LIGHT_UNKNOWN = 0.25
"""How much an unknown everyday word ("personnes", "compris") or fragment of
one or two letters counts, against 1 for others; two capitals in a question
not all in capitals ("CB", "TV") count as a word.
Measured by ``python -m benchmarks.bench_general --phrasings 5``."""
_MIN_PREFIX = 5
"""Letters an unknown word and a known stem must share to read as an inflection of it.
Measured by ``python -m benchmarks.bench_matcher``."""
_MAX_READINGS = 4
"""Known words a typo is read as, at most, when several are as close.
Measured by ``python -m benchmarks.bench_matcher``."""
_CORRECTION_CACHE_SIZE = 4096
"""Unknown words whose reading is remembered; the memory is emptied when full.
Measured by ``python -m benchmarks.bench_matcher``."""

EntriesWith = Callable[[str], Collection[int]]
"""The entries that use a term."""
VocabularyState = tuple[dict[tuple[str, ...], str], int, dict[str, str]]
Correction = tuple[tuple[str, ...], float]
"""The readings of a word the FAQ does not have, best first, and how sure they are."""


class QueryTerms(NamedTuple):
    """A query's known terms with how sure each is (1 when typed as the FAQ has
    it), and the weighted count of its words that the FAQ does not know."""

    terms: dict[str, float]
    unknown: float


def is_content(term: str) -> bool:
    """True for a content term, False for a frame, a stop word or a number."""
    return not term.startswith((FRAME_MARK, STOP_MARK, NUMBER_MARK))


class Vocabulary:
    """The words of one FAQ: synonyms, known stems, and how to read a query."""

    def __init__(self, synonyms: Mapping[str, tuple[str, ...]]) -> None:
        self._synonyms: dict[tuple[str, ...], str] = {}
        self._longest_synonym = 1
        self._surface_stems: dict[str, str] = {}
        for canonical, words in synonyms.items():
            canonical_words = analyze(canonical).words
            if not canonical_words:
                continue
            canonical_stems = tuple(stem(w) for w in canonical_words)
            term = "_".join(canonical_stems)
            for phrase in (canonical, *words):
                phrase_words = analyze(phrase).words
                if not phrase_words:
                    continue
                for word in phrase_words:
                    self._surface_stems.setdefault(word, stem(word))
                key = tuple(stem(w) for w in phrase_words)
                self._synonyms.setdefault(key, term)
                self._longest_synonym = max(self._longest_synonym, len(key))
            self._synonyms[canonical_stems] = term
        self._synonym_starts = frozenset(key[0] for key in self._synonyms)
        self._known_stems: frozenset[str] = frozenset()
        self._by_prefix: dict[str, list[str]] = {}
        self._by_shape: dict[tuple[str, int], list[str]] = {}
        self._corrections: dict[str, Correction | None] = {}
        self._tables_built = False

    # -- phrasings --------------------------------------------------------

    def phrasing_terms(self, text: str, *, learn: bool = True) -> list[str]:
        """The terms of an FAQ phrasing, repeated as often as they occur.

        With ``learn``, its words become known words that queries are read against.
        """
        return self.analysis_terms(analyze(text), learn=learn)

    def analysis_terms(self, analysis: Analysis, *, learn: bool = True) -> list[str]:
        """:meth:`phrasing_terms` of a text already analysed."""
        surface_stems = self._surface_stems
        stems: list[str | None] = []
        for word in analysis.words:
            word_stem = surface_stems.get(word)
            if word_stem is None:
                word_stem = stem(word)
                if learn:
                    surface_stems[word] = word_stem
            stems.append(word_stem)
        terms = [FRAME_MARK + frame for frame in sorted(analysis.frames)]
        if self._synonym_starts.isdisjoint(stems):
            terms += stems  # type: ignore[arg-type]
        else:
            terms += [term for term, _, _ in self._fold_synonyms(stems)]
        terms += [STOP_MARK + word for word in analysis.stops]
        terms += [NUMBER_MARK + number for number in analysis.numbers]
        return terms

    def freeze(self) -> None:
        """Stop learning: from now on, queries are read against the words seen."""
        self._known_stems = frozenset(self._surface_stems.values())
        self._tables_built = False
        self._corrections.clear()

    def _build_tables(self) -> None:
        """Known words by first letter and length, for typos (which rarely hit
        the first letter), and known stems by their first letters, for
        inflections. Built at the first word a query has that the FAQ does
        not: a cached start that reads only known words never pays for them
        (0.15 s on 100,000 entries)."""
        self._tables_built = True
        shapes: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
        extra = [w for w in (*FRAME_WORDS, *STOP_WORDS) if len(w) >= 5]
        for known in (*self._surface_stems, *extra):
            shapes[known[0], len(known)].add(known)
        self._by_shape = {key: sorted(words) for key, words in shapes.items()}
        prefixes: defaultdict[str, list[str]] = defaultdict(list)
        for known in self._known_stems:
            if len(known) >= _MIN_PREFIX:
                prefixes[known[:_MIN_PREFIX]].append(known)
        self._by_prefix = dict(prefixes)

    def state(self) -> VocabularyState:
        """What :meth:`restored` needs to rebuild this vocabulary, as plain data."""
        return (self._synonyms, self._longest_synonym, self._surface_stems)

    @classmethod
    def restored(cls, state: VocabularyState) -> Vocabulary:
        """A frozen vocabulary from :meth:`state`."""
        synonyms, longest, surface_stems = state
        vocabulary = cls({})
        vocabulary._synonyms = dict(synonyms)
        vocabulary._longest_synonym = int(longest)
        vocabulary._surface_stems = dict(surface_stems)
        vocabulary._synonym_starts = frozenset(key[0] for key in vocabulary._synonyms)
        vocabulary.freeze()
        return vocabulary

    # -- queries ----------------------------------------------------------

    def query_terms(
        self, query: str | Query, entries_with: EntriesWith | None = None
    ) -> QueryTerms:
        """Read a query: its known terms and how sure each is, and its unknown words.

        ``entries_with`` gives the entries that use a term (the index's
        :meth:`~faqbot.matching.index.Index.entries_with`): with it, a typo that could
        be read several ways is read as the word the rest of the query shares
        most entries with.
        """
        query = read_query(query)
        analysis = query.analysis
        frames = set(analysis.frames)
        stems: list[str | None] = []
        sureness: list[float] = []
        unknown = 0.0
        known_stems = self._known_stems
        undecided: list[tuple[int, tuple[str, ...]]] = []  # typos with several readings
        for word in analysis.words:
            word_stem = self._surface_stems.get(word) or stem(word)
            if word_stem in known_stems:
                stems.append(word_stem)
                sureness.append(1.0)
                continue
            split = self._split_elision(word)
            if split is not None:
                _read_elision(split, frames, stems, sureness)
            else:
                weight = self._read_unknown(word, frames, stems, sureness, undecided)
                if weight == LIGHT_UNKNOWN and len(word) == 2 and word in _acronyms(query.text):
                    weight = 1.0
                unknown += weight
        if undecided and entries_with is not None:
            _decide_readings(stems, undecided, entries_with)
        return QueryTerms(self._terms_of(stems, sureness, frames, analysis), unknown)

    def _read_unknown(
        self,
        word: str,
        frames: set[str],
        stems: list[str | None],
        sureness: list[float],
        undecided: list[tuple[int, tuple[str, ...]]],
    ) -> float:
        """Read a word the FAQ does not know, as a typo or an inflection of a
        known one if it is one; return how much it counts as unknown."""
        correction = self._correct(word)
        if correction is None:
            stems.append(None)
            sureness.append(0.0)
            # Everyday words, and fragments of a letter or two, say little.
            light = word in LIGHT_WORDS or len(word) <= 2
            return LIGHT_UNKNOWN if light else 1.0
        readings, sure = correction
        corrected = readings[0]
        if corrected in FRAME_WORDS:
            frames.add(FRAME_WORDS[corrected])
        elif corrected not in STOP_WORDS:
            if len(readings) > 1:
                undecided.append((len(stems), readings))
            stems.append(corrected)
            sureness.append(sure)
        return 0.0

    def _terms_of(
        self,
        stems: list[str | None],
        sureness: list[float],
        frames: set[str],
        analysis: Analysis,
    ) -> dict[str, float]:
        """The query's terms with how sure each is: its stems, synonyms folded,
        then its frames, stop words and numbers."""
        terms: dict[str, float] = {}
        for term, start, end in self._fold_synonyms(stems):
            sure = min(sureness[start:end])
            terms[term] = max(sure, terms.get(term, 0.0))
        if len(frames) > 1:
            frames.discard("what")
        for frame in frames:
            terms[FRAME_MARK + frame] = 1.0
        for word in analysis.stops:
            terms.setdefault(STOP_MARK + word, 1.0)
        for number in analysis.numbers:
            terms.setdefault(NUMBER_MARK + number, 1.0)
        return terms

    def _fold_synonyms(self, stems: list[str | None]) -> list[tuple[str, int, int]]:
        """Fold synonym phrases onto their canonical term, longest first.

        Returns each term with the span of ``stems`` it covers, as (term, start,
        end). ``None`` stands for an unknown word: no phrase spans it.
        """
        terms: list[tuple[str, int, int]] = []
        starts = self._synonym_starts
        i = 0
        while i < len(stems):
            current = stems[i]
            if current is None:
                i += 1
                continue
            size = 1
            term = current
            if current in starts:
                for width in range(min(self._longest_synonym, len(stems) - i), 0, -1):
                    window = stems[i : i + width]
                    found = None if None in window else self._synonyms.get(tuple(window))  # type: ignore[arg-type]
                    if found is not None:
                        term, size = found, width
                        break
            terms.append((term, i, i + size))
            i += size
        return terms

    def _split_elision(self, word: str) -> tuple[str, str] | None:
        """Split an elision typed without its apostrophe: "lavenir", "quest"."""
        for prefix in ELISIONS:
            rest = word[len(prefix) :]
            if (
                word.startswith(prefix)
                and len(rest) >= 2
                and (
                    stem(rest) in self._known_stems
                    or rest in FRAME_WORDS
                    or rest in FRENCH_STOP_WORDS
                )
            ):
                return prefix, rest
        return None

    def _correct(self, word: str) -> Correction | None:
        """The known stems (or frame or stop words) ``word`` may stand for, with a sureness.

        A typo is a word within one edit of a known word (two from seven
        letters on) that starts with the same letter; when several known
        words are as close, all are readings. An unknown inflection shares a
        stem of at least five letters with a known word.
        """
        if word in self._corrections:
            return self._corrections[word]
        found = self._near_word_of(word)
        if found is None and len(word) >= 4 and word.isalpha() and word not in NOT_TYPOS:
            if not self._tables_built:
                self._build_tables()
            found = self._typo_of(word)
            if found is None and len(word) > _MIN_PREFIX:
                found = self._inflection_of(word)
        if len(self._corrections) >= _CORRECTION_CACHE_SIZE:
            self._corrections.clear()
        self._corrections[word] = found
        return found

    def _near_word_of(self, word: str) -> Correction | None:
        """The known stems of the words that name what ``word`` names
        (:data:`~faqbot.text.lexicon.NEAR_WORDS`)."""
        near = _NEAR_STEMS.get(stem(word), ())
        readings = tuple(dict.fromkeys(s for s in near if s in self._known_stems))
        return (readings, NEAR_SURENESS) if readings else None

    def _typo_of(self, word: str) -> Correction | None:
        max_edits = 1 if len(word) < 7 else 2
        hits: list[tuple[int, str]] = []
        for length in range(len(word) - max_edits, len(word) + max_edits + 1):
            choices = self._by_shape.get((word[0], length))
            if choices:
                found = process.extract(
                    word, choices, scorer=OSA.distance, score_cutoff=max_edits, limit=None
                )
                hits += [
                    (edits, known)
                    for known, edits, _ in found
                    # Two edits from a word that says nothing, a content
                    # word would vanish: « cheques » is not « chaque ».
                    if edits <= 1 or known in self._surface_stems
                ]
        if not hits:
            return None
        edits = min(e for e, _ in hits)
        readings = dict.fromkeys(
            self._surface_stems.get(known, known) for e, known in sorted(hits) if e == edits
        )
        return tuple(readings)[:_MAX_READINGS], 1.0 - TYPO_PENALTY * edits

    def _inflection_of(self, word: str) -> Correction | None:
        word_stem = stem(word)
        best: str | None = None
        for known in self._by_prefix.get(word_stem[:_MIN_PREFIX], ()):
            shorter, longer = sorted((known, word_stem), key=len)
            if longer.startswith(shorter) and (best is None or len(known) > len(best)):
                best = known
        return None if best is None else ((best,), PREFIX_SURENESS)


def _acronyms(text: str) -> frozenset[str]:
    """The words of two letters ``text`` writes in capitals, folded, when it
    is not all in capitals: « CB », « TV » say as much as any word."""
    if text.upper() == text:
        return frozenset()
    return frozenset(
        word.lower() for word in WORD_AS_WRITTEN.findall(text) if len(word) == 2 and word.isupper()
    )


def _decide_readings(
    stems: list[str | None],
    undecided: list[tuple[int, tuple[str, ...]]],
    entries_with: EntriesWith,
) -> None:
    """Read each ambiguous typo as the word that shares most entries with the
    rest of the query: "bonduan fuvi" is "bondusan" if an entry has "bondusan fuvi"."""
    ambiguous = {position for position, _ in undecided}
    context: set[int] = set()
    for position, known in enumerate(stems):
        if known is not None and position not in ambiguous:
            context.update(entries_with(known))
    if not context:
        return
    for position, readings in undecided:
        stems[position] = max(
            readings, key=lambda reading: len(context.intersection(entries_with(reading)))
        )


def _read_elision(
    split: tuple[str, str], frames: set[str], stems: list[str | None], sureness: list[float]
) -> None:
    """Read an elided word (« qu'est », « l'inscription ») as its two parts."""
    prefix, rest = split
    if prefix in FRAME_WORDS:
        frames.add(FRAME_WORDS[prefix])
    if rest in FRAME_WORDS:
        frames.add(FRAME_WORDS[rest])
    elif rest not in STOP_WORDS:
        stems.append(stem(rest))
        sureness.append(1.0)
