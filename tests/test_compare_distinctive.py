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


# --- the integer-coded computation is the pivot-table one it replaced ------------------------------


def _pivot_distinctive(freq, comparability, doc_ids=None, *, by="city", alpha0=1000.0, exclude=()):
    """The rule :func:`distinctive_words` replaced: a pivot table, a DataFrame per group, concatenated and sorted."""
    import pandas as pd

    from govreports.compare.comparability import compared_rows
    from govreports.compare.distinctive import DISTINCTIVE_COLUMNS

    table = compared_rows(comparability, doc_ids)
    groups = {doc_id: str(group) for doc_id, group in zip(table["doc_id"], table[by]) if str(group)}
    rows = freq[freq["doc_id"].isin(set(groups))].assign(group=lambda f: f["doc_id"].map(groups))
    counts = rows.pivot_table(index="term", columns="group", values="count", aggfunc="sum", fill_value=0)
    counts = counts.sort_index().reindex(columns=sorted(counts.columns)).astype("int64")
    if counts.shape[1] < 2:
        return pd.DataFrame({column: [] for column in DISTINCTIVE_COLUMNS})
    totals = counts.sum(axis=1).to_numpy()
    alpha = dirichlet_prior(totals, alpha0)
    frames = []
    for group in counts.columns:
        y_i = counts[group].to_numpy()
        y_j = totals - y_i
        delta, variance, z = log_odds_dirichlet(y_i, y_j, alpha)
        frames.append(pd.DataFrame({"city": group, "term": counts.index, "delta": delta, "variance": variance, "z": z,
                                    "count": y_i, "count_rest": y_j, "n_terms": int(y_i.sum()), "n_terms_rest": int(y_j.sum())}))
    result = pd.concat(frames, ignore_index=True)
    result = result[~result["term"].isin(set(exclude))]
    result = result.sort_values(["city", "z", "term"], ascending=[True, False, True], kind="stable")
    return result[DISTINCTIVE_COLUMNS].reset_index(drop=True)


TIES = freq_rows([("a", "乙", 2), ("a", "甲", 2), ("a", "丙", 1), ("b", "甲", 2), ("b", "乙", 2), ("c", "丁", 4),
                  ("c", "甲", 1), ("d", "乙", 1)])
TIES_DOCS = documents([("a", "A", "prefecture_city", GWR, 2020, False), ("b", "B", "prefecture_city", GWR, 2020, False),
                       ("c", "A", "prefecture_city", GWR, 2021, False), ("d", "C", "prefecture_city", GWR, 2021, False)])


@pytest.mark.parametrize("kwargs", [{}, {"by": "doc_id"}, {"exclude": {"甲", "无"}}, {"doc_ids": ["a", "b"]},
                                    {"doc_ids": ["a"]}, {"doc_ids": ["a", "c"]}, {"alpha0": 3.0}],
                         ids=["city", "doc_id", "exclude", "two", "one", "one-city", "alpha0"])
@pytest.mark.parametrize("freq", [HAND_FREQ, TIES, TIES.astype({"doc_id": object, "term": object})],
                         ids=["hand", "ties", "object"])
def test_distinctive_words_is_the_pivot_table_rule(freq, kwargs):
    import pandas as pd

    docs = HAND_DOCS if freq is HAND_FREQ else TIES_DOCS
    comparability = comparability_table(docs)
    doc_ids = kwargs.pop("doc_ids", None)
    expected = _pivot_distinctive(freq, comparability, doc_ids, **kwargs)
    pd.testing.assert_frame_equal(distinctive_words(freq, comparability, doc_ids, **kwargs), expected, check_exact=True)


def test_the_seeds_distinctive_table_is_the_pivot_table_rule(seed_corpus):
    import pandas as pd

    from govreports.compare.distinctive import place_terms
    from govreports.measures.keywords import frequency_table

    comparability = comparability_table(seed_corpus.documents)
    freq = frequency_table(seed_corpus.reports())
    for by in ("city", "doc_id"):
        expected = _pivot_distinctive(freq, comparability, by=by, exclude=place_terms()).assign(alpha0=1000.0)
        pd.testing.assert_frame_equal(distinctive_terms_table(seed_corpus.documents, by=by), expected, check_exact=True)
