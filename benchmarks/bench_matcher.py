"""Speed, memory and accuracy of the matcher on large FAQs, beside plain baselines.

Run from the project's root (bm25s comes with the ``bench`` extra)::

    python -m benchmarks.bench_matcher                # bundled FAQ, 10,000 and 100,000 entries
    python -m benchmarks.bench_matcher --sizes 10000

The generated FAQs read like a support desk's: question frames around topic
words, where a few topic words ("compte", "facture") are used by many
entries and most by a handful, drawn from a Zipf law. Queries are phrasings
of the FAQ, as typed (top-1 must be their entry) and with one typo, plus one
in five questions about nothing in the FAQ.

Baselines, on the same queries:

- ``rapidfuzz.process.extractOne`` over the lower-cased, unaccented phrasings,
  a full scan, with its default scorer (WRatio) and with ``token_set_ratio``;
- bm25s, an inverted index with BM25 scoring, over the same strings;
- for load time, parsing the file with ``yaml.CSafeLoader``, with the garbage
  collector running as usual and paused as faqbot pauses it.

faqbot loads three times: learning and calibrating the FAQ as a library
does by default; the same, writing the parsed file and what it learnt to
its cache, as the ``faqbot`` command does the first time; and reading both
back, as every later start of the command on the same file does. Then the
whole command is started a few times on the warm cache, beside the time
the YAML parse alone takes.

Each side runs in a child process of its own, so that its peak memory
(ru_maxrss) is its own. Figures are ratios against the baselines, never
timed tests.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process
from unidecode import unidecode

import faqbot

ROOT = Path(__file__).resolve().parent.parent

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PHRASINGS_PER_ENTRY = 10
QUERY_COUNT = 400
LARGE_QUERY_COUNT = 100  # the baselines' full scans of a million phrasings are slow
SIDES = ("faqbot", "wratio", "token_set", "bm25s")


def plain(text: str) -> str:
    return unidecode(text).lower()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_each(function, queries: list[str]) -> tuple[list[float], list[object]]:
    timings, results = [], []
    for query in queries:
        started = time.perf_counter()
        results.append(function(query))
        timings.append(time.perf_counter() - started)
    return timings, results


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
    "Est-ce que je peux {0} ?",
    "{0}",
    "Combien coûte {0} ?",
    "J'ai un problème avec {0}",
    "Je n'arrive pas à {0}",
]
COMMON_WORDS = (
    "compte facture commande paiement livraison abonnement carte mot passe adresse "
    "remboursement colis client service application site email téléphone contrat option"
).split()


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def generate_faq(path: Path, entries: int, seed: int = 7) -> list[list[str]]:
    """Write a FAQ of ``entries`` entries with 10 phrasings each; return the phrasings."""
    rng = random.Random(seed)
    vocabulary = COMMON_WORDS + make_vocabulary(rng, max(4000, entries))
    # Zipf weights: the first words are used by many entries, most by a few.
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(vocabulary))]
    lines = ["entries:"]
    all_phrasings: list[list[str]] = []
    seen: set[str] = set()
    for index in range(entries):
        topic = list(dict.fromkeys(rng.choices(vocabulary, weights, k=4)))
        while len(topic) < 3:
            topic.append(rng.choice(vocabulary))
        phrasings: list[str] = []
        while len(phrasings) < PHRASINGS_PER_ENTRY:
            words = rng.sample(topic, rng.randint(2, len(topic)))
            rng.shuffle(words)
            text = rng.choice(FRAMES).format(" ".join(words))
            key = " ".join(sorted(plain(text).split()))
            if key not in seen:
                seen.add(key)
                phrasings.append(text)
        answer = " ".join(rng.choice(vocabulary) for _ in range(20)) + "."
        lines.append(f"  - id: e{index}")
        lines.append(f"    question: {json.dumps(phrasings[0], ensure_ascii=False)}")
        lines.append(f"    answer: {json.dumps(answer, ensure_ascii=False)}")
        lines.append("    variants:")
        lines.extend(f"      - {json.dumps(p, ensure_ascii=False)}" for p in phrasings[1:])
        all_phrasings.append(phrasings)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return all_phrasings


def with_typo(text: str, rng: random.Random) -> str:
    """Drop one letter inside the longest word."""
    words = text.split()
    position = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[position]
    cut = rng.randrange(1, len(word) - 1)
    words[position] = word[:cut] + word[cut + 1 :]
    return " ".join(words)


def make_queries(phrasings: list[list[str]], count: int, seed: int = 11) -> list[list]:
    """[query, expected entry index or -1, kind] for exact, typo and unrelated queries."""
    rng = random.Random(seed)
    strangers = make_vocabulary(random.Random(seed + 1), 2000)
    queries: list[list] = []
    for number in range(count):
        if number % 5 == 4:
            queries.append(["Pourquoi " + " ".join(rng.sample(strangers, 3)) + " ?", -1, "off"])
            continue
        entry = rng.randrange(len(phrasings))
        text = rng.choice(phrasings[entry])
        if number % 2:
            queries.append([with_typo(text, rng), entry, "typo"])
        else:
            queries.append([text, entry, "exact"])
    return queries


# Over the complexity limit: one side of the comparison, step by step.
def run_side(side: str, path: str, queries_path: str) -> dict[str, object]:  # noqa: C901
    """Child process: load, index and answer as one side would; report timings and RSS."""
    queries = json.loads(Path(queries_path).read_text(encoding="utf-8"))
    started = time.perf_counter()
    if side in ("faqbot", "faqbot_storing", "faqbot_cached"):
        # As a library does by default, then as the command does: learning the
        # FAQ and writing what was learnt to its cache, then reading it back.
        if side == "faqbot":
            matcher = faqbot.Matcher(faqbot.load_faq(path))
        else:
            # As the command finds its FAQ and cache: the parsed file is cached too.
            from faqbot.commands import wiring
            from faqbot.matching.cache import default_cache_dir

            os.environ["XDG_CACHE_HOME"] = str(_cache_home(queries_path))
            matcher = faqbot.Matcher(wiring.load(path), cache_dir=default_cache_dir())
        ids = {entry.id: number for number, entry in enumerate(matcher.faq.entries)}

        def answer(query: str) -> int:
            found = matcher.search(query, limit=1, score_cutoff=0)
            return ids[found[0].entry.id] if found else -1

    elif side in ("yaml", "yaml_paused"):
        if side == "yaml_paused":
            gc.disable()
        yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
        return {"load": time.perf_counter() - started, "rss_mb": peak_rss_mb()}
    else:
        document = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
        owners, choices = [], []
        for number, entry in enumerate(document["entries"]):
            for text in (entry["question"], *entry.get("variants", ())):
                owners.append(number)
                choices.append(plain(text))
        if side == "bm25s":
            import bm25s

            retriever = bm25s.BM25()
            retriever.index(bm25s.tokenize(choices, show_progress=False), show_progress=False)

            def answer(query: str) -> int:
                tokens = bm25s.tokenize([plain(query)], show_progress=False)
                if not tokens.vocab:
                    return -1
                found, _ = retriever.retrieve(tokens, k=1, show_progress=False)
                return owners[int(found[0][0])]

        else:
            scorer = fuzz.token_set_ratio if side == "token_set" else fuzz.WRatio

            def answer(query: str) -> int:
                found = process.extractOne(plain(query), choices, scorer=scorer)
                return owners[found[2]] if found else -1

    load = time.perf_counter() - started
    timings, results = time_each(answer, [q for q, _, _ in queries])
    accuracy = {}
    for kind in ("exact", "typo"):
        picked = [(r, q[1]) for r, q in zip(results, queries, strict=True) if q[2] == kind]
        accuracy[kind] = 100.0 * sum(r == e for r, e in picked) / len(picked)
    return {
        "load": load,
        "median": statistics.median(timings),
        "p99": percentile(timings, 0.99),
        "max": max(timings),
        "rss_mb": peak_rss_mb(),
        **accuracy,
    }


def _cache_home(queries_path: str | Path) -> Path:
    home = Path(queries_path).parent / "xdg"
    home.mkdir(mode=0o700, exist_ok=True)
    return home


def command_start(path: Path, queries_path: Path, runs: int = 5) -> list[float]:
    """Whole starts of ``faqbot ask --faq PATH``, its cache warm: seconds each."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(_cache_home(queries_path))}
    command = [sys.executable, "-m", "faqbot", "ask", "--faq", str(path), "question"]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=environment, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return times


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(side: str, path: Path, queries_path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", side, str(path), str(queries_path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"the {side} side failed:\n{done.stderr}")
    return json.loads(done.stdout)


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
        "faqbot": matcher.lookup,
        "difflib": lambda q: difflib.get_close_matches(plain(q), choices, n=1),
        "wratio": lambda q: process.extractOne(plain(q), choices),
        "token_set": lambda q: process.extractOne(plain(q), choices, scorer=fuzz.token_set_ratio),
    }
    for function in sides.values():  # warm caches, as a running session would be
        time_each(function, queries)
    results = {name: time_each(function, queries)[0] for name, function in sides.items()}
    print(
        f"## Bundled FAQ: {len(faq.entries)} entries, {len(choices)} phrasings, "
        f"{len(queries)} queries (faqbot: Matcher.lookup)"
    )
    print("| side | median µs | p99 µs | faqbot / side (median) |")
    print("|---|---|---|---|")
    ours = statistics.median(results["faqbot"])
    for name, timings in results.items():
        median = statistics.median(timings)
        print(
            f"| {name} | {median * 1e6:.0f} | {percentile(timings, 0.99) * 1e6:.0f} | "
            f"{ours / median:.2f}× |"
        )
    print()


