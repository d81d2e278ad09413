"""Keywords and distinctive terms of a loaded (lean) corpus through the table store.

A lean document's counts are keyed by its load-store id (:func:`govreports.store.document_content`),
so a warm run reads no text back; these tests check that it reads none, that its tables are the
ones computed with the store off, and what invalidates its entries.
"""

from __future__ import annotations

import pandas as pd
import pytest

from govreports import store
from govreports.compare.distinctive import distinctive_terms_table
from govreports.measures import keywords, tokens

pytestmark = pytest.mark.usefixtures("one_process")  # counting and extraction happen in this process


@pytest.fixture
def reads(monkeypatch):
    """Counts every text or structure a lean document reads back from the load store."""
    from govreports.pipeline import corpus

    made = []
    for name in ("text", "body"):
        real = getattr(corpus._StoredDocument, name)

        def counting(self, _real=real, _name=name):
            made.append((_name, self.index))
            return _real(self)

        monkeypatch.setattr(corpus._StoredDocument, name, counting)
    return made


@pytest.fixture
def counted(monkeypatch):
    """The sentence texts of every document counted afresh (segmented from the cache or the backend)."""
    made = []
    real = tokens.encoded_sentences

    def counting(texts, **kwargs):
        made.append(list(texts))
        return real(texts, **kwargs)

    monkeypatch.setattr(tokens, "encoded_sentences", counting)
    return made


def _load(folder):
    from govreports.pipeline.corpus import load_corpus

    return load_corpus(folder, warn=False)


def _unstored(function):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORTS_STORE", "0")
        return function()


def test_a_lean_document_is_keyed_by_its_load_store_id_and_one_in_memory_by_its_sentences(private_store, seeds_copy):
    lean = _load(seeds_copy).reports()
    assert all(doc.text_id for doc in lean)
    assert keywords._DocumentGroups(lean).contents() == [store.document_content(doc) for doc in lean]
    kept = _unstored(lambda: _load(seeds_copy).reports())
    assert all(doc.text_id is None for doc in kept)
    # the rule it replaces: the JSON of the sentence texts and their parts
    import json

    expected = [json.dumps([[s.text for s in doc.sentences], [s.part_kind for s in doc.sentences]], ensure_ascii=False)
                for doc in kept]
    assert keywords._DocumentGroups(kept).contents() == expected


def test_entry_keys_are_entry_key_of_each_content():
    settings = {"part": None, "backend": "jieba"}
    contents = ["两山", "", "\0text-id\0" + "a" * 64 + "#0", "八八战略"]
    assert store.entry_keys("keywords", settings, contents) == [store.entry_key("keywords", settings, c) for c in contents]
    assert store.entry_keys("keywords", settings, []) == []


def test_a_warm_frequency_table_reads_no_text_and_is_the_unstored_one(private_store, seeds_copy, reads, counted):
    expected = _unstored(lambda: keywords.frequency_table(_load(seeds_copy).reports()))
    cold = keywords.frequency_table(_load(seeds_copy).reports())
    pd.testing.assert_frame_equal(cold, expected, check_exact=True)
    reports = _load(seeds_copy).reports()
    del reads[:], counted[:]
    warm = keywords.frequency_table(reports)
    assert reads == [] and counted == []
    pd.testing.assert_frame_equal(warm, expected, check_exact=True)


def test_a_warm_distinctive_table_reads_no_text_and_is_the_unstored_one(private_store, seeds_copy, reads, counted):
    expected = _unstored(lambda: distinctive_terms_table(_load(seeds_copy).documents))
    pd.testing.assert_frame_equal(distinctive_terms_table(_load(seeds_copy).documents), expected, check_exact=True)
    documents = _load(seeds_copy).documents
    del reads[:], counted[:]
    warm = distinctive_terms_table(documents)
    assert reads == [] and counted == []
    pd.testing.assert_frame_equal(warm, expected, check_exact=True)


