"""The fast paths of the corpus tables (sentences, audit) give exactly what the plain rules they replace gave.

The plain rules are written out here (Python slicing, a list of ranges, a dict per removal), and the
Arrow code is compared with them on short strings in the shape of the reports; the recorded command
outputs (``test_cli_recorded.py``) and the row-by-row tables of ``test_store.py`` cover the seeds end
to end.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from govreports import parallel
from govreports.pipeline import corpus_store

# --- a sentence's text cut from its document's text ------------------------------------------------


@pytest.mark.parametrize("texts, cuts, expected", [
    # (texts, (owner, start, length) of each sentence, the sentences by hand)
    (["推动高质量发展。\n建设示范区。"], [(0, 0, 8), (0, 9, 6)], ["推动高质量发展。", "建设示范区。"]),
    # characters of one to four UTF-8 bytes, two texts: cut by characters, not bytes
    (["GDP增长6.5%。", "𠀀𠮷字。 ab。"], [(0, 0, 10), (1, 0, 4), (1, 5, 3)], ["GDP增长6.5%。", "𠀀𠮷字。", "ab。"]),
    # clipped to the text as a slice is, and sentences of no character
    (["两山理念"], [(0, 0, 0), (0, 2, 10), (0, 10, 2)], ["", "理念", ""]),
    (["", "一。"], [(0, 0, 0), (1, 0, 2)], ["", "一。"]),
    # not in order, or overlapping: cut one by one
    (["两山理念", "八八战略"], [(1, 0, 2), (0, 2, 2)], ["八八", "理念"]),
    (["共同富裕示范区"], [(0, 0, 4), (0, 2, 5)], ["共同富裕", "富裕示范区"]),
    (["两山"], [], []),
])
@pytest.mark.parametrize("offset", [False, True])
def test_sentences_cut_from_the_texts_are_their_slices(texts, cuts, expected, offset):
    owner, starts, lengths = (np.array(column, dtype=np.int64).reshape(-1) for column in zip(*cuts)) if cuts else \
        (np.zeros(0, dtype=np.int64),) * 3
    array = pa.array(["不用", *texts], pa.large_string()).slice(1) if offset else pa.array(texts, pa.large_string())
    cut = corpus_store._cut(array, owner, starts, lengths)
    assert cut.type == pa.large_string()
    assert cut.to_pylist() == expected == [texts[o][s:s + n] for o, s, n in cuts]


def test_gaps_and_spans_cut_every_byte_once():
    assert corpus_store._turns(np.array([0, 4]), np.array([3, 4]), 9).tolist() == [0, 0, 3, 4, 4, 9]
    assert corpus_store._turns(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 5).tolist() == [0, 5]


# --- the rows of some documents of a row group ----------------------------------------------------------


@pytest.mark.parametrize("bounds, wanted, rows, first", [
    ([0, 2, 2, 5], [0, 1, 2], [0, 1, 2, 3, 4], 0),  # every document, in order: one run
    ([0, 2, 2, 5], [1, 2], [2, 3, 4], 2),
    ([0, 2, 2, 5], [1], [], 2),  # a document without rows
    ([0, 2, 2, 5], [2, 0], [2, 3, 4, 0, 1], None),  # out of order
    ([0, 2, 2, 5], [0, 2], [0, 1, 2, 3, 4], None),  # a document left out (it has no rows here)
    ([0, 2, 4], [0, 0], [0, 1, 0, 1], None),  # one document twice
    ([0, 2, 4], [], [], None),
])
def test_wanted_rows_are_the_ranges_of_the_documents(bounds, wanted, rows, first):
    bounds, wanted = np.array(bounds, dtype=np.int64), np.array(wanted, dtype=np.int64)
    got, got_first = corpus_store._wanted_rows(bounds, wanted)
    plain = [row for w in wanted for row in range(bounds[w], bounds[w + 1])]
    assert got.tolist() == rows == plain and got_first == first
    values = pa.array([f"句{i}" for i in range(bounds[-1])])
    assert corpus_store._taken(values, got, got_first).to_pylist() == [f"句{i}" for i in plain]


# --- label columns as codes or as strings ------------------------------------------------------------


@pytest.mark.parametrize("values", [
    pa.array(["一、工作回顾", "二、主要任务", "一、工作回顾"]),
    pa.array(["review", "plan"]).dictionary_encode(),
    pa.DictionaryArray.from_arrays(pa.array([0, 1, 2, 0], pa.int32()), pa.array(["甲", "乙", "甲"])),  # 甲 twice
    pa.array([], pa.string()),
])
@pytest.mark.parametrize("take", [None, [1, 1, 0]])
def test_a_label_column_holds_its_values_coded_or_not(values, take):
    expected = values.to_pylist() if not pa.types.is_dictionary(values.type) else \
        [values.dictionary[i].as_py() for i in values.indices.to_pylist()]
    if take is not None:
        if len(values) < 2:
            return
        expected = [expected[i] for i in take]
        take = pa.array(take, pa.int64())
    distinct = corpus_store._distinct_dictionary(values)
    assert distinct.to_pylist() == values.to_pylist()
    plain = corpus_store._label_column(distinct, False, take)
    coded = corpus_store._label_column(distinct, True, take)
    assert plain.type == pa.large_string() and plain.to_pylist() == expected
    assert coded.type == pa.dictionary(pa.int32(), pa.large_string()) and coded.to_pylist() == expected
    assert len(set(coded.dictionary.to_pylist())) == len(coded.dictionary)  # each value once: a pandas category
    assert coded.to_pandas().tolist() == expected


@pytest.mark.parametrize("ids, labels", [
    (["2021-杭州-gwr", "2020-杭州-gwr", "2021-杭州-gwr"], ["2020-杭州-gwr", "2021-杭州-gwr"]),
    (["甲", "乙", "丙"], ["丙", "乙", "甲"]),  # code points: 丙 U+4E19, 乙 U+4E59, 甲 U+7532
    ([], []),
])
def test_coded_ids_are_the_ids_with_sorted_categories(ids, labels):
    coded = corpus_store.coded_ids(ids)
    assert coded.to_pylist() == ids and coded.dictionary.to_pylist() == labels == sorted(set(ids))
    assert coded.type == pa.dictionary(pa.int32(), pa.large_string())


# --- whole batches: coded rows, audit rows, against the plain ones ------------------------------------


def _batches(private_store, seeds_copy):
    """The seeds loaded into the store, and ``(batch, [(key, index)], [doc_id], [document])`` of each load batch."""
    from govreports.pipeline.corpus import _by_batch, load_corpus

    corpus = load_corpus(seeds_copy, warn=False)
    batches = [(path, [(d._stored.key, d._stored.index) for d in docs], [d.doc_id for d in docs], docs)
               for path, docs in _by_batch(corpus.documents)]
    assert batches and all(path is not None for path, *_ in batches)
    return corpus, batches


def _choices(n: int) -> list[list[int]]:
    """Which documents of a batch of ``n`` to ask for: all, reversed, every other one, the first twice, none."""
    return [list(range(n)), list(range(n))[::-1], list(range(0, n, 2)), [0, 0], []]


def test_coded_sentence_rows_are_the_rows_with_their_labels_encoded(private_store, seeds_copy):
    _, batches = _batches(private_store, seeds_copy)
    for path, documents, doc_ids, _ in batches:
        for chosen in _choices(len(documents)):
            docs, ids = [documents[i] for i in chosen], [f"{doc_ids[i]}-{k}" for k, i in enumerate(chosen)]
            plain = corpus_store.sentence_rows(path, docs, ids)
            coded = corpus_store.sentence_rows(path, docs, ids, coded=True)
            assert plain.schema == corpus_store.sentence_schema() and coded.schema == corpus_store.sentence_schema(True)
            assert coded.to_pylist() == plain.to_pylist() == corpus_store.encoded_labels(plain).to_pylist()
            for as_codes in (False, True):  # the ids given coded: the same rows, the dictionary given
                given = corpus_store.sentence_rows(path, docs, corpus_store.coded_ids(["乙", *ids]).slice(1),
                                                   coded=as_codes)
                assert given.schema == corpus_store.sentence_schema(as_codes) and given.to_pylist() == plain.to_pylist()
                if as_codes and given.num_rows:
                    dictionaries = {tuple(c.dictionary.to_pylist()) for c in given.column("doc_id").chunks}
                    assert dictionaries == {tuple(sorted({"乙", *ids}))}
    assert corpus_store.sentence_rows(path, [("gone", 1)], ["甲"], coded=True) is None


def _plain_audit_rows(docs: list, ids: list[str]) -> pd.DataFrame:
    """The audit table's rows of ``docs`` by its definition: a dict per removal, offsets from the file's start."""
    rows = [{"file": d.raw_document.file, "doc_id": doc_id, "step": r.step, "reason": r.reason,
             "start": d.raw_document.start + r.start, "end": d.raw_document.start + r.end, "n_chars": len(r.text),
             "text": r.text} for d, doc_id in zip(docs, ids) for r in d.cleaning.removals]
    return pd.DataFrame(rows, columns=list(corpus_store.AUDIT_TABLE))


def test_removal_rows_are_the_removals_of_the_documents(private_store, seeds_copy):
    _, batches = _batches(private_store, seeds_copy)
    for path, documents, doc_ids, docs in batches:
        for chosen in _choices(len(documents)):
            ids = [f"{doc_ids[i]}-{k}" for k, i in enumerate(chosen)]
            chosen_docs = [docs[i] for i in chosen]
            rows = corpus_store.removal_rows(path, [documents[i] for i in chosen], ids,
                                             [d._span.file for d in chosen_docs], [d._span.start for d in chosen_docs])
            assert rows.schema == corpus_store.audit_schema()
            expected = _plain_audit_rows(chosen_docs, ids)
            assert rows.num_rows == len(expected) and (not len(expected) or rows.to_pandas().equals(expected))
    assert corpus_store.removal_rows(path, [("gone", 1)], ["甲"], ["a.txt"], [0]) is None
    assert corpus_store.removal_rows(path.with_name("missing.parquet"), documents, doc_ids, [""] * len(documents),
                                     [0] * len(documents)) is None


@pytest.mark.parametrize("compact", [False, True])
def test_tables_read_by_threads_are_the_tables_read_in_turn(private_store, seeds_copy, monkeypatch, compact):
    from govreports.pipeline import corpus as corpus_module

    monkeypatch.setattr(corpus_store, "BATCH_FILES", 2)  # several batches for the threads to share
    corpus = corpus_module.load_corpus(seeds_copy, warn=False)
    assert len({path for path, _ in corpus_module._by_batch(corpus.documents)}) > 1
    one = corpus.sentences_table(compact=compact, workers=1)
    pd.testing.assert_frame_equal(corpus.sentences_table(compact=compact, workers=2), one)
    pd.testing.assert_frame_equal(corpus.sentences_table(reports_only=False, compact=compact, workers=3),
                                  corpus.sentences_table(reports_only=False, compact=compact, workers=1))
    pd.testing.assert_frame_equal(corpus.audit_table(workers=2), corpus.audit_table(workers=1))


# --- threads -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2, 3, None])
@pytest.mark.parametrize("items", [[], ["两山"], ["两山", "八八战略", "共同富裕", "一", "", "数字经济"]])
def test_threads_give_the_results_of_map_in_order(workers, items):
    assert list(parallel.map_in_threads(len, items, workers)) == list(map(len, items))
    assert list(parallel.map_in_threads(len, iter(items), workers)) == list(map(len, items))


@pytest.mark.parametrize("workers", [1, 2])
def test_an_error_in_a_thread_is_raised_at_its_item(workers):
    def length(text: str) -> int:
        if not text:
            raise ValueError("空")
        return len(text)

    results = parallel.map_in_threads(length, ["两山", "八八战略", "", "一"], workers)
    assert [next(results), next(results)] == [2, 4]
    with pytest.raises(ValueError, match="空"):
        next(results)
