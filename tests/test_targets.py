"""Tests of govreports.measures.targets: target passages, targets, headline results, document tables.

The seed cases copy their sentences verbatim from ``seeds/`` (a test checks they are still there);
the expected rows were read by hand from those sentences.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreports import paths
from govreports.measures import targets as targets_module
from govreports.measures.targets import (
    RESULT_COLUMNS,
    TARGET_COLUMNS,
    documents_without_targets,
    extract_results_from_text,
    extract_targets_from_text,
    find_target_passage,
    indicators,
    results_table,
    targets_table,
)
from govreports.text import fold_width

SEEDS = paths.SEEDS_DIR
Q = "qualitative"


@cache
def seed_text(name: str) -> str:
    """A seed file (by its number, ``000``) or one report of the web page ``001`` (``001:湖州:2020``)."""
    number, _, report = name.partition(":")
    text = next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")
    if not report:
        return text
    city, year = report.split(":")
    lines = [line for line in text.splitlines() if line.strip()]
    for title, body in zip(lines, lines[1:]):
        if re.search(rf"{year}年{city}\w*政府工作报告", title):
            return body
    raise LookupError(f"no report {report} in seed {number}")


def target_rows(frame: pd.DataFrame) -> list[tuple]:
    def number(x):
        return None if math.isnan(x) else x

    return [(r.indicator, number(r.value_low), number(r.value_high), r.unit, r.qualifier)
            for r in frame.itertuples()]


def result_rows(frame: pd.DataFrame) -> list[tuple]:
    return sorted((r.indicator, r.value, r.unit, r.qualifier, r.is_estimate) for r in frame.itertuples())


def numbers_in(text: str) -> set[float]:
    return {float(x) for x in re.findall(r"[0-9]+(?:\.[0-9]+)?", fold_width(text))}


# --- the seed reports -------------------------------------------------------------------------

@dataclass
class Seed:
    name: str  # seed_text() key
    year: int
    before: str  # the words just before the passage
    passage: str  # what find_target_passage must return
    after: str  # the words just after it
    targets: list[tuple]  # (indicator, value_low, value_high, unit, qualifier), in text order
    headline: str | None  # the review's headline sentence
    results: list[tuple]  # (indicator, value, unit, qualifier, is_estimate)


SEED_CASES = [
    Seed(
        "000", 2020,
        "为加快建设“两个样板”,",
        "建议2020年全市经济社会发展的主要预期目标是:地区生产总值增长7.5%以上,体现更高质量;社会消费品零售总额增长7%以上;民间投资,交通投资,高新技术产业投资,生态环保、城市更新和水利设施投资均增长15%以上;一般公共预算收入、城乡居民收入增长与经济增长基本同步,全员劳动生产率稳步提高,能源和环境指标完成上级下达的目标任务。",
        "重点实施九项行动:",
        [
            ("gdp_growth", 7.5, None, "%", "at_least"),
            ("retail_sales_growth", 7.0, None, "%", "at_least"),
            ("private_investment_growth", 15.0, None, "%", "at_least"),
            ("transport_investment_growth", 15.0, None, "%", "at_least"),
            ("high_tech_investment_growth", 15.0, None, "%", "at_least"),
            ("eco_urban_water_investment_growth", 15.0, None, "%", "at_least"),
            ("general_budget_revenue_growth", None, None, "", Q),
            ("resident_income_growth", None, None, "", Q),
            ("labour_productivity", None, None, "", Q),
            ("energy_environment", None, None, "", Q),
        ],
        "全年实现地区生产总值1421亿元,增长7.4%;在减税28亿元的前提下,完成财政总收入152.4亿元,其中一般公共预算收入101.2亿元,增长6.3%;城乡居民人均可支配收入为77260元和39664元,分别增长8.5%和9%。",
        [
            ("gdp", 1421.0, "亿元", "exact", False),
            ("gdp_growth", 7.4, "%", "exact", False),
            ("total_fiscal_revenue", 152.4, "亿元", "exact", False),
            ("general_budget_revenue", 101.2, "亿元", "exact", False),
            ("general_budget_revenue_growth", 6.3, "%", "exact", False),
            ("urban_income", 77260.0, "元", "exact", False),
            ("rural_income", 39664.0, "元", "exact", False),
            ("urban_income_growth", 8.5, "%", "exact", False),
            ("rural_income_growth", 9.0, "%", "exact", False),
        ],
    ),
    Seed(
        "001:湖州:2020", 2020,
        "综合考虑各方面因素,",
        "建议今年全市经济社会发展的主要预期目标为:地区生产总值增长7%左右;财政总收入和地方财政收入均增长8%左右;城镇、农村居民人均可支配收入分别增长7.5%和8%左右;研究与试验发展经费支出相当于地区生产总值的比例达到2.9%以上;固定资产投资增长10%;社会消费品零售总额增长8%左右;城镇登记失业率控制在3%以内;节能减排降碳完成省定任务。",
        "当前,随着境外疫情的加剧蔓延,境内外疫情防控和经济形势正在发生新的重大变化,",
        [
            ("gdp_growth", 7.0, 7.0, "%", "about"),
            ("total_fiscal_revenue_growth", 8.0, 8.0, "%", "about"),
            ("local_fiscal_revenue_growth", 8.0, 8.0, "%", "about"),
            ("urban_income_growth", 7.5, 7.5, "%", "about"),
            ("rural_income_growth", 8.0, 8.0, "%", "about"),
            ("rd_intensity", 2.9, None, "%", "at_least"),
            ("fixed_asset_investment_growth", 10.0, 10.0, "%", "exact"),
            ("retail_sales_growth", 8.0, 8.0, "%", "about"),
            ("registered_unemployment_rate", None, 3.0, "%", "at_most"),
            ("energy_environment", None, None, "", Q),
        ],
        "2019年,全市生产总值突破3000亿元,达到3122.4亿元,增长7.9%,人均生产总值突破10万元;财政总收入达到540.6亿元,其中地方财政收入316.1亿元,分别增长10.2%和10.1%;城镇、农村居民人均可支配收入分别达到59028元和34803元,增长8.5%和9.6%;十方面民生实事项目全面完成。",
        [
            ("gdp", 3122.4, "亿元", "exact", False),
            ("gdp_growth", 7.9, "%", "exact", False),
            ("total_fiscal_revenue", 540.6, "亿元", "exact", False),
            ("local_fiscal_revenue", 316.1, "亿元", "exact", False),
            ("total_fiscal_revenue_growth", 10.2, "%", "exact", False),
            ("local_fiscal_revenue_growth", 10.1, "%", "exact", False),
            ("urban_income", 59028.0, "元", "exact", False),
            ("rural_income", 34803.0, "元", "exact", False),
            ("urban_income_growth", 8.5, "%", "exact", False),
            ("rural_income_growth", 9.6, "%", "exact", False),
        ],
    ),
    Seed(
        "001:浙江:2020", 2020,
        "得到人民认可、经得起历史检验。",
        "建议2020年全省经济社会发展主要预期目标为:生产总值增长6%-6.5%,在高质量基础上能快则快;研发投入强度达到2.8%;城镇调查失业率控制在5%左右;有效投资、一般公共预算收入、城乡居民收入增长与经济增长基本同步,全员劳动生产率稳步提高,能源和环境指标完成国家下达的计划目标。",
        "具体工作中,要以“八八战略”为总纲,",
        [
            ("gdp_growth", 6.0, 6.5, "%", "range"),
            ("rd_intensity", 2.8, 2.8, "%", "exact"),
            ("surveyed_unemployment_rate", 5.0, 5.0, "%", "about"),
            ("effective_investment_growth", None, None, "", Q),
            ("general_budget_revenue_growth", None, None, "", Q),
            ("resident_income_growth", None, None, "", Q),
            ("labour_productivity", None, None, "", Q),
            ("energy_environment", None, None, "", Q),
        ],
        "预计全省生产总值突破6万亿元、增长6.8%,一般公共预算收入增长6.8%,城乡居民收入分别增长8.3%、9.4%。",
        [
            ("gdp", 6.0, "万亿元", "at_least", True),
            ("gdp_growth", 6.8, "%", "exact", True),
            ("general_budget_revenue_growth", 6.8, "%", "exact", True),
            ("urban_income_growth", 8.3, "%", "exact", True),
            ("rural_income_growth", 9.4, "%", "exact", True),
        ],
    ),
    Seed(
        "001:瑞安:2019", 2019,
        "以优异成绩迎接中华人民共和国成立70周年。",
        "2019年经济社会发展主要预期目标是:生产总值增长8%左右;一般公共预算收入增长8%,城镇、农村常住居民人均可支配收入分别增长8%和8.5%以上;限上固定资产投资增长8%以上,社会消费品零售总额增长8%,外贸出口占全国份额保持稳定;战略性新兴产业增加值增长9%,高新技术产业增加值增长10%,规上工业全员劳动生产率提高10%,研发经费支出占生产总值比重达2.7%以上;完成节能减排降碳任务。",
        "做好2019年工作,我们将致力于高质量发展、竞争力提升、现代化建设,",
        [
            ("gdp_growth", 8.0, 8.0, "%", "about"),
            ("general_budget_revenue_growth", 8.0, 8.0, "%", "exact"),
            ("urban_income_growth", 8.0, None, "%", "at_least"),
            ("rural_income_growth", 8.5, None, "%", "at_least"),
            ("fixed_asset_investment_growth", 8.0, None, "%", "at_least"),
            ("retail_sales_growth", 8.0, 8.0, "%", "exact"),
            ("exports_share", None, None, "", Q),
            ("strategic_emerging_industries_growth", 9.0, 9.0, "%", "exact"),
            ("high_tech_industry_growth", 10.0, 10.0, "%", "exact"),
            ("industrial_labour_productivity_growth", 10.0, 10.0, "%", "exact"),
            ("rd_intensity", 2.7, None, "%", "at_least"),
            ("energy_environment", None, None, "", Q),
        ],
        "预计全市实现生产总值910亿元,增长7.8%;财政总收入117.7亿元,其中一般公共预算收入71.1亿元,分别增长12.1%和12%;城镇、农村常住居民人均可支配收入分别增长7.9%和8.6%;新增11项国家和省级改革试点,获评12项国家和省级荣誉,获批创建省级高新区。",
        [
            ("gdp", 910.0, "亿元", "exact", True),
            ("gdp_growth", 7.8, "%", "exact", True),
            ("total_fiscal_revenue", 117.7, "亿元", "exact", True),
            ("general_budget_revenue", 71.1, "亿元", "exact", True),
            ("total_fiscal_revenue_growth", 12.1, "%", "exact", True),
            ("general_budget_revenue_growth", 12.0, "%", "exact", True),
            ("urban_income_growth", 7.9, "%", "exact", True),
            ("rural_income_growth", 8.6, "%", "exact", True),
        ],
    ),
    Seed(
        "001:宁波:2020", 2020,
        "在常态化疫情防控中抓实经济社会发展各项工作,",
        # The targets run over two sentences; the third sets none, and the work plan follows.
        "建议奋力实现地区生产总值增长6.5%左右,一般公共预算收入、城乡居民收入增长与经济增长基本同步。要坚守底线、强化“六稳”,细化落实“六保”措施,全力抓项目、扩投资、稳外贸、促消费,稳住经济基本盘,兜住民生底线,维护稳定大局,城镇登记失业率控制在3.5%以内,居民消费价格涨幅3.5%左右,坚决打赢三大攻坚战。",
        "要抢抓机遇、积极作为,大力培育新产业、发展新技术、抓好新基建、扩大新消费,加快推进制造业集群发展、新兴产业壮大发展、服务业倍增发展、乡村产业振兴发展,培育新的增长点增长极,牢牢把握发展主动权。 (一)坚定不移抓实体经济,培育壮大新动能精准高效服务企业。着力帮扶中小企业渡过难关,大力实施“五减”共克时艰行动,落实落细减税降费政策,全面实施阶段性减免企业社会保险费,全力降低企业水电气和物流成本,减少政府性收费,减免国有房产租金,提高中小企业生存和发展能力。着力营造更好发展环境,保护民营企业和企业家合法权益,完善构建亲清政商关系的政策体系,建立服务企业快速反应机制。开展“万员助万企”行动,深入实施融资畅通工程,增加首次贷、信用贷和无还本续贷,健全政策性融资担保和增信体系,普惠小微贷款综合融资成本较上年降低0.5个百分点,制造业贷款增长10%以上。",
        [
            ("gdp_growth", 6.5, 6.5, "%", "about"),
            ("general_budget_revenue_growth", None, None, "", Q),
            ("resident_income_growth", None, None, "", Q),
            ("registered_unemployment_rate", None, 3.5, "%", "at_most"),
            ("cpi_growth", 3.5, 3.5, "%", "about"),
        ],
        "全市实现地区生产总值11985亿元,增长6.8%,总量跃居全国城市第12位,比上年上升3位,居计划单列市第2位;完成一般公共预算收入1468.4亿元,增长6.4%;工业增加值突破5000亿元,增长7%;外贸进出口总额达到9170.3亿元,增长6.9%,出口额跻身全国城市第5位,占全国份额从3.38%提高到3.46%;实际利用外资23.6亿美元,增长19.7%;研发投入强度接近2.8%,数字经济核心产业增加值增长14.8%。",
        [
            ("gdp", 11985.0, "亿元", "exact", False),
            ("gdp_growth", 6.8, "%", "exact", False),
            ("general_budget_revenue", 1468.4, "亿元", "exact", False),
            ("general_budget_revenue_growth", 6.4, "%", "exact", False),
        ],
    ),
    Seed(
        "001:台州:2019", 2019,
        "综合考虑发展趋势和工作导向,",
        "建议今年经济社会发展主要预期目标为:生产总值增长7.5%左右,争取更高质量、更高效益、更好结果;一般公共预算收入增长、城乡居民收入增长与经济增长基本同步,全员劳动生产率稳步提高,节能减排降碳指标完成省定目标。",
        "在具体工作中,要把握好四方面要求: (一)始终坚持稳中求进工作总基调。",
        [
            ("gdp_growth", 7.5, 7.5, "%", "about"),
            ("general_budget_revenue_growth", None, None, "", Q),
            ("resident_income_growth", None, None, "", Q),
            ("labour_productivity", None, None, "", Q),
            ("energy_environment", None, None, "", Q),
        ],
        "全年生产总值增长7.6%,一般公共预算收入增长12.8%,城镇、农村居民人均可支配收入分别达到55705元和27631元。",
        [
            ("gdp_growth", 7.6, "%", "exact", False),
            ("general_budget_revenue_growth", 12.8, "%", "exact", False),
            ("urban_income", 55705.0, "元", "exact", False),
            ("rural_income", 27631.0, "元", "exact", False),
        ],
    ),
    Seed(
        "001:宁波:2019", 2019,
        "根据市委经济工作会议精神,",
        "建议今年经济社会发展的主要预期目标为:地区生产总值增长6.8%左右,在高质量前提下能快则快;研发经费支出占比超过2.8%;固定资产投资增长10%左右;一般公共预算收入、城乡居民收入增长与经济增长基本同步,城乡居民收入比持续缩小,居民消费价格涨幅3%左右;城镇登记失业率3.5%以内;能耗和环境指标完成省下达任务,资源效率、环境效率、劳动生产率和科技进步贡献率稳步提升。",
        "围绕上述目标要求,今年将重点做好十个方面的工作: (一)推动制造业高质量发展,全面打造实体经济新优势深入推进“产业争先”,",
        [
            ("gdp_growth", 6.8, 6.8, "%", "about"),
            ("rd_intensity", 2.8, None, "%", "at_least"),
            ("fixed_asset_investment_growth", 10.0, 10.0, "%", "about"),
            ("general_budget_revenue_growth", None, None, "", Q),
            ("resident_income_growth", None, None, "", Q),
            ("urban_rural_income_ratio", None, None, "", Q),
            ("cpi_growth", 3.0, 3.0, "%", "about"),
            ("registered_unemployment_rate", None, 3.5, "%", "at_most"),
            ("energy_environment", None, None, "", Q),
            ("resource_efficiency", None, None, "", Q),
            ("environmental_efficiency", None, None, "", Q),
            ("labour_productivity", None, None, "", Q),
            ("tech_progress_contribution", None, None, "", Q),
        ],
        "实现地区生产总值10745.5亿元,增长7%,跻身经济总量万亿城市行列;财政总收入2655.3亿元,增长9.9%,一般公共预算收入1379.7亿元,增长10.8%;研发经费支出占比提高到2.6%;城乡居民人均可支配收入分别为60134元和33633元,增长8%和8.9%,城乡居民收入比缩小到1.79:1。",
        [
            ("gdp", 10745.5, "亿元", "exact", False),
            ("gdp_growth", 7.0, "%", "exact", False),
            ("total_fiscal_revenue", 2655.3, "亿元", "exact", False),
            ("total_fiscal_revenue_growth", 9.9, "%", "exact", False),
            ("general_budget_revenue", 1379.7, "亿元", "exact", False),
            ("general_budget_revenue_growth", 10.8, "%", "exact", False),
            ("urban_income", 60134.0, "元", "exact", False),
            ("rural_income", 33633.0, "元", "exact", False),
            ("urban_income_growth", 8.0, "%", "exact", False),
            ("rural_income_growth", 8.9, "%", "exact", False),
        ],
    ),
    Seed(
        "001:杭州:2020", 2020,
        "奋力在我省打造“重要窗口”中走在前、作示范。",
        "建议2020年全市经济社会发展主要预期目标是:地区生产总值增长6.5%左右,一般公共预算收入增长7%左右,全社会研发经费支出与地区生产总值之比3.5%左右,城镇、农村居民人均可支配收入分别增长7.5%和8.5%,全员劳动生产率稳步提高,能源和环境指标完成省下达的计划目标。",
        "今年主要抓好以下八个方面工作:",
        [
            ("gdp_growth", 6.5, 6.5, "%", "about"),
            ("general_budget_revenue_growth", 7.0, 7.0, "%", "about"),
            ("rd_intensity", 3.5, 3.5, "%", "about"),
            ("urban_income_growth", 7.5, 7.5, "%", "exact"),
            ("rural_income_growth", 8.5, 8.5, "%", "exact"),
            ("labour_productivity", None, None, "", Q),
            ("energy_environment", None, None, "", Q),
        ],
        "全市地区生产总值完成15373亿元、增长6.8%,总量排名全国城市第9、较上年前进1位,一般公共预算收入增长7.7%,城乡居民人均可支配收入分别增长8%和9.2%。",
        [
            ("gdp", 15373.0, "亿元", "exact", False),
            ("gdp_growth", 6.8, "%", "exact", False),
            ("general_budget_revenue_growth", 7.7, "%", "exact", False),
            ("urban_income_growth", 8.0, "%", "exact", False),
            ("rural_income_growth", 9.2, "%", "exact", False),
        ],
    ),
    Seed(
        # A partial newspaper page: the review's headline figures were on the missing first page.
        "002", 2022,
        "也是新一届政府的开局之年。",
        "今年全市经济社会发展的主要预期目标是:地区生产总值增长8%以上;一般公共预算收入增速高于全省平均;社会消费品零售总额增长7.5%以上;制造业投资、民间投资、高新技术产业投资、生态环保、城市更新和水利设施投资均快于面上投资增长;城乡居民收入增速快于经济增速,收入比持续缩小;节能减排全面完成上级下达的任务。",
        "重点实施十项行动。",
        [
            ("gdp_growth", 8.0, None, "%", "at_least"),
            ("general_budget_revenue_growth", None, None, "", Q),
            ("retail_sales_growth", 7.5, None, "%", "at_least"),
            ("manufacturing_investment_growth", None, None, "", Q),
            ("private_investment_growth", None, None, "", Q),
            ("high_tech_investment_growth", None, None, "", Q),
            ("eco_urban_water_investment_growth", None, None, "", Q),
            ("resident_income_growth", None, None, "", Q),
            ("urban_rural_income_ratio", None, None, "", Q),
            ("energy_environment", None, None, "", Q),
        ],
        None,
        [],
    ),
]
SEED_IDS = [case.name for case in SEED_CASES]

# Reports with no target passage: 金华 2023 (a partial page that stops in the review) and
# 金华's 2021 plan report (an abstract whose 主要任务和措施 are work tasks, not the year's targets).
NO_PASSAGE_CASES = [
    ("003", 2023, "全市地区生产总值5562.47亿元、增长2.5%,居民人均可支配收入快于经济增长,城乡居民收入倍差缩小至1.95,",
     [("gdp", 5562.47, "亿元", "exact", False), ("gdp_growth", 2.5, "%", "exact", False)]),
    ("004", 2021, "经济运行逐月回暖,实现生产总值4704亿元,增长2.8%,三次产业结构调整为3.3∶38.6∶58.1。",
     [("gdp", 4704.0, "亿元", "exact", False), ("gdp_growth", 2.8, "%", "exact", False)]),
]


@pytest.mark.parametrize("case", SEED_CASES, ids=SEED_IDS)
def test_seed_literals_are_verbatim(case):
    text = seed_text(case.name)
    assert case.before + case.passage + case.after in text
    if case.headline:
        assert case.headline in text


@pytest.mark.parametrize("case", SEED_CASES, ids=SEED_IDS)
def test_passage_boundaries(case):
    text = case.before + case.passage + case.after
    start, end = find_target_passage(text, year=case.year)
    assert text[start:end] == case.passage


@pytest.mark.parametrize("case", SEED_CASES, ids=SEED_IDS)
def test_seed_targets(case):
    frame = extract_targets_from_text(case.before + case.passage + case.after, year=case.year)
    assert target_rows(frame) == case.targets
    assert (frame["target_year"] == case.year).all()


@pytest.mark.parametrize("case", SEED_CASES, ids=SEED_IDS)
def test_seed_targets_in_whole_report(case):
    text = seed_text(case.name)
    start, end = find_target_passage(text, year=case.year)
    assert text[start:end] == case.passage
    frame = extract_targets_from_text(text, year=case.year)
    assert target_rows(frame) == case.targets
    for row in frame.itertuples():
        assert text[row.start:row.end] == row.quote
        assert case.passage.find(row.quote) >= 0


def official_punctuation(text: str) -> str:
    """The seeds' half-width , : ; ( ) % and digits as an official full-width text writes them."""
    table = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "%": "％", "-": "－", ".": "．"}
    table.update({str(d): chr(0xFF10 + d) for d in range(10)})
    return text.translate(str.maketrans(table))


