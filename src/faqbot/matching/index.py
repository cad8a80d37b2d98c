"""The index, the matcher's second stage: term weights, one vector per entry,
and postings to score a query against every entry at once.

Every phrasing of an entry becomes a unit vector of term weights; the entry's
vector is the normalized sum of its phrasings' vectors, so that evidence
spread over several variants adds up. A term weighs more the fewer entries
use it; question frames and stop words weigh less than content words from
the start, since a small FAQ cannot tell on its own that "les" says nothing.

>>> from faqbot import parse_faq
>>> faq = parse_faq('''
... entries:
...   - {id: a, question: Comment garer sa voiture ?, answer: Doucement.}
...   - {id: b, question: Comment laver son chien ?, answer: À l'eau.}
... ''')
>>> index = Index(faq)
>>> scores = index.scores(index.query_vector("garer la voiture"))
>>> max(scores, key=scores.get)
0
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from typing import cast

from faqbot.faqfile.faq import FAQ
from faqbot.matching.coverage import Computed, Coverage, Phrasing
from faqbot.matching.features import FRAME_MARK, NUMBER_MARK, STOP_MARK, Vocabulary
from faqbot.matching.restore import check_index
from faqbot.support.perf import blake2b, paused_gc
from faqbot.support.progress import Progress, every
from faqbot.text.query import Query, read_query

FRAME_PRIOR = 1.0
"""Weight of a question frame ("pourquoi", "what") against a content word.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
STOP_PRIOR = 0.7
"""Weight of a stop word against a content word.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
ANSWER_WEIGHT = 2.0
"""How much an entry's answer adds to its vector, against 1 for a phrasing.
An answer spreads its weight over many words, so each of its words still
weighs less than a question's. Visitors use the answers' words (« tiers
payant », « samedi »): on ``benchmarks/data/new_user_faqs`` the first
entry by closeness is right for 64 % of on-topic questions at 0.25, 79 % at
2 (the « first » column of ``python -m benchmarks.bench_day_one`` moves with it)."""
ANSWER_FULL_TERMS = 20
"""An answer of fewer terms adds proportionally less: « Oui. » says little
about what its question asks.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
UNKNOWN_WEIGHT = 1.0
"""How much a word unknown to the FAQ weighs, against the FAQ's rarest word.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""
COMMON_SHARE = 0.05
"""Terms used by more than this share of a large FAQ's entries are only added
to the scores of entries that rarer terms already found.
Measured by ``python -m benchmarks.bench_matcher``."""
_COMMON_MIN_ENTRIES = 2000
_KEPT_PHRASINGS = 50_000
"""Up to this many phrasings, all are prepared for coverage when the index is built.
Measured by ``python -m benchmarks.bench_matcher``."""
_RECENT_ENTRIES = 2048
"""Past _KEPT_PHRASINGS, the entries whose phrasings stay prepared, the most recent.
Measured by ``python -m benchmarks.bench_matcher``."""
_NEIGHBOUR_TERMS = 8
"""An entry's heaviest terms that find its neighbours (calibration's trials).
Measured by ``python -m benchmarks.bench_matcher``."""
_CANDIDATE_LIMIT = 500
"""Entries scored on common terms at most, the best first: a question of only
frequent words would otherwise score every entry of a large FAQ.
Measured by ``python -m benchmarks.bench_matcher``."""

Vector = dict[str, float]


IDF_FLOOR = 1.0
"""Added to every term's idf, so that a term all entries use still counts.
Measured by ``python -m benchmarks.bench_general --phrasings 5``
and ``python -m benchmarks.bench_day_one``."""


def idf(entries: int, total: int) -> float:
    """How rare a term used by ``entries`` of ``total`` entries is."""
    return math.log((total + 1) / entries) + IDF_FLOOR


def prior(term: str) -> float:
    """The weight a term has before the FAQ says how rare it is."""
    if term.startswith(FRAME_MARK):
        return FRAME_PRIOR
    if term.startswith(STOP_MARK):
        return STOP_PRIOR
    return 1.0


def answer_share(terms: Sequence[str]) -> float:
    """How much an answer of these terms adds to its entry's vector."""
    return ANSWER_WEIGHT * min(1.0, len(set(terms)) / ANSWER_FULL_TERMS)


def unit(vector: Vector, extra_norm: float = 0.0) -> Vector:
    """``vector`` divided by its norm; ``extra_norm`` adds mass that is not in it."""
    norm = math.sqrt(sum(w * w for w in vector.values()) + extra_norm)
    if norm == 0:
        return {}
    return {t: w / norm for t, w in vector.items()}


