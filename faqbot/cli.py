"""The ``faqbot`` command.

``faqbot`` alone opens the interactive session on a terminal, and answers
stdin line by line otherwise. ``faqbot ask``, ``list``, ``check``, ``eval``
and ``misses`` serve scripts and FAQ authors. Exit codes: 0 when all went
well, 1 when a question got no answer (or a check failed), 2 on usage and
FAQ-file errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any, NoReturn

from faqbot.faq import FAQ, FAQError, load_faq
from faqbot.matcher import Match, Matcher
from faqbot.text import one_line, safe_text, wrap

EXIT_OK, EXIT_NO_ANSWER, EXIT_USAGE = 0, 1, 2
FAQ_ENV = "FAQBOT_FAQ"

# argparse's own messages, in French.
_ARGPARSE_FRENCH = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et quitte",
    "show program's version number and exit": "affiche la version et quitte",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "expected one argument": "une valeur est attendue",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r "
    "(choisir parmi %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s "
    "(%(matches)s ?)",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "not allowed with argument %s": "incompatible avec l'argument %s",
}


def _french(message: str) -> str:
    return _ARGPARSE_FRENCH.get(message, message)


argparse._ = _french  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog} : erreur : {one_line(message)}\n")


class _Output:
    """Writes to stdout; a reader that leaves early ends the program quietly."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.is_terminal = stream.isatty()

    def width(self) -> int | None:
        if not self.is_terminal:
            return None
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError):
            columns = 80
        return min(columns, 100) - 1

    def line(self, text: str = "") -> None:
        self.stream.write(safe_text(text) + "\n")

    def paragraph(self, text: str) -> None:
        width = self.width()
        self.line(wrap(text, width=width) if width else one_line(text))


def _error(message: str) -> int:
    print(f"faqbot : {one_line(message)}", file=sys.stderr)
    return EXIT_USAGE