@pytest.mark.parametrize("case", SEED_CASES, ids=SEED_IDS)
def test_seed_targets_with_official_punctuation(case):
    text = official_punctuation(case.before + case.passage + case.after)
    frame = extract_targets_from_text(text, year=case.year)
    assert target_rows(frame) == case.targets
    start, end = find_target_passage(text, year=case.year)
    assert text[start:end] == official_punctuation(case.passage)


WITH_HEADLINE = [case for case in SEED_CASES if case.headline]


@pytest.mark.parametrize("case", WITH_HEADLINE, ids=[case.name for case in WITH_HEADLINE])
def test_seed_results(case):
    frame = extract_results_from_text(case.headline, review_year=case.year - 1)
    assert result_rows(frame) == sorted(case.results)
    assert (frame["result_year"] == case.year - 1).all()


@pytest.mark.parametrize("case", SEED_CASES, ids=SEED_IDS)
def test_seed_results_in_whole_report(case):
    text = seed_text(case.name)
    frame = extract_results_from_text(text, review_year=case.year - 1)
    assert result_rows(frame) == sorted(case.results)
    for row in frame.itertuples():
        assert text[row.start:row.end] == row.quote


@pytest.mark.parametrize(
    "name, year, headline, results", NO_PASSAGE_CASES, ids=[case[0] for case in NO_PASSAGE_CASES]
)
def test_reports_without_target_passage(name, year, headline, results):
    text = seed_text(name)
    assert headline in text
    assert find_target_passage(text, year=year) is None
    assert extract_targets_from_text(text, year=year).empty
    assert result_rows(extract_results_from_text(text, review_year=year - 1)) == sorted(results)


