"""Tests of govreports.compare.targets and govreports.plots.targets.

The tables are built from small hand-made targets, results and reports tables, so every expected
value (gap, difference, status) is computed by hand in the comments; two tests check the seed
corpus for the pair and the layering the notebook shows. Figures are checked for what they must
show (labels, messages), not for pixels.
"""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest

from govreports.compare.comparability import comparability_table, included_ids
from govreports.compare.targets import (
    LEVEL_COLUMNS,
    MET_RULES,
    OUTCOME_PAIR_COLUMNS,
    STATUSES,
    coverage_counts,
    coverage_matrix,
    coverage_table,
    gdp_targets,
    judge_outcome,
    level_comparison,
    level_matrix,
    met_rule,
    outcome_sources,
    reference_value,
    sort_by_report,
    target_label,
    target_vs_outcome,
)
from govreports.documents import report_order
from govreports.measures.targets import documents_without_targets, results_table, targets_table
from govreports.plots import targets as plots_targets

from support import DOCS

matplotlib.use("Agg")

# Seven reports: 台州 and 宁波 in 2019; the province, 宁波, 湖州 and 义乌 (a county-level city,
# partial) in 2020; 金华 2023 (partial, no target passage).
REPORTS = pd.DataFrame(
    {
        "doc_id": ["2020-浙江-gwr", "2020-湖州-gwr", "2020-义乌-gwr", "2019-宁波-gwr", "2020-宁波-gwr",
                   "2019-台州-gwr", "2023-金华-gwr"],
        "city": ["浙江", "湖州", "义乌", "宁波", "宁波", "台州", "金华"],
        "year": [2020, 2020, 2020, 2019, 2020, 2019, 2023],
        "admin_level": ["province", "prefecture_city", "county_city", "prefecture_city", "prefecture_city",
                        "prefecture_city", "prefecture_city"],
        "doc_type": ["government_work_report"] * 7,
        "partial": [False, False, True, False, False, False, True],
    }
)
YEAR = dict(zip(REPORTS["doc_id"], REPORTS["year"]))
CITY = dict(zip(REPORTS["doc_id"], REPORTS["city"]))


def _targets(rows: list[tuple]) -> pd.DataFrame:
    """A targets table from (doc_id, indicator, qualifier, low, high, predicate) tuples."""
    records = []
    for start, (doc_id, indicator, qualifier, low, high, predicate) in enumerate(rows):
        records.append({
            "doc_id": doc_id, "city": CITY[doc_id], "year": YEAR[doc_id], "target_year": YEAR[doc_id],
            "indicator": indicator, "indicator_text": indicator, "value_low": low, "value_high": high,
            "unit": "" if qualifier == "qualitative" else "%", "qualifier": qualifier,
            "quote": f"{indicator}{predicate}", "predicate": predicate, "start": start * 10,
        })
    return pd.DataFrame(records)


NAN = math.nan
TARGETS = _targets([
    ("2020-浙江-gwr", "gdp_growth", "range", 6.0, 6.5, "增长6%-6.5%"),
    ("2020-浙江-gwr", "rd_intensity", "exact", 2.8, 2.8, "达到2.8%"),
    ("2020-浙江-gwr", "general_budget_revenue_growth", "qualitative", NAN, NAN, "与经济增长基本同步"),
    ("2020-湖州-gwr", "gdp_growth", "about", 7.0, 7.0, "增长7%左右"),
    ("2020-湖州-gwr", "rd_intensity", "at_least", 2.9, NAN, "达到2.9%以上"),
    ("2020-湖州-gwr", "registered_unemployment_rate", "at_most", NAN, 3.0, "控制在3%以内"),
    ("2020-义乌-gwr", "gdp_growth", "at_least", 7.5, NAN, "增长7.5%以上"),
    ("2020-义乌-gwr", "general_budget_revenue_growth", "qualitative", NAN, NAN, "与经济增长基本同步"),
    ("2019-宁波-gwr", "gdp_growth", "about", 6.8, 6.8, "增长6.8%左右"),
    ("2019-宁波-gwr", "general_budget_revenue_growth", "qualitative", NAN, NAN, "与经济增长基本同步"),
    ("2019-宁波-gwr", "cpi_growth", "about", 3.0, 3.0, "涨幅3%左右"),
    ("2019-宁波-gwr", "fixed_asset_investment_growth", "about", 10.0, 10.0, "增长10%左右"),
    ("2020-宁波-gwr", "gdp_growth", "about", 6.5, 6.5, "增长6.5%左右"),
    ("2019-台州-gwr", "gdp_growth", "about", 7.5, 7.5, "增长7.5%左右"),
])

