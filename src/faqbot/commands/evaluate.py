"""``faqbot eval``: how a matcher does on labeled questions, in French."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from faqbot.authoring.labeled import (
    NO_ANSWER,
    TARGETS,
    LabeledFileError,
    LabeledQuestion,
    Report,
    evaluate,
    read_labeled,
)
from faqbot.commands.calibration_report import as_dict, describe
from faqbot.commands.wiring import load, open_matcher
from faqbot.support.status import ExitStatus
from faqbot.text.display import counted, one_line

if TYPE_CHECKING:
    import argparse

    from faqbot.commands.environment import Environment


def run_eval(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """``faqbot eval``: print the evaluation of labeled files.

    :attr:`ExitStatus.NO_ANSWER` when right answers fall below
    ``--min-accuracy``. A file that cannot be read stops everything; a bad
    line is reported and skipped.
    """
    faq = load(args.faq)
    as_json = args.json
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
    target = args.max_wrong_rate
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