def test_plan_report_tasks_are_not_targets():
    # 004's 主要任务和措施 set work-task numbers; without a 主要预期目标 passage they are not targets.
    text = "二、2021年全市经济社会发展的主要任务和措施\n\n放大“义新欧”品牌影响力,“义新欧”班列开行1500列以上。全市域推进跨境电商综合试验区建设,力争跨境网络零售出口增长20%以上。"
    assert "放大“义新欧”品牌影响力,“义新欧”班列开行1500列以上。全市域推进跨境电商综合试验区建设,力争跨境网络零售出口增长20%以上。" in seed_text("004")
    assert find_target_passage(text, year=2021) is None


def test_five_year_goals_before_the_passage_are_skipped():
    five_years = "到2026年,地区生产总值突破2300亿元,规上工业产值突破2000亿元,社会消费品零售总额突破1400亿元,金融存贷款总量达1.5万亿元,金义都市区核心地位更加凸显,在全国百强县市中继续争先进位,走在前列。"
    summary = "地区生产总值、一般公共预算收入年均分别增长7.2%、9.4%;出口超过全国18个省份,进口翻三倍。"
    case = SEED_CASES[-1]
    assert five_years in seed_text("002") and summary in seed_text("002")
    text = summary + "\n" + five_years + "\n" + case.passage
    start, end = find_target_passage(text, year=2022)
    assert text[start:end] == case.passage
    assert extract_results_from_text(summary + five_years, review_year=2021).empty