RESULTS = pd.DataFrame(
    [
        # 宁波's 2020 report reviews 2019: pairs with its 2019 targets.
        ("2020-宁波-gwr", "宁波", 2020, 2019, "gdp", 11985.0, "亿元"),
        ("2020-宁波-gwr", "宁波", 2020, 2019, "gdp_growth", 6.8, "%"),
        ("2020-宁波-gwr", "宁波", 2020, 2019, "general_budget_revenue_growth", 6.4, "%"),
        # The province and 湖州 review 2019, but the corpus has none of their 2019 targets.
        ("2020-浙江-gwr", "浙江", 2020, 2019, "gdp_growth", 6.8, "%"),
        ("2020-湖州-gwr", "湖州", 2020, 2019, "gdp_growth", 7.9, "%"),
    ],
    columns=["doc_id", "city", "year", "result_year", "indicator", "value", "unit"],
).assign(qualifier="exact", is_estimate=False, quote=lambda t: t["indicator"])


# --- small pieces -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "qualifier, low, high, expected",
    [
        ("about", 6.5, 6.5, 6.5),
        ("exact", 10.0, 10.0, 10.0),
        ("range", 6.0, 6.5, 6.25),  # (6 + 6.5) / 2
        ("at_least", 7.5, None, 7.5),
        ("at_most", None, 3.0, 3.0),
    ],
)
def test_reference_value(qualifier, low, high, expected):
    assert reference_value(qualifier, low, high) == expected


def test_reference_value_of_a_qualitative_target_is_nan():
    assert math.isnan(reference_value("qualitative", None, None))


@pytest.mark.parametrize(
    "qualifier, low, high, unit, predicate, expected",
    [
        ("about", 6.5, 6.5, "%", "", "6.5%左右"),
        ("exact", 10.0, 10.0, "%", "", "10%"),
        ("range", 6.0, 6.5, "%", "", "6-6.5%"),
        ("at_least", 7.5, NAN, "%", "", "7.5%以上"),
        ("at_most", NAN, 3.5, "%", "", "3.5%以内"),
        ("about", 0.5, 0.5, "个百分点", "", "0.5个百分点左右"),
        ("qualitative", NAN, NAN, "", "与经济增长基本同步", "与经济增长基本同步"),
        ("qualitative", NAN, NAN, "", "", "qualitative"),
    ],
)
def test_target_label(qualifier, low, high, unit, predicate, expected):
    assert target_label(qualifier, low, high, unit, predicate) == expected


@pytest.mark.parametrize(
    "qualifier, low, high, outcome, met, verdict",
    [
        # about 6.8: met within [6.3, 7.3], the ends included.
        ("about", 6.8, 6.8, 6.8, True, "met"),
        ("about", 6.8, 6.8, 7.3, True, "met"),
        ("about", 6.8, 6.8, 6.3, True, "met"),
        ("about", 6.8, 6.8, 7.31, False, "exceeded"),
        ("about", 6.8, 6.8, 6.29, False, "missed"),
        # a bare number is read as 左右.
        ("exact", 10.0, 10.0, 10.4, True, "met"),
        ("exact", 10.0, 10.0, 10.6, False, "exceeded"),
        # range 6-6.5: no tolerance beyond its ends.
        ("range", 6.0, 6.5, 6.0, True, "met"),
        ("range", 6.0, 6.5, 6.5, True, "met"),
        ("range", 6.0, 6.5, 6.8, False, "exceeded"),
        ("range", 6.0, 6.5, 5.9, False, "missed"),
        # at least 7.5: anything from 7.5 up.
        ("at_least", 7.5, NAN, 7.5, True, "met"),
        ("at_least", 7.5, NAN, 9.0, True, "met"),
        ("at_least", 7.5, NAN, 7.4, False, "missed"),
        # at most 3: anything up to 3; above it is missed.
        ("at_most", NAN, 3.0, 3.0, True, "met"),
        ("at_most", NAN, 3.0, 2.0, True, "met"),
        ("at_most", NAN, 3.0, 3.1, False, "missed"),
    ],
)
def test_judge_outcome(qualifier, low, high, outcome, met, verdict):
    assert judge_outcome(qualifier, low, high, outcome) == (met, verdict)


