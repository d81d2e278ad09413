"""Tests for govreports.compare.distinctive: log-odds ratios with an informative Dirichlet prior on tiny
hand-made tables whose answers are worked out by hand (the working is in the comments)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from govreports.compare.comparability import comparability_table
from govreports.compare.distinctive import (
    dirichlet_prior,
    distinctive_terms_table,
    distinctive_words,
    log_odds_dirichlet,
    top_distinctive,
)

from support import GWR, PLAN, documents
from support import frequency_rows as freq_rows

pytestmark = pytest.mark.usefixtures("private_cache")  # a token cache of each test's own

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