# --- tricky phrasings -------------------------------------------------------------------------

LEAD = "今年主要预期目标为:"


@pytest.mark.parametrize("body, expected", [
    # ranges, with every dash and 至
    ("地区生产总值增长6%-6.5%。", [("gdp_growth", 6.0, 6.5, "%", "range")]),
    ("地区生产总值增长6%－6.5%。", [("gdp_growth", 6.0, 6.5, "%", "range")]),
    ("地区生产总值增长6%—6.5%。", [("gdp_growth", 6.0, 6.5, "%", "range")]),
    ("地区生产总值增长6%~6.5%。", [("gdp_growth", 6.0, 6.5, "%", "range")]),
    ("地区生产总值增长6%～6.5%。", [("gdp_growth", 6.0, 6.5, "%", "range")]),
    ("地区生产总值增长6%至6.5%。", [("gdp_growth", 6.0, 6.5, "%", "range")]),
    ("地区生产总值增长6-6.5%。", [("gdp_growth", 6.0, 6.5, "%", "range")]),
    # bounds
    ("地区生产总值增长不低于7%。", [("gdp_growth", 7.0, None, "%", "at_least")]),
    ("地区生产总值增长超过7%。", [("gdp_growth", 7.0, None, "%", "at_least")]),
    ("地区生产总值增长 7.5 %以上。", [("gdp_growth", 7.5, None, "%", "at_least")]),
    ("城镇登记失业率不超过3.5%。", [("registered_unemployment_rate", None, 3.5, "%", "at_most")]),
    ("城镇调查失业率控制在5.5%。", [("surveyed_unemployment_rate", None, 5.5, "%", "at_most")]),
    ("城镇调查失业率控制在5.5%左右。", [("surveyed_unemployment_rate", 5.5, 5.5, "%", "about")]),
    ("一般公共预算收入按增长7%安排。", [("general_budget_revenue_growth", 7.0, 7.0, "%", "exact")]),
    ("居民消费价格涨幅3%左右。", [("cpi_growth", 3.0, 3.0, "%", "about")]),
    ("地区生产总值增长-2%左右。", [("gdp_growth", -2.0, -2.0, "%", "about")]),
    # one phrase, several indicators
    ("财政总收入和地方财政收入均增长8%左右。", [
        ("total_fiscal_revenue_growth", 8.0, 8.0, "%", "about"),
        ("local_fiscal_revenue_growth", 8.0, 8.0, "%", "about")]),
    ("城镇、农村居民人均可支配收入分别增长7.5%和8%左右。", [
        ("urban_income_growth", 7.5, 7.5, "%", "about"),
        ("rural_income_growth", 8.0, 8.0, "%", "about")]),
    ("城乡居民人均可支配收入分别增长7%、8%。", [
        ("urban_income_growth", 7.0, 7.0, "%", "exact"),
        ("rural_income_growth", 8.0, 8.0, "%", "exact")]),
    ("民间、交通投资均增长10%以上。", [
        ("private_investment_growth", 10.0, None, "%", "at_least"),
        ("transport_investment_growth", 10.0, None, "%", "at_least")]),
    ("一般公共预算收入、城乡居民收入增长与经济增长基本同步。", [
        ("general_budget_revenue_growth", None, None, "", Q),
        ("resident_income_growth", None, None, "", Q)]),
    # qualitative
    ("城乡居民收入增长快于经济增长。", [("resident_income_growth", None, None, "", Q)]),
    ("一般公共预算收入增速高于全省平均。", [("general_budget_revenue_growth", None, None, "", Q)]),
    ("外贸出口占全国份额保持稳定。", [("exports_share", None, None, "", Q)]),
    ("城乡居民收入比持续缩小。", [("urban_rural_income_ratio", None, None, "", Q)]),
    ("能源和环境指标完成省下达的任务。", [("energy_environment", None, None, "", Q)]),
    ("完成节能减排降碳任务。", [("energy_environment", None, None, "", Q)]),
    # look-alikes are never GDP
    ("海洋生产总值增长8%。", [("ocean_gdp_growth", 8.0, 8.0, "%", "exact")]),
    ("人均生产总值增长6%。", [("gdp_per_capita", 6.0, 6.0, "%", "exact")]),
    ("单位GDP能耗下降3%。", [("energy_intensity", 3.0, 3.0, "%", "exact")]),
    ("数字经济增加值占GDP比重达到12%。", [("other", 12.0, 12.0, "%", "exact")]),
    # other units
    ("城镇新增就业10万人以上。", [("new_urban_jobs", 10.0, None, "万人", "at_least")]),
    ("粮食产量稳定在120万吨。", [("grain_output", 120.0, 120.0, "万吨", "exact")]),
    # official full-width punctuation and digits
    ("地区生产总值增长６．５％左右；研发投入强度达到３％。", [
        ("gdp_growth", 6.5, 6.5, "%", "about"), ("rd_intensity", 3.0, 3.0, "%", "exact")]),
    ("城镇、农村居民人均可支配收入分别增长７％和７．５％左右，城镇登记失业率控制在３．５％以内。", [
        ("urban_income_growth", 7.0, 7.0, "%", "about"),
        ("rural_income_growth", 7.5, 7.5, "%", "about"),
        ("registered_unemployment_rate", None, 3.5, "%", "at_most")]),
])
def test_tricky_phrasings(body, expected):
    assert target_rows(extract_targets_from_text(LEAD + body)) == expected


