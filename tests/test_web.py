from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import faqbot
from faqbot.commands.cli import main
from faqbot.web import app as web
from faqbot.web.app import call

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def app(matcher: faqbot.Matcher) -> web.App:
    return web.make_app(matcher)


def ask(app: web.App, body: bytes, **environ: object) -> tuple[str, dict[str, str], dict]:
    status, headers, raw = call(app, "POST", "/api/ask", body, **environ)
    return status, headers, json.loads(raw)


def test_ask_returns_what_faqbot_ask_json_prints(
    app: web.App, capsys: pytest.CaptureFixture[str]
) -> None:
    status, headers, record = ask(
        app, json.dumps({"question": "pk meta a rendu llama open source"}).encode()
    )
    assert status == "200 OK"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    main(["ask", "--json", "pk meta a rendu llama open source"])
    assert record == json.loads(capsys.readouterr().out)


def test_a_question_in_nfd_gets_the_same_answer(app: web.App) -> None:
    question = "Quels sont les désavantages de l'open source ?"
    composed = ask(app, json.dumps({"question": question}).encode())[2]
    decomposed = ask(
        app, json.dumps({"question": unicodedata.normalize("NFD", question)}).encode()
    )[2]
    assert decomposed["id"] == composed["id"] == "risques"


def test_html_in_a_question_comes_back_as_data(app: web.App) -> None:
    record = ask(app, json.dumps({"question": "<img src=x onerror=alert(1)>"}).encode())[2]
    assert record["query"] == "<img src=x onerror=alert(1)>"
    assert record["id"] is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "JSON invalide"),
        (b'{"question": "caf\xe9"}', "JSON invalide"),
        (b"[1, 2]", "la question manque"),
        (b'{"q": "llama"}', "la question manque"),
        (b'{"question": 3}', "la question manque"),
        (b'{"question": "   "}', "la question est vide"),
        (b"[" * 5000, "JSON invalide"),
    ],
)
def test_a_bad_request_is_400_with_a_french_message(
    app: web.App, body: bytes, message: str
) -> None:
    status, _, record = ask(app, body)
    assert status == "400 Bad Request"
    assert message in record["message"]


def test_a_body_past_the_limit_is_413_and_never_read(app: web.App) -> None:
    class Unread:
        def read(self, size: int = -1) -> bytes:
            raise AssertionError("the body was read")

    status, _, _ = call(
        app,
        "POST",
        "/api/ask",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH=str(1 << 20),
        **{"wsgi.input": Unread()},
    )
    assert status == "413 Content Too Large"
    megabyte = json.dumps({"question": "x" * (1 << 20)}).encode()
    assert ask(app, megabyte)[0] == "413 Content Too Large"
    import io

    # Without a length (chunked), no more than the limit and one byte is read.
    stream = io.BytesIO(megabyte)
    status, _, _ = call(
        app,
        "POST",
        "/api/ask",
        CONTENT_TYPE="application/json",
        CONTENT_LENGTH="",
        **{"wsgi.input": stream},
    )
    assert status == "413 Content Too Large"
    assert stream.tell() == web.MAX_BODY_BYTES + 1


def test_wrong_type_method_and_path(app: web.App) -> None:
    status, _, _ = call(
        app, "POST", "/api/ask", b'{"question": "llama"}', CONTENT_TYPE="text/plain"
    )
    assert status == "415 Unsupported Media Type"
    status, headers, body = call(app, "GET", "/api/ask")
    assert status == "405 Method Not Allowed" and headers["Allow"] == "POST, OPTIONS"
    assert "méthode GET" in json.loads(body)["message"]
    status, _, body = call(app, "GET", "/admin")
    assert status == "404 Not Found" and json.loads(body)["message"] == "page introuvable"


def test_questions_health_and_the_page(app: web.App, faq: faqbot.FAQ) -> None:
    status, _, body = call(app, "GET", "/api/questions")
    assert status == "200 OK"
    listed = json.loads(body)
    assert listed["title"] == faq.title
    assert [q["id"] for q in listed["questions"]] == [e.id for e in faq.entries]
    assert json.loads(call(app, "GET", "/healthz")[2]) == {"status": "ok", "entries": 5}
    status, headers, page = call(app, "GET", "/")
    assert status == "200 OK"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    text = page.decode("utf-8")
    assert '<html lang="fr">' in text and "Mark Zuckerberg : Le Champion" in text
    assert "http://" not in text and "https://" not in text  # nothing fetched elsewhere
    assert call(app, "HEAD", "/")[2] == b""
    assert "iframe" in call(app, "GET", "/embed.js")[2].decode()


