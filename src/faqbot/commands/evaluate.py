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

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from faqbot.commands.wiring import load, open_matcher
from faqbot.faqfile.faq import FAQ
from faqbot.matching.calibration import as_dict, describe
from faqbot.matching.decision import TARGET_WRONG_RATE, Calibration, Policy
from faqbot.matching.matcher import Matcher, calibrations_for
from faqbot.matching.scoring import Ranking
from faqbot.support.files import line_of_offset, read_bytes
from faqbot.support.status import ExitStatus
from faqbot.text.display import counted, one_line

if TYPE_CHECKING:
    import argparse

    from faqbot.commands.environment import Environment

NO_ANSWER = "-"
TARGETS = (0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
"""The shares of wrong answers (``max_wrong_rate``) ``faqbot eval`` compares."""


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
    if target is None:
        target = matcher.faq.max_wrong_rate
    return Report(
        outcomes_by(matcher.policy),
        matcher.score_cutoff,
        tuple(sweep),
        matcher.calibration,
        TARGET_WRONG_RATE if target is None else target,
    )


def run_eval(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """``faqbot eval``: print the evaluation of labeled files.

    :attr:`ExitStatus.NO_ANSWER` when right answers fall below
    ``--min-accuracy``. A file that cannot be read stops everything; a bad
    line is reported and skipped.
    """
    faq = load(getattr(args, "faq", None))
    as_json = getattr(args, "json", False)
    min_accuracy = args.min_accuracy
    output = env.stdout.line
    labeled: list[LabeledQuestion] = []
    problems: list[str] = []
    for path in args.file:
        try:
            labeled += read_labeled(path, faq, errors=problems)
        except LabeledFileError as error:
            return env.error(str(error))
    for problem in problems:
        env.warn(problem)
    if not labeled:
        return env.error("aucune question étiquetée : rien à mesurer")
    target = getattr(args, "max_wrong_rate", None)
    matcher = open_matcher(faq, max_wrong_rate=target)
    report = evaluate(matcher, labeled, targets=TARGETS, target=target)
    if as_json:
        output(json.dumps(report_as_dict(report), ensure_ascii=False))
    else:
        for line in report_lines(report):
            output(line)
    if problems:
        return ExitStatus.ERROR
    on_topic = any(item.expected is not None for item in labeled)
    if min_accuracy is not None and on_topic and report.accuracy < min_accuracy:
        env.warn(
            f"{report.accuracy:.1f} % de bonnes réponses aux questions sur la FAQ, "
            f"sous le minimum demandé de {min_accuracy:g} %"
        )
        return ExitStatus.NO_ANSWER
    return ExitStatus.OK


def report_as_dict(report: Report) -> dict[str, object]:
    return {
        "total": report.total,
        "score_cutoff": report.score_cutoff,
        "accuracy": report.accuracy,
        "rejection": report.rejection,
        "wrong": report.wrong,
        "per_entry": report.per_entry(),
        "max_wrong_rate": report.target,
        "targets": [
            {"max_wrong_rate": rate, "accuracy": accuracy, "wrong": wrong}
            for rate, accuracy, wrong in report.sweep
        ],
        "suggested_max_wrong_rate": report.suggested_target(),
        "calibration": as_dict(report.calibration) if report.calibration else None,
        "misses": [
            {
                "file": o.labeled.source,
                "line": o.labeled.line,
                "question": o.labeled.question,
                "expected": o.labeled.expected,
                "got": o.got,
                "closest": o.closest,
                "confidence": o.confidence,
            }
            for o in report.misses
        ],
    }


def report_lines(report: Report) -> list[str]:
    on_topic = sum(o.labeled.expected is not None for o in report.outcomes)
    lines = [
        f"{counted(report.total, 'question')} ({on_topic} sur la FAQ, "
        f"{report.total - on_topic} hors sujet), confiance requise "
        f"{report.score_cutoff:.0f} %, max_wrong_rate {report.target:g} %",
        f"  bonnes réponses (questions sur la FAQ)  : {report.accuracy:5.1f} %",
        f"  aucune réponse (questions hors sujet)   : {report.rejection:5.1f} %",
        f"  mauvaises réponses (toutes questions)   : {report.wrong:5.1f} %",
        "",
        f"  {'entrée':<24} {'total':>5} {'justes':>6} {'fausses':>7} {'sans réponse':>12}",
    ]
    calibration = report.calibration
    if calibration is not None:
        lines[4:4] = [f"  {describe(calibration)}"]
        if calibration.weak_entries:
            weak = ", ".join(calibration.weak_entries[:10])
            more = "…" if len(calibration.weak_entries) > 10 else ""
            lines[5:5] = [f"  entrées trop faibles pour répondre à coup sûr : {weak}{more}"]
    for entry_id, row in report.per_entry().items():
        label = entry_id if entry_id != NO_ANSWER else "- (hors sujet)"
        lines.append(
            f"  {one_line(label)[:24]:<24} {row['total']:>5} {row['right']:>6} "
            f"{row['wrong']:>7} {row['none']:>12}"
        )
    if report.sweep:
        lines += ["", "  max_wrong_rate  bonnes réponses  mauvaises réponses"]
        lines += [f"  {r:>12g} %  {a:>13.1f} %  {w:>16.1f} %" for r, a, w in report.sweep]
        lines.append(_advice(report))
    misses = report.misses
    lines += ["", f"Ratés ({len(misses)}) :" if misses else "Aucun raté."]
    for o in misses:
        expected = o.labeled.expected or "aucune"
        got = o.got or "aucune"
        closest = (
            f", plus proche : {o.closest} (confiance {o.confidence:.0f} %)"
            if o.got is None and o.closest
            else ""
        )
        lines.append(
            f"  {o.labeled.source}:{o.labeled.line} : « {one_line(o.labeled.question)} » "
            f"attendu {expected}, "
            f"obtenu {got}{closest}"
        )
    return lines


def _advice(report: Report) -> str:
    """The ``max_wrong_rate`` to set, in one line of French."""
    suggested = report.suggested_target()
    if suggested is None:
        return (
            f"Aucun réglage ne garde les mauvaises réponses à vos questions sous "
            f"{report.target:g} % : ajoutez des variantes aux entrées ratées."
        )
    if suggested == report.target:
        return (
            f"Réglage conseillé : le vôtre, max_wrong_rate {report.target:g} (le plus de "
            f"bonnes réponses avec au plus {report.target:g} % de mauvaises)."
        )
    return (
        f"Réglage conseillé : « max_wrong_rate: {suggested:g} » dans le fichier FAQ, ou "
        f"--max-wrong-rate {suggested:g} (le plus de bonnes réponses à vos questions avec "
        f"au plus {report.target:g} % de mauvaises)."
    )