@pytest.mark.parametrize("text, expected", [
    ("建议今年地区生产总值增长7%左右,一般公共预算收入增长7%。", [
        ("gdp_growth", 7.0, 7.0, "%", "about"), ("general_budget_revenue_growth", 7.0, 7.0, "%", "exact")]),
    ("今年的主要目标是:地区生产总值增长6%左右。", [("gdp_growth", 6.0, 6.0, "%", "about")]),
    ("建议奋力实现地区生产总值增长6.5%左右。", [("gdp_growth", 6.5, 6.5, "%", "about")]),
    ("今年全市经济社会发展的主要预期目标：地区生产总值增长７％。", [("gdp_growth", 7.0, 7.0, "%", "exact")]),
    # 去年 before the trigger is not the review of last year's targets
    ("在去年基础上,建议今年主要预期目标为:地区生产总值增长6%左右。", [("gdp_growth", 6.0, 6.0, "%", "about")]),
])
def test_trigger_variants(text, expected):
    assert target_rows(extract_targets_from_text(text)) == expected


@pytest.mark.parametrize("text", [
    "今后五年的主要目标是:地区生产总值年均增长6%以上。",
    "到2025年,全市主要目标是:地区生产总值突破2000亿元。",
    "“十四五”时期主要目标是:地区生产总值年均增长6%。",
    "去年主要预期目标为:地区生产总值增长7%左右。",
    "空气优良率、能耗控制指标没有达到预期目标,水环境质量还不能稳定达标。",
    "较好地完成了市八届人大四次会议确定的主要目标任务。",
    "部分指标完成情况与预期目标存在较大差距。",
    "二、2020年主要目标任务2020年是高水平全面建成小康社会目标实现之年。",
    "人大代表建议374件、政协委员提案294件全部办复。",
    "主要预期目标为:实现经济社会高质量发展。",
    "2019年主要预期目标为:地区生产总值增长7%。",  # another year than the report's 2020
    "",
])
def test_no_target_passage(text):
    assert find_target_passage(text, year=2020) is None
    assert extract_targets_from_text(text, year=2020).empty


def test_named_year_is_the_target_year():
    frame = extract_targets_from_text("建议2020年主要预期目标为:地区生产总值增长6%。")
    assert frame["target_year"].tolist() == [2020]
    assert extract_targets_from_text("主要预期目标为:地区生产总值增长6%。", year=2021)["target_year"].tolist() == [2021]


@pytest.mark.parametrize("text, expected", [
    ("预计全市生产总值增长7%左右。", [("gdp_growth", 7.0, "%", "about", True)]),
    ("全市生产总值下降2.1%。", [("gdp_growth", -2.1, "%", "exact", False)]),
    ("全市地区生产总值１４２１亿元，增长７．４％。", [
        ("gdp", 1421.0, "亿元", "exact", False), ("gdp_growth", 7.4, "%", "exact", False)]),
    ("人均生产总值突破10万元,地区生产总值增长7%。", [("gdp_growth", 7.0, "%", "exact", False)]),
    ("全市海洋生产总值1000亿元,增长8%。", []),
    ("全市地区生产总值1000亿元,增长7%。一般公共预算收入100亿元,增长8%。", [
        ("gdp", 1000.0, "亿元", "exact", False), ("gdp_growth", 7.0, "%", "exact", False),
        ("general_budget_revenue", 100.0, "亿元", "exact", False),
        ("general_budget_revenue_growth", 8.0, "%", "exact", False)]),
    # figures after the target passage are targets, not results
    ("全年地区生产总值增长7%。建议今年主要预期目标为:地区生产总值增长6.5%左右。", [
        ("gdp_growth", 7.0, "%", "exact", False)]),
    ("过去五年,地区生产总值年均增长7%。", []),
])
def test_results_phrasings(text, expected):
    assert result_rows(extract_results_from_text(text)) == sorted(expected)


def test_review_year_read_from_heading():
    frame = extract_results_from_text("一、2019年工作回顾\n全年实现地区生产总值1421亿元,增长7.4%。")
    assert frame["result_year"].tolist() == [2019, 2019]


# --- document tables --------------------------------------------------------------------------

def fake_documents():
    huzhou, hangzhou = SEED_CASES[1], SEED_CASES[7]
    return [
        SimpleNamespace(doc_id="2020-湖州-gwr", city="湖州", year=2020, review_year=2019,
                        doc_type="government_work_report", text=huzhou.headline + "\n" + huzhou.passage),
        SimpleNamespace(doc_id="2021-金华-plan", city="金华", year=2021, review_year=2020, doc_type="plan_report",
                        text=NO_PASSAGE_CASES[1][2]),
        SimpleNamespace(doc_id="news-1", city="杭州", year=2020, review_year=None, doc_type="news",
                        text=hangzhou.headline + hangzhou.passage),
    ]


