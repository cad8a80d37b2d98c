"""``faqbot check``: validate a FAQ file, then print what would make it
answer badly (:mod:`faqbot.authoring.advice`) and its calibration."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from faqbot.authoring.advice import MAX_WARNINGS, advise
from faqbot.commands.calibration_report import as_dict, describe
from faqbot.commands.wiring import faq_path, open_matcher
from faqbot.faqfile.faq import FAQError, parse_faq, read_faq_text
from faqbot.faqfile.locator import Locator
from faqbot.support.status import ExitStatus
from faqbot.text.display import counted

if TYPE_CHECKING:
    import argparse

    from faqbot.commands.environment import Environment


def run_check(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """``faqbot check``: print the findings about a FAQ file.

    :attr:`ExitStatus.ERROR` for errors, :attr:`ExitStatus.NO_ANSWER` for
    warnings with ``--strict``.
    """
    if args.file is not None and args.faq is not None and args.file != args.faq:
        return env.error(f"deux fichiers FAQ donnés, {args.file} et {args.faq} : gardez-en un")
    path = faq_path(args.file or args.faq)
    as_json = args.json
    strict = args.strict
    output = env.stdout.line
    try:
        text, source = read_faq_text(path)
        faq = parse_faq(text, source=source)
    except FAQError as error:
        if as_json:
            output(json.dumps({"source": path, "load_error": str(error)}, ensure_ascii=False))
        else:
            output(f"{error}")
        return ExitStatus.ERROR
    matcher = open_matcher(faq, max_wrong_rate=args.max_wrong_rate)
    findings = advise(faq, matcher, text=text)
    lines: list[int | None] = []
    if findings:  # lines are only needed to place findings
        placed = Locator(text).lines_of([f.where for f in findings])
        lines = [
            f.line or (line if f.where else None) for f, line in zip(findings, placed, strict=True)
        ]
    errors = sum(f.severity == "erreur" for f in findings)
    warnings = len(findings) - errors
    # The most useful warnings (in the order advise gives them), then all in line order.
    kept = [i for i, f in enumerate(findings) if f.severity == "erreur"]
    kept += [i for i, f in enumerate(findings) if f.severity != "erreur"][:MAX_WARNINGS]
    kept.sort(key=lambda i: (findings[i].severity != "erreur", lines[i] or 0))
    findings, lines = [findings[i] for i in kept], [lines[i] for i in kept]
    hidden = warnings - min(warnings, MAX_WARNINGS)
    phrasings = sum(len(e.phrasings) for e in faq.entries)
    if as_json:
        output(
            json.dumps(
                {
                    "source": faq.source,
                    "entries": len(faq.entries),
                    "phrasings": phrasings,
                    "errors": errors,
                    "warnings": warnings,
                    "findings": [
                        {"severity": f.severity, "line": line, "message": f.message}
                        for f, line in zip(findings, lines, strict=True)
                    ],
                    "calibration": as_dict(matcher.calibration),
                },
                ensure_ascii=False,
            )
        )
    else:
        for finding, line in zip(findings, lines, strict=True):
            location = f"{faq.source}:{line}" if line else faq.source
            output(f"{location} : {finding.severity} : {finding.message}")
        output(f"{faq.source} : {describe(matcher.calibration)}")
        shown = f" ({len(findings) - errors} montrés, les plus utiles)" if hidden else ""
        output(
            f"{faq.source} : {counted(len(faq.entries), 'entrée')}, "
            f"{counted(phrasings, 'formulation')}, {counted(errors, 'erreur')}, "
            f"{counted(warnings, 'avertissement')}{shown}"
        )
    if errors:
        return ExitStatus.ERROR
    return ExitStatus.NO_ANSWER if strict and warnings else ExitStatus.OK
