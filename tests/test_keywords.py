"""Tests for govreports.measures.keywords on tiny hand-made corpora whose answers are computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from govreports.documents import reports_table
from govreports.measures import keywords
from govreports.measures.keywords import (
    collocations,
    count_chars,
    describe_target,
    distinctive_terms,
    frequency_table,
    inverse_document_frequency,
    keyness,
    keyness_extremes,
    keyness_target,
    kwic,
    kwic_check,
    log_likelihood,
    part_comparison,
    term_rates,
    tfidf_weights,
    top_terms,
)

from support import REPORT_ROWS, report_rows
from support import frequency_rows as freq_rows

pytestmark = pytest.mark.usefixtures("private_cache")  # a token cache of each test's own


# --- counting and normalising -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, n",
    [("", 0), ("八八战略", 4), ("各位代表:\n  现在,", 8), ("增长7.4%。", 7), ("全\u3000角 空格", 4)],
)
def test_count_chars(text, n):
    assert count_chars(text) == n


DOCS = {
    "a": "数字经济，数字经济。",  # 10 characters; terms 数字经济 ×2
    "b": "数字经济和生态文明。",  # 10 characters; 和 is a single character: terms 数字经济, 生态文明
    "c": "我们推进数字经济，数字经济！",  # 14 characters; 我们 推进 are stop words: 数字经济 ×2
}


@pytest.mark.parametrize(
    "doc_id, term, count, rate_per_10k, share",
    [
        ("a", "数字经济", 2, 2 / 10 * 10_000, 2 / 2),
        ("b", "数字经济", 1, 1 / 10 * 10_000, 1 / 2),
        ("b", "生态文明", 1, 1 / 10 * 10_000, 1 / 2),
        ("c", "数字经济", 2, 2 / 14 * 10_000, 2 / 2),
    ],
)
def test_rates_are_normalised(doc_id, term, count, rate_per_10k, share):
    table = frequency_table(DOCS).set_index(["doc_id", "term"])
    row = table.loc[(doc_id, term)]
    assert row["count"] == count
    assert row["rate_per_10k"] == pytest.approx(rate_per_10k)
    assert row["share"] == pytest.approx(share)


def test_frequency_table_columns_and_order():
    table = frequency_table(DOCS)
    assert list(table.columns) == ["doc_id", "term", "count", "rate_per_10k", "share", "n_chars", "n_tokens"]
    assert table["doc_id"].tolist() == ["a", "b", "b", "c"]
    assert table.groupby("doc_id")["share"].sum().tolist() == pytest.approx([1.0, 1.0, 1.0])


PARTS = pd.DataFrame(
    {
        "doc_id": ["d", "d"],
        "text": ["数字经济。", "生态文明，生态文明。"],  # 5 and 10 characters
        "part": ["review", "plan"],
    }
)


@pytest.mark.parametrize(
    "part, expected",
    [
        ("plan", {"生态文明": (2, 2 / 10 * 10_000, 1.0)}),
        ("review", {"数字经济": (1, 1 / 5 * 10_000, 1.0)}),
        (None, {"生态文明": (2, 2 / 15 * 10_000, 2 / 3), "数字经济": (1, 1 / 15 * 10_000, 1 / 3)}),
        (["review", "plan"], {"生态文明": (2, 2 / 15 * 10_000, 2 / 3), "数字经济": (1, 1 / 15 * 10_000, 1 / 3)}),
    ],
)
def test_counts_restricted_to_a_part(part, expected):
    table = frequency_table(PARTS, part=part)
    got = {row.term: (row.count, row.rate_per_10k, row.share) for row in table.itertuples()}
    assert got.keys() == expected.keys()
    for term, values in expected.items():
        assert got[term] == pytest.approx(values)


def test_part_needs_parts():
    with pytest.raises(ValueError, match="part="):
        frequency_table(DOCS, part="plan")


def test_empty_input_gives_empty_table():
    assert frequency_table({"a": "。。"}).empty


# --- top terms and groups ----------------------------------------------------------------------------


META = pd.DataFrame({"doc_id": ["a", "b", "c"], "city": ["湖州市", "湖州市", "金华市"], "year": [2020, 2021, 2020]})


def test_top_terms_by_document_with_min_ranks():
    freq = freq_rows([("a", "甲", 3), ("a", "乙", 3), ("a", "丙", 1), ("a", "丁", 1)])
    top = top_terms(freq, n=3)
    assert top[["rank", "term", "count"]].values.tolist() == [[1, "乙", 3], [1, "甲", 3], [3, "丁", 1]]


def test_top_terms_by_city_pools_counts_and_characters():
    freq = freq_rows([("a", "甲", 3), ("a", "乙", 1), ("b", "甲", 1), ("c", "乙", 2)])
    # a: 4 tokens, 40 characters; b: 1 token, 10 characters; 湖州市 = a + b = 5 tokens, 50 characters
    top = top_terms(freq, n=1, by="city", meta=META)
    assert top[["city", "term", "count", "docfreq"]].values.tolist() == [["湖州市", "甲", 4, 2], ["金华市", "乙", 2, 1]]
    assert top["rate_per_10k"].tolist() == pytest.approx([4 / 50 * 10_000, 2 / 20 * 10_000])
    assert top["share"].tolist() == pytest.approx([4 / 5, 2 / 2])


def test_top_terms_unknown_group_column():
    with pytest.raises(KeyError):
        top_terms(freq_rows([("a", "甲", 1)]), by="city")


# --- keyness -----------------------------------------------------------------------------------------

# Symmetric corpus: target A = 甲 8, 乙 2 (10 tokens); reference B = 甲 2, 乙 8 (10 tokens).
#
# 甲 in A vs B: a=8, b=2, c=2, d=8, N=20; every expected cell E = 10*10/20 = 5, so
#   G2 = 2 * (8 ln(8/5) + 2 ln(2/5) + 2 ln(2/5) + 8 ln(8/5)) = 2 * (16 ln 1.6 + 4 ln 0.4) ≈ 7.7098,
#   sign + (a = 8 > E = 5); Williams: q = 1 + (20/10 + 20/10 - 1)(20/10 + 20/10 - 1) / (6*20) = 1.075;
#   log ratio = log2((8/10) / (2/10)) = 2.
# 乙 is the mirror image: the same G2 with sign -, log ratio -2.
KEYNESS_AB = [("A", "甲", 8), ("A", "乙", 2), ("B", "甲", 2), ("B", "乙", 8)]
G2_AB = 2 * (16 * math.log(1.6) + 4 * math.log(0.4))

# Corpus with a zero cell: A = 丙 4, 甲 6; B = 甲 10 (丙 absent).
# 丙: a=4, b=0, c=6, d=10, N=20; E11 = 4*10/20 = 2, E21 = 16*10/20 = 8, E22 = 16*10/20 = 8 (E12 = 2,
#   but its cell is 0 and 0 ln 0 = 0), so G2 = 2 * (4 ln(4/2) + 6 ln(6/8) + 10 ln(10/8)) ≈ 6.5559;
#   Williams on every row, the zero-cell row too (quanteda's correction = "williams" skips it):
#   q = 1 + (20/4 + 20/16 - 1)(20/10 + 20/10 - 1) / (6*20) = 1 + 5.25 * 3 / 120 = 1.13125;
#   甲 (a=6, b=10, c=4, d=0) has the same margins the other way round, so the same q;
#   log ratio with 0 read as 0.5: log2((4/10) / (0.5/10)) = log2(8) = 3.
KEYNESS_ZERO = [("A", "丙", 4), ("A", "甲", 6), ("B", "甲", 10)]
G2_ZERO = 2 * (4 * math.log(2) + 6 * math.log(6 / 8) + 10 * math.log(10 / 8))


@pytest.mark.parametrize(
    "rows, term, g2_none, g2_williams, log_ratio",
    [
        (KEYNESS_AB, "甲", G2_AB, G2_AB / 1.075, 2.0),
        (KEYNESS_AB, "乙", -G2_AB, -G2_AB / 1.075, -2.0),
        (KEYNESS_ZERO, "丙", G2_ZERO, G2_ZERO / 1.13125, 3.0),
        (KEYNESS_ZERO, "甲", -G2_ZERO, -G2_ZERO / 1.13125, math.log2((6 / 10) / (10 / 10))),
    ],
)
def test_keyness_signs_and_values(rows, term, g2_none, g2_williams, log_ratio):
    freq = freq_rows(rows)
    plain = keyness(freq, "A", correction="none").set_index("term").loc[term]
    williams = keyness(freq, "A").set_index("term").loc[term]
    assert plain["G2"] == pytest.approx(g2_none)
    assert williams["G2"] == pytest.approx(g2_williams)
    assert plain["log_ratio"] == pytest.approx(log_ratio)
    assert plain["p"] == pytest.approx(math.erfc(math.sqrt(abs(g2_none) / 2)))


def test_keyness_sorted_and_counted():
    table = keyness(freq_rows(KEYNESS_AB), "A")
    assert table["term"].tolist() == ["甲", "乙"]
    assert table[["n_target", "n_reference"]].values.tolist() == [[8, 2], [2, 8]]


def test_keyness_by_group_column():
    freq = freq_rows([("a", "甲", 5), ("b", "甲", 3), ("b", "乙", 2), ("c", "乙", 8), ("c", "甲", 2)])
    table = keyness(freq, "湖州市", by="city", meta=META).set_index("term")
    assert table.loc["甲", ["n_target", "n_reference"]].tolist() == [8, 2]
    assert table.loc["甲", "G2"] > 0 > table.loc["乙", "G2"]


@pytest.mark.parametrize("target", ["A", "Z"])
def test_keyness_needs_a_target_and_a_reference(target):
    freq = freq_rows([("A", "甲", 1)])
    with pytest.raises(ValueError):
        keyness(freq, target)


@pytest.mark.parametrize("a, b, c, d", [(8, 2, 2, 8), (4, 0, 6, 10), (1, 30, 99, 970)])
def test_log_likelihood_sum_formula(a, b, c, d):
    # G2 = 2 Σ O ln(O/E), E = row total * column total / N, cells with O = 0 contribute 0
    n = a + b + c + d
    cells = [(a, (a + b) * (a + c) / n), (b, (a + b) * (b + d) / n), (c, (c + d) * (a + c) / n), (d, (c + d) * (b + d) / n)]
    expected = 2 * sum(o * math.log(o / e) for o, e in cells if o)
    sign = 1 if a > (a + b) * (a + c) / n else -1
    assert float(log_likelihood(a, b, c, d, correction="none")) == pytest.approx(sign * expected)


# --- tf-idf ------------------------------------------------------------------------------------------


def test_distinctive_terms_tfidf():
    # A: 甲 2, 丙 2 (4 tokens); B: 甲 1, 丁 3 (4 tokens). idf(甲) = log10(2/2) = 0,
    # idf(丙) = idf(丁) = log10(2/1); tf as a share: 丙 2/4 in A, 丁 3/4 in B.
    freq = freq_rows([("A", "甲", 2), ("A", "丙", 2), ("B", "甲", 1), ("B", "丁", 3)])
    table = distinctive_terms(freq, n=2)
    assert table[["doc_id", "rank", "term"]].values.tolist() == [["A", 1, "丙"], ["A", 2, "甲"], ["B", 1, "丁"], ["B", 2, "甲"]]
    assert table["tfidf"].tolist() == pytest.approx([0.5 * math.log10(2), 0.0, 0.75 * math.log10(2), 0.0])
    counts = distinctive_terms(freq, n=1, scheme_tf="count")
    assert counts["tfidf"].tolist() == pytest.approx([2 * math.log10(2), 3 * math.log10(2)])


# --- collocations ------------------------------------------------------------------------------------


def test_collocation_measures():
    # pairs of adjacent terms: (八八战略, 高质量发展) ×2 and (共同富裕, 数字化改革) ×1; 。 breaks pairs.
    # For 八八战略 高质量发展: n11 = 2, n12 = 0, n21 = 0, n22 = 1, N = 3.
    #   lambda = ln((2.5 * 1.5) / (0.5 * 0.5)) = ln 15;  z = ln 15 / sqrt(1/2.5 + 1/0.5 + 1/0.5 + 1/1.5)
    #   pmi = log2(2 * 3 / (2 * 2)) = log2 1.5
    #   E11 = 2 * 2 / 3, E22 = 1 * 1 / 3: G2 = 2 * (2 ln(2 / (4/3)) + 1 ln(1 / (1/3))) = 2 * (2 ln 1.5 + ln 3)
    docs = {"a": "八八战略高质量发展。八八战略高质量发展。", "b": "共同富裕数字化改革。"}
    table = collocations(docs, min_count=1).set_index("collocation")
    row = table.loc["八八战略 高质量发展"]
    assert row["count"] == 2
    assert row["lambda"] == pytest.approx(math.log(15))
    assert row["z"] == pytest.approx(math.log(15) / math.sqrt(1 / 2.5 + 2 + 2 + 1 / 1.5))
    assert row["pmi"] == pytest.approx(math.log2(1.5))
    assert row["G2"] == pytest.approx(2 * (2 * math.log(1.5) + math.log(3)))
    assert collocations(docs)["collocation"].tolist() == ["八八战略 高质量发展"]  # min_count = 2


@pytest.mark.parametrize(
    "docs",
    [
        {"a": "八八战略和高质量发展"},  # a single character between them
        {"a": "八八战略，高质量发展"},  # punctuation between them
        pd.DataFrame({"doc_id": ["a", "a"], "text": ["八八战略", "高质量发展"]}),  # two sentences
        {"a": "八八战略", "b": "高质量发展"},  # two documents
    ],
)
def test_collocations_need_adjacent_terms(docs):
    assert collocations(docs, min_count=1).empty


# --- keyword in context ------------------------------------------------------------------------------

KWIC_DOC = {"d": "坚持八八战略，推进高质量发展。"}  # 坚持 八八战略 ， 推进 高质量发展 。


@pytest.mark.parametrize(
    "term, window, left, matched, right",
    [
        ("八八战略", 0, "", "八八战略", ""),
        ("八八战略", 1, "坚持", "八八战略", "，"),
        ("八八战略", 2, "坚持", "八八战略", "，|推进"),
        ("八八战略", 10, "坚持", "八八战略", "，|推进|高质量发展|。"),
        ("高质量发展", 2, "，|推进", "高质量发展", "。"),
        ("推进高质量发展", 2, "八八战略|，", "推进|高质量发展", "。"),  # a phrase: two tokens in sequence
    ],
)
def test_kwic_windows_are_exact(term, window, left, matched, right):
    table = kwic(KWIC_DOC, term, window=window, sep="|")
    assert list(table.columns) == ["doc_id", "part", "position", "left", "term", "right"]
    assert table[["left", "term", "right"]].values.tolist() == [[left, matched, right]]


def test_kwic_reports_parts_and_crosses_sentences():
    docs = pd.DataFrame({"doc_id": ["d", "d"], "text": ["坚持八八战略。", "推进八八战略。"], "part": ["review", "plan"]})
    table = kwic(docs, "八八战略", window=3)
    assert table[["part", "position", "left", "right"]].values.tolist() == [
        ["review", 1, "坚持", "。推进八八战略"],
        ["plan", 4, "八八战略。推进", "。"],
    ]


def test_kwic_no_match_and_bad_arguments():
    assert kwic(KWIC_DOC, "共同富裕").empty
    with pytest.raises(ValueError):
        kwic(KWIC_DOC, "")
    with pytest.raises(ValueError):
        kwic(KWIC_DOC, "八八战略", window=-1)


# --- themes -----------------------------------------------------------------------------------------


# Three reports; w is in all of them, so its idf log10(3/3) = 0 removes it.
#   a: x 2, y 1, w 1 (4 terms) → tf x .5, y .25     b: x 1, z 1, w 1 → x 1/3, z 1/3
#   c: y 1, z 1, w 1           → y 1/3, z 1/3
# x, y, z are each in two reports: idf = log10(3/2) for all, which cancels in the cosine.
#   cos(a, b) = (.5 · 1/3) / (sqrt(.25 + .0625) · sqrt(2/9)) = 0.6324555 (= sqrt(0.4))
#   cos(a, c) = (.25 · 1/3) / (same norms)                    = 0.3162278 (= sqrt(0.1))
#   cos(b, c) = (1/9) / (2/9)                                  = 0.5
TFIDF_FREQ = freq_rows([("a", "x", 2), ("a", "y", 1), ("a", "w", 1), ("b", "x", 1), ("b", "z", 1), ("b", "w", 1),
                        ("c", "y", 1), ("c", "z", 1), ("c", "w", 1)])


def test_tfidf_weights_by_hand():
    weights = tfidf_weights(TFIDF_FREQ, ["a", "b", "c"])
    assert list(weights.columns) == ["w", "x", "y", "z"]
    assert (weights["w"] == 0).all()
    assert weights.at["a", "x"] == pytest.approx(0.5 * math.log10(1.5))
    assert weights.at["c", "x"] == 0


def test_one_idf_for_both_tfidf_tables():
    # df 1 of 2 documents: log10(2) = 0.30103; a term in every document, or in none, weighs 0
    assert inverse_document_frequency(pd.Series([1, 2, 0]), 2).tolist() == pytest.approx([math.log10(2), 0.0, 0.0])
    assert inverse_document_frequency(pd.Series([1]), 4, base=2).tolist() == pytest.approx([2.0])
    # distinctive_terms (per group) and tfidf_weights (a matrix) weigh a term alike
    weights = tfidf_weights(TFIDF_FREQ, ["a", "b", "c"])
    top = distinctive_terms(TFIDF_FREQ, n=10).set_index(["doc_id", "term"])["tfidf"]
    assert top[("a", "x")] == pytest.approx(weights.at["a", "x"])
    assert top[("b", "z")] == pytest.approx(weights.at["b", "z"])


# --- chosen terms, keyness targets, KWIC check, theme sources ----------------------------------




def test_term_rates_fills_every_report_and_term():
    freq = freq_rows([("a", "数字经济", 2), ("a", "创新", 3), ("b", "创新", 1)], n_chars={"a": 1000, "b": 500})
    table = term_rates(freq, ["共同富裕", "创新"], ["b", "a", "c"])
    assert list(zip(table["doc_id"], table["term"], table["count"])) == [
        ("b", "共同富裕", 0), ("b", "创新", 1), ("a", "共同富裕", 0), ("a", "创新", 3), ("c", "共同富裕", 0), ("c", "创新", 0),
    ]
    assert list(table["rate_per_10k"]) == pytest.approx([0, 20, 0, 30, 0, 0])
    assert list(table["n_chars"]) == [500, 500, 1000, 1000, 0, 0]


def test_part_comparison_counts_each_part():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "part": ["review", "plan", "review"],
            "text": ["数字经济，数字经济。", "数字经济和生态文明。", "生态文明。"],
        }
    )
    table = part_comparison(docs, ["数字经济", "生态文明"], ["a", "b"])
    got = {(t, d, p): (c, n) for t, d, p, c, n in table[["term", "doc_id", "part", "count", "n_chars"]].itertuples(index=False)}
    assert got == {
        ("数字经济", "a", "review"): (2, 10), ("数字经济", "a", "plan"): (1, 10),
        ("数字经济", "b", "review"): (0, 5), ("数字经济", "b", "plan"): (0, 0),
        ("生态文明", "a", "review"): (0, 10), ("生态文明", "a", "plan"): (1, 10),
        ("生态文明", "b", "review"): (1, 5), ("生态文明", "b", "plan"): (0, 0),
    }
    assert list(table["part"])[:2] == ["review", "plan"]
    assert table.loc[(table["doc_id"] == "b") & (table["part"] == "plan"), "rate_per_10k"].tolist() == [0.0, 0.0]


@pytest.mark.parametrize(
    "by, preferred, expected",
    [
        ("admin_level", "province", ("admin_level", "province")),
        ("admin_level", "national", ("admin_level", "county_city")),  # absent: the most common level (ties by value)
        ("year", 2019, ("year", 2019)),
        ("year", 1999, ("year", 2020)),
        ("doc_type", "government_work_report", ("doc_type", "government_work_report")),
        ("no_such_column", "x", ("year", 2021)),  # falls back to the latest year against the rest
    ],
)
def test_keyness_target(by, preferred, expected):
    assert keyness_target(REPORT_ROWS, by, preferred) == expected


@pytest.mark.parametrize(
    "rows, expected",
    [
        # one level, one year: the first report alone against the others
        ([("b", "杭州", "prefecture_city", "government_work_report", 2020, False),
          ("a", "杭州", "prefecture_city", "government_work_report", 2020, False)], ("doc_id", "a")),
        # one level, several years: the latest year
        ([("a", "杭州", "prefecture_city", "government_work_report", 2019, False),
          ("b", "杭州", "prefecture_city", "government_work_report", 2021, False),
          ("c", "杭州", "prefecture_city", "government_work_report", 2020, False)], ("year", 2021)),
        # a single report: nothing to compare
        ([("a", "杭州", "prefecture_city", "government_work_report", 2020, False)], ("doc_id", None)),
    ],
)
def test_keyness_target_falls_back(rows, expected):
    assert keyness_target(report_rows(rows), "admin_level", "province") == expected


@pytest.mark.parametrize(
    "by, target, text",
    [
        ("admin_level", "province", "target: admin_level = province (2020 浙江); reference: the other 6 reports"),
        ("year", 2020, "target: year = 2020 (2020 浙江, 2020 湖州, 2020 义乌 *); reference: the other 4 reports"),
        ("doc_id", None, "no keyness: it needs at least two reports"),
    ],
)
def test_describe_target(by, target, text):
    assert describe_target(reports_table(REPORT_ROWS, REPORT_ROWS["doc_id"]), by, target) == text


def test_keyness_extremes_sides_order_and_minimum():
    key = pd.DataFrame(
        {
            "term": ["甲", "乙", "丙", "丁", "戊", "己"],
            "G2": [9.0, 5.0, 5.0, 0.0, -2.0, -7.0],
            "p": [0.0] * 6,
            "n_target": [9, 6, 5, 3, 1, 0],
            "n_reference": [1, 0, 0, 3, 9, 8],
            "log_ratio": [3.0, 2.0, 2.0, 0.0, -2.0, -4.0],
        }
    )
    table = keyness_extremes(key, n=2, min_count=6)
    assert list(table["term"]) == ["甲", "乙", "己", "戊"]  # 丙 has 5 uses; 丁 is neither side
    assert list(table["side"]) == ["target", "target", "reference", "reference"]


def test_kwic_check_matches_frequency_counts():
    docs = {"a": "数字经济，数字经济。", "b": "生态文明。"}
    freq = keywords.frequency_table(docs)
    hits = keywords.kwic(docs, "数字经济")
    reports = pd.DataFrame({"doc_id": ["b", "a"], "date": ["", "2020-01-12"]})
    table = kwic_check(hits, freq, reports, "数字经济")
    assert list(table.itertuples(index=False, name=None)) == [("b", "", 0, 0, True), ("a", "2020-01-12", 2, 2, True)]
