"""Adding variants (or off-topic questions) to an FAQ file without touching anything else in it.

The new texts are inserted where the YAML parser places each entry's list
of variants: after its last item in a block list, before the ``]`` of a
list in brackets, or as a new ``variants`` key. Every other byte
of the file stays as the author wrote it: comments, key order, quoting,
indentation, blank lines. The new texts are written in double quotes, as
JSON writes them, which YAML reads back as written.

>>> text = '''entries:
...   - id: a   # la première
...     question: Quelle heure ?
...     answer: Midi.
...     variants:
...       - Il est quelle heure
... '''
>>> print(insert_variants(text, {"a": ["l'heure, svp"]}), end="")
entries:
  - id: a   # la première
    question: Quelle heure ?
    answer: Midi.
    variants:
      - Il est quelle heure
      - "l'heure, svp"
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from faqbot.faqfile.yaml_loader import SafeLoader


class InsertError(ValueError):
    """The file could not be changed as asked; the message is French."""


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def insert_variants(
    text: str, additions: Mapping[str, Sequence[str]], *, key: str = "variants"
) -> str:
    """``text`` with the variants ``additions`` gives each entry id appended
    (or, with ``key="off_topic"``, its off-topic questions).

    Raises :class:`InsertError` when an entry cannot be found or changed.
    """
    wanted = {entry_id: list(new) for entry_id, new in additions.items() if new}
    if not wanted:
        return text
    # Worked on with "\n" line ends, given back with the file's own.
    newline = _newline_of(text)
    if newline != "\n":
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    edits: list[tuple[int, str]] = []  # (offset, text to insert there)
    for entry_id, place in _entry_places(text, key).items():
        new = wanted.pop(entry_id, None)
        if new is not None:
            edits.append(_edit_for(text, place, new, key))
    if wanted:
        missing = ", ".join(sorted(wanted))
        raise InsertError(f"entrée introuvable dans le fichier : {missing}")
    for offset, inserted in sorted(edits, reverse=True):
        text = text[:offset] + inserted + text[offset:]
    return text if newline == "\n" else text.replace("\n", newline)


def _newline_of(text: str) -> str:
    """The file's line end: that of its first line."""
    for index, char in enumerate(text):
        if char == "\n":
            return "\n"
        if char == "\r":
            return "\r\n" if text[index + 1 : index + 2] == "\n" else "\r"
    return "\n"


class _Place:
    """Where an entry is: its mapping, its keys' column, and its variants list."""

    def __init__(self, start: Any, flow: bool) -> None:
        self.start = start
        self.flow = flow
        self.end: Any = None
        self.key_column = start.column
        self.last_value_end: Any = None
        self.variants_start: Any = None
        self.variants_flow = False
        self.variants_end: Any = None
        self.items: list[Any] = []  # (start mark, end mark) of each variant
        self.empty_key_end: Any = None  # "variants:" given with no value


def _entry_places(text: str, list_key: str) -> dict[str, _Place]:
    """Each entry's place in ``text``, by id, from the parser's events, with
    where its ``list_key`` list is."""
    events = list(yaml.parse(text, Loader=SafeLoader))
    places: dict[str, _Place] = {}
    i = _entries_start(events)
    while not isinstance(events[i], yaml.SequenceEndEvent):
        entry_id, place, i = _entry_at(events, i, list_key)
        if entry_id is not None:
            places[entry_id] = place
    return places


def _entries_start(events: list[yaml.Event]) -> int:
    """The index of the first event inside the top-level ``entries`` sequence."""
    depth = 0
    i = 0
    while i < len(events):
        event = events[i]
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif depth == 1 and isinstance(event, yaml.ScalarEvent) and event.value == "entries":
            i += 1
            break
        i += 1
    if i >= len(events) or not isinstance(events[i], yaml.SequenceStartEvent):
        raise InsertError("liste « entries » introuvable")
    return i + 1


