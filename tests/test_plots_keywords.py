"""Tests for govreports.plots.keywords: the word clouds' input (terms pooled per place, ties by term),
on small hand-made tables whose answers are read by eye."""

from __future__ import annotations

import pytest

from govreports.documents import reports_table
from govreports.plots.keywords import OVERALL, cloud_frequencies, place_summary

from support import REPORT_ROWS, report_rows
from support import frequency_rows as freq_rows

pytestmark = pytest.mark.usefixtures("private_cache")  # a token cache of each test's own




def test_place_summary_counts_reports_and_partial_ones():
    reports = reports_table(REPORT_ROWS, ["2020-义乌-gwr", "2020-湖州-gwr", "file-1"])
    table = place_summary(reports)
    assert list(table["city"]) == ["义乌", "未知 unknown", "湖州"]
    assert list(table["title"]) == ["义乌 (1 report, 1 partial *)", "未知 unknown (1 report)", "湖州 (1 report)"]


def test_cloud_frequencies_pools_places_and_breaks_ties_by_term():
    reports = reports_table(
        report_rows([("a", "宁波", "prefecture_city", "government_work_report", 2019, False),
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
