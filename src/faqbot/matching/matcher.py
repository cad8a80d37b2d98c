"""The matcher: maps a question to the FAQ entry it asks about, or to none.

It is a pipeline of stages, each in its own module: text features
(:mod:`faqbot.matching.features`), the index (:mod:`faqbot.matching.index`), learning what
tells entries apart (:mod:`faqbot.matching.weights`), calibration
(:mod:`faqbot.matching.calibration`) and the decision (:mod:`faqbot.matching.decision`); here
they are put together. Each entry close to a query gets a confidence from 0
to 100, the estimated chance that it is the right one; the most confident
entry is a sure answer when its confidence reaches the threshold calibrated
on the FAQ itself.

>>> import faqbot
>>> matcher = faqbot.Matcher(faqbot.load_faq())
>>> matcher.match("c'est quoi llama").entry.id
'llama'
>>> matcher.match("Quels sont les avantages de la retraite anticipée ?") is None
True
"""

from __future__ import annotations

import math
import os
import warnings
from typing import NamedTuple

from faqbot.faqfile.faq import FAQ, Entry, repeated_variants, without_variants
from faqbot.matching import cache
from faqbot.matching.calibration import calibrate_for
from faqbot.matching.decision import Calibration, Policy, Rated, wrong_rate_for
from faqbot.matching.features import Vocabulary
from faqbot.matching.index import Index
from faqbot.matching.off_topic import indexed
from faqbot.matching.restore import check_calibration, check_positions
from faqbot.matching.scoring import Candidate, Ranking, ranking
from faqbot.matching.weights import refine
from faqbot.support.perf import paused_gc
from faqbot.support.progress import Progress
from faqbot.text.query import Query

NEIGHBOURS = 3
"""Closest entries kept beside each entry sampled to calibrate a large FAQ.
Measured by ``python -m benchmarks.bench_matcher``."""
OFF_TOPIC_RANKED = 4
"""Entries of off-topic questions ranked, at most, beyond the real entries a
query asks for: a query ranks them beside the entries they stand by.
Measured by ``python -m benchmarks.bench_matcher``."""
SUGGESTION_FLOOR = 1.0
"""The lowest confidence, in percent, worth offering as "did you mean": an
entry right once in a hundred times is noise beside the others. A
suggestion must also share a word with the question (:class:`Policy`). With
5 phrasings an entry (``python -m benchmarks.bench_general --phrasings 5
--small 0``), the right entry is then answered or suggested for 89.6 % of
cdtn's questions and 89.1 % of HA's, against 91.2 and 95.1 % when suggesting
down to 0.1 % of the threshold; a floor of 5 % gave 85.2 and 84.0 %, and
keeping only suggestions within a quarter of the first one's confidence
83.5 and 83.4 %. On the new users' FAQs, a question left unanswered gets 2.5
suggestions when off-topic (3.9 before both rules) and 2.9 when on-topic."""


