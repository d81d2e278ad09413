"""Tests for govreports.compare.cross_city: measures on tiny hand-made tables whose answers are worked out by
hand (the working is in the comments), and the city grouping against the seed documents table."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from govreports.compare.cross_city import (
    average_linkage_order,
    city_groups,
    comparability_table,
    cosine_similarity,
    dirichlet_prior,
    distinctive_terms_table,
    distinctive_words,
    gdp_targets,
    included_ids,
    includes_note,
    jaccard,
    log_odds_dirichlet,
    pair_ids,
    pair_slogan_summary,
    pair_term_changes,
    report_label,
    report_similarity,
    similarity_pairs,
    slogan_changes,
    slogan_jaccard,
    structure_table,
    term_changes,
    tfidf_weights,
    top_distinctive,
    top_term_changes,
    year_pairs,
)

from support import frequency_rows as freq_rows

pytestmark = pytest.mark.usefixtures("private_cache")  # a token cache of each test's own


def documents(rows):
    """A documents table from ``(doc_id, city, admin_level, doc_type, year, partial)`` rows."""
    table = pd.DataFrame(rows, columns=["doc_id", "city", "admin_level", "doc_type", "year", "partial"])
    return table.assign(partial_reason=np.where(table["partial"], "摘要", ""), duplicate_of="",
                        n_chars=1000, n_parts=3, n_sections=20, n_sentences=40)


GWR, PLAN = "government_work_report", "plan_report"
DOCS = documents([
    ("2020-甲-gwr", "甲", "prefecture_city", GWR, 2020, False),
    ("2019-甲-gwr", "甲", "prefecture_city", GWR, 2019, False),
    ("2020-乙-gwr", "乙", "county_city", GWR, 2020, True),
    ("2020-浙江-gwr", "浙江", "province", GWR, 2020, False),
    ("2021-乙-plan", "乙", "county_city", PLAN, 2021, True),
    ("news-1", "", "", "news", None, False),
])


# --- comparability ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "year, city, doc_type, partial, doc_id, label",
    [
        (2020, "宁波", GWR, False, "2020-宁波-gwr", "2020 宁波"),
        (2022, "义乌", GWR, True, "2022-义乌-gwr", "2022 义乌 *"),
        (2021, "金华", PLAN, True, "2021-金华-plan", "2021 金华 计划 *"),
        (None, "", "news", False, "001-8", "001-8"),
    ],
)
def test_report_label(year, city, doc_type, partial, doc_id, label):
    assert report_label(year, city, doc_type, partial, doc_id) == label


def test_comparability_includes_reports_flags_partial_and_says_why():
    table = comparability_table(DOCS).set_index("doc_id")
    assert included_ids(comparability_table(DOCS)) == ["2019-甲-gwr", "2020-浙江-gwr", "2020-甲-gwr", "2020-乙-gwr"]
    assert table.at["2020-乙-gwr", "reason"] == "included, partial: 摘要"
    assert table.at["2021-乙-plan", "reason"].startswith("excluded: plan report")
    assert table.at["news-1", "reason"] == "excluded: news item, not a report"
    assert table.at["2020-甲-gwr", "reason"] == "included"


@pytest.mark.parametrize(
    "options, expected",
    [
        ({"doc_types": (GWR, PLAN)}, ["2019-甲-gwr", "2020-浙江-gwr", "2020-甲-gwr", "2020-乙-gwr", "2021-乙-plan"]),
        ({"include_partial": False}, ["2019-甲-gwr", "2020-浙江-gwr", "2020-甲-gwr"]),
    ],
)
def test_comparability_options(options, expected):
    assert included_ids(comparability_table(DOCS, **options)) == expected


def test_second_copy_is_excluded():
    docs = DOCS.copy()
    docs.loc[docs["doc_id"] == "2019-甲-gwr", "duplicate_of"] = "2020-甲-gwr"
    table = comparability_table(docs).set_index("doc_id")
    assert table.at["2019-甲-gwr", "reason"] == "excluded: second copy of 2020-甲-gwr"


def test_city_groups_of_the_seeds(seed_corpus):
    table = comparability_table(seed_corpus.documents_table())
    groups = city_groups(table).set_index("city")
    assert groups.at["宁波", "doc_ids"] == "2019-宁波-gwr 2020-宁波-gwr"
    assert groups.at["宁波", "years"] == "2019 2020"
    assert groups.at["义乌", "doc_ids"] == "2020-义乌-gwr 2022-义乌-gwr"
    assert groups.at["义乌", "n_partial"] == 2
    assert groups.at["金华", "doc_ids"] == "2023-金华-gwr"  # the plan report is left out
    assert groups.at["浙江", "admin_level"] == "province"
    assert list(groups.index) == ["浙江", "台州", "宁波", "杭州", "湖州", "金华", "义乌", "瑞安"]
    assert groups["n_reports"].sum() == 10
    reasons = table.set_index("doc_id")["reason"]
    assert reasons["2021-金华-plan"].startswith("excluded: plan report")
    assert sum(reason == "excluded: news item, not a report" for reason in reasons) == 3
    with_plan = city_groups(comparability_table(seed_corpus.documents_table(), doc_types=(GWR, PLAN))).set_index("city")
    assert with_plan.at["金华", "doc_ids"] == "2021-金华-plan 2023-金华-gwr"


def test_year_pairs_of_the_seeds_and_a_pair_the_corpus_lacks(seed_corpus):
    table = comparability_table(seed_corpus.documents_table())
    found = year_pairs(table)
    assert list(zip(found["doc_before"], found["doc_after"])) == [
        ("2020-义乌-gwr", "2022-义乌-gwr"), ("2019-宁波-gwr", "2020-宁波-gwr")]
    asked = year_pairs(table, [("宁波", 2019, 2020), ("杭州", 2019, 2020)])
    assert asked["available"].tolist() == [True, False]
    assert asked.at[1, "note"] == "no compared report of 杭州 for 2019"
    assert found.at[0, "note"].startswith("partial report")


# --- log-odds ratio with an informative Dirichlet prior --------------------------------------------

# Two groups, three terms. A: x=3, y=1, z=0 (n_A = 4); B: x=1, y=1, z=2 (n_B = 4).
# Whole corpus: x=4, y=2, z=2, n = 8. Prior with alpha0 = 4: α = 4 · (4, 2, 2) / 8 = (2, 1, 1).
# A against the rest (B), Monroe et al. (2008) eq. 16 and 18:
#   x: δ = ln((3+2)/(4+4-3-2)) - ln((1+2)/(4+4-1-2)) = ln(5/3) - ln(3/5) = 2 ln(5/3) = 1.0216512
#      σ² = 1/(3+2) + 1/(1+2) = 8/15 = 0.5333333;  z = 1.0216512 / sqrt(8/15) = 1.3989532
#   y: δ = ln(2/6) - ln(2/6) = 0;  σ² = 1/2 + 1/2 = 1;  z = 0
#   z: δ = ln((0+1)/(8-0-1)) - ln((2+1)/(8-2-1)) = ln(1/7) - ln(3/5) = -1.4350845
#      σ² = 1/1 + 1/3 = 4/3;  z = -1.4350845 / sqrt(4/3) = -1.2428196
# B against A is the same with the signs of δ and z reversed.
HAND_FREQ = freq_rows([("a", "x", 3), ("a", "y", 1), ("b", "x", 1), ("b", "y", 1), ("b", "z", 2)])
HAND_DOCS = documents([("a", "A", "prefecture_city", GWR, 2020, False), ("b", "B", "prefecture_city", GWR, 2020, False)])


def test_dirichlet_prior_scales_corpus_counts():
    assert dirichlet_prior([4, 2, 2], alpha0=4).tolist() == [2.0, 1.0, 1.0]
    with pytest.raises(ValueError):
        dirichlet_prior([1, 2], alpha0=0)


@pytest.mark.parametrize(
    "term, delta, variance, z",
    [
        ("x", 2 * math.log(5 / 3), 8 / 15, 1.3989532),
        ("y", 0.0, 1.0, 0.0),
        ("z", math.log(1 / 7) - math.log(3 / 5), 4 / 3, -1.2428196),
    ],
)
def test_log_odds_dirichlet_by_hand(term, delta, variance, z):
    d, v, zs = log_odds_dirichlet([3, 1, 0], [1, 1, 2], [2.0, 1.0, 1.0])
    i = "xyz".index(term)
    assert d[i] == pytest.approx(delta)
    assert v[i] == pytest.approx(variance)
    assert zs[i] == pytest.approx(z, abs=1e-6)


def test_distinctive_words_table_by_hand():
    table = distinctive_words(HAND_FREQ, comparability_table(HAND_DOCS), alpha0=4)
    a = table[table["city"] == "A"]
    assert a["term"].tolist() == ["x", "y", "z"]  # z descending
    assert a["delta"].tolist() == pytest.approx([1.0216512, 0.0, -1.4350845])
    assert a["variance"].tolist() == pytest.approx([8 / 15, 1.0, 4 / 3])
    assert a[["count", "count_rest", "n_terms", "n_terms_rest"]].values.tolist() == [[3, 1, 4, 4], [1, 1, 4, 4], [0, 2, 4, 4]]
    b = table[table["city"] == "B"].set_index("term")
    assert b.loc[["x", "y", "z"], "z"].tolist() == pytest.approx([-1.3989532, 0.0, 1.2428196], abs=1e-6)
    assert table["city"].tolist() == ["A"] * 3 + ["B"] * 3


def test_distinctive_words_ties_by_term_and_exclude_keeps_other_values():
    # y and w have the same counts in both groups: same z, listed by term (w before y)
    freq = freq_rows([("a", "x", 3), ("a", "y", 1), ("a", "w", 1), ("b", "x", 1), ("b", "y", 1), ("b", "w", 1)])
    docs = documents([("a", "A", "", GWR, 2020, False), ("b", "B", "", GWR, 2020, False)])
    table = distinctive_words(freq, comparability_table(docs), alpha0=4)
    assert table[table["city"] == "A"]["term"].tolist() == ["x", "w", "y"]
    without = distinctive_words(freq, comparability_table(docs), alpha0=4, exclude={"x"})
    assert "x" not in set(without["term"])
    assert without.set_index(["city", "term"])["z"].equals(table[table["term"] != "x"].set_index(["city", "term"])["z"])


def test_distinctive_words_pools_a_city_and_needs_two_groups():
    docs = documents([("a1", "A", "", GWR, 2019, False), ("a2", "A", "", GWR, 2020, False), ("b", "B", "", GWR, 2020, False)])
    freq = freq_rows([("a1", "x", 2), ("a2", "x", 1), ("a2", "y", 1), ("b", "x", 1), ("b", "y", 1), ("b", "z", 2)])
    pooled = distinctive_words(freq, comparability_table(docs), alpha0=4)
    assert pooled[pooled["city"] == "A"]["delta"].tolist() == pytest.approx([1.0216512, 0.0, -1.4350845])
    assert distinctive_words(freq, comparability_table(docs), ["a1", "a2"]).empty
    assert top_distinctive(pooled, 1)[["city", "rank", "term"]].values.tolist() == [["A", 1, "x"], ["B", 1, "z"]]


def test_distinctive_terms_table_from_document_objects():
    def doc(doc_id, city, doc_type, text):
        return SimpleNamespace(doc_id=doc_id, city=city, admin_level="", doc_type=doc_type, year=2020,
                               partial=False, partial_reason="", duplicate_of="", text=text, sentences=())

    docs = [
        doc("a", "甲", GWR, "数字经济，数字经济，共同富裕。"),
        doc("b", "乙", GWR, "共同富裕，共同富裕，乡村振兴。"),
        doc("c", "丙", PLAN, "数字经济。"),
        doc("n", "", "news", "数字经济。"),
    ]
    table = distinctive_terms_table(docs, alpha0=4)
    assert set(table["city"]) == {"甲", "乙"}
    assert table.iloc[0][["city", "term", "count", "count_rest"]].tolist() == ["乙", "共同富裕", 2, 1]
    assert (table["alpha0"] == 4).all()


# --- similarity ------------------------------------------------------------------------------------


def test_cosine_of_two_small_vectors():
    # (1, 2, 0) · (2, 1, 1) = 4; |.| = sqrt(5), sqrt(6); cosine = 4 / sqrt(30) = 0.7302967
    sim = cosine_similarity(pd.DataFrame([[1, 2, 0], [2, 1, 1]], index=["a", "b"]))
    assert sim.loc["a", "b"] == pytest.approx(4 / math.sqrt(30))
    assert sim.loc["b", "a"] == pytest.approx(4 / math.sqrt(30))
    assert sim.loc["a", "a"] == 1.0


def test_cosine_of_an_empty_row_is_nan():
    sim = cosine_similarity(pd.DataFrame([[0, 0], [1, 1]], index=["a", "b"]))
    assert math.isnan(sim.loc["a", "b"]) and sim.loc["a", "a"] == 1.0


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


@pytest.mark.parametrize("a, b, value", [("a", "b", math.sqrt(0.4)), ("a", "c", math.sqrt(0.1)), ("b", "c", 0.5)])
def test_report_similarity_by_hand(a, b, value):
    assert report_similarity(TFIDF_FREQ, ["a", "b", "c"]).loc[a, b] == pytest.approx(value)


def test_similarity_pairs_most_similar_first():
    sim = report_similarity(TFIDF_FREQ, ["a", "b", "c"])
    docs = documents([(d, "甲" if d != "c" else "乙", "", GWR, 2020, False) for d in "abc"])
    pairs = similarity_pairs(sim, comparability_table(docs))
    assert pairs[["doc_a", "doc_b", "same_city"]].values.tolist() == [["a", "b", True], ["b", "c", False], ["a", "c", False]]


# Average linkage by hand on four reports given in the order r, p, s, q:
#   sim p-q .9, r-s .8, p-r .1, p-s .2, q-r .3, q-s 0  → distances 1 - sim
#   step 1: p+q (distance .1), the smallest        → clusters r, {p q}, s
#   step 2: r+s (.2) vs {pq}-r mean(.9, .7) = .8, {pq}-s mean(.8, 1) = .9 → r+s
#   step 3: {r s} + {p q}; {r s} holds the first report given, so it comes first: r s p q
def test_average_linkage_order_by_hand():
    sims = {("p", "q"): .9, ("r", "s"): .8, ("p", "r"): .1, ("p", "s"): .2, ("q", "r"): .3, ("q", "s"): 0.0}
    order = ["r", "p", "s", "q"]
    matrix = pd.DataFrame(1.0, index=order, columns=order)
    for (a, b), value in sims.items():
        matrix.loc[a, b] = matrix.loc[b, a] = value
    assert average_linkage_order(matrix) == ["r", "s", "p", "q"]


@pytest.mark.parametrize("labels", [["a"], ["a", "b"], ["b", "a", "c"]])
def test_average_linkage_order_keeps_every_label_and_breaks_ties_by_order(labels):
    # every distance equal: merges go to the first pair each time, so the order is unchanged
    matrix = pd.DataFrame(0.5, index=labels, columns=labels)
    assert average_linkage_order(matrix) == labels


@pytest.mark.parametrize(
    "a, b, value",
    [
        ({"两山", "八八战略", "最多跑一次"}, {"八八战略", "最多跑一次", "六争攻坚"}, 2 / 4),
        ({"六稳"}, {"六保"}, 0.0),
        ({"六稳", "六保"}, {"六保", "六稳"}, 1.0),
        ({"六稳"}, set(), 0.0),
    ],
)
def test_jaccard(a, b, value):
    assert jaccard(a, b) == value


def test_jaccard_of_two_empty_sets_is_nan():
    assert math.isnan(jaccard(set(), set()))


def test_slogan_jaccard_matrix():
    mentions = pd.DataFrame({"doc_id": ["a", "a", "a", "b", "b", "b"],
                             "slogan": ["两山", "两山", "六稳", "六稳", "六保", "三服务"]})
    matrix = slogan_jaccard(mentions, ["a", "b", "c"])
    # a = {两山, 六稳}, b = {六稳, 六保, 三服务}: 1 shared of 4 → 0.25; c has none
    assert matrix.loc["a", "b"] == 0.25 and matrix.loc["b", "a"] == 0.25
    assert matrix.loc["a", "a"] == 1.0
    assert matrix.loc["a", "c"] == 0.0 and math.isnan(matrix.loc["c", "c"])


# --- structure, year over year, targets ------------------------------------------------------------


def test_structure_table_side_by_side():
    table = structure_table(comparability_table(DOCS))
    assert table["doc_id"].tolist() == included_ids(comparability_table(DOCS))
    assert table["chars_per_sentence"].tolist() == [25.0] * 4  # 1000 characters / 40 sentences


def test_term_changes_by_hand():
    # a: 1,000 characters, b: 2,000. 双循环 1 → 4: 10 → 20 per 10k (+10); 六稳 3 → 0: 30 → 0 (-30);
    # 发展 5 → 10: 50 → 50 (0); 新词 0 → 1 is below min_count 2
    freq = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "b", "b"],
        "term": ["六稳", "双循环", "发展", "双循环", "发展", "新词"],
        "count": [3, 1, 5, 4, 10, 1],
        "n_chars": [1000, 1000, 1000, 2000, 2000, 2000],
    })
    table = term_changes(freq, "a", "b", min_count=2)
    assert table[["term", "count_before", "count_after", "change"]].values.tolist() == [
        ["双循环", 1, 4, 10.0], ["发展", 5, 10, 0.0], ["六稳", 3, 0, -30.0]]
    top = top_term_changes(table, n=5)
    assert top[["term", "direction"]].values.tolist() == [["双循环", "rose"], ["六稳", "fell"]]


def test_slogan_changes_sorted_by_status_uses_then_slogan():
    mentions = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "b", "b", "b"],
        "slogan": ["六稳", "两山", "三农", "两山", "六保", "三服务", "三服务"],
        "kind": ["numbered", "numbered", "numbered", "numbered", "numbered", "numbered", "numbered"],
    })
    table = slogan_changes(mentions, "a", "b")
    assert table[["slogan", "status", "count_before", "count_after"]].values.tolist() == [
        ["三服务", "new", 0, 2], ["六保", "new", 0, 1], ["三农", "dropped", 1, 0], ["六稳", "dropped", 1, 0],
        ["两山", "kept", 1, 1]]


def test_gdp_targets_point_and_missing_target():
    targets = pd.DataFrame({
        "doc_id": ["2020-浙江-gwr", "2020-甲-gwr", "2020-乙-gwr", "2019-甲-gwr"],
        "indicator": ["gdp_growth", "gdp_growth", "gdp_growth", "cpi_growth"],
        "target_year": [2020, 2020, 2020, 2019],
        "value_low": [6.0, 6.5, 7.5, None], "value_high": [6.5, 6.5, None, 3.0], "value": [None, 6.5, 7.5, 3.0],
        "qualifier": ["range", "about", "at_least", "at_most"], "quote": ["q1", "q2", "q3", "q4"],
    })
    table = gdp_targets(targets, comparability_table(DOCS)).set_index("doc_id")
    assert table.at["2020-浙江-gwr", "point"] == 6.25
    # 甲 and 乙 are not in places.csv, so nothing is under 浙江 here: no reference.
    assert not table["is_province"].any()
    assert table.at["2020-乙-gwr", "point"] == 7.5
    assert not table.at["2019-甲-gwr", "has_target"] and math.isnan(table.at["2019-甲-gwr", "point"])
    assert list(table.index) == included_ids(comparability_table(DOCS))


def test_pair_tables_skip_pairs_the_corpus_lacks():
    docs = documents([("2019-甲-gwr", "甲", "", GWR, 2019, False), ("2020-甲-gwr", "甲", "", GWR, 2020, False)])
    pairs = year_pairs(comparability_table(docs), [("甲", 2019, 2020), ("乙", 2019, 2020)])
    freq = freq_rows([("2019-甲-gwr", "六稳", 3), ("2020-甲-gwr", "六保", 3)])
    assert pair_ids(pairs) == ["2019-甲-gwr", "2020-甲-gwr"]
    changes = pair_term_changes(freq, pairs, n=5, min_count=1)
    assert changes[["pair", "term", "direction"]].values.tolist() == [["甲 2019 → 2020", "六保", "rose"],
                                                                      ["甲 2019 → 2020", "六稳", "fell"]]
    mentions = pd.DataFrame({"doc_id": ["2019-甲-gwr", "2020-甲-gwr", "2020-甲-gwr"],
                             "slogan": ["两山", "两山", "六保"], "kind": ["numbered"] * 3})
    summary = pair_slogan_summary(mentions, pairs)
    assert summary[["pair", "n_new", "n_dropped", "n_kept", "jaccard", "new"]].values.tolist() == [
        ["甲 2019 → 2020", 1, 0, 1, 0.5, "六保"]]


def test_includes_note_says_what_is_in_and_out():
    note = includes_note(comparability_table(DOCS))
    assert note == ("Includes 4 government work reports of 3 places, 2019–2020 (* 1 partial in its source); "
                    "not included: 1 news item, 1 plan report")


def test_gdp_targets_reference_is_the_superior_of_another_report():
    docs = pd.DataFrame({
        "doc_id": ["2020-浙江-gwr", "2020-湖州-gwr", "2019-台州-gwr", "2019-瑞安-gwr"],
        "city": ["浙江", "湖州", "台州", "瑞安"], "admin_level": ["province", "prefecture_city", "prefecture_city", "county_city"],
        "doc_type": ["government_work_report"] * 4, "year": [2020, 2020, 2019, 2019], "date": [""] * 4,
        "partial": [False] * 4, "duplicate_of": [""] * 4,
    })
    targets = pd.DataFrame({"doc_id": list(docs["doc_id"]), "indicator": ["gdp_growth"] * 4, "target_year": [2020, 2020, 2019, 2019],
                            "value_low": [6.0, 7.0, 7.5, 8.0], "value_high": [6.5, 7.0, 7.5, 8.0], "value": [None, 7.0, 7.5, 8.0],
                            "qualifier": ["range", "about", "about", "about"], "quote": [""] * 4})
    table = gdp_targets(targets, comparability_table(docs)).set_index("doc_id")
    # 湖州 is under 浙江 (2020); 瑞安 is under 温州, not 台州, so 2019 has no reference.
    assert table["is_province"].to_dict() == {"2019-台州-gwr": False, "2019-瑞安-gwr": False,
                                              "2020-浙江-gwr": True, "2020-湖州-gwr": False}