@pytest.mark.parametrize("qualifier, outcome", [("qualitative", 6.4), ("about", NAN), ("about", None)])
def test_judge_outcome_not_judged(qualifier, outcome):
    met, verdict = judge_outcome(qualifier, 6.8, 6.8, outcome)
    assert met is pd.NA and verdict == "not judged"


def test_judge_outcome_tolerance_is_a_parameter():
    assert judge_outcome("about", 6.8, 6.8, 7.2, tolerance=0.3) == (False, "exceeded")
    assert judge_outcome("about", 6.8, 6.8, 7.1, tolerance=0.3) == (True, "met")


def test_every_qualifier_has_a_stated_rule():
    assert set(MET_RULES) == {"about", "exact", "range", "at_least", "at_most", "qualitative"}


@pytest.mark.parametrize(
    "qualifier, tolerance, rule",
    [
        ("about", 0.5, "met if |outcome − value| ≤ 0.5 (左右: ±0.5 percentage points)"),
        ("about", 0.3, "met if |outcome − value| ≤ 0.3 (左右: ±0.3 percentage points)"),
        ("exact", 1.0, "met if |outcome − value| ≤ 1 (a bare number read as 左右)"),
        ("at_least", 0.3, "met if outcome ≥ low (以上)"),
        ("qualitative", 0.3, "not judged (no number to compare)"),
        ("", 0.5, "not judged"),
    ],
)
def test_met_rule_states_the_tolerance_used(qualifier, tolerance, rule):
    assert met_rule(qualifier, tolerance) == rule


def test_sort_by_report_orders_reports_then_text():
    shuffled = TARGETS.iloc[::-1]
    ordered = sort_by_report(shuffled, REPORTS)
    assert list(dict.fromkeys(ordered["doc_id"])) == [d for d in report_order(REPORTS) if d in set(TARGETS["doc_id"])]
    assert ordered[ordered["doc_id"] == "2020-浙江-gwr"]["indicator"].tolist() == [
        "gdp_growth", "rd_intensity", "general_budget_revenue_growth"]  # text order (start)


def test_reports_without_year_or_place():
    # A file with no recognisable header: no city, no year. It sorts last and pairs with nothing.
    reports = pd.concat([REPORTS, pd.DataFrame({"doc_id": ["x-1"], "city": [""], "year": [pd.NA]})], ignore_index=True)
    reports["year"] = reports["year"].astype("Int64")
    targets = pd.concat([TARGETS, TARGETS.iloc[[0]].assign(doc_id="x-1", city="", year=pd.NA, target_year=pd.NA)],
                        ignore_index=True)
    results = pd.concat([RESULTS, RESULTS.iloc[[1]].assign(doc_id="x-1", city="", result_year=pd.NA)], ignore_index=True)
    assert report_order(reports)[-1] == "x-1"
    assert len(target_vs_outcome(targets, results)) == 2  # still only 宁波's two pairs
    sources = outcome_sources(targets, results)
    assert sources.iloc[-1][["doc_id", "result_docs", "n_pairs"]].tolist() == ["x-1", "", 0]
    assert "x-1" not in set(level_comparison(targets, reports)["doc_id"])
    assert coverage_matrix(coverage_table(targets, reports, indicators=["gdp_growth"])).loc["x-1"].tolist() == ["number"]


# --- (a) target vs outcome --------------------------------------------------------------------

def test_target_vs_outcome_pairs_only_where_both_exist():
    pairs = target_vs_outcome(TARGETS, RESULTS)
    assert list(pairs.columns) == OUTCOME_PAIR_COLUMNS
    # 宁波 2019: GDP (6.8 vs 6.8) and budget revenue (qualitative vs 6.4). Its CPI and investment
    # targets have no result; the province and 湖州 have results for 2019 but no 2019 targets;
    # the GDP level (亿元, code gdp) is not a growth target.
    assert pairs[["city", "year", "indicator", "target_doc", "result_doc"]].values.tolist() == [
        ["宁波", 2019, "gdp_growth", "2019-宁波-gwr", "2020-宁波-gwr"],
        ["宁波", 2019, "general_budget_revenue_growth", "2019-宁波-gwr", "2020-宁波-gwr"],
    ]


