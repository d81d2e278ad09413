"""Evaluation on the development corpus: metadata, GDP target and result, full target passages.

Not a test: a measurement that prints figures for the README. It runs the project's command line
(``PYTHON -m govreports documents|targets|results --corpus DIR``) on the development corpus
(``../shared/dev-corpus`` beside the project, 43 real reports that are not part of the repository)
and scores the tables against two hand-labelled gold files:

1. ``DIR/gold_gdp.jsonl`` (shipped with the corpus, one record per report), with the rules of the
   corpus's own ``score_gdp.py``:

   - meta: the file's single analysed report has the gold place and year;
   - target: the report's ``gdp_growth`` target rows are none where gold has none, else exactly
     one row with the gold qualifier and number(s) (a range: both ends);
   - result: the first ``gdp_growth`` result row has the gold value, and ``is_estimate`` (预计)
     as gold says.

2. ``benchmarks/gold_targets.jsonl`` (in the project; conventions in ``benchmarks/gold_targets.md``):
   every target of the main-target passage of a few reports. A predicted row matches a gold row
   if it comes from the same file and has the same indicator, the same qualifier and the same
   numbers (a qualitative row: the indicator only; an ``other`` or ``sector_output_growth`` row
   also needs a similar ``indicator_text``). Matching is one to one, so a target read twice
   counts once right and once wrong. Only predicted rows whose ``target_year`` is the report's
   year count. Precision, recall and F1 are printed overall and per indicator, and, where the
   targets table has ``strive_value`` / ``modifier`` columns, how many of the gold 力争 values
   and modifiers the matched rows carry.

3. ``benchmarks/gold_targets_heldout.jsonl`` (same conventions): the main-target passages of the
   dev-corpus reports that are not in file 2, labelled after the extraction rules were written and
   without looking at the extractor's output. It is scored in the same way, in a second section
   headed "held out", printed after that of file 2. ``--gold-targets FILE`` (repeatable) replaces
   the two default files; every file after the first gets its own "held out" section.

Documents are matched to corpus files by the documents table's ``source`` column
(``file:start-end``). Where the corpus folder is absent the script says so and exits 0; it exits
0 after any measurement (low figures are results, not failures) and 2 on bad usage (a missing
gold file, an interpreter that cannot run ``govreports``).

Usage (from the project's root)::

    .venv/bin/python benchmarks/eval_dev_corpus.py [--corpus DIR] [--python PY]
        [--gold-targets FILE [--gold-targets FILE ...]] [--verbose] [--markdown]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "dev-corpus"
DEFAULT_GOLD_TARGETS = ROOT / "benchmarks" / "gold_targets.jsonl"
DEFAULT_HELDOUT_TARGETS = ROOT / "benchmarks" / "gold_targets_heldout.jsonl"
INDICATORS_CSV = ROOT / "lib" / "govreports" / "data" / "indicators.csv"

#: Document types whose targets and results are scored (as in the corpus's score_gdp.py).
SCORED_DOC_TYPES = ("government_work_report", "plan_report", "unknown")

#: Codes the gold file may use beyond ``indicators.csv`` (agreed for issue 12; see gold_targets.md).
NEW_CODES = frozenset({
    "energy_intensity", "carbon_intensity", "rd_intensity", "sector_output_growth",
    "deficit_ratio", "grain_output", "pm25", "air_quality", "other",
})

#: Indicators whose code alone does not say what is measured: the indicator text must agree too.
TEXT_KEYED = frozenset({"other", "sector_output_growth"})

QUALIFIERS = ("about", "at_least", "at_most", "range", "exact", "qualitative")

#: White space and zero-width characters, ignored when a gold quote is looked up in its report.
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")

_PLACE_SUFFIX = re.compile(r"(维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$")


# --------------------------------------------------------------------------------------------
# Small pure helpers


def number(x: object) -> float | None:
    """A table cell as a float, or None if empty, NaN or not a number.

    >>> number("5.5"), number(""), number("nan"), number(None)
    (5.5, None, None, None)
    """
    try:
        v = float(str(x).strip())
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def same_number(a: float | None, b: float | None) -> bool:
    """Whether two numbers are both present and equal (to 1e-6)."""
    return a is not None and b is not None and math.isclose(a, b, abs_tol=1e-6)


def normalise_place(city: str | None) -> str:
    """The short place name used by gold_gdp.jsonl (河南省 -> 河南, 国务院 -> 全国).

    >>> normalise_place("新疆维吾尔自治区"), normalise_place("中国"), normalise_place("上海市")
    ('新疆', '全国', '上海')
    """
    c = (city or "").strip()
    c = _PLACE_SUFFIX.sub("", c) if len(c) > 2 else c
    return "全国" if c in ("中国", "国务院", "中华人民共和国") else c


def normalise_for_quote(text: str) -> str:
    """Text as gold quotes are compared with it: NFKC (full-width ％, digits, ：，to ASCII), no
    white space, no zero-width characters (U+200B and friends).

    >>> normalise_for_quote("经济增长6％左右，\\n\\u200b城镇")
    '经济增长6%左右,城镇'
    """
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def source_file(source: str) -> str:
    """The file name of a documents-table ``source`` cell (``dir/a.docx:0-100`` -> ``a.docx``)."""
    return source.rsplit(":", 1)[0].replace("\\", "/").split("/")[-1]


def year_of(cell: object) -> int | None:
    """A year cell (``2025``, ``2025.0``, empty) as an int or None."""
    v = number(cell)
    return int(v) if v is not None else None


def stated_numbers(qualifier: str, low: float | None, high: float | None,
                   value: float | None = None) -> tuple[float | None, ...]:
    """The numbers a target states, as compared between gold and prediction.

    ``range``: both ends; ``at_least``: the low bound; ``at_most``: the high bound; ``about`` and
    ``exact``: the stated value (``value``, else whichever bound is filled); ``qualitative``: none.

    >>> stated_numbers("range", 6.5, 7.0), stated_numbers("at_least", 5.5, None)
    ((6.5, 7.0), (5.5,))
    >>> stated_numbers("about", None, None, 2.0), stated_numbers("qualitative", None, None)
    ((2.0,), ())
    """
    if qualifier == "qualitative":
        return ()
    if qualifier == "range":
        return (low, high)
    if qualifier == "at_least":
        return (low if low is not None else value,)
    if qualifier == "at_most":
        return (high if high is not None else value,)
    return (next((v for v in (value, low, high) if v is not None), None),)


def bigrams(text: str) -> set[str]:
    """Character bigrams of a text (a single character is its own bigram)."""
    t = normalise_for_quote(text or "")
    return {t[i:i + 2] for i in range(len(t) - 1)} or ({t} if t else set())


def similar_indicator_text(gold_text: str, predicted_text: str, *, threshold: float = 0.5) -> bool:
    """Whether a predicted ``indicator_text`` names the gold one: at least ``threshold`` of the
    shorter text's character bigrams occur in the other (so 城镇化率 names 常住人口城镇化率, and
    居民收入 does not name 国际收支).

    >>> similar_indicator_text("常住人口城镇化率", "城镇化率"), similar_indicator_text("国际收支", "居民收入")
    (True, False)
    """
    g, p = bigrams(gold_text), bigrams(predicted_text)
    return bool(g and p) and len(g & p) / min(len(g), len(p)) >= threshold


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 where undefined).

    >>> prf(3, 1, 1), prf(0, 0, 2)
    ((0.75, 0.75, 0.75), (0.0, 0.0, 0.0))
    """
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# --------------------------------------------------------------------------------------------
# Input


