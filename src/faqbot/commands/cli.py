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
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any, NamedTuple, NoReturn, TextIO

from faqbot import __version__
from faqbot.commands import FAQ_ENV
from faqbot.commands.environment import Environment
from faqbot.faqfile.faq import FAQError
from faqbot.support.files import french_reason
from faqbot.support.interrupt import (
    INTERRUPTED,
    end_the_line,
    exit_quietly,
    is_default,
    noted_interrupt,
    set_interrupt_handler,
)
from faqbot.support.status import ExitStatus
from faqbot.text.display import Output, one_line

DEBUG_ENV = "FAQBOT_DEBUG"

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


class _french_messages:
    """argparse's messages in French while faqbot's own parsers build, parse or
    print, and only then: another parser in the process keeps its own."""

    def __enter__(self) -> None:
        self.previous = argparse._  # type: ignore[attr-defined]
        argparse._ = _french  # type: ignore[attr-defined]

    def __exit__(self, *exc: object) -> None:
        argparse._ = self.previous  # type: ignore[attr-defined]


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
    """faqbot's parsers: French messages, and a failed write of help is an error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        with _french_messages():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with _french_messages():
            return super().add_subparsers(**kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with _french_messages():
            return super().parse_known_args(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with _french_messages():
            return super().parse_args(*args, **kwargs)

    def format_usage(self) -> str:
        with _french_messages():
            return super().format_usage()

    def format_help(self) -> str:
        with _french_messages():
            return super().format_help()

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse drops a failed write silently: help on a full disk exited 0.
        if message:
            (file or sys.stderr).write(message)

    def error(self, message: str) -> NoReturn:
        self.exit(ExitStatus.ERROR, f"{self.prog} : erreur : {one_line(message)}\n")


def _error(message: str) -> ExitStatus:
    """One line of French on stderr, before an environment exists."""
    print(f"faqbot : {one_line(message)}", file=sys.stderr)
    return ExitStatus.ERROR


class _VersionAction(argparse.Action):
    """Prints the version."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="affiche la version et quitte")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"faqbot {__version__}")
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


def _shared_options() -> dict[str, argparse.ArgumentParser]:
    """The options several commands take, each in a parser of its own to copy from."""
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
        "--log",
        "--log-misses",
        dest="log_misses",
        metavar="FICHIER",
        type=_path,
        default=argparse.SUPPRESS,
        help="ajoute à FICHIER une ligne JSON par question (avec sa réponse sûre ou ses "
        "suggestions), par question choisie parmi les suggestions et par avis sur une réponse",
    )
    json_option = _Parser(add_help=False)
    json_option.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="sortie JSON"
    )
    rate_option = _Parser(add_help=False)
    rate_option.add_argument(
        "--max-wrong-rate",
        type=_percentage,
        metavar="X",
        default=argparse.SUPPRESS,
        help="part de mauvaises réponses visée, en %% (sinon celle du fichier FAQ, sinon 2)",
    )
    debug_option = _Parser(add_help=False)
    debug_option.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help=f"montre la trace d'une erreur inattendue (aussi {DEBUG_ENV}=1)",
    )
    return {
        "faq": faq_option,
        "log": log_option,
        "json": json_option,
        "rate": rate_option,
        "debug": debug_option,
    }


def _ask_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="*", help="la question (sinon lue sur l'entrée standard)")


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FICHIER",
        nargs="?",
        type=_path,
        help="le fichier FAQ à vérifier (comme --faq)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="code de sortie 1 s'il y a des avertissements"
    )


def _eval_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FICHIER", nargs="+", help="lignes id<TAB>question (- : hors sujet)"
    )
    parser.add_argument(
        "--min-accuracy",
        type=_percentage,
        metavar="X",
        help="code de sortie 1 si les bonnes réponses sont sous X %% des questions sur la FAQ",
    )


def _misses_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        metavar="FICHIER",
        nargs="+",
        type=_path,
        help="journal écrit par --log-misses (plusieurs : résumés ensemble)",
    )


