"""Benchmark: segment and count a corpus N times the seeds, against plain ``jieba.lcut``.

Not a test (timings vary by machine); run it by hand and copy the figures into the README::

    .venv/bin/python benchmarks/bench_tokens.py            # 100 × the seeds
    .venv/bin/python benchmarks/bench_tokens.py --times 10 --backend rjieba

The corpus is every seed file read as one text, repeated ``--times`` times; each copy gets a
distinct first line (``副本 k``) so the token cache cannot serve one copy from another. Each
measurement runs in a fresh Python process, so its peak memory (max RSS) is its own:

``plain``     the segmenter alone on every text (``jieba.lcut``, the global tokenizer, or
              ``rjieba.Jieba().cut``; no user dictionary), every cut kept: the floor the
              issue's ratio is measured against.
``floor``     the library's own segmenter (the same backend with the user dictionary) on every
              text, each cut counted and let go at once: the floor without the memory that
              keeping every cut takes (with 100 × the seeds ``plain`` holds 700 MB of token
              lists, and the page faults of that memory are CPU time too), and with what the
              user dictionary costs.
``cold``      ``keywords.frequency_table`` with an empty cache: segmentation with the user
              dictionary, stop words, counting, the tidy table and writing the cache.
``warm``      the same call again, table store off: every text read from the token cache.
``stored``    the same call with the table store on (after one run that filled it).
``seeds``     a whole new process (import included) counting the seeds once from a warm cache,
              i.e. what rerunning a notebook costs.

Start-up (importing jieba and loading its dictionary, about a second) is excluded from ``plain``,
``floor`` and ``cold`` by a warm-up cut, so the ratio compares the per-text work. Speeds and the
ratio use CPU time of the process (``time.process_time``), so other work on a shared machine does
not skew them; wall-clock seconds are printed too. CPU time still varies by 10–30 % from run to
run on a shared virtual machine, so ``--repeat N`` runs ``plain``, ``floor`` and ``cold`` N times
each (alternating, every ``cold`` with an empty cache) and reports the fastest run of each. The
cache lives in a temporary folder removed at the end (``--cache`` to keep one).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from operator import itemgetter
from pathlib import Path

from govreports import paths


def corpus(times: int) -> dict[str, str]:
    """Return ``times`` distinct copies of every seed file, keyed ``<stem>#<k>``."""
    seeds = {path.stem: path.read_text(encoding="utf-8") for path in sorted(paths.SEEDS_DIR.glob("*.txt"))}
    return {f"{stem}#{k}": f"副本 {k}\n{text}" for k in range(times) for stem, text in seeds.items()}


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_phase(phase: str, times: int, backend: str) -> dict:
    """Run one measurement in this process and return its figures."""
    if phase == "seeds":
        start, cpu = time.perf_counter(), time.process_time()
        from govreports.measures import keywords

        texts = corpus(1)
        table = keywords.frequency_table(texts, backend=backend)
        return {
            "seconds": time.perf_counter() - start,
            "cpu": time.process_time() - cpu,
            "rows": len(table),
            "chars": sum(map(len, texts.values())),
        }
    texts = corpus(times)
    chars = sum(map(len, texts.values()))
    if phase == "plain":
        if backend == "rjieba":  # rjieba alone, with its own dictionary only
            import rjieba

            segmenter = rjieba.Jieba()
            cut = lambda text: segmenter.cut(text, True)  # noqa: E731
        else:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            cut = jieba.lcut
        cut("预热")
        baseline = peak_mb()
        start, cpu = time.perf_counter(), time.process_time()
        cuts = [cut(text) for text in texts.values()]
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        rows = sum(map(len, cuts))
    elif phase == "floor":
        from govreports.measures import tokens

        userdict = tokens.load_userdict()
        tokens._run_backend("预热", backend, userdict)
        baseline = peak_mb()
        start, cpu = time.perf_counter(), time.process_time()
        rows = sum(len(tokens._run_backend(text, backend, userdict)) for text in texts.values())
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    else:
        from govreports.measures import keywords, tokens

        tokens.segment("预热", backend=backend, use_cache=False)
        baseline = peak_mb()
        start, cpu = time.perf_counter(), time.process_time()
        rows = len(keywords.frequency_table(texts, backend=backend))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "chars": chars, "rows": rows, "baseline_mb": baseline, "peak_mb": peak_mb()}


