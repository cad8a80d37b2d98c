"""faqbot on a website: a WSGI application with a JSON API and a chat page.

``make_app(matcher)`` returns a plain WSGI callable that any WSGI server can
host. Between requests it keeps, in memory and for the log only, what was
offered for each recent question and the log's write budget
(:mod:`faqbot.web.logguard`); each worker process keeps its own. Routes:

- ``GET /``: the chat page, one HTML file with its own script and style;
- ``GET /embed.js``: a script that puts the chat page in an iframe on another site;
- ``POST /api/ask`` with ``{"question": "..."}``: what ``faqbot ask --json`` prints;
- ``GET /api/questions``: the FAQ's title and questions;
- ``GET /healthz``: ``{"status": "ok", ...}``.

Errors are JSON with a French ``message``: 400 (bad JSON, no question), 404,
405, 413 (a body past :data:`MAX_BODY_BYTES`, refused before it is read),
415 (not ``application/json``).

>>> import faqbot
>>> app = make_app(faqbot.Matcher(faqbot.load_faq()))
>>> status, headers, body = call(app, "POST", "/api/ask", b'{"question": "c\\'est quoi llama"}')
>>> status, json.loads(body)["id"]
('200 OK', 'llama')
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from faqbot.commands import wiring
from faqbot.log.writer import MissLog
from faqbot.matching.matcher import Match, Matcher
from faqbot.reply import AnswerLogger, MissLogger, as_record, reply_to
from faqbot.text.display import one_line, valid_unicode
from faqbot.web.logguard import AskerTags, RecentAsks, WriteBudget

MAX_BODY_BYTES = 8 << 10
"""The largest request body read (8 KB): a question and some room.
Checked by ``python -m pytest tests/test_web.py``."""
_PLACEHOLDER = re.compile(r"\{\{([A-Z]+)\}\}")

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
App = Callable[[Environ, StartResponse], Iterable[bytes]]

_STATUS = {
    200: "200 OK",
    204: "204 No Content",
    400: "400 Bad Request",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    413: "413 Content Too Large",
    415: "415 Unsupported Media Type",
    422: "422 Unprocessable Content",
    429: "429 Too Many Requests",
    503: "503 Service Unavailable",
}
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
]
_ROUTES = {
    "/": ("GET", "HEAD"),
    "/embed.js": ("GET", "HEAD"),
    "/api/ask": ("POST", "OPTIONS"),
    "/api/feedback": ("POST", "OPTIONS"),
    "/api/questions": ("GET", "HEAD", "OPTIONS"),
    "/healthz": ("GET", "HEAD"),
}
_ORIGIN = re.compile(r"(https?)://([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}

EMBED_SCRIPT = """\
(function () {
  var script = document.currentScript;
  var frame = document.createElement("iframe");
  frame.src = new URL("./", script.src).href;
  frame.title = "FAQ";
  frame.style.cssText = "width:100%;max-width:46rem;height:32rem;" +
    "border:1px solid #d4d4dc;border-radius:0.6rem";
  script.parentNode.insertBefore(frame, script);
})();
"""


def _chat_template() -> str:
    here = os.path.dirname(__file__)
    with open(os.path.join(here, "chat.html"), encoding="utf-8") as page:
        return page.read()


def _hash_of(tag: str, page: str) -> str:
    """The CSP hash of the content of the page's ``<tag>`` element."""
    content = page.split(f"<{tag}>", 1)[1].split(f"</{tag}>", 1)[0]
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def check_origin(origin: str) -> str:
    """``origin`` as a browser sends it in ``Origin``, else ``ValueError``.

    It must be a scheme, a host and maybe a port; the scheme and host are
    lowered and the scheme's default port dropped, as browsers do.

    >>> check_origin("https://Site.Example:443")
    'https://site.example'
    >>> check_origin("http://localhost:8080")
    'http://localhost:8080'
    """
    found = _ORIGIN.fullmatch(origin)
    port = int(found.group(3)) if found and found.group(3) else None
    if not found or (port is not None and not 0 < port < 65536):
        raise ValueError(f"origine invalide « {origin} » (attendu : https://exemple.fr)")
    scheme, host = found.group(1).lower(), found.group(2).lower()
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