class Match(NamedTuple):
    """An FAQ entry found for a query.

    ``confidence`` (0 to 100) is the estimated chance, in percent, that the
    entry is the one the query asks about: the number results are ordered
    and filtered by. ``phrasing`` is the entry's question or variant closest
    to the query, never its answer, and ``coverage`` (0 to 100) how fully
    that phrasing covers the query. ``score`` is the former name of
    ``coverage``, kept for this release.
    """

    entry: Entry
    confidence: float
    phrasing: str
    coverage: float

    @property
    def score(self) -> float:
        """Deprecated: :attr:`coverage`, under its former name."""
        warnings.warn(
            "Match.score is now Match.coverage; results are ordered by Match.confidence",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.coverage


class Lookup(NamedTuple):
    """The sure answer to a query, if any, and the other entries close to it."""

    match: Match | None
    suggestions: list[Match]


def build_index(
    faq: FAQ,
    vocabulary: Vocabulary | None = None,
    memo: dict[str, list[str]] | None = None,
    progress: Progress | None = None,
    real_entries: int | None = None,
) -> Index:
    """Index ``faq`` and learn what tells its entries apart (see :class:`Index`)."""
    index = Index(faq, vocabulary, memo=memo, progress=progress, real_entries=real_entries)
    refine(index, memo=memo, progress=progress)
    return index


def _learn(
    faq: FAQ, targets: tuple[float, ...], progress: Progress | None = None
) -> tuple[tuple[tuple[int, int], ...], Index, list[Calibration]]:
    """Index ``faq`` and calibrate it for each of ``targets``: the repeated
    variants left out, the index, and the calibrations."""

    # A phrasing given twice adds nothing, and calibration would hold out
    # one copy and find the other.
    repeated = repeated_variants(faq)
    learnt_from = indexed(without_variants(faq, repeated))
    memo: dict[str, list[str]] = {}
    index = build_index(learnt_from, memo=memo, progress=progress, real_entries=len(faq.entries))
    learnt_words = index.vocabulary.state()

    def build_part(part: FAQ, real_entries: int) -> Index:
        # Every word of a part is one of the FAQ's: its analysis is reused.
        return build_index(part, Vocabulary.restored(learnt_words), memo, real_entries=real_entries)

    calibrations = calibrate_for(
        learnt_from,
        build_part,
        targets,
        neighbours=lambda entry: index.neighbours(entry, NEIGHBOURS),
        progress=progress,
        entries=len(faq.entries),
    )
    return repeated, index, calibrations


def calibrations_for(faq: FAQ, targets: tuple[float, ...]) -> list[Calibration]:
    """How ``faq`` calibrates for each target share of wrong answers (percent):
    the trials are run once. ``faqbot eval`` compares them on labeled questions."""
    with paused_gc():
        return _learn(faq, targets)[2]


def _checked_rate(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if math.isnan(value) or not 0.0 <= value <= 100.0:
        raise ValueError(f"{name} must be between 0 and 100, got {value!r}")
    return float(value)


class Matcher:
    """Find the FAQ entry a question asks about.

    Every entry close to a query gets a confidence, the estimated chance in
    percent that it is the right one (:class:`Match`). ``score_cutoff`` is
    the lowest confidence :meth:`match` accepts as a sure answer. By default
    it is calibrated on ``faq`` so that about ``max_wrong_rate`` percent of
    questions, at most, get a wrong answer (by default the FAQ's own
    ``max_wrong_rate``, else :data:`TARGET_WRONG_RATE`); :attr:`calibration`
    tells what was chosen and expected. ``margin`` replaces the calibrated
    lead in closeness an answer needs over the runner-up. With ``cache_dir``, what was learnt
    is kept there and reused while the FAQ and faqbot stay the same.
    ``progress``, if given, is called while the FAQ is learnt with what is
    being done and how far (see :mod:`faqbot.support.progress`).

    >>> from faqbot import Matcher, load_faq
    >>> hit = Matcher(load_faq()).match("pk meta a mis llama en open source ?")
    >>> hit.entry.id
    'pourquoi-open-source'
    """

    def __init__(
        self,
        faq: FAQ,
        *,
        score_cutoff: float | None = None,
        margin: float | None = None,
        max_wrong_rate: float | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        progress: Progress | None = None,
    ) -> None:
        cutoff = _checked_rate("score_cutoff", score_cutoff)
        lead = _checked_rate("margin", margin)
        target = _checked_rate("max_wrong_rate", wrong_rate_for(faq.max_wrong_rate, max_wrong_rate))
        assert target is not None
        self.faq = faq
        key = cache.cache_key(faq, (target,)) if cache_dir is not None else ""
        learnt = self._restore(cache.load(cache_dir, key)) if cache_dir is not None else None
        if learnt is None:
            with paused_gc():
                repeated, index, (calibration,) = _learn(faq, (target,), progress)
            if progress is not None:
                progress("", 1.0)
            learnt = index, calibration
            if cache_dir is not None:
                cache.store(
                    cache_dir,
                    key,
                    {
                        "index": index.state(),
                        "calibration": tuple(calibration),
                        "repeated": repeated,
                    },
                )
        self._index, self.calibration = learnt
        self.max_wrong_rate = target
        """The share of wrong answers, in percent, the calibration aimed under."""
        threshold = self.calibration.threshold if cutoff is None else cutoff
        self.policy = Policy(
            self.calibration,
            threshold=threshold,
            margin=self.calibration.margin if lead is None else lead,
            suggestion_floor=min(SUGGESTION_FLOOR, threshold),
        )
        """The decision: what is answered, suggested or declined (:class:`Policy`)."""

    @property
    def score_cutoff(self) -> float:
        """The lowest confidence :meth:`match` accepts as a sure answer: the
        :attr:`policy`'s threshold."""
        return self.policy.threshold

    @property
    def margin(self) -> float:
        """The lead in closeness over the runner-up the calibrated rule asks for."""
        return self.policy.margin

    def _restore(self, data: object) -> tuple[Index, Calibration] | None:
        """The index and calibration kept in a cache, or ``None`` if they are unusable."""
        if not isinstance(data, dict) or set(data) != {"index", "calibration", "repeated"}:
            return None
        try:
            check_calibration(data["calibration"])
            learnt_from = without_variants(self.faq, check_positions(self.faq, data["repeated"]))
            calibration = Calibration(*data["calibration"])
            calibration = calibration._replace(
                weak_entries=tuple(calibration.weak_entries),
                confused=tuple((str(a), str(b), str(c)) for a, b, c in calibration.confused),
            )
            index = Index.restored(
                indexed(learnt_from), data["index"], real_entries=len(learnt_from.entries)
            )
            return index, calibration
        except (KeyError, TypeError, ValueError, AttributeError, MemoryError):
            return None

    @property
    def suggestion_cutoff(self) -> float:
        """Below this confidence, an entry is not worth offering as "did you mean"."""
        return self.policy.suggestion_floor

    def _candidates(self, query: str | Query, *, limit: int) -> list[Candidate]:
        """The entries closest to ``query``, closest first, with their scores."""
        return self._ranking(query, limit=limit).candidates

    def _ranking(self, query: str | Query, *, limit: int) -> Ranking:
        """The entries closest to ``query``, closest first, and its word counts."""
        if not isinstance(query, (str, Query)):
            return Ranking([], 0, 0.0)
        return ranking(self._index, query, limit=limit)

    def _rated(self, query: str | Query, *, limit: int) -> tuple[list[Match], bool]:
        """The ``limit`` entries closest to ``query``, most confident first, and
        whether an entry's off-topic questions came before them all
        (:mod:`faqbot.matching.off_topic`): then none of them is a sure answer."""
        rated, off_topic = self.policy.rate(self._ranking(query, limit=self._ranked(limit)))
        return [self._match(r) for r in rated[:limit]], off_topic

    def _ranked(self, limit: int) -> int:
        """How many candidates to rank for ``limit`` entries: two at least, since
        a confidence weighs the lead over the runner-up, and the off-topic
        entries that stand beside them."""
        beside = min(self._index.off_topic_entries, OFF_TOPIC_RANKED)
        return max(limit, 2) + beside

    def _match(self, rated: Rated) -> Match:
        candidate = rated.candidate
        entry = self.faq.entries[candidate.entry]
        phrasing = candidate.phrasing or entry.question
        return Match(entry, rated.confidence, phrasing, candidate.coverage)

    def match(self, query: str | Query, *, score_cutoff: float | None = None) -> Match | None:
        """Return the entry ``query`` asks about, or ``None`` when no entry is sure.

        An entry is sure when its confidence reaches ``score_cutoff`` (by
        default the matcher's threshold, :attr:`score_cutoff`).

        >>> from faqbot import Matcher, load_faq
        >>> Matcher(load_faq()).match("What are the risks of open source for Meta?").entry.id
        'risques'
        """
        cutoff = _checked_rate("score_cutoff", score_cutoff)
        policy = self.policy if cutoff is None else self.policy._replace(threshold=cutoff)
        answer = policy.decide(self._ranking(query, limit=self._ranked(1)), limit=0).answer
        return self._match(answer) if answer is not None else None

    def search(
        self, query: str | Query, *, limit: int | None = 3, score_cutoff: float | None = None
    ) -> list[Match]:
        """Return up to ``limit`` entries close to ``query``, most confident first.

        Meant for "did you mean": entries whose confidence is below
        ``score_cutoff`` (by default :attr:`suggestion_cutoff`) are left out.

        >>> from faqbot import Matcher, load_faq
        >>> matcher = Matcher(load_faq())
        >>> found = matcher.search("avantages et risques de l'open source", limit=2, score_cutoff=0)
        >>> [m.entry.id for m in found]
        ['risques', 'avantages']
        >>> found[0].confidence >= found[1].confidence
        True
        """
        cutoff = _checked_rate("score_cutoff", score_cutoff)
        if cutoff is None:
            cutoff = self.suggestion_cutoff
        rated, _ = self._rated(query, limit=self._depth(limit))
        return [m for m in rated if m.confidence >= cutoff]

    def _depth(self, limit: int | None) -> int:
        """How many entries a ``limit`` asks for: all of them for ``None``."""
        if limit is None:
            return len(self.faq.entries)
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError(f"limit must be an int or None, not {type(limit).__name__}")
        return max(limit, 0)

    def lookup(self, query: str | Query, *, limit: int | None = 4) -> Lookup:
        """Do :meth:`match` and :meth:`search` at once, ranking the query only once.

        ``suggestions`` leaves out the matched entry, and holds those of a
        confidence of at least :attr:`suggestion_cutoff`; ``limit``
        (``None``: no limit) bounds how many it holds. The decision is the
        :attr:`policy`'s.

        >>> from faqbot import Matcher, load_faq
        >>> found = Matcher(load_faq()).lookup("quels sont les avantages de la retraite")
        >>> found.match is None, found.suggestions[0].entry.id
        (True, 'avantages')
        """
        depth = self._depth(limit)
        verdict = self.policy.decide(
            self._ranking(query, limit=self._ranked(depth + 1)), limit=depth
        )
        hit = self._match(verdict.answer) if verdict.answer is not None else None
        return Lookup(hit, [self._match(r) for r in verdict.suggestions])
