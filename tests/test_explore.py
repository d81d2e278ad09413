"""Exploration: offsets, KWIC lines, slogan uses, indicator rows, and the live controls.

Expected values are read by hand from the short texts below (offsets counted character by
character). The controls are driven through their callbacks, as a change in JupyterLab would.
"""

from types import SimpleNamespace as NS

import pandas as pd
import pytest

from govreports.pipeline.corpus import load_corpus
from govreports.report import explore

HUZHOU = """2021年湖州市政府工作报告
——2021年1月20日在湖州市第八届人民代表大会第六次会议上
湖州市市长　王纲
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2020年工作回顾
2020年，全市地区生产总值增长3.3%。坚持“两山”理念，深化“最多跑一次”改革，发展数字经济。
二、2021年目标任务
今年经济社会发展的主要预期目标是：地区生产总值增长7%左右；城镇调查失业率控制在5.5%以内。
"""

QUZHOU = """2021年衢州市政府工作报告
——2021年1月10日在衢州市第八届人民代表大会第五次会议上
衢州市市长　汤飞帆
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2020年工作回顾
2020年，全市地区生产总值增长3.5%，深化“最多跑一次”改革，推进“两山”转化。
二、2021年主要目标任务
今年的主要预期目标是：地区生产总值增长7.5%左右；一般公共预算收入增长6%。
"""


def document(doc_id, sentences, parts=None):
    """A document object as the corpus makes them: sentences one a line, each with its offset."""
    out, at = [], 0
    for i, text in enumerate(sentences):
        out.append(NS(text=text, start=at, part_kind=(parts or ["review"] * len(sentences))[i]))
        at += len(text) + 1
    return NS(doc_id=doc_id, text="\n".join(sentences), sentences=out)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explore-corpus")
    (folder / "huzhou.txt").write_text(HUZHOU, encoding="utf-8")
    (folder / "quzhou.txt").write_text(QUZHOU, encoding="utf-8")
    return load_corpus(folder, warn=False)


@pytest.fixture(scope="module")
def explorer(small_corpus):
    return explore.Explorer.from_corpus(small_corpus, window=2)


# ---------------------------------------------------------------------------------------------
# Offsets
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, tokens, start, spans",
    [
        ("推进数字经济发展。", ["推进", "数字经济", "发展", "。"], 0, [(0, 2), (2, 6), (6, 8), (8, 9)]),
        ("建设 数字经济强省", ["建设", "数字经济", "强省"], 0, [(0, 2), (3, 7), (7, 9)]),  # a space is skipped
        ("上句。\n共同富裕", ["共同富裕"], 4, [(4, 8)]),  # from a sentence's offset
        ("", [], 0, []),
    ],
)
def test_token_offsets(text, tokens, start, spans):
    assert explore.token_offsets(text, tokens, start=start) == spans
    assert [text[a:b] for a, b in spans] == tokens


@pytest.mark.parametrize("text, tokens", [("推进发展", ["发展", "推进"]), ("推进发展", ["推进", "改革"])])
def test_token_offsets_refuses_tokens_of_another_text(text, tokens):
    with pytest.raises(ValueError, match="not at offset"):
        explore.token_offsets(text, tokens)


def test_kwic_lines_give_document_part_and_offsets(private_cache):
    a = document("a", ["推进数字经济发展。", "建设 数字经济强省。"], ["review", "plan"])
    b = document("b", ["共同富裕示范区。"])
    lines = explore.kwic_lines([a, b], "数字经济", window=1)
    assert lines.to_dict("records") == [
        {"doc_id": "a", "part": "review", "start": 2, "end": 6, "left": "推进", "term": "数字经济", "right": "发展"},
        {"doc_id": "a", "part": "plan", "start": 13, "end": 17, "left": "建设", "term": "数字经济", "right": "强省"},
    ]
    assert all(a.text[s:e] == "数字经济" for s, e in zip(lines["start"], lines["end"]))


def test_kwic_lines_without_a_match_have_the_columns(private_cache):
    lines = explore.kwic_lines([document("a", ["推进数字经济发展。"])], "共同富裕")
    assert list(lines.columns) == explore.KWIC_COLUMNS and lines.empty


# ---------------------------------------------------------------------------------------------
# Terms, slogans, indicators on a small corpus
# ---------------------------------------------------------------------------------------------


def test_term_rates_by_report_cover_every_report(explorer):
    rates = explore.term_rates_by_report(explorer.freq, "数字经济", explorer.reports)
    assert list(rates.columns) == ["doc_id", "label", "term", "count", "n_chars", "rate_per_10k"]
    assert dict(zip(rates["doc_id"], rates["count"])) == {"2021-衢州-gwr": 0, "2021-湖州-gwr": 1}