class _Site(NamedTuple):
    """What the app serves for one FAQ: built again when the FAQ changes."""

    matcher: Matcher
    ids: frozenset[str]
    page: bytes
    policy: str
    questions: bytes


def _site(matcher: Matcher, origins: Sequence[str]) -> _Site:
    faq = matcher.faq
    title = faq.title or "FAQ"
    welcome = faq.welcome or "Bonjour ! Posez-moi une question sur cette FAQ."
    template = _chat_template()
    # One pass, so that a title holding "{{WELCOME}}" stays as written.
    values = {"TITLE": html.escape(title), "WELCOME": html.escape(welcome)}
    page = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
    ancestors = " ".join(("'self'", *origins))
    policy = (
        f"default-src 'none'; script-src {_hash_of('script', template)}; "
        f"style-src {_hash_of('style', template)}; connect-src 'self'; base-uri 'none'; "
        f"form-action 'none'; frame-ancestors {ancestors}"
    )
    questions = json.dumps(
        {"title": title, "questions": [{"id": e.id, "question": e.question} for e in faq.entries]},
        ensure_ascii=False,
    ).encode("utf-8")
    ids = frozenset(entry.id for entry in faq.entries)
    return _Site(matcher, ids, page.encode("utf-8"), policy, questions)


def make_app(
    matcher: Matcher | Callable[[], Matcher],
    *,
    allow_origins: Sequence[str] = (),
    log: MissLog | MissLogger | None = None,
) -> App:
    """The WSGI application answering questions about ``matcher``'s FAQ.

    ``matcher`` may also be a callable that gives the matcher to use at each
    request (:class:`faqbot.web.followed.FollowedFAQ`, for an FAQ file that
    changes). ``allow_origins`` are the sites whose pages may call the API
    (CORS) and frame the chat page; by default, none but this one. ``log``
    gets each question that gets no sure answer with its suggestions; a
    :class:`~faqbot.log.writer.MissLog` also gets the picks and feedback sent
    to ``/api/feedback``, which are otherwise accepted and dropped.
    """
    choices = log if isinstance(log, MissLog) else None
    guard = _Guard(RecentAsks(), WriteBudget(), AskerTags())
    origins = tuple(check_origin(origin) for origin in allow_origins)
    current: Callable[[], Matcher] = matcher if callable(matcher) else lambda: matcher
    sites = [_site(current(), origins)]

    def site() -> _Site:
        now = current()
        served = sites[-1]
        if now is not served.matcher:
            served = _site(now, origins)
            sites[-1:] = [served]  # one assignment: threads see the old or the new
        return served

    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        cors = _cors_headers(environ.get("HTTP_ORIGIN"), origins)
        allowed = _ROUTES.get(path)
        if allowed is None:
            return _json(start_response, 404, {"message": "page introuvable"}, cors, method)
        if method not in allowed:
            extra = [("Allow", ", ".join(allowed))]
            message = f"méthode {method} non acceptée ici (acceptées : {', '.join(allowed)})"
            return _json(start_response, 405, {"message": message}, cors + extra, method)
        if method == "OPTIONS":
            return _respond(start_response, 204, "text/plain; charset=utf-8", b"", cors)
        served = site()
        if path == "/":
            headers = [("Content-Security-Policy", served.policy)]
            return _respond(
                start_response, 200, "text/html; charset=utf-8", served.page, headers, method
            )
        if path == "/embed.js":
            script = EMBED_SCRIPT.encode("utf-8")
            return _respond(
                start_response, 200, "text/javascript; charset=utf-8", script, [], method
            )
        if path == "/healthz":
            status = {"status": "ok", "entries": len(served.matcher.faq.entries)}
            return _json(start_response, 200, status, cors, method)
        if path == "/api/questions":
            return _respond(
                start_response,
                200,
                "application/json; charset=utf-8",
                served.questions,
                cors,
                method,
            )
        if path == "/api/feedback":
            return _feedback(environ, start_response, served.ids, cors, choices, guard)
        return _ask(environ, start_response, served.matcher, cors, log, guard)

    return app


