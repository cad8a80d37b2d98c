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
import math
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from faqbot.commands.evaluate import LabeledFileError, LabeledQuestion, read_labeled
from faqbot.commands.wiring import faq_path, open_matcher
from faqbot.faqfile.faq import FAQ, FAQError, parse_faq, read_faq_bytes, read_faq_text
from faqbot.log.reading import (
    Answered,
    Feedback,
    LogContents,
    MissLogError,
    Pick,
    faq_of_logs,
    question_key,
    read_log,
    summarize,
)
from faqbot.support.files import replace_text
from faqbot.support.status import ExitStatus
from faqbot.text.display import counted, one_line
from faqbot.text.normalize import analyze, raw_words
from faqbot.text.smalltalk import small_talk

if TYPE_CHECKING:
    import argparse

    from faqbot.commands.environment import Environment
    from faqbot.matching.decision import Calibration
    from faqbot.matching.matcher import Match, Matcher


class Proposal(NamedTuple):
    """A question askers picked ``entry`` for, how many ``askers``, and what became of it:
    ``status`` is ``added`` (proposed as a variant), ``off_topic`` (proposed as
    an off-topic question of the entry), ``doubtful`` or ``left_out``, with
    ``reason`` in French."""

    entry: str
    question: str
    askers: int
    status: str
    reason: str


class Lessons(NamedTuple):
    """What the logs teach: proposals, contradictions, and for each entry the
    questions its answer was found unhelpful for, with their counts."""

    proposals: list[Proposal]
    contradictions: list[tuple[str, dict[str, int]]]
    unhelpful: dict[str, list[tuple[str, int]]]
    asked: tuple[str, ...] = ()
    """Every question of the logs, once."""
    judged: tuple[int, int] = (0, 0)
    """Answers askers judged, and how many of them unhelpful."""
    picked: tuple[tuple[str, str], ...] = ()
    """Each picked question, once, with the entry its askers chose."""
    set_aside: tuple[int, int] = (0, 0)
    """Lines set aside as one voice (:data:`ONE_VOICE_QUESTIONS`), and from how many askers."""

    def added(self, status: str = "added") -> dict[str, list[str]]:
        """The questions to add as variants (or with ``status="off_topic"``,
        as off-topic questions), entry by entry."""
        found: dict[str, list[str]] = defaultdict(list)
        for proposal in self.proposals:
            if proposal.status == status:
                found[proposal.entry].append(proposal.question)
        return dict(found)


Key = str


def _key(question: str) -> Key:
    """A picked question's wording: the same words, whatever case, accents and
    punctuation. Unanswered questions are grouped as ``faqbot misses`` groups
    them (:func:`faqbot.log.reading.summarize`)."""
    return " ".join(raw_words(question))


def _most_said(wordings: Counter[str]) -> str:
    """The most frequent wording, and among equals the shortest."""
    return min(wordings.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]


def _has_content(question: str) -> bool:
    """False for small talk and for questions without content words."""
    analysis = analyze(question)
    return bool(analysis.words or analysis.numbers) and small_talk(question) is None


class _Read(NamedTuple):
    """The logs' picks and unhelpful feedback, by wording."""

    picked: dict[Key, Counter[str]]
    wordings: dict[Key, Counter[str]]
    unhelpful_for: dict[str, Counter[Key]]

    def shown(self, key: Key) -> str:
        return _most_said(self.wordings[key])


def _read(contents: Sequence[LogContents], ids: set[str]) -> _Read:
    """Picks and unhelpful feedback; an asker the server tagged counts once
    per question and entry, however many lines it sent."""
    read = _Read(defaultdict(Counter), defaultdict(Counter), defaultdict(Counter))
    seen: set[tuple[str, str, Key, str]] = set()

    def first_time(kind: str, asker: str | None, key: Key, entry_id: str) -> bool:
        if asker is None:
            return True
        if (kind, asker, key, entry_id) in seen:
            return False
        seen.add((kind, asker, key, entry_id))
        return True

    for content in contents:
        for pick in content.picks:
            key = _key(pick.question)
            if pick.chosen in ids and first_time("pick", pick.asker, key, pick.chosen):
                read.picked[key][pick.chosen] += 1
                read.wordings[key][one_line(pick.question).strip()] += 1
        for said in content.feedback:
            key = _key(said.question)
            if (
                not said.helpful
                and said.entry in ids
                and first_time("unhelpful", said.asker, key, said.entry)
            ):
                read.unhelpful_for[said.entry][key] += 1
                read.wordings[key][one_line(said.question).strip()] += 1
    return read


