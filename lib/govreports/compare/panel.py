"""The target panel: one row per place × target year × indicator, as the target-setting literature codes it.

The hand-coded data sets on target setting (Li, Liu, Weng & Zhou 2019 on 层层加码, and the papers
after it) are panels: for each government, year and indicator, the target and how it is
qualified, the immediate superior's target for the same year, and the outcome the place reports
a year later. :func:`target_panel` builds that panel from the tidy tables of
:mod:`govreports.measures.targets`; :func:`panel_table` builds it from a corpus's reports.

Each row is built from pieces that exist elsewhere and are reused here: the target that speaks
for a report's indicator and its number (:func:`govreports.compare.targets.reference_value`,
``target_label``), the met rules (:data:`govreports.compare.targets.MET_RULES`,
``judge_outcome``), and the place hierarchy (:func:`govreports.compare.levels.immediate_superior`).

Columns (:data:`PANEL_COLUMNS`; the machine-readable codebook is ``data/codebook.csv``):
    place, admin_level, target_year, indicator, indicator_text: the row's key and names.
    target_doc, target, qualifier, value_low, value_high, target_value, unit, strive_value,
        modifier, binding, binding_quote, target_quote, n_target_rows: the place's own target.
    superior, superior_doc, superior_target, superior_qualifier, superior_value, superior_quote,
        gap_superior, superior_reason: the immediate superior's target for the same indicator and
        year, and ``gap_superior = target_value − superior_value`` (points, same unit).
    outcome_doc, outcome, outcome_unit, outcome_qualifier, outcome_is_estimate, outcome_quote,
        gap_outcome, met, verdict, met_rule, outcome_reason: the result for the target year from
        a later report of the same place (its review of that year).

Decisions:
    - Rows come from the targets table's coded indicators; ``other`` rows (an indicator no
      pattern names) cannot be matched across places or years and stay in the targets table only.
      A report with no target passage has no rows here (the coverage table of
      :mod:`govreports.compare.targets` shows it as missing).
    - Where a report sets the indicator more than once, the first numeric target speaks for it
      (else the first qualitative one), as in the coverage table; ``n_target_rows`` says how many
      rows there were. Where a place has two reports with targets for the same year, the
      government work report is used before a plan report, then the lower ``doc_id``.
    - The superior is the State Council (全国) for a province, the province for a prefecture-level
      city, the prefecture-level city for a county-level city (``data/places.csv``).
    - The outcome is the headline result of the same place whose ``result_year`` is the target
      year, preferably from the report of the next year. Results are read for GDP, revenue and
      income indicators only; other indicators have no outcome, and say so.
    - ``met`` follows :data:`govreports.compare.targets.MET_RULES`, one rule per qualifier
      (``met_rule`` names it); a qualitative target, a missing outcome or different units are not
      judged.
    - ``binding`` is ``约束性`` or ``预期性`` only where the text says so: in the target's own
      clause, or in a sentence of the same report that names the indicator as written and calls it
      one of the two (``binding_quote`` is that sentence). Otherwise it is empty.
    - Missing stays missing: every empty superior or outcome cell has its reason in
      ``superior_reason`` / ``outcome_reason`` (empty when the comparison was made).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from govreports.compare.levels import immediate_superior
from govreports.compare.targets import (
    ABOUT_TOLERANCE,
    DECIMALS,
    _first_target,
    _indicator_key,
    as_float,
    judge_outcome,
    met_rule,
    reference_value,
    target_label,
)
from govreports.datafiles import places
from govreports.documents import analysed
from govreports.measures.targets import headline_codes, results_table, targets_table
from govreports.text import SENTENCE_PIECE

#: Columns of :func:`target_panel`, in order.
PANEL_COLUMNS = [
    "place", "admin_level", "target_year", "indicator", "indicator_text",
    "target_doc", "target", "qualifier", "value_low", "value_high", "target_value", "unit",
    "strive_value", "modifier", "binding", "binding_quote", "target_quote", "n_target_rows",
    "superior", "superior_doc", "superior_target", "superior_qualifier", "superior_value", "superior_quote",
    "gap_superior", "superior_reason",
    "outcome_doc", "outcome", "outcome_unit", "outcome_qualifier", "outcome_is_estimate", "outcome_quote",
    "gap_outcome", "met", "verdict", "met_rule", "outcome_reason",
]

_TYPE_RANK = {"government_work_report": 0, "plan_report": 1}
_BINDING = re.compile(r"约束性|预期性")
_CLAUSE_END = re.compile(r"[,，;；。!?！？\n]")
_CLAUSE_IN_SENTENCE = re.compile(r"[^,，;；:：]+[,，;；:：]?")
_IS = re.compile(r"\s*(?:是|为|属于|均为|都是)")
_CALLED = re.compile(r"(约束性|预期性)(?:、[^,，;；。]{0,6})?(?:指标|目标)")


# --- binding (约束性 / 预期性) -------------------------------------------------------------------

def binding_of(text: str, start: int, end: int, indicator_text: str) -> tuple[str, str]:
    """Whether the text calls a target 约束性 (binding) or 预期性 (anticipatory), where it says so.

    Two places count: the target's own clause (the quote and the words after it up to the next
    comma, semicolon or full stop: ``……能耗降低3%(约束性指标)``), and a clause of the same text
    that names the indicator as written and calls it one of the two (``地区生产总值、投资等预期性指标``),
    or whose next clause does (``国内生产总值增长速度的目标，是一个预期性、指导性指标``: the next clause
    opens with 是, 为 or 属于). A clause that names both words says nothing about this target, and a
    sentence calling another item of a list 约束性 says nothing about the rest.

    Args:
        text: the cleaned text of the report.
        start, end: the quote's offsets in ``text``.
        indicator_text: the indicator as the report names it.

    Returns:
        ``(binding, quote)``: ``约束性``, ``预期性`` or empty, and the words that say so.

    Example:
        >>> binding_of("单位生产总值能耗下降3%(约束性指标),粮食产量稳定。", 0, 11, "单位生产总值能耗")
        ('约束性', '单位生产总值能耗下降3%(约束性指标)')
        >>> binding_of("生产总值增长6%左右。生产总值增长目标是预期性指标。", 0, 10, "生产总值")
        ('预期性', '生产总值增长目标是预期性指标')
        >>> binding_of("生产总值增长6%左右。", 0, 10, "生产总值")
        ('', '')
    """
    stop = _CLAUSE_END.search(text, end)
    clause = text[start : stop.start() if stop else len(text)]
    words = set(_BINDING.findall(clause))
    if len(words) == 1:
        return words.pop(), clause
    if words or not indicator_text:
        return "", ""
    for match in SENTENCE_PIECE.finditer(text):  # every piece: a list line without 。 too
        sentence = match.group().strip()
        if indicator_text not in sentence:
            continue
        clauses = list(_CLAUSE_IN_SENTENCE.finditer(sentence))
        for i, clause in enumerate(clauses):
            if indicator_text not in clause.group():
                continue
            stop = clause.end()
            if i + 1 < len(clauses) and _IS.match(clauses[i + 1].group()):
                stop = clauses[i + 1].end()
            said = sentence[clause.start() : stop].rstrip(",，;；:：。!?！？")
            words = set(_BINDING.findall(said))
            if len(words) == 1 and _CALLED.search(said):
                return words.pop(), said
    return "", ""


# --- the pieces of a row --------------------------------------------------------------------------

def superior_of(place: str) -> tuple[str, str]:
    """The immediate superior of a place (:func:`govreports.compare.levels.immediate_superior`) and, where
    there is none, why.

    Returns:
        ``(superior, reason)``: the superior's short name and an empty reason, or an empty name and
        the reason (the national government has none; a place not in ``data/places.csv``, or one
        whose row names no superior, has an unknown one).

    Example:
        >>> superior_of("义乌"), superior_of("浙江"), superior_of("全国")
        (('金华', ''), ('全国', ''), ('', 'no superior: the national government'))
    """
    superior = immediate_superior(place)
    if superior:
        return superior, ""
    known = places().get(place)
    if known is None:
        return "", f"superior unknown: {place or '(no place)'} is not in data/places.csv"
    if known.admin_level == "national":
        return "", "no superior: the national government"
    return "", f"superior unknown: data/places.csv gives no superior for {place}"


def _none_if_missing(value) -> Any:
    """A cell as a plain Python value: NA and NaN become None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value