class _Refused(Exception):
    """A request the API refuses: its status and French message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _posted(environ: Environ) -> tuple[dict[str, Any], str]:
    """The JSON object a POST carries, and its question; :class:`_Refused` if none."""
    kind = (environ.get("CONTENT_TYPE") or "").split(";", 1)[0].strip().lower()
    if kind != "application/json":
        raise _Refused(415, "envoyez du JSON (Content-Type: application/json)")
    body = _body(environ)
    if body is None:
        raise _Refused(413, f"requête trop grosse (au plus {MAX_BODY_BYTES // 1024} Ko)")
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Refused(400, "JSON invalide") from None
    question = document.get("question") if isinstance(document, dict) else None
    if not isinstance(question, str):
        raise _Refused(400, 'la question manque : envoyez {"question": "…"}')
    question = valid_unicode(question)
    if not question.strip():
        raise _Refused(400, "la question est vide")
    return document, question


class _Guard(NamedTuple):
    """What the app remembers between requests, for the log: the questions
    each asker asked and what was offered for them, the log's write budget,
    and the key of the askers' tags."""

    recent: RecentAsks
    budget: WriteBudget
    tags: AskerTags


def _client(environ: Environ) -> str:
    return str(environ.get("REMOTE_ADDR") or "")


def _ask(
    environ: Environ,
    start_response: StartResponse,
    matcher: Matcher,
    cors: list[tuple[str, str]],
    log: MissLog | MissLogger | None,
    guard: _Guard,
) -> Iterable[bytes]:
    try:
        _, question = _posted(environ)
    except _Refused as refused:
        return _json(start_response, refused.status, {"message": refused.message}, cors)
    client = _client(environ)
    budgeted: MissLogger | None = None
    answered: AnswerLogger | None = None
    if log is not None:
        target = log

        def budgeted(asked: str, offered: Sequence[Match]) -> None:
            if not guard.budget.take(client):
                return
            if isinstance(target, MissLog):
                target.record(asked, offered, asker=guard.tags.tag(client))
            else:
                target(asked, offered)

    if isinstance(log, MissLog):
        kept = log

        def answered(asked: str, match: Match) -> None:
            if guard.budget.take(client):
                kept.answered(asked, match, asker=guard.tags.tag(client))

    reply = reply_to(question, matcher, log=budgeted, log_answer=answered)
    shown = [*(m.entry.id for m in reply.suggestions)]
    if reply.match is not None:
        shown.append(reply.match.entry.id)
    guard.recent.remember(client, question, offered=shown)
    return _json(start_response, 200, as_record(reply), cors)