def test_a_changed_file_counts_only_its_documents_again(private_store, seeds_copy, counted):
    keywords.frequency_table(_load(seeds_copy).reports())
    first = _load(seeds_copy).reports()
    edited = first[0]._span.file
    path = seeds_copy / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n推进数智赋能工程。\n", encoding="utf-8")
    reports = _load(seeds_copy).reports()
    del counted[:]
    table = keywords.frequency_table(reports)
    again = [doc for doc in reports if doc._span.file == edited]
    assert again and len(counted) == len(again) < len(reports)
    assert counted == [[s.text for s in doc.sentences] for doc in again]
    pd.testing.assert_frame_equal(table, _unstored(lambda: keywords.frequency_table(_load(seeds_copy).reports())),
                                  check_exact=True)


@pytest.mark.parametrize("change", ["stopwords", "userdict", "backend"])
def test_changed_settings_count_every_document_again(private_store, seeds_copy, counted, monkeypatch, tmp_path, change):
    reports = _load(seeds_copy).reports()
    keywords.frequency_table(reports, backend="jieba")
    del counted[:]
    keywords.frequency_table(reports, backend="jieba")
    assert counted == []
    options = {"backend": "jieba"}
    if change == "stopwords":
        options["stopwords"] = tokens.load_stopwords() - {"推动"}
    elif change == "userdict":
        path = tmp_path / "userdict.txt"
        path.write_text(tokens.USERDICT_PATH.read_text(encoding="utf-8") + "\n数智赋能\n", encoding="utf-8")
        monkeypatch.setattr(tokens, "USERDICT_PATH", path)
    else:
        options["backend"] = "rjieba"
    table = keywords.frequency_table(reports, **options)
    assert len(counted) == len(reports)
    pd.testing.assert_frame_equal(table, _unstored(lambda: keywords.frequency_table(reports, **options)),
                                  check_exact=True)


# --- the fast paths of a warm gather, against the rules they replace ------------------------------------


@pytest.mark.parametrize("chunks, need", [
    ([["ka", "kb", "ka"]], ["ka", "kb"]),
    ([["ka", "kb"], ["kc"]], ["ka", "kb", "kc", "kd"]),
    ([["ka", "kb"], ["kc"]], ["ka", "kc"]),
    ([["ka"]], []),
    ([[]], ["ka"]),
    ([["ka", None]], ["ka"]),
])
@pytest.mark.parametrize("encoded", [True, False])
def test_a_key_column_is_covered_when_every_row_is_in_the_mask(chunks, need, encoded):
    import pyarrow as pa
    import pyarrow.compute as pc

    arrays = [pa.array(chunk, pa.string()) for chunk in chunks]
    keys = pa.chunked_array([a.dictionary_encode() for a in arrays] if encoded else arrays)
    every_row = pc.all(store._key_mask(keys, need)).as_py() is not False
    # the shortcut may only say "covered" when the mask is all true (else the filter runs, as before)
    assert store._covers(keys, need) == (every_row and encoded and keys.null_count == 0)


def _entry(term_counts):
    return pd.DataFrame({"term": pd.Series([t for t, _ in term_counts], dtype=object),
                         "count": pd.Series([c for _, c in term_counts], dtype="int64")})


_BATCHES = [{"ka": _entry([("两山", 2), ("八八战略", 1)]), "kb": _entry([]), "kc": _entry([("共同富裕", 3)])},
            {"kd": _entry([("数字经济", 4), ("两山", 1)]), "ka": _entry([("两山", 9)])}]


def _gathered_by_key(keys) -> tuple[pd.DataFrame | None, list]:
    """The rule: each key's table (from the newest batch holding it), concatenated in the order asked."""
    tables, lengths = [], []
    for key in keys:
        table = next((batch[key] for batch in reversed(_BATCHES) if key in batch), None)
        lengths.append(None if table is None else len(table))
        if table is not None and len(table):
            tables.append(table)
    return (pd.concat(tables, ignore_index=True) if tables else None), lengths


