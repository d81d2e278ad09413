"""Exports (govreports.export): every file reads back as the table it was written from.

The seed corpus is exported twice, exact and for Excel; each CSV (with and without BOM), Parquet
and Stata file is read back with the reader a researcher would use and compared, cell by cell and
by the codebook's type, with the table. The dfm is read back with ``scipy.io.mmread`` and, where
Debian's R is installed, with ``Matrix::readMM``.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess

import pandas as pd
import pyarrow.parquet as pq
import pytest
import scipy.io
from conftest import SEEDS

from govreports import export
from govreports.cli import TABLE_COMMANDS, build_parser, main
from govreports.measures.keywords import frequency_table
from govreports.pipeline.corpus import corpus_version, load_corpus


@pytest.fixture(scope="module")
def exported(tmp_path_factory, seed_corpus):
    exact, excel = tmp_path_factory.mktemp("export"), tmp_path_factory.mktemp("export-excel")
    manifest = export.export_corpus(seed_corpus, exact)
    export.export_corpus(seed_corpus, excel, excel=True)
    builders = export._table_builders()
    cache = {}
    tables = {name: builders[name](seed_corpus, cache) for name in export.TABLES}
    return {"exact": exact, "excel": excel, "manifest": manifest, "tables": tables}


def _cells(values, kind: str) -> list:
    """Values as plain Python values of the codebook type; missing is None ('' for text)."""
    out = []
    for v in values:
        missing = v is None or (isinstance(v, str) and v == "") or (not isinstance(v, str) and pd.isna(v))
        if kind == "string":
            out.append("" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))
        elif missing:
            out.append(None)
        elif kind == "integer":
            out.append(int(float(v)) if float(v) == int(float(v)) else float(v))
        elif kind == "number":
            out.append(float(v))
        else:  # boolean: True/False from bool, "True"/"False" (CSV) or 1/0 (Stata)
            out.append({"True": True, "False": False}.get(v, v) if isinstance(v, str) else bool(v))
    return out


def _assert_same(table: pd.DataFrame, back: pd.DataFrame, name: str) -> None:
    book = export.codebook()
    kinds = dict(zip(book.loc[book["table"] == name, "column"], book.loc[book["table"] == name, "type"]))
    assert list(back.columns) == list(table.columns)
    assert len(back) == len(table)
    for column in table.columns:
        expected, actual = _cells(table[column].tolist(), kinds[column]), _cells(back[column].tolist(), kinds[column])
        assert actual == expected, f"{name}.{column}"


def _undo_excel(frame: pd.DataFrame) -> pd.DataFrame:
    """Remove the ' that neutralises a formula-leading cell (only there)."""
    starts = tuple("'" + c for c in export.FORMULA_START)
    return frame.map(lambda v: v[1:] if isinstance(v, str) and v.startswith(starts) else v)


@pytest.mark.parametrize("name", export.TABLES)
def test_csv_without_bom_reads_back(exported, name):
    raw = (exported["exact"] / f"{name}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8")
    _assert_same(exported["tables"][name], back, name)


