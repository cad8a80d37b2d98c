"""``faqbot learn``: the askers' own questions, proposed as variants of the entries they chose.

When a question gets no sure answer and its asker picks one of the
suggestions, that question is a phrasing of the picked entry, in the words
people really use. This command reads such picks from logs written with
``--log``, and proposes each question once, with how many askers asked it:

- it leaves out questions that are already a phrasing of the FAQ, small
  talk and questions without content words, and questions picked for
  different entries (it reports those);
- it reports as doubtful, and does not add, a question the FAQ already
  answers surely with another entry, one that, added with the others, goes
  to another entry when held out, and one an asker found the entry's answer
  unhelpful for;
- it reports, entry by entry, the questions whose answer askers found
  unhelpful;
- it proposes as off-topic questions of an entry (:mod:`faqbot.matching.off_topic`)
  the questions that got no sure answer, were offered that entry first, and
  for which no asker picked any entry: the matcher then stops answering
  questions closer to them than to the entry.

With ``--apply`` it writes the proposals into the FAQ file, keeping every
other byte of it (:mod:`faqbot.faqfile.insert`), through a temporary file renamed
over it, and prints the calibration before and after.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from faqbot.authoring.change import Harm, measure_change
from faqbot.authoring.labeled import LabeledFileError, LabeledQuestion, read_labeled
from faqbot.authoring.lessons import ONE_VOICE_QUESTIONS, Lessons, Proposal, study, with_variants
from faqbot.authoring.promise import Promise, promise
from faqbot.commands.calibration_report import describe
from faqbot.commands.wiring import faq_path, open_matcher
from faqbot.faqfile.faq import (
    FAQ,
    FAQError,
    decode_faq,
    parse_faq,
    read_faq_bytes,
    read_faq_text,
)
from faqbot.faqfile.insert import InsertError, insert_variants
from faqbot.log.reading import (
    LogContents,
    MissLogError,
    faq_of_logs,
    read_log,
)
from faqbot.matching.matcher import Matcher
from faqbot.support.files import replace_text
from faqbot.support.status import ExitStatus
from faqbot.text.display import counted, date_span

if TYPE_CHECKING:
    import argparse

    from faqbot.commands.environment import Environment


def run_learn(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """``faqbot learn LOG…``: propose, and with ``--apply`` add, the askers' questions."""
    errors: list[str] = []
    force = args.force
    try:
        contents = [read_log(path, errors) for path in args.logs]
        # --force once also meant this: it is still accepted, but it lifts the
        # measure that keeps --apply from harming the FAQ, so the hint names --same-faq.
        same = args.same_faq or force
        faq_file, elsewhere = _faq_for(faq_path(args.faq), contents, args.logs, same)
    except (MissLogError, ValueError) as error:
        return env.error(str(error))
    for bad in errors:
        env.warn(bad)
    if args.apply and faq_file is None:
        return env.error(
            "précisez --faq FICHIER : la FAQ intégrée ne se modifie pas, et ces journaux "
            "ne nomment pas de fichier"
        )
    raw, source = read_faq_bytes(faq_file)
    text = decode_faq(raw, source)
    faq = parse_faq(text, source=source)
    refused = _named_elsewhere(args.logs, elsewhere, faq, contents, env)
    if refused is not None:
        return refused
    matcher = open_matcher(faq)
    lessons = study(faq, matcher, contents)
    as_json = args.json
    if not as_json:
        for line in _report(source, lessons):
            env.stdout.line(line)
        for line in _promise_lines(promise(matcher, lessons)):
            env.stdout.line(f"{source} : {line}")
    said: list[str] = []
    status = ExitStatus.OK
    if args.apply:
        try:
            checks = [read_labeled(name, faq) for name in args.eval]
        except (LabeledFileError, OSError) as error:
            return env.error(str(error))
        status = _apply(
            faq_file,  # type: ignore[arg-type]
            text,
            faq,
            matcher,
            lessons,
            env,
            checks=checks,
            force=force,
            bom=raw.startswith(BOM),
            say=said.append if as_json else env.stdout.line,
        )
    if as_json:
        record = _as_dict(source, lessons)
        record["promise"] = _promise_as_dict(promise(matcher, lessons))
        if args.apply:
            record["apply"] = {"status": int(status), "lines": said}
        env.stdout.line(json.dumps(record, ensure_ascii=False))
    return status if status != ExitStatus.OK or not errors else ExitStatus.ERROR


