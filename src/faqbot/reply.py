"""The reply layer: what faqbot says to a question, whichever front end asks.

:func:`reply_to` reads a question once, and turns it into one :class:`Reply`:
an answer, a "did you mean", small talk, or no answer. The terminal session,
``faqbot ask``, ``ask --json`` and the web API render that one object:
:func:`as_record` for JSON, :func:`as_text` for a line of text; the session
words its own replies from the same object.

>>> from faqbot import Matcher, load_faq
>>> matcher = Matcher(load_faq())
>>> reply_to("c'est quoi llama ?", matcher).kind
'answer'
>>> reply_to("merci beaucoup !", matcher).small_talk
'thanks'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from faqbot.text.display import one_line, typeset, valid_unicode
from faqbot.text.query import read_query
from faqbot.text.smalltalk import REPLIES, small_talk

if TYPE_CHECKING:
    from faqbot.matching.matcher import Match, Matcher

MissLogger = Callable[[str, Sequence["Match"]], object]
"""Called with a question that got no sure answer, and the entries offered."""
AnswerLogger = Callable[[str, "Match"], object]
"""Called with a question that got a sure answer, and that answer."""


class Reply(NamedTuple):
    """What faqbot says to ``question``.

    ``kind`` is ``answer`` (``match`` is the sure answer), ``suggestions``
    (no sure answer, ``suggestions`` are the closest entries), ``unknown``
    (nothing close) or ``small_talk`` (``small_talk`` says which: greeting,
    thanks or goodbye). ``fallback`` is the FAQ's text for when nothing
    fits (:attr:`faqbot.FAQ.fallback`).
    """

    question: str
    kind: str
    match: Match | None = None
    suggestions: tuple[Match, ...] = ()
    small_talk: str | None = None
    fallback: str | None = None

    @property
    def answered(self) -> bool:
        """True when the reply is an answer, or a polite reply to small talk."""
        return self.kind in ("answer", "small_talk")

    @property
    def is_miss(self) -> bool:
        """True for a question that got no sure answer."""
        return self.kind in ("suggestions", "unknown")

    @property
    def confidence(self) -> float:
        """The answer's confidence, or else the first suggestion's; 0 when there is neither."""
        shown = self.match or (self.suggestions[0] if self.suggestions else None)
        return shown.confidence if shown is not None else 0.0

    @property
    def coverage(self) -> float:
        """The coverage of the entry :attr:`confidence` is about; 0 when there is none."""
        shown = self.match or (self.suggestions[0] if self.suggestions else None)
        return shown.coverage if shown is not None else 0.0


def reply_to(
    question: str,
    matcher: Matcher,
    *,
    log: MissLogger | None = None,
    log_answer: AnswerLogger | None = None,
) -> Reply:
    """Read ``question`` once and reply to it; a miss is passed to ``log``,
    a sure answer to ``log_answer``."""
    query = read_query(question)
    kind = small_talk(query)
    if kind is not None:
        return Reply(question, "small_talk", small_talk=kind)
    found = matcher.lookup(query)
    if found.match is not None:
        if log_answer is not None:
            log_answer(question, found.match)
        return Reply(question, "answer", found.match)
    close = tuple(found.suggestions)
    if log is not None:
        log(question, close)
    kind = "suggestions" if close else "unknown"
    return Reply(question, kind, suggestions=close, fallback=matcher.faq.fallback)


def as_record(reply: Reply) -> dict[str, object]:
    """What ``faqbot ask --json`` prints, and the web API returns, for ``reply``.

    ``confidence`` and ``coverage`` are the answer's, or else the first
    suggestion's; ``score`` repeats ``coverage`` under its former name, for
    this release. ``small_talk`` is ``None`` for a question, else its kind,
    with the polite reply as ``answer``. ``fallback`` is the FAQ's text for
    when nothing fits, on a reply without an answer (else ``None``).
    """
    hit = reply.match
    return {
        "query": valid_unicode(reply.question),
        "id": hit.entry.id if hit else None,
        "question": hit.entry.question if hit else None,
        "answer": typeset(hit.entry.answer) if hit else REPLIES.get(reply.small_talk or ""),
        "confidence": reply.confidence,
        "coverage": reply.coverage,
        "score": reply.coverage,
        "suggestions": [
            {
                "id": m.entry.id,
                "question": m.entry.question,
                "confidence": m.confidence,
                "coverage": m.coverage,
                "score": m.coverage,
            }
            for m in reply.suggestions
        ],
        "small_talk": reply.small_talk,
        "fallback": reply.fallback if reply.is_miss else None,
    }


def as_text(reply: Reply, *, list_command: str) -> str:
    """What ``faqbot ask`` prints for ``reply``; ``list_command`` lists the questions."""
    if reply.small_talk is not None:
        return REPLIES[reply.small_talk]
    if reply.match is not None:
        return typeset(reply.match.entry.answer)
    shown = one_line(reply.question)
    if len(shown) > 60:
        shown = shown[:59] + "…"
    otherwise = f" {typeset(reply.fallback)}" if reply.fallback else ""
    if not reply.suggestions:
        return (
            f"Je ne sais pas répondre à « {shown} ».{otherwise} Tapez « {list_command} » "
            "pour voir les questions auxquelles je sais répondre."
        )
    proposals = " ; ".join(f"« {m.entry.question} »" for m in reply.suggestions)
    which = "celle-ci" if len(reply.suggestions) == 1 else "l'une de celles-ci"
    text = f"Je ne suis pas sûr de comprendre « {shown} ». Vouliez-vous dire {which} ? {proposals}"
    return f"{text}. Sinon :{otherwise}" if otherwise else text
