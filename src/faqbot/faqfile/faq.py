"""FAQ entries, and loading and validating faq.yaml.

The file looks like this::

    synonyms:                 # optional: canonical word -> words people use
      avantage: [bénéfice, atout]
    entries:
      - id: llama
        question: Qu'est-ce que LLaMA ?
        answer: LLaMA est le premier modèle d'IA open source développé par Meta.
        variants: [c'est quoi llama]
        off_topic: [les risques de llama pour la vie privée]  # optional: close, not answered

>>> faq = parse_faq("entries: [{id: a, question: Q ?, answer: R.}]")
>>> faq.entries[0].id, faq.entries[0].phrasings
('a', ('Q ?',))
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from typing import Any, NamedTuple

import yaml

from faqbot.faqfile.locator import Locator
from faqbot.faqfile.yaml_loader import SafeLoader
from faqbot.support.files import line_of_offset, read_bytes
from faqbot.support.perf import paused_gc
from faqbot.text.display import one_line

_BaseLoader = SafeLoader


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, first: int, second: int) -> None:
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


class _Alias(yaml.YAMLError):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing keys given twice: the second would silently
    replace the first."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                first = seen.setdefault(key_node.value, line)
                if first != line:
                    raise _DuplicateKey(key_node.value, first, line)
        return super().construct_mapping(node, deep)


class _NoAliasLoader(_Loader):
    """The safe loader, refusing keys given twice and aliases.

    An alias repeats its anchor's content wherever it is used: a small file of
    nested aliases would expand to gigabytes. Only a text with an anchor
    (``&name``) can hold one; checking every node costs a fifth of the parse.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Alias(node.start_mark.line + 1)
        return super().construct_object(node, deep)


# PyYAML's problems, in French, with what to do about them.
_YAML_PROBLEMS = (
    (
        "mapping values are not allowed",
        "« : » inattendu : un texte qui contient « : » doit "
        'être entre guillemets ("…") ou écrit en bloc (>-)',
    ),
    ("found unexpected ':'", '« : » inattendu : mettez ce texte entre guillemets ("…")'),
    ("could not find expected ':'", "« : » attendu après une clé"),
    (
        "cannot start any token",
        "caractère interdit en début de texte (tabulation, @, `) : "
        "indentez avec des espaces, ou mettez le texte entre guillemets",
    ),
    ("tab character", "tabulation interdite : indentez avec des espaces"),
    ("found unexpected end of stream", "guillemet non fermé"),
    ("did not find expected key", "clé attendue : l'indentation est-elle cohérente ?"),
    ("did not find expected '-'", "tiret « - » attendu : l'indentation est-elle cohérente ?"),
    ("expected <block end>", "indentation incohérente"),
    ("did not find expected node content", "valeur attendue"),
    (
        "found unknown escape character",
        "séquence d'échappement inconnue entre guillemets "
        "doubles : mettez le texte entre guillemets simples",
    ),
    ("expected a comment or a line break", "texte inattendu après une valeur entre guillemets"),
    ("found undefined alias", "alias YAML non défini"),
    ("found duplicate anchor", "ancre YAML définie deux fois"),
    ("expected alphabetic or numeric character", "ancre ou alias YAML mal formé"),
    ("unacceptable character", "caractère de contrôle interdit"),
    ("exceeded maximum nesting depth", "listes ou dictionnaires imbriqués trop profondément"),
    (
        "but found another document",
        "un seul document YAML attendu : retirez le « --- » ou le « ... » en trop",
    ),
)

BUNDLED_SOURCE = "faq.yaml (intégrée)"
_ENTRY_FIELDS = ("id", "question", "answer", "variants", "off_topic")
_TOP_FIELDS = ("title", "welcome", "fallback", "max_wrong_rate", "synonyms", "entries")


class FAQError(Exception):
    """A FAQ file that cannot be used; the message is one line of French.

    It names the file, and the line and field where there is one.
    """


