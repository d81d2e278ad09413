"""Tests of govreports.compare.slogans: slogans shared, a superior report's slogans in the reports under it,
each place's own, and KWIC lines, on small hand-made mentions tables whose values can be counted by eye."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from govreports.compare.slogans import (
    city_only_slogans,
    city_slogan_summary,
    comparable_reports,
    province_share_by_report,
    province_slogans_in_cities,
    shared_slogans,
    slogan_counts,
    slogan_kwic,
)
from govreports.measures.slogans import corpus_slogan_mentions

from support import CITY_DOCS, MENTIONS, REPORTS, slogan_mentions


def test_slogan_counts_keeps_given_order_and_fills_zeros():
    counts = slogan_counts(MENTIONS, ["诗画浙江", "八八战略", "不在"], ["2022-杭州-gwr", "2020-浙江-gwr"])
    assert counts.index.tolist() == ["诗画浙江", "八八战略", "不在"]
    assert counts.columns.tolist() == ["2022-杭州-gwr", "2020-浙江-gwr"]
    assert counts.to_numpy().tolist() == [[0, 1], [1, 2], [0, 0]]


def test_shared_slogans_ranked_by_reports_then_uses_then_slogan():
    table = shared_slogans(MENTIONS, min_docs=2)
    # 八八战略: 3 reports, 4 uses; 最多跑一次: 3 reports, 3 uses; 六争攻坚: 2 reports.
    assert table["slogan"].tolist() == ["八八战略", "最多跑一次", "六争攻坚"]
    assert table["n_docs"].tolist() == [3, 3, 2]
    assert table["count"].tolist() == [4, 3, 2]
    assert shared_slogans(MENTIONS, min_docs=2, max_rows=1)["slogan"].tolist() == ["八八战略"]


def test_shared_slogans_ties_sorted_by_code_point():
    mentions = slogan_mentions([("2020-浙江-gwr", "乙", "phrase"), ("2020-宁波-gwr", "乙", "phrase"),
                          ("2020-浙江-gwr", "甲", "phrase"), ("2020-宁波-gwr", "甲", "phrase")])
    assert shared_slogans(mentions)["slogan"].tolist() == sorted(["甲", "乙"])


def test_comparable_reports_other_places_in_the_years_in_time_order():
    chosen = comparable_reports(REPORTS, province_doc="2020-浙江-gwr", years=[2019, 2020])
    assert chosen["doc_id"].tolist() == CITY_DOCS
    with pytest.raises(KeyError, match="2020-江苏-gwr"):
        comparable_reports(REPORTS, province_doc="2020-江苏-gwr", years=[2020])


def test_province_slogans_in_cities():
    table = province_slogans_in_cities(MENTIONS, province_doc="2020-浙江-gwr", city_docs=CITY_DOCS)
    assert table["slogan"].tolist() == ["最多跑一次", "八八战略", "诗画浙江"]
    assert table["n_city_reports"].tolist() == [2, 1, 0]
    assert table["count_province"].tolist() == [1, 2, 1]
    assert table["n_cities"].tolist() == [1, 1, 0]
    # 杭州 2022 uses 八八战略 too, but it is not among the comparable city reports.
    assert table["city_reports"].tolist() == ["2019-宁波-gwr; 2020-宁波-gwr", "2020-宁波-gwr", ""]


def test_province_slogans_in_cities_without_the_province_report_is_empty():
    table = province_slogans_in_cities(MENTIONS, province_doc="2020-江苏-gwr", city_docs=CITY_DOCS)
    assert table.empty and "n_city_reports" in table.columns


def test_province_share_by_report():
    table = province_share_by_report(MENTIONS, REPORTS, province_doc="2020-浙江-gwr", city_docs=CITY_DOCS)
    assert table["doc_id"].tolist() == CITY_DOCS
    assert table["n_slogans"].tolist() == [3, 3]
    assert table["n_province"].tolist() == [1, 2]  # 最多跑一次; 八八战略 and 最多跑一次
    assert table["n_province_total"].tolist() == [3, 3]
    assert table["share_of_province"].tolist() == [0.333, 0.667]
    assert table["partial"].tolist() == [True, False]


def test_city_only_slogans():
    own = city_only_slogans(MENTIONS)
    assert own[["city", "slogan", "count", "n_docs"]].values.tolist() == [
        ["宁波", "六争攻坚", 2, 2],
        ["宁波", "246", 1, 1],
        ["杭州", "亲清在线", 1, 1],
        ["浙江", "诗画浙江", 1, 1],
    ]
    assert own.loc[own["slogan"] == "六争攻坚", "docs"].item() == "2019-宁波-gwr; 2020-宁波-gwr"


def test_city_only_slogans_ignores_uses_without_a_place():
    mentions = MENTIONS.copy()
    mentions.loc[mentions["slogan"] == "亲清在线", "city"] = ""
    assert "亲清在线" not in set(city_only_slogans(mentions)["slogan"])


def test_city_slogan_summary():
    summary = city_slogan_summary(MENTIONS, REPORTS).set_index("city")
    assert summary.index.tolist() == ["宁波", "杭州", "浙江"]
    assert summary.loc["宁波"].to_dict() == {"n_reports": 2, "n_partial": 1, "n_slogans": 4, "n_own": 2,
                                             "n_own_repeated": 1, "share_own": 0.5}
    assert summary.loc["浙江", "n_own"] == 1


def test_slogan_kwic_cuts_the_sentence_around_each_use():
    text = "上一句。深入实施“六争攻坚”行动,全力打好组合拳。再深化“六争攻坚”。"
    doc = SimpleNamespace(doc_id="2020-宁波-gwr", city="宁波", year=2020, doc_type="government_work_report",
                          text=text, sentences=())
    other = SimpleNamespace(doc_id="2019-宁波-gwr", city="宁波", year=2019, doc_type="government_work_report",
                            text="全面实施“六争攻坚”行动。", sentences=())
    mentions = corpus_slogan_mentions([doc, other])
    kwic = slogan_kwic(mentions, [doc, other], ["六争攻坚", "不在"], per_slogan=3, width=6)
    # The first use of each report first, then the second use of the first report.
    assert kwic["doc_id"].tolist() == ["2020-宁波-gwr", "2019-宁波-gwr", "2020-宁波-gwr"]
    assert kwic["keyword"].tolist() == ["六争攻坚"] * 3
    assert kwic[["pre", "post"]].values.tolist() == [["深入实施“", "”行动,全力…"], ["全面实施“", "”行动。"], ["再深化“", "”。"]]
    assert slogan_kwic(mentions, [doc, other], ["六争攻坚"], per_slogan=1)["doc_id"].tolist() == ["2020-宁波-gwr"]


def test_slogan_kwic_uses_the_documents_sentences_when_they_say_where():
    text = "甲乙。推进“两山”转化,再推进"
    sentences = (SimpleNamespace(text="甲乙。", start=0), SimpleNamespace(text="推进“两山”转化,再推进", start=3))
    doc = SimpleNamespace(doc_id="d", text=text, sentences=sentences)
    mentions = pd.DataFrame([{"slogan": "两山", "doc_id": "d", "start": 6, "end": 8, "rule": "quoted"}])
    row = slogan_kwic(mentions, [doc], ["两山"]).iloc[0]
    assert (row["pre"], row["keyword"], row["post"]) == ("推进“", "两山", "”转化,再推进")
