"""Serving the web application on waitress, within faqbot's limits.

waitress reads whole requests in its event loop before a worker thread sees
them, so slow or half-open clients hold no thread. Beyond waitress's
defaults, faqbot:

- keeps up to :data:`CONNECTION_LIMIT` connections open, at most
  :data:`PER_CLIENT_LIMIT` from one address (more are closed at once);
- closes a connection idle for :data:`IDLE_TIMEOUT` seconds, and one whose
  request is not read whole within :data:`READ_DEADLINE` seconds, however
  slowly it trickles in;
- answers the requests waitress refuses itself (a body too large, a bad
  Content-Length, a header too large, an unknown transfer coding…) with
  French JSON and the same security headers as the application's own
  replies;
- stops on Ctrl-C quietly, raising :class:`KeyboardInterrupt` for the
  command to exit 130.
"""

from __future__ import annotations

import errno
import json
import logging
import shlex
import socket
import time
from collections import Counter
from http import HTTPStatus
from importlib.metadata import distribution
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from faqbot.commands.wiring import faq_path, load, open_log, open_matcher
from faqbot.matching.matcher import Matcher
from faqbot.support.files import french_reason
from faqbot.support.status import ExitStatus
from faqbot.web import app as web
from faqbot.web.app import MAX_BODY_BYTES, SECURITY_HEADERS, App
from faqbot.web.followed import FollowedFAQ

try:
    from waitress.channel import HTTPChannel
    from waitress.server import BaseWSGIServer, create_server
    from waitress.task import ErrorTask
except ImportError:  # the web extra is missing: require_server says so in French
    HTTPChannel = ErrorTask = BaseWSGIServer = object
    create_server = None

try:
    import resource
except ImportError:  # not on POSIX
    resource = None  # type: ignore[assignment]

if TYPE_CHECKING:
    import argparse

    from faqbot.commands.environment import Environment

CONNECTION_LIMIT = 1000
"""Connections open at once, at most (waitress's default is 100).
Measured by ``python -m benchmarks.bench_web`` and ``python -m pytest tests/test_server.py``."""
PER_CLIENT_LIMIT = 100
"""Connections open at once from one address, at most.
Measured by ``python -m benchmarks.bench_web`` and ``python -m pytest tests/test_server.py``."""
IDLE_TIMEOUT = 10
"""Seconds a connection may stay silent between requests or within one.
Measured by ``python -m benchmarks.bench_web`` and ``python -m pytest tests/test_server.py``."""
READ_DEADLINE = 10
"""Seconds a request may take to arrive whole, however it trickles in.
Measured by ``python -m benchmarks.bench_web`` and ``python -m pytest tests/test_server.py``."""
CLEANUP_INTERVAL = 1
"""Seconds between two looks for connections to close.
Measured by ``python -m benchmarks.bench_web`` and ``python -m pytest tests/test_server.py``."""
DRAIN_BYTES = 16 << 20
DRAIN_SECONDS = 5
"""After refusing a request, the server reads and drops up to DRAIN_BYTES
(16 MB) of what the client still sends, for DRAIN_SECONDS at most, so that
the client reads the refusal instead of a reset connection.
Measured by ``python -m benchmarks.bench_web`` and ``python -m pytest tests/test_server.py``."""
SERVER_BODY_LIMIT = 64 << 10
"""waitress refuses bodies past this (64 KB) before the application sees them;
the application refuses those past :data:`faqbot.web.app.MAX_BODY_BYTES`.
Measured by ``python -m benchmarks.bench_web`` and ``python -m pytest tests/test_server.py``."""

_MESSAGES = {
    400: "requête mal formée",
    413: f"requête trop grosse (au plus {MAX_BODY_BYTES // 1024} Ko)",
    431: "en-têtes de la requête trop gros",
    501: "codage de transfert non pris en charge",
}
_BIND_REASONS = {
    errno.EADDRINUSE: "port déjà utilisé",
    errno.EADDRNOTAVAIL: "adresse absente de cette machine",
    errno.EACCES: "permission refusée (port réservé ?)",
}


class ServerMissing(RuntimeError):
    """waitress, the server ``faqbot serve`` runs on, is not installed."""