def test_every_response_carries_the_security_headers(app: web.App) -> None:
    for method, path in [("GET", "/"), ("GET", "/healthz"), ("GET", "/nope"), ("GET", "/api/ask")]:
        headers = call(app, method, path)[1]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "default-src 'none'" in headers["Content-Security-Policy"]
    page_policy = call(app, "GET", "/")[1]["Content-Security-Policy"]
    assert "script-src 'sha256-" in page_policy and "unsafe-inline" not in page_policy
    assert "frame-ancestors 'self'" in page_policy


def test_cors_is_off_unless_an_origin_is_allowed(matcher: faqbot.Matcher) -> None:
    closed = web.make_app(matcher)
    headers = call(closed, "GET", "/api/questions", HTTP_ORIGIN="https://blog.example")[1]
    assert "Access-Control-Allow-Origin" not in headers
    opened = web.make_app(matcher, allow_origins=["https://blog.example"])
    headers = call(opened, "OPTIONS", "/api/ask", HTTP_ORIGIN="https://blog.example")[1]
    assert headers["Access-Control-Allow-Origin"] == "https://blog.example"
    assert (
        "frame-ancestors 'self' https://blog.example"
        in call(opened, "GET", "/")[1]["Content-Security-Policy"]
    )
    headers = call(opened, "GET", "/api/questions", HTTP_ORIGIN="https://evil.example")[1]
    assert "Access-Control-Allow-Origin" not in headers
    with pytest.raises(ValueError, match="origine invalide"):
        web.make_app(matcher, allow_origins=["https://x.example/path"])