@pytest.mark.parametrize("keys", [["kd", "ka"], ["ka", "kb", "kc", "kd"], ["kc", "ka"], ["kd", "ka", "kd"],
                                  ["ka", "kz"], ["kb"], ["kc"]])
@pytest.mark.parametrize("columns", [None, ["term"]])
def test_gathering_in_order_is_gathering_key_by_key(private_store, keys, columns):
    import os

    assert store.write_entries("t", _BATCHES[0])
    (older,) = (private_store / "t").glob("batch-*.parquet")
    os.utime(older, (1_000_000, 1_000_000))  # the second batch is the newer one: its ka wins
    assert store.write_entries("t", _BATCHES[1])
    got, lengths = store.gather_entries("t", keys, columns)
    expected, expected_lengths = _gathered_by_key(keys)
    assert lengths == expected_lengths
    if expected is None:
        assert got is None or got.empty
    else:
        pd.testing.assert_frame_equal(got, expected if columns is None else expected[columns], check_exact=True)


@pytest.mark.parametrize("keys", [["ka", "kb", "kc"], ["kc", "ka"], ["ka", "ka"]])
def test_stored_rows_all_found_are_the_concatenated_tables(private_store, keys):
    def compute(arguments):
        raise AssertionError("every table is stored")

    assert store.write_entries("t", _BATCHES[0])
    rows, lengths = store.stored_rows("t", [(key, key) for key in keys], compute)
    tables = [_BATCHES[0][key] for key in keys]
    assert lengths == [len(t) for t in tables]
    pd.testing.assert_frame_equal(rows, pd.concat([t for t in tables if len(t)], ignore_index=True), check_exact=True)


class _Plain:
    doc_id = "a"


class _Property:
    @property
    def text(self):
        return "两山"


class _Shadowed(_Property):
    def __init__(self):
        self.__dict__["text"] = "八八战略"  # a property wins over the instance's own entry


@pytest.mark.parametrize("obj", [_Plain(), _Property(), _Shadowed(), "两山", 3])
@pytest.mark.parametrize("name", ["text", "doc_id", "upper"])
def test_a_property_asked_of_the_class_is_the_one_getattr_static_finds(obj, name):
    import inspect

    assert keywords._class_property(type(obj), name) == isinstance(inspect.getattr_static(obj, name, None), property)


def test_comparability_reasons_are_the_row_by_row_ones():
    from govreports.compare import comparability

    frame = pd.DataFrame({
        "doc_type": ["government_work_report", "government_work_report", "plan_report", "news", "unknown",
                     "government_work_report", "government_work_report"],
        "duplicate_of": ["", "2020-甲市-gwr", "", "", "", "", ""],
        "city": ["甲市", "甲市", "乙市", "乙市", "丙市", "", "丁市"],
        "partial": [False, False, False, False, False, False, True],
        "partial_reason": ["", "", "", "", "", "", "stops after the review"],
        "doc_id": [f"d{i}" for i in range(7)], "year": [2020] * 7,
    })
    for include_partial in (True, False):
        table = comparability.comparability_table(frame, include_partial=include_partial)
        # the rule it replaces: _exclusion of each row as iterrows gives it
        by_row = {row["doc_id"]: comparability._exclusion(row, comparability.COMPARABLE_TYPES, include_partial)
                  for _, row in comparability._documents_frame(frame).iterrows()}
        reasons = dict(zip(table["doc_id"], table["reason"]))
        assert {doc_id: "" if reason.startswith("included") else reason for doc_id, reason in reasons.items()} == by_row
        assert [reasons[d] for d in ["d1", "d2", "d3", "d5"]] == [
            "excluded: second copy of 2020-甲市-gwr", "excluded: plan report (国民经济和社会发展计划), a different genre",
            "excluded: news item, not a report", "excluded: no city stated, cannot be grouped"]


