"""Reruns of the slogans, targets and results stages on a lean corpus (the table store on).

What a warm rerun and a rerun after one file changed read back and compute again, and that their
tables are those made with the store off (the rule every fast path here replaces).
"""

from __future__ import annotations

import pandas as pd
import pytest

from govreports import store
from govreports.measures import slogans, targets
from govreports.pipeline import corpus as corpus_module
from govreports.pipeline.corpus import load_corpus

STAGES = {
    "slogans": lambda reports: slogans.slogans_table(reports, workers=1),
    "mentions": lambda reports: slogans.corpus_slogan_mentions(reports, workers=1),
    "targets": lambda reports: targets.targets_table(reports, workers=1),
    "results": lambda reports: targets.results_table(reports, workers=1),
}


pytestmark = pytest.mark.usefixtures("one_process")  # counting and extraction happen in this process


@pytest.fixture
def reads(monkeypatch):
    """The text ids of the lean documents whose text or structure is read back from the store."""
    made = []
    text, body = corpus_module._StoredDocument.text, corpus_module._StoredDocument.body

    def counting_text(self):
        made.append(self.text_id)
        return text(self)

    def counting_body(self):
        made.append(self.text_id)
        return body(self)

    monkeypatch.setattr(corpus_module._StoredDocument, "text", counting_text)
    monkeypatch.setattr(corpus_module._StoredDocument, "body", counting_body)
    return made


@pytest.fixture
def computed(monkeypatch):
    """The texts each pass searched or extracted from (a store hit computes nothing), and the
    reports whose example sentences were looked up."""
    made = {"forms": [], "mentions": [], "targets": [], "results": [], "examples": []}
    forms, mentions, example = slogans._slogan_forms, slogans._mentions_with_lexicon, slogans._example_sentence
    extract_targets, extract_results = targets.extract_targets_from_text, targets.extract_results_from_text

    def counting(name, function, argument=lambda *args: args[0]):
        def count(*args, **kwargs):
            made[name].append(argument(*args))
            return function(*args, **kwargs)
        return count

    monkeypatch.setattr(slogans, "_slogan_forms", counting("forms", forms))
    monkeypatch.setattr(slogans, "_mentions_with_lexicon", counting("mentions", mentions, lambda job: job[0]))
    monkeypatch.setattr(slogans, "_example_sentence", counting("examples", example, lambda doc, *_: doc.doc_id))
    monkeypatch.setattr(targets, "extract_targets_from_text", counting("targets", extract_targets))
    monkeypatch.setattr(targets, "extract_results_from_text", counting("results", extract_results))
    return made


def _clear(made: dict) -> None:
    for calls in made.values():
        calls.clear()


def _unstored(folder, stage: str) -> pd.DataFrame:
    """The stage's table of the corpus in ``folder`` with the store off: every report in memory."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORTS_STORE", "0")
        return STAGES[stage](load_corpus(folder, warn=False).reports())


def _assert_same_table(got, expected):
    pd.testing.assert_frame_equal(got, expected)
    assert list(got.dtypes.astype(str)) == list(expected.dtypes.astype(str))


def _append(path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_warm_rerun_reads_no_text_and_computes_nothing(private_store, seeds_copy, reads, computed, stage):
    cold = STAGES[stage](load_corpus(seeds_copy, warn=False).reports())
    corpus = load_corpus(seeds_copy, warn=False)
    assert all(doc.is_lean for doc in corpus.documents)
    reads.clear(), _clear(computed)
    warm = STAGES[stage](corpus.reports())
    assert reads == []
    assert computed == {name: [] for name in computed}
    _assert_same_table(warm, cold)
    _assert_same_table(warm, _unstored(seeds_copy, stage))


def _changed_file(folder, corpus) -> tuple[str, set[str]]:
    """The file of the corpus's second report and the text ids of its documents."""
    name = corpus.reports()[1]._span.file
    return name, {doc.text_id for doc in corpus.documents if doc._span.file == name}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_one_changed_file_reads_and_computes_its_own_reports_only(private_store, seeds_copy, reads, computed, stage):
    STAGES[stage](load_corpus(seeds_copy, warn=False).reports())
    name, _ = _changed_file(seeds_copy, load_corpus(seeds_copy, warn=False))
    _append(seeds_copy / name, "\n本文件为测试而改动。\n")  # no slogan: the shared lexicon stays the same
    corpus = load_corpus(seeds_copy, warn=False)
    _, changed = _changed_file(seeds_copy, corpus)
    changed_reports = [doc for doc in corpus.reports() if doc.text_id in changed]
    reads.clear(), _clear(computed)
    got = STAGES[stage](corpus.reports())
    assert set(reads) <= changed
    texts = sorted(doc.text for doc in changed_reports)
    if stage in ("slogans", "mentions"):
        assert sorted(computed["forms"]) == sorted(computed["mentions"]) == texts
    else:
        assert sorted(computed[stage]) == texts
    assert set(computed["examples"]) <= {doc.doc_id for doc in changed_reports}
    _assert_same_table(got, _unstored(seeds_copy, stage))