def _feedback(
    environ: Environ,
    start_response: StartResponse,
    ids: frozenset[str],
    cors: list[tuple[str, str]],
    log: MissLog | None,
    guard: _Guard,
) -> Iterable[bytes]:
    """A pick (``{"question", "chosen"}``) or feedback on an answer
    (``{"question", "id", "helpful"}``). 204 means recorded; 200 with
    ``{"recorded": false}`` that no log is kept; 422 that the question was
    not asked here recently from the same address or the entry was not offered for it; 429 that
    the log's write budget is spent; 503 that the log cannot be written."""
    try:
        document, question = _posted(environ)
        chosen = document.get("chosen")
        helpful: bool | None = None
        if chosen is not None:
            if not isinstance(chosen, str) or chosen not in ids:
                raise _Refused(400, "« chosen » doit être l'identifiant d'une entrée")
            entry_id = chosen
        else:
            named, helpful = document.get("id"), document.get("helpful")
            if not isinstance(named, str) or named not in ids:
                raise _Refused(400, "« id » doit être l'identifiant d'une entrée")
            if not isinstance(helpful, bool):
                raise _Refused(400, "« helpful » doit valoir true ou false")
            entry_id = named
        if log is None:
            return _json(start_response, 200, {"recorded": False}, cors)
        client = _client(environ)
        if not guard.recent.offered(client, question, entry_id):
            raise _Refused(422, "cette entrée n'a pas été proposée pour cette question : non noté")
        if not guard.budget.take(client):
            raise _Refused(429, "trop de requêtes : non noté, réessayez plus tard")
        asker = guard.tags.tag(client)
        written = (
            log.pick(question, entry_id, asker=asker)
            if helpful is None
            else log.feedback(question, entry_id, helpful, asker=asker)
        )
        if not written:
            raise _Refused(503, "le journal ne peut pas être écrit : non noté")
    except _Refused as refused:
        return _json(start_response, refused.status, {"message": refused.message}, cors)
    return _respond(start_response, 204, "text/plain; charset=utf-8", b"", cors)


def _body(environ: Environ) -> bytes | None:
    """The request body, or ``None`` past the limit, which is never read whole."""
    try:
        declared = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        declared = -1
    if declared > MAX_BODY_BYTES:
        return None
    stream = environ["wsgi.input"]
    body = stream.read(declared) if declared >= 0 else stream.read(MAX_BODY_BYTES + 1)
    return body if len(body) <= MAX_BODY_BYTES else None


def _cors_headers(origin: str | None, allowed: Sequence[str]) -> list[tuple[str, str]]:
    if origin is None or origin not in allowed:
        return []
    return [
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
        ("Access-Control-Allow-Headers", "Content-Type"),
        ("Access-Control-Max-Age", "600"),
        ("Vary", "Origin"),
    ]


def _json(
    start_response: StartResponse,
    status: int,
    document: object,
    headers: list[tuple[str, str]],
    method: str = "GET",
) -> Iterable[bytes]:
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return _respond(
        start_response, status, "application/json; charset=utf-8", body, headers, method
    )


def _respond(
    start_response: StartResponse,
    status: int,
    kind: str,
    body: bytes,
    headers: list[tuple[str, str]],
    method: str = "GET",
) -> Iterable[bytes]:
    if not any(name == "Content-Security-Policy" for name, _ in headers):
        headers = [
            ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
            *headers,
        ]
    start_response(
        _STATUS[status],
        [
            ("Content-Type", kind),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            *SECURITY_HEADERS,
            *headers,
        ],
    )
    return [] if method == "HEAD" else [body]


def call(
    app: App, method: str, path: str, body: bytes = b"", **environ: Any
) -> tuple[str, dict[str, str], bytes]:
    """Call ``app`` as a server would; return the status, headers and body. For tests."""
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        captured["status"], captured["headers"] = status, dict(headers)

    request = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "CONTENT_TYPE": "application/json" if body else "",
        "CONTENT_LENGTH": str(len(body)) if body else "",
        "wsgi.input": io.BytesIO(body),
        **environ,
    }
    chunks = b"".join(app(request, start_response))
    return captured["status"], captured["headers"], chunks


def create_app() -> App:
    """The application for a WSGI server, set by environment variables:
    ``FAQBOT_FAQ`` (the FAQ file), ``FAQBOT_LOG_MISSES`` (a log of misses)
    and ``FAQBOT_ALLOW_ORIGIN`` (origins, separated by spaces)."""
    matcher = wiring.open_matcher(wiring.load(None))
    log = wiring.open_log(os.environ.get(wiring.LOG_ENV), wiring.faq_path(None), _warn)
    origins = os.environ.get(wiring.ORIGIN_ENV, "").split()
    return make_app(matcher, allow_origins=origins, log=log)


def _warn(message: str) -> None:
    """A line on the WSGI server's stderr."""
    print(f"faqbot : {one_line(message)}", file=sys.stderr)
