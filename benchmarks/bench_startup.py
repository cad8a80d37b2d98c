"""Start-up time of ``faqbot ask``, side by side with importing its dependencies.

Run from the project's root, with faqbot installed::

    python -m benchmarks.bench_startup

Both commands run alternately, RUNS times each, as whole processes; the
report gives medians and their ratio. It also times how long the
interactive session takes to show its prompt in a pseudo-terminal.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import time

BASELINE = [sys.executable, "-c", "import rapidfuzz, unidecode, yaml"]
# Both sides start from cached bytecode, as after a normal install.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def faqbot_command() -> list[str]:
    script = shutil.which("faqbot", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "faqbot"]


def run_once(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env=ENVIRONMENT,
    )
    return time.perf_counter() - started


def time_to_prompt(command: list[str]) -> float:
    """Seconds from start until the interactive prompt shows in a pseudo-terminal."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(command[0], command, {**ENVIRONMENT, "PROMPT_TOOLKIT_NO_CPR": "1"})
    seen = b""
    try:
        while b"faqbot>" not in seen:
            ready, _, _ = select.select([fd], [], [], 10)
            if not ready:
                raise RuntimeError("the prompt never showed")
            seen += os.read(fd, 65536)
        elapsed = time.perf_counter() - started
        os.write(fd, b"\x04")
        os.waitpid(pid, 0)
    finally:
        os.close(fd)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs
    ask = [*faqbot_command(), "ask", "c'est quoi llama ?"]
    for command in (BASELINE, ask):  # warm the file cache and the bytecode
        run_once(command)
    baseline, ours = [], []
    for _ in range(runs):
        baseline.append(run_once(BASELINE))
        ours.append(run_once(ask))
    base, mine = statistics.median(baseline), statistics.median(ours)
    # The fastest run is the least disturbed by the rest of the machine.
    base_best, mine_best = min(baseline), min(ours)
    print(f"## Start-up, {runs} runs each: median (fastest)")
    print(f"import rapidfuzz, unidecode, yaml : {base * 1e3:6.1f} ms ({base_best * 1e3:.1f} ms)")
    print(f'faqbot ask "c\'est quoi llama ?"   : {mine * 1e3:6.1f} ms ({mine_best * 1e3:.1f} ms)')
    ratio, best_ratio = mine / base, mine_best / base_best
    print(f"ratio                              : {ratio:6.2f}x ({best_ratio:.2f}x)")
    prompts = [time_to_prompt(faqbot_command()) for _ in range(5)]
    print(f"interactive prompt shown after     : {statistics.median(prompts) * 1e3:6.1f} ms")


if __name__ == "__main__":
    main()