ONE_VOICE_QUESTIONS = 5
"""An address that brought more than this many different questions to the
logs speaks as one voice, not as many askers: its picks, feedback and
unanswered questions are set aside, and a question only it picked is listed
as doubtful. A visitor asks a few questions; 20 forged picks from one
address (``python -m benchmarks.bench_forged``) need many more. Only lines
the server tagged with their asker (:class:`faqbot.web.logguard.AskerTags`) are
counted so."""


def _one_voices(contents: Sequence[LogContents]) -> dict[str, int]:
    """The askers past :data:`ONE_VOICE_QUESTIONS`, with their number of questions."""
    questions: dict[str, set[frozenset[str]]] = defaultdict(set)
    for content in contents:
        for miss in content.misses:
            asker = miss.get("asker")
            if isinstance(asker, str):
                questions[asker].add(question_key(str(miss["question"])))
        judged: list[Pick | Feedback | Answered] = [
            *content.picks,
            *content.feedback,
            *content.answered,
        ]
        for line in judged:
            if line.asker is not None:
                questions[line.asker].add(question_key(line.question))
    return {a: len(q) for a, q in questions.items() if len(q) > ONE_VOICE_QUESTIONS}


def _without(content: LogContents, voices: dict[str, int]) -> LogContents:
    return content._replace(
        misses=[m for m in content.misses if m.get("asker") not in voices],
        picks=[p for p in content.picks if p.asker not in voices],
        feedback=[f for f in content.feedback if f.asker not in voices],
        answered=tuple(a for a in content.answered if a.asker not in voices),
    )


def _set_aside(
    contents: Sequence[LogContents], voices: dict[str, int], ids: set[str], kept: _Read
) -> tuple[list[Proposal], int]:
    """The questions only one-voice askers picked, as doubtful proposals, and
    how many lines were set aside."""
    lines = 0
    found: dict[Key, tuple[str, str, int]] = {}
    for content in contents:
        lines += sum(m.get("asker") in voices for m in content.misses)
        lines += sum(f.asker in voices for f in content.feedback)
        lines += sum(a.asker in voices for a in content.answered)
        for pick in content.picks:
            if pick.asker not in voices:
                continue
            lines += 1
            key = _key(pick.question)
            if pick.chosen in ids and key not in kept.picked and key not in found:
                found[key] = (pick.chosen, one_line(pick.question).strip(), voices[pick.asker])
    proposals = [
        Proposal(
            entry_id,
            question,
            1,
            "doubtful",
            f"choisie seulement depuis une adresse qui a posé {questions} questions "
            "différentes : à confirmer par d'autres personnes",
        )
        for entry_id, question, questions in found.values()
    ]
    return proposals, lines