class BindError(OSError):
    """The server cannot listen where it was asked; the message is one French line."""


def require_server() -> None:
    """Raise :class:`ServerMissing` now, before a large FAQ is loaded for nothing."""
    if create_server is None:
        hint = install_hint()
        raise ServerMissing(f"faqbot serve a besoin de waitress : {hint}") from None


def install_hint() -> str:
    """The command that adds the ``web`` extra the way faqbot was installed:
    from a checkout (editable or not) it names that folder, since a package
    index may have no faqbot, or another one."""
    fallback = 'pip install "faqbot[web]"'
    try:
        found = distribution("faqbot").read_text("direct_url.json")
        origin = json.loads(found) if found else {}
        url = urlparse(origin.get("url", ""))
    except (ImportError, OSError, ValueError, AttributeError):
        return fallback
    if url.scheme != "file" or "dir_info" not in origin:
        return fallback
    target = shlex.quote(unquote(url.path) + "[web]")
    editable = bool(origin["dir_info"].get("editable"))
    return f"pip install {'-e ' if editable else ''}{target}"


def error_response(code: int) -> tuple[str, list[tuple[str, str]], bytes]:
    """The status, headers and body that replace waitress's own error ``code``."""
    try:
        reason = HTTPStatus(code).phrase
    except ValueError:
        reason = "Error"
    message = _MESSAGES.get(code, "requête refusée")
    body = json.dumps({"message": message}, ensure_ascii=False).encode("utf-8")
    headers = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Cache-Control", "no-store"),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
        *SECURITY_HEADERS,
    ]
    return f"{code} {reason}", headers, body


# waitress publishes no types: its classes are Any to mypy.
class FrenchErrorTask(ErrorTask):  # type: ignore[misc]
    def execute(self) -> None:
        # The client may still be sending what was refused: read it after
        # the reply, or closing would reset the connection under it.
        self.channel.drain_on_close = True
        status, headers, body = error_response(self.request.error.code)
        self.status = status
        self.response_headers.extend(headers)
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class GuardedChannel(HTTPChannel):  # type: ignore[misc]
    error_task_class = FrenchErrorTask
    request_started: float | None = None
    _counted = False
    drain_on_close = False
    draining_since: float | None = None
    drained = 0

    def handle_close(self) -> None:
        if self.drain_on_close and self.draining_since is None and self.socket is not None:
            try:
                self.socket.shutdown(socket.SHUT_WR)  # the reply is whole: say so
            except OSError:
                super().handle_close()
                return
            self.draining_since = time.monotonic()
            self.will_close = self.close_when_flushed = False
            return
        super().handle_close()

    def too_slow(self, now: float) -> bool:
        if self.draining_since is not None:
            return now - self.draining_since > DRAIN_SECONDS
        started = self.request_started
        return started is not None and self.request is not None and (now - started > READ_DEADLINE)

    def __init__(self, server: Any, sock: Any, addr: Any, adj: Any, map: Any = None) -> None:
        super().__init__(server, sock, addr, adj, map=map)
        self.client = addr[0] if isinstance(addr, tuple) and addr else ""
        clients: Counter[str] = server.faqbot_clients
        if clients[self.client] >= PER_CLIENT_LIMIT:
            self.will_close = True
            return
        clients[self.client] += 1
        self._counted = True

    def received(self, data: bytes) -> bool:
        if self.draining_since is not None:
            # Waitress's own checks keep reading: will_close and
            # close_when_flushed are off, and nothing is left to send.
            self.drained += len(data)
            if self.drained > DRAIN_BYTES:
                super().handle_close()
            return False
        now = time.monotonic()
        if self.request is None and not self.requests:
            self.request_started = now
        elif self.request_started is not None and now - self.request_started > READ_DEADLINE:
            self.will_close = True
            return False
        handled: bool = super().received(data)
        if self.request is None:
            self.request_started = None  # whole: the next request starts its own clock
        return handled

    def del_channel(self, map: Any = None) -> None:
        # Every way a channel ends runs through here: waitress's own
        # handle_close calls the base dispatcher's close, not ours.
        if self._counted:
            self._counted = False
            clients: Counter[str] = self.server.faqbot_clients
            clients[self.client] -= 1
            if clients[self.client] <= 0:
                del clients[self.client]
        super().del_channel(map)