@pytest.mark.parametrize("name", export.TABLES)
def test_csv_for_excel_has_bom_and_reads_back(exported, name):
    raw = (exported["excel"] / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    book = export.codebook()
    text_columns = book.loc[(book["table"] == name) & (book["type"] == "string"), "column"].tolist()
    starts = tuple(export.FORMULA_START)
    assert not back[text_columns].map(lambda v: v.startswith(starts)).any().any()
    _assert_same(exported["tables"][name], _undo_excel(back), name)


@pytest.mark.parametrize("name", export.TABLES)
def test_parquet_reads_back(exported, name):
    back = pq.read_table(exported["exact"] / f"{name}.parquet").to_pandas()
    _assert_same(exported["tables"][name], back, name)


@pytest.mark.parametrize("name", export.TABLES)
def test_stata_reads_back_with_labels(exported, name):
    path = exported["exact"] / f"{name}.dta"
    back = pd.read_stata(path, convert_categoricals=False)
    table = exported["tables"][name]
    assert list(back.columns) == [export.stata_name(c) for c in table.columns]
    _assert_same(table, back.set_axis(table.columns, axis=1), name)
    with pd.io.stata.StataReader(path) as reader:
        labels = reader.variable_labels()
    book = export.codebook()
    rows = book[(book["table"] == name) & book["column"].isin(table.columns)]
    assert labels == dict(zip(rows["stata_name"], rows["label"]))


def test_codebook_lists_every_column_of_every_table_and_nothing_else(exported, capsys, seed_corpus):
    book = export.codebook()
    written = {name: list(frame.columns) for name, frame in exported["tables"].items()}
    for name in ("kwic", "counts"):
        argv = {"kwic": ["kwic", "八八战略"], "counts": ["counts", "--by", "year"]}[name]
        assert main([*argv, "--corpus", str(SEEDS)]) == 0
        written[name] = list(pd.read_csv(io.StringIO(capsys.readouterr().out)).columns)
    for name in ("dfm_features", "manifest", "codebook"):
        written[name] = list(pd.read_csv(exported["exact"] / f"{name}.csv").columns)
    assert pd.read_csv(exported["exact"] / "dfm_docvars.csv").columns.tolist() == written["documents"]
    written["compare (--top)"] = list(TABLE_COMMANDS["compare"][1](
        seed_corpus, build_parser().parse_args(["compare", "--top", "2"])).columns)
    listed = {name: export.columns_of(name) for name in book["table"].unique()}
    listed["compare (--top)"] = export.columns_of("compare", options=("--top",))
    assert {name: sorted(c) for name, c in listed.items()} == {name: sorted(c) for name, c in written.items()}
    # nothing else: the machine-readable codebook has exactly these columns, once each
    assert sorted(book[["table", "column"]].values.tolist()) == sorted(
        [name, c] for name in book["table"].unique() for c in export.columns_of(name, options=("--top",)))
    # every command that prints a table is in the codebook
    assert set(TABLE_COMMANDS) <= set(listed)


def test_codebook_names_and_labels_fit_stata():
    book = export.codebook()
    export.check_stata_names(book["column"])
    assert (book["stata_name"].str.len() <= 32).all()
    assert (book["label"].str.len().between(1, 80)).all()
    assert (book["description"] != "").all()


def test_manifest_names_every_file_with_its_digest(exported):
    manifest = exported["manifest"]
    files = sorted(p.name for p in exported["exact"].iterdir())
    assert sorted([*manifest["file"], "manifest.csv"]) == files
    assert set(manifest["corpus_version"]) == {load_corpus(SEEDS, warn=False).version}
    for row in manifest.itertuples():
        assert row.sha256 == export._sha256(exported["exact"] / row.file)


def test_dfm_reads_back_with_scipy(exported, seed_corpus):
    matrix = scipy.io.mmread(exported["exact"] / "dfm.mtx").tocsr()
    features = pd.read_csv(exported["exact"] / "dfm_features.csv")
    docvars = pd.read_csv(exported["exact"] / "dfm_docvars.csv")
    freq = exported["tables"]["keywords"]
    assert matrix.shape == (len(docvars), len(features))
    assert docvars["doc_id"].tolist() == [d.doc_id for d in seed_corpus.reports()]
    assert features["feature"].tolist() == list(range(1, len(features) + 1))
    column = {term: i for i, term in enumerate(features["term"])}
    row = {doc_id: i for i, doc_id in enumerate(docvars["doc_id"])}
    assert matrix.sum() == freq["count"].sum()
    for r in freq.sample(50, random_state=0).itertuples():
        assert matrix[row[r.doc_id], column[r.term]] == r.count
    assert features["count"].tolist() == matrix.sum(axis=0).A1.tolist()


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed (apt-get install r-base-core r-cran-matrix)")
def test_dfm_reads_back_in_r(exported):
    folder = exported["exact"]
    script = (
        'library(Matrix); m <- readMM("dfm.mtx"); f <- read.csv("dfm_features.csv", encoding = "UTF-8");'
        'd <- read.csv("dfm_docvars.csv", encoding = "UTF-8"); dimnames(m) <- list(d$doc_id, f$term);'
        'cat(nrow(m), ncol(m), sum(m), m["2020-湖州-gwr", "八八战略"], sep = "\\n")'
    )
    out = subprocess.run(["Rscript", "-e", script], cwd=folder, capture_output=True, text=True, check=True).stdout.split()
    freq = exported["tables"]["keywords"]
    features = pd.read_csv(folder / "dfm_features.csv")
    expected_cell = int(freq.loc[(freq["doc_id"] == "2020-湖州-gwr") & (freq["term"] == "八八战略"), "count"].sum())
    assert [int(x) for x in out] == [11, len(features), int(freq["count"].sum()), expected_cell]


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+86 571", "'+86 571"),
        ("-2%", "'-2%"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("浙江=全省", "浙江=全省"),
        ("2020年湖州市政府工作报告", "2020年湖州市政府工作报告"),
        ("", ""),
    ],
)
def test_neutralise_formulas(cell, expected):
    assert export.neutralise_formulas(pd.DataFrame({"t": [cell]}))["t"].tolist() == [expected]


