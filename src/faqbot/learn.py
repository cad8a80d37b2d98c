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
- it proposes as off-topic questions of an entry (:mod:`faqbot.off_topic`)
  the questions that got no sure answer, were offered that entry first, and
  for which no asker picked any entry: the matcher then stops answering
  questions closer to them than to the entry.

With ``--apply`` it writes the proposals into the FAQ file, keeping every
other byte of it (:mod:`faqbot.insert`), through a temporary file renamed
over it, and prints the calibration before and after.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from faqbot.faq import FAQ, FAQError, parse_faq, read_faq_text
from faqbot.files import replace_text
from faqbot.misses import LogContents, MissLogError, faq_of_logs, read_log
from faqbot.normalize import analyze, raw_words
from faqbot.smalltalk import small_talk
from faqbot.status import ExitStatus
from faqbot.text import counted, one_line
from faqbot.wiring import open_matcher

if TYPE_CHECKING:
    import argparse

    from faqbot.environment import Environment
    from faqbot.matcher import Match, Matcher


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

    def added(self, status: str = "added") -> dict[str, list[str]]:
        """The questions to add as variants (or with ``status="off_topic"``,
        as off-topic questions), entry by entry."""
        found: dict[str, list[str]] = defaultdict(list)
        for proposal in self.proposals:
            if proposal.status == status:
                found[proposal.entry].append(proposal.question)
        return dict(found)


def _key(question: str) -> str:
    """Questions with the same words, whatever case, accents and punctuation, are one."""
    return " ".join(raw_words(question))


def _most_said(wordings: Counter[str]) -> str:
    """The most frequent wording, and among equals the shortest."""
    return min(wordings.items(), key=lambda item: (-item[1], len(item[0]), item[0]))[0]


def _has_content(question: str) -> bool:
    """False for small talk and for questions without content words."""
    analysis = analyze(question)
    return bool(analysis.words or analysis.numbers) and small_talk(question) is None


def study(faq: FAQ, matcher: Matcher, contents: Sequence[LogContents]) -> Lessons:
    """What the picks and feedback of ``contents`` teach about ``faq``."""
    ids = {entry.id for entry in faq.entries}
    known = {_key(text): entry.id for entry in faq.entries for text in entry.phrasings}
    known_off_topic = {_key(text) for entry in faq.entries for text in entry.off_topic}
    picked: dict[str, Counter[str]] = defaultdict(Counter)
    wordings: dict[str, Counter[str]] = defaultdict(Counter)
    unhelpful_for: dict[str, Counter[str]] = defaultdict(Counter)
    for content in contents:
        for pick in content.picks:
            if pick.chosen in ids:
                key = _key(pick.question)
                picked[key][pick.chosen] += 1
                wordings[key][one_line(pick.question).strip()] += 1
        for said in content.feedback:
            if not said.helpful and said.entry in ids:
                key = _key(said.question)
                unhelpful_for[said.entry][key] += 1
                wordings[key][one_line(said.question).strip()] += 1

    def shown(key: str) -> str:
        return _most_said(wordings[key])

    proposals: list[Proposal] = []
    contradictions: list[tuple[str, dict[str, int]]] = []
    for key, choices in picked.items():
        question = shown(key)
        total = sum(choices.values())
        if len(choices) > 1:
            contradictions.append((question, dict(choices)))
            continue
        (entry_id,) = choices
        if not _has_content(question):
            reason = "sans mot de contenu"
            proposals.append(Proposal(entry_id, question, total, "left_out", reason))
            continue
        if key in known:
            reason = f"déjà une formulation de l'entrée « {known[key]} »"
            proposals.append(Proposal(entry_id, question, total, "left_out", reason))
            continue
        if key in unhelpful_for.get(entry_id, Counter()):
            reason = "des personnes ont trouvé la réponse de cette entrée inutile pour elle"
            proposals.append(Proposal(entry_id, question, total, "doubtful", reason))
            continue
        found = matcher.lookup(question)
        sure = found.match
        if sure is not None and sure.entry.id != entry_id:
            reason = f"la FAQ y répond déjà sûrement par l'entrée « {sure.entry.id} »"
            proposals.append(Proposal(entry_id, question, total, "doubtful", reason))
            continue
        ahead = _preferred_over(entry_id, found.suggestions)
        if sure is None and ahead is not None:
            reason = (
                f"l'entrée « {ahead} », proposée avant elle, lui ressemble davantage : "
                "choix à confirmer"
            )
            proposals.append(Proposal(entry_id, question, total, "doubtful", reason))
            continue
        reason = f"choisie par {counted(total, 'personne')}"
        proposals.append(Proposal(entry_id, question, total, "added", reason))
    proposals = _held_out_check(faq, proposals)
    picked_keys = set(picked) | set(known) | known_off_topic
    proposals += _declined(matcher, contents, ids, picked_keys)
    unhelpful = {
        entry_id: sorted(((shown(k), n) for k, n in found.items()), key=lambda p: (-p[1], p[0]))
        for entry_id, found in unhelpful_for.items()
    }
    order = {entry.id: number for number, entry in enumerate(faq.entries)}
    proposals.sort(key=lambda p: (order[p.entry], -p.askers, p.question))
    return Lessons(proposals, contradictions, unhelpful)


