"""Tests for govreports.measures.keyword_views on small hand-made tables whose answers are read by eye."""

from __future__ import annotations

import pandas as pd
import pytest

from govreports.measures import keywords
from govreports.measures.keyword_views import (
    OVERALL,
    cloud_frequencies,
    describe_target,
    keyness_extremes,
    keyness_target,
    kwic_check,
    part_comparison,
    place_summary,
    report_label,
    reports_table,
    term_rates,
    theme_sources,
)

from support import frequency_rows as freq_rows

pytestmark = pytest.mark.usefixtures("private_cache")  # a token cache of each test's own


def documents(rows):
    """A documents table from ``(doc_id, city, admin_level, doc_type, year, partial)`` rows."""
    table = pd.DataFrame(rows, columns=["doc_id", "city", "admin_level", "doc_type", "year", "partial"])
    table["year"] = table["year"].astype("Int64")
    return table.assign(date="", partial_reason="", n_chars=100)


DOCS = documents(
    [
        ("2020-义乌-gwr", "义乌", "county_city", "government_work_report", 2020, True),
        ("2020-湖州-gwr", "湖州", "prefecture_city", "government_work_report", 2020, False),
        ("2020-浙江-gwr", "浙江", "province", "government_work_report", 2020, False),
        ("2019-瑞安-gwr", "瑞安", "county_city", "government_work_report", 2019, False),
        ("2021-金华-plan", "金华", "prefecture_city", "plan_report", 2021, True),
        ("001_x-8", "", "", "news", None, False),
        ("file-1", "", "", "unknown", None, False),
    ]
)


# --- reports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "year, city, doc_type, partial, doc_id, label",
    [
        (2020, "宁波", "government_work_report", False, "2020-宁波-gwr", "2020 宁波"),
        (2021, "金华", "plan_report", True, "2021-金华-plan", "2021 金华 计划 *"),
        (pd.NA, "", "unknown", False, "file-1", "file-1"),
        (2020, "", "unknown", True, "file-2", "file-2 *"),
        (None, "杭州", "government_work_report", False, "x-1", "x-1"),
    ],
)
def test_report_label(year, city, doc_type, partial, doc_id, label):
    assert report_label(year, city, doc_type, partial, doc_id) == label


def test_reports_table_orders_by_year_then_level_then_city():
    table = reports_table(DOCS)
    assert list(table["doc_id"]) == [
        "2019-瑞安-gwr", "2020-浙江-gwr", "2020-湖州-gwr", "2020-义乌-gwr", "2021-金华-plan", "001_x-8", "file-1",
    ]
    assert list(table["label"])[:5] == ["2019 瑞安", "2020 浙江", "2020 湖州", "2020 义乌 *", "2021 金华 计划 *"]


def test_reports_table_keeps_only_the_given_reports():
    table = reports_table(DOCS, ["2020-湖州-gwr", "2019-瑞安-gwr"])
    assert list(table["doc_id"]) == ["2019-瑞安-gwr", "2020-湖州-gwr"]


def test_reports_table_labels_are_unique():
    twins = documents([("2020-湖州-gwr", "湖州", "prefecture_city", "government_work_report", 2020, False),
                       ("2020-湖州-gwr-2", "湖州", "prefecture_city", "government_work_report", 2020, True)])
    assert list(reports_table(twins)["label"]) == ["2020-湖州-gwr", "2020-湖州-gwr-2 *"]


# --- chosen terms ----------------------------------------------------------------------------------


def test_term_rates_fills_every_report_and_term():
    freq = freq_rows([("a", "数字经济", 2), ("a", "创新", 3), ("b", "创新", 1)], n_chars={"a": 1000, "b": 500})
    table = term_rates(freq, ["共同富裕", "创新"], ["b", "a", "c"])
    assert list(zip(table["doc_id"], table["term"], table["count"])) == [
        ("b", "共同富裕", 0), ("b", "创新", 1), ("a", "共同富裕", 0), ("a", "创新", 3), ("c", "共同富裕", 0), ("c", "创新", 0),
    ]
    assert list(table["rate_per_10k"]) == pytest.approx([0, 20, 0, 30, 0, 0])
    assert list(table["n_chars"]) == [500, 500, 1000, 1000, 0, 0]


def test_part_comparison_counts_each_part():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "part": ["review", "plan", "review"],
            "text": ["数字经济，数字经济。", "数字经济和生态文明。", "生态文明。"],
        }
    )
    table = part_comparison(docs, ["数字经济", "生态文明"], ["a", "b"])
    got = {(t, d, p): (c, n) for t, d, p, c, n in table[["term", "doc_id", "part", "count", "n_chars"]].itertuples(index=False)}
    assert got == {
        ("数字经济", "a", "review"): (2, 10), ("数字经济", "a", "plan"): (1, 10),
        ("数字经济", "b", "review"): (0, 5), ("数字经济", "b", "plan"): (0, 0),
        ("生态文明", "a", "review"): (0, 10), ("生态文明", "a", "plan"): (1, 10),
        ("生态文明", "b", "review"): (1, 5), ("生态文明", "b", "plan"): (0, 0),
    }
    assert list(table["part"])[:2] == ["review", "plan"]
    assert table.loc[(table["doc_id"] == "b") & (table["part"] == "plan"), "rate_per_10k"].tolist() == [0.0, 0.0]


