"""Growth targets and headline results: every number a report sets or reports, with its quote.

A government work report states the year's main targets in one passage (主要预期目标, and its
variants 预期目标为/是, 建议今年…, 建议奋力实现…, 主要目标是), and opens its review of the past
year with a few headline figures. This module finds both and returns tidy tables.

Usage::

    targets_table(documents)              # one row per (report, indicator) target
    results_table(documents)              # one row per (report, headline figure)
    documents_without_targets(documents)  # reports with no target passage

``documents`` is any iterable of objects with attributes ``doc_id, city, year, review_year,
doc_type, text`` (``text`` the cleaned text); only the analysed documents are read
(:func:`govreports.documents.is_analysed`: news items and second copies are skipped).

Targets table columns (:data:`TARGET_COLUMNS`):
    doc_id, city, year: the document's.
    target_year: the year the target is for: a year the passage names (建议2020年…), else the
        document's year.
    indicator: a code of ``data/indicators.csv``; ``other`` when no listed name matches.
    indicator_text: the indicator as the text names it (an elided shared head restored:
        城镇、农村居民人均可支配收入 gives 城镇居民人均可支配收入 and 农村居民人均可支配收入).
    value_low, value_high: the bounds the target sets: ``about``/``exact`` both the number,
        ``at_least`` only low, ``at_most`` only high, ``range`` both ends, ``qualitative`` none.
    unit: ``%``, ``个百分点``, ``亿元``… as written; empty if none.
    qualifier: ``about`` (左右, 上下), ``at_least`` (以上, 不低于, 超过, 突破), ``at_most`` (以内,
        以下, 不超过, 控制在…), ``range`` (6%-6.5%, with - － — ~ ～ 至), ``exact`` (a bare number,
        按…安排) or ``qualitative`` (与经济增长基本同步, 稳步提高, 完成上级下达的任务, 快于…,
        高于全省平均, 保持稳定, 持续缩小).
    quote: the exact substring of the text that states the target (subjects through predicate);
        every number of the row appears in it (a negative one as written: 增长-2%).
    value: the single number stated (empty for ranges and qualitative rows): the convenient
        column for charts.
    predicate: the words that set the target (增长7.5%以上, 与经济增长基本同步).
    start, end: character offsets of ``quote`` in the text.
    doc_type: the document's.

Results table columns (:data:`RESULT_COLUMNS`): doc_id, city, year, result_year (the reviewed
year), indicator (``gdp``, ``gdp_growth``, ``general_budget_revenue``, ``_growth``…,
``total_fiscal_revenue``, ``local_fiscal_revenue``, ``urban_income``, ``rural_income``,
``resident_income`` and their ``_growth``), indicator_text, value (a decline, 下降, is negative),
unit, qualifier (``exact``, ``about`` for 接近/约/左右, ``at_least`` for 突破/超过/以上),
is_estimate (the sentence says 预计: an estimate made before the year's statistics), quote, start,
end, is_preliminary (初步核算 / 初步统计: preliminary accounting, subject to revision), doc_type.

Decisions (read with the issue "growth targets"):
    - A document with no target passage contributes no rows; :func:`documents_without_targets`
      lists it, so that it is shown as missing, never as zero.
    - The passage is the sentence after the trigger; the following sentences of the same paragraph
      are added while each sets a listed indicator (宁波 2020 sets its unemployment and price
      targets in the sentence after 建议奋力实现…). Work-plan sentences after it are never read.
    - A trigger in a sentence about another period (今后五年, 到2025年, "十四五"期间, 去年,
      年初确定…) or naming another year than the document's is not this year's passage.
    - 分别增长7.5%和8%左右: the qualifier (左右, 以上) applies to every value of the list.
    - 城乡居民收入 named jointly is ``resident_income_growth``; with 分别 and two values it becomes
      ``urban_income_growth`` and ``rural_income_growth``.
    - 控制在 X with no other qualifier is ``at_most``.
    - A plan report (计划报告) is searched like a work report. Its 主要任务和措施 (新增企业300家,
      新建5G基站…) are work tasks, not the year's main targets, and are not read: the abstract of
      金华's 2021 plan report in the seeds has no 主要预期目标 passage, so it has no target rows.
    - Headline results are read from the first sentence of the review that states GDP (skipping
      five-year summaries: 年均, 五年, 累计), plus the next sentences of its paragraph while they
      add a headline figure.

Known gaps: an aspirational second value (增长7%左右,力争8%) is not kept; a target list laid out
one target per line after a colon is read only up to the first line; a number with a thousands
separator (1,234亿元) is not read; a 分别 list whose values do not match its indicators in number
gives no rows rather than a guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from govreports.datafiles import read_rows
from govreports.documents import analysed
from govreports.parallel import (
    DOCUMENTS_PER_JOB,
    batched,
    concatenated_tables,
    document_source,
    joined_tables,
    map_in_processes,
    source_text,
)
from govreports.paths import DATA_DIR
from govreports.text import HEADING_IN_TEXT, fold_width, sentence_spans

INDICATORS_FILE = DATA_DIR / "indicators.csv"

#: Columns of :func:`extract_targets_from_text` (the tables add ``doc_id, city, year`` in front).
TARGET_TEXT_COLUMNS = [
    "target_year", "indicator", "indicator_text", "value_low", "value_high", "unit", "qualifier",
    "quote", "value", "predicate", "start", "end", "strive_value", "modifier",
]
#: Columns of :func:`targets_table`, in order.
TARGET_COLUMNS = ["doc_id", "city", "year", *TARGET_TEXT_COLUMNS, "doc_type"]
#: Columns of :func:`extract_results_from_text`.
RESULT_TEXT_COLUMNS = [
    "result_year", "indicator", "indicator_text", "value", "unit", "qualifier", "is_estimate",
    "quote", "start", "end", "is_preliminary",
]
#: Columns of :func:`results_table`, in order.
RESULT_COLUMNS = ["doc_id", "city", "year", *RESULT_TEXT_COLUMNS, "doc_type"]

#: A jointly named indicator that 分别 with two values splits into two.
RESPECTIVELY_SPLIT = {"resident_income_growth": ("urban_income_growth", "rural_income_growth")}

# --- patterns (on text folded by govreports.text.fold_width: half-width digits and punctuation) --

_NUM = r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9.]|\s*(?:年|月|日|届|号|[A-Za-z]))"
_UNITS = sorted(
    ["个百分点", "百分点", "%", "‰", "万亿元", "亿元", "万元", "元", "亿人次", "万人次", "万人", "人",
     "万吨标准煤", "吨标准煤", "万吨", "吨", "万亿斤", "亿斤", "万斤", "斤", "万亩", "亩", "万标箱",
     "万千瓦", "亿千瓦时", "千瓦时", "亿美元", "万平方米", "平方米", "公里", "万辆", "万套", "万户", "户",
     "万元/人", "元/人", "万元/亩", "元/亩",
     "家", "个", "列", "倍"],
    key=len, reverse=True,
)
_UNIT = "|".join(map(re.escape, _UNITS))
_VERBS = sorted(
    ["提高到", "提升到", "提高至", "提升至", "下降到", "下降至", "降低到", "降低至", "缩小到",
     "缩小至", "增加到", "增长到", "控制在", "保持在", "稳定在", "增长", "增速", "增幅", "涨幅", "上涨",
     "提高", "提升", "下降", "降低", "降到", "降至", "缩小", "增加", "减少", "增至", "达到", "达", "为"],
    key=len, reverse=True,
)
_AT_LEAST_BOUNDS = ("不低于", "不少于", "超过", "高于", "大于", "突破")
_AT_MOST_BOUNDS = ("不超过", "不高于", "低于", "少于", "小于")
_BOUNDS = sorted(_AT_LEAST_BOUNDS + _AT_MOST_BOUNDS, key=len, reverse=True)
_RANGE_SEP = r"——|[-~—–〜至到]"
_LIST_SEP = r"和|、|与|及"
_VALUE = rf"{_NUM}\s*(?:{_UNIT})?"

_QUAL = r"及以上|以上|以内|以下|左右|上下"
#: A numeric predicate: verb, bound, one value, a range or a 分别 list (each value may carry its
#: own qualifier: 分别增长3.5%以上、7%左右), qualifier.
NUMERIC_PREDICATE = re.compile(
    rf"(?P<verb>{'|'.join(_VERBS)})?\s*(?P<bound>{'|'.join(_BOUNDS)})?\s*"
    rf"(?P<values>(?:(?<=增长)-)?{_VALUE}(?:\s*(?:{_QUAL}))?"
    rf"(?:\s*(?:{_RANGE_SEP}|{_LIST_SEP})\s*{_VALUE}(?:\s*(?:{_QUAL}))?)*)"
    rf"\s*(?P<qual>{_QUAL})?"
)
_VALUE_ITEM = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?(?:\s*(?P<qual>{_QUAL}))?")
#: A second, aspirational value after a target: 增长7%以上、力争8%; 力争达到6.5%.
STRIVE = re.compile(rf"(?:力争|争取|努力)(?:达到|实现|增长|提高到|提高)?\s*(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?")
#: Words that qualify a target without a number: 在实际工作中努力争取更好结果, 能快则快, 力争更好.
MODIFIER = re.compile(
    r"(?:在实际(?:工作|执行)中)?(?:努力|力争)?争取(?:更好|更高|更快)(?:的)?(?:结果|水平|成效)"
    r"|(?:在[^,;。]{1,10}(?:前提|基础)(?:下|上))?能快则快|力争更好|力争更快|越快越好|尽力而为|尽可能(?:更快|更好|更高)"
)
_RANGE_IN_VALUES = re.compile(rf"(?:%|[0-9])\s*(?:{_RANGE_SEP})\s*[0-9]")

#: A qualitative predicate (no number).
QUALITATIVE_PREDICATE = re.compile(
    r"(?:与|和|同)经济(?:增长|发展|增速)(?:基本|保持|总体)?同步"
    r"|(?:保持(?:总体|基本)?|基本|总体)(?:稳定|平衡)"
    r"|(?:稳步|持续|逐步|进一步|明显|不断|继续|保持)(?:提高|提升|增长|改善|缩小|下降|降低|增加|扩大|优化|减少|好转)"
    r"|(?:全面|确保)?完成(?:上级|国家|省里|省|市里|市)?(?:下达|确定|定)?的?(?:“?十[一二三四五六七八九]五”?(?:国家)?)?(?:计划)?"
    r"(?:约束性指标|考核目标|目标任务|目标|任务|计划)"
    r"|(?:保持在|高于|不低于|快于)(?:全国|全省|全市|全区|全县)(?:平均)?(?:水平)?(?:以上)?"
    r"|(?:快于|高于|优于|领先于|跑赢|不低于|略高于|高出)(?![0-9\s])[^,;。:!?、]{1,20}"
    # direction words of a list without numbers: 稳中提质, 回稳向好, 保持正增长, 保持合理水平, 达到国家要求
    r"|稳中(?:提质|向好|有进|有升|有增|求进)|稳量提质|提质(?:提效|增效|扩容)|回稳向好|企稳回升|(?:保持)?正增长"
    r"|保持(?:在)?合理(?:水平|区间)|达到国家(?:要求|标准|考核要求)|(?:全面|圆满)完成$"
    r"|保稳提质|稳定增长|保持(?:优良|优秀|良好)(?:水平)?|与全国(?:基本)?一致|(?:得到|有所|明显|逐步|继续)?改善$"
)
#: 完成节能减排降碳任务: the predicate before its subject.
INVERTED_PREDICATE = re.compile(
    r"\s*(?:(?:按照|根据)[^,;。]{0,10}?(?:要求|部署))?(?:不折不扣|坚决|全力|努力|全面|确保|圆满|切实|严格)?(?:地)?完成(?:上级|国家|省里|省|市里|市)?(?:下达|确定|定)?的?(?:“?十[一二三四五六七八九]五”?(?:期间)?)?"
    r"(?P<object>[^,;。:]{2,24}?)(?:约束性指标|考核目标|目标任务|任务|目标)\s*"
)

#: The start of the year's target passage.
TARGET_TRIGGER = re.compile(
    r"(?:主要)?(?:发展)?(?:预期|主要)目标\s*(?:建议)?\s*(?:(?:确定|定|设定)?[为是]\s*:?|如下\s*:?|:)"
    r"|建议(?:今年|(?:19|20)[0-9]{2}年)?(?:全市|全省|全县|全区|我市|我省)?(?:经济社会发展)?的?"
    r"(?:奋力|力争|努力|确保)实现"
    r"|建议(?:今年|(?:19|20)[0-9]{2}年)(?=[^,;。:]{0,12}?(?:生产总值|GDP|经济增长))"
)
#: The characters a :data:`TARGET_TRIGGER` match starts with (主要目标, 发展预期目标, 预期目标, 建议).
_TRIGGER_OPENS = re.compile("[主发预建]")


def _triggers(norm: str):
    """``TARGET_TRIGGER.finditer(norm)``, trying the pattern only where a match can start.

    The pattern opens with optional words, so the regex engine cannot skip to the places where
    a match may start; a search for its opening characters does.
    """
    at = _TRIGGER_OPENS.search(norm)
    while at is not None:
        match = TARGET_TRIGGER.match(norm, at.start())
        if match:
            yield match
        at = _TRIGGER_OPENS.search(norm, match.end() if match else at.start() + 1)


#: Words before a trigger (in its sentence) that make it another period's goals or last year's.
OTHER_PERIOD = re.compile(
    r"(?:今后|未来|这|过去|近)五年|五年(?:内|间|后|来)|到(?:19|20)[0-9]{2}年|(?:19|20)[0-9]{2}年(?:前|以前|之前)"
    r"|十[一二三四五六七八九]五”?(?:期间|时期|期末|末|规划(?:的)?(?:主要)?(?:目标|期))|2035|远景|中长期"
    r"|(?:去年|上年|年初(?:确定|提出|制定))的?(?:主要)?(?:发展)?(?:预期)?目标"
)
#: How many sentences after the first a target passage may run on (each must set a listed indicator).
MAX_FOLLOWING_SENTENCES = 12
#: How many sentences after the first one stating GDP the headline results may run on (each must add
#: a headline figure): the review's opening figures fill one to three sentences, and past them the
#: review turns to its details.
MAX_HEADLINE_FOLLOWING_SENTENCES = 3
#: Words in the first sentence of a passage that make its goals multi-year ones.
MULTI_YEAR_GOAL = re.compile(r"年均|到(?:19|20)[0-9]{2}年|五年")
#: Words in a sentence that make its figures a multi-year summary or goal, not one year's.
MULTI_YEAR = re.compile(
    r"年均|(?:今后|未来|过去|这|近)五年|五年(?:来|间|内|后)|到(?:19|20)[0-9]{2}年|累计"
    r"|十[一二三四五六七八九]五”?(?:期间|时期)|连续[一二三四五六七八九十两0-9]+年"
    r"|从[0-9.]+[^,;。]{0,8}?(?:增加|提高|上升|下降|扩大|减少|增长)到"  # 从26.6万亿元增加到51.9万亿元: a change over years
)
#: A figure from preliminary accounting (初步核算, 初步统计): final, but subject to revision (not 预计).
_PRELIMINARY = re.compile(r"初步(?:核算|统计|测算)")
#: A sentence about the future (将, 预期目标) or about a year other than the reviewed one states no result.
_FUTURE = re.compile(r"将(?:超过|达到|突破|增长|实现)|预期目标|力争|目标是|目标为")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})年")
_REVIEW_YEAR = re.compile(r"((?:19|20)[0-9]{2})年(?:工作回顾|主要工作|国民经济和社会发展计划执行情况)")

#: A headline figure: a money amount or a percentage, or a 和/、 list of them.
_MONEY_OR_PCT = r"%|万亿元|亿元|万元|元"
RESULT_VALUE = re.compile(
    r"(?P<verb>同比增长|增长|下降|减少|达到|达|为|实现|完成|突破|超过|接近|近|约)?\s*"
    rf"(?P<values>(?:(?<=增长)-)?{_NUM}\s*(?:{_MONEY_OR_PCT})"
    rf"(?:\s*(?:{_LIST_SEP})\s*{_NUM}\s*(?:{_MONEY_OR_PCT}))*)"
    r"\s*(?P<qual>左右|以上)?"
)
_RESULT_ITEM = re.compile(rf"(?P<sign>-)?(?P<num>{_NUM})\s*(?P<unit>{_MONEY_OR_PCT})")

# Words that name no indicator: stripped from the ends of the words around indicator names.
_NOISE_WORDS = (
    "增长", "增速", "增幅", "全市", "全省", "全县", "全区", "全年", "今年", "实现", "力争", "确保", "努力",
    "预期", "目标", "分别", "其中", "以及", "同时", "经济社会发展", "完成", "达到", "均", "都",
    "的", "和", "及", "与", "或", "按", "要", "预计", "突破", "超过", "接近", "为", "达",
    # words that qualify how an indicator is measured or held, never an indicator themselves
    "继续", "保持", "稳定", "涨幅", "同口径", "同比", "实际", "名义", "在", "总体", "基本",
    "下降", "降低", "提高", "提升",
    # the comparison a result is measured against: 比上年增长9.5%
    "比上年", "比去年", "较上年", "较去年", "比上年同期",
)
_NOISE = "|".join(sorted(_NOISE_WORDS, key=len, reverse=True)) + r"|(?:19|20)[0-9]{2}年|[\s,;:、“”\"'()《》]"
_LEADING_NOISE = re.compile(rf"(?:{_NOISE})+")  # used with .match(text, pos): anchored at pos
_TRAILING_NOISE = re.compile(rf"(?:{_NOISE})+$")
_BETWEEN_ITEMS = re.compile(r"[、,;和及与]")
_LIST_SEPARATORS = "、,;和及与"
#: Words right before a GDP name that make it a denominator: 单位GDP能耗, 万元生产总值…
_PER_UNIT_OF = ("单位", "万元")
#: The length of each word of :data:`_PER_UNIT_OF`, the characters looked at before a GDP name.
_PER_UNIT_CHARS = 2


# --- the indicator list -----------------------------------------------------------------------

@dataclass(frozen=True)
class Indicator:
    """One row of ``data/indicators.csv``."""

    code: str
    role: str  # "indicator" or "denominator"
    patterns: tuple[str, ...]
    description: str
    label: str = ""  # short Chinese name for figures; "" shows the code
    headline: bool = False  # may be stated as a headline result of the review
    main_rank: int | None = None  # place among the main indicators; None: not one


def _headline_flag(value: str, code: str) -> bool:
    """The ``headline`` cell of ``code``: ``yes`` or empty."""
    if value.strip() not in ("yes", ""):
        raise ValueError(f"{INDICATORS_FILE.name}: headline must be 'yes' or empty, not {value!r}, for {code}")
    return value.strip() == "yes"


def _main_rank(value: str, code: str) -> int | None:
    """The ``main_rank`` cell of ``code``: a positive whole number, or empty."""
    value = value.strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise ValueError(f"{INDICATORS_FILE.name}: main_rank must be a whole number from 1, not {value!r}, for {code}")
    return int(value)


@lru_cache(maxsize=None)
def indicators() -> tuple[Indicator, ...]:
    """The indicator list of ``data/indicators.csv`` (read once).

    Raises:
        ValueError: if a row has an unknown role, a pattern that does not compile, a ``headline``
            other than ``yes`` or empty, or a ``main_rank`` that is not a whole number from 1 or is
            given twice; the message names the file and the code.
    """
    rows = []
    for row in read_rows(INDICATORS_FILE):
        if row["role"] not in ("indicator", "denominator"):
            raise ValueError(f"indicators.csv: unknown role {row['role']!r} for {row['code']}")
        patterns = tuple(p.strip() for p in row["patterns"].split(";") if p.strip())
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"indicators.csv: bad pattern {pattern!r} for {row['code']}: {error}")
        rows.append(Indicator(row["code"], row["role"], patterns, row["description"],
                              (row.get("label") or "").strip(), _headline_flag(row.get("headline") or "", row["code"]),
                              _main_rank(row.get("main_rank") or "", row["code"])))
    ranked: dict[int, list[str]] = {}
    for indicator in rows:
        if indicator.main_rank is not None:
            ranked.setdefault(indicator.main_rank, []).append(indicator.code)
    for rank, codes in sorted(ranked.items()):
        if len(codes) > 1:
            raise ValueError(f"{INDICATORS_FILE.name}: main_rank {rank} is given to more than one indicator: {', '.join(codes)}")
    return tuple(rows)


def headline_codes() -> frozenset[str]:
    """The codes a headline result may have (``headline`` is ``yes``; growth codes: a level drops ``_growth``)."""
    return frozenset(i.code for i in indicators() if i.headline)


def main_indicators() -> tuple[str, ...]:
    """The main indicators (those with a ``main_rank``), in rank order: the columns of the coverage table."""
    return tuple(i.code for i in sorted((i for i in indicators() if i.main_rank is not None), key=lambda i: i.main_rank))


def indicator_labels() -> dict[str, str]:
    """Code → the short Chinese ``label`` used in figures, for the indicators that have one."""
    return {i.code: i.label for i in indicators() if i.label}


@lru_cache(maxsize=None)
def _alias_patterns() -> tuple[tuple[re.Pattern, str, str], ...]:
    return tuple((re.compile(p), i.code, i.role) for i in indicators() for p in i.patterns)


def required_literal(pattern: str) -> str | None:
    """The longest run of plain characters that every match of ``pattern`` holds, or ``None``.

    What lets :func:`_alias_matches` skip an indicator name's pattern in a stretch that does not
    hold its literal (生产总值 for ``(?:全市|全省)生产总值``): a ``str.find`` instead of a regex
    search, for the hundred names of ``data/indicators.csv`` in every clause. Read from the
    pattern's parse (the top level of the pattern, outside groups, alternatives, repeats and
    lookarounds); ``None`` where there is no such run, or the parse cannot be read (then the
    pattern is always searched: slower, never different).

    Example:
        >>> required_literal("(?:全市|全省)生产总值"), required_literal("人均(?:地区)?生产总值"), required_literal("甲|乙")
        ('生产总值', '生产总值', None)
    """
    try:
        from re import _constants, _parser  # the parser of ``re`` itself (a private module)

        parsed = _parser.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        runs, run = [], []
        for op, value in parsed:
            if op is _constants.LITERAL:
                run.append(chr(value))
            else:
                runs.append("".join(run))
                run = []
        runs.append("".join(run))
    except Exception:  # any change in the private parser means: no literal, the pattern searched always
        return None
    return max(runs, key=len) or None


def _alias_literals(patterns: tuple[tuple[re.Pattern, str, str], ...]) -> tuple[str | None, ...]:
    """:func:`required_literal` of each pattern of ``patterns`` (:func:`_alias_patterns`), in the same order."""
    return tuple(required_literal(pattern.pattern) for pattern, _, _ in patterns)


class _AliasSearch:
    """The indicator names' patterns, searched only where their literal occurs.

    One Aho-Corasick automaton (:mod:`ahocorasick_rs`) over the patterns' distinct literals
    (:func:`required_literal`) says in one pass over a stretch which patterns can match there;
    only those are searched, in the order of ``patterns``. A pattern without a literal is
    searched always.
    """

    def __init__(self, patterns: tuple[tuple[re.Pattern, str, str], ...]):
        import ahocorasick_rs

        self.patterns = patterns
        literals = _alias_literals(patterns)
        self._literals = sorted({literal for literal in literals if literal is not None})
        number = {literal: i for i, literal in enumerate(self._literals)}
        self._users: list[list[int]] = [[] for _ in self._literals]  # literal -> the patterns that need it
        for at, literal in enumerate(literals):
            if literal is not None:
                self._users[number[literal]].append(at)
        self._always = [at for at, literal in enumerate(literals) if literal is None]
        self._automaton = ahocorasick_rs.AhoCorasick(self._literals) if self._literals else None
        #: matches first where the first of the patterns does (:func:`_any_alias`)
        self.first = _any_alias(patterns)

    def candidates(self, text: str, start: int, stop: int) -> list[tuple[re.Pattern, str, str]]:
        """The patterns that can match inside ``text[start:stop]``, in the order of ``patterns``."""
        chosen = set(self._always)
        if self._automaton is not None:
            for i, _, _ in self._automaton.find_matches_as_indexes(text[start:stop], overlapping=True):
                chosen.update(self._users[i])
        return [self.patterns[at] for at in sorted(chosen)]


_SEARCH: list = [None, None]  # the patterns last searched and their _AliasSearch


def _alias_search(patterns: tuple[tuple[re.Pattern, str, str], ...]) -> _AliasSearch:
    """The :class:`_AliasSearch` of ``patterns``, made again only for another tuple of patterns.

    Kept by identity (``is``), not in an ``lru_cache``: hashing the hundred patterns on every
    clause cost as much as the search saved.
    """
    if _SEARCH[0] is not patterns:
        _SEARCH[:] = [patterns, _AliasSearch(patterns)]
    return _SEARCH[1]


# --- small pieces -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Item:
    """An indicator named in the text: its code, its words, and where the words are."""

    code: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Predicate:
    """What a clause says about its indicators: values and qualifier, or a qualitative phrase."""

    start: int
    end: int
    qualifier: str
    values: tuple[float, ...] = ()
    units: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()  # one per value where a list gives each its own (3.5%以上、7%左右)
    subject: tuple[int, int] | None = None  # for 完成X任务, where the subject follows 完成


def _trim(norm: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past noise words at both ends."""
    lead = _LEADING_NOISE.match(norm, start, end)
    if lead:
        start = lead.end()
    tail = _TRAILING_NOISE.search(norm, start, end)
    if tail:
        end = tail.start()
    return start, end