BOM = b"\xef\xbb\xbf"


def _faq_for(
    given: str | None, contents: Sequence[LogContents], logs: Sequence[str], same: bool
) -> tuple[str | None, str | None]:
    """The FAQ file the logs are about: ``given`` (``--faq`` or ``$FAQBOT_FAQ``),
    else the one they name; and the other path the logs name it by, when they
    may be about ``given`` all the same (``None`` otherwise).

    ``ValueError``, in French, when logs name different FAQs, or another FAQ
    than ``given`` (unless ``same``: the user says they are about it). A log
    copied from the server names the FAQ by the server's path: one naming a
    file of the same name may be about ``given``, if ``given`` has every
    entry the log names (:func:`_entries_named`, checked once it is read).
    """
    named = {c.faq for c in contents if c.names_faq}
    if len({_identity(name) for name in named}) > 1:
        listed = ", ".join(sorted(name or "la FAQ intégrée" for name in named))
        raise ValueError(f"ces journaux parlent de FAQ différentes ({listed}) : un seul à la fois")
    if given is None:
        return faq_of_logs(None, contents), None
    if named and not same:
        (name,) = named
        if _identity(name) == _identity(given):
            return given, None
        if name is not None and os.path.basename(name) == os.path.basename(given):
            return given, name
        raise ValueError(_another_faq(logs, name or "la FAQ intégrée", given))
    return given, None


def _another_faq(logs: Sequence[str], named: str, given: str) -> str:
    return (
        f"{', '.join(logs)} parle de {named}, pas de {given} : --same-faq s'il parle bien "
        "de celle-ci"
    )


def _named_elsewhere(
    logs: Sequence[str],
    elsewhere: str | None,
    faq: FAQ,
    contents: Sequence[LogContents],
    env: Environment,
) -> ExitStatus | None:
    """For logs that name ``faq``'s file name at another path (``elsewhere``):
    the error when ``faq`` lacks an entry they name, else ``None``, saying
    that they are read as about it."""
    if elsewhere is None:
        return None
    mentioned = _entries_named(contents)
    if not mentioned or not mentioned <= {entry.id for entry in faq.entries}:
        return env.error(_another_faq(logs, elsewhere, faq.source))
    env.warn(
        f"{', '.join(logs)} parle de {elsewhere} : même nom de fichier, et toutes "
        f"les entrées qu'il nomme sont dans {faq.source}, lu comme la même FAQ"
    )
    return None


def _entries_named(contents: Sequence[LogContents]) -> set[str]:
    """The ids of the entries the logs name: picked, judged, answered or offered."""
    named: set[str] = set()
    for content in contents:
        named.update(pick.chosen for pick in content.picks)
        named.update(said.entry for said in content.feedback)
        named.update(answer.entry for answer in content.answered)
        for miss in content.misses:
            candidates = miss.get("candidates") or []
            named.update(str(c["id"]) for c in candidates)  # type: ignore[attr-defined]
    return named


def _identity(path: str | None) -> str | None:
    return os.path.realpath(path) if path is not None else None