def _raise_open_files_limit(wanted: int) -> None:
    """Let the process hold ``wanted`` open files, if the hard limit allows."""
    if resource is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def create(app: App, *, host: str, port: int, threads: int = 8) -> Any:
    """A waitress server for ``app`` with faqbot's limits, listening already.

    Raises :class:`BindError` with a French message when it cannot listen.
    """
    # waitress warns on stderr each time requests wait for a thread (its normal
    # work), and in English when it stops with requests pending.
    logging.getLogger("waitress.queue").setLevel(logging.CRITICAL)
    # It also warns when the connection limit is reached; errors still show.
    logging.getLogger("waitress").setLevel(logging.ERROR)
    _raise_open_files_limit(CONNECTION_LIMIT + 64)
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        server = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            connection_limit=CONNECTION_LIMIT,
            channel_timeout=IDLE_TIMEOUT,
            cleanup_interval=CLEANUP_INTERVAL,
            max_request_body_size=SERVER_BODY_LIMIT,
            ident="faqbot",
        )
    except OSError as error:
        reason = _BIND_REASONS.get(error.errno or 0) or french_reason(error)
        raise BindError(f"impossible d'écouter sur {where} : {reason}") from None
    except ValueError:
        raise BindError(f"impossible d'écouter sur {where} : hôte inconnu") from None
    _guard(server)
    return server


def _listeners(server: Any) -> list[Any]:
    """The servers of each listening socket of ``server`` (one, or several for
    a host name with more than one address)."""
    return [d for d in _map_of(server).values() if isinstance(d, BaseWSGIServer)]


def _map_of(server: Any) -> dict[int, Any]:
    found = getattr(server, "map", None)
    return found if isinstance(found, dict) else server._map


def _guard(server: Any) -> None:
    """Give each listening socket's server faqbot's channels and deadlines."""
    for single in _listeners(server):
        single.channel_class = GuardedChannel
        single.faqbot_clients = Counter()
        base = single.maintenance

        def maintenance(now: float, single: Any = single, base: Any = base) -> None:
            base(now)
            monotonic = time.monotonic()
            for open_channel in list(single.active_channels.values()):
                too_slow = getattr(open_channel, "too_slow", None)
                if too_slow is not None and too_slow(monotonic):
                    open_channel.will_close = True

        single.maintenance = maintenance


def run(server: Any) -> None:
    """Serve until Ctrl-C, then raise :class:`KeyboardInterrupt`, quietly."""
    try:
        server.asyncore.loop(
            timeout=server.adj.asyncore_loop_timeout,
            map=_map_of(server),
            use_poll=server.adj.asyncore_use_poll,
        )
    except KeyboardInterrupt:
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=1)
        raise


def run_serve(args: argparse.Namespace, env: Environment) -> ExitStatus:
    """``faqbot serve``: serve the FAQ until Ctrl-C, which raises :class:`KeyboardInterrupt`."""
    try:
        origins = [web.check_origin(origin) for origin in args.allow_origin]
        require_server()
    except (ValueError, ServerMissing) as error:
        return env.error(str(error))
    given = args.faq
    path = faq_path(given)
    log = open_log(args.log_misses, path, env.warn)
    rate = args.max_wrong_rate
    matcher = open_matcher(load(given), max_wrong_rate=rate)
    served: Matcher | FollowedFAQ = matcher
    if path is not None:
        # The file is followed: an edit, or faqbot learn --apply, is served
        # within a second, once it loads.
        served = FollowedFAQ(
            path,
            matcher,
            build=lambda changed: open_matcher(load(changed), max_wrong_rate=rate),
            say=env.warn,
        )
    app = web.make_app(served, allow_origins=origins, log=log)
    try:
        listening = create(app, host=args.host, port=args.port)
    except BindError as error:
        return env.error(str(error))
    shown = f"[{args.host}]" if ":" in args.host else args.host
    env.stdout.line(
        f"faqbot sert la FAQ sur http://{shown}:{listening.effective_port}/ (Ctrl-C pour arrêter)"
    )
    env.stdout.flush()
    run(listening)
    return ExitStatus.OK