def _split_spans(norm: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Split ``[start, end)`` at any of ``separators`` (the separators are dropped)."""
    spans, begin = [], start
    for i in range(start, end):
        if norm[i] in separators:
            spans.append((begin, i))
            begin = i + 1
    spans.append((begin, end))
    return spans


def _paragraph_end(norm: str, start: int) -> int:
    """Where the paragraph holding ``start`` ends: the next line break or heading marker."""
    ends = [len(norm)]
    newline = norm.find("\n", start)
    if newline >= 0:
        ends.append(newline)
    heading = HEADING_IN_TEXT.search(norm, start + 1)
    if heading:
        ends.append(heading.start())
    return min(ends)


def _paragraphs(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``[start, end)`` at line breaks and heading markers ((一), 二、)."""
    cuts = {start, end}
    cuts.update(m.end() for m in _NEWLINE.finditer(norm, start, end))
    cuts.update(m.start() for m in HEADING_IN_TEXT.finditer(norm, start, end))
    points = sorted(c for c in cuts if start <= c <= end)
    return [(a, b) for a, b in zip(points, points[1:]) if norm[a:b].strip()]


_NEWLINE = re.compile("\n")

#: Characters past a span that a pattern's lookahead may read (经济 followed by 增长).
_LOOKAHEAD = 4


def _any_alias(patterns: tuple[tuple[re.Pattern, str, str], ...]) -> re.Pattern:
    """Every indicator name's pattern in one alternation: it matches first where the first of them does.

    No name's pattern matches before the place where this one first matches (had one matched
    earlier, so would its branch of the alternation), so each is searched from there on.
    """
    return re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _, _ in patterns))


