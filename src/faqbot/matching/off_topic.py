"""Questions close to an entry that the FAQ does not answer.

An entry's ``off_topic`` questions were asked, offered that entry, and not
taken (``faqbot learn`` finds them in the logs), or were written by the
author. The matcher indexes them as one more entry standing beside the
real one, which never answers: a question closer to it than to any entry
gets no sure answer, and an entry only just ahead of it has a small lead.

>>> from faqbot.faqfile.faq import parse_faq
>>> faq = parse_faq('''entries:
...   - {id: a, question: Horaires de la mairie ?, answer: 9 h-17 h.,
...      off_topic: [horaires de la piscine]}''')
>>> [(e.id, e.phrasings) for e in indexed(faq).entries]
[('a', ('Horaires de la mairie ?',)), ('a', ('horaires de la piscine',))]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faqbot.faqfile.faq import FAQ


def indexed(faq: FAQ) -> FAQ:
    """``faq`` followed by one entry for each entry's off-topic questions.

    The added entries come after the real ones, so that an entry number
    below ``len(faq.entries)`` is still a real entry; each bears the id of the
    entry it stands beside, and has no answer. An index built from it with
    ``real_entries=len(faq.entries)`` marks the candidates they give as
    off-topic (:attr:`faqbot.matching.scoring.Candidate.off_topic`).
    """
    beside = tuple(
        entry._replace(
            question=entry.off_topic[0], answer="", variants=entry.off_topic[1:], off_topic=()
        )
        for entry in faq.entries
        if entry.off_topic
    )
    if not beside:
        return faq
    return faq._replace(entries=faq.entries + beside)
