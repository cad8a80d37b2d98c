"""Checking what a cache file restores before a matcher trusts it.

A cache file is only data, but data of the right shape can still be wrong:
an entry number out of range, a cutoff of NaN, a posting that claims more
bytes than the FAQ could ever need. Each check here raises
:class:`BadState`; the matcher then learns the FAQ again, as for a file it
cannot read.

>>> check_calibration((75.0, 5.0, 90.0, 1.5, (), 12, (), False, False, 1.6, 0.4, 1.0))
>>> check_calibration((float("nan"), 5.0, 90.0, 1.5, (), 12, (), False, False, 1.6, 0.4, 1.0))
Traceback (most recent call last):
...
faqbot.matching.restore.BadState: coverage_cutoff
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence
from itertools import chain

from faqbot.faqfile.faq import FAQ

INDEX_KEYS = frozenset({"vocabulary", "entry_counts", "exact", "postings", "common", "phrasings"})
_INT_BYTES = 4
_FLOAT_BYTES = 8
_BYTES_PER_CHARACTER = 16
"""Postings may hold at most this many bytes per character of the FAQ's text:
a posting is one (entry, weight) pair of 12 bytes per distinct term of an
entry, and a term takes at least one character.
Checked by ``python -m pytest tests/test_cache_hardening.py``."""
_SLACK_BYTES = 1 << 20
"""Bytes a cache file may hold beyond what its FAQ's text allows, for its fixed parts.
Checked by ``python -m pytest tests/test_cache_hardening.py``."""


class BadState(ValueError):
    """What a cache restored does not fit the FAQ; the message names the part."""


def _require(condition: bool, part: str) -> None:
    if not condition:
        raise BadState(part)


def _rate(value: object, part: str) -> None:
    _require(
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0.0 <= value <= 100.0,
        part,
    )


def _strings(value: object, part: str) -> None:
    _require(isinstance(value, tuple) and all(isinstance(v, str) for v in value), part)


def check_calibration(data: object) -> None:
    """Check a calibration as the cache keeps it: a tuple of the
    :class:`~faqbot.matching.decision.Calibration` fields, in order."""
    _require(isinstance(data, tuple) and len(data) == 12, "calibration")
    assert isinstance(data, tuple)
    cutoff, margin, right, wrong, weak, trials, confused, sampled, fallback = data[:9]
    intercept, slope, trust = data[9:]
    _require(isinstance(trust, float) and 0.0 <= trust <= 1.0, "trust")
    for number, part in ((intercept, "intercept"), (slope, "slope")):
        _require(isinstance(number, float) and math.isfinite(number) and abs(number) < 1e6, part)
    _require(slope > 0, "slope")
    _rate(cutoff, "coverage_cutoff")
    _rate(margin, "margin")
    _rate(right, "expected_right")
    _rate(wrong, "expected_wrong")
    _strings(weak, "weak_entries")
    _require(isinstance(trials, int) and not isinstance(trials, bool) and trials >= 0, "trials")
    _require(isinstance(confused, tuple), "confused")
    for item in confused:
        _require(isinstance(item, tuple) and len(item) == 3, "confused")
        _strings(item, "confused")
    _require(isinstance(sampled, bool) and isinstance(fallback, bool), "flags")


def check_positions(faq: FAQ, positions: object) -> tuple[tuple[int, int], ...]:
    """Check the (entry number, variant number) pairs of repeated variants."""
    _require(isinstance(positions, tuple), "repeated")
    assert isinstance(positions, tuple)
    for pair in positions:
        _require(isinstance(pair, tuple) and len(pair) == 2 and _types(pair) <= {int}, "repeated")
        number, position = pair
        _require(0 <= number < len(faq.entries), "repeated")
        _require(0 <= position < len(faq.entries[number].variants), "repeated")
    return positions


def text_size(faq: FAQ) -> int:
    """The characters of an FAQ's texts: what bounds the size of its index."""
    entries = faq.entries
    texts = chain(
        (e.question for e in entries),
        (e.answer for e in entries),
        chain.from_iterable(e.variants for e in entries),
        faq.synonyms,
        chain.from_iterable(faq.synonyms.values()),
    )
    return sum(map(len, texts)) + len(entries)


