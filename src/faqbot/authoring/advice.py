"""What would make a FAQ answer badly, as findings: what ``faqbot check`` prints.

Errors: the file cannot be loaded, two entries share a phrasing once
normalized, or an entry has only empty words ("C'est quoi ?") and can never
be found. Warnings: an entry whose phrasings, asked without themselves, go
to other entries (named, with words of its own answer that would separate
it) or rarely find it; entries with few variants, all in one warning;
synonyms that no phrasing uses; variants that a comma cut in two in a list
in brackets. At most :data:`MAX_WARNINGS` are shown, in line order. ``faqbot check``
(:mod:`faqbot.commands.check`) prints them, the calibration last.

>>> from faqbot import parse_faq
>>> faq = parse_faq("entries:\\n- {id: a, question: Pourquoi garer ?, answer: R.}")
>>> print(*(finding.message for finding in advise(faq)))  # doctest: +ELLIPSIS
1 entrée avec moins de 3 variantes : « a » ; chaque variante dans les mots de vos visiteurs...
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import yaml

from faqbot.faqfile.faq import FAQ, phrasing_key
from faqbot.faqfile.locator import line_of
from faqbot.faqfile.yaml_loader import SafeLoader
from faqbot.matching.decision import Calibration
from faqbot.matching.matcher import Matcher
from faqbot.text.display import counted
from faqbot.text.normalize import WORD_AS_WRITTEN, analyze, fold, raw_words, stem

MIN_VARIANTS = 3
"""Entries with fewer variants than this are named in the warning on thin entries.
Measured by ``python -m pytest tests/test_advice.py`` and ``python -m benchmarks.bench_day_one``."""
CAUTIOUS_RIGHT = 20.0
"""Below this expected share of right answers (percent), check says calibration is very
cautious.
Measured by ``python -m pytest tests/test_advice.py`` and ``python -m benchmarks.bench_day_one``."""
RISKIER_RATE = 5.0
"""The ``max_wrong_rate`` check then suggests, when the FAQ's is lower.
Measured by ``python -m pytest tests/test_advice.py`` and ``python -m benchmarks.bench_day_one``."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: ``severity`` is "erreur" or "avertissement"; ``where`` locates
    it as a path of keys and indexes, or ``line`` as a line of the file."""

    severity: str
    message: str
    where: tuple[object, ...] = ()
    line: int | None = None
    entries: tuple[str, ...] = ()
    """The ids of the entries the finding asks variants for."""


def advise(faq: FAQ, matcher: Matcher | None = None, *, text: str | None = None) -> list[Finding]:
    """Return every finding about ``faq``, errors first.

    ``matcher`` is the one built from ``faq``; without it one is built.
    ``text``, the file's text, is needed to find variants cut in two.
    """
    matcher = matcher or Matcher(faq)
    findings = _cut_variants(text) if text is not None else []
    findings += _shared_phrasings(faq)
    findings += _off_topic_phrasings(faq)
    findings += _empty_entries(faq)
    findings += _duplicate_phrasings(faq)
    findings += _entry_advice(faq, matcher.calibration)
    findings += _cautious_calibration(faq, matcher.calibration, matcher.max_wrong_rate)
    findings += _unused_synonyms(faq)
    return sorted(findings, key=lambda f: f.severity != "erreur")


def _field(number: int) -> tuple[object, ...]:
    """Where the ``number``-th phrasing of an entry is: its question, then its variants."""
    return ("question",) if number == 0 else ("variants", number - 1)


def _normal(text: str) -> str:
    return " ".join(raw_words(text))


def _shared_phrasings(faq: FAQ) -> list[Finding]:
    owner: dict[str, tuple[str, str]] = {}
    findings = []
    for index, entry in enumerate(faq.entries):
        for number, phrasing in enumerate(entry.phrasings):
            normal = _normal(phrasing)
            if not normal:  # no word at all: said by _empty_entries if need be
                continue
            first = owner.setdefault(normal, (entry.id, phrasing))
            if first[0] != entry.id:
                findings.append(
                    Finding(
                        "erreur",
                        f"« {phrasing} » est à la fois dans l'entrée « {first[0]} » "
                        f"et dans l'entrée « {entry.id} »",
                        ("entries", index, *_field(number)),
                    )
                )
    return findings


def _off_topic_phrasings(faq: FAQ) -> list[Finding]:
    """An off-topic question that is also a phrasing cannot be both."""
    owner = {_normal(p): entry.id for entry in faq.entries for p in entry.phrasings}
    findings = []
    for index, entry in enumerate(faq.entries):
        for number, question in enumerate(entry.off_topic):
            other = owner.get(_normal(question))
            if other is not None:
                findings.append(
                    Finding(
                        "erreur",
                        f"« {question} » est à la fois une question hors sujet de l'entrée "
                        f"« {entry.id} » et une formulation de l'entrée « {other} »",
                        ("entries", index, "off_topic", number),
                    )
                )
    return findings


def _empty_entries(faq: FAQ) -> list[Finding]:
    findings = []
    for index, entry in enumerate(faq.entries):
        if any(_has_content(text) for text in entry.phrasings):
            continue
        if any(_normal(text) for text in entry.phrasings):
            why = "n'ont que des mots vides (« c'est quoi », « comment »)"
        else:
            why = "n'ont aucun mot (seulement des signes ou des emoji)"
        message = f"entrée « {entry.id} » : ses formulations {why} : elle ne peut pas être trouvée"
        findings.append(Finding("erreur", message, ("entries", index)))
    return findings


def _duplicate_phrasings(faq: FAQ) -> list[Finding]:
    """Phrasings given twice in one entry: they add nothing, and would make
    calibration hold out one copy and find the other."""
    findings = []
    for index, entry in enumerate(faq.entries):
        seen: dict[str, int] = {}
        for number, phrasing in enumerate(entry.phrasings):
            normal = phrasing_key(phrasing)
            if normal in seen:
                findings.append(
                    Finding(
                        "avertissement",
                        f"« {phrasing} » est en double dans l'entrée « {entry.id} » "
                        f"(déjà en formulation {seen[normal] + 1}) : le double est ignoré",
                        ("entries", index, *_field(number)),
                    )
                )
            else:
                seen[normal] = number
    return findings


def _has_content(text: str) -> bool:
    analysis = analyze(text)
    return bool(analysis.words or analysis.numbers)


def _entry_advice(faq: FAQ, calibration: Calibration) -> list[Finding]:
    """One warning per entry its own phrasings do not find reliably: the
    entries they go to instead, and words of its own that would separate it
    from them. Then one warning for all entries with few variants."""
    numbers = {entry.id: index for index, entry in enumerate(faq.entries)}
    astray = Counter(own for _, own, _ in calibration.confused)
    rivals: dict[str, dict[str, None]] = {}
    for _, own, other in calibration.confused:
        if own in numbers and astray[own] >= CONFUSED_SHARE * len(
            faq.entries[numbers[own]].phrasings
        ):
            rivals.setdefault(own, {})[other] = None
    for entry_id in calibration.weak_entries:
        rivals.setdefault(entry_id, {})
    findings = []
    for entry_id, others in rivals.items():
        if entry_id not in numbers:
            continue
        if others:
            names = ", ".join(f"« {other} »" for other in others)
            words = _distinctive(faq, entry_id, list(others))
            hint = (
                f" : ajoutez une variante avec des mots à elle, comme {words}"
                if words
                else " : ajoutez une variante avec des mots que ces entrées n'ont pas"
            )
            message = (
                f"entrée « {entry_id} » : ses formulations, posées sans elles, vont à {names}{hint}"
            )
        else:
            message = (
                f"entrée « {entry_id} » : ses formulations, posées sans elles, la retrouvent "
                "moins d'une fois sur deux : ajoutez-lui des variantes"
            )
        findings.append(
            Finding("avertissement", message, ("entries", numbers[entry_id]), entries=(entry_id,))
        )
    thin = [e for e in faq.entries if len(e.variants) < MIN_VARIANTS and e.id not in rivals]
    if thin:
        names = ", ".join(f"« {entry.id} »" for entry in thin[:MAX_NAMED])
        rest = len(thin) - MAX_NAMED
        more = f" et {rest} autre{'s' if rest > 1 else ''}" if rest > 0 else ""
        findings.append(
            Finding(
                "avertissement",
                f"{counted(len(thin), 'entrée')} avec moins de {MIN_VARIANTS} variantes : "
                f"{names}{more} ; chaque variante dans les mots de vos visiteurs aide à les "
                "trouver",
                ("entries", numbers[thin[0].id]),
                entries=tuple(entry.id for entry in thin),
            )
        )
    return findings


CONFUSED_SHARE = 1 / 3
"""An entry is warned about as confused when this share of its phrasings,
held out, goes to another entry: one stray phrasing among many is not worth
a warning, and adding variants then makes warnings fewer, not more.
Measured by ``python -m pytest tests/test_advice.py`` and ``python -m benchmarks.bench_day_one``."""
MAX_NAMED = 6
"""Entries named at most in one warning.
Measured by ``python -m pytest tests/test_advice.py`` and ``python -m benchmarks.bench_day_one``."""
DISTINCTIVE_WORDS = 3
"""Words of its own answer a confusion warning suggests, to tell an entry apart.
Measured by ``python -m pytest tests/test_advice.py`` and ``python -m benchmarks.bench_day_one``."""


def _as_written(text: str) -> dict[str, str]:
    """Each word of ``text`` by its folded form, as the author wrote it first:
    « expédition », « Belgique »; lower-cased where a sentence starts it."""
    written: dict[str, str] = {}
    for found in WORD_AS_WRITTEN.finditer(text):
        before = text[: found.start()].rstrip()
        word = found.group(0)
        if not before or before[-1] in ".!?:;\n":
            word = word.lower()
        written.setdefault(fold(found.group(0)), word)
    return written


def _distinctive(faq: FAQ, entry_id: str, others: list[str]) -> str:
    """Up to :data:`DISTINCTIVE_WORDS` words of the entry's answer that none of
    ``others`` uses, rarest in the FAQ first, quoted and joined."""
    texts = {e.id: " ".join((*e.phrasings, e.answer)) for e in faq.entries}
    used = {e.id: {stem(w) for w in analyze(texts[e.id]).words} for e in faq.entries}
    taken = set().union(*(used[other] for other in others if other in used))
    entry = faq.get(entry_id)
    if entry is None:
        return ""
    spread = {word: sum(word in words for words in used.values()) for word in used[entry_id]}
    found: dict[str, tuple[int, int]] = {}
    for position, word in enumerate(analyze(entry.answer).words):
        key = stem(word)
        if key not in taken and len(word) > 2 and key not in found:
            found[key] = (spread.get(key, 1), position)
    shown = {key: word for word in analyze(entry.answer).words for key in [stem(word)]}
    written = _as_written(entry.answer)
    best = sorted(found, key=found.__getitem__)[:DISTINCTIVE_WORDS]
    return ", ".join(f"« {written.get(shown[key], shown[key])} »" for key in best)


MAX_WARNINGS = 10
"""Warnings ``check`` shows at most, the most useful first; the count says how many more.
Measured by ``python -m pytest tests/test_advice.py`` and ``python -m benchmarks.bench_day_one``."""


def _cautious_calibration(faq: FAQ, calibration: Calibration, target: float) -> list[Finding]:
    """A calibration that leaves most questions unanswered, aiming under
    ``target`` wrong answers, and what to do about it."""
    if calibration.fallback or calibration.expected_right >= CAUTIOUS_RIGHT:
        return []
    riskier = (
        f", ou acceptez plus de risque avec « max_wrong_rate: {RISKIER_RATE:g} » en tête du fichier"
        if target < RISKIER_RATE
        else ""
    )
    return [
        Finding(
            "avertissement",
            f"calibrage très prudent : environ {calibration.expected_right:.0f} % des questions "
            f"sur la FAQ auront une réponse sûre, pour au plus {target:g} % de mauvaises "
            f"réponses ; ajoutez des variantes, d'abord aux entrées confondables{riskier}",
            ("max_wrong_rate",) if faq.max_wrong_rate else (),
        )
    ]


def _unused_synonyms(faq: FAQ) -> list[Finding]:
    if not faq.synonyms:
        return []
    used: set[str] = set()
    for entry in faq.entries:
        for text in (*entry.phrasings, entry.answer):
            used.update(stem(word) for word in analyze(text).words)
    findings = []
    for canonical, words in faq.synonyms.items():
        for word in (canonical, *words):
            if not analyze(word).words:
                findings.append(
                    Finding(
                        "avertissement",
                        f"synonyme « {word} » ({canonical}) : ne contient que des mots "
                        "vides, il est ignoré",
                        ("synonyms", canonical),
                    )
                )
        group = [stem(w) for word in (canonical, *words) for w in analyze(word).words]
        if group and not used.intersection(group):
            findings.append(
                Finding(
                    "avertissement",
                    f"synonyme « {canonical} » : aucune formulation n'utilise ce mot "
                    "ni ses synonymes",
                    ("synonyms", canonical),
                )
            )
    return findings


_SENTENCE_ENDS = tuple("?.!…:;)»\"'")
_CONTINUATIONS = frozenset(
    "comment que qu quoi ou quand pourquoi combien quel quelle quels quelles qui est "
    "et mais alors donc car puis sinon".split()
)
"""Words that go on a sentence after a comma ("Je veux voter, comment faire ?")."""


def _cut_variants(text: str) -> list[Finding]:
    """Variants in a list in brackets where a comma cut a sentence in two.

    In ``variants: [Je veux voter, comment m'inscrire ?]`` the comma ends the
    first variant: the second starts in lower case after one that starts in
    upper case and does not end a sentence, and either goes on with a word
    that continues a sentence, or ends the question the first began.

    >>> [f.line for f in _cut_variants("variants: [Je veux voter, comment faire ?]")]
    [1]
    >>> [f.line for f in _cut_variants("variants: [Le samedi, vous ouvrez ?]")]
    [1]
    >>> _cut_variants("variants: [Horaires, vous ouvrez quand ?]")
    []
    """
    if "[" not in text:
        return []
    findings = []
    previous: yaml.Event | None = None
    in_variants = False
    item: yaml.ScalarEvent | None = None
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            if isinstance(event, yaml.SequenceStartEvent):
                in_variants = (
                    bool(event.flow_style)
                    and isinstance(previous, yaml.ScalarEvent)
                    and previous.value == "variants"
                )
                item = None
            elif isinstance(event, yaml.SequenceEndEvent):
                in_variants = False
            elif in_variants and isinstance(event, yaml.ScalarEvent):
                if not event.style and item is not None and _cut(item.value, event.value):
                    findings.append(
                        Finding(
                            "avertissement",
                            f"« {event.value} » suit une virgule dans une liste entre crochets : "
                            f"« {item.value}, {event.value} » a sans doute été coupée en deux ; "
                            "mettez la phrase entre guillemets",
                            line=line_of(event),
                        )
                    )
                item = None if event.style else event
            previous = event
    except yaml.YAMLError:
        return []
    return findings


def _cut(first: str, second: str) -> bool:
    """True when ``second`` reads as the rest of the sentence ``first`` began."""
    words = raw_words(second)
    if not (
        first[:1].isupper()
        and not first.rstrip().endswith(_SENTENCE_ENDS)
        and second[:1].islower()
        and words
    ):
        return False
    # A lone keyword before an SMS-style question is two variants: "Horaires".
    ends_the_question = second.rstrip().endswith("?") and len(raw_words(first)) >= 2
    return words[0] in _CONTINUATIONS or ends_the_question