def test_small_talk_gets_a_polite_reply_as_faqbot_ask_gives_it(
    app: web.App, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, record = ask(app, json.dumps({"question": "merci pour l'info"}).encode())
    assert status == "200 OK"
    assert record["small_talk"] == "thanks"
    assert record["id"] is None and record["answer"]
    main(["ask", "--json", "merci pour l'info"])
    assert record == json.loads(capsys.readouterr().out)


def test_misses_are_logged_as_whole_lines(tmp_path: Path, matcher: faqbot.Matcher) -> None:
    from faqbot.log.writer import MissLog

    log = tmp_path / "misses.jsonl"
    app = web.make_app(matcher, log=MissLog(log).record)
    ask(app, b'{"question": "xqzw plorb"}')
    ask(app, b'{"question": "bonjour"}')
    ask(app, b'{"question": "c\'est quoi llama"}')
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [r["question"] for r in records if "question" in r] == ["xqzw plorb"]


def _append_many(path: str, worker: int) -> None:
    from faqbot.log.writer import MissLog

    log = MissLog(path)
    for number in range(200):
        log.record(f"question {worker}-{number} " + "é" * 3000, [])


def test_several_workers_append_whole_lines(tmp_path: Path) -> None:
    log = tmp_path / "misses.jsonl"
    workers = [
        multiprocessing.get_context("fork").Process(target=_append_many, args=(str(log), n))
        for n in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    questions = [r["question"] for r in records if "question" in r]
    assert len(questions) == 800
    assert all(question.startswith("question ") for question in questions)


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def test_the_real_server_answers(server: int) -> None:
    status, body = request(server, "POST", "/api/ask", b'{"question": "c\'est quoi llama"}')
    assert status == 200 and json.loads(body)["id"] == "llama"
    assert request(server, "GET", "/healthz")[0] == 200
    assert request(server, "POST", "/api/ask", b"x" * (64 << 10))[0] == 413


def test_slow_and_half_open_clients_block_no_one(server: int) -> None:
    idle = []
    for _ in range(10):  # more than the server's threads
        client = socket.create_connection(("127.0.0.1", server))
        client.sendall(b"POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        idle.append(client)
    try:
        started = time.perf_counter()
        assert request(server, "GET", "/healthz")[0] == 200
        assert time.perf_counter() - started < 5
    finally:
        for client in idle:
            client.close()


def test_serve_binds_localhost_and_prints_the_url(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "faqbot", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = process.stdout.readline().decode("utf-8")  # type: ignore[union-attr]
        assert line.startswith("faqbot sert la FAQ sur http://127.0.0.1:")
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        assert request(port, "GET", "/healthz")[0] == 200
    finally:
        process.terminate()
        process.wait(10)


def _without_waitress(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the web extra were not installed: the server module is imported again."""
    for name in ("waitress", "waitress.channel", "waitress.server", "waitress.task"):
        monkeypatch.setitem(sys.modules, name, None)
    # Recorded first, so that the module imported without waitress goes afterwards.
    import faqbot.web.server

    monkeypatch.setitem(sys.modules, "faqbot.web.server", faqbot.web.server)
    monkeypatch.setattr(faqbot.web, "server", faqbot.web.server)
    del sys.modules["faqbot.web.server"]


def test_serve_without_waitress_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without_waitress(monkeypatch)
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    from faqbot.web.server import install_hint

    assert err.count("\n") == 1 and install_hint() in err and "pip install" in err


def test_serve_without_waitress_says_so_before_loading_the_faq(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _without_waitress(monkeypatch)
    assert main(["serve", "--faq", str(tmp_path / "absent.yaml")]) == 2
    err = capsys.readouterr().err
    assert "pip install" in err and "absent.yaml" not in err


def _browser_tools() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None
    return (chromium, driver) if chromium and driver else None


def _open_browser(tmp_path: Path, width: int, height: int) -> Any:
    """Headless Chromium at ``width`` × ``height``, through the system's chromedriver."""
    if _browser_tools() is None:
        if os.environ.get("FAQBOT_REQUIRE_BROWSER"):
            pytest.fail("chromium, chromedriver and selenium are required here (.ci/run)")
        pytest.skip("no chromium, chromedriver or selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = _browser_tools()  # type: ignore[misc]
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--window-size={width},{height}",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(argument)
    # The system's chromedriver: Selenium never downloads one.
    return webdriver.Chrome(service=Service(driver_path), options=options)


def test_the_page_in_a_real_browser(server: int, tmp_path: Path) -> None:
    browser = _open_browser(tmp_path, 420, 860)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        browser.get(f"http://127.0.0.1:{server}/")
        messages = lambda: browser.find_elements(By.CSS_SELECTOR, "#log .message")  # noqa: E731
        box = browser.find_element(By.ID, "question")
        assert (
            browser.find_element(By.CSS_SELECTOR, "label[for=question]").get_attribute(
                "textContent"
            )
            == "Votre question"
        )
        box.send_keys("c'est quoi llama ?", Keys.ENTER)
        WebDriverWait(browser, 10).until(lambda _: len(messages()) >= 3)
        answer = messages()[-1].text
        assert answer.startswith("Qu'est-ce que LLaMA ?\nLLaMA est le premier modèle")
        box.send_keys("avantages de la retraite", Keys.ENTER)
        WebDriverWait(browser, 10).until(
            lambda _: browser.find_elements(By.CSS_SELECTOR, ".choices button")
        )
        browser.find_elements(By.CSS_SELECTOR, ".choices button")[0].click()
        WebDriverWait(browser, 10).until(
            lambda _: "L'open source permet à Meta" in messages()[-1].text
        )
        assert browser.switch_to.active_element.get_attribute("id") == "question"
        count = len(messages())
        box.send_keys("<img src=x onerror=alert(1)>", Keys.ENTER)
        WebDriverWait(browser, 10).until(lambda _: len(messages()) >= count + 2)
        assert messages()[count].text == "<img src=x onerror=alert(1)>"
        assert not browser.find_elements(By.CSS_SELECTOR, "#log img")
        count = len(messages())
        box.send_keys("merci beaucoup !", Keys.ENTER)
        WebDriverWait(browser, 10).until(lambda _: len(messages()) >= count + 2)
        assert messages()[-1].text == "Avec plaisir ! Une autre question ?"
        browser.find_element(By.ID, "show-all").click()
        WebDriverWait(browser, 10).until(
            lambda _: browser.find_elements(By.CSS_SELECTOR, "#all button")
        )
        assert len(browser.find_elements(By.CSS_SELECTOR, "#all button")) == 5
        # A reply that is not JSON, as a proxy may send, still gets a clear message.
        browser.execute_script(
            "window.fetch = async () => new Response('<h1>Too large</h1>', "
            "{status: 413, headers: {'Content-Type': 'text/html'}});"
        )
        count = len(messages())
        box.send_keys("une question", Keys.ENTER)
        WebDriverWait(browser, 10).until(lambda _: len(messages()) >= count + 2)
        assert messages()[-1].text == "Question trop longue."
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "chat.png"))
    finally:
        browser.quit()


def test_create_app_reads_its_settings_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples"
    monkeypatch.setenv("FAQBOT_FAQ", str(examples / "boulangerie.yaml"))
    monkeypatch.setenv("FAQBOT_LOG_MISSES", str(tmp_path / "misses.jsonl"))
    monkeypatch.setenv("FAQBOT_ALLOW_ORIGIN", "https://boulangerie.example")
    app = web.create_app()
    assert json.loads(call(app, "GET", "/healthz")[2])["entries"] == 7
    ask(app, b'{"question": "xqzw plorb"}')
    assert (tmp_path / "misses.jsonl").exists()
    headers = call(app, "GET", "/api/questions", HTTP_ORIGIN="https://boulangerie.example")[1]
    assert headers["Access-Control-Allow-Origin"] == "https://boulangerie.example"


def test_the_waitress_hint_names_the_checkout_faqbot_was_installed_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    from faqbot.web import server
    from faqbot.web.server import install_hint

    class Installed:
        def __init__(self, record: str | None) -> None:
            self.record = record

        def read_text(self, name: str) -> str | None:
            return self.record

    cases = {
        '{"url": "file:///home/ana/faq%20bot", "dir_info": {"editable": true}}': (
            "pip install -e '/home/ana/faq bot[web]'"
        ),
        '{"url": "file:///src/faqbot", "dir_info": {}}': "pip install '/src/faqbot[web]'",
        '{"url": "https://example.org/faqbot.tar.gz", "archive_info": {}}': (
            'pip install "faqbot[web]"'
        ),
        None: 'pip install "faqbot[web]"',
    }
    for record, expected in cases.items():
        monkeypatch.setattr(server, "distribution", lambda name, r=record: Installed(r))
        assert install_hint() == expected


def test_on_a_phone_the_list_of_twenty_questions_leaves_the_conversation_room(
    matcher: faqbot.Matcher, tmp_path: Path
) -> None:
    from faqbot.web import server as faqbot_server

    entries = "".join(
        f"  - id: e{n}\n    question: Quelle est la règle numéro {n} du club ?\n"
        f"    answer: La règle {n} est affichée à l'accueil.\n"
        f"    variants: [Règle {n}, Infos sur la règle {n}]\n"
        for n in range(1, 21)
    )
    from faqbot.log.writer import MissLog

    club = faqbot.Matcher(faqbot.parse_faq(f"title: Le club\nentries:\n{entries}"))
    log_path = tmp_path / "log.jsonl"
    app = web.make_app(club, log=MissLog(log_path))
    created = faqbot_server.create(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=created.run, daemon=True)
    thread.start()
    browser = _open_browser(tmp_path, 390, 844)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        browser.get(f"http://127.0.0.1:{created.effective_port}/")
        messages = lambda: browser.find_elements(By.CSS_SELECTOR, "#log .message")  # noqa: E731
        height = browser.execute_script("return innerHeight")
        browser.find_element(By.ID, "show-all").click()
        WebDriverWait(browser, 10).until(
            lambda _: len(browser.find_elements(By.CSS_SELECTOR, "#all button")) == 20
        )
        conversation = browser.execute_script(
            "return document.getElementById('scroller').getBoundingClientRect().height"
        )
        assert conversation > 0.4 * height
        assert not browser.execute_script(
            "return document.documentElement.scrollHeight > innerHeight"
        )
        browser.find_elements(By.CSS_SELECTOR, "#all button")[11].click()
        WebDriverWait(browser, 10).until(
            lambda _: "La règle 12 est affichée" in messages()[-1].text
        )
        assert not browser.find_element(By.ID, "all").is_displayed()
        assert browser.switch_to.active_element.get_attribute("id") == "question"
        # The question shows once, above its answer: no bubble repeats it.
        asked = "Quelle est la règle numéro 12 du club ?"
        assert [m.text for m in messages()].count(asked) == 0
        assert messages()[-1].text.startswith(asked)
        box = browser.find_element(By.ID, "question")
        box.send_keys("la regle du club", Keys.ENTER)
        WebDriverWait(browser, 10).until(
            lambda _: browser.find_elements(By.CSS_SELECTOR, ".choices button")
        )
        picked = browser.find_elements(By.CSS_SELECTOR, ".choices button")[0]
        question = picked.text
        picked.click()
        WebDriverWait(browser, 10).until(lambda _: messages()[-1].text.startswith(question))
        assert sum(m.text.startswith(question) for m in messages()) == 1
        browser.find_elements(By.CSS_SELECTOR, ".feedback button")[-1].click()  # Pas utile
        WebDriverWait(browser, 10).until(lambda _: "c'est noté" in messages()[-1].text)
        time.sleep(0.5)
        records = [json.loads(line) for line in log_path.read_text("utf-8").splitlines()]
        chosen = next(e.id for e in club.faq.entries if e.question == question)
        assert {"question": "la regle du club", "chosen": chosen} in [
            {k: v for k, v in r.items() if k not in ("time", "asker")} for r in records
        ]
        assert {"question": "la regle du club", "id": chosen, "helpful": False} in [
            {k: v for k, v in r.items() if k not in ("time", "asker")} for r in records
        ]
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "chat-phone.png"))
    finally:
        browser.quit()
        created.close()
        thread.join(5)


def test_feedback_takes_picks_and_opinions_with_the_api_s_rules(
    tmp_path: Path, matcher: faqbot.Matcher
) -> None:
    from faqbot.log.writer import MissLog

    log = tmp_path / "log.jsonl"
    app = web.make_app(matcher, log=MissLog(log), allow_origins=["https://blog.example"])

    def post(body: bytes, **environ: object) -> tuple[str, dict[str, str], bytes]:
        return call(app, "POST", "/api/feedback", body, **environ)

    def ask(question: str) -> None:
        body = json.dumps({"question": question}).encode("utf-8")
        assert call(app, "POST", "/api/ask", body)[0].startswith("200")

    pick = b'{"question": "les risques ?", "chosen": "risques"}'
    opinion = b'{"question": "c\'est quoi llama", "id": "llama", "helpful": true}'
    # Claims about questions never asked here, or entries never offered, are refused.
    for unasked in (pick, opinion):
        status, _, body = post(unasked)
        assert status.startswith("422") and "non noté" in json.loads(body)["message"]
    ask("les risques ?")
    ask("c'est quoi llama")
    # Only the address that asked may pick or judge.
    assert post(pick, REMOTE_ADDR="192.0.2.7")[0].startswith("422")
    assert post(pick)[0].startswith("204")
    assert post(opinion)[0].startswith("204")
    status, _, _ = post(b'{"question": "les risques ?", "chosen": "llama"}')
    assert status.startswith("422")
    for bad in (
        b'{"question": "x", "chosen": "inconnue"}',
        b'{"question": "x", "id": "llama", "helpful": "oui"}',
        b'{"question": "", "chosen": "llama"}',
        b"pas du json",
    ):
        status, _, body = post(bad)
        assert status.startswith("400") and json.loads(body)["message"]
    assert call(app, "POST", "/api/feedback", b"{}", CONTENT_TYPE="text/plain")[0].startswith("415")
    assert post(b"x" * (16 << 10))[0].startswith("413")
    cors = post(opinion, HTTP_ORIGIN="https://blog.example")[1]
    assert cors["Access-Control-Allow-Origin"] == "https://blog.example"
    assert "Access-Control-Allow-Origin" not in post(opinion, HTTP_ORIGIN="https://x.example")[1]
    records = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    judged = [r for r in records if "chosen" in r or "helpful" in r]
    assert [set(r) for r in judged] == [
        {"time", "question", "chosen", "asker"},
        *[{"time", "question", "id", "helpful", "asker"}] * 3,
    ]
    answered = [r for r in records if "answered" in r]
    assert [(r["question"], r["answered"]) for r in answered] == [
        ("les risques ?", "risques"),
        ("c'est quoi llama", "llama"),
    ]
    assert len({r["asker"] for r in records[1:]}) == 1
    # Without a log they are accepted and dropped, and the status says so:
    # 204 means recorded.
    unlogged = web.make_app(matcher)
    status, _, body = call(unlogged, "POST", "/api/feedback", opinion)
    assert status.startswith("200")
    assert json.loads(body) == {"recorded": False}


@pytest.mark.parametrize(("path", "method"), [("/nulle-part", "HEAD"), ("/api/ask", "HEAD")])
def test_head_on_a_refused_route_has_no_body(
    matcher: faqbot.Matcher, path: str, method: str
) -> None:
    # A body after HEAD would be read as the start of the next response.
    status, headers, body = call(web.make_app(matcher), method, path)
    assert status[:3] in {"404", "405"}
    assert body == b""
    assert int(headers["Content-Length"]) > 0
