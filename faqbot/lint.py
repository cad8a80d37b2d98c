"""``faqbot check``: validate a FAQ file, then look for what would make it answer badly.

Errors: the file cannot be loaded, or two entries share a phrasing once
normalized. Warnings: confusable entries, entries with too few variants,
synonyms that no phrasing uses.

>>> from faqbot import parse_faq
>>> faq = parse_faq("entries:\\n- {id: a, question: Q ?, answer: R.}")
>>> [finding.message for finding in lint(faq)]
['entrée « a » : seulement 0 variante(s), il en faut au moins 3 pour être trouvée à coup sûr']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from faqbot.faq import FAQ, FAQError, Locator, bundled_faq_path, load_faq
from faqbot.matcher import Matcher
from faqbot.normalize import analyze, raw_words, stem

MIN_VARIANTS = 3
CONFUSION_MARGIN = 10.0
"""A variant is confusable when another entry scores within this many points of its own."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: ``severity`` is "erreur" or "avertissement"; ``where`` locates it."""

    severity: str
    message: str
    where: tuple[object, ...] = ()


def lint(faq: FAQ) -> list[Finding]:
    """Return every finding about ``faq``, errors first."""
    findings = _shared_phrasings(faq)
    findings += _confusable_variants(faq)
    findings += _thin_entries(faq)
    findings += _unused_synonyms(faq)
    return sorted(findings, key=lambda f: f.severity != "erreur")


def _normal(text: str) -> str:
    return " ".join(raw_words(text))


def _shared_phrasings(faq: FAQ) -> list[Finding]:
    owner: dict[str, tuple[str, str]] = {}
    findings = []
    for index, entry in enumerate(faq.entries):
        for number, phrasing in enumerate(entry.phrasings):
            key = _normal(phrasing)
            first = owner.setdefault(key, (entry.id, phrasing))
            if first[0] != entry.id:
                field = ("question",) if number == 0 else ("variants", number - 1)
                findings.append(
                    Finding(
                        "erreur",
                        f"« {phrasing} » est à la fois dans l'entrée « {first[0]} » "
                        f"et dans l'entrée « {entry.id} »",
                        ("entries", index, *field),
                    )
                )
    return findings


def _confusable_variants(faq: FAQ) -> list[Finding]:
    matcher = Matcher(faq)
    findings = []
    for index, entry in enumerate(faq.entries):
        for number, phrasing in enumerate(entry.phrasings):
            ranked = matcher.search(phrasing, limit=None, score_cutoff=0)
            own = next((m.score for m in ranked if m.entry.id == entry.id), 0.0)
            rival = next((m for m in ranked if m.entry.id != entry.id), None)
            if rival is None or rival.score < own - CONFUSION_MARGIN:
                continue
            verb = "va à" if rival.score > own else "est presque aussi proche de"
            field = ("question",) if number == 0 else ("variants", number - 1)
            findings.append(
                Finding(
                    "avertissement",
                    f"« {phrasing} » (entrée « {entry.id} », score {own:.0f}) {verb} "
                    f"l'entrée « {rival.entry.id} » (score {rival.score:.0f}) : "
                    "entrées confondables",
                    ("entries", index, *field),
                )
            )
    return findings


def _thin_entries(faq: FAQ) -> list[Finding]:
    return [
        Finding(
            "avertissement",
            f"entrée « {entry.id} » : seulement {len(entry.variants)} variante(s), "
            f"il en faut au moins {MIN_VARIANTS} pour être trouvée à coup sûr",
            ("entries", index),
        )
        for index, entry in enumerate(faq.entries)
        if len(entry.variants) < MIN_VARIANTS
    ]


def _unused_synonyms(faq: FAQ) -> list[Finding]:
    used: set[str] = set()
    for entry in faq.entries:
        for text in (*entry.phrasings, entry.answer):
            used.update(stem(word) for word in analyze(text).words)
    findings = []
    for canonical, words in faq.synonyms.items():
        for word in (canonical, *words):
            stems = [stem(w) for w in analyze(word).words]
            if not stems:
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


def run_check(path: str | None, *, strict: bool, output: Callable[[str], None]) -> int:
    """Print the findings about a FAQ file; return 0, 1 (warnings with ``strict``) or 2."""
    try:
        faq = load_faq(path)
    except FAQError as error:
        output(f"{error}")
        return 2
    findings = lint(faq)
    if findings:  # lines are only needed to place findings; a clean file is read once
        file_path = Path(path) if path is not None else bundled_faq_path()
        locator = Locator(file_path.read_text(encoding="utf-8-sig"))
    for finding in findings:
        line = locator.line_of(finding.where) if finding.where else None
        location = f"{faq.source}:{line}" if line else faq.source
        output(f"{location}: {finding.severity} : {finding.message}")
    errors = sum(f.severity == "erreur" for f in findings)
    warnings = len(findings) - errors
    phrasings = sum(len(e.phrasings) for e in faq.entries)
    output(
        f"{faq.source} : {len(faq.entries)} entrées, {phrasings} formulations, "
        f"{errors} erreur(s), {warnings} avertissement(s)"
    )
    if errors:
        return 2
    return 1 if strict and warnings else 0