class Entry(NamedTuple):
    """One question of the FAQ, its answer, and other ways to ask it;
    ``off_topic`` holds questions close to it that the FAQ does not answer."""

    id: str
    question: str
    answer: str
    variants: tuple[str, ...] = ()
    off_topic: tuple[str, ...] = ()

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The question followed by its variants."""
        return (self.question, *self.variants)


class Synonyms(Mapping[str, tuple[str, ...]]):
    """An FAQ's synonyms table: canonical word to its synonyms, read-only,
    hashable, and picklable, so that an FAQ and a matcher can be sent to
    worker processes.

    >>> table = Synonyms({"ia": ("ai", "intelligence artificielle")})
    >>> table["ia"], len(table), hash(table) == hash(Synonyms(dict(table)))
    (('ai', 'intelligence artificielle'), 1, True)
    """

    __slots__ = ("_table",)

    def __init__(self, table: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self._table = dict(table or {})

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __hash__(self) -> int:
        return hash(frozenset(self._table.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._table == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"Synonyms({self._table!r})"

    def __reduce__(self) -> tuple[type[Synonyms], tuple[dict[str, tuple[str, ...]]]]:
        return (Synonyms, (self._table,))


class FAQ(NamedTuple):
    """A loaded FAQ: its entries in file order, its synonyms table, where it
    comes from, and what its author set: a title, a welcome line, the
    share of wrong answers (in percent) the matcher may risk on it, and
    ``fallback``, what to tell an asker when nothing fits (« Appelez-nous
    au 02 … »)."""

    entries: tuple[Entry, ...]
    synonyms: Mapping[str, tuple[str, ...]] = Synonyms()
    source: str = "<texte>"
    title: str | None = None
    welcome: str | None = None
    max_wrong_rate: float | None = None
    fallback: str | None = None

    def get(self, entry_id: str) -> Entry | None:
        """Return the entry with this id, or ``None``."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        return None


def phrasing_key(text: str) -> str:
    """What two phrasings of one entry share when one repeats the other: the
    same words, whatever the case and punctuation. A spelling of its own
    ("kels" for "quels") is not a repetition.

    >>> phrasing_key("Vous ouvrez quand ?") == phrasing_key("vous  OUVREZ quand")
    True
    """
    return " ".join(re.findall(r"\w+", text.casefold())) or " ".join(text.split())


def repeated_variants(faq: FAQ) -> tuple[tuple[int, int], ...]:
    """Where ``faq`` repeats a phrasing within an entry (see :func:`phrasing_key`):
    (entry number, variant number) of each repetition.

    >>> faq = parse_faq("entries:\\n- {id: a, question: Horaires ?, answer: R., "
    ...                 "variants: [horaires, Vous ouvrez quand ?, HORAIRES !]}")
    >>> repeated_variants(faq)
    ((0, 0), (0, 2))
    """
    repeated = []
    for number, entry in enumerate(faq.entries):
        seen = {phrasing_key(entry.question)}
        for position, variant in enumerate(entry.variants):
            key = phrasing_key(variant)
            if key in seen:
                repeated.append((number, position))
            seen.add(key)
    return tuple(repeated)


def without_variants(faq: FAQ, positions: Iterable[tuple[int, int]]) -> FAQ:
    """``faq`` without the variants at ``positions`` ((entry number, variant number))."""
    dropped: dict[int, set[int]] = {}
    for number, position in positions:
        dropped.setdefault(number, set()).add(position)
    if not dropped:
        return faq
    entries = list(faq.entries)
    for number, gone in dropped.items():
        entry = entries[number]
        kept = tuple(v for i, v in enumerate(entry.variants) if i not in gone)
        entries[number] = entry._replace(variants=kept)
    return faq._replace(entries=tuple(entries))


def bundled_faq_path() -> str:
    """The path of the FAQ that ships with faqbot."""
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "faq.yaml")


def load_faq(path: str | os.PathLike[str] | None = None) -> FAQ:
    """Load and validate a FAQ file; with no path, the bundled FAQ.

    Raises :class:`FAQError` with a one-line French message on any problem.

    >>> len(load_faq().entries)
    5
    """
    text, source = read_faq_text(path)
    return parse_faq(text, source=source)


def read_faq_text(path: str | os.PathLike[str] | None = None) -> tuple[str, str]:
    """The text of a FAQ file and the name to give it in messages; with no
    path, the bundled FAQ. Raises :class:`FAQError` as :func:`load_faq` does."""
    data, source = read_faq_bytes(path)
    return decode_faq(data, source), source


def read_faq_bytes(path: str | os.PathLike[str] | None = None) -> tuple[bytes, str]:
    """The bytes of a FAQ file and the name to give it in messages; with no
    path, the bundled FAQ."""
    if path is None:
        file_path, source = bundled_faq_path(), BUNDLED_SOURCE
    else:
        file_path = source = os.fspath(path)
    return read_bytes(file_path, FAQError, label=source), source


