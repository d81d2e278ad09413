"""Compare growth targets: with the outcomes, across levels of government, and across reports.

Every function takes the tidy tables of :mod:`govreports.measures.targets` and
:meth:`govreports.pipeline.corpus.Corpus.documents_table` and returns a new tidy table, sorted so that a
rerun gives the same rows in the same order:

- :func:`target_vs_outcome`: a place's target for year Y (from its report of Y) beside the result
  for Y (from a later report of the same place whose ``result_year`` is Y), with the gap and
  whether the target was met (:data:`MET_RULES`).
- :func:`level_comparison`: each report's target for a year beside its superior's target for the
  same year (national → province → prefecture → county: the 层层加码 comparison), with the difference.
- :func:`gdp_targets`: the GDP growth target of each report the cross-city comparisons include
  (:mod:`govreports.compare.comparability`), the superior report's marked as the reference.
- :func:`coverage_table`: every report × the main indicators (``main_rank`` in ``data/indicators.csv``,
  :func:`govreports.measures.targets.main_indicators`): a number,
  a qualitative target, not stated, or no target passage in the source; missing stays missing.

Views of these: :func:`outcome_sources` (which target reports have a later report reviewing their
year), :func:`level_matrix`, :func:`coverage_matrix`, :func:`coverage_counts`; and the pieces
they share: :func:`reference_value`, :func:`judge_outcome`, :func:`target_label`,
:func:`sort_by_report` (reports in :func:`govreports.documents.report_order`).

The tables they take:
    targets: :func:`govreports.measures.targets.targets_table` (``doc_id, city, year, target_year,
        indicator, indicator_text, value_low, value_high, unit, qualifier, quote, predicate,
        start`` are used).
    results: :func:`govreports.measures.targets.results_table` (``doc_id, city, result_year, indicator,
        value, unit, qualifier, is_estimate, quote``).
    reports: the rows of the documents table for the analysed reports (``doc_id, city, year``,
        and where present ``admin_level, doc_type, partial``).

The number a target stands for (:func:`reference_value`): the value for ``about`` and ``exact``,
the midpoint for ``range``, the lower bound for ``at_least``, the upper bound for ``at_most``;
none for ``qualitative``. Gaps and differences are measured from it, in the unit of the target
(percentage points for a ``%`` target).

Example:
    >>> targets = targets_table(corpus.reports())                     # doctest: +SKIP
    >>> level_comparison(targets, reports)                            # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd

from govreports.compare.comparability import compared_rows
from govreports.compare.levels import superior_pairs
from govreports.documents import report_order
from govreports.measures.targets import indicators as indicator_list
from govreports.measures.targets import main_indicators

#: Statuses of a (report, indicator) cell of :func:`coverage_table`, in display order.
NUMBER, QUALITATIVE, NOT_STATED, NO_PASSAGE = "number", "qualitative", "not stated", "no target passage"
STATUSES = (NUMBER, QUALITATIVE, NOT_STATED, NO_PASSAGE)

#: Tolerance of ``about`` and ``exact`` targets when judging an outcome (percentage points).
ABOUT_TOLERANCE = 0.5

#: How :func:`target_vs_outcome` judges an outcome, by the target's qualifier, as a text with the
#: tolerance left open (``{tolerance}``, in percentage points): :func:`met_rule` fills it in.
_MET_RULE_TEXTS = {
    "about": "met if |outcome − value| ≤ {tolerance} (左右: ±{tolerance} percentage points)",
    "exact": "met if |outcome − value| ≤ {tolerance} (a bare number read as 左右)",
    "range": "met if low ≤ outcome ≤ high",
    "at_least": "met if outcome ≥ low (以上)",
    "at_most": "met if outcome ≤ high (以内)",
    "qualitative": "not judged (no number to compare)",
}


def met_rule(qualifier: str, tolerance: float = ABOUT_TOLERANCE) -> str:
    """The rule an outcome is judged by, for a target with ``qualifier``, stated with ``tolerance``.

    Example:
        >>> met_rule("about", 1.0)
        'met if |outcome − value| ≤ 1 (左右: ±1 percentage points)'
        >>> met_rule("unknown")
        'not judged'
    """
    return _MET_RULE_TEXTS.get(qualifier, "not judged").format(tolerance=f"{tolerance:g}")


#: The rules of :func:`met_rule` at the default tolerance (:data:`ABOUT_TOLERANCE`), by qualifier.
MET_RULES = {qualifier: met_rule(qualifier) for qualifier in _MET_RULE_TEXTS}

#: What the number of a target is (:func:`reference_value`), by qualifier.
REFERENCE = {"about": "value", "exact": "value", "range": "midpoint", "at_least": "low", "at_most": "high"}

_EPSILON = 1e-9
#: Decimals that midpoints, gaps and differences are rounded to: far below any stated precision,
#: enough to drop floating-point noise (7.0 − 6.8 = 0.20000000000000018 becomes 0.2).
DECIMALS = 6


# --- small pieces -----------------------------------------------------------------------------

def as_float(x) -> float:
    """``x`` as a float; NaN for None, NA, empty."""
    try:
        return float(x) if x is not None and not pd.isna(x) and x != "" else math.nan
    except (TypeError, ValueError):
        return math.nan


def _years(values: pd.Series) -> pd.Series:
    """Years as floats, NaN where unknown (comparisons with NaN are False, never NA)."""
    return pd.to_numeric(values, errors="coerce").astype("float64")


def _fmt(x: float) -> str:
    return f"{x:g}"


def reference_value(qualifier: str, low, high) -> float:
    """The one number a target stands for: see :data:`REFERENCE`; NaN for a qualitative target.

    Example:
        >>> reference_value("range", 6.0, 6.5), reference_value("at_most", None, 3.5)
        (6.25, 3.5)
        >>> reference_value("qualitative", None, None)
        nan
    """
    low, high = as_float(low), as_float(high)
    if qualifier in ("about", "exact"):
        return low if not math.isnan(low) else high
    if qualifier == "range":
        return round((low + high) / 2, DECIMALS)
    if qualifier == "at_least":
        return low
    if qualifier == "at_most":
        return high
    return math.nan


def _band(qualifier: str, low, high) -> tuple[float, float]:
    """The target as an interval: a one-sided bound or a single value is a point."""
    ref = reference_value(qualifier, low, high)
    if qualifier == "range":
        return as_float(low), as_float(high)
    return ref, ref


def target_label(qualifier: str, low, high, unit: str = "", predicate: str = "") -> str:
    """A short label of a target, in the report's own words for its qualifier.

    A qualitative target is labelled with its predicate (or ``qualitative`` if none is given).

    Example:
        >>> target_label("about", 6.5, 6.5, "%"), target_label("range", 6.0, 6.5, "%")
        ('6.5%左右', '6-6.5%')
        >>> target_label("at_least", 7.5, None, "%"), target_label("at_most", None, 3.0, "%")
        ('7.5%以上', '3%以内')
        >>> target_label("qualitative", None, None, "", "与经济增长基本同步")
        '与经济增长基本同步'
    """
    low, high, unit = as_float(low), as_float(high), unit if isinstance(unit, str) else ""
    if qualifier == "range":
        return f"{_fmt(low)}-{_fmt(high)}{unit}"
    if qualifier in ("about", "exact"):
        value = low if not math.isnan(low) else high
        return f"{_fmt(value)}{unit}" + ("左右" if qualifier == "about" else "")
    if qualifier == "at_least":
        return f"{_fmt(low)}{unit}以上"
    if qualifier == "at_most":
        return f"{_fmt(high)}{unit}以内"
    return predicate if isinstance(predicate, str) and predicate else "qualitative"


def judge_outcome(qualifier: str, low, high, outcome, *, tolerance: float = ABOUT_TOLERANCE) -> tuple[object, str]:
    """Whether ``outcome`` meets a target, by the rules of :data:`MET_RULES`.

    Returns:
        ``(met, verdict)``: ``met`` is True, False, or ``pd.NA`` (not judged); ``verdict`` is
        ``met``, ``exceeded`` (above the target's band: above value + tolerance for ``about`` and
        ``exact``, above high for ``range``; ``met`` is then False, as the rule says), ``missed``
        (below the band, or above an ``at_most`` bound) or ``not judged``.

    Example:
        >>> judge_outcome("about", 6.8, 6.8, 7.2)
        (True, 'met')
        >>> judge_outcome("about", 6.8, 6.8, 7.4)
        (False, 'exceeded')
        >>> judge_outcome("at_least", 7.5, None, 7.4)
        (False, 'missed')
        >>> judge_outcome("qualitative", None, None, 6.4)
        (<NA>, 'not judged')
    """
    outcome = as_float(outcome)
    if qualifier not in REFERENCE or math.isnan(outcome):
        return pd.NA, "not judged"
    if qualifier in ("about", "exact"):
        value = reference_value(qualifier, low, high)
        lo, hi = value - tolerance, value + tolerance
    else:
        lo, hi = as_float(low), as_float(high)
        if qualifier == "at_least":
            hi = math.inf
        elif qualifier == "at_most":
            lo = -math.inf
    if outcome < lo - _EPSILON:
        return False, "missed"
    if outcome > hi + _EPSILON:
        return False, ("missed" if qualifier == "at_most" else "exceeded")
    return True, "met"


def _indicator_rank() -> dict[str, int]:
    """Codes in the order of ``data/indicators.csv`` (GDP first); unknown codes after them."""
    return {ind.code: i for i, ind in enumerate(indicator_list())}


def _indicator_key(codes: pd.Series) -> pd.Series:
    rank = _indicator_rank()
    return codes.map(lambda c: rank.get(c, len(rank)))


def sort_by_report(table: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Rows of a table with ``doc_id`` in report order (:func:`govreports.documents.report_order`), then by ``start`` (text order).

    Rows of a report not in ``reports`` come last.

    Example:
        >>> r = pd.DataFrame({"doc_id": ["b", "a"], "city": ["宁波", "宁波"], "year": [2020, 2019]})
        >>> t = pd.DataFrame({"doc_id": ["b", "a", "a"], "start": [5, 9, 2]})
        >>> sort_by_report(t, r).values.tolist()
        [['a', 2], ['a', 9], ['b', 5]]
    """
    rank = {doc_id: i for i, doc_id in enumerate(report_order(reports))}
    keys = ["_report", "start"] if "start" in table.columns else ["_report"]
    ordered = table.assign(_report=table["doc_id"].map(lambda d: rank.get(d, len(rank))))
    return ordered.sort_values(keys, kind="stable").drop(columns="_report").reset_index(drop=True)


