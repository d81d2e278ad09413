"""The fast paths of the target and result extraction give exactly what the rules they replace gave.

Each ``_reference_*`` function is the rule as it was written before the fast path.
"""

from __future__ import annotations

import pandas as pd
import pytest

from govreports.measures import targets
from govreports.text import HEADING_IN_TEXT, fold_width


def _reference_alias_matches(norm, start, end):
    found = [
        (m.start(), m.end(), code, role)
        for pattern, code, role in targets._alias_patterns()
        for m in pattern.finditer(norm, start, min(len(norm), end + targets._LOOKAHEAD))
        if m.end() > m.start() and m.end() <= end
    ]
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    chosen = []
    for f in found:
        if all(f[1] <= c[0] or f[0] >= c[1] for c in chosen):
            chosen.append(f)
    return sorted(chosen)


def _reference_paragraphs(norm, start, end):
    cuts = {start, end}
    cuts.update(i + 1 for i in range(start, end) if norm[i] == "\n")
    cuts.update(m.start() for m in HEADING_IN_TEXT.finditer(norm, start, end))
    points = sorted(c for c in cuts if start <= c <= end)
    return [(a, b) for a, b in zip(points, points[1:]) if norm[a:b].strip()]


def _reference_locate(norm, year):
    for match in targets.TARGET_TRIGGER.finditer(norm):  # every match, tried at every character
        before = norm[:match.start()]
        sentence_start = max(before.rfind(c) for c in "。!?\n") + 1
        clause_start = max(before.rfind(c) for c in "。!?\n,;:") + 1
        while clause_start < match.start() and norm[clause_start].isspace():
            clause_start += 1
        if targets.OTHER_PERIOD.search(norm, sentence_start, match.end()):
            continue
        named = targets._YEAR.search(norm, clause_start, match.end())
        named_year = int(named.group(1)) if named else None
        if year is not None and named_year is not None and named_year != year:
            continue
        end = targets._passage_end(norm, match.end())
        if end is not None:
            return targets._Passage(clause_start, match.end(), end, named_year)
    return None