def test_target_vs_outcome_gdp_row():
    gdp = target_vs_outcome(TARGETS, RESULTS).iloc[0]
    assert gdp["target"] == "6.8%左右"
    assert gdp["reference"] == "value" and gdp["target_value"] == 6.8
    assert gdp["outcome"] == 6.8 and gdp["gap"] == 0.0  # 6.8 - 6.8
    assert bool(gdp["met"]) is True and gdp["verdict"] == "met"
    assert gdp["rule"] == MET_RULES["about"]
    assert gdp["target_quote"] == "gdp_growth增长6.8%左右"


def test_target_vs_outcome_qualitative_row_is_not_judged():
    budget = target_vs_outcome(TARGETS, RESULTS).iloc[1]
    assert budget["target"] == "与经济增长基本同步"
    assert budget["outcome"] == 6.4
    assert math.isnan(budget["target_value"]) and math.isnan(budget["gap"])
    assert budget["met"] is pd.NA and budget["verdict"] == "not judged"
    assert budget["rule"] == MET_RULES["qualitative"]


def test_target_vs_outcome_gap_from_range_midpoint_and_bound():
    targets = _targets([
        ("2019-宁波-gwr", "gdp_growth", "range", 6.5, 7.0, "增长6.5%-7%"),
        ("2019-宁波-gwr", "general_budget_revenue_growth", "at_least", 7.0, NAN, "增长7%以上"),
    ])
    pairs = target_vs_outcome(targets, RESULTS)
    # GDP: 6.8 - midpoint 6.75 = 0.05, inside the range. Budget: 6.4 - 7 = -0.6, below the bound.
    assert pairs[["reference", "target_value", "gap", "verdict"]].values.tolist() == [
        ["midpoint", 6.75, 0.05, "met"],
        ["low", 7.0, -0.6, "missed"],
    ]


def test_target_vs_outcome_does_not_judge_different_units():
    targets = _targets([("2019-宁波-gwr", "gdp_growth", "about", 6.8, 6.8, "增长6.8%左右")]).assign(unit="个百分点")
    row = target_vs_outcome(targets, RESULTS).iloc[0]
    assert row["verdict"] == "not judged" and math.isnan(row["gap"]) and "units differ" in row["rule"]


def test_target_vs_outcome_empty():
    assert list(target_vs_outcome(TARGETS, RESULTS.iloc[0:0]).columns) == OUTCOME_PAIR_COLUMNS
    assert target_vs_outcome(TARGETS[TARGETS["city"] == "台州"], RESULTS).empty


def test_outcome_sources_shows_reports_without_a_following_report():
    sources = outcome_sources(TARGETS, RESULTS)
    assert sources[["doc_id", "target_year", "n_targets", "result_docs", "n_pairs"]].values.tolist() == [
        ["2019-台州-gwr", 2019, 1, "", 0],
        ["2019-宁波-gwr", 2019, 4, "2020-宁波-gwr", 2],  # GDP and budget pair; CPI and investment do not
        ["2020-义乌-gwr", 2020, 2, "", 0],  # 义 U+4E49 < 宁 U+5B81 < 浙 U+6D59 < 湖 U+6E56
        ["2020-宁波-gwr", 2020, 1, "", 0],
        ["2020-浙江-gwr", 2020, 3, "", 0],
        ["2020-湖州-gwr", 2020, 3, "", 0],
    ]


# --- (b) each report beside its superior's ----------------------------------------------------

ZHEJIANG_2020 = "2020-浙江-gwr"


def test_level_comparison_gdp():
    table = level_comparison(TARGETS, REPORTS, indicators=["gdp_growth"])
    assert list(table.columns) == LEVEL_COLUMNS
    assert set(table["superior_doc"]) == {ZHEJIANG_2020}  # 2019 and 2023 have no province report
    assert set(table["superior_target"]) == {"6-6.5%"} and set(table["superior_value"]) == {6.25}
    # Differences from the range's midpoint 6.25; position against the band 6-6.5.
    assert table[["city", "target", "value", "difference", "position", "levels_skipped"]].values.tolist() == [
        ["宁波", "6.5%左右", 6.5, 0.25, "within", 0],  # 6.5 is the top of the range
        ["湖州", "7%左右", 7.0, 0.75, "above", 0],
        ["义乌", "7.5%以上", 7.5, 1.25, "above", 1],  # the county-level city last; 金华 2020 is missing
    ]
    assert table["partial"].tolist() == [False, False, True]