def load_jsonl(path: Path) -> list[dict]:
    """The records of a JSON-lines file (blank lines skipped).

    Raises:
        ValueError: a line is not JSON (the message names the file and line).
    """
    records = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{i}: not JSON ({e.msg})") from None
    return records


def run_table(python: str, command: str, corpus: Path) -> list[dict[str, str]]:
    """Run ``python -m govreports COMMAND --corpus CORPUS`` and parse its CSV output.

    Raises:
        RuntimeError: the command fails (the message ends with its stderr).
    """
    r = subprocess.run([python, "-m", "govreports", command, "--corpus", str(corpus)],
                       capture_output=True, text=True, encoding="utf-8", timeout=1800)
    if r.returncode != 0:
        raise RuntimeError(f"`{python} -m govreports {command}` failed: {r.stderr.strip()[-400:]}")
    return list(csv.DictReader(io.StringIO(r.stdout)))


def read_report_text(path: Path) -> str:
    """The text of a corpus file: a .txt decoded as UTF-8, a .docx its paragraphs joined by newlines."""
    if path.suffix.lower() == ".docx":
        import docx  # python-docx, a project dependency; imported here so the rest runs without it

        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8-sig")


def indicator_codes(path: Path) -> set[str]:
    """The ``code`` column of an indicators.csv (comment lines start with #); empty if no file."""
    if not path.exists():
        return set()
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if not l.startswith("#")]
    return {row["code"] for row in csv.DictReader(lines)}


