"""``faqbot list``: the FAQ's questions, numbered, or as JSON lines."""

from __future__ import annotations

import argparse
import json

from faqbot.commands.environment import Environment
from faqbot.commands.wiring import load
from faqbot.support.status import ExitStatus


def run_list(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """``faqbot list``: the FAQ's questions, numbered, or as JSON lines."""
    faq = load(args.faq)
    output = env.stdout
    if args.json:
        for entry in faq.entries:
            output.line(
                json.dumps({"id": entry.id, "question": entry.question}, ensure_ascii=False)
            )
        return ExitStatus.OK
    for number, entry in enumerate(faq.entries, start=1):
        output.paragraph(f"{number}. {entry.question}")
    return ExitStatus.OK