def study(faq: FAQ, matcher: Matcher, contents: Sequence[LogContents]) -> Lessons:
    """What the picks and feedback of ``contents`` teach about ``faq``."""
    ids = {entry.id for entry in faq.entries}
    known = {_key(text): entry.id for entry in faq.entries for text in entry.phrasings}
    known_off_topic = {_key(text) for entry in faq.entries for text in entry.off_topic}
    voices = _one_voices(contents)
    every = contents
    contents = [_without(content, voices) for content in contents]
    read = _read(contents, ids)
    proposals: list[Proposal] = []
    contradictions: list[tuple[str, dict[str, int]]] = []
    for key, choices in read.picked.items():
        question = read.shown(key)
        entry_id, total = _majority(choices)
        if entry_id is None or len(choices) > 1:
            # Outvoted picks are reported, and never veto the majority.
            contradictions.append((question, dict(choices)))
        if entry_id is None:
            continue
        against = read.unhelpful_for.get(entry_id, Counter())[key]
        status, reason = _left_out(question, key, known, known_off_topic) or _judged(
            matcher, question, entry_id, total, against
        )
        proposals.append(Proposal(entry_id, question, total, status, reason))
    phrasings = sum(len(entry.phrasings) for entry in faq.entries)
    proposals = _held_out_check(faq, _capped(proposals, phrasings))
    skipped = set(read.picked) | set(known) | known_off_topic
    proposals += _declined(matcher, contents, ids, skipped, phrasings)
    aside, lines_aside = _set_aside(every, voices, ids, read)
    proposals += [
        p for p in aside if _left_out(p.question, _key(p.question), known, known_off_topic) is None
    ]
    unhelpful = {
        entry_id: sorted(
            ((read.shown(k), n) for k, n in found.items()), key=lambda p: (-p[1], p[0])
        )
        for entry_id, found in read.unhelpful_for.items()
    }
    order = {entry.id: number for number, entry in enumerate(faq.entries)}
    proposals.sort(key=lambda p: (order[p.entry], -p.askers, p.question))
    picked_once = tuple(
        (read.shown(key), winner)
        for key, choices in read.picked.items()
        for winner in [_majority(choices)[0]]
        if winner is not None
    )
    asked, _ = _asked_and_judged(every, ids)
    _, judged = _asked_and_judged(contents, ids)
    return Lessons(
        proposals,
        contradictions,
        unhelpful,
        asked,
        judged,
        picked_once,
        (lines_aside, len(voices)),
    )


def _left_out(
    question: str, key: Key, known: dict[Key, str], known_off_topic: set[Key]
) -> tuple[str, str] | None:
    """Why a picked question is not even a candidate, if it is not."""
    if not _has_content(question):
        return "left_out", "sans mot de contenu"
    if key in known:
        return "left_out", f"déjà une formulation de l'entrée « {known[key]} »"
    if key in known_off_topic:
        return (
            "left_out",
            "déjà une question hors sujet de la FAQ : retirez-la d'« off_topic » d'abord",
        )
    if not _writable(question):
        return "left_out", "contient un caractère qu'un fichier YAML ne peut pas contenir"
    return None


def _judged(
    matcher: Matcher, question: str, entry_id: str, total: int, against: int
) -> tuple[str, str]:
    """Whether ``total`` picks of ``entry_id`` for ``question`` are enough to
    add it (``added``) or not (``doubtful``), and why."""
    if against >= total:
        return "doubtful", (
            f"{counted(against, 'personne')} {'ont' if against > 1 else 'a'} trouvé la "
            f"réponse de cette entrée inutile pour elle, contre {total} choix"
        )
    found = matcher.lookup(question)
    sure = found.match
    if sure is not None and sure.entry.id != entry_id:
        return "doubtful", f"la FAQ y répond déjà sûrement par l'entrée « {sure.entry.id} »"
    ahead = _preferred_over(entry_id, found.suggestions)
    if sure is None and ahead is not None:
        return "doubtful", (
            f"l'entrée « {ahead} », proposée avant elle, lui ressemble davantage : "
            "choix à confirmer"
        )
    rank = _rank_of(matcher, question, entry_id)
    if total < AGREEING_PICKS and (rank is None or rank > AGREEING_RANK):
        return "doubtful", (
            f"un seul choix, et la FAQ classe cette entrée {_ranked(rank)} : "
            "à confirmer par d'autres choix"
        )
    return "added", f"choisie par {counted(total, 'personne')} (entrée classée {_ranked(rank)})"


def _asked_and_judged(
    contents: Sequence[LogContents], ids: set[str]
) -> tuple[tuple[str, ...], tuple[int, int]]:
    """Every question of the logs, once; and the answers askers judged, with
    how many of them they found unhelpful."""
    asked: dict[Key, str] = {}
    judged = unhelpful = 0
    for content in contents:
        for text in (
            *(str(m["question"]) for m in content.misses),
            *(p.question for p in content.picks),
            *(f.question for f in content.feedback),
            *(a.question for a in content.answered),
        ):
            asked.setdefault(_key(text), text)
        for said in content.feedback:
            if said.entry in ids:
                judged += 1
                unhelpful += not said.helpful
    return tuple(asked.values()), (judged, unhelpful)