def test_targets_table():
    table = targets_table(fake_documents())
    assert list(table.columns) == TARGET_COLUMNS
    assert set(table["doc_id"]) == {"2020-湖州-gwr"}
    assert len(table) == len(SEED_CASES[1].targets)
    assert set(table["city"]) == {"湖州"} and set(table["target_year"]) == {2020}


def test_results_table():
    table = results_table(fake_documents())
    assert list(table.columns) == RESULT_COLUMNS
    assert table.groupby("doc_id").size().to_dict() == {"2020-湖州-gwr": 10, "2021-金华-plan": 2}
    assert set(table.loc[table["doc_id"] == "2021-金华-plan", "result_year"]) == {2020}


def test_documents_without_targets():
    assert documents_without_targets(fake_documents()) == ["2021-金华-plan"]


def test_tables_of_no_documents():
    assert list(targets_table([]).columns) == TARGET_COLUMNS
    assert list(results_table([]).columns) == RESULT_COLUMNS


def test_indicator_list():
    codes = [i.code for i in indicators()]
    assert len(codes) == len(set(codes))
    required = {
        "gdp_growth", "general_budget_revenue_growth", "total_fiscal_revenue_growth",
        "local_fiscal_revenue_growth", "urban_income_growth", "rural_income_growth",
        "resident_income_growth", "rd_intensity", "fixed_asset_investment_growth",
        "retail_sales_growth", "registered_unemployment_rate", "surveyed_unemployment_rate",
        "cpi_growth", "labour_productivity", "energy_environment", "exports_share",
        "private_investment_growth", "manufacturing_investment_growth", "urban_rural_income_ratio",
        "new_urban_jobs", "energy_intensity", "grain_output",
    }
    assert required <= set(codes)


@pytest.fixture
def indicator_file(tmp_path, monkeypatch):
    """Write an indicators file (the package's, plus given lines) and make the reader use it."""

    def write(*lines: str) -> None:
        path = tmp_path / "indicators.csv"
        path.write_text(targets_module.INDICATORS_FILE.read_text(encoding="utf-8") + "".join(f"{line}\n" for line in lines),
                        encoding="utf-8")
        monkeypatch.setattr(targets_module, "INDICATORS_FILE", path)
        targets_module.indicators.cache_clear()
        targets_module._alias_patterns.cache_clear()

    yield write
    monkeypatch.undo()
    targets_module.indicators.cache_clear()
    targets_module._alias_patterns.cache_clear()


TOURISM = "tourism_revenue_growth,indicator,旅游总收入,\"Total tourism revenue, growth %.\",旅游收入,yes,20"


def test_one_line_of_the_indicator_file_makes_a_new_indicator(indicator_file):
    from govreports.compare.targets import coverage_table
    from govreports.plots.targets import indicator_label

    before = targets_module.main_indicators()
    indicator_file(TOURISM)
    assert indicator_label("tourism_revenue_growth") == "旅游收入"
    assert "tourism_revenue_growth" in targets_module.headline_codes()
    assert targets_module.main_indicators() == (*before, "tourism_revenue_growth")
    targets = extract_targets_from_text("今年主要预期目标是:地区生产总值增长6.5%左右,旅游总收入增长10%以上。", year=2020)
    assert targets[["indicator", "value", "qualifier"]].values.tolist() == [
        ["gdp_growth", 6.5, "about"], ["tourism_revenue_growth", 10.0, "at_least"]]
    results = extract_results_from_text("2019年,全市实现地区生产总值1500亿元,增长7%;旅游总收入增长12%。", review_year=2019)
    assert results[["indicator", "value"]].values.tolist() == [
        ["gdp", 1500.0], ["gdp_growth", 7.0], ["tourism_revenue_growth", 12.0]]
    reports = pd.DataFrame({"doc_id": ["a"], "city": ["义乌"], "year": [2020]})
    assert coverage_table(targets.assign(doc_id="a"), reports)["indicator"].tolist()[-1] == "tourism_revenue_growth"


def test_an_indicator_without_label_headline_or_rank_is_shown_by_its_code(indicator_file):
    from govreports.plots.targets import indicator_label

    before = targets_module.main_indicators()
    indicator_file("tourism_revenue_growth,indicator,旅游总收入,Total tourism revenue.,,,")
    assert indicator_label("tourism_revenue_growth") == "tourism_revenue_growth"
    assert "tourism_revenue_growth" not in targets_module.headline_codes()
    assert targets_module.main_indicators() == before
    results = extract_results_from_text("2019年,全市实现地区生产总值1500亿元,增长7%;旅游总收入增长12%。", review_year=2019)
    assert results["indicator"].tolist() == ["gdp", "gdp_growth"]


@pytest.mark.parametrize(
    "line, message",
    [
        ("tourism_revenue_growth,indicator,旅游总收入,x,旅游收入,maybe,", "headline must be 'yes' or empty, not 'maybe', for tourism"),
        ("tourism_revenue_growth,indicator,旅游总收入,x,旅游收入,,0", "main_rank must be a whole number from 1, not '0'"),
        ("tourism_revenue_growth,indicator,旅游总收入,x,旅游收入,,第一", "main_rank must be a whole number from 1"),
        ("tourism_revenue_growth,indicator,旅游总收入,x,旅游收入,,１", "main_rank must be a whole number from 1, not '１'"),
        ("tourism_revenue_growth,indicator,旅游总收入,x,旅游收入,,1",
         "main_rank 1 is given to more than one indicator: gdp_growth, tourism_revenue_growth"),
    ],
)
def test_bad_indicator_columns_name_the_file_and_the_code(indicator_file, line, message):
    indicator_file(line)
    with pytest.raises(ValueError, match=re.escape(message)) as error:
        targets_module.indicators()
    assert "indicators.csv" in str(error.value)


# --- properties -------------------------------------------------------------------------------

SUBJECTS = [
    "地区生产总值", "生产总值", "海洋生产总值", "人均生产总值", "一般公共预算收入", "财政总收入和地方财政收入",
    "城镇、农村居民人均可支配收入", "城乡居民人均可支配收入", "城乡居民收入", "城乡居民收入比", "民间投资,交通投资",
    "数字经济增加值占GDP比重", "城镇登记失业率", "居民消费价格", "全市", "", "预计", "到2025年,", "年均",
]
VERBS = ["增长", "分别增长", "均增长", "达到", "控制在", "超过", "下降", "涨幅", "为", "突破", "", "增长-"]
NUMBERS = ["7.5", "６．５", "8", "2020", "0", "12.25", "１０", "3122.4", "007"]
UNITS = ["%", "％", "亿元", "元", "万人", "个百分点", "", "年"]
TAILS = ["左右", "以上", "以内", "", "和8%", "、9.4%", "-6.5%", "～７％", "至6%"]
SEPARATORS = [",", "，", ";", "；", "。", "、", "\n", " (一)", ""]
QUALITATIVE = ["与经济增长基本同步", "稳步提高", "完成上级下达的任务", "快于经济增速", "保持稳定", "持续缩小"]
TRIGGERS = ["主要预期目标为:", "建议今年", "建议奋力实现", "主要目标是：", "今后五年主要目标是:", "建议2020年主要预期目标是:", ""]