def _own_targets(targets: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """The row that speaks for each (place, target year, indicator), with ``n_target_rows``."""
    coded = targets[(targets["indicator"] != "other") & targets["city"].fillna("").ne("")
                    & pd.to_numeric(targets["target_year"], errors="coerce").notna()]
    if coded.empty:
        return coded.assign(n_target_rows=pd.Series(dtype="int64"))
    doc_type = dict(zip(reports["doc_id"], reports.get("doc_type", pd.Series("", index=reports.index))))
    chosen = []
    for (_, _, _), group in coded.groupby(["city", "target_year", "indicator"], sort=False):
        docs = sorted(set(group["doc_id"]), key=lambda d: (_TYPE_RANK.get(doc_type.get(d, ""), 2), d))
        mine = group[group["doc_id"] == docs[0]]
        first = _first_target(mine)
        chosen.append({**first.to_dict(), "n_target_rows": len(mine)})
    return pd.DataFrame(chosen)


def _levels(reports: pd.DataFrame) -> dict[str, str]:
    if "admin_level" not in reports.columns:
        return {}
    known = reports.dropna(subset=["city"])
    return {c: ("" if pd.isna(lvl) else lvl) for c, lvl in zip(known["city"], known["admin_level"])}


def _report_of(reports: pd.DataFrame, place: str, year: int) -> list[str]:
    years = pd.to_numeric(reports["year"], errors="coerce")
    return sorted(reports.loc[(reports["city"] == place) & (years == year), "doc_id"])


def _superior_cells(row: dict, own: dict[tuple, dict], targets: pd.DataFrame, reports: pd.DataFrame) -> dict:
    cells = {"superior_doc": "", "superior_target": "", "superior_qualifier": "", "superior_value": math.nan,
             "superior_quote": "", "gap_superior": math.nan}
    superior, reason = superior_of(row["city"])
    cells["superior"] = superior
    if not superior:
        return {**cells, "superior_reason": reason}
    year, code = int(row["target_year"]), row["indicator"]
    top = own.get((superior, year, code))
    if top is None:
        docs = _report_of(reports, superior, year)
        with_targets = set(targets["doc_id"])
        if not docs:
            reason = f"no report of {superior} for {year} in the corpus"
        elif not any(d in with_targets for d in docs):
            reason = f"{docs[0]} has no target passage"
        else:
            reason = f"{', '.join(docs)} states no {code} target for {year}"
        return {**cells, "superior_reason": reason}
    value = reference_value(top["qualifier"], top["value_low"], top["value_high"])
    cells.update(superior_doc=top["doc_id"], superior_qualifier=top["qualifier"], superior_value=value,
                 superior_target=target_label(top["qualifier"], top["value_low"], top["value_high"],
                                              top["unit"], top.get("predicate", "")),
                 superior_quote=top["quote"])
    mine = reference_value(row["qualifier"], row["value_low"], row["value_high"])
    if math.isnan(mine) or math.isnan(value):
        reason = "qualitative target: no gap in points"
    elif row["unit"] != top["unit"]:
        reason = f"units differ ({row['unit']} vs {top['unit']})"
    else:
        cells["gap_superior"] = round(mine - value, DECIMALS)
        reason = ""
    return {**cells, "superior_reason": reason}


def _outcome_cells(row: dict, results: pd.DataFrame, reports: pd.DataFrame, tolerance: float) -> dict:
    cells = {"outcome_doc": "", "outcome": math.nan, "outcome_unit": "", "outcome_qualifier": "",
             "outcome_is_estimate": pd.NA, "outcome_quote": "", "gap_outcome": math.nan, "met": pd.NA,
             "verdict": "not judged", "met_rule": met_rule(row["qualifier"], tolerance)}
    year, code, place = int(row["target_year"]), row["indicator"], row["city"]
    if code not in headline_codes():  # the results table reads outcomes of headline codes only
        return {**cells, "outcome_reason": f"the results table reads no outcome for {code}"}
    result_years = pd.to_numeric(results["result_year"], errors="coerce")
    found = results[(results["city"] == place) & (result_years == year) & (results["indicator"] == code)]
    if found.empty:
        later = _report_of(reports, place, year + 1)
        reason = (f"{later[0]} reports no {code} result for {year}" if later
                  else f"no report of {place} for {year + 1} in the corpus")
        return {**cells, "outcome_reason": reason}
    report_year = pd.to_numeric(found["year"], errors="coerce") if "year" in found.columns else pd.Series(0, index=found.index)
    best = found.assign(_next=(report_year != year + 1).astype(int)).sort_values(["_next", "doc_id", "start"], kind="stable").iloc[0]
    cells.update(outcome_doc=best["doc_id"], outcome=as_float(best["value"]), outcome_unit=best["unit"],
                 outcome_qualifier=best["qualifier"], outcome_is_estimate=bool(best["is_estimate"]),
                 outcome_quote=best["quote"])
    if row["qualifier"] == "qualitative":
        return {**cells, "outcome_reason": "qualitative target: not judged"}
    if row["unit"] != best["unit"]:
        return {**cells, "met_rule": f"not judged: units differ ({row['unit']} vs {best['unit']})",
                "outcome_reason": f"units differ ({row['unit']} vs {best['unit']})"}
    met, verdict = judge_outcome(row["qualifier"], row["value_low"], row["value_high"], cells["outcome"], tolerance=tolerance)
    target_value = reference_value(row["qualifier"], row["value_low"], row["value_high"])
    return {**cells, "gap_outcome": round(cells["outcome"] - target_value, DECIMALS), "met": met, "verdict": verdict,
            "met_rule": met_rule(row["qualifier"], tolerance), "outcome_reason": ""}


# --- the panel ------------------------------------------------------------------------------------

def target_panel(
    targets: pd.DataFrame,
    results: pd.DataFrame,
    reports: pd.DataFrame,
    *,
    texts: Mapping[str, str] | None = None,
    tolerance: float = ABOUT_TOLERANCE,
) -> pd.DataFrame:
    """One row per (place, target year, indicator): the target, the superior's, the outcome.

    Args:
        targets: :func:`govreports.measures.targets.targets_table`.
        results: :func:`govreports.measures.targets.results_table`.
        reports: the documents table's rows of the analysed reports (``doc_id, city, year``, and
            ``admin_level, doc_type`` where present).
        texts: ``doc_id → cleaned text``, to read ``binding``; without it ``binding`` is empty.
        tolerance: the ± band of ``about`` and ``exact`` targets (percentage points).

    Returns:
        :data:`PANEL_COLUMNS`, sorted by target year, place, indicator (codebook order). See the
        module docstring for each column and the decisions.

    Example:
        >>> t = pd.DataFrame({"doc_id": ["2020-浙江-gwr", "2020-湖州-gwr"], "city": ["浙江", "湖州"],
        ...     "year": [2020] * 2, "target_year": [2020] * 2, "indicator": ["gdp_growth"] * 2,
        ...     "indicator_text": ["生产总值"] * 2, "value_low": [6.0, 7.0], "value_high": [6.5, 7.0],
        ...     "unit": ["%"] * 2, "qualifier": ["range", "about"], "quote": ["", ""], "value": [None, 7.0],
        ...     "predicate": ["", ""], "start": [0, 0], "end": [0, 0], "strive_value": [None] * 2,
        ...     "modifier": ["", ""], "doc_type": ["government_work_report"] * 2})
        >>> r = t[["doc_id", "city", "year", "doc_type"]].assign(admin_level=["province", "prefecture_city"])
        >>> p = target_panel(t, t.iloc[0:0].rename(columns={"target_year": "result_year"}), r)
        >>> p[["place", "target", "superior", "superior_target", "gap_superior"]].values.tolist()
        [['浙江', '6-6.5%', '全国', '', nan], ['湖州', '7%左右', '浙江', '6-6.5%', 0.75]]
        >>> p["superior_reason"].tolist()
        ['no report of 全国 for 2020 in the corpus', '']
    """
    chosen = _own_targets(targets, reports)
    if chosen.empty:
        return pd.DataFrame(columns=PANEL_COLUMNS)
    chosen = chosen.assign(target_year=pd.to_numeric(chosen["target_year"]).astype("int64"))
    own = {(r["city"], r["target_year"], r["indicator"]): r for r in chosen.to_dict("records")}
    levels = _levels(reports)
    rows = []
    for row in chosen.to_dict("records"):
        text = (texts or {}).get(row["doc_id"])
        binding, binding_quote = ("", "")
        if text is not None and _none_if_missing(row.get("start")) is not None:
            binding, binding_quote = binding_of(text, int(row["start"]), int(row["end"]), row["indicator_text"])
        strive = _none_if_missing(row.get("strive_value"))
        rows.append({
            "place": row["city"], "admin_level": levels.get(row["city"], ""), "target_year": row["target_year"],
            "indicator": row["indicator"], "indicator_text": row["indicator_text"], "target_doc": row["doc_id"],
            "target": target_label(row["qualifier"], row["value_low"], row["value_high"], row["unit"], row.get("predicate", "")),
            "qualifier": row["qualifier"], "value_low": as_float(row["value_low"]), "value_high": as_float(row["value_high"]),
            "target_value": reference_value(row["qualifier"], row["value_low"], row["value_high"]),
            "unit": row["unit"] if isinstance(row["unit"], str) else "",
            "strive_value": math.nan if strive is None else float(strive),
            "modifier": _none_if_missing(row.get("modifier")) or "", "binding": binding, "binding_quote": binding_quote,
            "target_quote": row["quote"], "n_target_rows": row["n_target_rows"],
            **_superior_cells(row, own, targets, reports),
            **_outcome_cells(row, results, reports, tolerance),
        })
    table = pd.DataFrame(rows, columns=PANEL_COLUMNS)
    table = table.astype({"target_year": "int64", "n_target_rows": "int64", "met": "boolean",
                          "outcome_is_estimate": "boolean"})
    table = table.assign(_rank=_indicator_key(table["indicator"]))
    table = table.sort_values(["target_year", "place", "_rank", "indicator"], kind="stable")
    return table.drop(columns="_rank").reset_index(drop=True)


def _reports_frame(documents: Iterable[Any]) -> pd.DataFrame:
    rows = [{"doc_id": d.doc_id, "city": d.city, "year": d.year, "doc_type": d.doc_type,
             "admin_level": getattr(d, "admin_level", "")} for d in analysed(documents)]
    return pd.DataFrame(rows, columns=["doc_id", "city", "year", "doc_type", "admin_level"])


def panel_table(documents: Iterable[Any], *, tolerance: float = ABOUT_TOLERANCE) -> pd.DataFrame:
    """The target panel of a corpus's reports (``corpus.reports()``): see :func:`target_panel`.

    Args:
        documents: objects with ``doc_id, city, year, review_year, doc_type, admin_level, text``.
        tolerance: as in :func:`target_panel`.
    """
    documents = analysed(documents)
    return target_panel(targets_table(documents), results_table(documents), _reports_frame(documents),
                        texts={d.doc_id: d.text for d in documents}, tolerance=tolerance)
