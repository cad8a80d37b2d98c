"""The matcher: maps a question to the FAQ entry it asks about, or to none.

How a score is made, in short: every phrasing of an entry (its question, its
variants and, with less weight, its answer) is reduced to content terms by
:mod:`faqbot.normalize`, with typos corrected against the FAQ's vocabulary and
synonyms folded onto their canonical word. Terms are weighted by how rare they
are across entries. A phrasing scores well when its terms explain most of the
query (words the FAQ does not know count against it) and the query covers most
of the phrasing. Question words ("pourquoi", "qu'est-ce que") only tip the
balance between entries that share their content.

>>> import faqbot
>>> matcher = faqbot.Matcher(faqbot.load_faq())
>>> matcher.match("c'est quoi llama").entry.id
'llama'
>>> matcher.match("Quels sont les avantages de la retraite anticipée ?") is None
True
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from faqbot.faq import FAQ, Entry
from faqbot.lexicon import ELISIONS, FRAME_WORDS, LIGHT_WORDS, STOP_WORDS
from faqbot.normalize import analyze, stem
from faqbot.perf import paused_gc

DEFAULT_SCORE_CUTOFF = 75.0
"""Below this score, :meth:`Matcher.match` answers ``None``."""

SUGGESTION_CUTOFF = 35.0
"""Below this score, an entry is not worth offering as "did you mean"."""

AMBIGUITY_MARGIN = 4.0
"""A best entry this close to the runner-up is not a confident answer."""

# Words found only in an answer may suggest its entry, never answer with the default cutoff.
_ANSWER_FACTOR = 0.74
_FLAT_WEIGHT = 0.7
_ANSWER_SPAN = 3.0
_UNKNOWN_FACTOR = 1.5
_LIGHT_FACTOR = 0.25
_FRAME_MISMATCH = 0.7
_FRAME_MISSING = 0.95
_QUERY_RECALL_EXPONENT = 0.5
_TYPO_PENALTY = 0.12
_MAX_CANDIDATES = 3000
_CORRECTION_CACHE_SIZE = 4096


class Match(NamedTuple):
    """An FAQ entry found for a query, with a score from 0 to 100.

    ``phrasing`` is the question, variant or answer that matched best.
    """

    entry: Entry
    score: float
    phrasing: str


class Lookup(NamedTuple):
    """The sure answer to a query, if any, and the other entries close to it."""

    match: Match | None
    suggestions: list[Match]


class _Phrasing(NamedTuple):
    entry_index: int
    text: str
    terms: frozenset[str]
    frames: frozenset[str]
    is_answer: bool


class Matcher:
    """Find the FAQ entry a question asks about.

    ``score_cutoff`` is the lowest score :meth:`match` accepts as a sure
    answer (default :data:`DEFAULT_SCORE_CUTOFF`).

    >>> from faqbot import Matcher, load_faq
    >>> hit = Matcher(load_faq()).match("pk meta a mis llama en open source ?")
    >>> hit.entry.id, hit.score > 70
    ('pourquoi-open-source', True)
    """

    def __init__(self, faq: FAQ, *, score_cutoff: float = DEFAULT_SCORE_CUTOFF) -> None:
        self.faq = faq
        self.score_cutoff = float(score_cutoff)
        with paused_gc():
            self._build_index()

    def _build_index(self) -> None:
        faq = self.faq
        self._synonyms: dict[tuple[str, ...], str] = {}
        self._longest_synonym = 1
        self._surface_stems: dict[str, str] = {}
        self._build_synonyms()
        surface_stems = self._surface_stems
        self._phrasings: list[_Phrasing] = []
        postings: defaultdict[str, list[int]] = defaultdict(list)
        entry_counts: Counter[str] = Counter()
        synonym_starts = self._synonym_starts
        for entry_index, entry in enumerate(faq.entries):
            entry_terms: set[str] = set()
            texts = [(text, False) for text in entry.phrasings] + [(entry.answer, True)]
            for text, is_answer in texts:
                analysis = analyze(text)
                stems = [surface_stems.get(w) or self._learn(w) for w in analysis.words]
                if synonym_starts.isdisjoint(stems):
                    terms = frozenset(stems)
                else:
                    terms = frozenset(t for t, _, _ in self._terms(stems))  # type: ignore[arg-type]
                if not terms:
                    continue
                phrasing_index = len(self._phrasings)
                self._phrasings.append(
                    _Phrasing(entry_index, text, terms, analysis.frames, is_answer)
                )
                for term in terms:
                    postings[term].append(phrasing_index)
                entry_terms |= terms
            entry_counts.update(entry_terms)
        count = max(len(faq.entries), 1)
        self._max_weight = math.log(1 + count)
        self._weights = {
            term: self._max_weight * _FLAT_WEIGHT
            + (1 - _FLAT_WEIGHT) * math.log(1 + count / entries)
            for term, entries in entry_counts.items()
        }
        # An answer is long: covering a few of its rare words is enough.
        answer_span = _ANSWER_SPAN * self._max_weight
        self._phrasing_totals = []
        for phrasing in self._phrasings:
            total = sum(self._weights[t] for t in phrasing.terms)
            self._phrasing_totals.append(min(total, answer_span) if phrasing.is_answer else total)
        self._postings = dict(postings)
        self._known_stems = frozenset(self._surface_stems.values())
        self._vocabulary: dict[tuple[str, int], list[str]] | None = None  # built on first typo
        self._corrections: dict[str, tuple[str, float] | None] = {}

    def _learn(self, word: str) -> str:
        word_stem = self._surface_stems[word] = stem(word)
        return word_stem

    def _build_synonyms(self) -> None:
        for canonical, words in self.faq.synonyms.items():
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

    def _build_vocabulary(self) -> dict[tuple[str, int], list[str]]:
        """Known words by first letter and length: typos rarely hit the first letter."""
        groups: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
        extra = [w for w in (*FRAME_WORDS, *STOP_WORDS) if len(w) >= 5]
        for word in (*self._surface_stems, *extra):
            groups[word[0], len(word)].add(word)
        return {key: sorted(words) for key, words in groups.items()}

    def _terms(self, stems: list[str | None]) -> list[tuple[str, int, int]]:
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
                and (stem(rest) in self._known_stems or rest in FRAME_WORDS or rest in STOP_WORDS)
            ):
                return prefix, rest
        return None

    def _correct(self, word: str) -> tuple[str, float] | None:
        """Find the known word that ``word`` is a typo of, with a confidence."""
        if word in self._corrections:
            return self._corrections[word]
        found: tuple[str, float] | None = None
        if len(word) >= 4 and word.isalpha():
            if self._vocabulary is None:
                self._vocabulary = self._build_vocabulary()
            vocabulary = self._vocabulary
            max_edits = 1 if len(word) < 7 else 2
            best: tuple[int, str] | None = None
            for length in range(len(word) - max_edits, len(word) + max_edits + 1):
                choices = vocabulary.get((word[0], length))
                if not choices:
                    continue
                hit = process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=max_edits)
                if hit is not None and (best is None or hit[1] < best[0]):
                    best = (hit[1], hit[0])
            if best is not None:
                found = (best[1], 1.0 - _TYPO_PENALTY * best[0])
        if len(self._corrections) >= _CORRECTION_CACHE_SIZE:
            self._corrections.clear()
        self._corrections[word] = found
        return found

    def _read_query(self, query: str) -> tuple[dict[str, float], float, frozenset[str]]:
        """Return the query's known terms with their confidence, its count of
        unknown words (weighted: everyday words count less) and its frames."""
        analysis = analyze(query)
        frames = set(analysis.frames)
        stems: list[str | None] = []
        sureness: list[float] = []  # how sure each stem is, below 1 for a corrected typo
        unknown = 0.0
        for word in analysis.words:
            word_stem = stem(word)
            if word_stem in self._known_stems:
                stems.append(word_stem)
                sureness.append(1.0)
                continue
            split = self._split_elision(word)
            if split is not None:
                prefix, rest = split
                if prefix in FRAME_WORDS:
                    frames.add(FRAME_WORDS[prefix])
                if rest in FRAME_WORDS:
                    frames.add(FRAME_WORDS[rest])
                elif rest not in STOP_WORDS:
                    stems.append(stem(rest))
                    sureness.append(1.0)
                continue
            correction = self._correct(word)
            if correction is None:
                stems.append(None)
                sureness.append(0.0)
                unknown += _LIGHT_FACTOR if word in LIGHT_WORDS else 1.0
                continue
            corrected, sure = correction
            if corrected in FRAME_WORDS:
                frames.add(FRAME_WORDS[corrected])
            elif corrected in STOP_WORDS:
                continue
            else:
                stems.append(self._surface_stems[corrected])
                sureness.append(sure)
        terms: dict[str, float] = {}
        for term, start, end in self._terms(stems):
            sure = min(sureness[start:end])
            terms[term] = max(sure, terms.get(term, 0.0))
        return terms, unknown, frozenset(frames)

    def _candidates(self, terms: dict[str, float]) -> set[int]:
        candidates: set[int] = set()
        known = [t for t in terms if t in self._postings]
        for term in sorted(known, key=lambda t: len(self._postings[t])):
            if candidates and len(candidates) + len(self._postings[term]) > _MAX_CANDIDATES:
                break
            candidates.update(self._postings[term][:_MAX_CANDIDATES])
        return candidates

    def _score(
        self, index: int, terms: dict[str, float], query_total: float, frames: frozenset[str]
    ) -> float:
        phrasing = self._phrasings[index]
        weights = self._weights
        matched = sum(weights[t] * sure for t, sure in terms.items() if t in phrasing.terms)
        if matched <= 0:
            return 0.0
        query_recall = min(matched / query_total, 1.0)
        phrasing_recall = min(matched / self._phrasing_totals[index], 1.0)
        score = (
            100.0
            * query_recall**_QUERY_RECALL_EXPONENT
            * phrasing_recall ** (1 - _QUERY_RECALL_EXPONENT)
        )
        if phrasing.is_answer:
            return score * _ANSWER_FACTOR
        if frames and phrasing.frames:
            return score if frames & phrasing.frames else score * _FRAME_MISMATCH
        if frames or phrasing.frames:
            return score * _FRAME_MISSING
        return score

    def _ranked(self, query: str) -> list[Match]:
        if not isinstance(query, str):
            return []
        terms, unknown, frames = self._read_query(query)
        if not terms:
            return []
        query_total = sum(self._weights.get(t, self._max_weight) for t in terms)
        query_total += unknown * _UNKNOWN_FACTOR * self._max_weight
        best: dict[int, tuple[float, str]] = {}
        for index in self._candidates(terms):
            phrasing = self._phrasings[index]
            score = self._score(index, terms, query_total, frames)
            current = best.get(phrasing.entry_index)
            if score > 0 and (current is None or score > current[0]):
                best[phrasing.entry_index] = (score, phrasing.text)
        ranked = [
            Match(self.faq.entries[i], round(score, 2), text) for i, (score, text) in best.items()
        ]
        ranked.sort(key=lambda m: -m.score)
        return ranked

    def match(self, query: str, *, score_cutoff: float | None = None) -> Match | None:
        """Return the entry ``query`` asks about, or ``None`` when no entry is sure.

        An entry is sure when it scores at least ``score_cutoff`` (by default
        the matcher's) and clearly more than the runner-up.

        >>> from faqbot import Matcher, load_faq
        >>> Matcher(load_faq()).match("What are the risks of open source for Meta?").entry.id
        'risques'
        """
        cutoff = self.score_cutoff if score_cutoff is None else score_cutoff
        return confident(self._ranked(query)[:2], score_cutoff=cutoff)

    def search(
        self, query: str, *, limit: int | None = 3, score_cutoff: float = SUGGESTION_CUTOFF
    ) -> list[Match]:
        """Return up to ``limit`` entries close to ``query``, best first.

        Meant for "did you mean": entries scoring below ``score_cutoff`` are left out.

        >>> from faqbot import Matcher, load_faq
        >>> matcher = Matcher(load_faq())
        >>> [m.entry.id for m in matcher.search("avantages et risques de l'open source", limit=2)]
        ['risques', 'avantages']
        >>> matcher.match("avantages et risques de l'open source") is None
        True
        """
        ranked = [m for m in self._ranked(query) if m.score >= score_cutoff]
        return ranked if limit is None else ranked[: max(limit, 0)]

    def lookup(self, query: str, *, limit: int = 3) -> Lookup:
        """Do :meth:`match` and :meth:`search` at once, ranking the query only once.

        ``suggestions`` leaves out the matched entry.

        >>> from faqbot import Matcher, load_faq
        >>> found = Matcher(load_faq()).lookup("quels sont les avantages de la retraite")
        >>> found.match is None, [m.entry.id for m in found.suggestions]
        (True, ['avantages'])
        """
        ranked = self._ranked(query)
        hit = confident(ranked[:2], score_cutoff=self.score_cutoff)
        close = [m for m in ranked if m.score >= SUGGESTION_CUTOFF and m is not hit]
        return Lookup(hit, close[: max(limit, 0)])


def confident(ranked: Sequence[Match], *, score_cutoff: float) -> Match | None:
    """Return the first of ``ranked`` if it is a sure answer, else ``None``.

    ``ranked`` is best first, as :meth:`Matcher.search` returns it with
    ``score_cutoff=0``; only its first two items are looked at.

    >>> from faqbot import load_faq
    >>> entry = load_faq().entries[0]
    >>> confident([Match(entry, 90.0, "")], score_cutoff=70).score
    90.0
    >>> confident([Match(entry, 90.0, ""), Match(entry, 88.0, "")], score_cutoff=70) is None
    True
    """
    if not ranked or ranked[0].score < score_cutoff:
        return None
    if len(ranked) > 1 and ranked[1].score > ranked[0].score - AMBIGUITY_MARGIN:
        return None
    return ranked[0]
