"""The table store: Parquet tables keyed by content, settings and library; what invalidates them."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pandas as pd
import pytest

from govreports import store
from govreports.measures import keywords, targets, tokens

TEXT = "2020年经济社会发展的主要预期目标是：全市生产总值增长6%左右。"


@pytest.fixture
def calls(monkeypatch):
    """Counts how often targets are extracted (a store hit extracts nothing)."""
    made = []
    real = targets.extract_targets_from_text
    monkeypatch.setenv("GOVREPORTS_WORKERS", "1")  # counted here: with workers, each worker counts its own

    def counting(text, **kwargs):
        made.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(targets, "extract_targets_from_text", counting)
    return made


def report(text: str = TEXT, year: int | None = 2020, doc_id: str = "2020-甲市-gwr"):
    return SimpleNamespace(doc_id=doc_id, city="甲市", year=year, review_year=None, doc_type="government_work_report",
                           text=text)


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"term": ["八八战略", "两山"], "count": [2, 1]}),
        pd.DataFrame({"a": pd.Series(["两山", None], dtype=object), "b": [1.5, float("nan")]}),
        pd.DataFrame({"year": pd.array([2020, None], dtype="Int64"), "flag": [True, False]}),
        pd.DataFrame({"term": pd.Series([], dtype=object), "count": pd.Series([], dtype="int64")}),
    ],
    ids=["strings and ints", "object with None", "nullable ints and bools", "no rows"],
)
def test_a_table_reads_back_as_it_was_written(private_store, frame):
    assert store.write_table("t", "ab" * 32, frame)
    back = store.read_table("t", "ab" * 32)
    pd.testing.assert_frame_equal(back, frame)
    assert list(back.dtypes.astype(str)) == list(frame.dtypes.astype(str))
    assert [type(v) for v in back.iloc[:, 0]] == [type(v) for v in frame.iloc[:, 0]]


def test_a_table_parquet_cannot_hold_is_not_stored(private_store):
    assert not store.write_table("t", "cd" * 32, pd.DataFrame({"mixed": pd.Series([1, "两山"], dtype=object)}))
    assert store.read_table("t", "cd" * 32) is None


def test_a_damaged_entry_is_a_miss_and_is_rewritten(private_store, calls):
    first = targets.targets_table([report()])
    (entry,) = (private_store / "targets").rglob("*.parquet")
    entry.write_bytes(b"not parquet")
    again = targets.targets_table([report()])
    pd.testing.assert_frame_equal(again, first)
    assert len(calls) == 2
    targets.targets_table([report()])
    assert len(calls) == 2  # healed


def test_a_rerun_reads_the_store(private_store, calls):
    first = targets.targets_table([report()])
    assert len(first) == 1 and first.loc[0, "indicator"] == "gdp_growth"
    second = targets.targets_table([report()])
    pd.testing.assert_frame_equal(second, first)
    assert len(calls) == 1


def test_a_changed_file_recomputes_that_document_only(private_store, calls):
    docs = [report(), report(TEXT.replace("6%左右", "7%"), doc_id="2020-乙市-gwr")]
    targets.targets_table(docs)
    assert len(calls) == 2
    docs[1] = report(TEXT.replace("6%左右", "8%"), doc_id="2020-乙市-gwr")
    table = targets.targets_table(docs)
    assert len(calls) == 3 and calls[-1] == docs[1].text
    assert list(table["value"]) == [6.0, 8.0]


def test_a_changed_setting_misses_the_store(private_store, calls):
    targets.targets_table([report(year=2020)])
    targets.targets_table([report(year=2021)])
    assert len(calls) == 2


def test_a_new_library_version_misses_the_store(private_store, calls, monkeypatch):
    targets.targets_table([report()])
    monkeypatch.setattr(store, "library_fingerprint", lambda: "9.9.9+0000")
    targets.targets_table([report()])
    assert len(calls) == 2


def test_the_library_fingerprint_covers_its_data_files(monkeypatch, tmp_path):
    before = store.library_fingerprint()
    package = tmp_path / "govreports"
    (package / "data").mkdir(parents=True)
    (package / "data" / "indicators.txt").write_text("gdp_growth\t地区生产总值\n", encoding="utf-8")
    monkeypatch.setattr(store.paths, "PACKAGE_DIR", package)
    store.library_fingerprint.cache_clear()
    try:
        edited_before = store.library_fingerprint()
        (package / "data" / "indicators.txt").write_text("gdp_growth\t生产总值\n", encoding="utf-8")
        store.library_fingerprint.cache_clear()
        assert store.library_fingerprint() != edited_before
    finally:
        store.library_fingerprint.cache_clear()
    monkeypatch.undo()
    assert store.library_fingerprint() == before


def test_store_off_stores_nothing(private_store, calls, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_STORE", "0")
    targets.targets_table([report()])
    targets.targets_table([report()])
    assert len(calls) == 2 and not private_store.exists()


# --- keyword counts ------------------------------------------------------------------------------------


@pytest.fixture
def segmentations(monkeypatch):
    """Counts the documents segmented (cache or backend), i.e. counted afresh."""
    made = []
    real = tokens.encoded_sentences
    monkeypatch.setenv("GOVREPORTS_WORKERS", "1")  # counted here: with workers, each worker counts its own

    def counting(texts, **kwargs):
        made.append(list(texts))
        return real(texts, **kwargs)

    monkeypatch.setattr(tokens, "encoded_sentences", counting)
    return made


DOCS = {"a": "坚持八八战略，推动高质量发展。", "b": "践行两山理念，推动高质量发展。"}


def test_counts_are_stored_per_document_in_one_batch(private_store, segmentations):
    first = keywords.frequency_table(DOCS)
    assert len(segmentations) == 2
    pd.testing.assert_frame_equal(keywords.frequency_table(DOCS), first)
    assert len(segmentations) == 2  # the whole table read from the batch at once
    alone = keywords.frequency_table({"a": DOCS["a"]})
    assert len(segmentations) == 2  # document a read from the batch of per-document counts
    pd.testing.assert_frame_equal(alone, first[first["doc_id"] == "a"].reset_index(drop=True))
    assert len(list((private_store / "keywords").glob("batch-*.parquet"))) == 1
    assert not (private_store / "keywords-corpus").exists()  # no second copy of the counts


def test_a_changed_document_is_counted_again_alone(private_store, segmentations):
    keywords.frequency_table(DOCS)
    changed = {**DOCS, "b": "践行两山理念，建设共同富裕示范区。"}
    table = keywords.frequency_table(changed)
    assert segmentations[-1] == [changed["b"]] and len(segmentations) == 3
    assert "共同富裕示范区" in set(table["term"]) or "共同富裕" in set(table["term"])
    pd.testing.assert_frame_equal(table.reset_index(drop=True), _unstored(changed))


def _unstored(docs) -> pd.DataFrame:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORTS_STORE", "0")
        return keywords.frequency_table(docs)


def test_changed_stop_words_miss_the_stored_counts(private_store):
    keywords.frequency_table(DOCS)
    table = keywords.frequency_table(DOCS, stopwords=frozenset())
    assert "推动" in set(table["term"])
    assert "推动" not in set(keywords.frequency_table(DOCS)["term"])


def test_a_changed_dictionary_misses_the_stored_counts(private_store, monkeypatch, tmp_path):
    text = {"a": "推进数智赋能工程"}
    before = keywords.frequency_table(text)
    path = tmp_path / "userdict.txt"
    path.write_text(tokens.USERDICT_PATH.read_text(encoding="utf-8") + "\n数智赋能\n", encoding="utf-8")
    monkeypatch.setattr(tokens, "USERDICT_PATH", path)
    after = keywords.frequency_table(text)
    assert list(before["term"]) == ["工程", "数智", "赋能"] and list(after["term"]) == ["工程", "数智赋能"]


@pytest.mark.parametrize("part", [None, "review", ("review", "plan")])
def test_stored_counts_equal_fresh_counts(private_store, part):
    docs = pd.DataFrame({"doc_id": ["a", "a", "b"], "part": ["review", "plan", "review"],
                         "text": ["推动高质量发展。", "坚持八八战略。", "践行两山理念。"]})
    fresh = _unstored(docs) if part is None else _unstored_part(docs, part)
    keywords.frequency_table(docs, part=part)
    pd.testing.assert_frame_equal(keywords.frequency_table(docs, part=part), fresh)


def _unstored_part(docs, part) -> pd.DataFrame:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORTS_STORE", "0")
        return keywords.frequency_table(docs, part=part)


# --- batches of per-document tables ----------------------------------------------------------------------


def test_entries_are_read_back_per_key_with_empty_ones(private_store):
    a = pd.DataFrame({"term": ["两山", "八八战略"], "count": [2, 1]})
    empty = a.iloc[:0]
    assert store.write_entries("t", {"ka": a, "kb": empty})
    found = store.read_entries("t", ["ka", "kb", "kc"])
    assert sorted(found) == ["ka", "kb"]
    pd.testing.assert_frame_equal(found["ka"], a)
    assert list(found["kb"].columns) == ["term", "count"] and found["kb"].empty


def test_a_damaged_batch_is_skipped(private_store):
    assert store.write_entries("t", {"ka": pd.DataFrame({"x": [1]})})
    (batch,) = (private_store / "t").glob("batch-*.parquet")
    batch.write_bytes(batch.read_bytes()[:20])
    assert store.read_entries("t", ["ka"]) == {}


def test_only_missing_documents_are_computed(private_store):
    asked = []

    def compute(arguments):
        asked.append(list(arguments))
        return [pd.DataFrame({"n": [len(text)]}) for text in arguments]

    store.document_tables("t", [("k1", "两山"), ("k2", "八八战略")], compute)
    tables = store.document_tables("t", [("k2", "八八战略"), ("k3", "共同富裕示范区")], compute)
    assert asked == [["两山", "八八战略"], ["共同富裕示范区"]]
    assert [int(t.loc[0, "n"]) for t in tables] == [4, 7]


# --- the load stage -------------------------------------------------------------------------------------


@pytest.fixture
def processed(monkeypatch):
    """The names of the files processed afresh (a file rebuilt from the store is not)."""
    from govreports.pipeline import corpus

    monkeypatch.setenv("GOVREPORTS_WORKERS", "1")  # the counting function lives in this process
    names = []
    real = corpus.process_file

    def counting(path, max_bytes=None):
        names.append(path.name)
        return real(path, max_bytes=max_bytes)

    monkeypatch.setattr(corpus, "process_file", counting)
    return names


def _fresh_corpus(folder):
    from govreports.pipeline.corpus import load_corpus

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORTS_STORE", "0")
        return load_corpus(folder, warn=False)


def _same_corpus(a, b) -> bool:
    return (a.documents, a.files, a.problems, a.outside, a.warnings) == (b.documents, b.files, b.problems, b.outside, b.warnings)


def test_a_stored_corpus_is_the_corpus(private_store, seeds_copy, processed):
    from govreports.pipeline.corpus import load_corpus

    fresh = _fresh_corpus(seeds_copy)
    processed.clear()
    cold = load_corpus(seeds_copy, warn=False)
    warm = load_corpus(seeds_copy, warn=False)
    assert len(processed) == 5  # the cold run only
    assert _same_corpus(cold, fresh) and _same_corpus(warm, fresh)
    assert warm.documents_table().equals(fresh.documents_table())
    assert warm.audit_table().equals(fresh.audit_table())


def test_a_changed_file_is_processed_again_alone(private_store, seeds_copy, processed):
    from govreports.pipeline.corpus import load_corpus

    load_corpus(seeds_copy, warn=False)
    (path,) = [p for p in seeds_copy.iterdir() if p.name.startswith("003_")]
    path.write_text(path.read_text(encoding="utf-8") + "\n推动高质量发展。\n", encoding="utf-8")
    processed.clear()
    warm = load_corpus(seeds_copy, warn=False)
    assert processed == [path.name]
    assert _same_corpus(warm, _fresh_corpus(seeds_copy))


def test_a_new_library_version_processes_every_file_again(private_store, seeds_copy, processed, monkeypatch):
    from govreports.pipeline.corpus import load_corpus

    load_corpus(seeds_copy, warn=False)
    monkeypatch.setattr(store, "library_fingerprint", lambda: "9.9.9+0000")
    processed.clear()
    load_corpus(seeds_copy, warn=False)
    assert len(processed) == 5


# --- the raw text and cleaning audit kept out of memory, read back on demand -------------------------


def _fresh_and_stored(folder, run: str):
    """The corpus of ``folder`` with the store off, and as the store gives it (``run``: cold or warm)."""
    from govreports.pipeline.corpus import load_corpus

    fresh = _fresh_corpus(folder)
    stored = load_corpus(folder, warn=False)
    if run == "warm":
        stored = load_corpus(folder, warn=False)
    return fresh, stored


def _audit_views(corpus) -> list:
    """Everything read back on demand, per document and per file, as plain values."""
    return ([(d.raw, d.raw_document, d.cleaning, d.cleaning.removals, d.cleaning.substitutions) for d in corpus.documents]
            + [f.text for f in corpus.files])


@pytest.mark.parametrize("run", ["cold", "warm"])
def test_the_read_back_text_and_audit_equal_the_eagerly_kept_ones(private_store, seeds_copy, run):
    fresh, lazy = _fresh_and_stored(seeds_copy, run)
    assert _audit_views(lazy) == _audit_views(fresh)
    assert lazy.accounting_table().equals(fresh.accounting_table())
    assert lazy.files_table().equals(fresh.files_table())
    assert [d.row() for d in lazy.documents] == [d.row() for d in fresh.documents]
    # what stays in memory per document: no raw text, no cleaned text, no audit, no structure
    assert all(d.is_lean and d._span.raw == "" and d._cleaning is None and d._structure is None for d in lazy.documents)
    assert [d.text for d in lazy.documents] == [d.text for d in fresh.documents]
    # a text read back carries no UTF-8 copy (as a str given to Arrow would)
    assert [sys.getsizeof(d.text) for d in lazy.documents] == [sys.getsizeof("".join(list(d.text))) for d in lazy.documents]


def test_a_lean_documents_text_id_names_its_file_and_number_and_moves_with_the_files_bytes(private_store, seeds_copy):
    from govreports import store
    from govreports.pipeline.corpus import load_corpus

    first = load_corpus(seeds_copy, warn=False)
    ids = [d.text_id for d in first.documents]
    assert all(ids) and len(set(ids)) == len(ids)
    assert [d.text_id for d in load_corpus(seeds_copy, warn=False).documents] == ids  # warm: the same
    assert all(store.document_content(d) == "\0text-id\0" + d.text_id for d in first.documents)
    edited = first.documents[0]._span.file
    path = seeds_copy / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n另起一段。\n", encoding="utf-8")
    again = {d.doc_id: d.text_id for d in load_corpus(seeds_copy, warn=False).documents}
    for doc in first.documents:
        assert (again[doc.doc_id] == doc.text_id) is (doc._span.file != edited)


def test_with_the_store_off_the_text_and_audit_stay_in_memory(seeds_copy, monkeypatch):
    from govreports import store
    from govreports.pipeline.corpus import load_corpus

    monkeypatch.setenv("GOVREPORTS_STORE", "0")
    corpus = load_corpus(seeds_copy, warn=False)
    assert all(not d.is_lean and d.raw == d._span.raw != "" and d._cleaning.text for d in corpus.documents)
    assert all(d.text_id is None and store.document_content(d) == d.text for d in corpus.documents)
    assert corpus.accounting_table()["balanced"].all()
    first = corpus.documents[0]
    assert first.cleaning.reconstruct_raw() == first.raw
    assert len(corpus.audit_table()) == sum(len(d.cleaning.removals) for d in corpus.documents) + len(corpus.outside)


def test_a_cleared_store_means_the_audit_is_made_again_from_the_file(private_store, seeds_copy):
    from govreports.pipeline.corpus import load_corpus

    fresh = _fresh_corpus(seeds_copy)
    lazy = load_corpus(seeds_copy, warn=False)
    store.clear_store()
    assert _audit_views(lazy) == _audit_views(fresh)
    assert lazy.audit_table().equals(fresh.audit_table())


def test_a_file_changed_after_loading_and_gone_from_the_store_is_named(private_store, seeds_copy):
    from govreports.pipeline.corpus import SourceChangedError, load_corpus

    lazy = load_corpus(seeds_copy, warn=False)
    store.clear_store()
    (path,) = [p for p in seeds_copy.iterdir() if p.name.startswith("003_")]
    path.write_text(path.read_text(encoding="utf-8") + "\n推动高质量发展。\n", encoding="utf-8")
    (document,) = [d for d in lazy.documents if d.source.startswith(path.name)]
    with pytest.raises(SourceChangedError, match=path.name):
        document.cleaning
    with pytest.raises(SourceChangedError, match=path.name):
        lazy.audit_table()  # its removals, read column-wise
    (source,) = [f for f in lazy.files if f.name == path.name]
    with pytest.raises(SourceChangedError, match=path.name):
        source.text


def test_a_corpus_read_back_lazily_pickles(private_store, seeds_copy):
    import pickle

    from govreports.pipeline.corpus import load_corpus

    lazy = load_corpus(seeds_copy, warn=False)
    lazy.audit_table()  # a batch is held
    copy = pickle.loads(pickle.dumps(lazy))
    assert copy.documents == lazy.documents and copy.files == lazy.files
    assert _audit_views(copy) == _audit_views(_fresh_corpus(seeds_copy))


# --- the cleaned text and structure kept out of memory too (lean documents) ----------------------------


def _body_views(corpus) -> list:
    """What a lean document reads back for the measures, per document, as plain values."""
    return [(d.text, d.structure, tuple(d.sentences), d.sentences.texts(), d.sentences.values("part_kind"),
             d.sentences.values("is_heading")) for d in corpus.documents]


@pytest.mark.parametrize("run", ["cold", "warm"])
def test_the_read_back_text_and_structure_equal_the_eagerly_kept_ones(private_store, seeds_copy, run):
    fresh, lazy = _fresh_and_stored(seeds_copy, run)
    assert _body_views(lazy) == _body_views(fresh)
    # in any order, not only the order of the files
    assert [d.structure for d in reversed(lazy.documents)] == [d.structure for d in reversed(fresh.documents)]
    assert lazy.sentences_table().equals(fresh.sentences_table())
    assert lazy.parts_table().equals(fresh.parts_table())


def test_a_warm_load_and_the_documents_table_read_no_text(private_store, seeds_copy, monkeypatch):
    from govreports.pipeline import corpus_store
    from govreports.pipeline.corpus import load_corpus

    fresh = _fresh_corpus(seeds_copy)
    load_corpus(seeds_copy, warn=False)
    read = []
    for name in ("_texts", "_bodies"):
        real = getattr(corpus_store, name)
        monkeypatch.setattr(corpus_store, name, lambda table, real=real, name=name: read.append(name) or real(table))
    warm = load_corpus(seeds_copy, warn=False)
    assert warm.documents_table().equals(fresh.documents_table())
    assert warm.files_table().equals(fresh.files_table())
    assert read == []
    assert [d.text for d in warm.documents] == [d.text for d in fresh.documents]
    assert read == ["_texts"]  # the seeds' few files: one batch, read once for the walk


def test_the_stored_summaries_are_those_of_the_fresh_documents(private_store, seeds_copy):
    from govreports.pipeline import corpus_store
    from govreports.pipeline.corpus import iter_documents

    fresh = {}
    for key, (source, built, outside) in iter_documents(seeds_copy, with_keys=True):
        if key is not None:
            fresh[key] = corpus_store.FileSummary(source.encoding, outside, [corpus_store.summarize(*b) for b in built])
    stored = {}
    for path in (private_store / "load").glob("batch-*.parquet"):
        stored.update(corpus_store.read_summaries(path))
    assert stored == fresh and len(fresh) == 5


@pytest.mark.parametrize("sentences", [
    # (text, sentence texts and starts): every sentence a slice of the text, or one that is not
    ("推动高质量发展。\n建设示范区。", [("推动高质量发展。", 0), ("建设示范区。", 9)]),
    ("推动高质量发展。\n建设示范区。", [("推动高质量发展。", 0), ("建设共同富裕示范区。", 9)]),
    ("一。", [("一。", 0)]),
    ("", []),
    # characters of one to four UTF-8 bytes: sentences are cut by characters, not bytes
    ("GDP增长6.5%。\n𠀀𠮷字。 ab。", [("GDP增长6.5%。", 0), ("𠀀𠮷字。", 11), ("ab。", 17)]),
])
def test_a_structure_read_back_equals_the_one_written(private_store, tmp_path, sentences):
    from govreports.pipeline import corpus_store
    from govreports.pipeline.clean import CleanResult
    from govreports.pipeline.load import SourceFile
    from govreports.pipeline.metadata import Metadata
    from govreports.pipeline.split import RawDocument
    from govreports.pipeline.structure import Part, Sentence, Sentences, Structure

    text, items = sentences
    rows = [Sentence(i, t, start, 0, 1, "一、工作回顾", "review", i, f"节{i}", i == 0) for i, (t, start) in enumerate(items)]
    structure = Structure((Part(1, "一、工作回顾", "review"),), ((1, 1, "节"),), Sentences(text, rows), 2)
    raw = RawDocument("a.txt", 1, 0, len(text), text)
    result = (SourceFile(tmp_path / "a.txt", "utf-8", text), [(raw, CleanResult(text, text, [], []), structure,
                                                               Metadata("government_work_report"))], [])
    assert corpus_store.write_records([corpus_store.to_record("k", result)])
    sources = corpus_store.StoredSources()
    assert sources.document("k", 1) == (text, structure)
    assert sources.document_text("k", 1) == text
    assert [s.text for s in sources.document("k", 1)[1].sentences] == [t for t, _ in items]
    assert corpus_store.StoredSources().document_text("k", 1) == text  # texts alone
    assert sources.document("k", 2) is None and sources.document("gone", 1) is None
    # the sentences table's rows cut from the stored columns are the sentences' fields
    (path,) = (private_store / "load").glob("batch-*.parquet")
    table = corpus_store.sentence_rows(path, [("k", 1), ("k", 1)], ["甲", "乙"]).to_pandas()
    expected = pd.DataFrame([[d, s.index, s.paragraph, s.part, s.part_title, s.part_kind, s.section, s.section_title,
                              s.is_heading, s.text] for d in ("甲", "乙") for s in rows],
                            columns=list(corpus_store.SENTENCE_TABLE))
    if rows:  # the same document twice (sentences out of order: cut one by one), and once
        assert table.equals(expected)
        once = corpus_store.sentence_rows(path, [("k", 1)], ["甲"]).to_pandas()
        assert once.equals(expected[expected["doc_id"] == "甲"])
    assert len(table) == 2 * len(rows) and list(table.columns) == list(corpus_store.SENTENCE_TABLE)
    assert corpus_store.sentence_rows(path, [("k", 2)], ["甲"]) is None


def test_a_lean_document_pickles_small_and_reads_back_in_a_worker(private_store, seeds_copy):
    import pickle
    from operator import attrgetter

    from govreports.parallel import map_in_processes
    from govreports.pipeline.corpus import load_corpus

    fresh = _fresh_corpus(seeds_copy)
    lazy = load_corpus(seeds_copy, warn=False)
    for doc in lazy.reports():
        assert len(pickle.dumps(doc)) < 2_000 < len(doc.text)  # no text, no sentences, no table in it
    for field in ("text", "structure", "cleaning"):
        assert list(map_in_processes(attrgetter(field), lazy.documents, workers=2)) == [getattr(d, field) for d in fresh.documents]


def test_a_cleared_store_means_the_text_is_made_again_from_the_file(private_store, seeds_copy):
    from govreports.pipeline.corpus import load_corpus

    fresh = _fresh_corpus(seeds_copy)
    lazy = load_corpus(seeds_copy, warn=False)
    store.clear_store()
    assert _body_views(lazy) == _body_views(fresh)
    assert lazy.documents == fresh.documents


def test_a_file_changed_while_its_row_is_stored_reads_back_as_loaded(private_store, seeds_copy):
    from govreports.pipeline.corpus import load_corpus

    fresh = _fresh_corpus(seeds_copy)
    lazy = load_corpus(seeds_copy, warn=False)
    (path,) = [p for p in seeds_copy.iterdir() if p.name.startswith("003_")]
    path.write_text(path.read_text(encoding="utf-8") + "\n推动高质量发展。\n", encoding="utf-8")
    assert _body_views(lazy) == _body_views(fresh)  # the row is keyed by the bytes it was loaded from


@pytest.mark.parametrize("view", ["text", "sentences", "structure", "cleaning", "raw"])
def test_a_changed_file_gone_from_the_store_is_named_for_every_view(private_store, seeds_copy, view):
    from govreports.pipeline.corpus import SourceChangedError, load_corpus

    lazy = load_corpus(seeds_copy, warn=False)
    store.clear_store()
    (path,) = [p for p in seeds_copy.iterdir() if p.name.startswith("003_")]
    path.write_text(path.read_text(encoding="utf-8").replace("。", "；", 1), encoding="utf-8")  # same length
    (document,) = [d for d in lazy.documents if d.source.startswith(path.name)]
    with pytest.raises(SourceChangedError, match=path.name):
        getattr(document, view)


def test_after_a_change_only_possible_copies_of_the_changed_texts_are_read_back(private_store, seeds_copy, monkeypatch):
    from govreports.pipeline import corpus_store
    from govreports.pipeline.corpus import load_corpus

    (original,) = [p for p in seeds_copy.iterdir() if p.name.startswith("000_")]  # 2020 义乌, kept once
    (seeds_copy / "005_copy.txt").write_bytes(original.read_bytes())
    load_corpus(seeds_copy, warn=False)
    (path,) = [p for p in seeds_copy.iterdir() if p.name.startswith("003_")]  # 2023 金华: no possible copy
    path.write_text(path.read_text(encoding="utf-8") + "\n推动高质量发展。\n", encoding="utf-8")
    read = []
    real = corpus_store.StoredSources.document_text
    monkeypatch.setattr(corpus_store.StoredSources, "document_text",
                        lambda self, key, index: read.append((key, index)) or real(self, key, index))
    warm = load_corpus(seeds_copy, warn=False)
    loaded, read = read, []
    assert _same_corpus(warm, _fresh_corpus(seeds_copy))

    def may_be_copies(a, b) -> bool:  # the rule of govreports.pipeline.duplicates.candidate_pairs
        return (a.doc_type == b.doc_type != "news" and not (a.city and b.city and a.city != b.city)
                and not (a.year and b.year and a.year != b.year))

    changed = [d for d in warm.documents if d.source.startswith(path.name)]
    possible = {(d._stored.key, d._span.index) for d in warm.documents
                if d not in changed and any(may_be_copies(d, c) for c in changed)}
    assert set(loaded) <= possible
    assert [d.duplicate_of for d in warm.documents if d.source.startswith("005_")] == ["2020-义乌-gwr"]


def _sentence_rows(documents) -> pd.DataFrame:
    """The sentences table by its definition: one row per Sentence object."""
    columns = ["doc_id", "sentence", "paragraph", "part", "part_title", "part_kind", "section", "section_title",
               "is_heading", "text"]
    rows = [[d.doc_id, s.index, s.paragraph, s.part, s.part_title, s.part_kind, s.section, s.section_title,
             s.is_heading, s.text] for d in documents for s in d.sentences]
    return pd.DataFrame(rows, columns=columns)


def _audit_rows(corpus) -> pd.DataFrame:
    """The audit table by its definition: a dict per removal and per stretch outside documents."""
    rows = [{"file": d.raw_document.file, "doc_id": d.doc_id, "step": r.step, "reason": r.reason,
             "start": d.raw_document.start + r.start, "end": d.raw_document.start + r.end, "n_chars": len(r.text),
             "text": r.text} for d in corpus.documents for r in d.cleaning.removals]
    rows += [{"file": s.file, "doc_id": "", "step": "split", "reason": s.reason, "start": s.start, "end": s.end,
              "n_chars": len(s.text), "text": s.text} for s in corpus.outside]
    columns = ["file", "doc_id", "step", "reason", "start", "end", "n_chars", "text"]
    return pd.DataFrame(rows, columns=columns).sort_values(["file", "start"], ignore_index=True)


@pytest.mark.parametrize("chunk", [1, 7, 50_000])
@pytest.mark.parametrize("stored", [True, False])
def test_the_sentence_and_audit_tables_built_by_column_are_the_row_by_row_ones(private_store, seeds_copy,
                                                                                monkeypatch, chunk, stored):
    from govreports.pipeline import corpus as corpus_module

    if not stored:
        monkeypatch.setenv("GOVREPORTS_STORE", "0")
    monkeypatch.setattr(corpus_module, "SENTENCE_CHUNK", chunk)
    corpus = corpus_module.load_corpus(seeds_copy, warn=False)
    assert corpus.sentences_table().equals(_sentence_rows(corpus.reports()))
    assert corpus.sentences_table(reports_only=False).equals(_sentence_rows(corpus.documents))
    assert corpus.audit_table().equals(_audit_rows(corpus))


def test_tables_of_a_corpus_without_documents_are_empty(private_store, tmp_path):
    from govreports.pipeline.corpus import load_corpus

    (tmp_path / "empty").mkdir()
    corpus = load_corpus(tmp_path / "empty", warn=False)
    assert corpus.sentences_table().equals(_sentence_rows([])) and corpus.audit_table().equals(_audit_rows(corpus))


def test_with_the_store_off_text_and_structure_stay_in_memory(seeds_copy, monkeypatch):
    from govreports.pipeline.corpus import load_corpus

    monkeypatch.setenv("GOVREPORTS_STORE", "0")
    corpus = load_corpus(seeds_copy, warn=False)
    assert all(not d.is_lean and d._cleaning.text == d.text and d._structure is d.structure for d in corpus.documents)


# --- per-document tables gathered into one ------------------------------------------------------------


def test_gathered_rows_follow_the_order_of_the_keys(private_store):
    assert store.write_entries("t", {"ka": pd.DataFrame({"x": [1, 2]}), "kb": pd.DataFrame({"x": [3]})})
    assert store.write_entries("t", {"kc": pd.DataFrame({"x": [4, 5, 6]}), "kd": pd.DataFrame({"x": pd.Series([], dtype="int64")})})
    rows, lengths = store.gather_entries("t", ["kc", "ka", "kz", "kd", "ka"])
    assert lengths == [3, 2, None, 0, 2]
    assert rows["x"].tolist() == [4, 5, 6, 1, 2, 1, 2]
    assert rows.index.tolist() == list(range(7))


def test_no_stored_key_gathers_nothing(private_store):
    assert store.gather_entries("t", ["ka"]) == (None, [None])


@pytest.mark.parametrize(
    "stored, asked",
    [
        ({}, ["k1", "k2", "k3"]),
        ({"k1": "两山", "k3": "共同富裕示范区"}, ["k1", "k2", "k3"]),
        ({"k1": "两山", "k2": "八八战略", "k3": "共同富裕示范区"}, ["k3", "k2", "k1"]),
    ],
    ids=["none stored", "some stored", "all stored, another order"],
)
def test_stored_rows_are_the_document_tables_concatenated(private_store, stored, asked):
    texts = {"k1": "两山", "k2": "八八战略", "k3": "共同富裕示范区"}

    def compute(todo):
        return [pd.DataFrame({"c": list(text)[: len(text) - 1], "n": range(len(text) - 1)}) for text in todo]

    if stored:
        store.document_tables("t", list(stored.items()), compute)
    rows, lengths = store.stored_rows("t", [(k, texts[k]) for k in asked], compute)
    expected = pd.concat(compute([texts[k] for k in asked]), ignore_index=True)
    pd.testing.assert_frame_equal(rows, expected)
    assert lengths == [len(texts[k]) - 1 for k in asked]


@pytest.mark.parametrize(
    "values, lengths",
    [
        (["甲", "乙"], [2, 1]),
        ([2020, 2021], [1, 2]),
        ([2020, None], [1, 1]),
        ([2020, None], [2, 0]),  # a value over no rows does not count
        (["甲", None, "丙"], [1, 1, 1]),
        ([2020, float("nan")], [1, 1]),
    ],
    ids=["strings", "ints", "int and None", "None over no rows", "strings and None", "int and nan"],
)
def test_repeated_values_make_the_column_a_concatenation_makes(values, lengths):
    frames = []
    for value, n in zip(values, lengths):
        if n:
            frame = pd.DataFrame({"x": range(n)})
            frame.insert(0, "v", value)
            frames.append(frame)
    expected = pd.concat(frames, ignore_index=True)["v"]
    got = store.repeated(values, lengths)
    pd.testing.assert_series_equal(got, expected, check_names=False)


# --- corpus-level results: slogan mentions, duplicates ------------------------------------------------


@pytest.fixture
def searches(monkeypatch):
    """The texts each slogan pass searched (a store hit searches nothing)."""
    from govreports.measures import slogans

    made = {"forms": [], "mentions": []}
    forms, mentions = slogans._slogan_forms, slogans._mentions_with_lexicon

    def counting_forms(text):
        made["forms"].append(text)
        return forms(text)

    def counting_mentions(job):
        made["mentions"].append(job[0])
        return mentions(job)

    monkeypatch.setattr(slogans, "_slogan_forms", counting_forms)
    monkeypatch.setattr(slogans, "_mentions_with_lexicon", counting_mentions)
    return made


SLOGAN_REPORTS = [
    report("坚持“八八战略”，践行“两山”理念，深化“最多跑一次”改革。", doc_id="a"),
    report("忠实践行“八八战略”，推进“两山”转化，建设“重要窗口”。", year=2021, doc_id="b"),
    report("坚持“八八战略”不动摇，推动高质量发展。", year=None, doc_id="c"),
]


def _unstored_mentions(documents) -> pd.DataFrame:
    from govreports.measures import slogans

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORTS_STORE", "0")
        return slogans.corpus_slogan_mentions(documents, workers=1)


def test_the_slogan_search_runs_once_for_mentions_and_table(private_store, searches):
    from govreports.measures import slogans

    fresh = _unstored_mentions(SLOGAN_REPORTS)
    searches["forms"].clear(), searches["mentions"].clear()
    mentions = slogans.corpus_slogan_mentions(SLOGAN_REPORTS, workers=1)
    assert len(searches["forms"]) == 3 and len(searches["mentions"]) == 3
    table = slogans.slogans_table(SLOGAN_REPORTS, workers=1)
    again = slogans.corpus_slogan_mentions(SLOGAN_REPORTS, workers=1)
    assert len(searches["forms"]) == 3 and len(searches["mentions"]) == 3  # both read the stored table
    for got in (mentions, again):
        pd.testing.assert_frame_equal(got, fresh)
        assert list(got.dtypes.astype(str)) == list(fresh.dtypes.astype(str))
    assert "八八战略" in set(table["slogan"])


def test_a_changed_report_searches_that_report_again(private_store, searches):
    from govreports.measures import slogans

    slogans.corpus_slogan_mentions(SLOGAN_REPORTS, workers=1)
    changed = [*SLOGAN_REPORTS[:2], report("坚持“八八战略”不动摇，奋力打造“重要窗口”。", year=None, doc_id="c")]
    searches["forms"].clear(), searches["mentions"].clear()
    got = slogans.corpus_slogan_mentions(changed, workers=1)
    assert searches["forms"] == [changed[2].text]  # the others' first pass is read from the store
    pd.testing.assert_frame_equal(got, _unstored_mentions(changed))


def test_changed_metadata_rebuilds_the_mentions_without_searching(private_store, searches):
    from govreports.measures import slogans

    slogans.corpus_slogan_mentions(SLOGAN_REPORTS, workers=1)
    renamed = [report(SLOGAN_REPORTS[0].text, year=2019, doc_id="a2"), *SLOGAN_REPORTS[1:]]
    searches["forms"].clear(), searches["mentions"].clear()
    got = slogans.corpus_slogan_mentions(renamed, workers=1)
    assert searches == {"forms": [], "mentions": []}
    assert set(got.loc[got["doc_id"] == "a2", "year"]) == {2019}
    pd.testing.assert_frame_equal(got, _unstored_mentions(renamed))


def test_a_new_library_version_searches_every_report_again(private_store, searches, monkeypatch):
    from govreports.measures import slogans

    slogans.corpus_slogan_mentions(SLOGAN_REPORTS, workers=1)
    monkeypatch.setattr(store, "library_fingerprint", lambda: "9.9.9+0000")
    searches["forms"].clear()
    slogans.corpus_slogan_mentions(SLOGAN_REPORTS, workers=1)
    assert len(searches["forms"]) == 3


@pytest.fixture
def detections(monkeypatch):
    """How often duplicate detection runs over a corpus."""
    from govreports.pipeline import corpus, duplicates

    runs = []

    def counting(candidates, **options):
        runs.append(len(candidates))
        return duplicates.find_duplicates(candidates, **options)

    monkeypatch.setattr(corpus, "find_duplicates", counting)
    return runs


def test_duplicates_are_found_once_per_corpus(private_store, seeds_copy, detections, monkeypatch):
    from govreports.pipeline.corpus import load_corpus

    (first,) = [p for p in seeds_copy.iterdir() if p.name.startswith("003_")]
    (seeds_copy / f"zz-copy{first.suffix}").write_bytes(first.read_bytes())  # the same report twice
    fresh = _fresh_corpus(seeds_copy)
    detections.clear()
    cold = load_corpus(seeds_copy, warn=False)
    warm = load_corpus(seeds_copy, warn=False)
    assert len(detections) == 1
    assert _same_corpus(cold, fresh) and _same_corpus(warm, fresh)
    assert any(d.duplicate_of for d in warm.documents)
    monkeypatch.setattr(store, "library_fingerprint", lambda: "9.9.9+0000")
    load_corpus(seeds_copy, warn=False)
    assert len(detections) == 2


def test_a_changed_file_finds_the_duplicates_again(private_store, seeds_copy, detections):
    from govreports.pipeline.corpus import load_corpus

    load_corpus(seeds_copy, warn=False)
    (path,) = [p for p in seeds_copy.iterdir() if p.name.startswith("003_")]
    path.write_text(path.read_text(encoding="utf-8") + "\n推动高质量发展。\n", encoding="utf-8")
    warm = load_corpus(seeds_copy, warn=False)
    assert len(detections) == 2
    assert _same_corpus(warm, _fresh_corpus(seeds_copy))


def test_after_a_change_only_pairs_with_the_changed_text_are_measured(private_store, seeds_copy, monkeypatch):
    from govreports.pipeline import duplicates
    from govreports.pipeline.corpus import load_corpus

    for prefix in ("000_", "003_"):  # two reports twice: two pairs to compare
        (source,) = [p for p in seeds_copy.iterdir() if p.name.startswith(prefix)]
        (seeds_copy / f"zz-{prefix}copy{source.suffix}").write_bytes(source.read_bytes())
    load_corpus(seeds_copy, warn=False)
    measured = []
    real = duplicates.text_containment

    def counting(pairs=None, **options):
        measure = real(pairs, **options)

        def containment_of(a, b):
            measured.append((a.text, b.text))
            return measure(a, b)

        return containment_of

    monkeypatch.setattr(duplicates, "text_containment", counting)
    (changed,) = [p for p in seeds_copy.iterdir() if p.name.startswith("zz-000_")]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n本文件为测试而改动。\n", encoding="utf-8")
    warm = load_corpus(seeds_copy, warn=False)
    assert measured and all(any(text.endswith("本文件为测试而改动。") for text in pair) for pair in measured)
    assert _same_corpus(warm, _fresh_corpus(seeds_copy))
    assert any(d.duplicate_of for d in warm.documents)


def test_the_shares_kept_per_folder_are_those_of_its_texts_and_are_measured_again_when_lost(
        private_store, seeds_copy, monkeypatch):
    from govreports.pipeline import corpus_store, duplicates
    from govreports.pipeline.corpus import load_corpus

    for prefix in ("000_", "003_"):  # two reports twice: two pairs to compare
        (source,) = [p for p in seeds_copy.iterdir() if p.name.startswith(prefix)]
        (seeds_copy / f"zz-{prefix}copy{source.suffix}").write_bytes(source.read_bytes())
    measured = []
    real = duplicates.text_containment

    def counting(pairs=None, **options):
        measure = real(pairs, **options)
        return lambda a, b: measured.append((getattr(a, "text_id", None), getattr(b, "text_id", None))) or measure(a, b)

    monkeypatch.setattr(duplicates, "text_containment", counting)
    memo_key = store.entry_key(corpus_store.VERDICT_STAGE, {"folder": str(seeds_copy.resolve())}, "")

    def memo_texts() -> set[str]:
        table = store.read_table(corpus_store.VERDICT_STAGE, memo_key)
        table = table[table["kind"] == "share"]
        return set(table["first"]) | set(table["second"])

    cold = load_corpus(seeds_copy, warn=False)
    assert measured and memo_texts() <= {d.text_id for d in cold.documents}
    (changed,) = [p for p in seeds_copy.iterdir() if p.name.startswith("zz-000_")]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n本文件为测试而改动。\n", encoding="utf-8")
    measured.clear()
    warm = load_corpus(seeds_copy, warn=False)
    new_id = {d.text_id for d in warm.documents if d.source.startswith(changed.name)}
    assert measured and all(set(pair) & new_id for pair in measured)  # only the changed text's pairs
    assert memo_texts() <= {d.text_id for d in warm.documents} and memo_texts() & new_id  # the old text's let go
    assert _same_corpus(warm, _fresh_corpus(seeds_copy))
    # a damaged table of shares: the pairs are measured again, the duplicates are the same
    store._path(corpus_store.VERDICT_STAGE, memo_key).write_bytes(b"damaged")
    changed.write_text(changed.read_text(encoding="utf-8") + "\n再改一次。\n", encoding="utf-8")
    measured.clear()
    again = load_corpus(seeds_copy, warn=False)
    assert len(measured) >= 2 and _same_corpus(again, _fresh_corpus(seeds_copy))
    assert [d.duplicate_of for d in again.documents if d.source.startswith("zz-003_")] == ["2023-金华-gwr"]
    # a new library version keys its own table of shares
    monkeypatch.setattr(store, "library_fingerprint", lambda: "9.9.9+0000")
    assert store.entry_key(corpus_store.VERDICT_STAGE, {"folder": str(seeds_copy.resolve())}, "") != memo_key


def test_a_pair_never_measured_in_a_group_found_unchanged_is_not_measured_again(private_store, seeds_copy,
                                                                                  monkeypatch):
    from govreports.pipeline import corpus, duplicates
    from govreports.pipeline.corpus import load_corpus

    (source,) = [p for p in seeds_copy.iterdir() if p.name.startswith("000_")]
    for n in (1, 2):  # three copies: the third pair is never measured (the first two join all three)
        (seeds_copy / f"zz-{n}-copy{source.suffix}").write_bytes(source.read_bytes())
    measured = []
    real = duplicates.text_containment

    def counting(pairs=None, **options):
        measure = real(pairs, **options)
        return lambda a, b: measured.append((a.key, b.key)) or measure(a, b)

    monkeypatch.setattr(duplicates, "text_containment", counting)
    gone_through = []

    def finding(candidates, **options):
        if options.get("pairs") is not None:  # (the store-off corpus goes through every pair)
            gone_through.append([(a.key, b.key) for a, b in options["pairs"]])
        return duplicates.find_duplicates(candidates, **options)

    monkeypatch.setattr(corpus, "find_duplicates", finding)
    cold = load_corpus(seeds_copy, warn=False)
    copies = [d.doc_id for d in cold.documents if d.duplicate_of]
    assert len(copies) == 2 and len(measured) == 2 and len(gone_through[-1]) == 3
    (other,) = [p for p in seeds_copy.iterdir() if p.name.startswith("003_")]  # 2023 金华: no possible copy
    other.write_text(other.read_text(encoding="utf-8") + "\n推动高质量发展。\n", encoding="utf-8")
    measured.clear()
    warm = load_corpus(seeds_copy, warn=False)
    assert measured == [] and len(gone_through[-1]) == 2  # the two that joined the group; not the third
    assert [d.duplicate_of for d in warm.documents] == [d.duplicate_of for d in cold.documents]
    # a member of the group changed: its pairs are measured, the rest of the group is not trusted
    (copy,) = [p for p in seeds_copy.iterdir() if p.name.startswith("zz-2-")]
    copy.write_text(copy.read_text(encoding="utf-8") + "\n本文件为测试而改动。\n", encoding="utf-8")
    changed = load_corpus(seeds_copy, warn=False)
    assert measured and _same_corpus(changed, _fresh_corpus(seeds_copy))
