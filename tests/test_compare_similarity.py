"""Tests for govreports.compare.similarity: cosine, TF-IDF similarity, Jaccard and the average-linkage order,
worked out by hand (the working is in the comments)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from govreports.compare.comparability import comparability_table
from govreports.compare.similarity import (
    average_linkage_order,
    cosine_similarity,
    jaccard,
    report_similarity,
    similarity_pairs,
    slogan_jaccard,
)

from support import GWR, documents
from support import frequency_rows as freq_rows

pytestmark = pytest.mark.usefixtures("private_cache")  # a token cache of each test's own

# Three reports; w is in all of them, so its idf log10(3/3) = 0 removes it.
#   a: x 2, y 1, w 1 (4 terms) → tf x .5, y .25     b: x 1, z 1, w 1 → x 1/3, z 1/3
#   c: y 1, z 1, w 1           → y 1/3, z 1/3
# x, y, z are each in two reports: idf = log10(3/2) for all, which cancels in the cosine.
#   cos(a, b) = (.5 · 1/3) / (sqrt(.25 + .0625) · sqrt(2/9)) = 0.6324555 (= sqrt(0.4))
#   cos(a, c) = (.25 · 1/3) / (same norms)                    = 0.3162278 (= sqrt(0.1))
#   cos(b, c) = (1/9) / (2/9)                                  = 0.5
TFIDF_FREQ = freq_rows([("a", "x", 2), ("a", "y", 1), ("a", "w", 1), ("b", "x", 1), ("b", "z", 1), ("b", "w", 1),
                        ("c", "y", 1), ("c", "z", 1), ("c", "w", 1)])


def test_cosine_of_two_small_vectors():
    # (1, 2, 0) · (2, 1, 1) = 4; |.| = sqrt(5), sqrt(6); cosine = 4 / sqrt(30) = 0.7302967
    sim = cosine_similarity(pd.DataFrame([[1, 2, 0], [2, 1, 1]], index=["a", "b"]))
    assert sim.loc["a", "b"] == pytest.approx(4 / math.sqrt(30))
    assert sim.loc["b", "a"] == pytest.approx(4 / math.sqrt(30))
    assert sim.loc["a", "a"] == 1.0


def test_cosine_of_an_empty_row_is_nan():
    sim = cosine_similarity(pd.DataFrame([[0, 0], [1, 1]], index=["a", "b"]))
    assert math.isnan(sim.loc["a", "b"]) and sim.loc["a", "a"] == 1.0


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
