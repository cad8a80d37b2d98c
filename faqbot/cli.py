"""The ``faqbot`` command.

``faqbot`` alone opens the interactive session on a terminal, and answers
stdin line by line otherwise. ``faqbot ask``, ``list``, ``check``, ``eval``,
``misses`` and ``init`` serve scripts and FAQ authors. Exit codes: 0 when all
went well, 1 when a question got no answer (or a check failed), 2 on usage,
file and output errors, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from faqbot.interrupt import exit_quietly, set_interrupt_handler

if TYPE_CHECKING:
    from faqbot.ask import MissLogger
    from faqbot.faq import FAQ
    from faqbot.matcher import Matcher
    from faqbot.text import Output

EXIT_OK, EXIT_NO_ANSWER, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
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


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, without its import of shutil (a few ms of every start-up)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """The width of the terminal, as ``shutil.get_terminal_size`` finds it."""
    try:
        return max(int(os.environ["COLUMNS"]), 1)
    except (KeyError, ValueError):
        pass
    try:
        stream = sys.__stdout__
        return os.get_terminal_size(stream.fileno()).columns or 80 if stream else 80
    except (AttributeError, ValueError, OSError):
        return 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse drops a failed write silently: help on a full disk exited 0.
        if message:
            (file or sys.stderr).write(message)

    def error(self, message: str) -> NoReturn:
        from faqbot.text import one_line

        self.exit(EXIT_USAGE, f"{self.prog} : erreur : {one_line(message)}\n")


def _error(message: str) -> int:
    from faqbot.text import one_line

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


def _percentage(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre") from None
    if math.isnan(value) or not 0.0 <= value <= 100.0:
        raise argparse.ArgumentTypeError(f"{text} n'est pas un pourcentage entre 0 et 100")
    return value


def _port(text: str) -> int:
    if not text.isdecimal() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un port (0 à 65535)")
    return int(text)


def _path(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError("le chemin est vide (une variable non définie ?)")
    return text


def build_parser() -> argparse.ArgumentParser:
    faq_option = _Parser(add_help=False)
    faq_option.add_argument(
        "--faq",
        metavar="CHEMIN",
        type=_path,
        default=argparse.SUPPRESS,
        help=f"fichier FAQ à utiliser (sinon ${FAQ_ENV}, sinon la FAQ intégrée)",
    )
    log_option = _Parser(add_help=False)
    log_option.add_argument(
        "--log-misses",
        metavar="FICHIER",
        type=_path,
        default=argparse.SUPPRESS,
        help="ajoute à FICHIER une ligne JSON par question restée sans réponse",
    )
    json_option = _Parser(add_help=False)
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
    commands = parser.add_subparsers(
        dest="command", metavar="COMMANDE", parser_class=_Parser, prog="faqbot"
    )
    ask = commands.add_parser(
        "ask",
        parents=[faq_option, log_option, json_option],
        help="répond à une question, ou à chaque ligne de l'entrée standard",
        description="Répond à la question donnée (ses mots forment une seule question), ou "
        "à chaque ligne de l'entrée standard.",
    )
    ask.add_argument("question", nargs="*", help="la question (sinon lue sur l'entrée standard)")
    commands.add_parser(
        "list", parents=[faq_option, json_option], help="liste les questions de la FAQ"
    )
    check = commands.add_parser(
        "check", parents=[faq_option, json_option], help="vérifie un fichier FAQ"
    )
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
        type=_percentage,
        metavar="X",
        help="code de sortie 1 si les bonnes réponses sont sous X %% des questions sur la FAQ",
    )
    misses = commands.add_parser(
        "misses",
        parents=[faq_option, json_option],
        help="résume un journal de questions sans réponse",
    )
    misses.add_argument(
        "file", metavar="FICHIER", type=_path, help="journal écrit par --log-misses"
    )
    serve = commands.add_parser(
        "serve",
        parents=[faq_option, log_option],
        help="sert la FAQ sur le web : une page de discussion et une API JSON",
    )
    serve.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port d'écoute (8000)")
    serve.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="ORIGINE",
        help="site autorisé à appeler l'API et à intégrer la page (https://exemple.fr), "
        "à répéter pour plusieurs",
    )
    init = commands.add_parser("init", help="écrit un fichier FAQ de départ, commenté")
    init.add_argument(
        "file",
        metavar="FICHIER",
        nargs="?",
        default="faq.yaml",
        type=_path,
        help="où l'écrire (par défaut faq.yaml ; jamais par-dessus un fichier existant)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``faqbot`` command; return its exit code."""
    # Until the real work starts, Ctrl-C ends faqbot at once and quietly.
    previous = _set_interrupt(exit_quietly, argv)
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as leaving:
            return _flushed(leaving.code if isinstance(leaving.code, int) else EXIT_USAGE)
        except OSError as error:  # help or version could not be written
            _silence_stdout()
            return _output_error(error)
        if sys.stdout is None:
            return _error("la sortie standard est fermée")
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="replace")
        from faqbot.text import Output

        output = Output(sys.stdout)
        _set_interrupt(previous, argv)
        return _run(args, output)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    finally:
        # From here to the end of the process, Ctrl-C ends it at once and quietly.
        _set_interrupt(exit_quietly, argv)


def _set_interrupt(handler: Any, argv: list[str] | None) -> Any:
    """Set the SIGINT handler when faqbot is the program (``argv`` is None); return the old one."""
    if argv is not None or handler is None:
        return None
    try:
        return set_interrupt_handler(handler)
    except (ValueError, OSError):  # not the main thread
        return None


