"""Compact tables: label columns as sorted categoricals (``compact=True``), the same values as the strings.

``frequency_table(..., compact=True)`` and ``Corpus.sentences_table(compact=True)`` hold their
repeated labels (``doc_id``, ``term``, the part and section titles) as a code per row. These tests
check the categorical rule on short Chinese strings read by hand (categories: the values present,
in code-point order), that a compact table is the default one once its labels are strings again
(same rows, same CSV) with the store off, cold and warm, and that a batch stored from one form
reads back in the other.
"""

from __future__ import annotations

import pandas as pd
import pytest

from govreports import store
from govreports.measures import keywords

# 丙 U+4E19 < 乙 U+4E59 < 甲 U+7532
CODE_POINT_ORDER = ["丙", "乙", "甲"]


@pytest.mark.parametrize("values, categories, codes", [
    (["甲", "乙", "甲"], ["乙", "甲"], [1, 0, 1]),
    (["乙", "丙", "甲", "丙"], ["丙", "乙", "甲"], [1, 0, 2, 0]),
    (["甲"], ["甲"], [0]),
    # a Categorical: its unused categories dropped, the rest put in code-point order
    (pd.Categorical(["甲", "丙"], categories=["甲", "乙", "丙"]), ["丙", "甲"], [1, 0]),
    (pd.Categorical(["甲", None, "乙"], categories=["甲", "乙"]), ["乙", "甲"], [1, -1, 0]),
    (pd.Series(pd.Categorical(["乙", "甲"], categories=["乙", "甲"])), ["乙", "甲"], [0, 1]),
])
def test_a_sorted_categorical_has_the_values_present_in_code_point_order(values, categories, codes):
    result = store.sorted_categorical(values)
    assert list(result.categories) == categories
    assert result.codes.tolist() == codes
    assert [None if pd.isna(v) else v for v in result] == [None if pd.isna(v) else v for v in values]


def test_the_code_point_order_is_the_order_of_the_strings():
    assert sorted(CODE_POINT_ORDER) == CODE_POINT_ORDER
    assert list(store.sorted_categorical(["甲", "乙", "丙"]).categories) == CODE_POINT_ORDER


@pytest.mark.parametrize("values, lengths, expected, categories", [
    (["乙", "甲", "丙"], [2, 1, 0], ["乙", "乙", "甲"], ["乙", "甲"]),
    (["甲", "乙"], [0, 3], ["乙", "乙", "乙"], ["乙"]),
    (["甲", "丙"], [1, 1], ["甲", "丙"], ["丙", "甲"]),
])
def test_repeated_values_as_a_sorted_categorical(values, lengths, expected, categories):
    result = store.repeated_categorical(values, lengths)
    assert list(result) == expected
    assert list(result.categories) == categories
    assert list(result) == list(store.repeated(values, lengths))


def _as_strings(table: pd.DataFrame) -> pd.DataFrame:
    return table.astype({c: "str" for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)})


DOCS = {"乙报告": "数字经济，数字经济。", "甲报告": "数字经济。", "丙报告": "，。"}


@pytest.fixture(params=["store off", "store cold", "store warm"])
def store_mode(request, private_store, monkeypatch):
    if request.param == "store off":
        monkeypatch.setenv("GOVREPORTS_STORE", "0")
    elif request.param == "store warm":
        keywords.frequency_table(DOCS)
    return request.param


@pytest.mark.usefixtures("one_process")
def test_a_compact_frequency_table_is_the_default_one_with_codes(store_mode):
    compact = keywords.frequency_table(DOCS, compact=True)
    # read by hand: 乙报告 has 数字经济 twice, 甲报告 once, 丙报告 (punctuation only) no term, so no row
    assert compact["doc_id"].tolist() == ["乙报告", "甲报告"]
    assert compact["term"].tolist() == ["数字经济", "数字经济"]
    assert compact["count"].tolist() == [2, 1]
    assert isinstance(compact["doc_id"].dtype, pd.CategoricalDtype)
    assert list(compact["doc_id"].cat.categories) == ["乙报告", "甲报告"]  # 乙 before 甲; 丙报告 has no row
    assert list(compact["term"].cat.categories) == ["数字经济"]
    default = keywords.frequency_table(DOCS)
    pd.testing.assert_frame_equal(_as_strings(compact), default)
    assert compact.to_csv(index=False) == default.to_csv(index=False)


@pytest.mark.usefixtures("one_process")
@pytest.mark.parametrize("first", [True, False])
def test_a_batch_stored_from_one_form_reads_back_in_the_other(private_store, first):
    docs = {"甲": "数字经济，绿色发展，数字经济。", "乙": "绿色发展。"}
    written = keywords.frequency_table(docs, compact=first)  # stored cold in this form
    read = keywords.frequency_table(docs, compact=not first)  # read warm in the other
    assert isinstance(read["term"].dtype, pd.CategoricalDtype) is (not first)
    pd.testing.assert_frame_equal(_as_strings(read), _as_strings(written))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORTS_STORE", "0")
        unstored = keywords.frequency_table(docs)
    pd.testing.assert_frame_equal(_as_strings(read), unstored)