def test_level_comparison_default_indicators_and_missing():
    table = level_comparison(TARGETS, REPORTS)
    # Every indicator the province sets, in codebook order; every 2020 city report for each.
    assert list(dict.fromkeys(table["indicator"])) == ["gdp_growth", "general_budget_revenue_growth", "rd_intensity"]
    rd = table[table["indicator"] == "rd_intensity"]
    assert rd[["city", "status"]].values.tolist() == [["宁波", "not stated"], ["湖州", "number"], ["义乌", "not stated"]]
    difference = rd["difference"].tolist()
    assert math.isnan(difference[0]) and math.isnan(difference[2])
    assert difference[1] == pytest.approx(0.1)  # 2.9 - 2.8
    budget = table[table["indicator"] == "general_budget_revenue_growth"]
    assert budget["status"].tolist() == ["not stated", "not stated", "qualitative"]
    assert budget["position"].tolist() == ["", "", ""]  # a qualitative province target: nothing to compare


def test_level_comparison_below_and_no_passage():
    targets = pd.concat([TARGETS[TARGETS["doc_id"] == ZHEJIANG_2020],
                         _targets([("2020-宁波-gwr", "gdp_growth", "about", 5.8, 5.8, "增长5.8%左右")])])
    table = level_comparison(targets, REPORTS, indicators=["gdp_growth"], without_passage=["2020-义乌-gwr"])
    assert table[["city", "status", "position"]].values.tolist() == [
        ["宁波", "number", "below"],
        ["湖州", "not stated", ""],  # has a passage (by the list given) but no row here
        ["义乌", "no target passage", ""],
    ]
    assert table["difference"].iloc[0] == pytest.approx(-0.45)  # 5.8 - 6.25


def test_level_matrix():
    matrix = level_matrix(level_comparison(TARGETS, REPORTS))
    assert list(matrix.index.get_level_values("doc_id")) == [ZHEJIANG_2020, "2020-宁波-gwr", "2020-湖州-gwr", "2020-义乌-gwr"]
    assert list(matrix.columns) == ["gdp_growth", "general_budget_revenue_growth", "rd_intensity"]
    assert matrix.values.tolist() == [
        ["6-6.5%", "与经济增长基本同步", "2.8%"],
        ["6.5%左右", "not stated", "not stated"],
        ["7%左右", "not stated", "2.9%以上"],
        ["7.5%以上", "与经济增长基本同步", "not stated"],
    ]


def test_level_comparison_without_superior_report_is_empty():
    table = level_comparison(TARGETS, REPORTS[REPORTS["year"] == 2019])
    assert table.empty and list(table.columns) == LEVEL_COLUMNS


# --- (c) coverage -----------------------------------------------------------------------------

CODES = ["gdp_growth", "general_budget_revenue_growth", "cpi_growth"]


def test_coverage_table_statuses():
    coverage = coverage_table(TARGETS, REPORTS, indicators=CODES)
    assert len(coverage) == 7 * 3
    assert coverage_matrix(coverage).values.tolist() == [
        ["number", "not stated", "not stated"],  # 2019 台州
        ["number", "qualitative", "number"],  # 2019 宁波
        ["number", "qualitative", "not stated"],  # 2020 浙江
        ["number", "not stated", "not stated"],  # 2020 宁波
        ["number", "not stated", "not stated"],  # 2020 湖州
        ["number", "qualitative", "not stated"],  # 2020 义乌
        ["no target passage"] * 3,  # 2023 金华: no row in the targets table
    ]
    assert list(coverage_matrix(coverage).index) == report_order(REPORTS)
    cpi = coverage[(coverage["doc_id"] == "2019-宁波-gwr") & (coverage["indicator"] == "cpi_growth")].iloc[0]
    assert (cpi["target"], cpi["value_low"], cpi["n_rows"]) == ("3%左右", 3.0, 1)


