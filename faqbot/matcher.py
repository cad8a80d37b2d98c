"""The matcher: maps a question to the FAQ entry it asks about, or to none.

It is a pipeline of stages, each in its own module: text features
(:mod:`faqbot.features`), the index (:mod:`faqbot.index`), learning what
tells entries apart (:mod:`faqbot.learning`), calibration
(:mod:`faqbot.calibration`) and the decision (:mod:`faqbot.decision`); here
they are put together. A score from 0 to 100
says how close a query is to an entry, all its phrasings together; the best
entry is a sure answer when it scores at least the cutoff and leads the
runner-up by at least the margin, both calibrated on the FAQ itself.

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
from typing import NamedTuple

from faqbot import cache
from faqbot.decision import TARGET_WRONG_RATE, Calibration, decide
from faqbot.faq import FAQ, Entry, repeated_variants, without_variants
from faqbot.features import Vocabulary
from faqbot.index import Index
from faqbot.perf import paused_gc
from faqbot.progress import Progress
from faqbot.query import Query
from faqbot.restore import check_calibration, check_positions
from faqbot.scoring import Candidate, rank

NEIGHBOURS = 3
"""Closest entries kept beside each entry sampled to calibrate a large FAQ."""
SUGGESTION_SHARE = 0.25
"""Entries scoring at least this share of the cutoff are worth offering as "did you mean"."""


class Match(NamedTuple):
    """An FAQ entry found for a query, with a score from 0 to 100.

    The score says how fully the entry covers the query; ``phrasing`` is its
    question or variant closest to the query, never its answer.
    """

    entry: Entry
    score: float
    phrasing: str


class Lookup(NamedTuple):
    """The sure answer to a query, if any, and the other entries close to it."""

    match: Match | None
    suggestions: list[Match]


def build_index(
    faq: FAQ,
    vocabulary: Vocabulary | None = None,
    memo: dict[str, list[str]] | None = None,
    progress: Progress | None = None,
) -> Index:
    """Index ``faq`` and learn what tells its entries apart (see :class:`Index`)."""
    from faqbot.learning import refine  # a matcher read from the cache has learnt already

    index = Index(faq, vocabulary, memo=memo, progress=progress)
    refine(index, memo=memo, progress=progress)
    return index


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

    ``score_cutoff`` is the lowest score :meth:`match` accepts as a sure
    answer, and ``margin`` how far ahead of the runner-up it must be. By
    default both are calibrated on ``faq`` so that about ``max_wrong_rate``
    percent of questions, at most, get a wrong answer (by default the FAQ's
    own ``max_wrong_rate``, else :data:`TARGET_WRONG_RATE`); :attr:`calibration`
    tells what was chosen and expected. With ``cache_dir``, what was learnt
    is kept there and reused while the FAQ and faqbot stay the same.
    ``progress``, if given, is called while the FAQ is learnt with what is
    being done and how far (see :mod:`faqbot.progress`).

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
        if max_wrong_rate is None:
            max_wrong_rate = faq.max_wrong_rate or TARGET_WRONG_RATE
        target = _checked_rate("max_wrong_rate", max_wrong_rate)
        assert target is not None
        self.faq = faq
        key = cache.cache_key(faq, (target,)) if cache_dir is not None else ""
        learnt = self._restore(cache.load(cache_dir, key)) if cache_dir is not None else None
        if learnt is None:
            from faqbot.calibration import calibrate  # a cached matcher needs none

            # A phrasing given twice adds nothing, and calibration would hold
            # out one copy and find the other.
            repeated = repeated_variants(faq)
            learnt_from = without_variants(faq, repeated)
            with paused_gc():
                memo: dict[str, list[str]] = {}
                index = build_index(learnt_from, memo=memo, progress=progress)
                learnt_words = index.vocabulary.state()

                def build_part(part: FAQ) -> Index:
                    # Every word of a part is one of the FAQ's: its analysis is reused.
                    return build_index(part, Vocabulary.restored(learnt_words), memo)

                calibration = calibrate(
                    learnt_from,
                    build_part,
                    neighbours=lambda entry: index.neighbours(entry, NEIGHBOURS),
                    target=target,
                    progress=progress,
                )
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
        self.score_cutoff = self.calibration.score_cutoff if cutoff is None else cutoff
        self.margin = self.calibration.margin if lead is None else lead

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
            return Index.restored(learnt_from, data["index"]), calibration
        except (KeyError, TypeError, ValueError, AttributeError, MemoryError):
            return None

    @property
    def suggestion_cutoff(self) -> float:
        """Below this score, an entry is not worth offering as "did you mean"."""
        return SUGGESTION_SHARE * self.score_cutoff

    def _candidates(self, query: str | Query, *, limit: int) -> list[Candidate]:
        """The entries closest to ``query``, closest first, with their scores."""
        if not isinstance(query, (str, Query)):
            return []
        return rank(self._index, query, limit=limit)

    def _match(self, candidate: Candidate) -> Match:
        entry = self.faq.entries[candidate.entry]
        return Match(entry, candidate.score, candidate.phrasing or entry.question)

    def _sure(self, ranked: list[Candidate], score_cutoff: float) -> Match | None:
        if decide(ranked, score_cutoff=score_cutoff, margin=self.margin):
            return self._match(ranked[0])
        return None

    def match(self, query: str | Query, *, score_cutoff: float | None = None) -> Match | None:
        """Return the entry ``query`` asks about, or ``None`` when no entry is sure.

        An entry is sure when it scores at least ``score_cutoff`` (by default
        the matcher's) and leads the runner-up by the matcher's margin.

        >>> from faqbot import Matcher, load_faq
        >>> Matcher(load_faq()).match("What are the risks of open source for Meta?").entry.id
        'risques'
        """
        cutoff = _checked_rate("score_cutoff", score_cutoff)
        return self._sure(
            self._candidates(query, limit=2), self.score_cutoff if cutoff is None else cutoff
        )

    def search(
        self, query: str | Query, *, limit: int | None = 3, score_cutoff: float | None = None
    ) -> list[Match]:
        """Return up to ``limit`` entries close to ``query``, best first.

        Meant for "did you mean": entries scoring below ``score_cutoff`` (by
        default :attr:`suggestion_cutoff`) are left out. Entries come in the
        order of the learned ranking, which weighs what tells entries apart;
        their scores, which weigh every word alike, need not decrease.

        >>> from faqbot import Matcher, load_faq
        >>> matcher = Matcher(load_faq())
        >>> [m.entry.id for m in matcher.search("avantages et risques de l'open source", limit=2)]
        ['risques', 'avantages']
        """
        cutoff = _checked_rate("score_cutoff", score_cutoff)
        if cutoff is None:
            cutoff = self.suggestion_cutoff
        depth = self._depth(limit)
        return [self._match(c) for c in self._candidates(query, limit=depth) if c.score >= cutoff]

    def _depth(self, limit: int | None) -> int:
        """How many entries a ``limit`` asks for: all of them for ``None``."""
        if limit is None:
            return len(self.faq.entries)
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError(f"limit must be an int or None, not {type(limit).__name__}")
        return max(limit, 0)

    def lookup(self, query: str | Query, *, limit: int | None = 4) -> Lookup:
        """Do :meth:`match` and :meth:`search` at once, ranking the query only once.

        ``suggestions`` leaves out the matched entry; ``limit`` (``None``: no
        limit) bounds how many it holds.

        >>> from faqbot import Matcher, load_faq
        >>> found = Matcher(load_faq()).lookup("quels sont les avantages de la retraite")
        >>> found.match is None, found.suggestions[0].entry.id
        (True, 'avantages')
        """
        depth = self._depth(limit)
        ranked = self._candidates(query, limit=depth + 1)
        hit = self._sure(ranked, self.score_cutoff)
        close = [
            self._match(c) for c in ranked[1 if hit else 0 :] if c.score >= self.suggestion_cutoff
        ]
        return Lookup(hit, close[:depth])