@pytest.mark.parametrize("doc, counts, codes", [
    ([0, 0, 0, 1, 1], [1, 5, 1, 2, 2], [2, 0, 1, 1, 0]),
    ([0, 0, 1], [3, 3, 7], [1, 1, 0]),
    ([0], [3], [0]),
])
@pytest.mark.parametrize("doc_type", ["int32", "int64"])
def test_document_order_of_32_bit_documents_and_term_codes_is_the_lexsort(doc, counts, codes, doc_type):
    import numpy as np

    rank_of_code = np.array([2, 0, 1], dtype=np.int64)
    doc_, counts_, codes_ = np.array(doc, dtype=doc_type), np.array(counts, dtype=np.int64), np.array(codes, dtype=np.int32)
    rank = rank_of_code[codes_]
    expected = np.lexsort((rank, -counts_, doc_.astype(np.int64)))
    assert keywords._document_order(doc_, counts_, rank_of_code, 3, codes_).tolist() == expected.tolist()


def test_the_count_table_asked_twice_gives_the_same_rows():
    table = keywords._CountTable(tokens.term_filter(frozenset(), tokens.load_userdict()))
    for text in ["推动高质量发展，推动共同富裕。", "", "践行两山理念。"]:
        table.add(*keywords._unit_tallies([text], [None], None, "jieba", tokens.load_userdict()))
    first, lengths = table.rows()
    again, lengths_again = table.rows()
    assert lengths == lengths_again and lengths[1] == 0
    pd.testing.assert_frame_equal(first, again, check_exact=True)
    assert list(first.dtypes.astype(str)) == ["str", "int64", "int64", "int64"]


_CONCATENATED = pd.DataFrame({"term": pd.Series(["两山", "八八战略", "共同富裕"], dtype="str"),
                              "count": pd.Series([2, 1, 3], dtype="int64")})


@pytest.mark.parametrize("lengths", [[2, 0, 1], [0, 3], [3], [0, 0]])
def test_a_concatenated_batch_reads_back_as_its_tables_written_one_by_one(private_store, lengths):
    keys = [f"k{i}" for i in range(len(lengths))]
    rows = _CONCATENATED.iloc[:sum(lengths)].reset_index(drop=True)
    assert store.write_concatenated("whole", keys, rows, lengths)
    assert store.write_entries("byone", dict(zip(keys, store.split_rows(rows, lengths))))
    got, got_lengths = store.gather_entries("whole", keys)
    expected, expected_lengths = store.gather_entries("byone", keys)
    assert got_lengths == expected_lengths
    assert got_lengths == lengths or not sum(lengths)  # a batch without rows reads as missing, either way
    if expected is None or not len(expected):
        assert got is None or not len(got)
    else:
        pd.testing.assert_frame_equal(got, expected, check_exact=True)


_FOUR = {"ka": pd.DataFrame({"term": pd.Series(["两山"], dtype="str"), "count": [2]}),
         "kb": pd.DataFrame({"term": pd.Series(["八八战略", "共同富裕"], dtype="str"), "count": [1, 4]}),
         "kc": pd.DataFrame({"term": pd.Series(["六稳"], dtype="str"), "count": [3]}),
         "kd": pd.DataFrame({"term": pd.Series(["双碳", "数字经济"], dtype="str"), "count": [5, 6]})}