def test_numbers_are_never_neutralised():
    frame = pd.DataFrame({"value": [-2.5, 3.0], "n": [-1, 2]})
    assert export.neutralise_formulas(frame).equals(frame)


def test_excel_flag_on_a_table_command_with_a_formula_title(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("2020年云和县政府工作报告\n各位代表:\n现在,我代表县人民政府向大会报告政府工作。", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text('file,title\na.txt,"=cmd|\' /C calc\'!A0"\n', encoding="utf-8")
    assert main(["documents", "--corpus", str(tmp_path)]) == 0
    exact = capsys.readouterr().out
    assert not exact.startswith("\ufeff")
    assert pd.read_csv(io.StringIO(exact))["title"].tolist() == ["=cmd|' /C calc'!A0"]
    assert main(["documents", "--corpus", str(tmp_path), "--excel"]) == 0
    excel = capsys.readouterr().out
    assert excel.startswith("\ufeff")
    assert pd.read_csv(io.StringIO(excel[1:]))["title"].tolist() == ["'=cmd|' /C calc'!A0"]


def test_export_command_writes_the_folder(tmp_path, capsys):
    folder = tmp_path / "out"
    assert main(["export", str(folder), "--corpus", str(SEEDS)]) == 0
    assert "wrote" in capsys.readouterr().err
    manifest = pd.read_csv(folder / "manifest.csv")
    assert {"documents.dta", "panel.parquet", "dfm.mtx", "codebook.csv"} <= set(manifest["file"])


def test_corpus_version_changes_with_any_input_file(tmp_path):
    (tmp_path / "a.txt").write_text("2020年云和县政府工作报告\n各位代表:\n现在,我代表县人民政府向大会报告政府工作。", encoding="utf-8")
    first = corpus_version(tmp_path)
    assert first.startswith("sha256:") and len(first) == len("sha256:") + 16
    assert corpus_version(tmp_path) == first
    (tmp_path / "metadata.csv").write_text("file,year\na.txt,2021\n", encoding="utf-8")
    second = corpus_version(tmp_path)
    assert second != first
    (tmp_path / "a.txt").write_text("2020年云和县政府工作报告\n各位代表:\n现在。", encoding="utf-8")
    assert corpus_version(tmp_path) not in (first, second)
    documents = load_corpus(tmp_path, warn=False).documents_table()
    assert set(documents["corpus_version"]) == {corpus_version(tmp_path)}


def test_corpus_version_names_the_tokenizer(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("各位代表:", encoding="utf-8")
    monkeypatch.delenv("GOVREPORTS_TOKENIZER", raising=False)
    jieba = corpus_version(tmp_path)
    monkeypatch.setenv("GOVREPORTS_TOKENIZER", "rjieba")
    assert corpus_version(tmp_path) != jieba


def test_document_feature_matrix_of_a_report_without_terms_is_a_zero_row():
    freq = frequency_table({"a": "数字经济，数字经济。"})
    matrix, features = export.document_feature_matrix(freq, ["a", "empty"])
    assert matrix.toarray().tolist() == [[2], [0]]
    assert features.to_dict("records") == [{"feature": 1, "term": "数字经济", "count": 2, "docfreq": 1}]


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.assign(type=t["type"].replace("integer", "whole")), "unknown types whole"),
        (lambda t: t.drop(index=3), r"missing \[\('documents', 'doc_type'\)\]"),
        (lambda t: t.assign(label=t["label"].where(t.index != 0, "x" * 81)), "labels must have 1 to 80 characters"),
    ],
)
def test_bad_column_labels_are_an_error_naming_the_file(tmp_path, monkeypatch, edit, message):
    bad = tmp_path / "column_labels.csv"
    edit(export._column_labels()).to_csv(bad, index=False)
    monkeypatch.setattr(export, "LABELS_FILE", bad)
    with pytest.raises(ValueError, match=rf"column_labels\.csv: .*{message}"):
        export.codebook()