# --- keyness ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "by, preferred, expected",
    [
        ("admin_level", "province", ("admin_level", "province")),
        ("admin_level", "national", ("admin_level", "county_city")),  # absent: the most common level (ties by value)
        ("year", 2019, ("year", 2019)),
        ("year", 1999, ("year", 2020)),
        ("doc_type", "government_work_report", ("doc_type", "government_work_report")),
        ("no_such_column", "x", ("year", 2021)),  # falls back to the latest year against the rest
    ],
)
def test_keyness_target(by, preferred, expected):
    assert keyness_target(DOCS, by, preferred) == expected


@pytest.mark.parametrize(
    "rows, expected",
    [
        # one level, one year: the first report alone against the others
        ([("b", "杭州", "prefecture_city", "government_work_report", 2020, False),
          ("a", "杭州", "prefecture_city", "government_work_report", 2020, False)], ("doc_id", "a")),
        # one level, several years: the latest year
        ([("a", "杭州", "prefecture_city", "government_work_report", 2019, False),
          ("b", "杭州", "prefecture_city", "government_work_report", 2021, False),
          ("c", "杭州", "prefecture_city", "government_work_report", 2020, False)], ("year", 2021)),
        # a single report: nothing to compare
        ([("a", "杭州", "prefecture_city", "government_work_report", 2020, False)], ("doc_id", None)),
    ],
)
def test_keyness_target_falls_back(rows, expected):
    assert keyness_target(documents(rows), "admin_level", "province") == expected


@pytest.mark.parametrize(
    "by, target, text",
    [
        ("admin_level", "province", "target: admin_level = province (2020 浙江); reference: the other 6 reports"),
        ("year", 2020, "target: year = 2020 (2020 浙江, 2020 湖州, 2020 义乌 *); reference: the other 4 reports"),
        ("doc_id", None, "no keyness: it needs at least two reports"),
    ],
)
def test_describe_target(by, target, text):
    assert describe_target(reports_table(DOCS), by, target) == text


def test_keyness_extremes_sides_order_and_minimum():
    key = pd.DataFrame(
        {
            "term": ["甲", "乙", "丙", "丁", "戊", "己"],
            "G2": [9.0, 5.0, 5.0, 0.0, -2.0, -7.0],
            "p": [0.0] * 6,
            "n_target": [9, 6, 5, 3, 1, 0],
            "n_reference": [1, 0, 0, 3, 9, 8],
            "log_ratio": [3.0, 2.0, 2.0, 0.0, -2.0, -4.0],
        }
    )
    table = keyness_extremes(key, n=2, min_count=6)
    assert list(table["term"]) == ["甲", "乙", "己", "戊"]  # 丙 has 5 uses; 丁 is neither side
    assert list(table["side"]) == ["target", "target", "reference", "reference"]


# --- word clouds -----------------------------------------------------------------------------------


def test_place_summary_counts_reports_and_partial_ones():
    reports = reports_table(DOCS, ["2020-义乌-gwr", "2020-湖州-gwr", "file-1"])
    table = place_summary(reports)
    assert list(table["city"]) == ["义乌", "未知 unknown", "湖州"]
    assert list(table["title"]) == ["义乌 (1 report, 1 partial *)", "未知 unknown (1 report)", "湖州 (1 report)"]


def test_cloud_frequencies_pools_places_and_breaks_ties_by_term():
    reports = reports_table(
        documents([("a", "宁波", "prefecture_city", "government_work_report", 2019, False),
                   ("b", "宁波", "prefecture_city", "government_work_report", 2020, False),
                   ("c", "杭州", "prefecture_city", "government_work_report", 2020, False)])
    )
    freq = freq_rows([("a", "港口", 2), ("b", "港口", 1), ("b", "创新", 3), ("c", "创新", 1), ("c", "西湖", 1)])
    table = cloud_frequencies(freq, reports, n=2)
    assert list(table.itertuples(index=False, name=None)) == [
        ("宁波", "创新", 3), ("宁波", "港口", 3),
        ("杭州", "创新", 1), ("杭州", "西湖", 1),
        (OVERALL, "创新", 4), (OVERALL, "港口", 3),
    ]


# --- themes and the KWIC check ---------------------------------------------------------------------


def test_theme_sources_reads_the_source_paragraph(tmp_path):
    (tmp_path / "b_theme.txt").write_text("# Theme: b\n# Source: line one\n# line two\n#\n# Format: x\n\n创新\n", encoding="utf-8")
    (tmp_path / "a_theme.txt").write_text("# no source here\n数字经济\n数据\n", encoding="utf-8")
    table = theme_sources(tmp_path)
    assert list(table.itertuples(index=False, name=None)) == [("a_theme", 2, ""), ("b_theme", 1, "line one line two")]


def test_every_bundled_theme_states_its_source():
    table = theme_sources()
    assert len(table) == len(keywords.load_themes())
    assert (table["source"].str.len() > 20).all(), table[table["source"].str.len() <= 20]


def test_kwic_check_matches_frequency_counts():
    docs = {"a": "数字经济，数字经济。", "b": "生态文明。"}
    freq = keywords.frequency_table(docs)
    hits = keywords.kwic(docs, "数字经济")
    reports = pd.DataFrame({"doc_id": ["b", "a"], "date": ["", "2020-01-12"]})
    table = kwic_check(hits, freq, reports, "数字经济")
    assert list(table.itertuples(index=False, name=None)) == [("b", "", 0, 0, True), ("a", "2020-01-12", 2, 2, True)]