def _form_of_one_report(corpus) -> tuple[str, str]:
    """A quoted slogan found in one report only, and the file of another report (to quote it in)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORTS_STORE", "0")
        mentions = slogans.corpus_slogan_mentions(corpus.reports(), workers=1)
    quoted = mentions[mentions["rule"] == "quoted"]
    n_docs = quoted.groupby("slogan")["doc_id"].nunique()
    form = sorted(n_docs.index[n_docs == 1])[0]
    owner = quoted.loc[quoted["slogan"] == form, "doc_id"].iloc[0]
    other = next(doc for doc in corpus.reports() if doc.doc_id != owner and form not in doc.text)
    return form, other._span.file


def test_a_changed_file_that_changes_the_lexicon_searches_every_report_again(private_store, seeds_copy, computed):
    corpus = load_corpus(seeds_copy, warn=False)
    slogans.slogans_table(corpus.reports(), workers=1)
    form, name = _form_of_one_report(corpus)
    # quoted in a second report, the form enters the shared lexicon: every report's second pass
    # (which looks the lexicon up) is made again, the first pass of the changed file's reports only
    _append(seeds_copy / name, f"\n坚持“{form}”。\n")
    corpus = load_corpus(seeds_copy, warn=False)
    changed = [doc.text for doc in corpus.reports() if doc._span.file == name]
    _clear(computed)
    got = slogans.slogans_table(corpus.reports(), workers=1)
    assert sorted(computed["forms"]) == sorted(changed)
    assert sorted(computed["mentions"]) == sorted(doc.text for doc in corpus.reports())
    _assert_same_table(got, _unstored(seeds_copy, "slogans"))
    assert set(got.loc[got["slogan"] == form, "n_docs"]) == {2}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_new_library_version_computes_every_report_again(private_store, seeds_copy, computed, monkeypatch, stage):
    corpus = load_corpus(seeds_copy, warn=False)
    STAGES[stage](corpus.reports())
    monkeypatch.setattr(store, "library_fingerprint", lambda: "9.9.9+0000")
    _clear(computed)
    got = STAGES[stage](corpus.reports())
    n_reports = len(corpus.reports())
    if stage in ("slogans", "mentions"):
        assert len(computed["forms"]) == len(computed["mentions"]) == n_reports
    else:
        assert len(computed[stage]) == n_reports
    _assert_same_table(got, _unstored(seeds_copy, stage))


def test_stored_examples_are_the_sentences_looked_up(private_store, seeds_copy, reads):
    corpus = load_corpus(seeds_copy, warn=False)
    by_id = {doc.doc_id: doc for doc in corpus.reports()}
    mentions = slogans.corpus_slogan_mentions(corpus.reports(), workers=1)
    uses = [(doc_id, int(start), int(end)) for doc_id, start, end in mentions[["doc_id", "start", "end"]].itertuples(index=False)]
    uses = uses[::7]  # some of each report
    expected = [slogans._example_sentence(by_id[doc_id], start, end) for doc_id, start, end in uses]
    assert slogans._examples(by_id, uses[: len(uses) // 2]) == expected[: len(uses) // 2]  # half stored
    reads.clear()
    assert slogans._examples(by_id, uses) == expected  # half read from the store, half looked up
    assert slogans._examples(by_id, list(reversed(uses))) == list(reversed(expected))
    reads.clear()
    assert slogans._examples(by_id, uses) == expected
    assert reads == []  # all stored now


def test_a_report_kept_in_memory_is_looked_up_and_its_table_not_stored(private_store, seeds_copy, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setenv("GOVREPORTS_STORE", "0")
        kept = load_corpus(seeds_copy, warn=False)
    assert not any(doc.text_id for doc in kept.documents)
    got = slogans.slogans_table(kept.reports(), workers=1)
    _assert_same_table(got, _unstored(seeds_copy, "slogans"))
    assert not (private_store / "slogans-table").exists() and not (private_store / "slogan-examples").exists()


@pytest.mark.parametrize("store_on", [True, False], ids=["store on", "store off"])
@pytest.mark.parametrize("stage", sorted(STAGES))
def test_two_workers_make_the_tables_of_one(private_store, seeds_copy, monkeypatch, store_on, stage):
    if not store_on:
        monkeypatch.setenv("GOVREPORTS_STORE", "0")
    corpus = load_corpus(seeds_copy, warn=False)
    assert all(doc.is_lean for doc in corpus.documents) is store_on
    function = {"slogans": slogans.slogans_table, "mentions": slogans.corpus_slogan_mentions,
                "targets": targets.targets_table, "results": targets.results_table}[stage]
    two = function(corpus.reports(), workers=2)  # computed: the store is empty
    _assert_same_table(two, _unstored(seeds_copy, stage))