def _entry_at(events: list[yaml.Event], i: int, list_key: str) -> tuple[str | None, _Place, int]:
    """The entry whose mapping starts at event ``i``: its id, its place, and
    the index of the event after it."""
    start = events[i]
    if not isinstance(start, yaml.MappingStartEvent):
        raise InsertError("une entrée n'est pas un dictionnaire")
    place = _Place(start.start_mark, bool(start.flow_style))
    i += 1
    entry_id = None
    while not isinstance(events[i], yaml.MappingEndEvent):
        key = events[i]
        if not isinstance(key, yaml.ScalarEvent):
            raise InsertError("clé d'entrée inattendue")
        place.key_column = min(place.key_column, _mark(key).column)
        value = events[i + 1]
        if isinstance(value, yaml.SequenceStartEvent):
            i = _list_at(events, i + 1, place, ours=key.value == list_key)
            continue
        if not isinstance(value, yaml.ScalarEvent):
            raise InsertError(f"champ « {key.value} » inattendu")
        if key.value == list_key and value.value == "" and not value.style:
            place.empty_key_end = key.end_mark
        if key.value == "id":
            entry_id = value.value
        place.last_value_end = value.end_mark
        i += 2
    place.end = events[i].start_mark
    return entry_id, place, i + 1


def _list_at(events: list[yaml.Event], i: int, place: _Place, *, ours: bool) -> int:
    """Read the list whose sequence starts at event ``i`` into ``place`` (its
    items too when it is the list wanted, ``ours``); the index after it."""
    value = events[i]
    assert isinstance(value, yaml.SequenceStartEvent)
    if ours:
        place.variants_start = value.start_mark
        place.variants_flow = bool(value.flow_style)
    i += 1
    # A block list ends where the next key starts: its last item ends it here.
    last_end = value.end_mark
    while not isinstance(events[i], yaml.SequenceEndEvent):
        item = events[i]
        if not isinstance(item, yaml.ScalarEvent):
            raise InsertError("une variante n'est pas du texte")
        if ours:
            place.items.append((item.start_mark, item.end_mark))
        last_end = item.end_mark
        i += 1
    if ours:
        place.variants_end = events[i].start_mark
    place.last_value_end = events[i].end_mark if value.flow_style else last_end
    return i + 1


def _mark(event: yaml.Event) -> Any:
    """Where an event starts; the parser always says."""
    if event.start_mark is None:
        raise InsertError("position inconnue dans le fichier")
    return event.start_mark


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _line_end(text: str, offset: int) -> int:
    """The offset just past the end of the line holding ``offset``."""
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def _edit_for(text: str, place: _Place, new: list[str], key: str) -> tuple[int, str]:
    quoted = [_quoted(t) for t in new]
    if place.empty_key_end is not None:
        # "variants:" with nothing after it -> "variants: ["new"]"
        colon = text.index(":", place.empty_key_end.index)
        return colon + 1, " [" + ", ".join(quoted) + "]"
    if place.variants_start is not None and place.variants_flow:
        # [a, b] -> [a, b, "new"], and [a, b,] -> [a, b, "new"]: before the bracket.
        end = place.variants_end.index
        after_last = text[place.items[-1][1].index : end] if place.items else ""
        before = ", " if place.items and "," not in after_last else ""
        if "," in after_last and not after_last.rstrip().endswith(" "):
            before = " " if not text[end - 1 : end].isspace() else ""
        return end, before + ", ".join(quoted)
    if place.variants_start is not None:
        if not place.items:
            raise InsertError("liste de variantes vide")
        item_start, item_end = place.items[-1]
        line = text[_line_start(text, item_start.index) : item_start.index]
        dash = line.rfind("-")
        indent = " " * dash if dash >= 0 else " " * item_start.column
        offset = _line_end(text, max(item_end.index - 1, item_start.index))
        prefix = "" if text[offset - 1 : offset] == "\n" else "\n"
        lines = "".join(f"{indent}- {q}\n" for q in quoted)
        return offset, prefix + lines
    if place.flow:
        # {id: a, question: …} -> {id: a, question: …, variants: ["new"]}
        return place.end.index, f", {key}: [" + ", ".join(quoted) + "]"
    indent = " " * place.key_column
    offset = _line_end(text, max(place.last_value_end.index - 1, place.start.index))
    prefix = "" if text[offset - 1 : offset] == "\n" else "\n"
    lines = "".join(f"{indent}  - {q}\n" for q in quoted)
    return offset, f"{prefix}{indent}{key}:\n{lines}"
