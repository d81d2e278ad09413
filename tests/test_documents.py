"""Tests for govreports.documents: which documents are analysed, report labels and report orders, on
small hand-made tables and objects whose answers are read by eye."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from govreports.compare.panel import panel_table
from govreports.documents import (
    analysed,
    chronological,
    is_analysed,
    left_out_reason,
    report_label,
    report_labels,
    report_order,
    reports_table,
    sort_reports,
    year_order,
)
from govreports.measures.slogans import corpus_slogan_mentions, slogans_table
from govreports.measures.targets import documents_without_targets, results_table, targets_table

GWR, PLAN = "government_work_report", "plan_report"


def documents(rows):
    """A documents table from ``(doc_id, city, admin_level, doc_type, year, partial)`` rows."""
    table = pd.DataFrame(rows, columns=["doc_id", "city", "admin_level", "doc_type", "year", "partial"])
    table["year"] = table["year"].astype("Int64")
    return table.assign(date="", partial_reason="", n_chars=100)


DOCS = documents(
    [
        ("2020-义乌-gwr", "义乌", "county_city", GWR, 2020, True),
        ("2020-湖州-gwr", "湖州", "prefecture_city", GWR, 2020, False),
        ("2020-浙江-gwr", "浙江", "province", GWR, 2020, False),
        ("2019-瑞安-gwr", "瑞安", "county_city", GWR, 2019, False),
        ("2021-金华-plan", "金华", "prefecture_city", PLAN, 2021, True),
        ("001_x-8", "", "", "news", None, False),
        ("file-1", "", "", "unknown", None, False),
    ]
)


# --- which documents are analysed -------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc_type, duplicate_of, reason",
    [
        (GWR, "", ""),
        (PLAN, "", ""),
        ("unknown", "", ""),
        ("", "", ""),  # no type stated: counted as unknown, analysed
        (None, None, ""),
        ("news", "", "news item, not a report"),
        (GWR, "2020-宁波-gwr", "second copy of 2020-宁波-gwr"),
        ("news", "001-8", "second copy of 001-8"),
        ("speech", "", "document type speech"),
    ],
)
def test_left_out_reason(doc_type, duplicate_of, reason):
    assert left_out_reason(doc_type, duplicate_of) == reason


def test_analysed_table_and_objects_keep_their_order():
    table = DOCS.assign(duplicate_of=["", "", "", "2020-湖州-gwr", "", "", ""])
    assert list(analysed(table)["doc_id"]) == ["2020-义乌-gwr", "2020-湖州-gwr", "2020-浙江-gwr", "2021-金华-plan", "file-1"]
    objects = [SimpleNamespace(doc_id="b", doc_type="news"), SimpleNamespace(doc_id="a", doc_type=GWR),
               SimpleNamespace(doc_id="c", doc_type=GWR, duplicate_of="a"), SimpleNamespace(doc_id="d")]
    assert [doc.doc_id for doc in analysed(objects)] == ["a", "d"]
    assert is_analysed({"doc_type": PLAN, "duplicate_of": ""}) and not is_analysed(table.iloc[3])


# The same report twice, as the corpus lists it: the kept copy, and a second copy with ``duplicate_of``
# (its id suffix ``-copy``). Every measure that takes documents skips the second copy, as it skips news.
TEXT = "今年主要预期目标是：地区生产总值增长6.5%左右。坚持“八八战略”，深化“最多跑一次”改革。"
KEPT = SimpleNamespace(doc_id="2020-甲-gwr", city="甲", year=2020, review_year=2019, doc_type=GWR, admin_level="",
                       duplicate_of="", text=TEXT, sentences=())
COPY = SimpleNamespace(**{**vars(KEPT), "doc_id": "2020-甲-gwr-copy", "duplicate_of": "2020-甲-gwr"})
NEWS = SimpleNamespace(**{**vars(KEPT), "doc_id": "001-8", "doc_type": "news"})


def test_targets_skip_a_second_copy_and_news():
    assert set(targets_table([KEPT, COPY, NEWS])["doc_id"]) == {"2020-甲-gwr"}
    assert targets_table([KEPT, COPY, NEWS]).equals(targets_table([KEPT]))
    assert results_table([KEPT, COPY, NEWS]).equals(results_table([KEPT]))
    assert documents_without_targets([SimpleNamespace(**{**vars(COPY), "text": "没有目标。"})]) == []


def test_slogans_skip_a_second_copy_and_news():
    mentions = corpus_slogan_mentions([KEPT, COPY, NEWS])
    assert set(mentions["doc_id"]) == {"2020-甲-gwr"}
    table = slogans_table([KEPT, COPY, NEWS])
    assert table["docs"].tolist() == ["2020-甲-gwr"] * len(table)


def test_the_target_panel_skips_a_second_copy():
    assert panel_table([KEPT, COPY]).equals(panel_table([KEPT]))


# --- labels ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "year, city, doc_type, partial, doc_id, label",
    [
        (2022, "义乌", GWR, True, "2022-义乌-gwr", "2022 义乌 *"),
        (None, "", "news", False, "001-8", "001-8"),
    ],
)
def test_report_label_partial_and_news(year, city, doc_type, partial, doc_id, label):
    assert report_label(year, city, doc_type, partial, doc_id) == label


def test_report_labels_from_a_table():
    assert report_labels(DOCS, ["2021-金华-plan", "2020-义乌-gwr", "nowhere"]) == ["2021 金华 计划 *", "2020 义乌 *", "nowhere"]


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
    table = reports_table(DOCS, DOCS["doc_id"])
    assert list(table["doc_id"]) == [
        "2019-瑞安-gwr", "2020-浙江-gwr", "2020-湖州-gwr", "2020-义乌-gwr", "2021-金华-plan", "001_x-8", "file-1",
    ]
    assert list(table["label"])[:5] == ["2019 瑞安", "2020 浙江", "2020 湖州", "2020 义乌 *", "2021 金华 计划 *"]


def test_reports_table_keeps_the_analysed_documents_by_default():
    # the news item is listed in the documents table but not analysed; a file of unknown type is
    assert list(reports_table(DOCS)["doc_id"]) == [
        "2019-瑞安-gwr", "2020-浙江-gwr", "2020-湖州-gwr", "2020-义乌-gwr", "2021-金华-plan", "file-1",
    ]


def test_reports_table_keeps_only_the_given_reports():
    table = reports_table(DOCS, ["2020-湖州-gwr", "2019-瑞安-gwr"])
    assert list(table["doc_id"]) == ["2019-瑞安-gwr", "2020-湖州-gwr"]


def test_reports_table_labels_are_unique():
    twins = documents([("2020-湖州-gwr", "湖州", "prefecture_city", "government_work_report", 2020, False),
                       ("2020-湖州-gwr-2", "湖州", "prefecture_city", "government_work_report", 2020, True)])
    assert list(reports_table(twins)["label"]) == ["2020-湖州-gwr", "2020-湖州-gwr-2 *"]


# --- orders ----------------------------------------------------------------------------------------

# Seven reports: 台州 and 宁波 in 2019; the province, 宁波, 湖州 and 义乌 (a county-level city) in 2020; 金华 2023.
REPORTS = pd.DataFrame(
    {
        "doc_id": ["2020-浙江-gwr", "2020-湖州-gwr", "2020-义乌-gwr", "2019-宁波-gwr", "2020-宁波-gwr",
                   "2019-台州-gwr", "2023-金华-gwr"],
        "city": ["浙江", "湖州", "义乌", "宁波", "宁波", "台州", "金华"],
        "year": [2020, 2020, 2020, 2019, 2020, 2019, 2023],
        "admin_level": ["province", "prefecture_city", "county_city", "prefecture_city", "prefecture_city",
                        "prefecture_city", "prefecture_city"],
    }
)


def test_report_order_is_year_then_level_then_city():
    assert report_order(REPORTS) == [
        "2019-台州-gwr", "2019-宁波-gwr",  # 台 (U+53F0) before 宁 (U+5B81)
        "2020-浙江-gwr",  # the province first
        "2020-宁波-gwr", "2020-湖州-gwr",  # prefecture cities
        "2020-义乌-gwr",  # county-level city
        "2023-金华-gwr",
    ]
    assert list(sort_reports(REPORTS)["doc_id"]) == report_order(REPORTS)


def test_report_order_without_admin_level_and_year():
    reports = pd.DataFrame({"doc_id": ["x", "b", "a"], "city": ["", "宁波", "杭州"], "year": [None, 2020, 2020]})
    assert report_order(reports) == ["b", "a", "x"]  # 宁 (U+5B81) before 杭 (U+676D); undated last


def test_year_order_by_year_then_id_undated_last():
    table = pd.DataFrame({"doc_id": ["b", "x", "a", "c"], "year": [2020, None, 2020, 2019]})
    assert year_order(table) == ["c", "a", "b", "x"]
    # the province is not put first: 2020-宁波 (U+5B81) before 2020-浙江 (U+6D59)
    assert year_order(REPORTS)[2:4] == ["2020-义乌-gwr", "2020-宁波-gwr"]


def test_chronological_keeps_the_given_order_within_a_year():
    docs = [SimpleNamespace(doc_id="2020-浙江-gwr", year=2020), SimpleNamespace(doc_id="file-1", year=None),
            SimpleNamespace(doc_id="2020-宁波-gwr", year=2020), SimpleNamespace(doc_id="2019-台州-gwr", year=2019)]
    assert [d.doc_id for d in chronological(docs)] == ["2019-台州-gwr", "2020-浙江-gwr", "2020-宁波-gwr", "file-1"]