def package_indicators_csv(python: str) -> Path:
    """The indicators.csv of the govreports package that ``python`` runs (the one measured),
    else this project's."""
    r = subprocess.run([python, "-c", "import importlib.resources as r; "
                        "print(r.files('govreports') / 'data' / 'indicators.csv')"],
                       capture_output=True, text=True, timeout=120)
    path = Path(r.stdout.strip()) if r.returncode == 0 and r.stdout.strip() else INDICATORS_CSV
    return path if path.exists() else INDICATORS_CSV


# --------------------------------------------------------------------------------------------
# Gold file checks


def check_gold_record(record: dict, codes: set[str]) -> list[str]:
    """Problems of one gold_targets record's fields (an empty list if none)."""
    problems = []
    q, lo, hi = record.get("qualifier"), record.get("value_low"), record.get("value_high")
    for key in ("file", "indicator", "qualifier", "quote", "target_year"):
        if record.get(key) in (None, ""):
            problems.append(f"no {key}")
    if q not in QUALIFIERS:
        problems.append(f"unknown qualifier {q!r}")
    if codes and record.get("indicator") not in codes | NEW_CODES:
        problems.append(f"unknown indicator {record.get('indicator')!r}")
    if record.get("indicator") in TEXT_KEYED and not record.get("indicator_text"):
        problems.append("an other/sector row needs indicator_text")
    expected_filled = {"qualitative": (False, False), "at_least": (True, False),
                       "at_most": (False, True)}.get(q, (True, True))
    if (lo is not None, hi is not None) != expected_filled:
        problems.append(f"value_low/value_high {lo}/{hi} do not fit qualifier {q}")
    quote = normalise_for_quote(record.get("quote") or "")
    for v in (lo, hi, record.get("strive_value")):
        if v is not None and f"{v:g}" not in quote:
            problems.append(f"number {v:g} not in the quote")
    if record.get("modifier") and normalise_for_quote(record["modifier"]) not in quote:
        problems.append("modifier not in the quote")
    return problems


def check_gold_quotes(records: Sequence[dict], texts: dict[str, str]) -> list[str]:
    """Gold quotes that are not substrings of their report (both normalised by normalise_for_quote)."""
    normalised = {f: normalise_for_quote(t) for f, t in texts.items()}
    return [f"{r['file']}: quote not in the report: «{r['quote']}»" for r in records
            if r["file"] in normalised and normalise_for_quote(r["quote"]) not in normalised[r["file"]]]


def gold_problems(records: Sequence[dict], corpus: Path, codes: set[str]) -> list[str]:
    """Every problem of the gold targets: fields (check_gold_record), quotes not found in their
    report (check_gold_quotes), files missing from the corpus. Quotes are not checked, and a
    line says so, where python-docx cannot be imported."""
    problems = [f"{r.get('file')}: {p}: «{r.get('quote')}»" for r in records for p in check_gold_record(r, codes)]
    files = sorted({r["file"] for r in records})
    problems += [f"{f}: not in the corpus" for f in files if not (corpus / f).exists()]
    try:
        texts = {f: read_report_text(corpus / f) for f in files if (corpus / f).exists()}
    except ImportError:
        return problems + ["python-docx not importable: quotes not checked against the reports"]
    return problems + check_gold_quotes(records, texts)


# --------------------------------------------------------------------------------------------
# Part 1: metadata, GDP target and GDP result (the rules of the corpus's score_gdp.py)


def reports_by_file(documents: Iterable[dict]) -> dict[str, list[dict]]:
    """The analysed reports of the documents table, grouped by source file name."""
    by_file: dict[str, list[dict]] = defaultdict(list)
    for d in documents:
        if d.get("status", "analysed") == "analysed" and d.get("doc_type") in SCORED_DOC_TYPES:
            by_file[source_file(d["source"])].append(d)
    return by_file


def rows_by_doc(rows: Iterable[dict], indicator: str | None = None) -> dict[str, list[dict]]:
    """Table rows grouped by doc_id, optionally only those of one indicator."""
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if indicator is None or r["indicator"] == indicator:
            out[r["doc_id"]].append(r)
    return out


