"""Benchmark: a 1,000-document corpus through every stage, with one and with two workers.

Not a test: it prints figures for the README. It builds a corpus folder from the seed reports,
each copy given another city name and year (so documents are distinct and duplicate detection
has real work), then runs

    load → clean → structure → metadata (load_corpus, 1 and 2 workers)
    → tokens → keywords (frequency_table, 2 workers, cold token cache; then warm)
    → slogans (slogans_table, 1 and 2 workers) → targets (targets_table)

and prints documents/s, characters/s, peak memory (resident set of this process and of its worker
processes) and the speed-up from one to two workers.

Usage:
    python benchmarks/bench_corpus.py [--docs 1000] [--folder DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

from govreports import paths
from govreports.pipeline.corpus import load_corpus

CITIES = ["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水",
          "义乌", "瑞安", "乐清", "余姚", "慈溪", "诸暨", "海宁", "桐乡", "温岭", "临海", "东阳"]


def seed_reports() -> list[tuple[str, str, int, str]]:
    """The seed reports as ``(city, text, year, doc_type)``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(paths.SEEDS_DIR)
    return [(d.city, d.raw, d.year, d.doc_type) for d in corpus.reports() if d.city and d.year]


def build_folder(folder: Path, n_docs: int) -> int:
    """Write ``n_docs`` report files made from the seeds with other cities and years; return chars."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = seed_reports()
    total = 0
    for i in range(n_docs):
        city, raw, year, _ = seeds[i % len(seeds)]
        new_city = CITIES[(i // len(seeds)) % len(CITIES)]
        shift = (i // (len(seeds) * len(CITIES))) + 1
        text = raw.replace(city, new_city)
        text = re.sub(r"(20[12]\d)年", lambda m: f"{int(m.group(1)) + shift}年", text)
        # a distinct marker sentence, so copies made from one seed are not duplicates of each other
        text = text.replace("各位代表", f"各位代表(第{i}号样本)", 1)
        (folder / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def peak_memory_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its finished child processes."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def timed(label: str, function, n_docs: int, n_chars: int):
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    print(f"{label:<34} {seconds:7.1f} s  {n_docs / seconds:8.1f} docs/s  {n_chars / seconds / 1e3:8.0f} k chars/s")
    return result, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--folder", type=Path, default=None, help="keep the generated corpus here")
    args = parser.parse_args(argv)
    folder = args.folder or Path(tempfile.mkdtemp(prefix="govreports-bench-"))
    cache = Path(tempfile.mkdtemp(prefix="govreports-cache-"))
    os.environ["GOVREPORTS_CACHE"] = str(cache)  # a cold token cache, shared by the stages below
    try:
        n_chars = build_folder(folder, args.docs)
        print(f"corpus: {args.docs} documents, {n_chars / 1e6:.1f} M characters in {folder}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _, one = timed("load (1 worker)", lambda: load_corpus(folder, workers=1), args.docs, n_chars)
            corpus, two = timed("load (2 workers)", lambda: load_corpus(folder, workers=2), args.docs, n_chars)
        print(f"speed-up of load from 1 to 2 workers: {one / two:.2f}x")
        reports = corpus.reports()
        from govreports.measures.keywords import frequency_table
        from govreports.measures.slogans import slogans_table

        timed("tokens + keywords (cold, 2 workers)", lambda: frequency_table(reports, workers=2), args.docs, n_chars)
        timed("keywords again (warm cache)", lambda: frequency_table(reports, workers=1), args.docs, n_chars)
        timed("slogans (1 worker)", lambda: slogans_table(reports, workers=1), args.docs, n_chars)
        timed("slogans (2 workers)", lambda: slogans_table(reports, workers=2), args.docs, n_chars)
        try:
            from govreports.measures.targets import targets_table
        except ImportError:
            print("targets: module not available")
        else:
            timed("targets", lambda: targets_table(reports), args.docs, n_chars)
        own, children = peak_memory_mb()
        print(f"peak memory: {own:.0f} MB (this process), {children:.0f} MB (largest worker)")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if args.folder is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
