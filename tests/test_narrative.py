"""Sentences built from tables: what they say for small hand-made tables."""

import pandas as pd
import pytest

from govreports import paths
from govreports.report import narrative as nr


def _reports(rows):
    return pd.DataFrame(rows, columns=["doc_id", "city", "admin_level", "year", "partial", "n_chars"])


@pytest.mark.parametrize("rows, label", [
    ([("a", "浙江", "province", 2020, False, 1)] + [(f"c{i}", c, "prefecture_city", 2019 + i % 3, False, 1)
                                                    for i, c in enumerate(["杭州", "宁波", "湖州", "台州"])],
     "浙江 and 4 cities, 2019–2021"),
    ([("n", "全国", "national", 2025, False, 1)] + [(f"p{i}", f"省{i}", "province", 2025, False, 1) for i in range(29)],
     "全国 and 29 provinces, 2025"),
    ([("a", "江苏", "province", 2024, False, 1), ("b", "南京", "prefecture_city", 2024, False, 1),
      ("c", "昆山", "county_city", 2023, False, 1)], "江苏, 南京 and 昆山, 2023–2024"),
    ([("a", "", "", None, False, 1), ("b", "某地", "", 2020, False, 1)], "某地 and 1 report whose place was not read, 2020"),
    ([], "no reports"),
])
def test_corpus_label(rows, label):
    assert nr.corpus_label(_reports(rows)) == label


@pytest.mark.parametrize("words, text", [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")])
def test_join_words(words, text):
    assert nr.join_words(words) == text


def test_seeds_reading_only_on_the_seeds(tmp_path):
    assert nr.seeds_reading("宁波 leads.", paths.SEEDS_DIR).text.endswith("宁波 leads.")
    assert nr.seeds_reading("宁波 leads.", tmp_path) is None


def test_lengths_sentence():
    reports = _reports([("a", "江苏", "province", 2024, False, 15000), ("b", "南京", "prefecture_city", 2024, False, 12500),
                        ("c", "苏州", "prefecture_city", 2024, True, 3000)])
    assert nr.lengths_sentence(reports).text == (
        "2 whole reports run to 12,500–15,000 characters after cleaning. "
        "1 report is partial in the source (c): 3,000 characters, what the source holds.")


def test_level_sentence():
    levels = pd.DataFrame({
        "superior_city": ["全国"] * 3, "year": [2025] * 3, "superior_target": ["5%左右"] * 3,
        "indicator": ["gdp_growth"] * 3, "position": ["above", "within", ""], "levels_skipped": [0, 0, 0]})
    assert nr.level_sentence(levels).text == "gdp_growth: against 全国 2025 (5%左右), 2 reports: 1 above, 1 within, 0 below."