def meta_ok(gold: dict, doc: dict) -> bool:
    """Whether a report has the gold place and year."""
    return normalise_place(doc.get("city")) == gold["place"] and year_of(doc.get("year")) == gold["year"]


def gdp_target_ok(want: dict | None, got: Sequence[dict]) -> bool:
    """Whether a report's gdp_growth target rows agree with the gold target (None: no target)."""
    if want is None:
        return not got
    if len(got) != 1 or got[0]["qualifier"] != want["qualifier"]:
        return False
    g = got[0]
    if want["qualifier"] == "range":
        return (same_number(number(g["value_low"]), want["value_low"])
                and same_number(number(g["value_high"]), want["value_high"]))
    stated = next((v for v in (number(g.get("value")), number(g["value_low"]), number(g["value_high"]))
                   if v is not None), None)
    return same_number(stated, want["value_low"] if want["value_low"] is not None else want["value_high"])


def gdp_result_ok(want: dict | None, got: Sequence[dict]) -> bool:
    """Whether a report's first gdp_growth result row has the gold value and 预计 flag."""
    if want is None:
        return not got
    return bool(got) and same_number(number(got[0]["value"]), want["value"]) and (
        str(got[0].get("is_estimate", "")).lower() in ("true", "1")) == bool(want["is_estimate"])


def _show_targets(rows: Sequence[dict]) -> str:
    return "; ".join(f"{t['qualifier']} {t['value_low']}-{t['value_high']} «{t['quote'][:40]}»"
                     for t in rows) or "none"


def _show_results(rows: Sequence[dict]) -> str:
    return "; ".join(f"{r['value']} est={r.get('is_estimate')} «{r['quote'][:40]}»" for r in rows) or "none"


def score_gdp(gold: Sequence[dict], documents: Sequence[dict], targets: Sequence[dict],
              results: Sequence[dict]) -> tuple[Counter, int, list[str]]:
    """Score metadata, GDP target and GDP result against gold_gdp.jsonl.

    Returns:
        (number right per measure ``meta``/``target``/``result``, number of gold reports,
        one line per mismatch).
    """
    by_file = reports_by_file(documents)
    gdp_targets, gdp_results = rows_by_doc(targets, "gdp_growth"), rows_by_doc(results, "gdp_growth")
    right: Counter = Counter()
    misses = []
    for g in gold:
        docs = by_file.get(g["file"], [])
        if len(docs) != 1:
            misses += [f"{k:6} {g['file']}: {len(docs)} analysed reports from this file"
                       for k in ("meta", "target", "result")]
            continue
        d = docs[0]
        if meta_ok(g, d):
            right["meta"] += 1
        else:
            misses.append(f"meta   {g['file']}: place/year {d.get('city')!r}/{d.get('year')!r}, "
                          f"want {g['place']}/{g['year']}")
        want, got = g["gdp_target"], gdp_targets[d["doc_id"]]
        if gdp_target_ok(want, got):
            right["target"] += 1
        else:
            misses.append(f"target {g['file']}: got {_show_targets(got)}; "
                          f"want {want and (want['qualifier'], want['value_low'], want['value_high'])}")
        want, got = g["gdp_realised"], gdp_results[d["doc_id"]]
        if gdp_result_ok(want, got):
            right["result"] += 1
        else:
            misses.append(f"result {g['file']}: got {_show_results(got)}; "
                          f"want {want and (want['value'], want['is_estimate'])}")
    return right, len(gold), misses


# --------------------------------------------------------------------------------------------
# Part 2: full target passages


def gold_numbers(record: dict) -> tuple[float | None, ...]:
    """The numbers a gold target states (see stated_numbers)."""
    return stated_numbers(record["qualifier"], record.get("value_low"), record.get("value_high"))


def predicted_numbers(row: dict) -> tuple[float | None, ...]:
    """The numbers a targets-table row states (see stated_numbers)."""
    return stated_numbers(row["qualifier"], number(row.get("value_low")), number(row.get("value_high")),
                          number(row.get("value")))


