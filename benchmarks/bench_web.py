"""Load on faqbot's web API, beside a bare app on the same server.

Run from the project's root, with waitress installed (the ``web`` extra)::

    python -m benchmarks.bench_web                    # 50 clients x 2,000 questions
    python -m benchmarks.bench_web --clients 10 --questions 200

Each side runs in a server process of its own, waitress on a loopback port
with 8 threads: faqbot's app answering ``POST /api/ask``, then a bare WSGI
app that returns a fixed JSON document to the same requests. Clients are
threads of this process, each on one keep-alive connection, asking the
project's labeled questions in turn. The report gives requests per second,
the median and the 99th percentile of the latency for each side, and their
ratio: faqbot's cost beside the server's own. A side stops at ``--seconds``.
Loopback only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIXED = (
    b'{"query": "", "id": null, "question": null, "answer": null, "score": 0.0, "suggestions": []}'
)


def bare_app(environ, start_response):  # type: ignore[no-untyped-def]
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(FIXED)))]
    )
    return [FIXED]


def serve(side: str) -> None:
    """Child process: serve one side on a free loopback port; print the port."""
    import logging

    from waitress.server import create_server

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    if side == "faqbot":
        import faqbot
        from faqbot.web.app import make_app

        app = make_app(faqbot.Matcher(faqbot.load_faq()))
    else:
        app = bare_app
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    print(server.effective_port, flush=True)
    server.run()


def questions() -> list[bytes]:
    lines = []
    for path in sorted((ROOT / "tests" / "eval").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                lines.append(json.dumps({"question": line.split("\t", 1)[1]}).encode())
    return lines


def load(port: int, clients: int, per_client: int, seconds: float) -> dict[str, float]:
    asked = questions()
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures = [0] * clients
    deadline = time.perf_counter() + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Content-Type": "application/json"}
        for count in range(per_client):
            if time.perf_counter() > deadline:
                break
            body = asked[(number * per_client + count) % len(asked)]
            started = time.perf_counter()
            connection.request("POST", "/api/ask", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            latencies[number].append(time.perf_counter() - started)
            failures[number] += response.status != 200
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    every = sorted(value for values in latencies for value in values)
    return {
        "requests": len(every),
        "failures": sum(failures),
        "rps": len(every) / elapsed,
        "p50": statistics.median(every),
        "p99": every[min(len(every) - 1, round(0.99 * (len(every) - 1)))],
    }


def run_side(side: str, clients: int, per_client: int, seconds: float) -> dict[str, float]:
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", side], stdout=subprocess.PIPE, text=True
    )
    try:
        port = int(server.stdout.readline())  # type: ignore[union-attr]
        load(port, min(clients, 5), 20, seconds)  # warm up
        return load(port, clients, per_client, seconds)
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--questions", type=int, default=2000, help="per client")
    parser.add_argument("--seconds", type=float, default=120.0, help="at most, per side")
    parser.add_argument("--serve", choices=["faqbot", "bare"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    results = {
        side: run_side(side, args.clients, args.questions, args.seconds)
        for side in ("faqbot", "bare")
    }
    print(f"## {args.clients} clients x {args.questions} questions, waitress with 8 threads")
    print("| side | requests | failures | requests/s | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    for side, found in results.items():
        print(
            f"| {side} | {found['requests']:.0f} | {found['failures']:.0f} | {found['rps']:.0f} | "
            f"{found['p50'] * 1e3:.1f} | {found['p99'] * 1e3:.1f} |"
        )
    ratio = results["bare"]["rps"] / results["faqbot"]["rps"]
    print(f"bare / faqbot requests per second: {ratio:.2f}×")


if __name__ == "__main__":
    main()
