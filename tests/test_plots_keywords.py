"""Tests for govreports.plots.keywords: the word clouds' input (terms pooled per place, ties by term),
on small hand-made tables whose answers are read by eye."""

from __future__ import annotations

import pandas as pd
import pytest

from govreports.documents import reports_table
from govreports.plots.keywords import OVERALL, cloud_frequencies, place_summary

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
