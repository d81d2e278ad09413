"""The shared text patterns and helpers of govreports.text, on short strings read by hand."""

import sys

import pytest

from govreports import text


@pytest.mark.parametrize(
    "numeral, value",
    [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("十二", 12), ("二十", 20), ("二十三", 23), ("九十九", 99), ("", 0), ("两", 0)],
)
def test_cn_numeral_value(numeral, value):
    assert text.cn_numeral_value(numeral) == value


@pytest.mark.parametrize(
    "s, spans",
    [
        ("推进改革。下一句。", [(0, 5), (5, 9)]),
        # a run of sentence ends and the closing quotes after it stay with the sentence
        ("他说,“乘势而为。”我们要坚定。", [(0, 10), (10, 16)]),
        ("真的吗？！是的", [(0, 5), (5, 7)]),
        ("书名《报告。》下句", [(0, 7), (7, 9)]),
        # a line without a sentence end is not a sentence, except at the end of the text
        ("一、过去一年\n增长6.5%。\n最后一行", [(7, 14), (15, 19)]),
        # ; and : do not end a sentence; blank pieces are left out
        ("收入增长8%;支出下降:2%。 \n", [(0, 15)]),
        ("", []),
    ],
)
def test_sentence_spans(s, spans):
    assert text.sentence_spans(s) == spans


def test_sentence_spans_within_bounds():
    s = "甲。乙丙。丁。"
    assert text.sentence_spans(s, 2, 5) == [(2, 5)]
    # a sentence cut by ``end`` ends there
    assert text.sentence_spans(s, 2, 4) == [(2, 4)]


@pytest.mark.parametrize(
    "s, start, end, around",
    [
        ("上句。推进“两山”转化。下句", 5, 7, "推进“两山”转化。"),
        ("上句！推进“两山”转化？下句", 5, 7, "推进“两山”转化？"),
        # a line break cuts too, and a text without any break is one stretch
        ("标题\n推进“两山”转化", 5, 7, "推进“两山”转化"),
        ("推进两山", 2, 4, "推进两山"),
        # a closing quote after the sentence end starts the next stretch
        ("他说:“好。”推进两山。", 8, 10, "”推进两山。"),
    ],
)
def test_sentence_bounds(s, start, end, around):
    left, right = text.sentence_bounds(s, start, end)
    assert s[left:right] == around


@pytest.mark.parametrize(
    "s, pieces",
    [
        ("单位GDP能耗(约束性指标)\n增长6%。”下句", ["单位GDP能耗(约束性指标)", "", "增长6%。", "”下句", ""]),
        ("好!!", ["好!", "!", ""]),
    ],
)
def test_sentence_piece_keeps_every_piece(s, pieces):
    assert [m.group() for m in text.SENTENCE_PIECE.finditer(s)] == pieces


@pytest.mark.parametrize(
    "s, folded",
    [
        ("增长７．５％，", "增长7.5%,"),
        ("ＧＤＰ（亿元）：１２３", "GDP(亿元):123"),
        ("两山\u3000理念\u00a0好", "两山 理念 好"),
        ("3.3∶38.6∶58.1", "3.3:38.6:58.1"),
        ("下降１﹪，−2", "下降1%,-2"),
        # Chinese punctuation outside the full-width ASCII block stays
        ("“两山”、《报告》。", "“两山”、《报告》。"),
        ("5g ｎ", "5g n"),
    ],
)
def test_fold_width(s, folded):
    assert text.fold_width(s) == folded
    assert len(text.fold_width(s)) == len(s)


@pytest.mark.parametrize("s, folded", [("５＋ｎ 415x", "5+N 415X"), ("ａｂｃ-Def", "ABC-DEF"), ("ß两山", "ß两山")])
def test_fold_width_upper_latin(s, folded):
    assert text.fold_width(s, upper_latin=True) == folded


@pytest.mark.parametrize(
    "s, marker, page",
    [
        ("(上接第一版)", "from", "一"),
        ("（紧接第2版）", "from", "2"),
        ("(续 第 三 版)", "from", "三"),
        ("（下转第三版）", "on", "三"),
        ("(转第４版)", "on", "４"),
    ],
)
def test_page_markers(s, marker, page):
    pattern = text.CONTINUED_FROM if marker == "from" else text.CONTINUED_ON
    other = text.CONTINUED_ON if marker == "from" else text.CONTINUED_FROM
    assert pattern.fullmatch(s).group(1) == page
    assert other.search(s) is None
    assert text.PAGE_MARKER.fullmatch(s)


@pytest.mark.parametrize("s", ["第一版", "(上接第一页)", "（下转）"])
def test_not_page_markers(s):
    assert text.PAGE_MARKER.search(s) is None


@pytest.mark.parametrize(
    "line, part, section, heading",
    [
        ("一、过去一年工作回顾", "一", None, True),
        ("十二、加强政府自身建设", "十二", None, True),
        ("(三)扎实推进共同富裕", None, "三", True),
        ("（十）提升效能", None, "十", True),
        ("第二部分 主要任务", None, None, True),
        ("各位代表:", None, None, True),
        ("一是推进改革", None, None, False),
        ("2020年工作", None, None, False),
    ],
)
def test_heading_markers(line, part, section, heading):
    m = text.PART_MARKER.match(line)
    assert (m.group(1) if m else None) == part
    m = text.SECTION_MARKER.match(line)
    assert (m.group(1) if m else None) == section
    assert bool(text.HEADING_START.match(line)) is heading


@pytest.mark.parametrize(
    "s, found",
    [
        ("提出意见。 一、过去一年", ["一、"]),
        ("开头\n(二)推进改革", ["(二)"]),
        ("第一、二产业", []),  # inside running text, not after a break: not a heading
        ("增长5%;(三)稳就业", ["(三)"]),
    ],
)
def test_heading_in_text(s, found):
    assert [m.group().strip() for m in text.HEADING_IN_TEXT.finditer(s)] == found


@pytest.mark.parametrize("s, n", [("政府工作报告", 6), ("GDP增长", 2), ("㐀豈", 2), ("ＡＢ，", 0)])
def test_cjk_char(s, n):
    assert len(text.CJK_CHAR.findall(s)) == n


@pytest.mark.parametrize("s, n", [("各位代表:\n  现在,", 8), ("", 0), ("\u3000两山\u00a0理念\u2028", 4), ("5G 基站", 4)])
def test_count_non_space(s, n):
    assert text.count_non_space(s) == n


def test_the_whitespace_pattern_is_str_isspace_on_every_code_point():
    different = [c for c in map(chr, range(sys.maxunicode + 1)) if bool(text.WHITESPACE.fullmatch(c)) != c.isspace()]
    assert different == []


@pytest.mark.parametrize("s, crs", [("甲\r乙\r\n丙", [1]), ("\r\r\n", [0]), ("甲\n乙", [])])
def test_bare_cr(s, crs):
    assert [m.start() for m in text.BARE_CR.finditer(s)] == crs