def _apply(
    path: str,
    text: str,
    faq: FAQ,
    matcher: Matcher,
    lessons: Lessons,
    env: Environment,
    *,
    checks: Sequence[Sequence[LabeledQuestion]] = (),
    force: bool = False,
    bom: bool = False,
    say: Callable[[str], None] | None = None,
) -> ExitStatus:
    """Write the proposals into ``path``; ``say`` what changed and the calibration.
    ``bom`` keeps the file's byte order mark."""
    if say is None:
        say = env.stdout.line
    additions = lessons.added()
    off_topic = lessons.added("off_topic")
    if not additions and not off_topic:
        say(f"{path} : aucune variante à ajouter, fichier inchangé")
        return ExitStatus.OK
    try:
        changed, after, harm, lessons, withheld = _measured(
            path, text, faq, matcher, lessons, checks=checks, force=force
        )
    except ValueError as error:
        return env.error(f"{path} : {error}, fichier inchangé")
    additions, off_topic = lessons.added(), lessons.added("off_topic")
    for line in harm.lines:
        say(f"{path} : {line}")
    if withheld and not harm.worse:
        questions = ", ".join(f"« {q} » ({e})" for e, q in withheld[:10])
        more = " …" if len(withheld) > 10 else ""
        say(
            f"{path} : {counted(len(withheld), 'proposition')} retenue"
            f"{'s' if len(withheld) > 1 else ''}, car elle{'s' if len(withheld) > 1 else ''} "
            f"coûtai{'ent' if len(withheld) > 1 else 't'} des réponses sûres : {questions}{more}"
        )
    if harm.worse and not force:
        at_fault = ", ".join(f"« {q} » ({e})" for e, q in harm.at_fault[:10]) or "toutes"
        return env.error(
            f"{path} : la FAQ serait moins bonne, fichier inchangé ; propositions en cause : "
            f"{at_fault} ; --force pour écrire quand même"
        )
    if read_faq_text(path)[0] != text:
        return env.error(
            f"{path} : le fichier a changé pendant la lecture des journaux, "
            "fichier inchangé ; relancez faqbot learn"
        )
    replace_text(path, ("\ufeff" if bom else "") + changed)
    count = sum(len(v) for v in additions.values())
    say(
        f"{path} : {counted(count, 'variante')} ajoutée{'s' if count > 1 else ''} "
        f"à {counted(len(additions), 'entrée')}"
    )
    if off_topic:
        count = sum(len(v) for v in off_topic.values())
        say(
            f"{path} : {counted(count, 'question')} hors sujet ajoutée{'s' if count > 1 else ''} "
            f"(« off_topic ») à {counted(len(off_topic), 'entrée')}"
        )
    say(f"avant : {describe(matcher.calibration)}")
    say(f"après : {describe(after.calibration)}")
    return ExitStatus.OK


class _Measured(NamedTuple):
    """The grown file's text and matcher, what applying would change, the
    lessons left once the proposals at fault are withheld, and those."""

    text: str
    after: Matcher
    harm: Harm
    lessons: Lessons
    withheld: list[tuple[str, str]]


def _measured(
    path: str,
    text: str,
    faq: FAQ,
    matcher: Matcher,
    lessons: Lessons,
    *,
    checks: Sequence[Sequence[LabeledQuestion]],
    force: bool,
) -> _Measured:
    """Grow ``text`` with the lessons and measure it; while it does harm,
    withhold the proposals at fault (or, when none is, the off-topic
    questions) and measure the rest again. Raises
    ValueError, in French, when the file cannot be grown."""
    withheld: list[tuple[str, str]] = []
    for attempt in range(WITHHOLDING_ROUNDS + 1):
        additions, off_topic = lessons.added(), lessons.added("off_topic")
        try:
            changed = insert_variants(insert_variants(text, additions), off_topic, key="off_topic")
            grown = parse_faq(changed, source=path)
        except (InsertError, FAQError) as error:
            raise ValueError(f"modification impossible ({error})") from None
        if grown.entries != with_variants(faq, additions, off_topic).entries:
            raise ValueError("la modification ne relit pas ce qu'elle écrit")
        after = open_matcher(grown)
        harm = measure_change(faq, matcher, after, lessons, checks)
        if not harm.worse or force or attempt == WITHHOLDING_ROUNDS:
            break
        # A harm no entry's proposals explain withholds the off-topic
        # questions: learnt from askers' silence, they are the weakest evidence.
        faulty = set(harm.at_fault) or {
            (p.entry, p.question) for p in lessons.proposals if p.status == "off_topic"
        }
        if not faulty:
            break
        remaining = [p for p in lessons.proposals if (p.entry, p.question) not in faulty]
        kept = lessons._replace(proposals=remaining)
        if not kept.added() and not kept.added("off_topic"):
            break
        withheld += sorted(faulty)
        lessons = kept
    return _Measured(changed, after, harm, lessons, withheld)


WITHHOLDING_ROUNDS = 3
"""How many times ``--apply`` withholds the proposals at fault and measures
the rest again, before it refuses all.
Measured by ``python -m benchmarks.bench_day_one_learning``
and ``python -m pytest tests/test_learn.py``."""