def _flushed(code: int) -> int:
    """``code``, once what was printed (help, version) has reached stdout."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as error:
        _silence_stdout()
        return _output_error(error)
    return code


def _output_error(error: OSError) -> int:
    from faqbot.files import french_reason

    return _error(f"écriture impossible sur la sortie standard ({french_reason(error)})")


def _run(args: argparse.Namespace, output: Output) -> int:
    from faqbot.faq import FAQError

    try:
        code = _dispatch(args, output)
        output.flush()
        return code
    except FAQError as error:
        return _error(str(error))
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except OSError as error:
        _silence_stdout()
        if getattr(error, "filename", None) is None:
            return _output_error(error)
        from faqbot.files import french_reason

        return _error(f"{error.filename} : {french_reason(error)}")
    except Exception as error:  # a bug: still one line, never a traceback
        return _error(f"erreur inattendue ({type(error).__name__} : {error})")


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _faq_path(args: argparse.Namespace) -> str | None:
    return getattr(args, "faq", None) or os.environ.get(FAQ_ENV) or None


def _load(args: argparse.Namespace) -> FAQ:
    from faqbot.faq import load_faq

    return load_faq(_faq_path(args))


def _matcher(faq: FAQ) -> Matcher:
    """The matcher for ``faq``, reusing what an earlier run learnt of it."""
    from faqbot.cache import default_cache_dir
    from faqbot.matcher import Matcher

    return Matcher(faq, cache_dir=default_cache_dir())


def _list_command(args: argparse.Namespace) -> str:
    """How to list the questions of the FAQ in use, to say so in a hint."""
    path = getattr(args, "faq", None)
    if path is None:
        return "faqbot list"
    import shlex

    return f"faqbot list --faq {shlex.quote(path)}"


def _dispatch(args: argparse.Namespace, output: Output) -> int:
    command = args.command
    as_json = getattr(args, "json", False)
    if command == "init":
        from faqbot.starter import write_starter

        return write_starter(args.file, output=output.line, error=_error)
    if command == "list":
        return _list(_load(args), output, as_json)
    if command == "serve":
        return _serve(args, output)
    if command == "check":
        from faqbot.lint import run_check

        return run_check(
            _faq_path(args), strict=args.strict, output=output.line, build=_matcher, as_json=as_json
        )
    if command == "eval":
        from faqbot.evaluate import run_eval

        return run_eval(
            _load(args),
            args.file,
            as_json=as_json,
            min_accuracy=args.min_accuracy,
            output=output.line,
            build=_matcher,
        )
    if command == "misses":
        from faqbot.misses import run_misses

        return run_misses(args.file, _load(args), output=output.line, as_json=as_json)
    return _answer(args, output, as_json)


def _list(faq: FAQ, output: Output, as_json: bool) -> int:
    if as_json:
        import json

        for entry in faq.entries:
            output.line(
                json.dumps({"id": entry.id, "question": entry.question}, ensure_ascii=False)
            )
        return EXIT_OK
    for number, entry in enumerate(faq.entries, start=1):
        output.paragraph(f"{number}. {entry.question}")
    return EXIT_OK


def _answer(args: argparse.Namespace, output: Output, as_json: bool) -> int:
    from faqbot import ask

    log = _miss_log(args)
    faq = _load(args)
    if args.command == "ask" and args.question:
        words = [
            ask.argument_text(word, f"argument {number}", ask.warn_on_stderr)
            for number, word in enumerate(args.question, start=1)
        ]
        question = " ".join(words)
        if not question.strip():
            return _error("la question est vide")
        return ask.answer_all(
            [question],
            _matcher(faq),
            output,
            as_json=as_json,
            log=log,
            list_command=_list_command(args),
        )
    stdin = sys.stdin
    if args.command is None and stdin is not None and stdin.isatty() and not as_json:
        from faqbot.repl import interactive
        from faqbot.session import Reply, SessionState

        def log_reply(line: str, reply: Reply) -> None:
            if log is not None:
                log(line, reply.choices)

        return interactive(SessionState(_matcher(faq)), on_miss=log_reply if log else None)
    if stdin is not None and stdin.isatty():
        print("Tapez vos questions, une par ligne ; Ctrl-D pour finir.", file=sys.stderr)
    matcher = _matcher(faq)
    lines = ask.stdin_lines(getattr(stdin, "buffer", None), ask.warn_on_stderr)
    try:
        return ask.answer_all(
            lines, matcher, output, as_json=as_json, log=log, list_command=_list_command(args)
        )
    except ask.LineTooLong as error:
        return _error(str(error))


def _serve(args: argparse.Namespace, output: Output) -> int:
    from faqbot import server, web

    try:
        origins = [web.check_origin(origin) for origin in args.allow_origin]
        server.require_server()
    except (ValueError, server.ServerMissing) as error:
        return _error(str(error))
    app = web.make_app(_matcher(_load(args)), allow_origins=origins, log=_miss_log(args))
    try:
        listening = server.create(app, host=args.host, port=args.port)
    except server.BindError as error:
        return _error(str(error))
    shown = f"[{args.host}]" if ":" in args.host else args.host
    output.line(
        f"faqbot sert la FAQ sur http://{shown}:{listening.effective_port}/ (Ctrl-C pour arrêter)"
    )
    output.flush()
    server.run(listening)  # until Ctrl-C, which raises KeyboardInterrupt: exit 130
    return EXIT_OK


def _miss_log(args: argparse.Namespace) -> MissLogger | None:
    path = getattr(args, "log_misses", None)
    if path is None:
        return None
    from faqbot.misses import MissLog

    log = MissLog(path)
    faq_path = _faq_path(args)
    if faq_path is not None and log.is_same_file(faq_path):
        from faqbot.faq import FAQError

        raise FAQError(
            f"--log-misses {path} : c'est le fichier de la FAQ ; choisissez un autre fichier"
        )
    return log.record