@pytest.mark.parametrize("stored_first", [[0, 2, 3], [1, 3], [0, 1], [2]])
@pytest.mark.parametrize("asked", [["ka", "kb", "kc", "kd"], ["kd", "kb", "ka"], ["kb", "ka", "kb", "kc"]])
@pytest.mark.parametrize("as_codes", [(), ("term",)])
def test_found_and_fresh_rows_interleaved_are_each_items_table_in_order(private_store, stored_first, asked, as_codes):
    # the rule: each asked item's table, in the order asked (a key asked twice: twice)
    store.write_entries("whole", {key: _FOUR[key] for i, key in enumerate(_FOUR) if i in stored_first})

    def whole(arguments):
        return pd.concat([_FOUR[key] for key in arguments], ignore_index=True), [len(_FOUR[key]) for key in arguments]

    rows, lengths = store.stored_rows_whole("whole", [(key, key) for key in asked], whole, as_codes=as_codes)
    expected = pd.concat([_FOUR[key] for key in asked], ignore_index=True)
    assert lengths == [len(_FOUR[key]) for key in asked]
    assert rows["term"].astype(str).tolist() == expected["term"].tolist()
    assert rows["count"].tolist() == expected["count"].tolist()
    assert isinstance(rows["term"].dtype, pd.CategoricalDtype) is bool(as_codes)


@pytest.mark.parametrize("stored_first", [[], [0], [0, 2], [1], [0, 1, 2]])
@pytest.mark.parametrize("columns", [None, ["term"]])
def test_stored_rows_computed_whole_are_stored_rows_computed_per_table(private_store, stored_first, columns):
    tables = {"ka": _CONCATENATED.iloc[:2].reset_index(drop=True), "kb": _CONCATENATED.iloc[:0],
              "kc": _CONCATENATED.iloc[2:].reset_index(drop=True)}
    keys = list(tables)
    items = [(key, key) for key in keys]

    def per_table(arguments):
        return [tables[key] for key in arguments]

    def whole(arguments):
        chosen = [tables[key] for key in arguments]
        full = [t for t in chosen if len(t)]
        return (pd.concat(full, ignore_index=True) if full else _CONCATENATED.iloc[:0]), [len(t) for t in chosen]

    for stage in ("whole", "byone"):  # the same tables stored beforehand in each
        store.write_entries(stage, {keys[i]: tables[keys[i]] for i in stored_first})
    expected = store.stored_rows("byone", items, per_table, columns)
    got = store.stored_rows_whole("whole", items, whole, columns)
    assert got[1] == expected[1]
    if expected[0] is None:
        assert got[0] is None
    else:
        pd.testing.assert_frame_equal(got[0], expected[0], check_exact=True)
    again = store.stored_rows_whole("whole", items, whole, columns)  # now read back (a batch of no rows: again)
    assert again[1] == expected[1]
    if expected[0] is not None:
        pd.testing.assert_frame_equal(again[0], expected[0], check_exact=True)


# --- terms as codes (the compare stage) ------------------------------------------------------------------


@pytest.mark.parametrize("rows_at_once", [1, 2, 3, 1 << 21])
@pytest.mark.parametrize("as_codes", [False, True])
def test_term_group_counts_taken_in_pieces_are_the_hand_counted_matrix(monkeypatch, rows_at_once, as_codes):
    import numpy as np

    from govreports.compare import distinctive

    monkeypatch.setattr(distinctive, "ROWS_AT_ONCE", rows_at_once)
    terms = pd.Series(["两山", "八八", "两山", "共同", "两山"], dtype="str")
    terms = pd.Series(pd.Categorical(terms)) if as_codes else terms
    doc_codes = np.array([0, 0, 1, 2, 2], dtype=np.int32)
    # 丙报告 is in no group: its rows (共同 and a 两山) are left out, so 共同 is not a term of the result
    got_terms, names, matrix = distinctive._term_group_counts(
        doc_codes, ["甲报告", "乙报告", "丙报告"], terms, np.array([2, 1, 3, 1, 1]), {"甲报告": "杭州", "乙报告": "宁波"})
    assert names == ["宁波", "杭州"]  # 宁 U+5B81 before 杭 U+676D
    assert got_terms.tolist() == ["两山", "八八"]  # 两 U+4E24 before 八 U+516B
    assert matrix.tolist() == [[3, 2], [0, 1]] and matrix.dtype == np.int64