numeric_clause = st.tuples(
    st.sampled_from(SUBJECTS), st.sampled_from(VERBS), st.sampled_from(NUMBERS), st.sampled_from(UNITS),
    st.sampled_from(TAILS), st.sampled_from(SEPARATORS),
).map("".join)
qualitative_clause = st.tuples(
    st.sampled_from(SUBJECTS), st.sampled_from(QUALITATIVE), st.sampled_from(SEPARATORS),
).map("".join)
junk = st.text(max_size=6)
texts = st.tuples(
    st.sampled_from(TRIGGERS),
    st.lists(st.one_of(numeric_clause, numeric_clause, qualitative_clause, junk), max_size=12).map("".join),
).map("".join)
# Review sentences come before any target passage: no trigger in front.
review_texts = st.lists(st.one_of(numeric_clause, numeric_clause, junk), max_size=12).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_targets_never_invent_numbers(text):
    frame = extract_targets_from_text(text)
    for row in frame.itertuples():
        assert text[row.start:row.end] == row.quote
        found = numbers_in(row.quote)
        for value in (row.value_low, row.value_high, row.value):
            assert math.isnan(value) or abs(value) in found
    span = find_target_passage(text)
    assert span is None or 0 <= span[0] < span[1] <= len(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(review_texts)
def test_results_never_invent_numbers(text):
    for row in extract_results_from_text(text).itertuples():
        assert text[row.start:row.end] == row.quote
        assert abs(row.value) in numbers_in(row.quote)


# A national report's target passage in official full-width punctuation (State Council style,
# 2024 report), with the rows read by hand: (indicator, value_low, value_high, unit, qualifier).
NATIONAL_PASSAGE = (
    "今年发展主要预期目标是：国内生产总值增长５％左右；城镇新增就业１２００万人以上，城镇调查失业率５．５％左右；"
    "居民消费价格涨幅３％左右；居民收入增长和经济增长同步；国际收支保持基本平衡；粮食产量１．３万亿斤以上；"
    "单位国内生产总值能耗降低２．５％左右，生态环境质量持续改善。"
)


def test_national_style_passage_with_full_width_punctuation():
    rows = extract_targets_from_text(NATIONAL_PASSAGE)
    found = [
        (r.indicator, None if pd.isna(r.value_low) else r.value_low, None if pd.isna(r.value_high) else r.value_high,
         r.unit or None, r.qualifier)
        for r in rows.itertuples()
    ]
    assert found == [
        ("gdp_growth", 5.0, 5.0, "%", "about"),
        ("new_urban_jobs", 1200.0, None, "万人", "at_least"),
        ("surveyed_unemployment_rate", 5.5, 5.5, "%", "about"),
        ("cpi_growth", 3.0, 3.0, "%", "about"),
        ("resident_income_growth", None, None, None, "qualitative"),
        ("other", None, None, None, "qualitative"),  # 国际收支保持基本平衡
        ("grain_output", 1.3, None, "万亿斤", "at_least"),
        ("energy_intensity", 2.5, 2.5, "%", "about"),  # 单位国内生产总值能耗: not GDP
        ("other", None, None, None, "qualitative"),  # 生态环境质量持续改善
    ]
    assert all(q in NATIONAL_PASSAGE or q in fold_width(NATIONAL_PASSAGE) for q in rows["quote"])


@pytest.mark.parametrize(
    "passage, quote, indicator_text",
    [
        # 瑞安 2019 (seed 001): the predicate comes before its subject
        ("主要预期目标为:生产总值增长8%左右;完成节能减排降碳任务。", "完成节能减排降碳任务", "节能减排降碳"),
        ("主要预期目标是：地区生产总值增长5.5%左右；完成国家下达的节能减排任务。", "完成国家下达的节能减排任务", "节能减排"),
    ],
)
def test_inverted_qualitative_target_quotes_its_predicate(passage, quote, indicator_text):
    rows = extract_targets_from_text(passage)
    row = rows[rows["indicator"] == "energy_environment"].iloc[0]
    assert (row["quote"], row["indicator_text"], row["qualifier"]) == (quote, indicator_text, "qualitative")
    assert len(rows) == 2


# --- reports from other places and years: indicators by what is measured, one row per indicator,
# strive values and modifiers (short strings written for the test; expected values read by hand) --

def _rows(text, columns=("indicator", "value_low", "value_high", "qualifier")):
    table = extract_targets_from_text(text)
    return [tuple(None if (isinstance(v, float) and v != v) else v for v in row) for row in table[list(columns)].values.tolist()]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a share of GDP and a quantity per unit of GDP are their own indicators, never GDP
        ("主要预期目标是：全社会研发经费支出相当于全市生产总值的比例达到4.5%左右。",
         [("rd_intensity", 4.5, 4.5, "about")]),
        ("主要预期目标是：单位生产总值能耗、单位生产总值二氧化碳排放量进一步下降。",
         [("energy_intensity", None, None, "qualitative"), ("carbon_intensity", None, None, "qualitative")]),
        ("主要预期目标是：单位地区生产总值用水量下降2%。",
         [("water_intensity", 2.0, 2.0, "exact")]),
        ("主要预期目标是：赤字率拟按4%左右安排。",
         [("deficit_ratio", 4.0, 4.0, "about")]),
        ("主要预期目标是：海洋生产总值增长6%，数字经济核心产业增加值增长8%以上。",
         [("ocean_gdp_growth", 6.0, 6.0, "exact"), ("digital_economy_core_growth", 8.0, None, "at_least")]),
        # 经济增长X% in the target passage is GDP growth
        ("主要预期目标是：经济增长5.5%左右，居民消费价格涨幅3%左右。",
         [("gdp_growth", 5.5, 5.5, "about"), ("cpi_growth", 3.0, 3.0, "about")]),
        # qualifying words stay with their indicator: no fragment rows
        ("主要预期目标是：一般公共预算收入同口径增长4%以上，居民消费价格指数涨幅在2%左右。",
         [("general_budget_revenue_growth", 4.0, None, "at_least"), ("cpi_growth", 2.0, 2.0, "about")]),
        ("主要预期目标是：粮食产量和粮食播种面积、单位地区生产总值能耗降低及生态环境质量指标完成国家下达目标任务。",
         [("grain_output", None, None, "qualitative"), ("other", None, None, "qualitative"),
          ("energy_intensity", None, None, "qualitative"), ("other", None, None, "qualitative")]),
        # each value of a list keeps its own qualifier; a shared head is restored
        ("主要预期目标是：城镇和农村常住居民人均可支配收入分别增长5%左右、7%以上。",
         [("urban_income_growth", 5.0, 5.0, "about"), ("rural_income_growth", 7.0, None, "at_least")]),
        ("主要预期目标是：一、二、三产增加值分别增长3.5%以上、7%左右、5%以上。",
         [("primary_industry_growth", 3.5, None, "at_least"), ("secondary_industry_growth", 7.0, 7.0, "about"),
          ("tertiary_industry_growth", 5.0, None, "at_least")]),
        # full-width and letter-spaced digits (after cleaning spaces inside numbers are gone)
        ("主要预期目标是：地区生产总值增长８．８％左右。", [("gdp_growth", 8.8, 8.8, "about")]),
        # a five-year goal inside the passage is not this year's
        ("主要预期目标是：地区生产总值增长6%左右，“十四五”期间年均增长6.5%。", [("gdp_growth", 6.0, 6.0, "about")]),
    ],
)
def test_indicators_by_what_is_measured(text, expected):
    assert _rows(text) == expected


