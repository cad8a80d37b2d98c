"""How often an early Ctrl-C makes ``faqbot ask`` print a traceback.

Run from the project's root, with faqbot installed::

    python -m benchmarks.bench_interrupt

SIGINT is sent to whole ``faqbot ask`` processes 0, 4, …, 76 ms after they
start, three times at each delay. An interrupt that comes before faqbot's
first line runs is Python's to report; after it, faqbot exits 130 quietly.
The report counts the tracebacks and lists the delays that gave them.
"""

from __future__ import annotations

import argparse
import collections
import signal
import subprocess
import time

from benchmarks.bench_startup import ENVIRONMENT, faqbot_command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=3, help="interrupts at each delay")
    tries = parser.parse_args().tries
    command = [*faqbot_command(), "ask", "c'est quoi llama ?"]
    subprocess.run(command, stdout=subprocess.DEVNULL, env=ENVIRONMENT, check=False)  # warm up
    tracebacks: collections.Counter[int] = collections.Counter()
    sent = 0
    for delay_ms in range(0, 80, 4):
        for _ in range(tries):
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENVIRONMENT
            )
            time.sleep(delay_ms / 1000)
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=60)
            sent += 1
            if b"Traceback" in err:
                tracebacks[delay_ms] += 1
    print(f"## Ctrl-C early in `faqbot ask`: {sum(tracebacks.values())} tracebacks of {sent}")
    for delay_ms, count in sorted(tracebacks.items()):
        print(f"{delay_ms:3d} ms: {count} of {tries}")


if __name__ == "__main__":
    main()