def check_index(faq: FAQ, state: object) -> None:
    """Check an index's state (see :meth:`faqbot.matching.index.Index.state`) against ``faq``.

    Types and entry numbers must be right, and the postings no larger than
    the FAQ's text could make them, so that restoring never takes more
    memory than learning would.
    """
    _require(isinstance(state, dict) and set(state) == INDEX_KEYS, "index")
    assert isinstance(state, dict)
    entries = len(faq.entries)
    budget = _BYTES_PER_CHARACTER * text_size(faq) + _SLACK_BYTES

    vocabulary = state["vocabulary"]
    _require(isinstance(vocabulary, tuple) and len(vocabulary) == 3, "vocabulary")
    synonyms, longest, surface = vocabulary
    _require(isinstance(synonyms, dict) and isinstance(surface, dict), "vocabulary")
    _require(isinstance(longest, int) and 0 <= longest <= 64, "vocabulary")
    _require(_types(synonyms.keys()) <= {tuple} and _types(synonyms.values()) <= {str}, "synonyms")
    for key in synonyms:
        _require(0 < len(key) <= 64 and _types(key) == {str}, "synonyms")
    _require(_types(surface.keys()) <= {str} and _types(surface.values()) <= {str}, "vocabulary")

    counts = state["entry_counts"]
    _require(isinstance(counts, dict), "entry_counts")
    _require(_types(counts.keys()) <= {str} and _types(counts.values()) <= {int}, "entry_counts")
    _require(not counts or 0 < min(counts.values()) <= max(counts.values()) <= entries, "counts")

    exact = state["exact"]
    _require(isinstance(exact, dict), "exact")
    _require(_types(exact.keys()) <= {int} and _types(exact.values()) <= {int}, "exact")
    _require(not exact or -1 <= min(exact.values()) <= max(exact.values()) < entries, "exact")

    postings = state["postings"]
    _require(isinstance(postings, dict) and _types(postings.keys()) <= {str}, "postings")
    # One pass without a call per posting: a large FAQ has about as many as
    # it has entries, and this check is part of every cached start.
    pairs = list(postings.values())
    _require(
        all(
            isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[0], bytes)
            and isinstance(pair[1], bytes)
            and len(pair[0]) % _INT_BYTES == 0
            and len(pair[1]) * _INT_BYTES == len(pair[0]) * _FLOAT_BYTES
            for pair in pairs
        ),
        "postings",
    )
    used = sum(len(numbers) + len(weights) for numbers, weights in pairs)
    _require(used <= budget, "postings")
    # All postings read as one array each, now that their size is bounded.
    every_number, every_weight = array("i"), array("d")
    every_number.frombytes(b"".join(numbers for numbers, _ in postings.values()))
    every_weight.frombytes(b"".join(weights for _, weights in postings.values()))
    check_entries(every_number, every_weight, entries)

    common = state["common"]
    _require(isinstance(common, dict) and _types(common.keys()) <= {str}, "common")
    for pair in common.values():
        _require(isinstance(pair, tuple) and len(pair) == 2, "common")
        numbers, weights = pair
        _require(isinstance(numbers, tuple) and isinstance(weights, tuple), "common")
        _require(len(numbers) == len(weights), "common")
        used += (_INT_BYTES + _FLOAT_BYTES) * len(numbers)
        _require(used <= budget, "common")
        _require(_types(numbers) <= {int} and _types(weights) <= {float}, "common")
        check_entries(numbers, weights, entries)

    phrasings = state["phrasings"]
    if phrasings is not None:
        _require(isinstance(phrasings, list) and len(phrasings) == entries, "phrasings")
        for number, terms in enumerate(phrasings):
            # An entry's phrasings and its answer.
            expected = len(faq.entries[number].phrasings) + 1
            _require(isinstance(terms, list) and len(terms) == expected, "phrasings")
            for words in terms:
                _require(isinstance(words, list) and _types(words) <= {str}, "phrasings")


def check_entries(numbers: Sequence[int], weights: Sequence[float], entries: int) -> None:
    """Check one posting once read: entry numbers in range, weights finite."""
    if numbers:
        _require(min(numbers) >= 0 and max(numbers) < entries, "entry number")
        # NaN and infinities spread through a sum.
        _require(math.isfinite(sum(weights)), "weight")


def _types(values: Iterable[object]) -> set[type]:
    return set(map(type, values))