def _learn_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "logs", metavar="JOURNAL", nargs="+", type=_path, help="journal écrit par --log"
    )
    parser.add_argument(
        "--apply",
        action="store_true",
        help="ajoute les variantes proposées au fichier FAQ (sans toucher au reste), "
        "sauf si la FAQ s'en trouve moins bonne",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="avec --apply : écrit même quand la mesure dit que la FAQ serait moins bonne",
    )
    parser.add_argument(
        "--same-faq",
        action="store_true",
        help="les journaux parlent de la FAQ de --faq, quel que soit le fichier qu'ils nomment",
    )
    parser.add_argument(
        "--eval",
        action="append",
        default=[],
        metavar="FICHIER",
        type=_path,
        help="avec --apply : questions étiquetées (comme pour faqbot eval) dont les bonnes "
        "réponses ne doivent pas baisser, à répéter",
    )


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8000, help="port d'écoute (8000)")
    parser.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="ORIGINE",
        help="site autorisé à appeler l'API et à intégrer la page (https://exemple.fr), "
        "à répéter pour plusieurs",
    )


def _init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FICHIER",
        nargs="?",
        default="faq.yaml",
        type=_path,
        help="où l'écrire (par défaut faq.yaml ; jamais par-dessus un fichier existant)",
    )


class _Command(NamedTuple):
    """A command as the parser knows it: its help line, the shared options it
    takes, and how to add its own arguments."""

    help: str
    shared: tuple[str, ...]
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    description: str | None = None


