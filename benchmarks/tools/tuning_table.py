"""Write ``docs/tuning.md``: every tuning constant of the package, one line each.

Run from the project's root::

    python -m benchmarks.tools.tuning_table > docs/tuning.md

A tuning constant is a module-level name in capitals bound to a number (or
a tuple of numbers). Its line gives the module, the value, what its
docstring says first, and the command its docstring names to measure or
refit it (``python …`` in double back-quotes). A docstring after a group of
constants with none of their own describes the whole group.
``tests/test_docs.py`` checks that the page matches the code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "faqbot"
COMMAND = re.compile(r"``(python [^`]+)``")


def _number(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _number(node.operand)
    if isinstance(node, ast.Tuple):
        return bool(node.elts) and all(_number(e) for e in node.elts)
    if isinstance(node, ast.BinOp):
        return _number(node.left) and _number(node.right)
    return False


def constants(path: Path) -> Iterator[tuple[str, str, str]]:
    """(name, value, docstring) for each tuning constant of the module at ``path``."""
    body = ast.parse(path.read_text(encoding="utf-8")).body
    waiting: list[tuple[str, str]] = []
    for position, node in enumerate(body):
        target = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target = node.target
        value = getattr(node, "value", None)
        if not (isinstance(target, ast.Name) and target.id.isupper() and value is not None):
            if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
                for name, shown in waiting:
                    yield name, shown, ""
                waiting = []
            continue
        if not _number(value):
            continue
        waiting.append((target.id, ast.unparse(value)))
        after = body[position + 1] if position + 1 < len(body) else None
        if (
            isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            for name, shown in waiting:
                yield name, shown, after.value.value
            waiting = []
    for name, shown in waiting:
        yield name, shown, ""


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    found = re.search(r"^(.+?\.)(\s|$)", flat)
    sentence = found.group(1) if found else flat
    return sentence.replace("|", "\\|")


def table() -> str:
    lines = [
        "# Tuning constants",
        "",
        "Every number the package is tuned by, where it lives and what it does, with the",
        "command its docstring names to measure or refit it, or the tests that check it",
        "when it is a limit. This page is written by",
        "`python -m benchmarks.tools.tuning_table > docs/tuning.md`; a test checks it",
        "matches the code. The docstring beside each constant says more.",
        "",
        "| module | constant | value | what it does | measured, refitted or checked by |",
        "|---|---|---|---|---|",
    ]
    undocumented = without_command = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for name, value, doc in constants(path):
            commands = "; ".join(
                f"`{c}`" for c in dict.fromkeys(" ".join(c.split()) for c in COMMAND.findall(doc))
            )
            what = _first_sentence(doc) if doc else "(no docstring)"
            undocumented += not doc
            without_command += not commands
            shown = value if len(value) <= 24 else value[:21] + "…"
            lines.append(f"| `{module}` | `{name}` | `{shown}` | {what} | {commands} |")
    lines += [
        "",
        f"Constants without a docstring: {undocumented}.",
        f"Constants without a command: {without_command}.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(table(), end="")
