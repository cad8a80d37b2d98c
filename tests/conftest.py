from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import faqbot
from faqbot.commands import wiring

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = Path(__file__).resolve().parent / "eval"


@pytest.fixture(scope="session")
def learnt_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder as faqbot's first start on the bundled FAQ leaves it."""
    folder = tmp_path_factory.mktemp("learnt")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        wiring.open_matcher(wiring.load(None))
    return folder / "faqbot"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    learnt_cache: Path,
) -> Path:
    """Keep every test away from the real home, state and cache folders.

    An in-process test starts as every start after the first does, with the
    bundled FAQ learnt already (a first start learns it again in each test,
    a fifth of a second); a test that starts processes (``slow``) starts cold.
    """
    home = tmp_path / "home"
    home.mkdir()
    if request.node.get_closest_marker("slow") is None:
        shutil.copytree(learnt_cache, home / ".cache" / "faqbot")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("FAQBOT_FAQ", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(scope="session")
def faq() -> faqbot.FAQ:
    return faqbot.load_faq()


@pytest.fixture(scope="session")
def matcher(faq: faqbot.FAQ) -> faqbot.Matcher:
    return faqbot.Matcher(faq)


@pytest.fixture()
def server(matcher: faqbot.Matcher) -> Iterator[int]:
    """The app on waitress, on a free loopback port, stopped after the test."""
    import threading

    from faqbot.web import app as web
    from faqbot.web import server as faqbot_server

    created = faqbot_server.create(web.make_app(matcher), host="127.0.0.1", port=0, threads=4)
    stop = threading.Event()

    def serve() -> None:
        # Loop in short turns, so that the sockets are closed only once the
        # loop has stopped: closing them under its select fails with EBADF.
        while not stop.is_set():
            created.asyncore.loop(timeout=0.05, map=created._map, count=1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield created.effective_port
    stop.set()
    thread.join(5)
    created.close()


OUT_OF_PROCESS = ("subprocess", "serve_process", "Popen", "_open_browser", "sys.executable", "pty.")
"""What a test's code calls when it starts a process, a server or a browser."""
OUT_OF_PROCESS_MODULES = ("test_pty", "test_server")
"""Modules whose every test drives a terminal or a server process."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` the tests that start processes, servers or a browser, so
    that ``pytest -m "not slow"`` runs the in-process suite alone."""
    import inspect

    for item in items:
        function = getattr(item, "function", None)
        if function is None:
            continue
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            continue
        fixtures = getattr(item, "fixturenames", ())
        whole_module = item.module.__name__.rsplit(".", 1)[-1] in OUT_OF_PROCESS_MODULES
        if (
            whole_module
            or "server" in fixtures
            or "port" in fixtures
            or any(m in source for m in OUT_OF_PROCESS)
        ):
            item.add_marker(pytest.mark.slow)