def test_coverage_missing_is_never_zero():
    coverage = coverage_table(TARGETS, REPORTS, indicators=CODES)
    missing = coverage[coverage["status"].isin(["not stated", "no target passage"])]
    assert missing["value_low"].isna().all() and missing["value_high"].isna().all()
    assert (missing["target"] == "").all()


def test_coverage_counts():
    counts = coverage_counts(coverage_table(TARGETS, REPORTS, indicators=CODES))
    assert list(counts.columns) == list(STATUSES)
    assert counts.loc["gdp_growth"].tolist() == [6, 0, 0, 1]
    assert counts.loc["general_budget_revenue_growth"].tolist() == [0, 3, 3, 1]
    assert counts.loc["cpi_growth"].tolist() == [1, 0, 5, 1]


def test_coverage_number_wins_over_qualitative_and_rows_are_counted():
    targets = _targets([
        ("2020-湖州-gwr", "energy_environment", "qualitative", NAN, NAN, "完成省定任务"),
        ("2020-湖州-gwr", "energy_environment", "about", 3.0, 3.0, "下降3%左右"),
    ])
    cell = coverage_table(targets, REPORTS, indicators=["energy_environment"]).set_index("doc_id").loc["2020-湖州-gwr"]
    assert (cell["status"], cell["target"], cell["n_rows"]) == ("number", "3%左右", 2)


def test_coverage_without_passage_given_explicitly():
    # 2020-宁波 has no rows; told it has a passage, its cells are "not stated", not "no target passage".
    coverage = coverage_table(TARGETS[TARGETS["doc_id"] != "2020-宁波-gwr"], REPORTS, indicators=["gdp_growth"],
                              without_passage=["2023-金华-gwr"])
    status = dict(zip(coverage["doc_id"], coverage["status"]))
    assert status["2020-宁波-gwr"] == "not stated" and status["2023-金华-gwr"] == "no target passage"


# --- the seeds: the pair and the layering notebook 04 shows -----------------------------------

def test_seed_pair_ningbo_2019(seed_corpus):
    reports = list(seed_corpus.reports())
    pairs = target_vs_outcome(targets_table(reports), results_table(reports))
    gdp = pairs[pairs["indicator"] == "gdp_growth"]
    # 宁波 2019: 地区生产总值增长6.8%左右; its 2020 report: 地区生产总值11985亿元,增长6.8%.
    assert gdp[["city", "year", "target", "outcome", "gap", "verdict"]].values.tolist() == [
        ["宁波", 2019, "6.8%左右", 6.8, 0.0, "met"],
    ]


def test_seed_layering_2020_gdp(seed_corpus):
    reports = list(seed_corpus.reports())
    documents = seed_corpus.documents_table()
    table = documents[documents["doc_id"].isin([d.doc_id for d in reports])]
    levels = level_comparison(targets_table(reports), table, indicators=["gdp_growth"],
                              without_passage=documents_without_targets(reports))
    layering = levels[(levels["superior_city"] == "浙江") & (levels["year"] == 2020)]
    # 浙江 2020: 生产总值增长6%-6.5%; the cities: 宁波, 杭州 6.5%左右, 湖州 7%左右, 义乌 7.5%以上.
    assert layering[["city", "target", "position"]].values.tolist() == [
        ["宁波", "6.5%左右", "within"],
        ["杭州", "6.5%左右", "within"],
        ["湖州", "7%左右", "above"],
        ["义乌", "7.5%以上", "above"],
    ]


# --- figures ----------------------------------------------------------------------------------

def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]


def test_plot_indicator_targets_shows_missing_reports():
    coverage = coverage_table(TARGETS, REPORTS, indicators=CODES)
    fig = plots_targets.plot_indicator_targets(coverage, "gdp_growth", highlight="浙江")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == "2023 金华 *" and labels[-1] == "2019 台州"  # top down in report order
    assert "无目标段落 no target passage" in _texts(fig)
    assert "6-6.5%" in _texts(fig)
    matplotlib.pyplot.close(fig)


def test_plot_level_comparison_and_its_empty_case():
    fig = plots_targets.plot_level_comparison(level_comparison(TARGETS, REPORTS))
    assert len(fig.axes) == 2  # GDP and R&D: the province's numeric targets
    assert "7%左右 (+0.75)" in _texts(fig)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == "浙江 2020 (上级)" and "义乌 ↑1 *" in labels  # 义乌's prefecture 金华 has no 2020 report
    matplotlib.pyplot.close(fig)
    empty = plots_targets.plot_level_comparison(level_comparison(TARGETS.iloc[0:0], REPORTS))
    assert any("No report here has a numeric target" in t for t in _texts(empty))
    matplotlib.pyplot.close(empty)