def test_a_categorical_column_is_stored_as_its_values(private_store):
    frame = pd.DataFrame({"term": pd.Categorical(["甲", "乙", "甲"]), "count": [1, 2, 3]})
    assert store.write_table("demo", "k", frame)
    back = store.read_table("demo", "k")
    assert back["term"].dtype == "str" and back["term"].tolist() == ["甲", "乙", "甲"]


def test_integer_doc_ids_keep_their_dtype_in_a_compact_table(private_store):
    compact = keywords.frequency_table(pd.DataFrame({"doc_id": [7, 3], "text": ["数字经济。", "数字经济，数字经济。"]}),
                                       compact=True)
    assert compact["doc_id"].tolist() == [7, 3] and compact["doc_id"].dtype == "int64"
    assert isinstance(compact["term"].dtype, pd.CategoricalDtype)


def test_the_seeds_compact_tables_are_the_default_ones(seed_corpus):
    freq = keywords.frequency_table(seed_corpus.reports())
    compact = keywords.frequency_table(seed_corpus.reports(), compact=True)
    pd.testing.assert_frame_equal(_as_strings(compact), freq)
    assert list(compact["doc_id"].cat.categories) == sorted(set(freq["doc_id"]))
    assert list(compact["term"].cat.categories) == sorted(set(freq["term"]))
    assert compact.memory_usage(deep=True).sum() < 0.7 * freq.memory_usage(deep=True).sum()
    sentences = seed_corpus.sentences_table()
    compact_sentences = seed_corpus.sentences_table(compact=True)
    labels = ["doc_id", "part_title", "part_kind", "section_title"]
    assert [c for c in compact_sentences.columns if isinstance(compact_sentences[c].dtype, pd.CategoricalDtype)] == labels
    pd.testing.assert_frame_equal(_as_strings(compact_sentences), sentences)
    assert compact_sentences.to_csv(index=False) == sentences.to_csv(index=False)


@pytest.mark.parametrize("excel", [False, True])
def test_files_written_from_a_compact_table_are_those_of_the_strings(tmp_path, excel):
    from govreports import export

    strings = pd.DataFrame({"doc_id": ["乙", "乙", "甲"], "term": ["=1+1", "改革", "-开放"], "count": [2, 1, 1]})
    compact = strings.assign(doc_id=store.sorted_categorical(strings["doc_id"]),
                             term=store.sorted_categorical(strings["term"]))
    assert export.csv_text(compact, excel=excel) == export.csv_text(strings, excel=excel)
    if excel:  # a formula cell is neutralised in a categorical column too
        assert "'=1+1" in export.csv_text(compact, excel=True)
    for name, table in (("a", strings), ("b", compact)):
        export.write_parquet(table, tmp_path / f"{name}.parquet")
        export.write_stata(table, tmp_path / f"{name}.dta", table="keywords")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    assert (tmp_path / "a.dta").read_bytes() == (tmp_path / "b.dta").read_bytes()


def _measures():
    from govreports.compare import comparability, distinctive, similarity, years
    from govreports.export import document_feature_matrix
    from govreports.measures import themes

    return {
        "top_terms": lambda f, c, ids, docs: keywords.top_terms(f, n=5),
        "top_terms by city": lambda f, c, ids, docs: keywords.top_terms(f, n=5, by="city", meta=docs),
        "group_frequency": lambda f, c, ids, docs: keywords.group_frequency(f, "city", docs),
        "counts_by_docvar": lambda f, c, ids, docs: keywords.counts_by_docvar(f, docs, "year", top=5),
        "keyness": lambda f, c, ids, docs: keywords.keyness(f, ids[0]),
        "tfidf_weights": lambda f, c, ids, docs: keywords.tfidf_weights(f, ids),
        "term_rates": lambda f, c, ids, docs: keywords.term_rates(f, ["发展", "数字经济"], ids),
        "theme_attention": lambda f, c, ids, docs: themes.theme_attention(f),
        "report_similarity": lambda f, c, ids, docs: similarity.report_similarity(f, ids),
        "term_changes": lambda f, c, ids, docs: years.term_changes(f, ids[0], ids[1]),
        "document_feature_matrix": lambda f, c, ids, docs: document_feature_matrix(f, ids)[1],
        "distinctive_words": lambda f, c, ids, docs: distinctive.distinctive_words(
            f, comparability.comparability_table(c.documents)),
    }


@pytest.mark.parametrize("measure", sorted(_measures()))
def test_a_measure_of_a_compact_frequency_table_is_its_measure_of_the_default_one(seed_corpus, measure):
    reports = seed_corpus.reports()
    ids, docs = [d.doc_id for d in reports], seed_corpus.documents_table()
    call = _measures()[measure]
    expected = call(keywords.frequency_table(reports), seed_corpus, ids, docs)
    got = call(keywords.frequency_table(reports, compact=True), seed_corpus, ids, docs)
    pd.testing.assert_frame_equal(got, expected)  # dtypes included: no categorical comes out