def _first_target(rows: pd.DataFrame) -> pd.Series | None:
    """The row that speaks for a report's indicator: the first numeric one, else the first."""
    if rows.empty:
        return None
    rows = rows.sort_values("start", kind="stable") if "start" in rows.columns else rows
    numeric = rows[rows["qualifier"] != "qualitative"]
    return (numeric if len(numeric) else rows).iloc[0]


def _no_passage(targets: pd.DataFrame, reports: pd.DataFrame, without_passage: Iterable[str] | None) -> set[str]:
    if without_passage is not None:
        return set(without_passage)
    return set(reports["doc_id"]) - set(targets["doc_id"])


def _partial(reports: pd.DataFrame) -> dict[str, bool]:
    if "partial" not in reports.columns:
        return {d: False for d in reports["doc_id"]}
    return {d: bool(p) if not pd.isna(p) else False for d, p in zip(reports["doc_id"], reports["partial"])}


# --- (c) coverage -----------------------------------------------------------------------------

COVERAGE_COLUMNS = [
    "doc_id", "city", "year", "doc_type", "partial", "indicator", "status", "target", "qualifier",
    "value_low", "value_high", "unit", "n_rows",
]


def coverage_table(
    targets: pd.DataFrame,
    reports: pd.DataFrame,
    *,
    indicators: Sequence[str] | None = None,
    without_passage: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every report × indicator: is there a target, and what kind.

    Args:
        targets: the targets table.
        reports: one row per analysed report (``doc_id, city, year``; ``doc_type``,
            ``partial``, ``admin_level`` where present).
        indicators: the indicator codes, in column order; default the main indicators
            (:func:`govreports.measures.targets.main_indicators`).
        without_passage: the reports with no target passage
            (:func:`govreports.measures.targets.documents_without_targets`); default: the reports with no
            row in ``targets``.

    Returns:
        One row per (report, indicator), reports in :func:`govreports.documents.report_order`, indicators as given:
        :data:`COVERAGE_COLUMNS`. ``status`` is ``number`` (a numeric target), ``qualitative``,
        ``not stated`` (the report has a target passage that does not name the indicator) or
        ``no target passage`` (none in the source: all of its cells). ``target`` is
        :func:`target_label` of the row that speaks for the cell (the first numeric target, else
        the first qualitative one); ``n_rows`` counts the report's target rows for the indicator.

    Example:
        >>> t = pd.DataFrame({"doc_id": ["a"], "indicator": ["gdp_growth"], "qualifier": ["about"],
        ...                   "value_low": [7.0], "value_high": [7.0], "unit": ["%"], "predicate": ["增长7%左右"],
        ...                   "start": [0]})
        >>> r = pd.DataFrame({"doc_id": ["a", "b"], "city": ["湖州", "金华"], "year": [2020, 2023]})
        >>> coverage_table(t, r, indicators=["gdp_growth", "cpi_growth"])[["doc_id", "status", "target"]].values.tolist()
        [['a', 'number', '7%左右'], ['a', 'not stated', ''], ['b', 'no target passage', ''], ['b', 'no target passage', '']]
    """
    indicators = main_indicators() if indicators is None else indicators
    no_passage = _no_passage(targets, reports, without_passage)
    partial = _partial(reports)
    info = reports.set_index("doc_id")
    rows = []
    for doc_id in report_order(reports):
        mine = targets[targets["doc_id"] == doc_id]
        for code in indicators:
            row = {"doc_id": doc_id, "city": info.at[doc_id, "city"], "year": info.at[doc_id, "year"],
                   "doc_type": info.at[doc_id, "doc_type"] if "doc_type" in info.columns else "",
                   "partial": partial[doc_id], "indicator": code, "target": "", "qualifier": "",
                   "value_low": math.nan, "value_high": math.nan, "unit": "", "n_rows": 0}
            if doc_id in no_passage:
                rows.append({**row, "status": NO_PASSAGE})
                continue
            these = mine[mine["indicator"] == code]
            first = _first_target(these)
            if first is None:
                rows.append({**row, "status": NOT_STATED})
                continue
            rows.append({**row, "status": QUALITATIVE if first["qualifier"] == "qualitative" else NUMBER,
                         "target": target_label(first["qualifier"], first["value_low"], first["value_high"],
                                                first["unit"], first.get("predicate", "")),
                         "qualifier": first["qualifier"], "value_low": as_float(first["value_low"]),
                         "value_high": as_float(first["value_high"]), "unit": first["unit"], "n_rows": len(these)})
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def coverage_matrix(coverage: pd.DataFrame) -> pd.DataFrame:
    """The coverage table as reports (rows, in its order) × indicators (columns): the status.

    Example:
        >>> c = pd.DataFrame({"doc_id": ["a", "a"], "indicator": ["gdp_growth", "cpi_growth"],
        ...                   "status": ["number", "not stated"]})
        >>> coverage_matrix(c).values.tolist()
        [['number', 'not stated']]
    """
    docs = list(dict.fromkeys(coverage["doc_id"]))
    codes = list(dict.fromkeys(coverage["indicator"]))
    matrix = coverage.pivot(index="doc_id", columns="indicator", values="status").reindex(index=docs, columns=codes)
    matrix.index.name, matrix.columns.name = "doc_id", "indicator"
    return matrix


def coverage_counts(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: how many reports give a number, a qualitative target, nothing, no passage.

    Returns:
        Indicators (rows, in the coverage table's order) × :data:`STATUSES` (columns), integers.
    """
    codes = list(dict.fromkeys(coverage["indicator"]))
    counts = pd.crosstab(coverage["indicator"], coverage["status"]).reindex(index=codes, columns=list(STATUSES), fill_value=0)
    counts.index.name, counts.columns.name = "indicator", "status"
    return counts.fillna(0).astype("int64")


# --- (a) target vs outcome --------------------------------------------------------------------

OUTCOME_PAIR_COLUMNS = [
    "city", "year", "indicator", "indicator_text", "target", "qualifier", "value_low", "value_high", "unit",
    "reference", "target_value", "outcome", "outcome_qualifier", "is_estimate", "gap", "met", "verdict", "rule",
    "target_doc", "result_doc", "target_quote", "result_quote",
]


def target_vs_outcome(targets: pd.DataFrame, results: pd.DataFrame, *, tolerance: float = ABOUT_TOLERANCE) -> pd.DataFrame:
    """Each target beside the result for the same place, year and indicator, where both exist.

    A target of ``city`` for ``target_year`` Y pairs with every headline result of ``city`` whose
    ``result_year`` is Y (in practice the review of its report of Y+1) and whose indicator code
    is the same (growth results: ``gdp_growth``, ``general_budget_revenue_growth``, the income
    growth codes…). Qualitative targets are paired too (the outcome is shown, not judged).

    Args:
        targets: the targets table.
        results: the results table.
        tolerance: the ± band of ``about`` and ``exact`` targets (percentage points).

    Returns:
        One row per pair, :data:`OUTCOME_PAIR_COLUMNS`, sorted by year, city, indicator (codebook
        order), target_doc, result_doc. ``reference`` names the number the gap is measured from
        (:data:`REFERENCE`: value, midpoint, low, high) and ``target_value`` is it;
        ``gap = outcome − target_value`` (in the target's unit; empty for a qualitative target or
        different units). ``met``/``verdict`` follow :func:`judge_outcome` and ``rule`` states
        the rule applied (:data:`MET_RULES`); with different units nothing is judged.
    """
    left = targets.rename(columns={"doc_id": "target_doc", "quote": "target_quote", "target_year": "pair_year"})
    right = results.rename(columns={"doc_id": "result_doc", "quote": "result_quote", "result_year": "pair_year",
                                    "value": "outcome", "qualifier": "outcome_qualifier", "unit": "outcome_unit"})
    right = right[["city", "pair_year", "indicator", "result_doc", "outcome", "outcome_qualifier", "outcome_unit",
                   "is_estimate", "result_quote"]]
    if left.empty or right.empty:
        return pd.DataFrame(columns=OUTCOME_PAIR_COLUMNS)
    # A report without a stated year or place pairs with nothing (merge would match NaN to NaN).
    left = left[_years(left["pair_year"]).notna() & (left["city"].fillna("") != "")]
    right = right[_years(right["pair_year"]).notna() & (right["city"].fillna("") != "")]
    left = left.assign(pair_year=_years(left["pair_year"]).astype("int64"))
    right = right.assign(pair_year=_years(right["pair_year"]).astype("int64"))
    merged = left.merge(right, on=["city", "pair_year", "indicator"], how="inner")
    rows = []
    for row in merged.itertuples(index=False):
        qualifier = row.qualifier
        # A qualitative target has no unit to compare: it is "not judged" by its own rule.
        same_unit = qualifier == "qualitative" or row.unit == row.outcome_unit
        target_value = reference_value(qualifier, row.value_low, row.value_high)
        if same_unit:
            met, verdict = judge_outcome(qualifier, row.value_low, row.value_high, row.outcome, tolerance=tolerance)
            rule = met_rule(qualifier, tolerance)
        else:
            met, verdict, rule = pd.NA, "not judged", f"not judged: units differ ({row.unit} vs {row.outcome_unit})"
        gap = round(row.outcome - target_value, DECIMALS) if same_unit and not math.isnan(target_value) else math.nan
        rows.append({
            "city": row.city, "year": row.pair_year, "indicator": row.indicator, "indicator_text": row.indicator_text,
            "target": target_label(qualifier, row.value_low, row.value_high, row.unit, getattr(row, "predicate", "")),
            "qualifier": qualifier, "value_low": as_float(row.value_low), "value_high": as_float(row.value_high),
            "unit": row.unit, "reference": REFERENCE.get(qualifier, ""), "target_value": target_value,
            "outcome": row.outcome, "outcome_qualifier": row.outcome_qualifier, "is_estimate": bool(row.is_estimate),
            "gap": gap, "met": met, "verdict": verdict, "rule": rule, "target_doc": row.target_doc,
            "result_doc": row.result_doc, "target_quote": row.target_quote, "result_quote": row.result_quote,
        })
    table = pd.DataFrame(rows, columns=OUTCOME_PAIR_COLUMNS)
    table["met"] = table["met"].astype("boolean")
    table["year"] = table["year"].astype("Int64")
    table = table.assign(_rank=_indicator_key(table["indicator"]))
    table = table.sort_values(["year", "city", "_rank", "indicator", "target_doc", "result_doc"], kind="stable")
    return table.drop(columns="_rank").reset_index(drop=True)


def outcome_sources(targets: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """For each report with targets: the reports that review its target year (where outcomes come from).

    Returns:
        One row per (target report, target year): ``doc_id, city, target_year, n_targets``
        (numeric and qualitative), ``result_docs`` (reports of the same place whose results are
        for that year, sorted, joined by ``; ``; empty when the corpus has none) and
        ``n_pairs`` (targets with a result of the same indicator); sorted by target year, city,
        doc_id.

    Example:
        >>> t = pd.DataFrame({"doc_id": ["2019-宁波-gwr", "2020-宁波-gwr"], "city": ["宁波", "宁波"],
        ...                   "target_year": [2019, 2020], "indicator": ["gdp_growth", "gdp_growth"]})
        >>> r = pd.DataFrame({"doc_id": ["2020-宁波-gwr"], "city": ["宁波"], "result_year": [2019],
        ...                   "indicator": ["gdp_growth"]})
        >>> outcome_sources(t, r)[["doc_id", "result_docs", "n_pairs"]].values.tolist()
        [['2019-宁波-gwr', '2020-宁波-gwr', 1], ['2020-宁波-gwr', '', 0]]
    """
    columns = ["doc_id", "city", "target_year", "n_targets", "result_docs", "n_pairs"]
    rows = []
    for (doc_id, city, year), group in targets.groupby(["doc_id", "city", "target_year"], sort=True, dropna=False):
        same = results[(results["city"] == city) & (_years(results["result_year"]) == year)]
        rows.append({"doc_id": doc_id, "city": city, "target_year": year, "n_targets": len(group),
                     "result_docs": "; ".join(sorted(set(same["doc_id"]))),
                     "n_pairs": int(group["indicator"].isin(set(same["indicator"])).sum())})
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["target_year", "city", "doc_id"], ignore_index=True)


# --- (b) each report beside its superior's ------------------------------------------------------

#: Columns of :func:`_beside_superior`: the superior's target, then the report's (:data:`LEVEL_COLUMNS`
#: adds the pair in front).
_BESIDE_COLUMNS = [
    "indicator", "superior_doc", "superior_target", "superior_qualifier", "superior_low", "superior_high",
    "superior_value", "doc_id", "city", "admin_level", "partial", "status", "target", "qualifier", "value_low",
    "value_high", "value", "difference", "position", "quote",
]


def _beside_superior(
    targets: pd.DataFrame,
    reports: pd.DataFrame,
    superior_doc: str,
    docs: Sequence[str],
    year: int,
    *,
    indicators: Sequence[str] | None,
    without_passage: Iterable[str] | None,
) -> pd.DataFrame:
    """The targets of ``docs`` for ``year`` beside those of ``superior_doc`` (:data:`_BESIDE_COLUMNS`)."""
    target_year = _years(targets["target_year"])
    of_year = targets[target_year == year]
    mine = of_year[of_year["doc_id"] == superior_doc]
    if indicators is None:
        rank = _indicator_rank()
        indicators = sorted(set(mine["indicator"]), key=lambda c: (rank.get(c, len(rank)), c))
    no_passage = _no_passage(targets, reports, without_passage)
    partial = _partial(reports)
    info = reports.set_index("doc_id")
    rows = []
    for code in indicators:
        top = _first_target(mine[mine["indicator"] == code])
        p_qual = top["qualifier"] if top is not None else ""
        p_low = as_float(top["value_low"]) if top is not None else math.nan
        p_high = as_float(top["value_high"]) if top is not None else math.nan
        p_value = reference_value(p_qual, p_low, p_high)
        p_unit = top["unit"] if top is not None else ""
        p_target = target_label(p_qual, p_low, p_high, p_unit, top.get("predicate", "")) if top is not None else ""
        band = _band(p_qual, p_low, p_high)
        for doc_id in docs:
            row = {"indicator": code, "superior_doc": superior_doc, "superior_target": p_target,
                   "superior_qualifier": p_qual, "superior_low": p_low, "superior_high": p_high,
                   "superior_value": p_value, "doc_id": doc_id, "city": info.at[doc_id, "city"],
                   "admin_level": info.at[doc_id, "admin_level"] if "admin_level" in info.columns else "",
                   "partial": partial[doc_id], "target": "", "qualifier": "", "value_low": math.nan,
                   "value_high": math.nan, "value": math.nan, "difference": math.nan, "position": "", "quote": ""}
            if doc_id in no_passage:
                rows.append({**row, "status": NO_PASSAGE})
                continue
            first = _first_target(of_year[(of_year["doc_id"] == doc_id) & (of_year["indicator"] == code)])
            if first is None:
                rows.append({**row, "status": NOT_STATED})
                continue
            value = reference_value(first["qualifier"], first["value_low"], first["value_high"])
            comparable = not math.isnan(value) and not math.isnan(p_value) and first["unit"] == p_unit
            position = ""
            if comparable:
                position = "above" if value > band[1] + _EPSILON else "below" if value < band[0] - _EPSILON else "within"
            rows.append({**row, "status": QUALITATIVE if first["qualifier"] == "qualitative" else NUMBER,
                         "target": target_label(first["qualifier"], first["value_low"], first["value_high"],
                                                first["unit"], first.get("predicate", "")),
                         "qualifier": first["qualifier"], "value_low": as_float(first["value_low"]),
                         "value_high": as_float(first["value_high"]), "value": value,
                         "difference": round(value - p_value, DECIMALS) if comparable else math.nan,
                         "position": position, "quote": first["quote"]})
    return pd.DataFrame(rows, columns=_BESIDE_COLUMNS)


#: Columns of :func:`level_comparison`: the pair, then the superior's target, then the report's.
LEVEL_COLUMNS = [
    "year", "superior_doc", "superior_city", "superior_level", "levels_skipped", "indicator", "superior_target",
    "superior_qualifier", "superior_low", "superior_high", "superior_value", "doc_id", "city", "admin_level",
    "partial", "status", "target", "qualifier", "value_low", "value_high", "value", "difference", "position", "quote",
]


def level_comparison(
    targets: pd.DataFrame,
    reports: pd.DataFrame,
    *,
    indicators: Sequence[str] | None = None,
    without_passage: Iterable[str] | None = None,
    max_levels_skipped: int | None = None,
) -> pd.DataFrame:
    """Each report's targets beside its superior's targets of the same year (the 层层加码 question).

    The pairs are :func:`govreports.compare.levels.superior_pairs`: national → provinces, province →
    its prefecture-level cities, prefecture-level city → its county-level cities, wherever both
    reports of a year are in the corpus (a report whose immediate superior's report is missing
    pairs with the nearest level above, ``levels_skipped`` > 0).

    Args:
        targets: the targets table.
        reports: one row per analysed report (``doc_id, city, year, admin_level``; ``partial``
            where present). Every report paired with a superior gets rows, also one without the
            indicator or without a target passage.
        indicators: codes to compare; default, per superior report, every indicator it sets.
        without_passage: as in :func:`coverage_table`.
        max_levels_skipped: drop pairs that skip more levels than this (``0``: immediate
            superiors only); default keep all.

    Returns:
        One row per (superior report, indicator, report), :data:`LEVEL_COLUMNS`: superiors in
        the order of :func:`~govreports.compare.levels.superior_pairs` (year, level, place), then
        indicators (codebook order), then reports. ``status`` is as in :func:`coverage_table`.
        ``superior_value`` and ``value`` are :func:`reference_value` (a range's midpoint, a
        bound's bound); ``difference = value − superior_value`` where both are numbers in the
        same unit. ``position`` says where the report's number lies against the superior's band
        (``range``: low to high; otherwise its one number): ``above``, ``within`` or ``below``;
        empty when not comparable. Empty (with these columns) when no report has its superior's
        report of the same year in the corpus.

    Example:
        >>> t = pd.DataFrame({"doc_id": ["n", "p"], "city": ["全国", "河北"], "target_year": [2025, 2025],
        ...                   "indicator": ["gdp_growth"] * 2, "qualifier": ["about", "about"],
        ...                   "value_low": [5.0, 5.5], "value_high": [5.0, 5.5], "unit": ["%", "%"],
        ...                   "quote": ["", ""], "start": [0, 0]})
        >>> r = pd.DataFrame({"doc_id": ["n", "p"], "city": ["全国", "河北"], "admin_level": ["national", "province"],
        ...                   "year": [2025, 2025]})
        >>> level_comparison(t, r)[["superior_city", "city", "difference", "position"]].values.tolist()
        [['全国', '河北', 0.5, 'above']]
    """
    from govreports.compare.levels import superior_pairs

    pairs = superior_pairs(reports)
    if max_levels_skipped is not None:
        pairs = pairs[pairs["levels_skipped"] <= max_levels_skipped]
    tables = []
    for superior_doc, group in pairs.groupby("superior_doc", sort=False):
        first = group.iloc[0]
        table = _beside_superior(targets, reports, superior_doc, list(group["doc_id"]), int(first["year"]),
                                 indicators=indicators, without_passage=without_passage)
        if table.empty:
            continue
        skipped = dict(zip(group["doc_id"], group["levels_skipped"]))
        tables.append(table.assign(
            year=int(first["year"]), superior_city=first["superior_city"], superior_level=first["superior_level"],
            levels_skipped=table["doc_id"].map(skipped).astype(int)))
    if not tables:
        return pd.DataFrame(columns=LEVEL_COLUMNS)
    return pd.concat(tables, ignore_index=True)[LEVEL_COLUMNS]


def level_matrix(levels: pd.DataFrame) -> pd.DataFrame:
    """The level comparison as reports (rows: each superior first, then its reports) × indicators.

    A cell is the target's label, or the status where there is none (``not stated``, ``no
    target passage``); an indicator the superior does not set is empty.

    Example:
        >>> lay = pd.DataFrame({"superior_doc": ["p"] * 2, "indicator": ["gdp_growth"] * 2,
        ...                     "superior_target": ["6-6.5%"] * 2, "doc_id": ["c", "d"],
        ...                     "status": ["number", "not stated"], "target": ["7%左右", ""]})
        >>> level_matrix(lay).values.tolist()
        [['6-6.5%'], ['7%左右'], ['not stated']]
    """
    if levels.empty:
        return pd.DataFrame()
    codes = list(dict.fromkeys(levels["indicator"]))
    rows: list[tuple[str, str]] = []
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for superior_doc, group in levels.groupby("superior_doc", sort=False):
        rows.append((superior_doc, superior_doc))
        cells[(superior_doc, superior_doc)] = dict(group.drop_duplicates("indicator")[["indicator", "superior_target"]].values)
        for doc_id, mine in group.groupby("doc_id", sort=False):
            rows.append((superior_doc, doc_id))
            cells[(superior_doc, doc_id)] = dict(zip(mine["indicator"], mine["target"].where(mine["target"] != "", mine["status"])))
    matrix = pd.DataFrame([[cells[r].get(c, "") for c in codes] for r in rows], columns=codes,
                          index=pd.MultiIndex.from_tuples(rows, names=["superior_doc", "doc_id"]))
    matrix.columns.name = "indicator"
    return matrix


# --- across the compared reports --------------------------------------------------------------

def _is_reference(table: pd.DataFrame) -> pd.Series:
    """Rows that are the superior report (:func:`govreports.compare.levels.superior_pairs`) of another row of their year."""
    return table["doc_id"].isin(set(superior_pairs(table)["superior_doc"]))


def gdp_targets(
    targets: pd.DataFrame,
    comparability: pd.DataFrame,
    doc_ids: Iterable[str] | None = None,
    *,
    indicator: str = "gdp_growth",
) -> pd.DataFrame:
    """The GDP growth target of each compared report, the level above's marked as the reference.

    The reference (``is_province``, kept under its first name) is a report that is the superior
    of another compared report of its year (:func:`govreports.compare.levels.superior_pairs`: the
    State Council's for the provinces, a province's for its cities).

    Args:
        targets: :func:`govreports.measures.targets.targets_table`.
        comparability: a :func:`govreports.compare.comparability.comparability_table`.
        doc_ids: the reports compared (default: the included ones).
        indicator: the indicator code.

    Returns:
        DataFrame ``doc_id, label, city, admin_level, year, date, target_year, value_low,
        value_high, point, qualifier, quote, is_province, has_target``, one row per compared report in report
        order; a report with no such target in our text has ``has_target = False`` and empty
        values (missing, never zero). ``point`` is the number the target stands for
        (:func:`reference_value`: the value, the middle of a range, or the one bound stated).
    """
    table = compared_rows(comparability, doc_ids)[["doc_id", "label", "city", "admin_level", "year", "date"]]
    rows = targets[targets["indicator"] == indicator].drop_duplicates("doc_id")
    rows = rows[["doc_id", "target_year", "value_low", "value_high", "value", "qualifier", "quote"]]
    merged = table.merge(rows, on="doc_id", how="left")
    merged["point"] = [reference_value(*values) for values in zip(merged["qualifier"], merged["value_low"], merged["value_high"])]
    merged["is_province"] = _is_reference(merged)
    merged["has_target"] = merged["point"].notna()
    merged["qualifier"] = merged["qualifier"].fillna("")
    merged["quote"] = merged["quote"].fillna("")
    columns = ["doc_id", "label", "city", "admin_level", "year", "date", "target_year", "value_low", "value_high", "point",
               "qualifier", "quote", "is_province", "has_target"]
    return merged[columns]