_COMMANDS = {
    "ask": _Command(
        "répond à une question, ou à chaque ligne de l'entrée standard",
        ("faq", "log", "json", "rate", "debug"),
        _ask_arguments,
        "Répond à la question donnée (ses mots forment une seule question), ou "
        "à chaque ligne de l'entrée standard.",
    ),
    "list": _Command("liste les questions de la FAQ", ("faq", "json", "debug")),
    "check": _Command("vérifie un fichier FAQ", ("faq", "json", "rate", "debug"), _check_arguments),
    "eval": _Command(
        "mesure la FAQ sur des questions étiquetées",
        ("faq", "json", "rate", "debug"),
        _eval_arguments,
    ),
    "misses": _Command(
        "résume un journal de questions sans réponse",
        ("faq", "json", "debug"),
        _misses_arguments,
    ),
    "learn": _Command(
        "propose comme variantes les questions choisies par les visiteurs",
        ("faq", "json", "debug"),
        _learn_arguments,
        "Lit des journaux écrits avec --log et propose, entrée par entrée, les "
        "questions des visiteurs qui ont choisi une suggestion ; --apply les ajoute au fichier.",
    ),
    "serve": _Command(
        "sert la FAQ sur le web : une page de discussion et une API JSON",
        ("faq", "log", "rate", "debug"),
        _serve_arguments,
    ),
    "init": _Command("écrit un fichier FAQ de départ, commenté", ("debug",), _init_arguments),
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of the ``faqbot`` command line ``argv`` (by default all of
    ``sys.argv``'s): only the commands it names get their options, since
    building them all costs every start a millisecond; the others are
    listed, for ``faqbot --help``."""
    named = set(sys.argv[1:] if argv is None else argv)
    shared = _shared_options()
    parser = _Parser(
        prog="faqbot",
        description="Répond aux questions de la FAQ, ou dit honnêtement qu'il ne sait pas. "
        "Sans commande : une session interactive sur un terminal, sinon une question "
        "par ligne lue sur l'entrée standard.",
        parents=[shared[name] for name in ("faq", "log", "json", "rate", "debug")],
    )
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(
        dest="command", metavar="COMMANDE", parser_class=_Parser, prog="faqbot"
    )
    for name, command in _COMMANDS.items():
        if name not in named:
            commands.add_parser(name, help=command.help, add_help=False)
            continue
        built = commands.add_parser(
            name,
            parents=[shared[option] for option in command.shared],
            help=command.help,
            description=command.description,
        )
        if command.arguments is not None:
            command.arguments(built)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``faqbot`` command; return its exit status."""
    # Until the real work starts, Ctrl-C ends faqbot at once and quietly.
    previous = _set_interrupt(exit_quietly, argv)
    try:
        parser = build_parser(argv)
        try:
            args = parser.parse_args(argv)
        except SystemExit as leaving:
            code = leaving.code if isinstance(leaving.code, int) else ExitStatus.ERROR
            return _flushed(code)
        except OSError as error:  # help or version could not be written
            _silence_stdout()
            return _output_error(error)
        if sys.stdout is None:
            return _error("la sortie standard est fermée")
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="replace")
        for option, default in SHARED_DEFAULTS.items():
            if not hasattr(args, option):  # given neither before nor after the command
                setattr(args, option, default)
        debug = args.debug or os.environ.get(DEBUG_ENV, "") not in ("", "0")
        env = Environment(_output_for(sys.stdout), sys.stderr, sys.stdin, debug=debug)
        _set_interrupt(noted_interrupt if is_default(previous) else previous, argv)
        return _run(args, env)
    except KeyboardInterrupt:
        end_the_line()
        return ExitStatus.INTERRUPTED
    finally:
        # From here to the end of the process, Ctrl-C ends it at once and quietly.
        _set_interrupt(exit_quietly, argv)


SHARED_DEFAULTS: dict[str, object] = {
    "faq": None,
    "log_misses": None,
    "json": False,
    "max_wrong_rate": None,
    "debug": False,
}
"""The options every command takes, before or after its name. Their parsers
leave them out when absent, so that one given before the command is not
overwritten after it; :func:`main` then sets these defaults, once."""


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


def _output_error(error: OSError) -> ExitStatus:
    return _error(f"écriture impossible sur la sortie standard ({french_reason(error)})")


def _run(args: argparse.Namespace, env: Environment) -> ExitStatus:
    try:
        status = _dispatch(args, env)
        env.stdout.flush()
        return status
    except FAQError as error:
        return env.error(str(error))
    except BrokenPipeError:
        _silence_stdout()
        return ExitStatus.OK
    except KeyboardInterrupt:
        end_the_line()
        return ExitStatus.INTERRUPTED
    except OSError as error:
        _silence_stdout()
        if getattr(error, "filename", None) is None:
            return _output_error(error)
        return env.error(f"{error.filename} : {french_reason(error)}")
    except Exception as error:  # a bug: still one line, never a traceback unless asked
        if _interrupted(error):
            end_the_line()
            return ExitStatus.INTERRUPTED
        if env.debug:
            # Printed by the interpreter itself, which needs no module to do it.
            env.stderr.flush()
            sys.__excepthook__(type(error), error, error.__traceback__)
        hint = "" if env.debug else " ; --debug montre où"
        return env.error(f"erreur inattendue ({type(error).__name__} : {error}){hint}")


def _interrupted(error: BaseException) -> bool:
    """True for an error that Ctrl-C caused: an extension module being
    imported when it came (rapidfuzz's) turns the interrupt into an
    ImportError of its own, sometimes with the interrupt as its context."""
    if INTERRUPTED[0]:
        return True
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _dispatch(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """Run the command ``args`` names, imported only then, to keep start-up fast."""
    module, name = _RUNNERS[args.command or _without_command(args, env)]
    run: Runner = getattr(import_module(module), name)
    return ExitStatus(run(args, env))


def _output_for(stream: TextIO) -> Output:
    """Where a command writes: wrapped to the width of a terminal, whose
    module only a terminal loads, or one line a paragraph for a pipe or file."""
    if not stream.isatty():
        return Output(stream)
    terminal: type[Output] = import_module("faqbot.text.wrapping").TerminalOutput
    return terminal(stream)


def _without_command(args: argparse.Namespace, env: Environment) -> str:
    """``faqbot`` alone: the session on a terminal, else each line of stdin answered."""
    on_terminal = env.stdin is not None and env.stdin.isatty()
    return "session" if on_terminal and not args.json else "ask"


Runner = Callable[[argparse.Namespace, Environment], ExitStatus]
"""A command: its arguments and environment in, its status out."""
_RUNNERS = {
    "ask": ("faqbot.commands.ask", "run_ask"),
    "session": ("faqbot.commands.repl", "run_session"),
    "list": ("faqbot.commands.listing", "run_list"),
    "check": ("faqbot.commands.check", "run_check"),
    "eval": ("faqbot.commands.evaluate", "run_eval"),
    "misses": ("faqbot.commands.misses", "run_misses"),
    "serve": ("faqbot.web.server", "run_serve"),
    "init": ("faqbot.commands.starter", "run_init"),
    "learn": ("faqbot.commands.learn", "run_learn"),
}