def _report(source: str, lessons: Lessons) -> list[str]:
    lines = []
    by_entry: dict[str, list[Proposal]] = defaultdict(list)
    for proposal in lessons.proposals:
        by_entry[proposal.entry].append(proposal)
    added = sum(p.status == "added" for p in lessons.proposals)
    doubtful = sum(p.status == "doubtful" for p in lessons.proposals)
    off_topic = sum(p.status == "off_topic" for p in lessons.proposals)
    lines.append(
        f"{source} : {counted(added, 'variante')} proposée{'s' if added > 1 else ''}, "
        f"{counted(doubtful, 'douteuse')}, "
        f"{counted(len(lessons.contradictions), 'contradiction')}, "
        f"{counted(off_topic, 'question')} hors sujet"
    )
    marks = {"added": "+", "off_topic": "×", "doubtful": "?", "left_out": "-"}
    # Each entry once: what askers' picks propose for it, then what they
    # said of its answer.
    for entry_id in [*by_entry, *(e for e in lessons.unhelpful if e not in by_entry)]:
        lines.append(f"entrée « {entry_id} » :")
        for p in by_entry.get(entry_id, ()):
            when = date_span(p.first, p.last)
            lines.append(f"  {marks[p.status]} « {p.question} » : {p.reason}{when and ', '}{when}")
        found = lessons.unhelpful.get(entry_id)
        if found:
            askers = sum(n for _, n in found)
            questions = ", ".join(f"« {q} »" for q, _ in found[:5])
            more = " …" if len(found) > 5 else ""
            lines.append(
                f"  ! {counted(askers, 'personne')} {'ont' if askers > 1 else 'a'} trouvé "
                f"sa réponse inutile pour : {questions}{more}"
            )
    for question, choices in lessons.contradictions:
        picks = ", ".join(f"« {e} » ({n})" for e, n in sorted(choices.items()))
        lines.append(f"contradiction : « {question} » choisie pour {picks} : laissée de côté")
    lines_aside, voices = lessons.set_aside
    if lines_aside:
        lines.append(
            f"{counted(lines_aside, 'ligne')} de {counted(voices, 'adresse')} mise"
            f"{'s' if lines_aside > 1 else ''} de côté : plus de {ONE_VOICE_QUESTIONS} "
            "questions différentes depuis une même adresse comptent comme une seule voix"
        )
    return lines


def _as_dict(source: str, lessons: Lessons) -> dict[str, object]:
    return {
        "faq": source,
        "proposals": [p._asdict() for p in lessons.proposals],
        "contradictions": [
            {"question": question, "chosen": choices}
            for question, choices in lessons.contradictions
        ],
        "unhelpful": {
            entry_id: [{"question": q, "count": n} for q, n in found]
            for entry_id, found in lessons.unhelpful.items()
        },
        "set_aside": {"lines": lessons.set_aside[0], "addresses": lessons.set_aside[1]},
    }


def _promise_lines(found: Promise) -> list[str]:
    lines = []
    if found.unhelpful is not None:
        bad, judged, bound, future = found.unhelpful
        lines.append(
            f"réponses sûres jugées par les visiteurs : {judged}, "
            f"dont {bad} inutile{'s' if bad > 1 else ''} "
            f"({100.0 * bad / judged:.1f} % ; au plus {bound:.1f} % "
            f"des {future} prochaines, 9 fois sur 10)"
        )
    if found.replayed:
        parts = [
            f"à {r.threshold:.0f} % : {r.right} bonnes, {r.wrong.failures} mauvaises "
            f"(au plus {r.wrong.bound:.1f} %, 9 fois sur 10)"
            for r in found.replayed
        ]
        trials = found.replayed[0].wrong.trials
        lines.append(f"les {trials} questions choisies, rejouées " + " ; ".join(parts))
    return lines


def _promise_as_dict(found: Promise) -> dict[str, object]:
    return {
        "unhelpful": found.unhelpful._asdict() if found.unhelpful is not None else None,
        "replayed": [
            {"threshold": r.threshold, "right": r.right, "wrong": r.wrong._asdict()}
            for r in found.replayed
        ],
    }
