"""The fast paths around the segmenter give exactly what the plain loops they replace gave."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from govreports.measures import keywords, tokens


@pytest.mark.parametrize("text, n", [("各位代表:\n  现在,", 8), ("", 0), ("\u3000两山\u00a0理念\u2028", 4), ("5G 基站", 4)])
def test_count_chars_leaves_out_whitespace(text, n):
    assert keywords.count_chars(text) == n == sum(1 for c in text if not c.isspace())


def _per_token_checksum(key: str, vocab: list[str], codes: bytes) -> str:
    digest = hashlib.sha256(key.encode("utf-8"))
    for token in vocab:
        digest.update(b"\0")
        digest.update(token.encode("utf-8", "surrogatepass"))
    digest.update(b"\0" + codes)
    return digest.hexdigest()


@pytest.mark.parametrize("tokens_", [[], ["两山"], ["坚持", "八八战略", "，", "\n", "推进", "坚持"], ["a\0b", "c"]])
def test_checksum_is_the_per_token_one(tokens_):
    segmentation = tokens.Segmentation.from_tokens(tokens_)
    _, codes = tokens._code_bytes(segmentation)
    assert tokens._checksum("k" * 64, segmentation.vocab, codes) == _per_token_checksum("k" * 64, segmentation.vocab, codes)


@pytest.mark.parametrize(
    "tokens_",
    [[], ["两山"], ["坚持", "八八战略", "，", "\n", "坚持", " ", "坚持"], ["a\0b", "c", "a\0b"], [f"词{i}" for i in range(70_000)]],
    ids=["empty", "one", "repeats", "nul", "wide"],
)
def test_a_segmentation_is_its_token_list(tokens_):
    segmentation = tokens.Segmentation.from_tokens(tokens_)
    assert segmentation.tokens() == tokens_
    assert segmentation.vocab == list(dict.fromkeys(tokens_))  # distinct tokens in order of first use
    assert [segmentation.vocab[code] for code in segmentation.codes] == tokens_
    entry = tokens.cache_entry("k" * 64, tokens_)
    assert entry["tokens"]["width"] == (4 if len(set(tokens_)) > 2**16 else 2)
    decoded, problem = tokens._decode_entry(entry, "k" * 64, "".join(tokens_))
    assert problem is None and decoded.tokens() == tokens_


@pytest.mark.parametrize(
    "tokens_",
    [[], ["两山"], ["坚持", "八八战略", "，", "\n", "坚持", " ", "坚持"], ["“", "两山", "”", '"', "\\", "\t", "\x01", "\u2028"],
     ["a\0b", "c", "a\0b"], ["5G", "基站", "1.2", "万个", "。"], [f"词{i}" for i in range(70_000)]],
    ids=["empty", "one", "repeats", "escapes", "nul", "latin", "wide"],
)
def test_cache_bytes_are_the_json_of_the_entry(tokens_):
    """The cache file's bytes, put together from their parts, are what ``json.dumps`` of the entry wrote."""
    import json

    segmentation = tokens.Segmentation.from_tokens(tokens_)
    key = hashlib.sha256("".join(tokens_).encode("utf-8", "surrogatepass")).hexdigest()
    plain = json.dumps(tokens.cache_entry(key, tokens_), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert tokens._entry_bytes(key, segmentation) == plain
    decoded, problem = tokens._decode_entry(json.loads(plain), key, "".join(tokens_))
    assert problem is None and decoded.tokens() == tokens_


@pytest.mark.parametrize("tokens_", [[], ["两山"], ["坚持", "八八战略", "坚持", "，"]])
def test_the_vocab_array_is_the_vocab(tokens_):
    segmentation = tokens.Segmentation.from_tokens(tokens_)
    array = segmentation.vocab_array()
    assert array.dtype == object and array.tolist() == segmentation.vocab == list(dict.fromkeys(tokens_))
    assert segmentation.vocab_array() is array  # made once
    assert tokens.Segmentation(list(segmentation.vocab), segmentation.codes).vocab_array().tolist() == segmentation.vocab


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
    monkeypatch.setattr(tokens, "_segmentation", lambda *args: tokens.Segmentation.from_tokens(raw))
    assert tokens.segment_sentences(["x"] * n_sentences, use_cache=False) == expected


def _plain_sentences(raw: list[str]) -> list[list[str]]:
    """The rule :func:`tokens.segment_sentences` replaces: cut at each line-break token, drop whitespace."""
    sentences, current = [], []
    for token in raw:
        if token == "\n":
            sentences.append(current)
            current = []
        elif not token.isspace():
            current.append(token)
    return sentences + [current]


@pytest.mark.parametrize("sentences", [
    ["坚持八八战略，推进高质量发展。", "践行“两山”理念。"],
    ["各位代表：\n现在，我代表市人民政府", "", "  ", "5G基站1.2万个"],
    ["两山\r\n理念", "八八战略 八八战略"],
])
def test_sentences_from_the_encoded_cut_are_the_plain_cut(sentences):
    joined = "\n".join(s.replace("\r", " ").replace("\n", " ") for s in sentences)
    raw = tokens._run_backend(joined, "jieba", tokens.load_userdict())
    assert tokens.segment_sentences(sentences, use_cache=False) == _plain_sentences(raw)
    assert tokens.segment_sentences(sentences) == _plain_sentences(raw)  # cold cache, then warm
    assert tokens.segment_sentences(sentences) == _plain_sentences(raw)


TERMS = ["两山", "八八战略", "两山", "共同富裕", "八八战略", "数字"]


@pytest.mark.parametrize("given", [TERMS, __import__("collections").Counter(TERMS)], ids=["list", "counts"])
def test_counts_are_by_descending_count_then_code_point(given):
    frame = keywords._count_frame(120, given)
    assert frame[["term", "count"]].values.tolist() == [["两山", 2], ["八八战略", 2], ["共同富裕", 1], ["数字", 1]]
    assert set(frame["n_chars"]) == {120} and set(frame["n_tokens"]) == {6}


def _encoded(cut: list[list[str]]):
    """What :func:`tokens.encoded_sentences` returns for sentences cut into ``cut`` (line breaks between)."""
    raw = [token for i, sentence in enumerate(cut) for token in ([] if i == 0 else ["\n"]) + sentence]
    sentence = np.cumsum([token == "\n" for token in raw], dtype=np.int64)
    return tokens.Segmentation.from_tokens(raw), sentence


@pytest.mark.parametrize("parts", [None, frozenset({"review"}), frozenset({"plan"}), frozenset({"none"})])
def test_counting_token_codes_is_counting_every_token(monkeypatch, parts):
    from collections import Counter

    cut = [["坚持", "八八战略", "，", "的"], ["推进", "八八战略", "2020", " ", "两山"], ["两山"]]
    unit_parts = ["review", "plan", "review"]
    texts = ["甲", "乙 丙", "丁"]
    monkeypatch.setattr(tokens, "encoded_sentences", lambda texts, **kwargs: _encoded(cut))
    keep = tokens.term_filter(frozenset())  # no stop words: 坚持 and 推进 count
    table = keywords._CountTable(keep)
    table.add(*keywords._unit_tallies(texts, unit_parts, parts, "jieba", None))
    (frame,) = table.frames()
    chosen = [i for i, part in enumerate(unit_parts) if parts is None or part in parts]
    expected = Counter(t for i in chosen for t in cut[i] if not t.isspace() and keep(t))
    n_chars = sum(keywords.count_chars(texts[i]) for i in chosen)
    pd.testing.assert_frame_equal(frame.reset_index(drop=True), keywords._count_frame(n_chars, expected))


@pytest.mark.parametrize("docs", [
    {"a": "坚持八八战略，推动高质量发展。八八战略！", "b": "", "c": "的的", "d": "践行两山理念，推动高质量发展，两山。"},
    {"x": "推进共同富裕示范区建设"},
    # tokens of four characters and more (no packed key) in several documents, coded together or apart
    {"p": "推进共同富裕示范区建设，共同富裕", "q": "共同富裕示范区", "r": "高质量发展高质量发展", "s": "共同富裕"},
    {},
])
@pytest.mark.parametrize("code_every", [1, 3, 200_000])
def test_the_count_table_is_one_count_frame_per_document(docs, code_every, monkeypatch):
    from collections import Counter

    monkeypatch.setattr(keywords._CountTable, "CODE_EVERY", code_every)
    keep = tokens.term_filter()
    table = keywords._CountTable(keep)
    expected = []
    for text in docs.values():
        table.add(*keywords._unit_tallies([text], [None], None, "jieba", None))
        terms = [t for t in tokens.segment(text) if keep(t)]
        expected.append(keywords._count_frame(keywords.count_chars(text), Counter(terms)))
    frames = table.frames()
    assert len(frames) == len(expected)
    for frame, reference in zip(frames, expected):
        pd.testing.assert_frame_equal(frame.reset_index(drop=True), reference)


@pytest.mark.parametrize("doc, counts, rank", [
    ([0, 0, 0, 1, 1], [1, 5, 1, 2, 2], [2, 0, 1, 1, 0]),
    ([0], [3], [0]),
    ([], [], []),
])
def test_document_order_is_the_lexsort(doc, counts, rank):
    doc, counts, rank = (np.array(x, dtype=np.int64) for x in (doc, counts, rank))
    expected = np.lexsort((rank, -counts, doc)) if len(doc) else np.zeros(0, dtype=np.int64)
    assert keywords._document_order(doc, counts, rank, 3).tolist() == expected.tolist()


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


@pytest.mark.parametrize("docs", [{"a": "两山理念", "b": "", "c": "八八战略"}, {}, {"x": "推进\n共同富裕"}])
def test_text_documents_are_grouped_as_the_units_table_groups_them(docs):
    units = tokens.document_units(docs)
    expected = [(doc_id, list(group["text"]), list(group["part"])) for doc_id, group in units.groupby("doc_id", sort=False)]
    assert keywords._document_groups(docs, None) == expected
    if docs:
        with pytest.raises(ValueError, match="part= needs documents with parts"):
            keywords._document_groups(docs, frozenset({"review"}))


@pytest.mark.parametrize("texts", [["各位代表:\n  现在,", "", "\u3000两山\u00a0理念\u2028", "5G 基站"], [], [" "]])
def test_characters_of_joined_texts_are_the_sum_of_their_characters(texts):
    assert keywords.count_chars("".join(texts)) == sum(map(keywords.count_chars, texts))


class _Document:
    """A document whose ``text`` property counts its calls (as a stored document reads its text back)."""

    reads = 0

    def __init__(self, doc_id):
        self.doc_id = doc_id

    @property
    def text(self):
        type(self).reads += 1
        return "两山理念"


class _Dynamic:
    def __getattr__(self, name):
        if name == "text":
            return "八八战略"
        raise AttributeError(name)


class _Slots:
    __slots__ = ("doc_id", "text")

    def __init__(self):
        self.doc_id = "a"


class _Raises:
    @property
    def text(self):
        raise AttributeError("text")


@pytest.mark.parametrize("obj, name", [
    (_Document("a"), "text"), (_Document("a"), "doc_id"), (_Document("a"), "sentences"),
    (_Dynamic(), "text"), (_Dynamic(), "doc_id"), (_Slots(), "doc_id"), (_Slots(), "text"),
    (pd.Series(["甲"], index=["text"]), "text"), ("两山", "text"), (None, "doc_id"),
])
def test_attribute_presence_is_what_hasattr_says(obj, name):
    assert keywords._has_attribute(obj, name) == hasattr(obj, name)


def test_attribute_presence_does_not_call_the_property():
    _Document.reads = 0
    assert keywords._has_attribute(_Document("a"), "text")
    assert _Document.reads == 0


def test_a_property_that_raises_counts_as_present():
    # the one case where the two differ: such a document is then read (and fails) as a document
    assert keywords._has_attribute(_Raises(), "text") and not hasattr(_Raises(), "text")


def test_documents_are_grouped_without_reading_their_texts():
    _Document.reads = 0
    docs = [_Document("a"), _Document("b")]
    groups = keywords._document_groups(docs, None)
    expected = [("a", ["两山理念"], ["unknown"]), ("b", ["两山理念"], ["unknown"])]
    assert [groups[i] for i in range(len(groups))] == expected
    assert _Document.reads == 2  # once each, when its sentences are asked for (none: its text)


def _old_repeated(values, lengths):
    """The rule :func:`store.repeated` replaces: one table per document given its value, concatenated."""
    frames = [pd.DataFrame({"x": range(n)}) for n in lengths]
    for frame, value in zip(frames, values):
        frame.insert(0, "doc_id", value)
    full = [frame for frame in frames if len(frame)]
    return pd.concat(full, ignore_index=True)["doc_id"] if full else None


@pytest.mark.parametrize("values, lengths", [
    (["甲", "乙"], [2, 1]), (["甲", "乙", "丙"], [0, 3, 1]), (["甲"], [1]), (["甲", "甲"], [2, 2]),
    ([1, 2], [1, 2]), ([1, None], [1, 1]), (["甲", 2], [1, 1]), (["甲", None], [2, 1]),
    (["甲", None], [2, 0]), (["", "两山理念"], [1, 1]),
])
def test_repeated_column_is_the_concatenated_one(values, lengths):
    from govreports import store

    got = store.repeated(values, lengths)
    pd.testing.assert_series_equal(got, _old_repeated(values, lengths), check_names=False, check_exact=True)


@pytest.mark.parametrize("chunks, need", [
    ([["甲", "乙", None, "甲"], ["丙", None]], ["甲", "丙"]),
    ([["甲", "乙"]], []), ([["甲", "乙"]], ["乙", "丁"]), ([[None, None]], ["甲"]), ([[], ["甲"]], ["甲"]),
])
@pytest.mark.parametrize("encoded", [True, False])
def test_key_mask_is_is_in(chunks, need, encoded):
    import pyarrow as pa
    import pyarrow.compute as pc

    from govreports import store

    arrays = [pa.array(chunk, pa.string()) for chunk in chunks]
    keys = pa.chunked_array([a.dictionary_encode() for a in arrays] if encoded else arrays)
    expected = pc.is_in(pa.chunked_array(arrays), value_set=pa.array(need, pa.string()))
    assert store._key_mask(keys, need).to_pylist() == expected.to_pylist()


@pytest.fixture
def private_store(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVREPORTS_STORE", raising=False)


_ENTRIES = {"ka": pd.DataFrame({"term": ["两山", "八八战略"], "count": [2, 1], "n_chars": [9, 9]}),
            "kb": pd.DataFrame({"term": ["共同富裕"], "count": [3], "n_chars": [4]}),
            "kc": pd.DataFrame({"term": pd.Series([], dtype=object), "count": pd.Series([], dtype="int64"),
                                "n_chars": pd.Series([], dtype="int64")})}


@pytest.mark.parametrize("columns", [["term", "count"], ["count"], ["n_chars", "term"], ["term", "count", "n_chars"]])
@pytest.mark.parametrize("keys", [["ka", "kb", "kc"], ["kb", "ka", "kb"], ["kc", "kd", "ka"], ["kd"]])
def test_gathering_some_columns_is_gathering_all_then_choosing(private_store, columns, keys):
    from govreports import store

    assert store.write_entries("t", {"ka": _ENTRIES["ka"], "kc": _ENTRIES["kc"]})
    assert store.write_entries("t", {"kb": _ENTRIES["kb"]})
    every, lengths = store.gather_entries("t", keys)
    some, some_lengths = store.gather_entries("t", keys, columns)
    assert some_lengths == lengths
    if every is None:
        assert some is None
    else:
        pd.testing.assert_frame_equal(some, every[columns], check_exact=True)


def test_a_batch_without_a_column_asked_for_is_not_read(private_store):
    from govreports import store

    assert store.write_entries("t", {"ka": _ENTRIES["ka"][["term", "count"]]})
    assert store.gather_entries("t", ["ka"], ["term", "n_chars"]) == (None, [None])


@pytest.mark.parametrize("columns", [["term", "count"], None])
def test_stored_rows_of_some_columns_are_all_rows_then_chosen(private_store, columns):
    from govreports import store

    def compute(keys):
        return [_ENTRIES[key] for key in keys]

    items = [("ka", "ka"), ("kc", "kc"), ("kb", "kb")]
    expected, lengths = store.stored_rows("u", items, compute)  # computed: and stored
    for _ in range(2):  # computed, then read back
        got, got_lengths = store.stored_rows("t", items, compute, columns)
        assert got_lengths == lengths == [2, 0, 1]
        pd.testing.assert_frame_equal(got, expected if columns is None else expected[columns], check_exact=True)


@pytest.mark.parametrize("store_on", [True, False])
def test_term_rows_of_some_columns_are_all_rows_then_chosen(private_store, monkeypatch, store_on):
    if not store_on:
        monkeypatch.setenv("GOVREPORTS_STORE", "0")
    docs = {"a": "推动高质量发展，推动共同富裕。", "b": "践行两山理念。", "c": ""}
    rows, doc_ids, lengths = keywords._term_rows(docs, None, None, None, 1)
    for _ in range(2):
        some, some_ids, some_lengths = keywords._term_rows(docs, None, None, None, 1, ["term", "count"])
        assert (some_ids, some_lengths) == (doc_ids, lengths)
        pd.testing.assert_frame_equal(some, rows[["term", "count"]], check_exact=True)


_TOKEN_LISTS = [
    ["两山", "，", "GDP", "a", "\n", " ", "中国", "中", "中国人"],
    ["高质量发展", "共同富裕", "两山", "2025"],  # four characters and more: no key
    ["𠀀", "𠀀𠀁𠀂", "\ud800", "x\ud800"],  # beyond the BMP, and a lone surrogate
    ["ab\0", "两山", "\0"],  # a NUL in a token: the rule token by token
    [""],
    [],
]


@pytest.mark.parametrize("tokens_", _TOKEN_LISTS)
def test_packed_keys_are_the_rule_token_by_token(tokens_):
    assert tokens.packed_keys(tokens_).tolist() == [tokens.packed_key(token) for token in tokens_]


@pytest.mark.parametrize("tokens_", _TOKEN_LISTS)
def test_unpacking_gives_back_every_token_with_a_key(tokens_):
    keys = tokens.packed_keys(tokens_)
    assert tokens.unpacked_tokens(keys[keys >= 0]) == [token for token, key in zip(tokens_, keys.tolist()) if key >= 0]


@pytest.mark.parametrize("token, key", [
    ("两", ord("两") << 42),
    ("两山", (ord("两") << 42) | (ord("山") << 21)),
    ("a5G", (ord("a") << 42) | (ord("5") << 21) | ord("G")),
    ("𠀀", 0x20000 << 42),
    ("十四五规划", -1),
    ("", -1),
    ("a\0", -1),
])
def test_a_packed_key_is_the_code_points_from_the_top(token, key):
    assert tokens.packed_key(token) == key


def test_packed_keys_tell_every_short_token_apart():
    short = ["中", "中国", "中国人", "国中", "人", "国人", "\n", " ", "  ", "a", "A", "ａ", "𠀀"]
    keys = tokens.packed_keys(short)
    assert len(set(keys.tolist())) == len(short) and (keys >= 0).all()


@pytest.mark.parametrize("sentences", [
    ["各位代表：", "现在，我代表省人民政府。"],
    ["现在，\n我代表", "省人民政府"],
    ["一\r\n二", "三\r"],
    ["\n", ""],
    [""],
    [],
])
def test_joined_sentences_is_the_replace_then_join(sentences):
    expected = "\n".join(s.replace("\r", " ").replace("\n", " ") for s in sentences)
    assert tokens.joined_sentences(sentences) == expected