def decode_faq(data: bytes, source: str) -> str:
    """A FAQ file's text; :class:`FAQError` naming the line where it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = line_of_offset(data, error.start)
        raise FAQError(
            f"{source}:{line} : le fichier n'est pas en UTF-8 valide "
            f"(octet 0x{data[error.start]:02x})"
        ) from None


def faq_state(faq: FAQ) -> tuple[object, ...]:
    """An FAQ as plain data, for :func:`faq_from_state` (the cache keeps it)."""
    return (
        tuple((e.id, e.question, e.answer, e.variants, e.off_topic) for e in faq.entries),
        dict(faq.synonyms),
        faq.title,
        faq.welcome,
        faq.max_wrong_rate,
        faq.fallback,
    )


def faq_from_state(state: object, source: str) -> FAQ:
    """The FAQ :func:`faq_state` gave; ``ValueError`` when ``state`` is not one."""
    if not isinstance(state, tuple) or len(state) != 6:
        raise ValueError("state")
    entries, synonyms, title, welcome, rate, fallback = state
    if not isinstance(entries, tuple) or not entries or not isinstance(synonyms, dict):
        raise ValueError("state")
    # Types checked a column at a time: a large FAQ has a million texts.
    if {type(item) for item in entries} != {tuple} or {len(item) for item in entries} != {5}:
        raise ValueError("entry")
    ids, questions, answers, variants, off_topic = zip(*entries, strict=True)
    if {type(t) for t in chain(ids, questions, answers)} != {str}:
        raise ValueError("entry")
    for lists in (variants, off_topic):
        if {type(v) for v in lists} != {tuple}:
            raise ValueError("variants")
        if not {type(t) for t in chain.from_iterable(lists)} <= {str}:
            raise ValueError("variants")
    built = list(map(Entry._make, entries))
    _check_state_fields(synonyms, (title, welcome, fallback), rate)
    if len({entry.id for entry in built}) != len(built):
        raise ValueError("ids")
    return FAQ(tuple(built), Synonyms(synonyms), source, title, welcome, rate, fallback)


def _check_state_fields(synonyms: dict[Any, Any], texts: tuple[object, ...], rate: object) -> None:
    """``ValueError`` unless the synonyms, texts and rate of a state have their types."""
    if not {type(k) for k in synonyms} <= {str} or not {type(v) for v in synonyms.values()} <= {
        tuple
    }:
        raise ValueError("synonyms")
    if not {type(t) for t in chain.from_iterable(synonyms.values())} <= {str}:
        raise ValueError("synonyms")
    for text in texts:
        if text is not None and not isinstance(text, str):
            raise ValueError("title")
    if rate is not None and not (
        isinstance(rate, float) and math.isfinite(rate) and 0.0 <= rate <= 100.0
    ):
        raise ValueError("max_wrong_rate")


def parse_faq(text: str, *, source: str = "<texte>") -> FAQ:
    """Validate FAQ text in the faq.yaml format and build a :class:`FAQ`."""
    with paused_gc():
        return _Validator(text, source).build(_parse_yaml(text, source))


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_NoAliasLoader if "&" in text else _Loader)
    except _DuplicateKey as error:
        raise FAQError(
            f"{source}:{error.second} : la clé « {one_line(str(error.key))} » est donnée deux "
            f"fois (lignes {error.first} et {error.second})"
        ) from None
    except _Alias as error:
        raise FAQError(
            f"{source}:{error.line} : l'ancre YAML (&nom) de cette ligne est reprise par un "
            "alias (*nom) : les alias ne sont pas acceptés, recopiez le texte"
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        raise FAQError(f"{source}{line} : YAML invalide : {_french_problem(error)}") from None
    except yaml.YAMLError as error:
        raise FAQError(f"{source} : YAML invalide : {_french_problem(error)}") from None


def _french_problem(error: yaml.YAMLError) -> str:
    """What went wrong, in French; the English detail only when nothing better is known."""
    if isinstance(error, yaml.constructor.ConstructorError):
        if "unhashable key" in (error.problem or ""):
            return "clé complexe (« ? », liste ou dictionnaire) : une clé doit être un simple texte"
        tag = (error.problem or "").split(" for the tag ")[-1]
        return f"étiquette YAML non autorisée ({one_line(tag)})"
    english = one_line(str(error))
    for found, french in _YAML_PROBLEMS:
        if found in english:
            return french
    problem = getattr(error, "problem", None) or getattr(error, "context", None) or english
    return f"syntaxe incorrecte ({one_line(problem)})"


class _Validator:
    """Checks the shape of a parsed document and reports where it is wrong."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.text = text

    def fail(self, where: tuple[object, ...], message: str) -> FAQError:
        line = Locator(self.text).line_of(where)
        location = f"{self.source}:{line}" if line else self.source
        return FAQError(f"{location} : {message}")

    def build(self, document: Any) -> FAQ:
        if document is None:
            raise FAQError(f"{self.source} : le fichier est vide")
        if not isinstance(document, dict):
            raise self.fail((), "le document doit être un dictionnaire avec une clé « entries »")
        for key in document:
            if key not in _TOP_FIELDS:
                raise self.fail(
                    (key,), f"clé inconnue « {key} » (attendu : {', '.join(_TOP_FIELDS)})"
                )
        texts = {}
        for key in ("title", "welcome", "fallback"):
            if document.get(key) is not None:
                texts[key] = self._text((key,), document[key], f"« {key} »")
        max_wrong_rate = self._rate(document.get("max_wrong_rate"))
        synonyms = self._synonyms(document.get("synonyms"))
        raw_entries = document.get("entries")
        if raw_entries is None:
            raise self.fail((), "la clé « entries » manque")
        if not isinstance(raw_entries, list) or not raw_entries:
            raise self.fail(("entries",), "« entries » doit être une liste non vide")
        entries: list[Entry] = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_entries):
            entry = self._entry(index, raw)
            if entry.id in seen:
                raise self.fail(
                    ("entries", index, "id"),
                    f"champ « id » : identifiant « {entry.id} » en double "
                    f"(déjà pris par l'entrée {seen[entry.id] + 1})",
                )
            seen[entry.id] = index
            entries.append(entry)
        return FAQ(
            tuple(entries),
            Synonyms(synonyms),
            self.source,
            texts.get("title"),
            texts.get("welcome"),
            max_wrong_rate,
            texts.get("fallback"),
        )

    def _rate(self, value: Any) -> float | None:
        if value is None:
            return None
        # The range Matcher(max_wrong_rate=) and --max-wrong-rate take, NaN refused.
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise self.fail(
                ("max_wrong_rate",),
                "« max_wrong_rate » doit être un pourcentage entre 0 et 100 (par exemple 2)",
            )
        return float(value)

    def _text(self, where: tuple[object, ...], value: Any, label: str) -> str:
        if value is None:
            raise self.fail(where, f"{label} est vide")
        if not isinstance(value, str):
            raise self.fail(where, f"{label} n'est pas du texte ({_kind(value)})")
        if not value.strip():
            raise self.fail(where, f"{label} est vide")
        return value.strip()

    def _entry(self, index: int, raw: Any) -> Entry:
        where = ("entries", index)
        number = f"entrée {index + 1}"
        if not isinstance(raw, dict):
            raise self.fail(where, f"{number} : doit être un dictionnaire (id, question, answer)")
        for key, value in raw.items():
            if key not in _ENTRY_FIELDS:
                # In braces, "question: Bonjour, ça va ?" ends at the comma and
                # leaves "ça va ?" as a key without a value.
                cut = (
                    " ; une virgule dans des accolades coupe le texte : mettez-le entre guillemets"
                    if value is None and " " in str(key)
                    else ""
                )
                raise self.fail(
                    (*where, key),
                    f"{number} : champ inconnu « {key} » "
                    f"(attendu : {', '.join(_ENTRY_FIELDS)}){cut}",
                )
        for required in ("id", "question", "answer"):
            if required not in raw:
                raise self.fail(where, f"{number} : le champ « {required} » manque")
        entry_id = self._text((*where, "id"), raw["id"], f"{number} : le champ « id »")
        named = f"{number} (« {entry_id} »)"
        question = self._text((*where, "question"), raw["question"], f"{named} : « question »")
        answer = self._text((*where, "answer"), raw["answer"], f"{named} : « answer »")
        variants = self._texts(where, raw, "variants", named, "la variante")
        off_topic = self._texts(where, raw, "off_topic", named, "la question")
        return Entry(entry_id, question, answer, variants, off_topic)

    def _texts(
        self, where: tuple[object, ...], raw: dict[Any, Any], key: str, named: str, item: str
    ) -> tuple[str, ...]:
        values = raw.get(key)
        if values is None:
            return ()
        if not isinstance(values, list):
            raise self.fail((*where, key), f"{named} : « {key} » doit être une liste")
        return tuple(
            self._text((*where, key, i), v, f"{named} : {item} {i + 1} de « {key} »")
            for i, v in enumerate(values)
        )

    def _synonyms(self, raw: Any) -> dict[str, tuple[str, ...]]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise self.fail(("synonyms",), "« synonyms » doit être un dictionnaire mot -> liste")
        table: dict[str, tuple[str, ...]] = {}
        for key, words in raw.items():
            where = ("synonyms", key)
            canonical = self._text(where, key, "synonyms : un mot canonique")
            if isinstance(words, str):
                words = [words]
            if not isinstance(words, list):
                raise self.fail(where, f"synonyms : « {canonical} » doit avoir une liste de mots")
            table[canonical] = tuple(
                self._text(where, w, f"synonyms : un mot de « {canonical} »") for w in words
            )
        return table


def _kind(value: Any) -> str:
    return {
        bool: "un booléen",
        int: "un nombre",
        float: "un nombre",
        list: "une liste",
        dict: "un dictionnaire",
    }.get(type(value), type(value).__name__)
