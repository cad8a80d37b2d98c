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
from typing import TYPE_CHECKING

from faqbot.faqfile.faq import FAQ
from faqbot.matching.decision import TARGET_WRONG_RATE, Calibration, Policy
from faqbot.matching.matcher import Matcher, calibrations_for
from faqbot.matching.scoring import Ranking
from faqbot.support.files import line_of_offset, read_bytes
from faqbot.text.display import one_line

if TYPE_CHECKING:
    pass

NO_ANSWER = "-"
TARGETS = (0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
"""The shares of wrong answers (``max_wrong_rate``) ``faqbot eval`` compares.
Checked by ``python -m pytest tests/test_eval_command.py``."""


class LabeledFileError(ValueError):
    """A labeled file that cannot be read; the message is one line of French."""


@dataclass(frozen=True, slots=True)
class LabeledQuestion:
    source: str
    line: int
    expected: str | None
    question: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the matcher did with one labeled question."""

    labeled: LabeledQuestion
    got: str | None
    closest: str | None
    confidence: float

    @property
    def is_right(self) -> bool:
        return self.got == self.labeled.expected


@dataclass(frozen=True, slots=True)
class Report:
    """Rates are percentages; ``wrong`` counts answers that are not the expected one."""

    outcomes: tuple[Outcome, ...]
    score_cutoff: float
    sweep: tuple[tuple[float, float, float], ...] = field(default=())
    """(max_wrong_rate, right answers, wrong answers) for other targets."""
    calibration: Calibration | None = None
    target: float = TARGET_WRONG_RATE
    """The share of wrong answers the matcher aims under."""

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

    def suggested_target(self) -> float | None:
        """The ``max_wrong_rate`` with the most right answers on these questions
        whose wrong answers stay at or under :attr:`target`; ``None`` if none does.
        The matcher's own target wins a tie."""
        allowed = [row for row in self.sweep if row[2] <= self.target]
        if not allowed:
            return None
        return max(allowed, key=lambda row: (row[1], row[0] == self.target, -row[2]))[0]


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 100.0


def parse_labeled(
    text: str, faq: FAQ, *, source: str = "<texte>", errors: list[str] | None = None
) -> list[LabeledQuestion]:
    """Read labeled questions.

    A bad line raises :class:`LabeledFileError`, or, when ``errors`` is a list,
    is added to it as a one-line message and skipped.
    """
    known = {entry.id for entry in faq.entries}
    labeled: list[LabeledQuestion] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        expected, tab, question = line.partition("\t")
        expected = expected.strip()
        if not tab:
            problem = "tabulation manquante (attendu : id<TAB>question)"
        elif not question.strip():
            problem = "la question est vide"
        elif expected != NO_ANSWER and expected not in known:
            problem = f"identifiant inconnu « {one_line(expected)} »"
        else:
            labeled.append(
                LabeledQuestion(
                    source, number, None if expected == NO_ANSWER else expected, question
                )
            )
            continue
        message = f"{source}:{number} : {problem}"
        if errors is None:
            raise LabeledFileError(message)
        errors.append(message)
    return labeled


def read_labeled(
    path: str | Path, faq: FAQ, *, errors: list[str] | None = None
) -> list[LabeledQuestion]:
    """Read a labeled file from disk; ``errors`` as in :func:`parse_labeled`."""
    data = read_bytes(path, LabeledFileError)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"{path}:{line_of_offset(data, error.start)} : UTF-8 invalide"
        if errors is None:
            raise LabeledFileError(message) from None
        errors.append(message)
        text = data.decode("utf-8-sig", errors="replace")
    return parse_labeled(text, faq, source=str(path), errors=errors)


def evaluate(
    matcher: Matcher,
    labeled: Iterable[LabeledQuestion],
    *,
    targets: Iterable[float] = (),
    target: float | None = None,
) -> Report:
    """Run every labeled question through ``matcher`` and collect the rates.

    Each question is ranked once; the matcher decides the main figures. For
    each of ``targets`` (shares of wrong answers, as ``max_wrong_rate``), the
    FAQ is calibrated again and decides on the same rankings: the sweep.
    ``target`` is the share the matcher aims under (by default the FAQ's own).
    """
    # Ranked as deep as the matcher ranks for an answer and its suggestions.
    depth = matcher._ranked(5)
    rankings: list[tuple[LabeledQuestion, Ranking]] = [
        (item, matcher._ranking(item.question, limit=depth)) for item in labeled
    ]
    entries = matcher.faq.entries

    def outcomes_by(policy: Policy) -> tuple[Outcome, ...]:
        results = []
        for item, found in rankings:
            verdict = policy.decide(found)
            top = verdict.best
            if top is None:
                results.append(Outcome(item, None, None, 0.0))
                continue
            top_id = entries[top.candidate.entry].id
            answered = entries[verdict.answer.candidate.entry].id if verdict.answer else None
            results.append(Outcome(item, answered, top_id, top.confidence))
        return tuple(results)

    sweep = []
    wanted = tuple(float(t) for t in targets)
    for rate, calibration in zip(wanted, calibrations_for(matcher.faq, wanted), strict=True):
        policy = matcher.policy._replace(
            calibration=calibration,
            threshold=calibration.threshold,
            margin=calibration.margin,
        )
        at = Report(outcomes_by(policy), 0.0)
        sweep.append((rate, at.accuracy, at.wrong))
    return Report(
        outcomes_by(matcher.policy),
        matcher.score_cutoff,
        tuple(sweep),
        matcher.calibration,
        matcher.max_wrong_rate if target is None else target,
    )