def target_matches(gold: dict, row: dict) -> bool:
    """Whether a targets-table row states the gold target: same indicator, qualifier and numbers
    (text-keyed indicators also need a similar indicator text)."""
    if row["indicator"] != gold["indicator"] or row["qualifier"] != gold["qualifier"]:
        return False
    if gold["indicator"] in TEXT_KEYED and not similar_indicator_text(
            gold.get("indicator_text", ""), row.get("indicator_text", "")):
        return False
    want, got = gold_numbers(gold), predicted_numbers(row)
    return len(want) == len(got) and all(same_number(w, g) for w, g in zip(want, got))


def match_targets(gold: Sequence[dict], predicted: Sequence[dict]
                  ) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Match one file's gold targets to its predicted rows, one to one, in text order.

    Returns:
        (matched (gold, row) pairs, unmatched gold records, unmatched predicted rows).
    """
    free = list(predicted)
    pairs, missed = [], []
    for g in gold:
        hit = next((r for r in free if target_matches(g, r)), None)
        if hit is None:
            missed.append(g)
        else:
            free.remove(hit)
            pairs.append((g, hit))
    return pairs, missed, free


@dataclass
class PassageScore:
    """Counts of the full-passage evaluation: per indicator true/false positives and negatives,
    matched pairs, and the unmatched rows per file (for --verbose)."""

    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    pairs: list[tuple[dict, dict]] = field(default_factory=list)
    missed: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    spurious: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    notes: list[str] = field(default_factory=list)

    def totals(self) -> tuple[int, int, int]:
        """Overall (tp, fp, fn)."""
        return sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())


def predicted_for_file(file: str, year: int, by_file: dict[str, list[dict]],
                       targets_by_doc: dict[str, list[dict]]) -> list[dict]:
    """The predicted target rows of a file's analysed reports whose target_year is ``year``."""
    rows = [r for d in by_file.get(file, []) for r in targets_by_doc.get(d["doc_id"], [])]
    return [r for r in rows if year_of(r.get("target_year")) == year]


def score_passages(gold: Sequence[dict], documents: Sequence[dict], targets: Sequence[dict]) -> PassageScore:
    """Score the targets table against gold_targets.jsonl (see the module docstring)."""
    by_file = reports_by_file(documents)
    targets_by_doc = rows_by_doc(targets)
    gold_by_file: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        gold_by_file[g["file"]].append(g)
    score = PassageScore()
    for file, records in gold_by_file.items():
        docs = by_file.get(file, [])
        if len(docs) != 1:
            score.notes.append(f"{file}: {len(docs)} analysed reports (rows of all of them are scored)")
        year = records[0]["target_year"]
        predicted = predicted_for_file(file, year, by_file, targets_by_doc)
        pairs, missed, spurious = match_targets(records, predicted)
        score.pairs += pairs
        for g, _ in pairs:
            score.tp[g["indicator"]] += 1
        for g in missed:
            score.fn[g["indicator"]] += 1
            score.missed[file].append(g)
        for r in spurious:
            score.fp[r["indicator"]] += 1
            score.spurious[file].append(r)
    return score


def modifier_agreement(pairs: Sequence[tuple[dict, dict]], column: str) -> tuple[int, int] | None:
    """How many matched pairs agree on ``strive_value`` or ``modifier`` (among pairs where gold
    or prediction has one); None if the targets table has no such column."""
    if pairs and column not in pairs[0][1]:
        return None
    relevant = right = 0
    for g, r in pairs:
        want, got = g.get(column), (r.get(column) or "").strip()
        if want is None and not got:
            continue
        relevant += 1
        if column == "strive_value":
            right += same_number(number(want), number(got))
        else:
            right += bool(want) and bool(got) and (
                normalise_for_quote(want) in normalise_for_quote(got)
                or normalise_for_quote(got) in normalise_for_quote(want))
    return right, relevant


# --------------------------------------------------------------------------------------------
# Output


def format_gdp(right: Counter, n: int) -> str:
    """The three accuracies of part 1, one line each."""
    return "\n".join(f"  {k:7} {right[k]:3}/{n} = {right[k] / n if n else 0:.3f}"
                     for k in ("meta", "target", "result"))


def indicator_rows(score: PassageScore) -> list[tuple[str, int, int, int, float, float, float]]:
    """Per indicator: (code, gold, predicted, tp, precision, recall, f1), most gold first."""
    codes = set(score.tp) | set(score.fp) | set(score.fn)
    rows = []
    for c in codes:
        tp, fp, fn = score.tp[c], score.fp[c], score.fn[c]
        rows.append((c, tp + fn, tp + fp, tp, *prf(tp, fp, fn)))
    return sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))