def _alias_matches(norm: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """Indicator names in ``[start, end)``, the longest winning where two overlap, in order."""
    stop = min(len(norm), end + _LOOKAHEAD)
    search = _alias_search(_alias_patterns())
    first = search.first.search(norm, start, stop)
    if first is None:
        return []
    at = first.start()
    found = [  # a name whose literal is not in the stretch cannot match there: not searched
        (m.start(), m.end(), code, role)
        for pattern, code, role in search.candidates(norm, at, stop)
        for m in pattern.finditer(norm, at, stop)
        if m.end() > m.start() and m.end() <= end
    ]
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    chosen: list[tuple[int, int, str, str]] = []
    for f in found:
        if all(f[1] <= c[0] or f[0] >= c[1] for c in chosen):
            chosen.append(f)
    return sorted(chosen)


#: The longest head an elided list may share (城镇 in 城镇、农村居民人均可支配收入): a longer text before
#: the 、 is an indicator of its own, never the first half of the next one's name.
_MAX_ELIDED_HEAD = 6


def _resolve_ellipsis(head: str, following: str) -> tuple[str, int] | None:
    """Read 城镇 before 农村居民人均可支配收入 as 城镇居民人均可支配收入.

    Returns:
        The code and how many leading characters of ``following`` the head replaces, or ``None``.
    """
    if len(head) > _MAX_ELIDED_HEAD:
        return None
    for k in range(1, len(following)):
        candidate = head + following[k:]
        for pattern, code, role in _alias_patterns():
            if role == "indicator" and pattern.fullmatch(candidate):
                return code, k
    return None


def _gap_pieces(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an unnamed stretch at list separators (、和及与,), trimming noise words off each piece."""
    pieces = []
    for s, e in _split_spans(norm, start, end, _LIST_SEPARATORS):
        s, e = _trim(norm, s, e)
        if e > s:
            pieces.append((s, e))
    return pieces


def _subject_items(norm: str, text: str, start: int, end: int) -> tuple[list[_Item], bool]:
    """The indicators named in ``[start, end)``: one item per indicator, never a fragment.

    Listed names (``data/indicators.csv``) are found first. The words between them are split at
    list separators (、和及与): a piece that touches a named indicator with no separator between
    them qualifies it (一般公共预算收入同口径, 单位GDP能耗降低) and is folded into it; a piece
    standing between separators is an unlisted indicator of its own (``other``). A GDP name right
    after 单位 / 万元, or named only as a denominator (占GDP比重), is never GDP: the whole phrase
    becomes one ``other`` item.

    Returns:
        The items in order, and whether every word of the span is a listed indicator name or noise
        (a bare list such as 民间投资 that a later 均增长… may complete).
    """
    segments: list[list] = []  # [kind, start, end, code]
    pos = start
    for s, e, code, role in _alias_matches(norm, start, end):
        if s > pos:
            segments.append(["gap", pos, s, ""])
        if code == "gdp_growth" and norm[max(start, s - _PER_UNIT_CHARS):s] in _PER_UNIT_OF:
            role = "per_unit"
        segments.append([role, s, e, code])
        pos = e
    if pos < end:
        segments.append(["gap", pos, end, ""])

    items: list[_Item] = []
    all_known = True
    touching_previous = False  # the last item ends where the current segment starts
    for index, (kind, s, e, code) in enumerate(segments):
        if kind == "indicator":
            items.append(_Item(code, text[s:e], s, e))
            touching_previous = True
            continue
        if kind in ("denominator", "per_unit"):
            all_known = False
            # the phrase runs back to the previous separator and on to the next one
            begin = s - _PER_UNIT_CHARS if kind == "per_unit" else s
            if items and touching_previous and not _BETWEEN_ITEMS.search(norm, items[-1].end, begin):
                begin = items.pop().start
            else:
                back = begin
                while back > start and norm[back - 1] not in _LIST_SEPARATORS:
                    back -= 1
                begin = _trim(norm, back, begin)[0] if back < begin else begin
                if items and items[-1].end > begin:
                    begin = items.pop().start
            stop = e
            following = segments[index + 1] if index + 1 < len(segments) else None
            if following and following[0] == "gap":
                stop = e
                while stop < following[2] and norm[stop] not in _LIST_SEPARATORS:
                    stop += 1
                stop = _trim(norm, e, stop)[1] if stop > e else e
                stop = max(stop, e)
                following[1] = stop  # the rest of the gap is read on its own
            items.append(_Item("other", text[begin:stop], begin, stop))
            touching_previous = True
            continue
        pieces = _gap_pieces(norm, s, e)
        following = segments[index + 1] if index + 1 < len(segments) else None
        for k, (ps, pe) in enumerate(pieces):
            first, last = k == 0, k == len(pieces) - 1
            if first and items and touching_previous and not _BETWEEN_ITEMS.search(norm, items[-1].end, ps):
                previous = items.pop()  # 一般公共预算收入 + 同口径: one indicator
                items.append(_Item(previous.code, text[previous.start:pe], previous.start, pe))
                continue
            if last and following and following[0] == "indicator" and not _BETWEEN_ITEMS.search(norm, pe, following[1]):
                resolved = _resolve_ellipsis(norm[ps:pe], norm[following[1]:following[2]])
                if resolved:  # 城镇、农村居民人均可支配收入
                    code2, k2 = resolved
                    items.append(_Item(code2, text[ps:pe] + text[following[1] + k2:following[2]], ps, pe))
                    continue
                # 规模 + 工业增加值: a qualifier of the name that follows; read with it
                following[1] = ps
                following[0] = "indicator"
                continue
            if following and following[0] == "indicator":  # 一、二、三产增加值: each head shares the tail
                resolved = _resolve_ellipsis(norm[ps:pe], norm[following[1]:following[2]])
                if resolved:
                    code2, k2 = resolved
                    items.append(_Item(code2, text[ps:pe] + text[following[1] + k2:following[2]], ps, pe))
                    continue
            all_known = False
            items.append(_Item("other", text[ps:pe], ps, pe))
        touching_previous = False
    return items, all_known


def _qualifier_of(qual: str | None, bound: str | None, verb: str | None) -> str:
    """The qualifier code of a qualifier word, else of a bound or verb (控制在), else ``exact``."""
    if qual in ("左右", "上下"):
        return "about"
    if qual in ("以上", "及以上"):
        return "at_least"
    if qual in ("以内", "以下"):
        return "at_most"
    if bound in _AT_LEAST_BOUNDS:
        return "at_least"
    if bound in _AT_MOST_BOUNDS or verb == "控制在":
        return "at_most"
    return "exact"


def _numeric_predicate(match: re.Match) -> _Predicate | None:
    """Read a :data:`NUMERIC_PREDICATE` match; ``None`` if it is a bare number (no unit, no verb).

    A qualifier written after one value of a list is that value's; a value without its own takes
    the last one written (分别增长7.5%和8%左右: both about), else the bound or verb's.
    """
    values, units, quals = [], [], []
    for item in _VALUE_ITEM.finditer(match.group("values")):
        values.append(float(item.group("num")))
        units.append(item.group("unit") or "")
        quals.append(item.group("qual") or "")
    if match.group("values").startswith("-"):  # 增长-2%: a planned fall, as written
        values[0] = -values[0]
    verb, bound = match.group("verb"), match.group("bound")
    trailing = match.group("qual") or next((q for q in reversed(quals) if q), "")
    if not (verb or bound or trailing or any(units)):
        return None
    last_unit = next((u for u in reversed(units) if u), "")
    units = [u or last_unit for u in units]
    is_range = len(values) == 2 and bool(_RANGE_IN_VALUES.search(match.group("values")))
    qualifier = "range" if is_range else _qualifier_of(trailing, bound, verb)
    per_value = () if is_range else tuple(_qualifier_of(q or trailing, bound, verb) for q in quals)
    start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
    return _Predicate(start, match.end(), qualifier, tuple(values), tuple(units), per_value)


def _next_predicate(norm: str, start: int, end: int) -> _Predicate | None:
    """The first predicate in ``[start, end)``: numeric, qualitative, or 完成X任务."""
    inverted = INVERTED_PREDICATE.fullmatch(norm, start, end)
    if inverted:
        return _Predicate(start, end, "qualitative", subject=inverted.span("object"))
    numeric = None
    for match in NUMERIC_PREDICATE.finditer(norm, start, end):
        numeric = _numeric_predicate(match)
        if numeric:
            break
    qualitative = QUALITATIVE_PREDICATE.search(norm, start, end)
    if qualitative and (numeric is None or qualitative.start() < numeric.start):
        return _Predicate(qualitative.start(), qualitative.end(), "qualitative")
    return numeric


def _pair(items: list[_Item], predicate: _Predicate) -> list[tuple[_Item, tuple[int, ...]]]:
    """Which values each item gets: all of them (均, a range), one each (分别), or none."""
    n = len(predicate.values)
    if predicate.qualifier in ("qualitative", "range") or n == 1:
        return [(item, tuple(range(n))) for item in items]
    if len(items) == n:
        return [(item, (i,)) for i, item in enumerate(items)]
    if len(items) == 1 and items[0].code in RESPECTIVELY_SPLIT and n == 2:
        item = items[0]
        return [(_Item(code, item.text, item.start, item.end), (i,))
                for i, code in enumerate(RESPECTIVELY_SPLIT[item.code])]
    return []


def _target_rows(items: list[_Item], predicate: _Predicate, text: str) -> list[dict[str, Any]]:
    """One row per item that ``predicate`` sets."""
    if not items:
        return []
    # the quote runs from the first indicator, or from the predicate when it comes first (完成…任务)
    start = min(min(item.start for item in items), predicate.start)
    while start < predicate.end and text[start].isspace():
        start += 1
    rows = []
    for item, indices in _pair(items, predicate):
        values = [predicate.values[i] for i in indices]
        unit = predicate.units[indices[-1]] if indices else ""
        qualifier = predicate.qualifier
        if len(indices) == 1 and predicate.qualifiers:
            qualifier = predicate.qualifiers[indices[0]]
        low = high = value = math.nan
        if qualifier == "range":
            low, high = values
        elif values:
            value = values[0]
            low = value if qualifier != "at_most" else math.nan
            high = value if qualifier != "at_least" else math.nan
        rows.append({
            "indicator": item.code, "indicator_text": item.text, "value_low": low, "value_high": high,
            "unit": unit, "qualifier": qualifier, "quote": text[start:predicate.end],
            "value": value, "predicate": text[predicate.start:predicate.end].strip(),
            "start": start, "end": predicate.end,
        })
    return rows


def _clause_rows(
    norm: str, text: str, start: int, end: int, pending: list[_Item]
) -> tuple[list[dict[str, Any]], list[_Item]]:
    """Rows of one comma-separated clause, and the bare indicator list it leaves pending."""
    rows: list[dict[str, Any]] = []
    pos = start
    while pos < end:
        predicate = _next_predicate(norm, pos, end)
        if predicate is None:
            items, all_known = _subject_items(norm, text, pos, end)
            if not items:
                return rows, pending
            return rows, (pending + items) if all_known else []
        subject = predicate.subject or (pos, predicate.start)
        items, _ = _subject_items(norm, text, *subject)
        rows.extend(_target_rows(pending + items, predicate, text))
        pending = []
        pos = predicate.end
    return rows, pending


def _targets_in_span(norm: str, text: str, start: int, end: int) -> list[dict[str, Any]]:
    """Every target stated in ``[start, end)``; a list continues over commas, not over ;。:"""
    rows: list[dict[str, Any]] = []
    for group_start, group_end in _split_spans(norm, start, end, ";:。!?"):
        pending: list[_Item] = []
        group: list[dict[str, Any]] = []
        for clause_start, clause_end in _split_spans(norm, group_start, group_end, ","):
            if MULTI_YEAR.search(norm, clause_start, clause_end) and re.search(r"[0-9]", norm[clause_start:clause_end]):
                continue  # a five-year goal (年均增长6.5%) inside the passage is not this year's; 完成“十四五”…目标 is
            clause, pending = _clause_rows(norm, text, clause_start, clause_end, pending)
            group.extend(clause)
        _add_strive_and_modifiers(norm, text, group, group_end)
        rows.extend(group)
    return rows


def _add_strive_and_modifiers(norm: str, text: str, rows: list[dict[str, Any]], group_end: int) -> None:
    """Give each target the 力争 value and the modifier words written after it (in place).

    What follows a target's predicate up to the next target (or the end of its sentence group) is
    searched: 力争8% becomes ``strive_value`` 8, 在实际工作中努力争取更好结果 the ``modifier``; the
    quote is extended over them. Rows sharing one predicate (均增长…) share them.
    """
    for row in rows:
        row.setdefault("strive_value", math.nan)
        row.setdefault("modifier", "")
    ends = sorted({row["end"] for row in rows})
    for k, end in enumerate(ends):
        stop = ends[k + 1] if k + 1 < len(ends) else group_end
        later_starts = [r["start"] for r in rows if r["start"] >= end]
        stop = min([stop, *later_starts])
        strive = STRIVE.search(norm, end, stop)
        modifier = MODIFIER.search(norm, end, stop)
        new_end = max([m.end() for m in (strive, modifier) if m], default=end)
        for row in rows:
            if row["end"] != end:
                continue
            if strive:
                row["strive_value"] = float(strive.group("num"))
            if modifier:
                row["modifier"] = text[modifier.start():modifier.end()]
            if new_end > end:
                row["quote"] = text[row["start"]:new_end]
                row["end"] = new_end


# --- the target passage -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Passage:
    start: int  # the start of the clause holding the trigger
    body: int  # just after the trigger
    end: int
    year: int | None  # a year the trigger's clause names


def _passage_end(norm: str, body: int) -> int | None:
    """End of the passage that starts at ``body``, or ``None`` if it sets no target."""
    while body < len(norm) and norm[body].isspace():
        body += 1
    sentences = sentence_spans(norm, body, _paragraph_end(norm, body))
    if not sentences:
        return None
    first_start, end = sentences[0]
    first_clause_end = min([end, *[i for i in (norm.find(c, first_start, end) for c in ",;") if i >= 0]])
    if MULTI_YEAR_GOAL.search(norm, first_start, first_clause_end):
        return None  # the passage opens with a multi-year goal (地区生产总值年均增长6%…)
    if not _targets_in_span(norm, norm, first_start, end):
        return None
    for s, e in sentences[1:1 + MAX_FOLLOWING_SENTENCES]:
        if not _sets_targets(norm, s, e):
            break
        end = e
    return end


def _sets_targets(norm: str, start: int, end: int) -> bool:
    """Whether a sentence after the passage's first continues the target list.

    It does when it sets a listed indicator, or when every clause of it states a target (主要污染物
    排放完成国家下达目标。) and it quotes no slogan; a work-plan sentence (实现上述目标，必须坚持…)
    does neither.
    """
    rows = _targets_in_span(norm, norm, start, end)
    if not rows:
        return False
    if any(row["indicator"] != "other" for row in rows):
        return True
    if re.search(r"[“”\"]", norm[start:end]):
        return False  # a slogan goal (确保完成“3815”战略发展目标) is a task, not an indicator
    clauses = [c for c in _split_spans(norm, start, end, ",;:。!?") if norm[c[0]:c[1]].strip()]
    return all(_targets_in_span(norm, norm, a, b) for a, b in clauses)


def _locate(norm: str, year: int | None) -> _Passage | None:
    """The first trigger that opens this year's target passage."""
    for match in _triggers(norm):
        sentence_start = max(norm.rfind(c, 0, match.start()) for c in "。!?\n") + 1
        clause_start = max(norm.rfind(c, 0, match.start()) for c in "。!?\n,;:") + 1
        while clause_start < match.start() and norm[clause_start].isspace():
            clause_start += 1
        if OTHER_PERIOD.search(norm, sentence_start, match.end()):
            continue
        named = _YEAR.search(norm, clause_start, match.end())
        named_year = int(named.group(1)) if named else None
        if year is not None and named_year is not None and named_year != year:
            continue
        end = _passage_end(norm, match.end())
        if end is not None:
            return _Passage(clause_start, match.end(), end, named_year)
    return None


def find_target_passage(text: str, *, year: int | None = None) -> tuple[int, int] | None:
    """Locate the year's main-target passage.

    Args:
        text: a report's text (half- or full-width punctuation).
        year: the report's year; a passage that names another year (建议2019年… in a 2020
            report) is then skipped.

    Returns:
        ``(start, end)`` character offsets: from the clause holding the trigger (建议今年…主要
        预期目标为:) to the end of the last sentence that sets targets; ``None`` if the text has no
        such passage (five-year goals, the review of last year and look-alikes do not count).

    Example:
        >>> text = "今后五年,地区生产总值年均增长6%。建议今年主要预期目标为:地区生产总值增长6.5%左右。"
        >>> start, end = find_target_passage(text)
        >>> text[start:end]
        '建议今年主要预期目标为:地区生产总值增长6.5%左右。'
    """
    passage = _locate(fold_width(text), year)
    return None if passage is None else (passage.start, passage.end)


_NULLABLE_INT = pd.Int64Dtype()  # a dtype object: pandas reads a dtype's name slowly, per report


_FLOAT_COLUMNS = frozenset({"value_low", "value_high", "value", "strive_value"})
_BOOL_COLUMNS = frozenset({"is_estimate", "is_preliminary"})
_OFFSET_COLUMNS = frozenset({"start", "end"})


def _frame(rows: list[dict[str, Any]], columns: list[str], year_column: str) -> pd.DataFrame:
    """One report's rows as a table of ``columns``, each typed (the year nullable, values float, offsets int64).

    Made column by column, each in its dtype at once: a report's table was about 3 ms of
    ``DataFrame`` of dicts and seven ``astype`` (a third of the extraction). Rows that lack a
    column are made the way it replaces (:func:`_frame_of_dicts`), which gives the same table.
    """
    wanted = set(columns)
    if not all(wanted <= row.keys() for row in rows):
        return _frame_of_dicts(rows, columns, year_column)
    data: dict[str, Any] = {}
    for column in columns:
        values = [row[column] for row in rows]
        if column == year_column:
            data[column] = pd.array(values, dtype=_NULLABLE_INT)
        elif column in _FLOAT_COLUMNS:
            data[column] = np.array(values, dtype=float)
        elif column in _BOOL_COLUMNS:
            data[column] = np.array(values, dtype=bool)
        elif column in _OFFSET_COLUMNS:
            data[column] = np.array(values, dtype=np.int64)
        else:  # inferred as a DataFrame of the dicts infers it (no rows: object)
            data[column] = values if values else np.empty(0, dtype=object)
    return pd.DataFrame(data, columns=columns)


def _frame_of_dicts(rows: list[dict[str, Any]], columns: list[str], year_column: str) -> pd.DataFrame:
    """:func:`_frame` as a ``DataFrame`` of the dicts, then each column cast (the rule it replaces)."""
    frame = pd.DataFrame(rows, columns=columns)
    frame[year_column] = frame[year_column].astype(_NULLABLE_INT)
    for kinds, dtype in ((_FLOAT_COLUMNS, float), (_BOOL_COLUMNS, bool), (_OFFSET_COLUMNS, np.int64)):
        for column in sorted(kinds & set(frame.columns)):
            frame[column] = frame[column].astype(dtype)
    return frame


def extract_targets_from_text(text: str, *, year: int | None = None) -> pd.DataFrame:
    """Every target of the year's main-target passage, one row per indicator.

    Args:
        text: a report's cleaned text.
        year: the report's year (the target year unless the passage names one).

    Returns:
        A DataFrame with :data:`TARGET_TEXT_COLUMNS` (see the module docstring); empty if the text
        has no target passage.

    Example:
        >>> extract_targets_from_text("主要预期目标为:财政总收入和地方财政收入均增长8%左右。")[
        ...     ["indicator", "value", "qualifier"]].values.tolist()
        [['total_fiscal_revenue_growth', 8.0, 'about'], ['local_fiscal_revenue_growth', 8.0, 'about']]
    """
    norm = fold_width(text)
    passage = _locate(norm, year)
    if passage is None:
        return _frame([], TARGET_TEXT_COLUMNS, "target_year")
    target_year = passage.year if passage.year is not None else year
    rows = [{"target_year": target_year, **row}
            for row in _targets_in_span(norm, text, passage.body, passage.end)]
    return _frame(rows, TARGET_TEXT_COLUMNS, "target_year")


# --- headline results -------------------------------------------------------------------------

def _result_qualifier(verb: str | None, qual: str | None) -> str:
    if verb in ("突破", "超过") or qual == "以上":
        return "at_least"
    if verb in ("接近", "近", "约") or qual == "左右":
        return "about"
    return "exact"


def _pair_results(
    values: list[re.Match], current: list[_Item], mentioned: list[_Item], *, respectively: bool
) -> tuple[list[tuple[_Item, re.Match]], list[_Item]]:
    """Which subject each headline value belongs to.

    Args:
        values: the values of one list (77260元和39664元).
        current: the subjects named last (they carry over ``,增长…``).
        mentioned: every subject named since the last ``;``, for ``A…,其中B…,分别增长x和y``.
        respectively: whether 分别 precedes the values.

    Returns:
        The (subject, value) pairs, and the subjects that later values carry over to (城乡居民
        收入 split into urban and rural by a two-value list).
    """
    n = len(values)
    if n == 1 or len(current) == n:
        return [(item, values[0 if n == 1 else i]) for i, item in enumerate(current)], current
    if len(current) == 1 and current[0].code in RESPECTIVELY_SPLIT and n == 2:
        item = current[0]
        current = [_Item(code, item.text, item.start, item.end) for code in RESPECTIVELY_SPLIT[item.code]]
        return list(zip(current, values)), current
    if respectively and len(mentioned) >= n:
        return list(zip(mentioned[-n:], values)), current
    return [], current


def _results_in_sentence(norm: str, text: str, start: int, end: int) -> list[dict[str, Any]]:
    """Headline figures of one sentence, following 分别 and subjects carried over commas."""
    rows: list[dict[str, Any]] = []
    current: list[_Item] = []
    mentioned: list[_Item] = []
    headline = headline_codes()
    previous = start
    for match in RESULT_VALUE.finditer(norm, start, end):
        lead = norm[previous:match.start()]
        if ";" in lead:
            mentioned = []
        cut = max(lead.rfind(c) for c in ",;:")
        items, _ = _subject_items(norm, text, previous + cut + 1, match.start())
        if not items and not current:  # 全省地区生产总值连跨4个千亿台阶,2024年达到1.3万亿元: the subject is clauses back
            items = [i for i in _subject_items(norm, text, previous, match.start())[0] if i.code in headline]
        if items:
            current, mentioned = items, mentioned + items
        values = list(_RESULT_ITEM.finditer(match.group("values")))
        pairs, current = _pair_results(values, current, mentioned, respectively="分别" in lead)
        verb = match.group("verb")
        quote_start = min((item.start for item, _ in pairs), default=match.start())
        for item, value in pairs:
            if item.code not in headline:
                continue
            unit = value.group("unit")
            number = float(value.group("num"))
            if value.group("sign") or verb in ("下降", "减少"):
                number = -number
            rows.append({
                "indicator": item.code if unit == "%" else item.code.removesuffix("_growth"),
                "indicator_text": item.text, "value": number, "unit": unit,
                "qualifier": _result_qualifier(verb, match.group("qual")),
                "is_estimate": "预计" in norm[start:match.start()],
                "is_preliminary": bool(_PRELIMINARY.search(norm, start, match.start())),
                "quote": text[quote_start:match.end()], "start": quote_start, "end": match.end(),
            })
        previous = match.end()
    return rows


def _keep_best(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per indicator: an exact figure over a bound (突破3000亿元,达到3122.4亿元), else the first."""
    best: dict[str, dict[str, Any]] = {}
    for row in rows:
        kept = best.get(row["indicator"])
        if kept is None or (kept["qualifier"] != "exact" and row["qualifier"] == "exact"):
            best[row["indicator"]] = row
    return sorted(best.values(), key=lambda r: (r["start"], r["end"]))


def _names_other_year(norm: str, start: int, end: int, review_year: int | None) -> bool:
    """True if the sentence names a year, none of them the reviewed one (2015年国内生产总值将…)."""
    if review_year is None:
        return False
    years = {int(y) for y in _YEAR.findall(norm, start, end)}
    return bool(years) and review_year not in years


def _clause_group(norm: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The ;-delimited part of the sentence ``[lo, hi)`` that holds ``[start, end)``."""
    left = max(norm.rfind(";", lo, start), lo - 1) + 1
    right = norm.find(";", end, hi)
    return left, hi if right < 0 else right


def _states_one_years_result(norm: str, row: dict[str, Any], lo: int, hi: int, review_year: int | None) -> bool:
    """False where the clause holding a figure is a multi-year summary (年均, 连续四年, 比2002年),
    a goal (将超过, 目标是), or about another year than the reviewed one."""
    s, e = _clause_group(norm, row["start"], row["end"], lo, hi)
    return not (MULTI_YEAR.search(norm, s, e) or _FUTURE.search(norm, s, e) or _names_other_year(norm, s, e, review_year))


def _results_of_one_year(norm: str, text: str, s: int, e: int, review_year: int | None) -> list[dict[str, Any]]:
    return [row for row in _results_in_sentence(norm, text, s, e) if _states_one_years_result(norm, row, s, e, review_year)]


def _headline_rows(norm: str, text: str, end: int, review_year: int | None = None) -> list[dict[str, Any]]:
    """The review's headline figures: the first sentence stating GDP for the year, and what follows it.

    Figures in a clause (between ;) that sums up several years, sets a goal or names another year
    than the reviewed one are not read (the sentence's other clauses still are).
    """
    for paragraph in _paragraphs(norm, 0, end):
        sentences = sentence_spans(norm, *paragraph)
        for index, (s, e) in enumerate(sentences):
            rows = _results_of_one_year(norm, text, s, e, review_year)
            if not any(row["indicator"] in ("gdp", "gdp_growth") for row in rows):
                continue
            for s2, e2 in sentences[index + 1:index + 1 + MAX_HEADLINE_FOLLOWING_SENTENCES]:
                seen = {row["indicator"] for row in rows}
                new = [row for row in _results_of_one_year(norm, text, s2, e2, review_year) if row["indicator"] not in seen]
                if not new:
                    break
                rows.extend(new)
            return _keep_best(rows)
    return []


def extract_results_from_text(text: str, *, review_year: int | None = None) -> pd.DataFrame:
    """The reviewed year's headline figures: GDP, budget or fiscal revenue, incomes.

    Args:
        text: a report's cleaned text.
        review_year: the year the review covers; if ``None``, read from a heading such as
            一、2019年工作回顾 when there is one.

    Returns:
        A DataFrame with :data:`RESULT_TEXT_COLUMNS` (see the module docstring); empty if no
        review sentence states GDP. Figures after the target passage are never read.

    Example:
        >>> extract_results_from_text("全年实现地区生产总值1421亿元,增长7.4%。")[
        ...     ["indicator", "value", "unit"]].values.tolist()
        [['gdp', 1421.0, '亿元'], ['gdp_growth', 7.4, '%']]
    """
    norm = fold_width(text)
    passage = _locate(norm, None if review_year is None else review_year + 1)
    end = passage.start if passage else len(norm)
    if review_year is None:
        named = _REVIEW_YEAR.search(norm, 0, end)
        review_year = int(named.group(1)) if named else None
    rows = [{"result_year": review_year, **row} for row in _headline_rows(norm, text, end, review_year)]
    return _frame(rows, RESULT_TEXT_COLUMNS, "result_year")


# --- tables over documents --------------------------------------------------------------------

#: The columns and year column of one report's table, per stage (what :func:`_frame` is given).
_EMPTY_TABLE = {"targets": (TARGET_TEXT_COLUMNS, "target_year"), "results": (RESULT_TEXT_COLUMNS, "result_year")}


def _extraction(stage: str):
    """``(function, year attribute)`` of a stage: ``targets`` or ``results`` (looked up when called,
    so the function is this module's at that time)."""
    return (extract_targets_from_text, "year") if stage == "targets" else (extract_results_from_text, "review_year")


def _extracted(job: tuple[str, list[tuple[Any, Any]]]) -> tuple[pd.DataFrame | None, list[int]]:
    """Some reports' extraction (run in a worker process): ``job`` is ``(stage, [(source, year), ...])``,
    each source a report's text or the lean report itself (:func:`govreports.parallel.document_source`);
    their tables joined as one (:func:`govreports.parallel.joined_tables`)."""
    stage, reports = job
    function, year = _extraction(stage)
    return joined_tables([function(source_text(source), **{year: value}) for source, value in reports])


def _year(doc: Any, year: str) -> int | None:
    value = getattr(doc, year)
    return None if value is None or pd.isna(value) else int(value)


def _document_table(documents: Iterable[Any], stage: str, columns: list[str], year_column: str,
                    workers: int | None) -> pd.DataFrame:
    """One stage's rows of every report: ``function(doc.text, <year>=doc.<year>)`` of
    :func:`_extraction`, on ``workers`` processes, kept in the table store."""
    from govreports import store
    from govreports.progress import progress

    reports = list(analysed(documents))
    _, year = _extraction(stage)
    # each report's rows are kept in the table store, keyed by what fixes its text (no text is
    # read back for a lean report, see store.document_content) and its year
    items = [(store.entry_key(stage, {year: _year(doc, year)}, store.document_content(doc)), doc) for doc in reports]

    def rows_of(todo: list) -> tuple[pd.DataFrame, list[int]]:
        jobs = [(stage, batch) for batch in batched([(document_source(doc), getattr(doc, year)) for doc in todo],
                                                   DOCUMENTS_PER_JOB)]
        return concatenated_tables(map_in_processes(_extracted, jobs, workers), _frame([], *_EMPTY_TABLE[stage]),
                                   lambda lengths: progress(lengths, total=len(todo), desc=stage))

    rows, lengths = store.stored_rows_whole(stage, items, rows_of)
    if rows is None:
        return _frame([], columns, year_column).assign(year=pd.Series(dtype="Int64"))
    # each report's values repeated over its rows, as if inserted into each report's table
    for at, name in enumerate(("doc_id", "city", "year")):
        rows.insert(at, name, store.repeated([getattr(doc, name) for doc in reports], lengths))
    rows["doc_type"] = store.repeated([doc.doc_type for doc in reports], lengths)
    table = rows[columns]
    table["year"] = table["year"].astype("Int64")
    store.release_memory()  # what the extraction freed (the next stage starts from this process's size)
    return table


def targets_table(documents: Iterable[Any], *, workers: int | None = None) -> pd.DataFrame:
    """The targets of every report.

    Args:
        documents: objects with ``doc_id, city, year, review_year, doc_type, text``; news items and
            second copies are skipped.
        workers: processes to extract on (default ``$GOVREPORTS_WORKERS`` or 1); the table is the
            same with any number.

    Returns:
        One row per (report, indicator), with :data:`TARGET_COLUMNS`. A report without a target
        passage contributes no rows; :func:`documents_without_targets` lists it.
    """
    return _document_table(documents, "targets", TARGET_COLUMNS, "target_year", workers)


def results_table(documents: Iterable[Any], *, workers: int | None = None) -> pd.DataFrame:
    """The headline results of every report.

    Args:
        documents: objects with ``doc_id, city, year, review_year, doc_type, text``; news items and
            second copies are skipped. ``review_year`` becomes ``result_year``.
        workers: processes to extract on (see :func:`targets_table`).

    Returns:
        One row per (report, headline figure), with :data:`RESULT_COLUMNS`.
    """
    return _document_table(documents, "results", RESULT_COLUMNS, "result_year", workers)


def documents_without_targets(documents: Iterable[Any]) -> list[str]:
    """The reports that have no target passage: to be shown as missing, never as zero.

    Args:
        documents: objects with ``doc_id, year, doc_type, text``; news items and second copies are skipped.

    Returns:
        Their ``doc_id``s, in the order given.
    """
    return [doc.doc_id for doc in analysed(documents) if find_target_passage(doc.text, year=doc.year) is None]
