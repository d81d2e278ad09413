"""Tests for govreports.compare.years: year pairs, term and slogan changes, on hand-made tables and the seeds."""

from __future__ import annotations

import pandas as pd
import pytest

from govreports.compare.comparability import comparability_table
from govreports.compare.years import (
    pair_ids,
    pair_slogan_summary,
    pair_term_changes,
    slogan_changes,
    term_changes,
    top_term_changes,
    year_pairs,
)

from support import GWR, documents
from support import frequency_rows as freq_rows

pytestmark = pytest.mark.usefixtures("private_cache")  # a token cache of each test's own

def test_year_pairs_of_the_seeds_and_a_pair_the_corpus_lacks(seed_corpus):
    table = comparability_table(seed_corpus.documents_table())
    found = year_pairs(table)
    assert list(zip(found["doc_before"], found["doc_after"])) == [
        ("2020-义乌-gwr", "2022-义乌-gwr"), ("2019-宁波-gwr", "2020-宁波-gwr")]
    asked = year_pairs(table, [("宁波", 2019, 2020), ("杭州", 2019, 2020)])
    assert asked["available"].tolist() == [True, False]
    assert asked.at[1, "note"] == "no compared report of 杭州 for 2019"
    assert found.at[0, "note"].startswith("partial report")


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