@pytest.mark.parametrize("parts", [[["两山", "八八"]], [["两山"], ["八八", "两山"]], [["两山"], [], ["共同"]]])
def test_concatenated_codes_are_the_concatenated_values(parts):
    pieces = [pd.DataFrame({"term": pd.Categorical(pd.Series(p, dtype="str")), "count": list(range(len(p)))})
              for p in parts]
    plain = pd.concat([piece.astype({"term": "str"}) for piece in pieces], ignore_index=True)
    got = store._concat(pieces, ["term"])  # it empties the pieces
    assert isinstance(got["term"].dtype, pd.CategoricalDtype) and list(got.columns) == ["term", "count"]
    pd.testing.assert_frame_equal(got.astype({"term": "str"}), plain, check_exact=True)


@pytest.mark.parametrize("keys", [["ka", "kb", "kc"], ["kd", "ka"], ["kc", "kd", "ka"]])
def test_terms_gathered_as_codes_are_the_terms(private_store, keys):
    import os

    assert store.write_entries("t", _BATCHES[0])
    (older,) = (private_store / "t").glob("batch-*.parquet")
    os.utime(older, (1_000_000, 1_000_000))
    assert store.write_entries("t", _BATCHES[1])
    plain, lengths = store.gather_entries("t", keys, ["term", "count"])
    coded, coded_lengths = store.gather_entries("t", keys, ["term", "count"], ["term"])
    assert coded_lengths == lengths and isinstance(coded["term"].dtype, pd.CategoricalDtype)
    pd.testing.assert_frame_equal(coded.astype({"term": plain["term"].dtype}), plain, check_exact=True)


def test_a_distinctive_table_after_a_changed_file_is_the_unstored_one(private_store, seeds_copy, counted):
    distinctive_terms_table(_load(seeds_copy).documents)
    path = seeds_copy / _load(seeds_copy).reports()[0]._span.file
    path.write_text(path.read_text(encoding="utf-8") + "\n推进数智赋能工程，建设共同富裕示范区。\n", encoding="utf-8")
    documents = _load(seeds_copy).documents
    del counted[:]
    table = distinctive_terms_table(documents)  # stored rows (codes) and fresh rows together
    assert 0 < len(counted) < len(documents)
    pd.testing.assert_frame_equal(table, _unstored(lambda: distinctive_terms_table(_load(seeds_copy).documents)),
                                  check_exact=True)


def test_one_changed_report_is_counted_here_with_two_workers(private_store, seeds_copy, counted, monkeypatch):
    from collections import Counter

    from govreports import parallel

    keywords.frequency_table(_load(seeds_copy).reports())
    per_file = Counter(doc._span.file for doc in _load(seeds_copy).reports())
    edited = min(name for name, n in per_file.items() if n == 1)  # a file holding one report
    path = seeds_copy / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n推进数智赋能工程。\n", encoding="utf-8")
    reports = _load(seeds_copy).reports()

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for one report")

    del counted[:]
    with monkeypatch.context() as patch:
        patch.setattr(parallel, "ProcessPoolExecutor", no_pool)
        table = keywords.frequency_table(reports, workers=2)
    assert len(counted) == 1
    pd.testing.assert_frame_equal(table, _unstored(lambda: keywords.frequency_table(_load(seeds_copy).reports())),
                                  check_exact=True)


def test_two_documents_of_one_text_are_counted_cold_and_warm_as_without_the_store(private_store):
    texts = {"甲": "数字经济，共同富裕。", "乙": "数字经济，共同富裕。", "丙": "八八战略。"}
    unstored = _unstored(lambda: keywords.frequency_table(texts))
    for _ in ("cold", "warm"):  # one key for two documents: stored once, read for both
        pd.testing.assert_frame_equal(keywords.frequency_table(texts), unstored, check_exact=True)
    assert unstored["doc_id"].tolist() == ["甲", "甲", "乙", "乙", "丙"]
