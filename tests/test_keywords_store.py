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


@pytest.fixture
def private_store(tmp_path, monkeypatch):
    """A cache of the test's own, the store on, one worker (counting happens in this process)."""
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVREPORTS_STORE", raising=False)
    monkeypatch.delenv("GOVREPORTS_TOKENIZER", raising=False)
    monkeypatch.setenv("GOVREPORTS_WORKERS", "1")
    return tmp_path / "cache" / "tables"


@pytest.fixture
def seeds_copy(tmp_path):
    import shutil

    from govreports import paths

    folder = tmp_path / "corpus"
    shutil.copytree(paths.SEEDS_DIR, folder)
    return folder


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
