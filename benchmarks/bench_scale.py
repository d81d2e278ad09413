"""Benchmark at scale: an N-report corpus (13,000 by default) through every stage, cold and warm.

Not a test (no timed tests in this project): it prints the figures quoted in the README.

The corpus is built from real reports: every report of ``../shared/dev-corpus`` (29 provincial
2025 reports as Word files, 14 national reports) and of ``seeds/``, each copy given another place
name and its years shifted (so copies are distinct reports to the duplicate detector, and the
token cache and the table store get real work), written as UTF-8 ``.txt`` files. One run then
goes through every stage the command line offers, in a fresh Python process:

    load        load → split → clean → structure → metadata (``load_corpus``)
    keywords    tokens → term counts (``frequency_table``)
    slogans     ``slogans_table``
    targets     ``targets_table``
    results     ``results_table``
    compare     ``distinctive_terms_table`` (segmentation shared with keywords through the cache)
    tables      documents, files, audit and sentences tables (the last two read the load batches in
                ``workers`` threads)

Each stage's wall time, CPU time (main process and finished workers: less disturbed by other
work on a shared machine), characters per second (characters of the generated files, wall
time) and peak memory are printed: resident memory (RSS) of the main process and of its worker
processes together, and the proportional set size (PSS) of all of them, which counts the pages
a forked worker shares with its parent once (the RSS sum counts them twice). Memory is sampled
every 100 ms with psutil, so a peak shorter than that can be missed. ``table MB`` is what the
stage's returned tables hold (pandas' deep count): the part of the peak that is the result
itself. Each stage's result is released, and the memory it freed given back to the system,
before the next stage starts (:func:`_release_freed_memory`).

Runs, for each number of workers (1 and 2 by default):

    cold        an empty token cache and table store
    warm        the same again (everything in the cache and store)
    one-changed one file edited (a sentence added), then warm again

``--compact`` builds the two largest tables compact (``frequency_table(..., compact=True)`` and
``sentences_table(compact=True)``: their label columns as sorted categoricals, a code per row), as
the command line and the export do; without it they are built as a notebook gets them by default
(string columns).

Several ``--docs`` sizes (e.g. ``--docs 1000 3000``) add a linear extrapolation of every stage
to ``--extrapolate`` reports (13,000 by default): seconds per report and peak memory fitted on
the measured sizes. It is an extrapolation, and is labelled so.

Usage:
    python benchmarks/bench_scale.py [--docs 13000 ...] [--workers 1 2] [--backend jieba|rjieba]
        [--folder DIR] [--runs cold warm one-changed] [--compact] [--json FILE]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

from govreports import paths

DEV_CORPUS = paths.ROOT.parent / "shared" / "dev-corpus"
#: Place names the copies are given (prefecture and county-level cities of several provinces).
PLACES = [
    "杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水", "义乌",
    "瑞安", "乐清", "余姚", "慈溪", "诸暨", "海宁", "桐乡", "温岭", "临海", "东阳", "苏州", "无锡",
    "常州", "南通", "扬州", "镇江", "泰州", "徐州", "盐城", "淮安", "宿迁", "连云港", "昆山", "江阴",
    "合肥", "芜湖", "蚌埠", "安庆", "黄山", "滁州", "福州", "厦门", "泉州", "漳州", "莆田", "南平",
    "济南", "青岛", "烟台", "潍坊", "淄博", "威海", "临沂", "济宁", "郑州", "洛阳", "开封", "南阳",
]
STAGES = ["load", "keywords", "slogans", "targets", "results", "compare", "tables"]
_YEAR = re.compile(r"((?:19|20)\d\d)年")


def source_reports() -> list[tuple[str, str, str]]:
    """The real reports to copy, as ``(place, year, raw text)``: the seeds' and the dev corpus's."""
    from govreports.pipeline.corpus import load_corpus

    sources = []
    folders = [paths.SEEDS_DIR] + ([DEV_CORPUS] if DEV_CORPUS.is_dir() else [])
    if not DEV_CORPUS.is_dir():
        print(f"note: {DEV_CORPUS} not found; copying the seeds only", file=sys.stderr)
    for folder in folders:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            corpus = load_corpus(folder)
        for doc in corpus.reports():
            place = doc.city or ("全国" if "国务院" in doc.raw[:3000] or "全国" in doc.raw[:300] else "")
            sources.append((place, str(doc.year or ""), doc.raw))
    return sources


def copy_text(raw: str, place: str, new_place: str, shift: int, number: int) -> str:
    """One copy of a report: ``place`` renamed, every ``YYYY年`` moved by ``shift`` years, a numbered line."""
    # a national report becomes a place's too: a real corpus has one national report a year, and
    # 13,000 copies of 14 of them under 全国 would pile up in the duplicate detector's buckets
    text = raw.replace(place, new_place) if place else raw
    if place == "全国":  # the State Council speaking (代表国务院) makes a report national: the place's government speaks
        text = text.replace("国务院", f"{new_place}市人民政府")
    if shift:
        text = _YEAR.sub(lambda m: f"{int(m.group(1)) + shift}年", text)
    # a numbered clause after the salutation, so two copies of one source never share every clause
    return text.replace("各位代表", f"各位代表(第{number}号样本)", 1)


def build_folder(folder: Path, n_docs: int) -> int:
    """Write ``n_docs`` report files made from the real reports; return their characters."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = source_reports()
    total = 0
    for i in range(n_docs):
        place, _, raw = sources[i % len(sources)]
        round_ = i // len(sources)
        # round r gives each source another place, and every 60 rounds its years move one back, so
        # no two copies share source, place and year; except one copy in 50, which repeats the
        # previous round's: a real duplicate, as a scraped corpus has
        if i % 50 == 49 and round_:
            round_ -= 1
        new_place = PLACES[(i % len(sources) + round_) % len(PLACES)]
        shift = -(round_ // len(PLACES))
        text = copy_text(raw, place, new_place, shift, i)
        (folder / f"r{i:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


# --- one run, in its own process -----------------------------------------------------------------


class PeakMemory:
    """Samples the resident memory of this process and its children in a thread (psutil)."""

    def __init__(self, interval: float = 0.1):
        import psutil

        self.process = psutil.Process()
        self.interval = interval
        self.peaks = {"main": 0, "workers": 0, "total": 0, "pss": 0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        main = self.process.memory_info().rss
        workers = 0
        pss = self._pss(self.process)
        for child in self.process.children(recursive=True):
            try:
                workers += child.memory_info().rss
                pss += self._pss(child)
            except psutil.Error:
                pass
        for name, value in (("main", main), ("workers", workers), ("total", main + workers), ("pss", pss)):
            self.peaks[name] = max(self.peaks[name], value)

    @staticmethod
    def _pss(process) -> int:
        """Proportional set size: forked workers share the parent's pages, and RSS counts them twice."""
        import psutil

        try:
            return process.memory_full_info().pss
        except (psutil.Error, AttributeError):
            return process.memory_info().rss

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self):
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()


def _children_cpu() -> float:
    """CPU seconds of the finished worker processes so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_stages(folder: Path, workers: int, compact: bool = False) -> dict:
    """Run every stage on ``folder`` with ``workers`` processes; return seconds and peak MB per stage.

    ``compact``: the keywords and sentences tables built compact (labels as codes).
    """
    from govreports.compare.distinctive import distinctive_terms_table
    from govreports.measures.keywords import frequency_table
    from govreports.measures.slogans import slogans_table
    from govreports.measures.targets import results_table, targets_table
    from govreports.pipeline.corpus import load_corpus

    state = {}
    steps = {
        "load": lambda: state.setdefault("corpus", load_corpus(folder, warn=False, workers=workers)),
        "keywords": lambda: frequency_table(state["corpus"].reports(), workers=workers, compact=compact),
        "slogans": lambda: slogans_table(state["corpus"].reports(), workers=workers),
        "targets": lambda: targets_table(state["corpus"].reports(), workers=workers),
        "results": lambda: results_table(state["corpus"].reports(), workers=workers),
        "compare": lambda: distinctive_terms_table(state["corpus"].documents),
        "tables": lambda: [state["corpus"].documents_table(include_problems=True), state["corpus"].files_table(),
                           state["corpus"].audit_table(workers=workers),
                           state["corpus"].sentences_table(compact=compact, workers=workers)],
    }
    figures = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for stage in STAGES:
            with PeakMemory() as memory:
                started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
                result = steps[stage]()
                seconds = time.perf_counter() - started
                cpu = time.process_time() - cpu + _children_cpu() - children
            rows = sum(map(len, result)) if isinstance(result, list) else len(getattr(result, "documents", result))
            table_mb = sum(map(_table_bytes, result if isinstance(result, list) else [result])) / 2**20
            # released before the next stage, as the command line (one table per command) and a
            # notebook that keeps only what it shows do: each stage's peak is its own
            del result
            _release_freed_memory()
            figures[stage] = {"seconds": seconds, "cpu": cpu, "rows": rows, "table_mb": table_mb,
                              **{f"{k}_mb": v / 2**20 for k, v in memory.peaks.items()}}
    return figures


def _release_freed_memory() -> None:
    """Give the memory freed by a stage back to the system: Python's garbage, then Arrow's pool and the
    C heap (:func:`govreports.store.release_memory`; ``malloc_trim``, glibc only).

    Freed memory stays in the process (glibc keeps its heap, Arrow its pool) and is reused by
    the next stage, so a run's peak is the same either way; returned, each stage's peak is its
    own rather than the heap the stage before left.
    """
    from govreports.store import release_memory

    gc.collect()
    release_memory()


def _table_bytes(result) -> int:
    """The memory a returned table holds (pandas' deep count); 0 for anything else (the loaded corpus)."""
    import pandas as pd

    return int(result.memory_usage(deep=True).sum()) if isinstance(result, pd.DataFrame) else 0


def measure(folder: Path, cache: Path, workers: int, backend: str, compact: bool = False) -> dict:
    """Run :func:`run_stages` in a fresh interpreter (its own memory, its own cache folder)."""
    env = {**os.environ, "GOVREPORTS_CACHE": str(cache), "GOVREPORTS_TOKENIZER": backend,
           "GOVREPORTS_PROGRESS": "0"}
    command = [sys.executable, __file__, "--phase", str(folder), "--workers", str(workers),
               *(["--compact"] if compact else [])]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"benchmark run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def change_one_file(folder: Path) -> None:
    """Add one sentence to the middle file of the corpus (what a researcher's correction does)."""
    files = sorted(folder.glob("*.txt"))
    target = files[len(files) // 2]
    target.write_text(target.read_text(encoding="utf-8") + "\n本文件为基准测试而改动。\n", encoding="utf-8")


def print_run(label: str, figures: dict, n_chars: int) -> None:
    print(f"\n{label}")
    print(f"{'stage':<10}{'seconds':>9}{'CPU s':>8}{'M chars/s':>11}{'main MB':>9}{'workers MB':>12}{'PSS MB':>8}"
          f"{'table MB':>10}")
    for stage, f in figures.items():
        speed = n_chars / f["seconds"] / 1e6 if f["seconds"] > 0 else float("inf")
        print(f"{stage:<10}{f['seconds']:>9.1f}{f['cpu']:>8.1f}{speed:>11.2f}{f['main_mb']:>9.0f}{f['workers_mb']:>12.0f}"
              f"{f['pss_mb']:>8.0f}{f.get('table_mb', 0):>10.0f}")
    total = sum(f["seconds"] for f in figures.values())
    cpu = sum(f["cpu"] for f in figures.values())
    peak = max(f["pss_mb"] for f in figures.values())
    print(f"{'all':<10}{total:>9.1f}{cpu:>8.1f}{n_chars / total / 1e6:>11.2f}{'':>9}{'':>12}{peak:>8.0f}")


def extrapolate(results: dict, target: int) -> None:
    """Fit seconds and peak MB of each stage linearly in the number of reports; print them at ``target``."""
    sizes = sorted(results)
    if len(sizes) < 2:
        return
    low, high = sizes[0], sizes[-1]
    print(f"\nEXTRAPOLATED (not measured) to {target:,} reports, linear fit through {low:,} and {high:,}:")
    for key in results[high]:
        print(f"\n{key}")
        print(f"{'stage':<10}{'seconds':>9}{'PSS MB':>10}")
        total_s, peak = 0.0, 0.0
        for stage in results[high][key]:
            a, b = results[low][key][stage], results[high][key][stage]
            slope_s = (b["seconds"] - a["seconds"]) / (high - low)
            slope_m = (b["pss_mb"] - a["pss_mb"]) / (high - low)
            seconds = b["seconds"] + slope_s * (target - high)
            megabytes = b["pss_mb"] + slope_m * (target - high)
            total_s, peak = total_s + seconds, max(peak, megabytes)
            print(f"{stage:<10}{seconds:>9.0f}{megabytes:>10.0f}")
        print(f"{'all':<10}{total_s:>9.0f}{peak:>10.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[13_000], help="corpus sizes (reports)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--backend", default="jieba", choices=["jieba", "rjieba"])
    parser.add_argument("--runs", nargs="+", default=["cold", "warm", "one-changed"],
                        choices=["cold", "warm", "one-changed"])
    parser.add_argument("--folder", type=Path, default=None, help="build (and keep) the corpora under this folder")
    parser.add_argument("--extrapolate", type=int, default=13_000)
    parser.add_argument("--compact", action="store_true", help="build the keywords and sentences tables compact")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this file")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(run_stages(Path(args.phase), args.workers[0], args.compact)))
        return 0

    scratch = Path(tempfile.mkdtemp(prefix="govreports-scale-"))
    base = args.folder or scratch
    results: dict[int, dict] = {}
    try:
        for n_docs in args.docs:
            folder = base / f"corpus-{n_docs}"
            if folder.exists():
                shutil.rmtree(folder)
            n_chars = build_folder(folder, n_docs)
            print(f"\n=== corpus: {n_docs:,} reports, {n_chars / 1e6:.1f} M characters, backend {args.backend}"
                  f"{', compact tables' if args.compact else ''} ===", flush=True)
            results[n_docs] = {}
            for workers in args.workers:
                cache = scratch / f"cache-{n_docs}-{workers}"
                shutil.rmtree(cache, ignore_errors=True)
                for run in args.runs:
                    if run == "one-changed":
                        change_one_file(folder)
                    figures = measure(folder, cache, workers, args.backend, args.compact)
                    label = f"{run}, {workers} worker{'s' if workers > 1 else ''}"
                    results[n_docs][label] = figures
                    print_run(label, figures, n_chars)
                    sys.stdout.flush()
                if "one-changed" in args.runs:  # the next worker count starts from the same files
                    shutil.rmtree(folder)
                    build_folder(folder, n_docs)
        extrapolate(results, args.extrapolate)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
