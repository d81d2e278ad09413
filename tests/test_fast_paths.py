"""The fast paths around the segmenter give exactly what the plain loops they replace gave."""

from __future__ import annotations

import hashlib

import pytest

from govreports.measures import keywords, tokens


@pytest.mark.parametrize("text, n", [("各位代表:\n  现在,", 8), ("", 0), ("\u3000两山\u00a0理念\u2028", 4), ("5G 基站", 4)])
def test_count_chars_leaves_out_whitespace(text, n):
    assert keywords.count_chars(text) == n == sum(1 for c in text if not c.isspace())


def _per_token_checksum(key: str, tokens_: list[str]) -> str:
    digest = hashlib.sha256(key.encode("utf-8"))
    for token in tokens_:
        digest.update(b"\0")
        digest.update(token.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@pytest.mark.parametrize("tokens_", [[], ["两山"], ["坚持", "八八战略", "，", "\n", "推进"], ["a\0b", "c"]])
def test_checksum_is_the_per_token_one(tokens_):
    assert tokens._checksum("k" * 64, tokens_) == _per_token_checksum("k" * 64, tokens_)


@pytest.mark.parametrize(
    "raw, n_sentences, expected",
    [
        (["坚持", "八八战略", "\n", "推进", " ", "改革"], 2, [["坚持", "八八战略"], ["推进", "改革"]]),
        (["\n", "两山", "\n"], 3, [[], ["两山"], []]),
        (["两山", "\u3000", "理念"], 1, [["两山", "理念"]]),
        ([], 1, [[]]),
    ],
)
def test_sentences_are_cut_at_each_line_break_token(monkeypatch, raw, n_sentences, expected):
    monkeypatch.setattr(tokens, "_segment_raw", lambda *args: list(raw))
    assert tokens.segment_sentences(["x"] * n_sentences, use_cache=False) == expected


TERMS = ["两山", "八八战略", "两山", "共同富裕", "八八战略", "数字"]


@pytest.mark.parametrize("given", [TERMS, __import__("collections").Counter(TERMS)], ids=["list", "counts"])
def test_counts_are_by_descending_count_then_code_point(given):
    frame = keywords._count_frame(120, given)
    assert frame[["term", "count"]].values.tolist() == [["两山", 2], ["八八战略", 2], ["共同富裕", 1], ["数字", 1]]
    assert set(frame["n_chars"]) == {120} and set(frame["n_tokens"]) == {6}


def test_counting_distinct_tokens_is_filtering_every_token(monkeypatch):
    from collections import Counter

    cut = [["坚持", "八八战略", "，", "的"], ["推进", "八八战略", "2020", "两山"], ["两山"]]
    monkeypatch.setattr(tokens, "segment_sentences", lambda texts, **kwargs: cut)
    keep = tokens.term_filter(frozenset())  # no stop words: 坚持 and 推进 count
    n_chars, counts = keywords._unit_counts(["甲", "乙 丙", "丁"], ["review", "plan", "review"], None, "jieba", None, keep)
    assert n_chars == 4
    assert counts == Counter(t for sentence in cut for t in sentence if keep(t)) == Counter({"八八战略": 2, "两山": 2, "坚持": 1, "推进": 1})
    _, review = keywords._unit_counts(["甲", "乙", "丁"], ["review", "plan", "review"], frozenset({"review"}), "jieba", None, keep)
    assert review == Counter({"八八战略": 1, "坚持": 1, "两山": 1})


@pytest.mark.parametrize("text", ["以“两山”理念为引领，践行两山理念，深化“最多跑一次”改革。", "推进“八八战略”、“两个先行”。", ""])
def test_mention_rows_are_the_mentions_fields(text):
    from dataclasses import astuple

    from govreports.measures import slogans

    frame = slogans.find_slogan_mentions(text)
    expected = [astuple(m) for m in slogans.iter_slogan_mentions(text)]
    assert [tuple(row) for row in frame.itertuples(index=False)] == expected


@pytest.mark.parametrize("masked", ["两山、八八战略", "、、两山", "没有顿号", ""])
def test_lexicon_matches_map_back_past_enumeration_commas(masked):
    from govreports.measures import slogans

    for start, end, _ in slogans._lexicon_matches(masked, ["两山", "八八战略", "顿号"]):
        assert masked[start:end].replace("、", "") in ("两山", "八八战略", "顿号")


# --- sentences kept as columns ----------------------------------------------------------------------------

REPORT = "各位代表：\n一、2020年工作回顾\n（一）经济运行。全市生产总值增长6%。\n二、2021年主要任务\n坚持八八战略！推进共同富裕。"


@pytest.fixture
def structure():
    from govreports.pipeline.structure import structure_document

    return structure_document(REPORT)


def test_sentences_behave_as_the_tuple_of_their_sentences(structure):
    import pickle

    from govreports.pipeline.structure import Sentence

    sentences = structure.sentences
    plain = tuple(sentences)
    assert all(isinstance(s, Sentence) for s in plain) and [s.index for s in plain] == list(range(len(plain)))
    assert sentences == plain and plain == sentences and hash(sentences) == hash(plain)
    assert sentences[-1] == plain[-1] and sentences[1:3] == plain[1:3] and isinstance(sentences[1:3], tuple)
    assert repr(sentences) == repr(plain)
    assert pickle.loads(pickle.dumps(sentences)) == plain
    assert [(s.text, s.is_heading) for s in sentences if s.part_kind == "plan"] == [
        ("二、2021年主要任务", True), ("坚持八八战略！", False), ("推进共同富裕。", False)]
    with pytest.raises(IndexError):
        sentences[len(plain)]


def test_each_sentence_is_its_slice_of_the_text(structure):
    for s in structure.sentences:
        assert REPORT[s.start:s.start + len(s.text)] == s.text


def test_a_sentence_that_is_not_a_slice_keeps_its_own_text():
    from govreports.pipeline.structure import Sentence, Sentences

    odd = Sentence(0, "另一句。", 0, 0, 0, "", "preamble", 0, "", False)
    table = Sentences("两山理念。", [odd])
    assert table[0] == odd and list(table) == [odd]


def test_sentences_from_their_columns_are_the_same(structure):
    import dataclasses

    from govreports.pipeline.structure import Sentence, Sentences

    columns = {f.name: [getattr(s, f.name) for s in structure.sentences] for f in dataclasses.fields(Sentence)}
    columns["length"] = [len(t) for t in columns["text"]]
    columns["text"] = [None] * len(columns["text"])
    assert Sentences.from_columns(REPORT, columns) == structure.sentences