def bench_generated(entries: int, sides: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "faq.yaml"
        phrasings = generate_faq(path, entries)
        queries_path = Path(folder) / "queries.json"
        query_count = QUERY_COUNT if entries <= 10_000 else LARGE_QUERY_COUNT
        queries_path.write_text(json.dumps(make_queries(phrasings, query_count)), "utf-8")
        size_mb = path.stat().st_size / 1e6
        parse = child("yaml", path, queries_path)
        parse_paused = child("yaml_paused", path, queries_path)
        results = {side: child(side, path, queries_path) for side in sides}
        if "faqbot" in results:
            storing = child("faqbot_storing", path, queries_path)
            results["faqbot_cached"] = child("faqbot_cached", path, queries_path)
            starts = command_start(path, queries_path)
    ours = results["faqbot"]
    cached = results.get("faqbot_cached")
    print(
        f"## Generated FAQ: {entries:,} entries × {PHRASINGS_PER_ENTRY} phrasings "
        f"({size_mb:.1f} MB), {query_count} queries"
    )
    print(
        f"load + index + learn + calibrate: faqbot {ours['load']:.2f} s; "
        f"yaml.CSafeLoader parse {parse['load']:.2f} s "
        f"(ratio {ours['load'] / parse['load']:.2f}×), "
        f"with the collector paused {parse_paused['load']:.2f} s "
        f"(ratio {ours['load'] / parse_paused['load']:.2f}×)"
    )
    if cached is not None:
        print(
            f"the same, writing what was learnt to the cache, as the command does at "
            f"first: {storing['load']:.2f} s (ratio {storing['load'] / parse['load']:.2f}×, "
            f"{storing['load'] / parse_paused['load']:.2f}×)"
        )
        print(
            f"load again, the parsed file and what was learnt read from the cache: "
            f"{cached['load']:.2f} s (ratio {cached['load'] / parse['load']:.2f}× the parse, "
            f"{cached['load'] / parse_paused['load']:.2f}× with the collector paused)"
        )
        print(
            f"whole cached start of `faqbot ask --faq FILE question`, {len(starts)} runs: "
            f"median {statistics.median(starts):.2f} s, range {min(starts):.2f}–"
            f"{max(starts):.2f} s (ratio {statistics.median(starts) / parse['load']:.2f}× "
            "the parse alone)"
        )
    print(
        "| side | query median ms | p99 ms | max ms | faqbot / side (median) | "
        "exact top-1 % | one typo top-1 % | peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for side, found in results.items():
        print(
            f"| {side} | {found['median'] * 1e3:.2f} | {found['p99'] * 1e3:.2f} | "
            f"{found['max'] * 1e3:.1f} | {ours['median'] / found['median']:.3f}× | "
            f"{found['exact']:.1f} | {found['typo']:.1f} | {found['rss_mb']:.0f} |"
        )
    print(f"(yaml parse alone peaks at {parse['rss_mb']:.0f} MB)")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--sides", nargs="+", default=list(SIDES), choices=SIDES)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_side(*args.child)))
        return
    bench_bundled()
    for size in args.sizes:
        sides = args.sides
        if "bm25s" in sides:
            try:
                import bm25s  # noqa: F401
            except ImportError:
                sides = [s for s in sides if s != "bm25s"]
                print("(bm25s is not installed: pip install -e '.[bench]')")
        bench_generated(size, ["faqbot", *(s for s in sides if s != "faqbot")])


if __name__ == "__main__":
    main()
