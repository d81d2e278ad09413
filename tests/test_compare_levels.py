"""Who is under whom (data/places.csv) and the superior report of the same year."""

import pandas as pd
import pytest

from govreports.compare import levels


@pytest.mark.parametrize("city, chain", [
    ("全国", []),
    ("江苏", ["全国"]),
    ("北京", ["全国"]),  # a municipality is a province-level unit
    ("苏州", ["江苏", "全国"]),
    ("昆山", ["苏州", "江苏", "全国"]),  # county-level city under its prefecture
    ("义乌", ["金华", "浙江", "全国"]),
    ("瑞安", ["温州", "浙江", "全国"]),
    ("某县", []),  # not in the places table: no guess
    ("", []),
])
def test_superior_chain(city, chain):
    assert levels.superior_chain(city) == chain


def _reports(rows):
    return pd.DataFrame(rows, columns=["doc_id", "city", "admin_level", "year", "doc_type"])


REPORTS = _reports([
    ("2025-全国-gwr", "全国", "national", 2025, "government_work_report"),
    ("2025-江苏-gwr", "江苏", "province", 2025, "government_work_report"),
    ("2025-河北-gwr", "河北", "province", 2025, "government_work_report"),
    ("2025-苏州-gwr", "苏州", "prefecture_city", 2025, "government_work_report"),
    ("2025-昆山-gwr", "昆山", "county_city", 2025, "government_work_report"),
    ("2024-南京-gwr", "南京", "prefecture_city", 2024, "government_work_report"),  # no 江苏 2024
    ("2025-义乌-gwr", "义乌", "county_city", 2025, "government_work_report"),  # no 金华, no 浙江: 全国, 2 levels up
    ("2025-苏州-plan", "苏州", "prefecture_city", 2025, "plan_report"),  # a plan report pairs only with plan reports
    ("x-1", "", "", None, "unknown"),
])


def test_superior_pairs_each_level_with_the_one_above():
    pairs = levels.superior_pairs(REPORTS)
    assert pairs[["doc_id", "superior_doc", "levels_skipped"]].values.tolist() == [
        ["2025-江苏-gwr", "2025-全国-gwr", 0],
        ["2025-河北-gwr", "2025-全国-gwr", 0],
        ["2025-义乌-gwr", "2025-全国-gwr", 2],
        ["2025-苏州-gwr", "2025-江苏-gwr", 0],
        ["2025-昆山-gwr", "2025-苏州-gwr", 0],
    ]


def test_superior_pairs_of_an_empty_table():
    assert levels.superior_pairs(REPORTS.iloc[0:0]).empty


def test_busiest_superior_and_reports_under_it():
    assert levels.busiest_superior(REPORTS) == "2025-全国-gwr"  # three reports under it
    assert levels.reports_under(REPORTS, "2025-江苏-gwr", [2024, 2025]) == [
        "2025-苏州-gwr", "2025-昆山-gwr", "2024-南京-gwr", "2025-苏州-plan"]
    assert levels.busiest_superior(REPORTS[REPORTS["city"] == "南京"]) is None


def test_top_level_places():
    assert levels.top_level_places(REPORTS) == ["全国"]
    assert levels.top_level_places(REPORTS[REPORTS["admin_level"] == "province"]) == []  # one level only