class _VersionAction(argparse.Action):
    """Prints the version; looked up only when asked, to keep start-up fast."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="affiche la version et quitte")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        import faqbot

        print(f"faqbot {faqbot.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    faq_option = argparse.ArgumentParser(add_help=False)
    faq_option.add_argument(
        "--faq",
        metavar="CHEMIN",
        default=argparse.SUPPRESS,
        help=f"fichier FAQ à utiliser (sinon ${FAQ_ENV}, sinon la FAQ intégrée)",
    )
    log_option = argparse.ArgumentParser(add_help=False)
    log_option.add_argument(
        "--log-misses",
        metavar="FICHIER",
        default=argparse.SUPPRESS,
        help="ajoute à FICHIER une ligne JSON par question restée sans réponse",
    )
    json_option = argparse.ArgumentParser(add_help=False)
    json_option.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="sortie JSON"
    )
    parser = _Parser(
        prog="faqbot",
        description="Répond aux questions de la FAQ, ou dit honnêtement qu'il ne sait pas. "
        "Sans commande : une session interactive sur un terminal, sinon une question "
        "par ligne lue sur l'entrée standard.",
        parents=[faq_option, log_option, json_option],
    )
    parser.add_argument("--version", action=_VersionAction)
    # An explicit prog spares argparse a help formatter, and its import of shutil, at start-up.
    commands = parser.add_subparsers(
        dest="command", metavar="COMMANDE", parser_class=_Parser, prog="faqbot"
    )
    ask = commands.add_parser(
        "ask",
        parents=[faq_option, log_option, json_option],
        help="répond à une question, ou à chaque ligne de l'entrée standard",
    )
    ask.add_argument("question", nargs="*", help="la question (sinon lue sur l'entrée standard)")
    commands.add_parser("list", parents=[faq_option], help="liste les questions de la FAQ")
    check = commands.add_parser("check", parents=[faq_option], help="vérifie un fichier FAQ")
    check.add_argument(
        "--strict", action="store_true", help="code de sortie 1 s'il y a des avertissements"
    )
    evaluate = commands.add_parser(
        "eval", parents=[faq_option, json_option], help="mesure la FAQ sur des questions étiquetées"
    )
    evaluate.add_argument(
        "file", metavar="FICHIER", nargs="+", help="lignes id<TAB>question (- : hors sujet)"
    )
    evaluate.add_argument(
        "--min-accuracy",
        type=float,
        metavar="X",
        help="code de sortie 1 si la précision est sous X %%",
    )
    misses = commands.add_parser(
        "misses", parents=[faq_option], help="résume un journal de questions sans réponse"
    )
    misses.add_argument("file", metavar="FICHIER", help="journal écrit par --log-misses")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``faqbot`` command; return its exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as leaving:
        return leaving.code if isinstance(leaving.code, int) else EXIT_USAGE
    if sys.stdout is None:
        return _error("la sortie standard est fermée")
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    output = _Output(sys.stdout)
    try:
        return _dispatch(args, output)
    except FAQError as error:
        return _error(str(error))
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        _silence_stdout()
        return _error(f"entrée ou sortie impossible ({error.strerror or error})")
    except Exception as error:  # a bug: still one line, never a traceback
        return _error(f"erreur inattendue ({type(error).__name__} : {error})")


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _faq_path(args: argparse.Namespace) -> str | None:
    return getattr(args, "faq", None) or os.environ.get(FAQ_ENV) or None


def _load(args: argparse.Namespace) -> FAQ:
    return load_faq(_faq_path(args))


def _matcher(faq: FAQ) -> Matcher:
    """The matcher for ``faq``, reusing what an earlier run learnt of it."""
    from faqbot.cache import default_cache_dir

    return Matcher(faq, cache_dir=default_cache_dir())


def _dispatch(args: argparse.Namespace, output: _Output) -> int:
    command = args.command
    if command == "list":
        for number, entry in enumerate(_load(args).entries, start=1):
            output.paragraph(f"{number}. {entry.question}")
        return EXIT_OK
    if command == "check":
        from faqbot.lint import run_check

        return run_check(_faq_path(args), strict=args.strict, output=output.line, build=_matcher)
    if command == "eval":
        from faqbot.evaluate import run_eval

        return run_eval(
            _matcher(_load(args)),
            args.file,
            as_json=getattr(args, "json", False),
            min_accuracy=args.min_accuracy,
            output=output.line,
        )
    if command == "misses":
        from faqbot.misses import run_misses

        return run_misses(args.file, _load(args), output=output.line)
    matcher = _matcher(_load(args))
    log = _miss_log(args)
    as_json = getattr(args, "json", False)
    if command == "ask" and args.question:
        question = " ".join(args.question)
        if not question.strip():
            return _error("la question est vide")
        return _answer_all([question], matcher, output, as_json, log)
    if command is None and sys.stdin.isatty() and not as_json:
        from faqbot.repl import interactive
        from faqbot.session import Reply, SessionState

        def log_reply(line: str, reply: Reply) -> None:
            if log is not None:
                log(line, reply.choices)

        return interactive(SessionState(matcher), on_miss=log_reply if log else None)
    if sys.stdin.isatty():
        print("Tapez vos questions, une par ligne ; Ctrl-D pour finir.", file=sys.stderr)
    return _answer_all(_stdin_lines(), matcher, output, as_json, log)


def _miss_log(args: argparse.Namespace) -> Callable[[str, Any], None] | None:
    path = getattr(args, "log_misses", None)
    if path is None:
        return None
    from faqbot.misses import MissLog

    return MissLog(path).record


def _stdin_lines() -> Iterator[str]:
    """Questions from stdin, one per line; invalid UTF-8 is replaced and reported."""
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("utf-8", errors="replace")
            print(
                f"faqbot : ligne {number} : UTF-8 invalide, octets remplacés par « \ufffd »",
                file=sys.stderr,
            )
        line = line.rstrip("\r\n")
        if line.strip():
            yield line


def _answer_all(
    questions: Iterator[str] | list[str],
    matcher: Matcher,
    output: _Output,
    as_json: bool,
    log: Callable[[str, Any], None] | None,
) -> int:
    code = EXIT_OK
    first = True
    for question in questions:
        hit, close = matcher.lookup(question)
        if hit is None:
            code = EXIT_NO_ANSWER
            if log is not None:
                log(question, close)
        if as_json:
            output.line(_json_line(question, hit, close))
        else:
            if not first:
                output.line()
            output.paragraph(hit.entry.answer if hit else _no_answer_text(question, close))
        output.stream.flush()
        first = False
    return code


def _no_answer_text(question: str, close: list[Match]) -> str:
    shown = one_line(question)
    if len(shown) > 60:
        shown = shown[:59] + "…"
    if not close:
        return (
            f"Je ne sais pas répondre à « {shown} ». "
            "Tapez « faqbot list » pour voir les questions auxquelles je sais répondre."
        )
    proposals = " ; ".join(f"« {m.entry.question} »" for m in close)
    return f"Je ne suis pas sûr de comprendre « {shown} ». Vouliez-vous dire : {proposals} ?"


def _json_line(question: str, hit: Match | None, close: list[Match]) -> str:
    import json

    best = hit.score if hit else (close[0].score if close else 0.0)
    return json.dumps(
        {
            "query": question,
            "id": hit.entry.id if hit else None,
            "question": hit.entry.question if hit else None,
            "answer": hit.entry.answer if hit else None,
            "score": best,
            "suggestions": [
                {"id": m.entry.id, "question": m.entry.question, "score": m.score} for m in close
            ],
        },
        ensure_ascii=False,
    )
