"""``faqbot misses``: the questions nobody answered, grouped, most asked first."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from faqbot.commands.wiring import load
from faqbot.log.reading import (
    LogContents,
    MissGroup,
    MissLogError,
    faq_of_logs,
    question_key,
    read_log,
    summarize,
)
from faqbot.support.status import ExitStatus
from faqbot.text.display import counted, date_span

if TYPE_CHECKING:
    import argparse

    from faqbot.commands.environment import Environment


def run_misses(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """``faqbot misses``: print the summary of a miss log;
    :attr:`ExitStatus.ERROR` when lines or the file were bad."""
    as_json = args.json
    output = env.stdout.line
    errors: list[str] = []
    notes: list[str] = []
    contents = []
    for path in args.files:
        try:
            contents.append(read_log(path, errors, notes))
        except MissLogError as error:
            return env.error(str(error))
    records = [record for content in contents for record in content.misses]
    faq = load(faq_of_logs(args.faq, contents))
    for note in notes:
        env.warn(note)
    for bad_line in errors:
        env.warn(bad_line)
    groups = summarize(records)
    picked = _picked(groups, contents)
    known = {entry.id for entry in faq.entries}
    if as_json:
        for group, chosen in zip(groups, picked, strict=True):
            output(
                json.dumps(
                    {
                        "count": group.count,
                        "questions": list(group.questions),
                        "closest": group.closest_id,
                        "closest_question": group.closest_question,
                        "confidence": group.best_score,
                        "in_faq": group.closest_id in known,
                        "picked": dict(chosen.most_common()),
                        "first": group.first,
                        "last": group.last,
                    },
                    ensure_ascii=False,
                )
            )
        return ExitStatus.ERROR if errors else ExitStatus.OK
    output(f"{counted(len(records), 'question')} sans réponse, {counted(len(groups), 'groupe')} :")
    for group, chosen in zip(groups, picked, strict=True):
        when = date_span(group.first, group.last)
        output(f"{group.count:>5} × « {group.questions[0]} »{when and ', '}{when}")
        for other in group.questions[1:4]:
            output(f"        aussi : « {other} »")
        if len(group.questions) > 4:
            more = len(group.questions) - 4
            output(f"        … et {counted(more, 'autre')}")
        if group.closest_id is None:
            output("        plus proche : aucune entrée")
        else:
            unknown = "" if group.closest_id in known else " (absente de cette FAQ)"
            confidence = f"confiance {group.best_score:.0f} %"
            output(f"        plus proche : {group.closest_id}{unknown} ({confidence})")
        if chosen:
            entries = ", ".join(
                f"{entry_id} ({counted(count, 'personne')})"
                for entry_id, count in chosen.most_common()
            )
            output(f"        choisie parmi les suggestions : {entries}")
    return ExitStatus.ERROR if errors else ExitStatus.OK


def _picked(groups: list[MissGroup], contents: list[LogContents]) -> list[Counter[str]]:
    """For each group, the entries askers chose among its suggestions, with
    how many askers chose each (as ``learn`` counts them: once an address)."""
    number = {question_key(question): n for n, g in enumerate(groups) for question in g.questions}
    askers: list[dict[str, set[object]]] = [{} for _ in groups]
    line = 0
    for content in contents:
        for pick in content.picks:
            line += 1
            found = number.get(question_key(pick.question))
            if found is not None:
                asker = pick.asker if pick.asker is not None else line
                askers[found].setdefault(pick.chosen, set()).add(asker)
    return [Counter({entry: len(who) for entry, who in chosen.items()}) for chosen in askers]