def test_slogan_rates_and_uses(explorer, small_corpus):
    rates = explore.slogan_rates(explorer.mentions, "两山", explorer.reports, explorer.documents)
    assert dict(zip(rates["doc_id"], rates["count"])) == {"2021-衢州-gwr": 1, "2021-湖州-gwr": 1}
    assert (rates["rate_per_10k"] == rates["count"] / rates["n_chars"] * 10_000).all()
    uses = explore.slogan_uses(explorer.mentions, explorer.documents, "最多跑一次")
    assert list(uses.columns) == explore.USE_COLUMNS and len(uses) == 2
    for row in uses.itertuples():
        text = small_corpus.get(row.doc_id).text
        assert text[row.start:row.end] == "最多跑一次" == row.keyword
        assert row.pre.endswith("深化“") and row.post.startswith("”改革")


def test_indicator_targets_with_quotes(explorer):
    rows = explore.indicator_targets(explorer.targets, "gdp_growth", explorer.reports)
    assert list(rows.columns) == explore.INDICATOR_TARGET_COLUMNS
    assert sorted(zip(rows["city"], rows["value_low"], rows["qualifier"])) == [("湖州", 7.0, "about"), ("衢州", 7.5, "about")]
    assert all("地区生产总值增长7" in quote for quote in rows["quote"])


def test_choices_put_the_most_widespread_first(explorer):
    assert explorer.choices("slogan")[:2] == ["两山", "最多跑一次"]  # both in 2 reports, 1 use each: by name
    assert explorer.choices("indicator")[0] == "gdp_growth"  # the only one set by both reports
    # terms: the policy vocabulary first (两山, 最多跑一次 in both reports, once each), then by name
    assert explorer.choices("term")[:2] == ["两山", "最多跑一次"]
    with pytest.raises(ValueError, match="unknown kind 'city'"):
        explorer.choices("city")


@pytest.mark.parametrize(
    "kind, value, heading, tables",
    [
        ("term", "数字经济", "### Term 「数字经济」: 1 use in 1 of 2 reports", {"rate per report": 2, "KWIC lines (offsets into the cleaned text)": 1}),
        ("term", "不存在", "### Term 「不存在」: no use in 0 of 2 reports", {"rate per report": 2, "KWIC lines (offsets into the cleaned text)": 0}),
        ("slogan", None, "### Slogan 「两山」: 2 uses in 2 of 2 reports", {"uses per report": 2, "uses in their sentences (offsets into the cleaned text)": 2}),
        ("indicator", "gdp_growth", "### Indicator GDP增长 `gdp_growth`: 2 targets in 2 of 2 reports", {"targets with their quotes": 2}),
        ("indicator", "cpi_growth", "### Indicator ", {"targets with their quotes": 0}),
    ],
)
def test_select(explorer, kind, value, heading, tables):
    selection = explorer.select(kind, value)
    assert selection.heading.startswith(heading)
    assert {title: len(table) for title, table in selection.tables.items()} == tables
    shown = selection.displays()
    assert len(shown) == 2 + 2 * len(tables)
    assert shown[1].data.startswith(b"\x89PNG")


def test_select_unknown_kind(explorer):
    with pytest.raises(ValueError, match="one of term, slogan, indicator"):
        explorer.select("place")


# ---------------------------------------------------------------------------------------------
# The live controls
# ---------------------------------------------------------------------------------------------


def shown_text(view) -> str:
    return "\n".join(str(v) for output in view.output.outputs for k, v in output["data"].items() if k != "image/png")


def test_controls_change_the_figure_and_tables(explorer):
    view = explore.ExplorerView(explorer)
    assert view.value.value == "两山" and "Term 「两山」" in shown_text(view)
    figure = next(o["data"]["image/png"] for o in view.output.outputs if "image/png" in o["data"])

    view.kind.value = "slogan"  # what choosing "slogan" in the dropdown does
    assert list(view.value.options) == explorer.choices("slogan") and view.value.value == "两山"
    assert "Slogan 「两山」: 2 uses" in shown_text(view) and "Term" not in shown_text(view)
    assert next(o["data"]["image/png"] for o in view.output.outputs if "image/png" in o["data"]) != figure

    view.value.value = "最多跑一次"  # picking or typing another value (then Enter)
    assert view.selection.value == "最多跑一次" and "Slogan 「最多跑一次」" in shown_text(view)

    view.kind.value = "indicator"
    assert view.value.value == "gdp_growth"
    assert "targets with their quotes" in shown_text(view) and "地区生产总值增长7.5%左右" in shown_text(view)


def test_controls_say_in_text_that_they_need_a_kernel(explorer):
    bundle = explore.ExplorerView(explorer)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "JupyterLab with a running kernel" in bundle["text/plain"]


def test_explorer_on_a_corpus_without_reports(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    explorer = explore.Explorer.from_corpus(load_corpus(tmp_path, warn=False))
    for kind in explore.KINDS:
        assert explorer.choices(kind) == []
        selection = explorer.select(kind)
        assert all(isinstance(table, pd.DataFrame) and table.empty for table in selection.tables.values())
    assert explore.ExplorerView(explorer).selection.kind == "term"