def _phrasing_key(terms: list[str]) -> int:
    """A key for a phrasing's terms that stays the same from one process to the next."""
    digest = blake2b("\x1f".join(terms).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class StoredPostings(dict[str, tuple["array[int]", "array[float]"]]):
    """Postings read back from the cache, each turned into arrays when first asked for.

    A cached start of a 100,000-entry FAQ holds about as many terms, and a
    query asks for a few: turning them all into arrays took 0.2 s of it.
    Their sizes and entry numbers were checked on reading
    (:func:`faqbot.matching.restore.check_index`).
    """

    def __init__(self, stored: dict[str, tuple[bytes, bytes]]) -> None:
        super().__init__()
        self._stored = stored

    def get(  # type: ignore[override]
        self, term: str, default: None = None
    ) -> tuple[array[int], array[float]] | None:
        found = dict.get(self, term)
        if found is None:
            pair = self._stored.get(term)
            if pair is None:
                return default
            numbers, weights = array("i"), array("d")
            numbers.frombytes(pair[0])
            weights.frombytes(pair[1])
            found = self[term] = (numbers, weights)
        return found

    def read_all(self) -> dict[str, tuple[array[int], array[float]]]:
        """Every posting, as arrays."""
        return {term: found for term in self._stored if (found := self.get(term)) is not None}


class Index:
    """Weighted entry vectors of one FAQ, and postings to score queries.

    An index rebuilt by :meth:`restored` answers queries; only a built one
    can learn (:mod:`faqbot.matching.weights`) or find neighbours.
    """

    def __init__(
        self,
        faq: FAQ,
        vocabulary: Vocabulary | None = None,
        *,
        memo: dict[str, list[str]] | None = None,
        progress: Progress | None = None,
        real_entries: int | None = None,
    ) -> None:
        """Index ``faq``; ``vocabulary`` defaults to a new one for its synonyms.

        ``memo`` keeps the terms of each text analysed, for indexes built
        again from parts of the same FAQ with the same vocabulary. Only the
        first ``real_entries`` entries (by default all) answer questions; each
        later one holds an entry's off-topic questions
        (:func:`faqbot.matching.off_topic.indexed`).
        """
        self.faq = faq
        self.real_entries = len(faq.entries) if real_entries is None else real_entries
        """How many of the FAQ's entries answer questions: :meth:`is_off_topic`."""
        self.vocabulary = vocabulary if vocabulary is not None else Vocabulary(faq.synonyms)
        self._recent: list[int] = []
        self._exact: dict[int, int] = {}
        self._stored_terms: list[list[list[str]]] | None = None
        self._real_numbers: dict[str, int] | None = None
        with paused_gc():
            self._build({} if memo is None else memo, progress)

    def _build(self, memo: dict[str, list[str]], progress: Progress | None = None) -> None:
        vocabulary = self.vocabulary

        def terms_of(text: str) -> list[str]:
            terms = memo[text] = vocabulary.phrasing_terms(text)
            return terms

        entry_terms: list[list[list[str]]] = []
        exact = self._exact
        tick = every(len(self.faq.entries), 1000, "Lecture des formulations", progress)
        for number, entry in enumerate(self.faq.entries):
            tick(number)
            phrasings = [memo.get(text) or terms_of(text) for text in entry.phrasings]
            for terms in phrasings:
                key = _phrasing_key(terms)
                if exact.setdefault(key, number) != number:
                    exact[key] = -1  # two entries share this phrasing
            phrasings.append(memo.get(entry.answer) or terms_of(entry.answer))
            entry_terms.append(phrasings)
        for number in range(self.real_entries, len(entry_terms)):
            entry_terms[number] = self._beside_terms(
                number, entry_terms[number], entry_terms.__getitem__
            )
        self.phrasing_counts, entry_counts = self._count(entry_terms)
        vocabulary.freeze()
        self._weigh(entry_counts)
        self._phrasings: dict[int, list[Phrasing]] = {}
        if sum(len(terms) for terms in entry_terms) <= _KEPT_PHRASINGS:
            for number, phrasings in enumerate(entry_terms):
                self._phrasings[number] = self._coverage_phrasings(number, phrasings)
        # An entry's centroid is the sum of its phrasings' unit vectors, divided
        # by the sum's norm; the norm is kept to take one phrasing out again.
        self.centroids: list[Vector] = []
        self.entry_norms: list[float] = []
        phrasing_vector = self.phrasing_vector
        for phrasings in entry_terms:
            total: Vector = {}
            get = total.get
            last = len(phrasings) - 1
            for position, terms in enumerate(phrasings):
                share = answer_share(terms) if position == last else 1.0
                for term, weight in phrasing_vector(terms).items():
                    total[term] = get(term, 0.0) + share * weight
            norm = math.sqrt(sum(w * w for w in total.values()))
            self.entry_norms.append(norm)
            self.centroids.append({t: w / norm for t, w in total.items()} if norm else {})
        self.entry_vectors = self.centroids

    def _beside_terms(
        self, number: int, terms: list[list[str]], terms_of: Callable[[int], list[list[str]]]
    ) -> list[list[str]]:
        """The terms of off-topic entry ``number`` less those that the answer of
        the entry it stands beside uses and none of its questions and variants do.

        Visitors ask with an answer's words: « vous pouvez faire la carte
        grise ? », beside an entry whose answer takes « carte bancaire »,
        refused « vous prenez la CB ? » by « carte ». It now holds « grise ».
        Leaving out the words of the questions too let near twins through:
        ``python -m benchmarks.bench_learning`` went from 1.9 to 3.2 % wrong
        (cdtn) and from 1.3 to 2.6 % (HA).
        """
        if self._real_numbers is None:
            self._real_numbers = {
                entry.id: real for real, entry in enumerate(self.faq.entries[: self.real_entries])
            }
        real = self._real_numbers.get(self.faq.entries[number].id)
        if real is None:
            return terms
        *asked, answer = terms_of(real)
        own = set(answer).difference(*asked)
        return [[t for t in phrasing if t not in own] for phrasing in terms]

    def _count(self, entry_terms: list[list[list[str]]]) -> tuple[Counter[str], Counter[str]]:
        """How many phrasings (and answers) use each term, and how many entries.

        Off-topic questions weigh no word: learning one leaves how the
        entries score unchanged. A word only they use counts as one entry's,
        as rare as a word can be.
        """
        phrasing_counts: Counter[str] = Counter()
        entry_counts: Counter[str] = Counter()
        count_in_phrasings = phrasing_counts.update
        for number, phrasings in enumerate(entry_terms):
            sets = [set(terms) for terms in phrasings]
            for unique in sets:
                count_in_phrasings(unique)
            if number < self.real_entries:
                entry_counts.update(set().union(*sets))
        for phrasings in entry_terms[self.real_entries :]:
            for terms in phrasings:
                for term in terms:
                    entry_counts.setdefault(term, 1)
        return phrasing_counts, entry_counts

    def _weigh(self, entry_counts: dict[str, int], *, lazy: bool = False) -> None:
        """Weigh terms by how many entries that answer questions use them;
        ``lazy``, each when first asked for (:class:`Computed`)."""
        count = self.real_entries
        self.entry_count = count
        self.entry_counts = entry_counts
        self.max_idf = idf(1, count)

        def weight(term: str, n: int) -> float:
            return idf(n, count) * prior(term)

        self.weights: dict[str, float] = (
            Computed(entry_counts, weight)
            if lazy
            else {t: weight(t, n) for t, n in entry_counts.items()}
        )
        self.coverage = Coverage(entry_counts, count, lazy=lazy)

    def _coverage_phrasings(self, number: int, terms: list[list[str]]) -> list[Phrasing]:
        entry = self.faq.entries[number]
        texts = (*entry.phrasings, entry.answer)
        coverage = self.coverage
        return [
            coverage.phrasing(text, words, is_answer=position == len(texts) - 1)
            for position, (text, words) in enumerate(zip(texts, terms, strict=True))
        ]

    def phrasings_of(self, number: int) -> list[Phrasing]:
        """An entry's phrasings and answer, ready for :meth:`Coverage.best`."""
        found = self._phrasings.get(number)
        if found is None and self._stored_terms is not None:
            found = self._phrasings[number] = self._coverage_phrasings(
                number, self._stored_terms[number]
            )
        if found is None:
            vocabulary = self.vocabulary

            def terms_of(number: int) -> list[list[str]]:
                entry = self.faq.entries[number]
                return [vocabulary.phrasing_terms(t) for t in (*entry.phrasings, entry.answer)]

            terms = terms_of(number)
            if number >= self.real_entries:
                terms = self._beside_terms(number, terms, terms_of)
            found = self._coverage_phrasings(number, terms)
            if len(self._recent) >= _RECENT_ENTRIES:
                self._phrasings.pop(self._recent.pop(0), None)
            self._recent.append(number)
            self._phrasings[number] = found
        return found

    def phrasing_vector(self, terms: Sequence[str]) -> Vector:
        """The unit vector of a phrasing's terms: (1 + log tf) times the term's weight."""
        weights = self.weights
        vector = {t: weights[t] for t in terms if t in weights}
        if len(vector) < len(terms):  # repeated or unknown terms
            for term, count in Counter(terms).items():
                if count > 1 and term in vector:
                    vector[term] *= 1.0 + math.log(count)
        norm = math.sqrt(sum(w * w for w in vector.values()))
        if not norm:
            return {}
        scale = 1.0 / norm
        return {t: w * scale for t, w in vector.items()}

    @property
    def entry_vectors(self) -> list[Vector]:
        """Each entry's vector, its centroid until learning refines it."""
        return self._entry_vectors

    @entry_vectors.setter
    def entry_vectors(self, vectors: list[Vector]) -> None:
        self._entry_vectors = vectors
        self._postings: dict[str, tuple[array[int], array[float]]] | None = None
        self._common: dict[str, dict[int, float]] = {}

    def _tables(
        self,
    ) -> tuple[dict[str, tuple[array[int], array[float]]], dict[str, dict[int, float]]]:
        """The postings of rarer terms and the tables of common ones, built when first needed."""
        if self._postings is None:
            self._build_postings()
        assert self._postings is not None
        return self._postings, self._common

    def _build_postings(self) -> None:
        """Build the postings from :attr:`entry_vectors`."""
        entries: dict[str, list[int]] = {}
        weights: dict[str, list[float]] = {}
        for number, vector in enumerate(self.entry_vectors):
            for term, weight in vector.items():
                found = entries.get(term)
                if found is None:
                    entries[term] = [number]
                    weights[term] = [weight]
                else:
                    found.append(number)
                    weights[term].append(weight)
        limit = max(_COMMON_MIN_ENTRIES, int(COMMON_SHARE * self.entry_count))
        self._postings = {
            t: (array("i", numbers), array("d", weights[t]))
            for t, numbers in entries.items()
            if len(numbers) <= limit
        }
        self._common = {
            t: dict(zip(numbers, weights[t], strict=True))
            for t, numbers in entries.items()
            if len(numbers) > limit
        }

    def state(self) -> dict[str, object]:
        """What :meth:`restored` needs to answer queries, as plain data."""
        postings, common = self._tables()
        if isinstance(postings, StoredPostings):
            postings = postings.read_all()
        return {
            "vocabulary": self.vocabulary.state(),
            "entry_counts": dict(self.entry_counts),
            "exact": self._exact,
            "postings": {
                t: (numbers.tobytes(), weights.tobytes())
                for t, (numbers, weights) in postings.items()
            },
            "common": {t: (tuple(table), tuple(table.values())) for t, table in common.items()},
            # Small FAQs keep their phrasings ready for coverage, to answer at once.
            "phrasings": [
                [sorted(p.terms | p.frames) for p in self._phrasings[number]]
                for number in range(len(self.faq.entries))
            ]
            if len(self._phrasings) == len(self.faq.entries) and not self._recent
            else None,
        }

    @classmethod
    def restored(
        cls, faq: FAQ, state: dict[str, object], *, real_entries: int | None = None
    ) -> Index:
        """An index that answers queries as the one whose :meth:`state` this is,
        with ``real_entries`` as when it was built.

        Raises :class:`~faqbot.matching.restore.BadState` when ``state`` does not fit ``faq``.
        """
        check_index(faq, state)
        index = cls.__new__(cls)
        index.faq = faq
        index.real_entries = len(faq.entries) if real_entries is None else real_entries
        index.vocabulary = Vocabulary.restored(state["vocabulary"])  # type: ignore[arg-type]
        index._recent = []
        index._exact = dict(state["exact"])  # type: ignore[call-overload]
        index._weigh(dict(state["entry_counts"]), lazy=True)  # type: ignore[call-overload]
        index._phrasings = {}
        # Ready for coverage when first ranked: most queries rank only a few entries.
        index._stored_terms = cast("list[list[list[str]]] | None", state.get("phrasings"))
        index._real_numbers = None
        index._entry_vectors = []
        index._postings = StoredPostings(state["postings"])  # type: ignore[arg-type]
        index._common = {
            term: dict(zip(numbers, weights, strict=True))
            for term, (numbers, weights) in state["common"].items()  # type: ignore[attr-defined]
        }
        return index

    def is_off_topic(self, entry: int) -> bool:
        """True when ``entry`` holds off-topic questions: it never answers."""
        return entry >= self.real_entries

    @property
    def off_topic_entries(self) -> int:
        """How many entries hold off-topic questions."""
        return len(self.faq.entries) - self.real_entries

    def entries_with(self, term: str) -> Collection[int]:
        """The entries whose vectors use ``term``."""
        postings, common = self._tables()
        posting = postings.get(term)
        if posting is not None:
            return posting[0]
        return common.get(term, {}).keys()

    def query_vector(self, query: str) -> Vector:
        """The unit vector of a query; words the FAQ does not know only add to its norm."""
        read = self.vocabulary.query_terms(query, self.entries_with)
        return self.vector_of(read.terms, read.unknown)

    def vector_of(self, terms: dict[str, float], unknown: float) -> Vector:
        """The unit vector of terms with their sureness, and ``unknown`` unknown words."""
        weights = self.weights
        vector: Vector = {}
        missing = unknown * UNKNOWN_WEIGHT * self.max_idf
        missing_norm = missing * missing
        for term, sure in terms.items():
            weight = weights.get(term)
            if weight is not None:
                vector[term] = weight * sure
                # A corrected typo is less sure: the rest of its weight counts as unknown.
                rest = weight * (1.0 - sure)
                missing_norm += rest * rest
            elif not term.startswith((STOP_MARK, NUMBER_MARK)):
                # Stop words and numbers the FAQ never uses say nothing either way.
                lost = prior(term) * UNKNOWN_WEIGHT * self.max_idf
                missing_norm += lost * lost
        return unit(vector, missing_norm) if vector else {}

    def scores(self, query: Vector) -> dict[int, float]:
        """The dot product of a unit query vector with every entry that shares a term."""
        postings, tables = self._tables()
        scores: dict[int, float] = {}
        get = scores.get
        common: list[tuple[float, dict[int, float]]] = []
        for term, weight in query.items():
            posting = postings.get(term)
            if posting is None:
                if term in tables:
                    common.append((weight, tables[term]))
                continue
            for entry, entry_weight in zip(*posting, strict=False):
                scores[entry] = get(entry, 0.0) + weight * entry_weight
        if common:
            if not scores:
                weight, rarest = min(common, key=lambda pair: len(pair[1]))
                scores = {entry: 0.0 for entry in rarest}
            if len(scores) > _CANDIDATE_LIMIT:
                kept = sorted(scores, key=scores.__getitem__, reverse=True)[:_CANDIDATE_LIMIT]
                scores = {entry: scores[entry] for entry in kept}
            for weight, table in common:
                for entry in scores:
                    scores[entry] += weight * table.get(entry, 0.0)
        return scores

    def exact_entry(self, query: str | Query) -> int | None:
        """The entry one of whose phrasings ``query`` is, once normalized, if only one has it."""
        terms = self.vocabulary.analysis_terms(read_query(query).analysis, learn=False)
        found = self._exact.get(_phrasing_key(terms))
        return found if found is not None and found >= 0 else None

    def neighbours(self, entry: int, count: int) -> list[int]:
        """The ``count`` entries closest to ``entry``, found through its heaviest terms."""
        centroid = self.centroids[entry]
        heaviest = heapq.nlargest(_NEIGHBOUR_TERMS, centroid, key=centroid.__getitem__)
        scores = self.scores({term: centroid[term] for term in heaviest})
        scores.pop(entry, None)
        return heapq.nlargest(count, scores, key=scores.__getitem__)

    def left_out_centroid_dot(self, query: Vector, entry: int, phrasing: Vector) -> float:
        """The dot of ``query`` with ``entry``'s centroid once ``phrasing``, one of
        its phrasings' unit vectors, is taken out of it."""
        centroid, norm = self.centroids[entry], self.entry_norms[entry]
        query_dot = norm * sum(w * centroid.get(t, 0.0) for t, w in query.items())
        phrasing_dot = norm * sum(w * centroid.get(t, 0.0) for t, w in phrasing.items())
        query_phrasing = sum(w * phrasing.get(t, 0.0) for t, w in query.items())
        squared = norm * norm - 2.0 * phrasing_dot + 1.0
        if squared <= 1e-9:
            return 0.0
        return (query_dot - query_phrasing) / math.sqrt(squared)