TEXTS = [
    "全市地区生产总值增长6.5%,一般公共预算收入增长5%;城镇、农村居民人均可支配收入分别增长6%和7%。",
    "全年实现地区生产总值1421亿元,增长7.4%。经济增长6%,进出口总额增长3%,实际利用外资10亿美元,利用外资5亿美元。",
    "今后五年,地区生产总值年均增长6%。\n建议今年主要预期目标为:地区生产总值增长6.5%左右,单位GDP能耗降低3%。",
    "一、2020年工作回顾\n(一)经济运行。全市生产总值增长6%。\n\n二、2021年主要任务\n主要预期目标是:财政总收入和地方财政收入均增长8%左右。",
    "建议2019年主要预期目标为:GDP增长7%。建议2020年主要预期目标为:GDP增长6%。",
    "没有任何数字的一段话。",
    "",
    "\n\n\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_indicator_names_are_those_each_pattern_finds(text):
    norm = fold_width(text)
    for start in range(0, len(norm) + 1, 3):
        for end in (start, min(len(norm), start + 7), len(norm)):
            assert targets._alias_matches(norm, start, end) == _reference_alias_matches(norm, start, end)


@pytest.mark.parametrize("text", TEXTS)
def test_paragraphs_are_cut_at_the_same_places(text):
    norm = fold_width(text)
    for start in range(0, len(norm) + 1, 5):
        assert targets._paragraphs(norm, start, len(norm)) == _reference_paragraphs(norm, start, len(norm))


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("year", [None, 2019, 2020, 2021])
def test_the_target_passage_is_located_as_before(text, year):
    norm = fold_width(text)
    assert targets._locate(norm, year) == _reference_locate(norm, year)


@pytest.mark.parametrize("text", TEXTS + ["主要目标:主要预期目标为:发展预期目标是建议今年奋力实现建议2020年生产总值", "建议建议建议",
                                  "预期目标如下:建议今年地区生产总值"])
def test_triggers_are_those_finditer_finds(text):
    norm = fold_width(text)
    assert [m.span() for m in targets._triggers(norm)] == [m.span() for m in targets.TARGET_TRIGGER.finditer(norm)]


def test_the_seeds_targets_and_results_are_those_of_the_rules(monkeypatch, seed_corpus):
    monkeypatch.setenv("GOVREPORTS_STORE", "0")
    for text in (doc.text for doc in seed_corpus.reports()):
        norm = fold_width(text)
        assert [m.span() for m in targets._triggers(norm)] == [m.span() for m in targets.TARGET_TRIGGER.finditer(norm)]
        assert targets._locate(norm, 2020) == _reference_locate(norm, 2020)
        assert targets._paragraphs(norm, 0, len(norm)) == _reference_paragraphs(norm, 0, len(norm))
    with monkeypatch.context() as patch:
        patch.setattr(targets, "_alias_matches", _reference_alias_matches)
        patch.setattr(targets, "_paragraphs", _reference_paragraphs)
        patch.setattr(targets, "_locate", _reference_locate)
        expected = targets.targets_table(seed_corpus.reports()), targets.results_table(seed_corpus.reports())
    for got, want in zip((targets.targets_table(seed_corpus.reports()), targets.results_table(seed_corpus.reports())),
                         expected):
        pd.testing.assert_frame_equal(got, want)
        assert len(got)


@pytest.mark.parametrize("pattern, literal", [
    ("地区生产总值", "地区生产总值"),
    ("(?:全市|全省|全县|全区)生产总值", "生产总值"),
    ("人均(?:地区)?生产总值", "生产总值"),
    ("(?<![^\\s\\x2c\\x3b:、])经济(?=增长|增速)", "经济"),
    ("规(?:模以)?上工业增加值", "上工业增加值"),
    ("增长率?", "增长"),
    ("R&D(?:经费)?(?:支出|投入)?强度", "R&D"),
    ("PM2\\.5浓度", "PM2.5浓度"),
    ("(?:外贸)?出口", "出口"),
    ("甲|乙", None),
    ("(?:甲|乙)", None),
    ("甲?", None),
    ("(?i)gdp", None),
    ("(", None),  # not a pattern: searched always (and refused by re.compile, as before)
])
def test_the_required_literal_is_in_every_match(pattern, literal):
    assert targets.required_literal(pattern) == literal


def test_a_common_start_of_alternatives_is_required_too():
    # the parser of ``re`` takes 比 out of 比率|比例: every match holds it
    assert targets.required_literal("空气质量优良天数(?:比率|比例)") == "空气质量优良天数比"


def test_every_match_of_an_indicator_name_in_the_seeds_holds_its_literal(seed_corpus):
    norms = [fold_width(doc.text) for doc in seed_corpus.reports()]
    n_matches = 0
    for (pattern, _, _), literal in zip(targets._alias_patterns(), targets._alias_literals(targets._alias_patterns())):
        for norm in norms:
            for match in pattern.finditer(norm):
                n_matches += 1
                assert literal is None or literal in match.group(), (pattern.pattern, match.group())
    assert n_matches > 100


@pytest.mark.parametrize("text", ["地区生产总", "人均地区生产总值增长", "单位GDP能耗降低3%和单位GDP二氧化碳排放降低", "R&D经费支出强度2.5%"])
def test_a_name_cut_by_the_stretch_is_found_as_before(text):
    norm = fold_width(text)
    for start in range(len(norm) + 1):
        for end in range(start, len(norm) + 1):
            assert targets._alias_matches(norm, start, end) == _reference_alias_matches(norm, start, end)


def _recorded_frames(monkeypatch, seed_corpus):
    """The ``(rows, columns, year column)`` of every report table the seeds' extraction makes."""
    calls, frame = [], targets._frame

    def recording(rows, columns, year_column):
        calls.append((rows, columns, year_column))
        return frame(rows, columns, year_column)

    monkeypatch.setattr(targets, "_frame", recording)
    for doc in seed_corpus.reports():
        targets.extract_targets_from_text(doc.text, year=doc.year)
        targets.extract_results_from_text(doc.text, review_year=doc.review_year)
    monkeypatch.setattr(targets, "_frame", frame)
    return calls


def test_a_report_table_is_typed_as_the_dicts_cast_column_by_column(monkeypatch, seed_corpus):
    calls = _recorded_frames(monkeypatch, seed_corpus)
    assert sum(len(rows) for rows, _, _ in calls) > 50
    for rows, columns, year_column in calls:
        pd.testing.assert_frame_equal(targets._frame(rows, columns, year_column),
                                      targets._frame_of_dicts(rows, columns, year_column))


_ROW = {"target_year": 2021, "indicator": "gdp_growth", "indicator_text": "地区生产总值", "value_low": 6, "value_high": 6.5,
        "unit": "%", "qualifier": "about", "quote": "地区生产总值增长6%", "value": None, "predicate": "增长", "start": 3,
        "end": 15, "strive_value": None, "modifier": None}


@pytest.mark.parametrize("rows", [
    [],
    [_ROW],
    [_ROW, {**_ROW, "target_year": None, "unit": None, "value": 7}],
    [{**_ROW, "target_year": None}],
    [{key: value for key, value in _ROW.items() if key != "modifier"}],  # a column missing: the dicts' way
])
def test_hand_made_target_rows_are_typed_as_before(rows):
    columns = targets.TARGET_TEXT_COLUMNS
    pd.testing.assert_frame_equal(targets._frame(rows, columns, "target_year"),
                                  targets._frame_of_dicts(rows, columns, "target_year"))


def test_result_rows_keep_their_flags_as_booleans():
    row = {"result_year": 2020, "indicator": "gdp_growth", "indicator_text": "生产总值", "value": 3.6, "unit": "%",
           "qualifier": "exact", "is_estimate": None, "quote": "生产总值增长3.6%", "start": 0, "end": 9, "is_preliminary": True}
    frame = targets._frame([row, {**row, "is_estimate": True}], targets.RESULT_TEXT_COLUMNS, "result_year")
    assert frame["is_estimate"].tolist() == [False, True] and frame["is_preliminary"].dtype == bool
    pd.testing.assert_frame_equal(frame, targets._frame_of_dicts([row, {**row, "is_estimate": True}],
                                                                 targets.RESULT_TEXT_COLUMNS, "result_year"))
