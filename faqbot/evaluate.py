"""Measure a matcher on labeled questions.

A labeled file holds one question per line as ``expected_id<TAB>question``;
``-`` as the id means the question must get no answer, and ``#`` starts a
comment line.

>>> from faqbot import Matcher, load_faq
>>> faq = load_faq()
>>> labeled = parse_labeled("llama\\tc'est quoi llama\\n-\\tquelle heure est-il ?\\n", faq)
>>> report = evaluate(Matcher(faq), labeled)
>>> report.accuracy, report.rejection, report.wrong
(100.0, 100.0, 0.0)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from faqbot.faq import FAQ
from faqbot.matcher import Match, Matcher, confident

NO_ANSWER = "-"
MAX_WRONG_RATE = 2.0
THRESHOLDS = tuple(range(30, 100, 5))


class LabeledFileError(ValueError):
    """A labeled file that cannot be read; the message is one line of French."""


@dataclass(frozen=True, slots=True)
class LabeledQuestion:
    line: int
    expected: str | None
    question: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the matcher did with one labeled question."""

    labeled: LabeledQuestion
    got: str | None
    closest: str | None
    score: float

    @property
    def is_right(self) -> bool:
        return self.got == self.labeled.expected


@dataclass(frozen=True, slots=True)
class Report:
    """Rates are percentages; ``wrong`` counts answers that are not the expected one."""

    outcomes: tuple[Outcome, ...]
    score_cutoff: float
    sweep: tuple[tuple[float, float, float], ...] = field(default=())

    @property
    def total(self) -> int:
        return len(self.outcomes)

    def _on_topic(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.labeled.expected is not None]

    def _off_topic(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.labeled.expected is None]

    @property
    def accuracy(self) -> float:
        return _percent(sum(o.is_right for o in self._on_topic()), len(self._on_topic()))

    @property
    def rejection(self) -> float:
        return _percent(sum(o.is_right for o in self._off_topic()), len(self._off_topic()))

    @property
    def wrong(self) -> float:
        wrong = sum(o.got is not None and not o.is_right for o in self.outcomes)
        return _percent(wrong, self.total)

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.is_right]

    def per_entry(self) -> dict[str, dict[str, int]]:
        """For each expected id (``-`` for off-topic): total, right, wrong, none."""
        table: dict[str, dict[str, int]] = {}
        for outcome in self.outcomes:
            key = outcome.labeled.expected or NO_ANSWER
            row = table.setdefault(key, {"total": 0, "right": 0, "wrong": 0, "none": 0})
            row["total"] += 1
            if outcome.is_right:
                row["right"] += 1
            elif outcome.got is None:
                row["none"] += 1
            else:
                row["wrong"] += 1
        return table

    def suggested_cutoff(self) -> float | None:
        """The threshold with the most right answers and at most 2 % wrong."""
        allowed = [row for row in self.sweep if row[2] <= MAX_WRONG_RATE]
        if not allowed:
            return None
        return max(allowed, key=lambda row: (row[1], -row[2], -row[0]))[0]


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 100.0


def parse_labeled(text: str, faq: FAQ, *, source: str = "<texte>") -> list[LabeledQuestion]:
    """Read labeled questions; raise :class:`LabeledFileError` on a bad line."""
    known = {entry.id for entry in faq.entries}
    labeled: list[LabeledQuestion] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        expected, tab, question = line.partition("\t")
        expected = expected.strip()
        if not tab:
            raise LabeledFileError(
                f"{source}:{number}: tabulation manquante (attendu : id<TAB>question)"
            )
        if not question.strip():
            raise LabeledFileError(f"{source}:{number}: la question est vide")
        if expected != NO_ANSWER and expected not in known:
            raise LabeledFileError(f"{source}:{number}: identifiant inconnu « {expected} »")
        labeled.append(
            LabeledQuestion(number, None if expected == NO_ANSWER else expected, question)
        )
    return labeled


def read_labeled(path: str | Path, faq: FAQ) -> list[LabeledQuestion]:
    """Read a labeled file from disk."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise LabeledFileError(f"{path} : fichier introuvable") from None
    except UnicodeDecodeError as error:
        raise LabeledFileError(
            f"{path} : le fichier n'est pas en UTF-8 valide (octet {error.start})"
        ) from None
    except OSError as error:
        raise LabeledFileError(f"{path} : lecture impossible ({error.strerror})") from None
    return parse_labeled(text, faq, source=str(path))


def evaluate(
    matcher: Matcher,
    labeled: Iterable[LabeledQuestion],
    *,
    thresholds: Iterable[float] = THRESHOLDS,
) -> Report:
    """Run every labeled question through ``matcher`` and collect the rates.

    Each question is ranked once; the matcher's own cutoff decides the main
    figures, and ``thresholds`` are swept on the same rankings.
    """
    rankings: list[tuple[LabeledQuestion, list[Match]]] = [
        (item, matcher.search(item.question, limit=2, score_cutoff=0)) for item in labeled
    ]

    def outcomes_at(cutoff: float) -> tuple[Outcome, ...]:
        results = []
        for item, ranked in rankings:
            hit = confident(ranked, score_cutoff=cutoff)
            top = ranked[0] if ranked else None
            results.append(
                Outcome(
                    item,
                    hit.entry.id if hit else None,
                    top.entry.id if top else None,
                    top.score if top else 0.0,
                )
            )
        return tuple(results)

    sweep = []
    for cutoff in thresholds:
        at = Report(outcomes_at(cutoff), float(cutoff))
        sweep.append((float(cutoff), at.accuracy, at.wrong))
    return Report(outcomes_at(matcher.score_cutoff), matcher.score_cutoff, tuple(sweep))