def test_no_fragment_rows_name_parts_of_words():
    table = extract_targets_from_text("主要预期目标是：单位生产总值能耗降低3%，一般公共预算收入同口径增长4%以上，居民消费价格涨幅控制在3%左右。")
    assert set(table["indicator_text"]) == {"单位生产总值能耗", "一般公共预算收入", "居民消费价格"}


@pytest.mark.parametrize(
    "text, strive, modifier",
    [
        ("主要预期目标是：地区生产总值增长7%以上、力争8%。", 8.0, ""),
        ("主要预期目标是：国内生产总值按增长5%安排，在实际工作中努力争取更好结果。", None, "在实际工作中努力争取更好结果"),
        ("主要预期目标是：国内生产总值增长6.5%左右，在实际工作中争取更好结果。", None, "在实际工作中争取更好结果"),
        ("主要预期目标是：地区生产总值增长6.5%左右，在高质量前提下能快则快。", None, "在高质量前提下能快则快"),
    ],
)
def test_strive_value_and_modifier_are_kept_apart(text, strive, modifier):
    row = extract_targets_from_text(text).iloc[0]
    assert row["indicator"] == "gdp_growth"
    assert (None if row["strive_value"] != row["strive_value"] else row["strive_value"]) == strive
    assert row["modifier"] == modifier
    assert row["quote"] in text and (modifier in row["quote"])


@pytest.mark.parametrize(
    "text, review_year, value, is_estimate",
    [
        ("一、2009年工作回顾\n国内生产总值达到33.5万亿元，比上年增长8.7%；财政收入6.85万亿元，增长11.7%。", 2009, 8.7, False),
        ("一、2016年工作回顾\n国内生产总值达到74.4万亿元，增长6.7%，对全球经济增长的贡献率超过30%。", 2016, 6.7, False),
        ("一、2013年工作回顾\n2013年，全面实现年初确定的主要目标，国内生产总值增长7.7%，财政赤字占国内生产总值的比重为2.1%。", 2013, 7.7, False),
        ("一、2024年工作回顾\n“十四五”以来，全省地区生产总值连跨4个千亿台阶，2024年达到1.3万亿元、增长5.8%。", 2024, 5.8, False),
        ("一、2024年工作回顾\n初步预计，全区地区生产总值增长4.2%左右。", 2024, 4.2, True),
        # a count of years and a multi-year average are never a yearly result
        ("一、2006年工作回顾\n经济增长连续四年达到或略高于10%。国内生产总值20.94万亿元，比上年增长10.7%。", 2006, 10.7, False),
        ("一、过去五年工作回顾\n国内生产总值从26.6万亿元增加到51.9万亿元，年均增长9.3%。2012年，国内生产总值增长7.8%。", 2012, 7.8, False),
    ],
)
def test_gdp_growth_result_layouts(text, review_year, value, is_estimate):
    table = extract_results_from_text(text, review_year=review_year)
    gdp = table[table.indicator == "gdp_growth"]
    assert len(gdp) == 1
    assert (gdp["value"].item(), bool(gdp["is_estimate"].item())) == (value, is_estimate)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("主要预期目标是：居民人均可支配收入增长与经济增长保持同步。", [("resident_income_growth", "qualitative")]),
        ("主要预期目标是：进出口稳中提质，国际收支状况继续改善。", [("foreign_trade_growth", "qualitative"), ("other", "qualitative")]),
        ("主要预期目标是：居民消费价格保持合理水平，单位地区生产总值能耗保持下降。", [("cpi_growth", "qualitative"), ("energy_intensity", "qualitative")]),
        ("主要预期目标是：单位生产总值能耗完成“十四五”考核目标。", [("energy_intensity", "qualitative")]),
        ("主要预期目标是：固定资产投资增速保持在全国平均水平以上。", [("fixed_asset_investment_growth", "qualitative")]),
        # a qualitative clause never takes the next clause's number
        ("主要预期目标是：固定资产投资提质提效，社会消费品零售总额增长5%左右。",
         [("fixed_asset_investment_growth", "qualitative"), ("retail_sales_growth", "about")]),
        ("主要预期目标是：进出口总额保持正增长，城镇新增就业65万人。",
         [("foreign_trade_growth", "qualitative"), ("new_urban_jobs", "exact")]),
        ("主要预期目标是：出口增长3%左右，空气质量优良天数比例96.3%以上。",
         [("exports_growth", "about"), ("air_quality", "at_least")]),
        ("主要预期目标是：全员劳动生产率16.8万元/人左右。", [("labour_productivity", "about")]),
    ],
)
def test_qualitative_and_unit_wordings(text, expected):
    assert _rows(text, ("indicator", "qualifier")) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # wordings of the 2000s: 农民人均纯收入, 实际利用外资, 主要污染物
        ("主要预期目标是：城镇居民人均可支配收入和农民人均纯收入分别增长8%和9%，实际利用外资8亿美元。",
         [("urban_income_growth", "exact"), ("rural_income_growth", "exact"), ("fdi_utilised", "exact")]),
        ("主要预期目标是：主要污染物排放量继续减少。", [("other", "qualitative")]),
    ],
)
def test_older_wordings(text, expected):
    assert _rows(text, ("indicator", "qualifier")) == expected
    if "主要污染物" in text:
        assert extract_targets_from_text(text)["indicator_text"].item() == "主要污染物排放量"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a list over several sentences; the last states only an unlisted indicator
        ("主要预期目标是：地区生产总值增长5.5%左右。居民消费价格涨幅2%左右。城镇调查失业率5.5%左右。"
         "粮食产量稳定在252亿斤以上。主要污染物排放完成国家下达目标。\n实现上述目标，必须坚持党的全面领导，保持定力。",
         [("gdp_growth", "about"), ("cpi_growth", "about"), ("surveyed_unemployment_rate", "about"),
          ("grain_output", "at_least"), ("other", "qualitative")]),
        ("主要预期目标是：地区生产总值增长5%左右，城镇新增就业45万人。不折不扣完成国家下达的约束性指标任务。",
         [("gdp_growth", "about"), ("new_urban_jobs", "exact"), ("energy_environment", "qualitative")]),
        ("主要预期目标是：进出口保稳提质，城镇新增就业70万人，国际收支状况有所改善。",
         [("foreign_trade_growth", "qualitative"), ("new_urban_jobs", "exact"), ("other", "qualitative")]),
        # a sentence that quotes a slogan goal ends the list
        ("主要预期目标是：地区生产总值增长6%。确保完成“3815”战略发展目标的任务。", [("gdp_growth", "exact")]),
    ],
)
def test_passage_over_several_sentences(text, expected):
    assert _rows(text, ("indicator", "qualifier")) == expected