def _declined(
    matcher: Matcher, contents: Sequence[LogContents], ids: set[str], skipped: set[str]
) -> list[Proposal]:
    """The questions without a sure answer that were offered an entry first
    and for which nobody picked anything, as off-topic questions of that entry.

    Left out: the ``skipped`` wordings (picked, or already in the FAQ),
    questions without content words, and those the FAQ now answers surely.
    """
    offered: dict[str, Counter[str]] = defaultdict(Counter)
    wordings: dict[str, Counter[str]] = defaultdict(Counter)
    for content in contents:
        for miss in content.misses:
            candidates = miss.get("candidates")
            if not isinstance(candidates, list) or not candidates:
                continue
            first = candidates[0].get("id") if isinstance(candidates[0], dict) else None
            question = str(miss["question"])
            key = _key(question)
            if first not in ids or key in skipped:
                continue
            offered[key][str(first)] += 1
            wordings[key][one_line(question).strip()] += 1
    found = []
    for key, entries in offered.items():
        question = _most_said(wordings[key])
        if not _has_content(question) or matcher.match(question) is not None:
            continue
        entry_id = max(sorted(entries), key=entries.__getitem__)
        askers = sum(entries.values())
        reason = (
            f"proposée d'abord à {counted(askers, 'personne')}, "
            "sans qu'aucune entrée soit choisie : hors sujet"
        )
        found.append(Proposal(entry_id, question, askers, "off_topic", reason))
    return found


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
    from faqbot.matcher import Matcher

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
    contents = []
    for path in args.logs:
        try:
            contents.append(read_log(path, errors))
        except MissLogError as error:
            return env.error(str(error))
    for bad in errors:
        env.warn(bad)
    faq_file = faq_of_logs(getattr(args, "faq", None), contents)
    if args.apply and faq_file is None:
        return env.error(
            "précisez --faq FICHIER : la FAQ intégrée ne se modifie pas, et ces journaux "
            "ne nomment pas de fichier"
        )
    text, source = read_faq_text(faq_file)
    faq = parse_faq(text, source=source)
    matcher = open_matcher(faq)
    lessons = study(faq, matcher, contents)
    if getattr(args, "json", False):
        env.stdout.line(json.dumps(_as_dict(source, lessons), ensure_ascii=False))
    else:
        for line in _report(source, lessons):
            env.stdout.line(line)
    if args.apply:
        status = _apply(faq_file, text, faq, matcher, lessons, env)  # type: ignore[arg-type]
        if status != ExitStatus.OK:
            return status
    return ExitStatus.ERROR if errors else ExitStatus.OK


def _apply(
    path: str, text: str, faq: FAQ, matcher: Matcher, lessons: Lessons, env: Environment
) -> ExitStatus:
    """Write the proposals into ``path``; print what changed and the calibration."""
    from faqbot.calibration import describe
    from faqbot.insert import InsertError, insert_variants

    additions = lessons.added()
    off_topic = lessons.added("off_topic")
    if not additions and not off_topic:
        env.stdout.line(f"{path} : aucune variante à ajouter, fichier inchangé")
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
    replace_text(path, changed)
    count = sum(len(v) for v in additions.values())
    env.stdout.line(
        f"{path} : {counted(count, 'variante')} ajoutée{'s' if count > 1 else ''} "
        f"à {counted(len(additions), 'entrée')}"
    )
    if off_topic:
        count = sum(len(v) for v in off_topic.values())
        env.stdout.line(
            f"{path} : {counted(count, 'question')} hors sujet ajoutée{'s' if count > 1 else ''} "
            f"(« off_topic ») à {counted(len(off_topic), 'entrée')}"
        )
    after = open_matcher(grown)
    env.stdout.line(f"avant : {describe(matcher.calibration)}")
    env.stdout.line(f"après : {describe(after.calibration)}")
    return ExitStatus.OK


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
    }