def test_the_codebook_types_hold_for_the_tables_written(exported):
    book = export.codebook()
    checks = {"integer": pd.api.types.is_integer_dtype, "number": pd.api.types.is_float_dtype,
              "boolean": pd.api.types.is_bool_dtype, "string": lambda s: s.dtype == object or pd.api.types.is_string_dtype(s)}
    for name, frame in exported["tables"].items():
        for column, kind in zip(book.loc[book["table"] == name, "column"], book.loc[book["table"] == name, "type"]):
            if column in frame.columns and frame[column].notna().any():
                values = frame[column].dropna()
                assert checks[kind](values.infer_objects()), f"{name}.{column} is not {kind}"


def test_nan_is_missing_everywhere():
    assert _cells([math.nan, None, pd.NA, ""], "number") == [None, None, None, None]


def test_a_file_not_loaded_leaves_the_version_alone(tmp_path):
    (tmp_path / "a.txt").write_text("2020年云和县政府工作报告\n各位代表:\n现在,我代表县人民政府向大会报告政府工作。", encoding="utf-8")
    before = load_corpus(tmp_path, warn=False).version
    (tmp_path / "empty.txt").write_bytes(b"")
    assert load_corpus(tmp_path, warn=False).version == before


def test_an_empty_corpus_exports_empty_tables_that_read_back(tmp_path):
    (tmp_path / "corpus").mkdir()
    corpus = load_corpus(tmp_path / "corpus", warn=False)
    manifest = export.export_corpus(corpus, tmp_path / "out")
    assert set(manifest.loc[manifest["format"] == "csv", "n_rows"].where(manifest["table"] != "codebook", 0)) == {0}
    for name in export.TABLES:
        assert pd.read_stata(tmp_path / "out" / f"{name}.dta").shape[0] == 0
        assert pq.read_table(tmp_path / "out" / f"{name}.parquet").num_rows == 0
        assert sorted(pd.read_csv(tmp_path / "out" / f"{name}.csv").columns) == sorted(export.columns_of(name))
    assert scipy.io.mmread(tmp_path / "out" / "dfm.mtx").shape == (0, 0)



def test_stata_file_carries_a_fixed_time_stamp_not_the_clock(tmp_path):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "count": [1, 2]})
    export.write_stata(frame, tmp_path / "table.dta", table="keywords")
    with pd.io.stata.StataReader(tmp_path / "table.dta") as reader:
        assert reader.time_stamp.split() == ["01", "Jan", "2000", "00:00"]


@pytest.mark.parametrize("rows", [1, 2, 3, 10])
@pytest.mark.parametrize("excel", [False, True])
@pytest.mark.parametrize("table", [
    pd.DataFrame({"term": ["数字\r经济", "=1+1", "改革"], "count": [2, 1, 1]}),
    pd.DataFrame({"term": ["两山"], "count": [1]}),
    pd.DataFrame({"term": pd.Series([], dtype="str"), "count": pd.Series([], dtype="int64")}),
])
def test_a_table_written_in_chunks_is_its_csv_text(table, excel, rows):
    import io

    from govreports.export import csv_text, write_csv_chunks

    out = io.StringIO()
    write_csv_chunks(table, out, excel=excel, rows=rows)
    assert out.getvalue() == csv_text(table, excel=excel)
    assert out.getvalue().count("\ufeff") == (1 if excel else 0)
