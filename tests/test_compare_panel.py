"""The target panel (govreports.compare.panel): each place's target beside its superior's and its outcome.

A six-report corpus written for the test: the national government, 浙江 (a province) and 湖州 (a
prefecture-level city of 浙江), each for 2019 and 2020. Every expected value below was read by
hand from these texts: the target in the report of year Y, the superior's target in its report of
Y, and the outcome in the same place's report of Y + 1 (一、Y年工作回顾).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from govreports.compare.panel import PANEL_COLUMNS, binding_of, panel_table, superior_of
from govreports.pipeline.corpus import load_corpus

REPORTS = {
    "全国2019.txt": (
        '政府工作报告\n'
        '——2019年3月5日在第十三届全国人民代表大会第二次会议上\n'
        '国务院总理 李克强\n'
        '各位代表：\n'
        '现在，我代表国务院，向大会报告政府工作，请予审议。\n'
        '一、2018年工作回顾\n'
        '过去一年，国内生产总值增长6.6%，居民消费价格上涨2.1%。\n'
        '二、2019年经济社会发展总体要求和政策取向\n'
        '今年发展的主要预期目标是：国内生产总值增长6%-6.5%；城镇新增就业1100万人以上，城镇调查失业率5.5%左右；居民消费价格涨幅3%左右；居民收入增长与经济增长基本同步。\n'
    ),
    "全国2020.txt": (
        '政府工作报告\n'
        '——2020年5月22日在第十三届全国人民代表大会第三次会议上\n'
        '国务院总理 李克强\n'
        '各位代表：\n'
        '现在，我代表国务院，向大会报告政府工作，请予审议。\n'
        '一、2019年工作回顾\n'
        '过去一年，国内生产总值增长6.1%，城镇新增就业1352万人。\n'
        '二、2020年经济社会发展总体要求\n'
        '今年发展的主要目标是：城镇新增就业900万人以上，城镇调查失业率6%左右；居民消费价格涨幅3.5%左右。\n'
    ),
    "浙江2019.txt": (
        '2019年浙江省政府工作报告\n'
        '——2019年1月14日在浙江省第十三届人民代表大会第二次会议上\n'
        '浙江省省长 袁家军\n'
        '各位代表：\n'
        '现在，我代表省人民政府向大会报告工作，请予审议。\n'
        '一、2018年工作回顾\n'
        '过去一年，全省生产总值增长7.1%，一般公共预算收入增长12.2%。\n'
        '二、2019年工作总体要求\n'
        '今年经济社会发展的主要预期目标是：全省生产总值增长6.5%左右，一般公共预算收入增长6%，城乡居民收入增长与经济增长基本同步，居民消费价格涨幅3%左右。\n'
    ),
    "浙江2020.txt": (
        '2020年浙江省政府工作报告\n'
        '——2020年1月13日在浙江省第十三届人民代表大会第三次会议上\n'
        '浙江省省长 袁家军\n'
        '各位代表：\n'
        '现在，我代表省人民政府向大会报告工作，请予审议。\n'
        '一、2019年工作回顾\n'
        '过去一年，全省生产总值增长6.8%，一般公共预算收入增长6.8%。\n'
        '二、2020年工作总体要求\n'
        '今年经济社会发展的主要预期目标是：全省生产总值增长6%-6.5%，一般公共预算收入增长5%，居民消费价格涨幅3.5%左右。\n'
    ),
    "湖州2019.txt": (
        '2019年湖州市政府工作报告\n'
        '——2019年1月20日在湖州市第八届人民代表大会第四次会议上\n'
        '湖州市市长 钱三雄\n'
        '各位代表：\n'
        '现在，我代表市人民政府向大会报告工作，请予审议。\n'
        '一、2018年工作回顾\n'
        '过去一年，全市生产总值增长8.1%，一般公共预算收入增长15.4%。\n'
        '二、2019年工作总体要求\n'
        '今年经济社会发展的主要预期目标是：全市生产总值增长7.5%以上，一般公共预算收入增长8%，居民消费价格涨幅3%左右。\n'
    ),
    "湖州2020.txt": (
        '2020年湖州市政府工作报告\n'
        '——2020年1月8日在湖州市第八届人民代表大会第五次会议上\n'
        '湖州市市长 王纲\n'
        '各位代表：\n'
        '现在，我代表市人民政府向大会报告工作，请予审议。\n'
        '一、2019年工作回顾\n'
        '过去一年，全市生产总值增长7.4%，一般公共预算收入增长9.2%。\n'
        '二、2020年工作总体要求\n'
        '今年经济社会发展的主要预期目标是：全市生产总值增长7%左右，力争7.5%，一般公共预算收入增长6%，居民消费价格涨幅3.5%左右。\n'
        '三、2020年重点工作\n'
        '需要说明的是，全市生产总值增长目标是预期性指标，不简单以速度论英雄。\n'
    ),
}


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("panel-corpus")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    corpus = load_corpus(folder, warn=False)
    assert [d.doc_id for d in corpus.reports()] == [
        "2019-全国-gwr", "2020-全国-gwr", "2019-浙江-gwr", "2020-浙江-gwr", "2019-湖州-gwr", "2020-湖州-gwr"]
    return panel_table(corpus.reports()).set_index(["place", "target_year", "indicator"])


def _same(actual, expected) -> bool:
    if isinstance(expected, float) and math.isnan(expected):
        return actual is None or pd.isna(actual)
    if expected is None:
        return pd.isna(actual)
    return actual == pytest.approx(expected) if isinstance(expected, float) else actual == expected


NAN = math.nan

# Ten rows checked against the texts above. For each: the target as written, the superior's target
# in its report of the same year and the gap (own number − superior's: a range counts by its
# midpoint, 以上 by its bound), the outcome in the next year's report and the verdict
# (左右/bare number: met within ±0.5; 以上: met if ≥ the bound).
#   浙江 2019 GDP: 6.5%左右 vs 全国 6%-6.5% (midpoint 6.25) → +0.25; 2020 report: 6.8 → |0.3| ≤ 0.5 met.
#   浙江 2019 revenue: 6% (bare) vs 全国 none (the national text sets no revenue target); outcome
#       6.8 → 0.8 above: exceeded (not met).
#   浙江 2019 CPI: 3%左右 vs 全国 3%左右 → 0; no CPI outcome is read (results: GDP, revenue, income).
#   湖州 2019 GDP: 7.5%以上 vs 浙江 6.5%左右 → +1.0; outcome 7.4 < 7.5: missed.
#   湖州 2019 revenue: 8% vs 浙江 6% → +2.0; outcome 9.2 → 1.2 above: exceeded.
#   湖州 2020 GDP: 7%左右, 力争7.5% vs 浙江 6%-6.5% (6.25) → +0.75; no 2021 report: missing.
#   湖州 2020 revenue: 6% vs 浙江 5% → +1.0.
#   浙江 2020 GDP: 6%-6.5% vs 全国 2020 (no GDP target in its text) → missing, with the reason.
#   全国 2019 GDP: 6%-6.5%, no superior; 2020 report: 6.1, inside the range: met.
#   全国 2019 income: qualitative (与经济增长基本同步); the 2020 report gives no income result.
TEN_ROWS = [
    (("浙江", 2019, "gdp_growth"), {
        "target": "6.5%左右", "qualifier": "about", "target_value": 6.5, "target_doc": "2019-浙江-gwr",
        "target_quote": "全省生产总值增长6.5%左右", "superior": "全国", "superior_doc": "2019-全国-gwr",
        "superior_target": "6-6.5%", "superior_value": 6.25, "gap_superior": 0.25, "superior_reason": "",
        "outcome_doc": "2020-浙江-gwr", "outcome": 6.8, "gap_outcome": 0.3, "met": True, "verdict": "met",
        "outcome_reason": ""}),
    (("浙江", 2019, "general_budget_revenue_growth"), {
        "target": "6%", "qualifier": "exact", "superior": "全国", "superior_doc": "", "gap_superior": NAN,
        "superior_reason": "2019-全国-gwr states no general_budget_revenue_growth target for 2019",
        "outcome": 6.8, "gap_outcome": 0.8, "met": False, "verdict": "exceeded"}),
    (("浙江", 2019, "cpi_growth"), {
        "target": "3%左右", "superior_target": "3%左右", "gap_superior": 0.0, "outcome": NAN, "met": None,
        "outcome_reason": "the results table reads no outcome for cpi_growth"}),
    (("湖州", 2019, "gdp_growth"), {
        "admin_level": "prefecture_city", "target": "7.5%以上", "qualifier": "at_least", "value_low": 7.5,
        "value_high": NAN, "superior": "浙江", "superior_doc": "2019-浙江-gwr", "superior_target": "6.5%左右",
        "gap_superior": 1.0, "outcome_doc": "2020-湖州-gwr", "outcome": 7.4, "gap_outcome": -0.1,
        "met": False, "verdict": "missed", "outcome_quote": "全市生产总值增长7.4%"}),
    (("湖州", 2019, "general_budget_revenue_growth"), {
        "target": "8%", "superior_target": "6%", "gap_superior": 2.0, "outcome": 9.2, "gap_outcome": 1.2,
        "met": False, "verdict": "exceeded"}),
    (("湖州", 2020, "gdp_growth"), {
        "target": "7%左右", "strive_value": 7.5, "target_quote": "全市生产总值增长7%左右，力争7.5%",
        "superior_target": "6-6.5%", "gap_superior": 0.75, "binding": "预期性", "outcome": NAN,
        "outcome_reason": "no report of 湖州 for 2021 in the corpus"}),
    (("湖州", 2020, "general_budget_revenue_growth"), {
        "target": "6%", "superior_doc": "2020-浙江-gwr", "superior_target": "5%", "gap_superior": 1.0,
        "binding": ""}),
    (("浙江", 2020, "gdp_growth"), {
        "admin_level": "province", "target": "6-6.5%", "qualifier": "range", "value_low": 6.0, "value_high": 6.5,
        "target_value": 6.25, "superior": "全国", "superior_target": "", "gap_superior": NAN,
        "superior_reason": "2020-全国-gwr states no gdp_growth target for 2020",
        "outcome_reason": "no report of 浙江 for 2021 in the corpus"}),
    (("全国", 2019, "gdp_growth"), {
        "admin_level": "national", "target": "6-6.5%", "superior": "", "superior_reason": "no superior: the national government",
        "outcome_doc": "2020-全国-gwr", "outcome": 6.1, "gap_outcome": -0.15, "met": True, "verdict": "met",
        "met_rule": "met if low ≤ outcome ≤ high"}),
    (("全国", 2019, "resident_income_growth"), {
        "target": "与经济增长基本同步", "qualifier": "qualitative", "target_value": NAN, "outcome": NAN,
        "met": None, "verdict": "not judged",
        "outcome_reason": "2020-全国-gwr reports no resident_income_growth result for 2019"}),
]


@pytest.mark.parametrize("key, expected", TEN_ROWS, ids=["-".join(map(str, k)) for k, _ in TEN_ROWS])
def test_ten_panel_rows_read_by_hand(panel, key, expected):
    row = panel.loc[key]
    wrong = {column: (row[column], value) for column, value in expected.items() if not _same(row[column], value)}
    assert wrong == {}


def test_panel_has_one_row_per_place_year_indicator(panel):
    assert panel.index.is_unique
    assert sorted(panel.reset_index().columns) == sorted(PANEL_COLUMNS)
    # 5 + 3 national rows, 4 + 3 for 浙江, 3 + 3 for 湖州: every coded target of the six passages
    assert len(panel) == 21


def test_every_missing_superior_or_outcome_has_a_reason(panel):
    assert (panel.loc[panel["superior_doc"] == "", "superior_reason"] != "").all()
    assert (panel.loc[panel["outcome_doc"] == "", "outcome_reason"] != "").all()


def test_every_province_row_is_beside_the_national_one(panel):
    province = panel.xs("浙江", level="place")
    assert set(province["superior"]) == {"全国"}
    found = province[province["superior_doc"] != ""]
    assert set(found["superior_doc"]) == {"2019-全国-gwr", "2020-全国-gwr"}


@pytest.mark.parametrize(
    "place, expected",
    [
        ("全国", ("", "no superior: the national government")),
        ("浙江", ("全国", "")),
        ("上海", ("全国", "")),
        ("湖州", ("浙江", "")),
        ("湖州市", ("浙江", "")),
        ("义乌", ("金华", "")),
        ("昆山", ("苏州", "")),
        ("某县", ("", "superior unknown: 某县 is not in data/places.csv")),
    ],
)
def test_superior_of(place, expected):
    assert superior_of(place) == expected


@pytest.mark.parametrize(
    "text, start, end, indicator_text, expected",
    [
        ("单位生产总值能耗下降3%(约束性指标),粮食产量稳定。", 0, 11, "单位生产总值能耗", "约束性"),
        ("生产总值增长6%左右。生产总值增长目标是预期性指标。", 0, 10, "生产总值", "预期性"),
        ("生产总值增长6%左右。政府提出生产总值增长的目标,是一个预期性、指导性指标。", 0, 10, "生产总值", "预期性"),
        # a list whose last item is called 约束性 says nothing about the first
        ("生产总值增长5%以上,居民消费价格保持合理水平,全面完成节能减排约束性指标。", 0, 11, "生产总值", ""),
        # a clause with both words says nothing; the clause that names one of them decides
        ("生产总值增长6%左右。生产总值和能耗分为预期性和约束性指标,生产总值是预期性指标。", 0, 10, "生产总值", "预期性"),
        ("生产总值增长6%左右。生产总值和能耗分为预期性和约束性指标。", 0, 10, "生产总值", ""),
        ("生产总值增长6%左右(预期性、约束性)。", 0, 10, "生产总值", ""),
        ("生产总值增长6%左右。", 0, 10, "生产总值", ""),
    ],
)
def test_binding_of(text, start, end, indicator_text, expected):
    assert binding_of(text, start, end, indicator_text)[0] == expected


def test_panel_command_prints_the_panel(tmp_path, capsys):
    import io

    from govreports.cli import main
    from govreports.export import columns_of

    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["panel", "--corpus", str(tmp_path), "--quiet"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(table.columns) == PANEL_COLUMNS
    assert sorted(PANEL_COLUMNS) == sorted(columns_of("panel"))
    row = table[(table["place"] == "湖州") & (table["target_year"] == "2019") & (table["indicator"] == "gdp_growth")]
    assert row[["target", "superior_target", "gap_superior", "outcome", "verdict"]].values.tolist() == [
        ["7.5%以上", "6.5%左右", "1.0", "7.4", "missed"]]


def test_counts_by_an_unknown_column_is_a_usage_error(capsys):
    from govreports.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["counts", "--by", "colour"])
    assert stop.value.code == 2
    assert "invalid choice: 'colour'" in capsys.readouterr().err


def test_a_chosen_tolerance_is_the_rule_of_every_about_row_judged_or_not(tmp_path):
    # 浙江 2019 GDP 6.5%左右 is judged (outcome 6.8 in the 2020 report); 浙江 2019 CPI 3%左右 is not
    # (no CPI result is read): with a ±1 band both rows must state ±1, not the default ±0.5.
    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path, warn=False)
    table = panel_table(corpus.reports(), tolerance=1.0)
    about = table[(table["place"] == "浙江") & (table["target_year"] == 2019) & (table["qualifier"] == "about")]
    assert set(about["verdict"]) == {"met", "not judged"}
    assert all("±1 " in rule and "±0.5" not in rule for rule in about["met_rule"])