def _declined(
    matcher: Matcher,
    contents: Sequence[LogContents],
    ids: set[str],
    skipped: set[Key],
    phrasings: int,
) -> list[Proposal]:
    """The questions without a sure answer that were offered an entry first
    and for which nobody picked anything, as off-topic questions of that entry.

    Left out: the ``skipped`` wordings (picked, or already in the FAQ),
    questions without content words, and those the FAQ now answers surely.
    """
    skipped_groups = {question_key(k) for k in skipped}
    declined: list[dict[str, object]] = []
    for content in contents:
        for miss in content.misses:
            candidates = miss.get("candidates")
            if not isinstance(candidates, list) or not candidates:
                continue
            first = candidates[0].get("id") if isinstance(candidates[0], dict) else None
            question = str(miss["question"])
            if not isinstance(first, str) or first not in ids:
                continue
            if _key(question) in skipped or question_key(question) in skipped_groups:
                continue
            if _writable(question):
                declined.append(miss)
    found = []
    # The same grouping as faqbot misses: one proposal for what it shows as one group.
    for group in summarize(declined):
        question = group.questions[0]
        if group.closest_id not in ids or len(analyze(question).words) < OFF_TOPIC_WORDS:
            continue  # one word says too little to refuse a question
        if not _has_content(question) or matcher.match(question) is not None:
            continue
        entry_id, askers = group.closest_id, group.count
        assert entry_id is not None
        reason = (
            f"proposée d'abord à {counted(askers, 'personne')}, "
            "sans qu'aucune entrée soit choisie : hors sujet"
        )
        found.append(Proposal(entry_id, question, askers, "off_topic", reason))
    found.sort(key=lambda p: -p.askers)
    most = max(MIN_CAP // 2, int(OFF_TOPIC_GROWTH * phrasings))
    for position in range(most, len(found)):
        found[position] = found[position]._replace(
            status="doubtful",
            reason=f"plafond de {most} questions hors sujet par passage atteint",
        )
    return found


AGREEING_PICKS = 2
"""Picks of one question for one entry that make a proposal on their own;
a single pick needs the matcher to rank that entry first already."""
AGREEING_RANK = 1
"""A single pick counts when the matcher ranks its entry this high already.
Replayed (``python benchmarks/bench_learning.py``), ranks 1 and 3 learn
alike: askers mostly pick the first suggestion. Asking the entry's coverage
of the question to reach 40 as well cost 2 to 4 points of right answers
there, and stopped none of the forged picks of ``tests/test_learn.py``."""
MAJORITY = 2.0
"""Picks for one entry must outnumber those for all others this many times over."""
OFF_TOPIC_WORDS = 2
"""A question becomes off-topic only with at least this many content words.
Requiring two askers too left the replay's off-topic questions unlearnt
(each is asked once there), and its wrong answers at 3.4 % (cdtn)."""
MAX_PER_ENTRY = 20
GROWTH = 1.0
OFF_TOPIC_GROWTH = 0.5
MIN_CAP = 20
"""What one run adds at most: variants to one entry; variants in all, half
as many as the FAQ has phrasings (at least MIN_CAP); off-topic questions in
all, a quarter as many (at least MIN_CAP / 2). The most asked first; the
rest are listed as doubtful, for the next run."""


def _writable(text: str) -> bool:
    """False for a text holding a character YAML refuses in a file (control
    characters, U+FFFE, U+FFFF, lone surrogates)."""
    return all(
        char in "\t\n\r"
        or "\x20" <= char <= "\x7e"
        or char == "\x85"
        or "\xa0" <= char <= "\ud7ff"
        or "\ue000" <= char <= "\ufffd"
        or "\U00010000" <= char <= "\U0010ffff"
        for char in text
    )


def _majority(choices: Counter[str]) -> tuple[str | None, int]:
    """The entry most askers picked and its picks, when they outnumber the
    rest :data:`MAJORITY` times over; else ``(None, 0)``."""
    ranked = choices.most_common()
    top, count = ranked[0]
    rest = sum(n for _, n in ranked[1:])
    if rest and count < MAJORITY * rest:
        return None, 0
    return top, count


def _rank_of(matcher: Matcher, question: str, entry_id: str) -> int | None:
    """Where the matcher ranks ``entry_id`` for ``question`` today (1 for first)."""
    ranked = matcher.search(question, limit=5, score_cutoff=0)
    return next((n for n, m in enumerate(ranked, start=1) if m.entry.id == entry_id), None)


def _ranked(rank: int | None) -> str:
    if rank is None:
        return "loin derrière"
    return "première" if rank == 1 else f"{rank}e"


def _capped(proposals: list[Proposal], phrasings: int) -> list[Proposal]:
    """Variants past :data:`MAX_PER_ENTRY` for one entry or :data:`GROWTH` of
    the FAQ's ``phrasings`` in all, the least asked first, become doubtful."""
    most = max(MIN_CAP, int(GROWTH * phrasings))
    order = sorted(
        (i for i, p in enumerate(proposals) if p.status == "added"),
        key=lambda i: -proposals[i].askers,
    )
    per_entry: Counter[str] = Counter()
    kept = 0
    capped = list(proposals)
    for i in order:
        proposal = proposals[i]
        if per_entry[proposal.entry] >= MAX_PER_ENTRY or kept >= most:
            reason = (
                f"plafond de {MAX_PER_ENTRY} variantes par entrée et {most} en tout "
                "par passage atteint : relancez après avoir vérifié les premières"
            )
            capped[i] = proposal._replace(status="doubtful", reason=reason)
            continue
        per_entry[proposal.entry] += 1
        kept += 1
    return capped


def _preferred_over(entry_id: str, suggestions: Sequence[Match]) -> str | None:
    """The first suggestion, when it was not ``entry_id`` and covered the
    question better: askers who pick a later suggestion over a closer one are
    more often wrong than right (on the shared sets, four picks of the first
    suggestion in five were right, three of the others in four wrong)."""
    if not suggestions or suggestions[0].entry.id == entry_id:
        return None
    chosen = next((m for m in suggestions if m.entry.id == entry_id), None)
    if chosen is not None and chosen.coverage >= suggestions[0].coverage:
        return None
    return suggestions[0].entry.id


def _held_out_check(faq: FAQ, proposals: list[Proposal]) -> list[Proposal]:
    """Mark as doubtful the questions that, added with the others, go to
    another entry when held out (calibration's confused phrasings)."""
    added = [p for p in proposals if p.status == "added"]
    if not added:
        return proposals
    from faqbot.matching.matcher import Matcher

    grown = with_variants(faq, _by_entry(added))
    calibration = Matcher(grown).calibration
    confused = {(question, own): other for question, own, other in calibration.confused}
    checked = []
    for proposal in proposals:
        other = confused.get((proposal.question, proposal.entry))
        if proposal.status == "added" and other is not None:
            reason = f"ajoutée, puis posée sans elle, elle va à l'entrée « {other} »"
            proposal = proposal._replace(status="doubtful", reason=reason)
        checked.append(proposal)
    return checked


def _by_entry(proposals: Sequence[Proposal]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for proposal in proposals:
        found[proposal.entry].append(proposal.question)
    return dict(found)


def with_variants(
    faq: FAQ, additions: dict[str, list[str]], off_topic: dict[str, list[str]] | None = None
) -> FAQ:
    """``faq`` with ``additions`` appended to its entries' variants, and
    ``off_topic`` to their off-topic questions."""
    off_topic = off_topic or {}
    entries = tuple(
        entry._replace(
            variants=(*entry.variants, *additions.get(entry.id, ())),
            off_topic=(*entry.off_topic, *off_topic.get(entry.id, ())),
        )
        for entry in faq.entries
    )
    return faq._replace(entries=entries)


def run_learn(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """``faqbot learn LOG…``: propose, and with ``--apply`` add, the askers' questions."""
    errors: list[str] = []
    force = getattr(args, "force", False)
    try:
        contents = [read_log(path, errors) for path in args.logs]
        faq_file = _faq_for(faq_path(getattr(args, "faq", None)), contents, args.logs, force)
    except (MissLogError, ValueError) as error:
        return env.error(str(error))
    for bad in errors:
        env.warn(bad)
    if args.apply and faq_file is None:
        return env.error(
            "précisez --faq FICHIER : la FAQ intégrée ne se modifie pas, et ces journaux "
            "ne nomment pas de fichier"
        )
    raw, _ = read_faq_bytes(faq_file) if faq_file is not None else (b"", "")
    text, source = read_faq_text(faq_file)
    faq = parse_faq(text, source=source)
    matcher = open_matcher(faq)
    lessons = study(faq, matcher, contents)
    as_json = getattr(args, "json", False)
    if not as_json:
        for line in _report(source, lessons):
            env.stdout.line(line)
        for line in promise(matcher, lessons):
            env.stdout.line(f"{source} : {line}")
    said: list[str] = []
    status = ExitStatus.OK
    if args.apply:
        try:
            checks = [read_labeled(name, faq) for name in getattr(args, "eval", [])]
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
        record["promise"] = promise(matcher, lessons)
        if args.apply:
            record["apply"] = {"status": int(status), "lines": said}
        env.stdout.line(json.dumps(record, ensure_ascii=False))
    return status if status != ExitStatus.OK or not errors else ExitStatus.ERROR


BOM = b"\xef\xbb\xbf"


def _faq_for(
    given: str | None, contents: Sequence[LogContents], logs: Sequence[str], force: bool
) -> str | None:
    """The FAQ file the logs are about: ``given`` (``--faq`` or ``$FAQBOT_FAQ``),
    else the one they name. ``ValueError``, in French, when logs name
    different FAQs, or another FAQ than ``given`` (unless ``force``)."""
    named = {c.faq for c in contents if c.names_faq}
    if len({_identity(name) for name in named}) > 1:
        listed = ", ".join(sorted(name or "la FAQ intégrée" for name in named))
        raise ValueError(f"ces journaux parlent de FAQ différentes ({listed}) : un seul à la fois")
    if given is None:
        return faq_of_logs(None, contents)
    if named and not force:
        (name,) = named
        if _identity(name) != _identity(given):
            about = name or "la FAQ intégrée"
            raise ValueError(
                f"{', '.join(logs)} parle de {about}, pas de {given} : --force pour "
                "l'appliquer quand même"
            )
    return given


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
    from faqbot.faqfile.insert import InsertError, insert_variants
    from faqbot.matching.calibration import describe

    additions = lessons.added()
    off_topic = lessons.added("off_topic")
    if not additions and not off_topic:
        say(f"{path} : aucune variante à ajouter, fichier inchangé")
        return ExitStatus.OK
    try:
        changed = insert_variants(insert_variants(text, additions), off_topic, key="off_topic")
        grown = parse_faq(changed, source=path)
    except (InsertError, FAQError) as error:
        return env.error(f"{path} : modification impossible ({error}), fichier inchangé")
    if grown.entries != with_variants(faq, additions, off_topic).entries:
        return env.error(
            f"{path} : la modification ne relit pas ce qu'elle écrit, fichier inchangé"
        )
    after = open_matcher(grown)
    harm = measure_change(faq, matcher, after, lessons, checks)
    for line in harm.lines:
        say(f"{path} : {line}")
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


SURE_LOSS = 2.0
"""Points of sure right answers (labeled sets, and the log's own questions)
that applying may cost before it is refused."""
EXPECTED_LOSS = 15.0
"""Points of the calibration's expected right answers applying may cost, or
more when its trials are too few to measure that close (:func:`_expected_noise`).
The expectation moves a lot on a small FAQ: one variant added to
``examples/mairie.yaml`` moves it from 43 to 33 % while its labeled
questions keep every right answer; labeled sets (``--eval``) and the logs'
own questions are the finer guards."""
WRONG_GAIN = 1.0
"""Points of wrong answers (labeled sets) applying may add."""


class Harm(NamedTuple):
    """What applying would change: ``lines`` say it in French, ``worse`` is
    true when something fell past its tolerance, ``at_fault`` names the
    proposals (entry, question) to blame."""

    lines: list[str]
    worse: bool
    at_fault: list[tuple[str, str]]


def measure_change(
    faq: FAQ,
    before: Matcher,
    after: Matcher,
    lessons: Lessons,
    checks: Sequence[Sequence[LabeledQuestion]] = (),
) -> Harm:
    """Measure ``after`` (``faq`` with the lessons applied) against ``before``:
    the calibration's expected right answers, the sure answers to the logs'
    own questions, and the right and wrong answers of each labeled set."""
    lines: list[str] = []
    worse = False
    blamed: set[str] = set()
    expected = (before.calibration.expected_right, after.calibration.expected_right)
    lines.append(f"bonnes réponses attendues : {expected[0]:.0f} % → {expected[1]:.0f} %")
    if expected[1] < expected[0] - _expected_noise(before.calibration):
        worse = True
        blamed.update(_blame(faq, lessons, lambda m: m.calibration.expected_right, expected[0]))
    asked = lessons.asked
    if asked:
        kept = lost = 0
        for question in asked:
            hit = before.match(question)
            if hit is None:
                continue
            now = after.match(question)
            if now is not None and now.entry.id == hit.entry.id:
                kept += 1
                continue
            lost += 1
            blamed.add(now.entry.id if now is not None else hit.entry.id)
        if kept + lost:
            lines.append(
                f"questions des journaux à réponse sûre : {kept} sur {kept + lost} la gardent"
            )
            if 100.0 * lost / (kept + lost) > SURE_LOSS:
                worse = True
    for labeled in checks:
        if not labeled:
            continue
        right_before, wrong_before = _rates(before, labeled)
        right_after, wrong_after = _rates(after, labeled)
        lines.append(
            f"{labeled[0].source} : bonnes réponses {right_before:.1f} % → {right_after:.1f} %, "
            f"mauvaises {wrong_before:.1f} % → {wrong_after:.1f} %"
        )
        if right_after < right_before - SURE_LOSS:
            worse = True
            blamed.update(_blame(faq, lessons, partial(_right_rate, labeled), right_before))
        if wrong_after > wrong_before + WRONG_GAIN:
            worse = True
            blamed.update(_blame(faq, lessons, partial(_not_wrong, labeled), -wrong_before))
    at_fault = [
        (p.entry, p.question)
        for p in lessons.proposals
        if p.status in ("added", "off_topic") and p.entry in blamed
    ]
    return Harm(lines, worse, at_fault)


def _expected_noise(calibration: Calibration) -> float:
    """How far the expected right answers may fall before applying is
    refused: :data:`EXPECTED_LOSS`, or twice the standard error of a rate
    measured on the calibration's on-topic trials (about half of them)."""
    share = calibration.expected_right / 100.0
    trials = max(calibration.trials / 2, 1.0)
    return max(EXPECTED_LOSS, 200.0 * math.sqrt(share * (1 - share) / trials))


def _right_rate(labeled: Sequence[LabeledQuestion], matcher: Matcher) -> float:
    return _rates(matcher, labeled)[0]


def _not_wrong(labeled: Sequence[LabeledQuestion], matcher: Matcher) -> float:
    return -_rates(matcher, labeled)[1]


def _rates(matcher: Matcher, labeled: Sequence[LabeledQuestion]) -> tuple[float, float]:
    """Right answers (% of on-topic questions) and wrong ones (% of all)."""
    on_topic = right = wrong = 0
    for item in labeled:
        hit = matcher.match(item.question)
        got = hit.entry.id if hit is not None else None
        on_topic += item.expected is not None
        right += item.expected is not None and got == item.expected
        wrong += got is not None and got != item.expected
    return 100.0 * right / max(on_topic, 1), 100.0 * wrong / max(len(labeled), 1)


def _blame(
    faq: FAQ, lessons: Lessons, score: Callable[[Matcher], float], before: float
) -> set[str]:
    """The entries whose proposals alone, left out, give back what ``score`` lost."""
    from faqbot.matching.matcher import Matcher

    additions, off_topic = lessons.added(), lessons.added("off_topic")
    blamed = set()
    for entry_id in sorted(set(additions) | set(off_topic)):
        without = with_variants(
            faq,
            {e: q for e, q in additions.items() if e != entry_id},
            {e: q for e, q in off_topic.items() if e != entry_id},
        )
        if score(Matcher(without)) >= before - 1e-9:
            blamed.add(entry_id)
    return blamed


def promise(matcher: Matcher, lessons: Lessons) -> list[str]:
    """What the logs say of the promise: the sure answers askers judged, how
    many they found unhelpful, with a one-sided 90 % upper bound; and what
    answering the picked questions at lower thresholds would cost."""
    lines = []
    judged, unhelpful = lessons.judged
    if judged:
        bound = upper_bound(unhelpful, judged)
        lines.append(
            f"réponses sûres jugées par les visiteurs : {judged}, "
            f"dont {unhelpful} inutile{'s' if unhelpful > 1 else ''} "
            f"({100.0 * unhelpful / judged:.1f} %, au plus {bound:.1f} % à 90 %)"
        )
    picked = lessons.picked
    if len(picked) >= PICKS_FOR_REPLAY:
        found = [(matcher.search(q, limit=1, score_cutoff=0), chosen) for q, chosen in picked]
        parts = []
        for lower in (0.0, 10.0, 20.0):
            threshold = max(matcher.score_cutoff - lower, 0.0)
            right = sum(
                1
                for ranked, c in found
                if ranked and ranked[0].confidence >= threshold and ranked[0].entry.id == c
            )
            wrong = sum(
                1
                for ranked, c in found
                if ranked and ranked[0].confidence >= threshold and ranked[0].entry.id != c
            )
            bound = upper_bound(wrong, len(found))
            parts.append(
                f"à {threshold:.0f} % : {right} bonnes, {wrong} mauvaises (au plus "
                f"{bound:.1f} % à 90 %)"
            )
        lines.append(f"les {len(found)} questions choisies, rejouées " + " ; ".join(parts))
    return lines


PICKS_FOR_REPLAY = 10
"""Picked questions needed before learn says what answering more would cost."""


def upper_bound(failures: int, trials: int, confidence: float = 0.9) -> float:
    """The one-sided Clopper-Pearson upper bound, in percent, of a rate seen
    as ``failures`` in ``trials``.

    >>> round(upper_bound(0, 20), 1), round(upper_bound(2, 100), 1)
    (10.9, 5.2)
    """
    if trials <= 0:
        return 100.0
    if failures >= trials:
        return 100.0
    low, high = failures / trials, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if _binomial_cdf(failures, trials, middle) > 1.0 - confidence:
            low = middle
        else:
            high = middle
    return 100.0 * high


def _binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space."""
    if p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0 if k < n else 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    total = 0.0
    log_choose = 0.0
    for i in range(k + 1):
        if i:
            log_choose += math.log(n - i + 1) - math.log(i)
        total += math.exp(log_choose + i * log_p + (n - i) * log_q)
    return min(total, 1.0)


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
    for entry_id, proposals in by_entry.items():
        lines.append(f"entrée « {entry_id} » :")
        for p in proposals:
            lines.append(f"  {marks[p.status]} « {p.question} » : {p.reason}")
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
    for entry_id, found in lessons.unhelpful.items():
        askers = sum(n for _, n in found)
        questions = ", ".join(f"« {q} »" for q, _ in found[:5])
        more = " …" if len(found) > 5 else ""
        lines.append(
            f"entrée « {entry_id} » : {counted(askers, 'personne')} "
            f"{'ont' if askers > 1 else 'a'} trouvé sa réponse inutile pour : {questions}{more}"
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