def format_indicator_table(score: PassageScore, *, markdown: bool = False) -> str:
    """The per-indicator table, plain or as a Markdown table."""
    rows = indicator_rows(score)
    tp, fp, fn = score.totals()
    total = ("all", tp + fn, tp + fp, tp, *prf(tp, fp, fn))
    if markdown:
        lines = ["| indicator | gold | predicted | right | precision | recall | F1 |",
                 "|---|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| `{c}` | {g} | {p} | {t} | {pr:.2f} | {rc:.2f} | {f1:.2f} |" for c, g, p, t, pr, rc, f1 in rows]
        c, g, p, t, pr, rc, f1 = total
        lines.append(f"| **{c}** | {g} | {p} | {t} | {pr:.3f} | {rc:.3f} | {f1:.3f} |")
        return "\n".join(lines)
    lines = [f"  {'indicator':32} {'gold':>4} {'pred':>4} {'right':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    lines += [f"  {c:32} {g:4} {p:4} {t:5} {pr:6.2f} {rc:6.2f} {f1:6.2f}" for c, g, p, t, pr, rc, f1 in rows]
    c, g, p, t, pr, rc, f1 = total
    lines.append(f"  {c:32} {g:4} {p:4} {t:5} {pr:6.3f} {rc:6.3f} {f1:6.3f}")
    return "\n".join(lines)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (a CJK character takes two).

    >>> pad("河南", 6) + "|"
    '河南  |'
    """
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)


def format_by_file(score: PassageScore) -> str:
    """Per report: gold targets, right, missed and spurious rows (files with any error first)."""
    files = {g["file"] for g, _ in score.pairs} | set(score.missed) | set(score.spurious)
    right = Counter(g["file"] for g, _ in score.pairs)
    rows = sorted(files, key=lambda f: (-(len(score.missed.get(f, [])) + len(score.spurious.get(f, []))), f))
    lines = [f"  {pad('report', 40)} {'gold':>4} {'right':>5} {'missed':>6} {'spurious':>8}"]
    for f in rows:
        miss, spur = len(score.missed.get(f, [])), len(score.spurious.get(f, []))
        lines.append(f"  {pad(f, 40)} {right[f] + miss:4} {right[f]:5} {miss:6} {spur:8}")
    return "\n".join(lines)


def format_by_kind(score: PassageScore) -> str:
    """Recall of numeric and of qualitative gold targets."""
    out = []
    for kind, test in (("numeric", lambda g: g["qualifier"] != "qualitative"),
                       ("qualitative", lambda g: g["qualifier"] == "qualitative")):
        hit = sum(1 for g, _ in score.pairs if test(g))
        miss = sum(1 for rows in score.missed.values() for g in rows if test(g))
        out.append(f"  recall of {kind} gold targets: {hit}/{hit + miss}")
    return "\n".join(out)


def describe_gold(g: dict) -> str:
    """One gold target as text: indicator, qualifier, numbers, quote."""
    nums = "-".join(f"{v:g}" for v in gold_numbers(g) if v is not None)
    return f"{g['indicator']} {g['qualifier']} {nums} «{g['quote']}»"


def describe_row(r: dict) -> str:
    """One predicted row as text: indicator (its text), qualifier, numbers, quote."""
    nums = "-".join(f"{v:g}" for v in predicted_numbers(r) if v is not None)
    return f"{r['indicator']} ({r.get('indicator_text', '')}) {r['qualifier']} {nums} «{r['quote'][:50]}»"


def _overlaps(gold: dict, row: dict) -> bool:
    """Whether a predicted row's quote and a gold quote overlap (one contains the other)."""
    g, r = normalise_for_quote(gold["quote"]), normalise_for_quote(row.get("quote", ""))
    return bool(r) and (r in g or g in r)


def format_mismatches(score: PassageScore) -> str:
    """Every unmatched gold target and predicted row, per file. A spurious row that looks meant
    for a missed gold target (same indicator, else an overlapping quote; ``other`` rows need the
    overlapping quote) is shown under it, as ``instead``; it still counts as spurious."""
    lines = []
    for file in sorted(set(score.missed) | set(score.spurious)):
        lines.append(f"  {file}")
        spurious = list(score.spurious.get(file, []))
        for g in score.missed.get(file, []):
            lines.append(f"    missed   {describe_gold(g)}")
            near = ([r for r in spurious if r["indicator"] == g["indicator"]
                     and (g["indicator"] not in TEXT_KEYED or _overlaps(g, r))]
                    or [r for r in spurious if _overlaps(g, r)])
            for r in near[:1]:
                lines.append(f"      instead {describe_row(r)}")
                spurious.remove(r)
        for r in spurious:
            lines.append(f"    spurious {describe_row(r)}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Command line


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command-line options (argparse exits 2 on bad usage)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                    help=f"the development corpus folder (default {DEFAULT_CORPUS})")
    ap.add_argument("--python", default=sys.executable,
                    help="interpreter that runs `-m govreports` (default: this one)")
    ap.add_argument("--gold-targets", type=Path, action="append", default=None,
                    help="hand-labelled full target passages; repeatable, each file after the first is "
                         "scored in its own 'held out' section (default benchmarks/gold_targets.jsonl, "
                         "then benchmarks/gold_targets_heldout.jsonl where it exists)")
    ap.add_argument("--verbose", action="store_true", help="list every mismatch")
    ap.add_argument("--markdown", action="store_true", help="also print the per-indicator table as Markdown")
    args = ap.parse_args(argv)
    if args.gold_targets is None:
        args.gold_targets = [DEFAULT_GOLD_TARGETS] + (
            [DEFAULT_HELDOUT_TARGETS] if DEFAULT_HELDOUT_TARGETS.exists() else [])
    return args


def print_passage_section(title: str, gold_targets: Sequence[dict], problems: Sequence[str],
                          documents: Sequence[dict], targets: Sequence[dict], *,
                          verbose: bool, markdown: bool) -> None:
    """Print the full-passage score of one gold file (part 2 or 3 of the module docstring)."""
    files = sorted({r["file"] for r in gold_targets})
    score = score_passages(gold_targets, documents, targets)
    tp, fp, fn = score.totals()
    p, r, f1 = prf(tp, fp, fn)
    print(f"\n{title}: {len(files)} reports, {tp + fn} gold targets, "
          f"{tp + fp} predicted rows for the report's year")
    if problems:
        print(f"  gold file problems ({len(problems)}):\n" + "\n".join("    " + x for x in problems))
    for note in score.notes:
        print(f"  note: {note}")
    if verbose:
        print("  mismatches:\n" + (format_mismatches(score) or "    none"))
        print(format_by_file(score))
    print(f"  overall precision {p:.3f} recall {r:.3f} F1 {f1:.3f} (right {tp}, spurious {fp}, missed {fn})")
    print(format_by_kind(score))
    for column, label in (("strive_value", "力争 second values"), ("modifier", "modifiers")):
        agreement = modifier_agreement(score.pairs, column)
        print(f"  {label} on matched rows: " + (f"{agreement[0]}/{agreement[1]} agree" if agreement
                                                 else f"no `{column}` column in the targets table"))
    print(format_indicator_table(score))
    if markdown:
        print("\n" + format_indicator_table(score, markdown=True))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation and print its figures; returns the exit status."""
    args = parse_args(argv)
    gold_gdp_path = args.corpus / "gold_gdp.jsonl"
    if not args.corpus.is_dir() or not gold_gdp_path.exists():
        print(f"skipped: no development corpus with gold_gdp.jsonl at {args.corpus}")
        return 0
    try:
        gold_gdp = load_jsonl(gold_gdp_path)
        gold_sets = [(path, load_jsonl(path)) for path in args.gold_targets]
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

    codes = indicator_codes(package_indicators_csv(args.python))
    problems = [gold_problems(gold, args.corpus, codes) for _, gold in gold_sets]
    try:
        documents, targets, results = (run_table(args.python, c, args.corpus)
                                       for c in ("documents", "targets", "results"))
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

    right, n, gdp_misses = score_gdp(gold_gdp, documents, targets, results)
    print(f"Development corpus {args.corpus}: {n} reports in gold_gdp.jsonl")
    if args.verbose and gdp_misses:
        print("\n".join("  " + m for m in gdp_misses))
    print(format_gdp(right, n))

    for i, ((path, gold), found) in enumerate(zip(gold_sets, problems)):
        title = f"Full target passages ({path.name})" if i == 0 else \
            f"Full target passages, held out ({path.name})"
        print_passage_section(title, gold, found, documents, targets,
                              verbose=args.verbose, markdown=args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
