"""Speed and memory of the matcher, side by side with two plain baselines.

Run from the project's root::

    python benchmarks/bench_matcher.py            # bundled FAQ, 10,000 and 100,000 entries
    python benchmarks/bench_matcher.py --sizes 10000

Baselines, on the same queries:
- difflib: ``difflib.get_close_matches`` over the lower-cased, unaccented phrasings;
- rapidfuzz: ``rapidfuzz.process.extractOne`` (default scorer) over the same strings,
  a full scan of every phrasing.

Each generated size runs in fresh child processes, so that peak memory
(ru_maxrss) belongs to one side only. Figures are ratios against the
baselines, never absolute targets.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from rapidfuzz import process
from unidecode import unidecode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import faqbot  # noqa: E402

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PHRASINGS_PER_ENTRY = 10
QUERY_COUNT = 300
LARGE_QUERY_COUNT = 50  # the baseline's full scan of a million phrasings is slow


def plain(text: str) -> str:
    return unidecode(text).lower()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_each(function, queries: list[str]) -> list[float]:
    timings = []
    for query in queries:
        started = time.perf_counter()
        function(query)
        timings.append(time.perf_counter() - started)
    return timings


# -- generated FAQs ----------------------------------------------------------

SYLLABLES = [c + v for c in "bcdfglmnprstv" for v in ("a", "e", "i", "o", "u", "ou", "an", "on")]
FRAMES = [
    "Comment {0} ?",
    "Pourquoi {0} ?",
    "Qu'est-ce que {0} ?",
    "Quels sont les {0} ?",
    "{0} : que faut-il savoir ?",
    "Où trouver {0} ?",
    "Quand {0} ?",
    "Est-ce que {0} ?",
    "{0}",
    "Combien coûte {0} ?",
]


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def generate_faq(path: Path, entries: int, seed: int = 7) -> list[list[str]]:
    """Write a FAQ of ``entries`` entries with 10 phrasings each; return the phrasings."""
    rng = random.Random(seed)
    vocabulary = make_vocabulary(rng, max(5000, entries * 2))
    common = vocabulary[:300]
    lines = ["entries:"]
    all_phrasings: list[list[str]] = []
    for index in range(entries):
        topic = rng.sample(vocabulary, 3)
        phrasings = []
        for _ in range(PHRASINGS_PER_ENTRY):
            words = rng.sample(topic, rng.randint(2, 3)) + rng.sample(common, rng.randint(0, 2))
            rng.shuffle(words)
            phrasings.append(rng.choice(FRAMES).format(" ".join(words)))
        answer = " ".join(rng.choice(vocabulary) for _ in range(20)) + "."
        lines.append(f"  - id: e{index}")
        lines.append(f"    question: {json.dumps(phrasings[0], ensure_ascii=False)}")
        lines.append(f"    answer: {json.dumps(answer, ensure_ascii=False)}")
        lines.append("    variants:")
        lines.extend(f"      - {json.dumps(p, ensure_ascii=False)}" for p in phrasings[1:])
        all_phrasings.append(phrasings)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return all_phrasings


def make_queries(phrasings: list[list[str]], count: int, seed: int = 11) -> list[str]:
    """Typo-ridden versions of real phrasings, and a fifth of unrelated questions."""
    rng = random.Random(seed)
    vocabulary = make_vocabulary(random.Random(seed + 1), 2000)
    queries = []
    for number in range(count):
        if number % 5 == 4:
            queries.append("Pourquoi " + " ".join(rng.sample(vocabulary, 3)) + " ?")
            continue
        words = rng.choice(rng.choice(phrasings)).split()
        position = rng.randrange(len(words))
        word = words[position]
        if len(word) > 4:
            cut = rng.randrange(1, len(word) - 1)
            words[position] = word[:cut] + word[cut + 1 :]
        queries.append(" ".join(words))
    return queries


def run_side(side: str, path: str, queries_path: str) -> dict[str, float]:
    """Child process: load, index and answer as one side would; report timings and RSS."""
    queries = json.loads(Path(queries_path).read_text(encoding="utf-8"))
    started = time.perf_counter()
    if side == "faqbot":
        matcher = faqbot.Matcher(faqbot.load_faq(path))
        answer = matcher.match
    else:
        document = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
        if side == "yaml":
            return {"load": time.perf_counter() - started, "rss_mb": peak_rss_mb()}
        choices = [
            plain(text)
            for entry in document["entries"]
            for text in (entry["question"], *entry.get("variants", ()))
        ]

        def answer(query: str) -> object:
            return process.extractOne(plain(query), choices)

    load = time.perf_counter() - started
    timings = time_each(answer, queries)
    return {
        "load": load,
        "median": statistics.median(timings),
        "p99": percentile(timings, 0.99),
        "rss_mb": peak_rss_mb(),
    }


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(side: str, path: Path, queries_path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", side, str(path), str(queries_path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


# -- reports ----------------------------------------------------------------


def bench_bundled() -> None:
    faq = faqbot.load_faq()
    matcher = faqbot.Matcher(faq)
    queries = [
        line.split("\t", 1)[1]
        for path in sorted((ROOT / "tests" / "eval").glob("*.tsv"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if "\t" in line and not line.startswith("#")
    ]
    choices = [plain(p) for entry in faq.entries for p in entry.phrasings]
    sides = {
        "faqbot": matcher.match,
        "difflib": lambda q: difflib.get_close_matches(plain(q), choices, n=1),
        "rapidfuzz": lambda q: process.extractOne(plain(q), choices),
    }
    for function in sides.values():  # warm caches, as a running session would be
        time_each(function, queries)
    results = {name: time_each(function, queries) for name, function in sides.items()}
    base = statistics.median(results["rapidfuzz"])
    print(
        f"## Bundled FAQ: {len(faq.entries)} entries, {len(choices)} phrasings, "
        f"{len(queries)} queries"
    )
    print(f"{'side':<10} {'median µs':>10} {'p99 µs':>10} {'median / rapidfuzz':>20}")
    for name, timings in results.items():
        median = statistics.median(timings)
        print(
            f"{name:<10} {median * 1e6:>10.1f} {percentile(timings, 0.99) * 1e6:>10.1f} "
            f"{median / base:>20.2f}"
        )
    print()


def bench_generated(entries: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "faq.yaml"
        phrasings = generate_faq(path, entries)
        queries_path = Path(folder) / "queries.json"
        query_count = QUERY_COUNT if entries <= 10_000 else LARGE_QUERY_COUNT
        queries_path.write_text(json.dumps(make_queries(phrasings, query_count)), "utf-8")
        size_mb = path.stat().st_size / 1e6
        yaml_side = child("yaml", path, queries_path)
        ours = child("faqbot", path, queries_path)
        base = child("rapidfuzz", path, queries_path)
    print(
        f"## Generated FAQ: {entries:,} entries x {PHRASINGS_PER_ENTRY} phrasings "
        f"({size_mb:.1f} MB), {query_count} queries"
    )
    print(
        f"load + index: faqbot {ours['load']:.2f} s, yaml.CSafeLoader parse "
        f"{yaml_side['load']:.2f} s, ratio {ours['load'] / yaml_side['load']:.2f}x"
    )
    print(
        f"query median: faqbot {ours['median'] * 1e3:.2f} ms, rapidfuzz full scan "
        f"{base['median'] * 1e3:.2f} ms, ratio {ours['median'] / base['median']:.2f}x"
    )
    print(
        f"query p99:    faqbot {ours['p99'] * 1e3:.2f} ms, rapidfuzz full scan "
        f"{base['p99'] * 1e3:.2f} ms"
    )
    print(
        f"peak memory:  faqbot {ours['rss_mb']:.0f} MB, rapidfuzz baseline "
        f"{base['rss_mb']:.0f} MB, yaml parse alone {yaml_side['rss_mb']:.0f} MB"
    )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_side(*args.child)))
        return
    bench_bundled()
    for size in args.sizes:
        bench_generated(size)


if __name__ == "__main__":
    main()
