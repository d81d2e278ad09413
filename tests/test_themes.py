"""Tests for govreports.measures.themes: attention to a theme on tiny hand-made frequency tables, and the bundled dictionaries."""

from __future__ import annotations

import pandas as pd
import pytest

from govreports.measures import themes, tokens
from govreports.measures.keywords import frequency_table
from govreports.measures.themes import theme_attention, theme_attention_by_report, theme_sources

from support import frequency_rows as freq_rows

THEME_FILES = sorted(themes.THEMES_DIR.glob("*.txt"))


def test_the_theme_files_are_found():
    assert len(THEME_FILES) == 7


def test_theme_attention_per_10k_characters():
    freq = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "term": ["数字经济", "生态", "其他", "生态"],
            "count": [3, 1, 2, 2],
            "n_chars": [200, 200, 200, 400],
        }
    )
    table = theme_attention(freq, {"digital": ["数字经济", "数据"], "eco": ["生态"]})
    assert table[["doc_id", "theme", "matches"]].values.tolist() == [
        ["a", "digital", 3],
        ["a", "eco", 1],
        ["b", "digital", 0],
        ["b", "eco", 2],
    ]
    assert table["rate_per_10k"].tolist() == pytest.approx([150.0, 50.0, 0.0, 50.0])


@pytest.mark.parametrize("theme_terms, matches", [(["数据"], 0), (["大数据"], 1), (["大数据", "中心"], 2)])
def test_theme_attention_counts_tokens_not_substrings(theme_terms, matches):
    freq = frequency_table({"a": "建设大数据中心。"})  # 建设 大数据 中心 。
    assert theme_attention(freq, {"t": theme_terms})["matches"].tolist() == [matches]


def test_the_seven_themes():
    assert sorted(themes.load_themes()) == [
        "common_prosperity",
        "digital_economy",
        "ecology_environment",
        "innovation",
        "livelihood",
        "opening_up",
        "security",
    ]


@pytest.mark.parametrize("path", THEME_FILES, ids=lambda path: path.stem)
def test_theme_file_has_a_source_and_only_whole_tokens(path):
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert header[0].startswith("# Theme:")
    assert any(line.startswith("# Source:") for line in header)
    stopwords = tokens.load_stopwords()
    keep = tokens.load_userdict().words
    for term in themes.read_theme(path):
        assert tokens.segment(term) == [term], f"{path.name}: {term} is not one token"
        assert tokens.is_term(term, stopwords, keep), f"{path.name}: {term} is not a term"


def test_theme_attention_by_report_orders_by_theme_city_year():
    # 甲 2019 and 2020, 乙 2020; 1,000 characters each. Theme 开放: 进口 (甲 2020: 2, 乙: 1).
    freq = freq_rows([("b", "进口", 2), ("a", "创新", 1), ("c", "进口", 1)], n_chars={"a": 1000, "b": 1000, "c": 1000})
    reports = pd.DataFrame({"doc_id": ["a", "b", "c"], "label": ["2019 甲", "2020 甲", "2020 乙"], "city": ["甲", "甲", "乙"],
                            "year": [2019, 2020, 2020], "partial": [False, False, True]})
    table = theme_attention_by_report(freq, reports, themes={"开放": ["进口"], "创新": ["创新"]})
    assert table[["theme", "label", "matches", "rate_per_10k"]].values.tolist() == [
        ["创新", "2020 乙", 0, 0.0], ["创新", "2019 甲", 1, 10.0], ["创新", "2020 甲", 0, 0.0],
        ["开放", "2020 乙", 1, 10.0], ["开放", "2019 甲", 0, 0.0], ["开放", "2020 甲", 2, 20.0]]
    only = theme_attention_by_report(freq, reports, ["b"], themes={"开放": ["进口"]})
    assert only["doc_id"].tolist() == ["b"]


def test_theme_sources_reads_the_source_paragraph(tmp_path):
    (tmp_path / "b_theme.txt").write_text("# Theme: b\n# Source: line one\n# line two\n#\n# Format: x\n\n创新\n", encoding="utf-8")
    (tmp_path / "a_theme.txt").write_text("# no source here\n数字经济\n数据\n", encoding="utf-8")
    table = theme_sources(tmp_path)
    assert list(table.itertuples(index=False, name=None)) == [("a_theme", 2, ""), ("b_theme", 1, "line one line two")]


def test_every_bundled_theme_states_its_source():
    table = theme_sources()
    assert len(table) == len(themes.load_themes())
    assert (table["source"].str.len() > 20).all(), table[table["source"].str.len() <= 20]