def test_plot_target_vs_outcome_and_its_empty_case():
    fig = plots_targets.plot_target_vs_outcome(target_vs_outcome(TARGETS, RESULTS))
    assert "1 of 1 judged met" in fig.axes[0].get_title()
    assert "目标 6.8%左右 → 实际 6.8%: met, gap 0" in _texts(fig)
    matplotlib.pyplot.close(fig)
    empty = plots_targets.plot_target_vs_outcome(target_vs_outcome(TARGETS, RESULTS.iloc[0:0]))
    assert "no pair" in empty.axes[0].get_title()
    matplotlib.pyplot.close(empty)


def test_plot_coverage_of_no_report():
    empty = plots_targets.plot_coverage(coverage_table(TARGETS.iloc[0:0], REPORTS.iloc[0:0]))
    assert "No report in this corpus: nothing to cover" in _texts(empty)
    matplotlib.pyplot.close(empty)


def test_plot_coverage_rows_and_columns():
    fig = plots_targets.plot_coverage(coverage_table(TARGETS, REPORTS, indicators=CODES))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "2023 金华 *"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["GDP增长", "一般公共预算收入", "居民消费价格"]
    matplotlib.pyplot.close(fig)


# --- the GDP targets of the compared reports ---------------------------------------------------



def test_gdp_targets_point_and_missing_target():
    targets = pd.DataFrame({
        "doc_id": ["2020-浙江-gwr", "2020-甲-gwr", "2020-乙-gwr", "2019-甲-gwr"],
        "indicator": ["gdp_growth", "gdp_growth", "gdp_growth", "cpi_growth"],
        "target_year": [2020, 2020, 2020, 2019],
        "value_low": [6.0, 6.5, 7.5, None], "value_high": [6.5, 6.5, None, 3.0], "value": [None, 6.5, 7.5, 3.0],
        "qualifier": ["range", "about", "at_least", "at_most"], "quote": ["q1", "q2", "q3", "q4"],
    })
    table = gdp_targets(targets, comparability_table(DOCS)).set_index("doc_id")
    assert table.at["2020-浙江-gwr", "point"] == 6.25
    # 甲 and 乙 are not in places.csv, so nothing is under 浙江 here: no reference.
    assert not table["is_province"].any()
    assert table.at["2020-乙-gwr", "point"] == 7.5
    assert not table.at["2019-甲-gwr", "has_target"] and math.isnan(table.at["2019-甲-gwr", "point"])
    assert list(table.index) == included_ids(comparability_table(DOCS))


def test_gdp_targets_reference_is_the_superior_of_another_report():
    docs = pd.DataFrame({
        "doc_id": ["2020-浙江-gwr", "2020-湖州-gwr", "2019-台州-gwr", "2019-瑞安-gwr"],
        "city": ["浙江", "湖州", "台州", "瑞安"], "admin_level": ["province", "prefecture_city", "prefecture_city", "county_city"],
        "doc_type": ["government_work_report"] * 4, "year": [2020, 2020, 2019, 2019], "date": [""] * 4,
        "partial": [False] * 4, "duplicate_of": [""] * 4,
    })
    targets = pd.DataFrame({"doc_id": list(docs["doc_id"]), "indicator": ["gdp_growth"] * 4, "target_year": [2020, 2020, 2019, 2019],
                            "value_low": [6.0, 7.0, 7.5, 8.0], "value_high": [6.5, 7.0, 7.5, 8.0], "value": [None, 7.0, 7.5, 8.0],
                            "qualifier": ["range", "about", "about", "about"], "quote": [""] * 4})
    table = gdp_targets(targets, comparability_table(docs)).set_index("doc_id")
    # 湖州 is under 浙江 (2020); 瑞安 is under 温州, not 台州, so 2019 has no reference.
    assert table["is_province"].to_dict() == {"2019-台州-gwr": False, "2019-瑞安-gwr": False,
                                              "2020-浙江-gwr": True, "2020-湖州-gwr": False}