def measure(phase: str, times: int, backend: str, cache: Path) -> dict:
    """Run one phase in a fresh interpreter with the given cache folder.

    The table store is switched off (``GOVREPORTS_STORE=0``), so ``warm`` measures reading the
    token cache; ``stored`` is the same call with the store on, after a run that filled it.
    """
    env = {**os.environ, "GOVREPORTS_CACHE": str(cache), "GOVREPORTS_STORE": "0"}
    if phase == "stored":
        env["GOVREPORTS_STORE"] = "1"
        phase = "warm"
    command = [sys.executable, __file__, "--phase", phase, "--times", str(times), "--backend", backend]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["process_seconds"] = time.perf_counter() - start
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=100, help="copies of the seeds (default 100)")
    parser.add_argument("--backend", default="jieba", choices=["jieba", "rjieba"])
    parser.add_argument("--cache", type=Path, help="cache folder to use and keep (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of plain, floor and cold each, the fastest reported (default 1)")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        print(json.dumps(run_phase(args.phase, args.times, args.backend)))
        return
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    with tempfile.TemporaryDirectory(prefix="govreports-bench-") as scratch:
        cache = args.cache or Path(scratch)
        if any(cache.glob("tokens/*/*.json")):
            parser.error(f"{cache} already holds tokens; the cold run needs an empty cache")
        runs: dict[str, list[dict]] = {"plain": [], "floor": [], "cold": []}
        for attempt in range(args.repeat):
            for phase in runs:
                if phase == "cold" and attempt:
                    shutil.rmtree(cache / "tokens", ignore_errors=True)  # every cold run starts from an empty cache
                runs[phase].append(measure(phase, args.times, args.backend, cache))
        results = {phase: min(figures, key=itemgetter("cpu")) for phase, figures in runs.items()}
        results["warm"] = measure("warm", args.times, args.backend, cache)
        measure("stored", args.times, args.backend, cache)  # fills the table store
        results["stored"] = measure("stored", args.times, args.backend, cache)
        seeds = measure("seeds", 1, args.backend, cache)

    chars = results["plain"]["chars"]
    print(f"corpus: {args.times} × seeds = {chars:,} characters, {args.times * 5} texts; backend {args.backend}")
    if args.repeat > 1:
        print(f"plain, floor and cold: the fastest of {args.repeat} runs; CPU s of every run: "
              + "; ".join(f"{phase} " + " ".join(f"{f['cpu']:.2f}" for f in figures) for phase, figures in runs.items()))
    print(f"{'phase':<8}{'CPU s':>9}{'wall s':>9}{'chars/s (CPU)':>15}{'peak MB':>9}{'+MB':>7}")
    for phase, figures in results.items():
        print(
            f"{phase:<8}{figures['cpu']:>9.2f}{figures['seconds']:>9.2f}{chars / figures['cpu']:>15,.0f}"
            f"{figures['peak_mb']:>9.0f}{figures['peak_mb'] - figures['baseline_mb']:>7.0f}"
        )
    ratio = results["cold"]["cpu"] / results["plain"]["cpu"]
    alone = "jieba.lcut" if args.backend == "jieba" else "rjieba.cut"
    print(f"cold library ({args.backend}, user dictionary, stop words, counts, cache writes) / {alone} alone (CPU): "
          f"{ratio:.3f} (library overhead {100 * (ratio - 1):+.1f}%)")
    print(f"cold library / floor (the library's segmenter, cuts let go) (CPU): "
          f"{results['cold']['cpu'] / results['floor']['cpu']:.3f}; floor / plain: "
          f"{results['floor']['cpu'] / results['plain']['cpu']:.3f}")
    print(f"warm rerun of the {args.times}x corpus: {results['warm']['cpu']:.2f} s CPU, {results['warm']['seconds']:.2f} s wall")
    print(
        f"warm rerun of the seeds: {seeds['cpu']:.2f} s CPU / {seeds['seconds']:.2f} s wall for import + "
        f"frequency_table; {seeds['process_seconds']:.2f} s wall for the whole process"
    )


if __name__ == "__main__":
    main()
