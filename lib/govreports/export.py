"""Exports researchers cite: every table at once as CSV, Parquet and Stata, the dfm, and the codebook.

``export_corpus(corpus, "out/")`` (command line: ``python -m govreports export DIR``) writes

- each table of :data:`TABLES` as ``<table>.csv`` (UTF-8), ``<table>.parquet`` (pyarrow) and
  ``<table>.dta`` (Stata 14+, format 118: Unicode; variable labels from the codebook; strings
  longer than Stata's 2045 bytes as strL);
- the document-feature matrix of the analysed reports: ``dfm.mtx`` (Matrix Market, counts),
  ``dfm_features.csv`` (its columns) and ``dfm_docvars.csv`` (its rows: the documents table), which
  R reads with ``Matrix::readMM`` and ``quanteda::as.dfm`` (see README);
- ``codebook.csv``: every column of every table (:func:`codebook`: the meanings of
  :mod:`govreports.codebook`, the types and Stata labels of ``data/column_labels.csv``);
- ``manifest.csv``: every file written, its table, format, size, SHA-256 and the corpus version.

CSV is exact by default: UTF-8 without BOM, cells as they are. With ``excel=True`` a CSV starts
with a BOM (so Excel reads UTF-8, not the system code page) and a text cell that begins with
``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with ``'`` (so Excel shows it
rather than running it as a formula); numbers are never changed. :func:`write_csv` is the one
writer, used by every command that prints a table.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from govreports import store
from govreports.datafiles import read_csv_frame
from govreports.documents import analysed
from govreports.paths import DATA_DIR

LABELS_FILE = DATA_DIR / "column_labels.csv"
#: Characters that make Excel (and LibreOffice) read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Stata's limits: variable names, variable labels, fixed-width strings (bytes).
STATA_NAME_CHARS, STATA_LABEL_CHARS, STATA_STR_BYTES = 32, 80, 2045
_STATA_NAME = re.compile(rf"^[A-Za-z_][A-Za-z0-9_]{{0,{STATA_NAME_CHARS - 1}}}$")
#: Words Stata reserves (and pandas refuses as variable names): a column so named gets a trailing ``_``.
STATA_RESERVED = frozenset({
    "aggregate", "array", "boolean", "break", "byte", "case", "catch", "class", "colvector", "complex", "const",
    "continue", "default", "delegate", "delete", "do", "double", "else", "eltypedef", "end", "enum", "explicit",
    "export", "external", "float", "for", "friend", "function", "global", "goto", "if", "inline", "int", "local",
    "long", "NULL", "pragma", "protected", "quad", "rowvector", "short", "typedef", "typename", "virtual", "_all",
    "_N", "_skip", "_b", "_pi", "in", "_pred", "strL", "_coef", "_rc", "using", "_cons", "_se", "with", "_n",
})


# --- the codebook ---------------------------------------------------------------------------------

def stata_name(column: str) -> str:
    """The Stata variable name of a column: the same, or with a trailing ``_`` for a reserved word.

    Example:
        >>> stata_name("start"), stata_name("end")
        ('start', 'end_')
    """
    return f"{column}_" if column in STATA_RESERVED else column


TYPES = ("string", "integer", "number", "boolean")


def _column_labels() -> pd.DataFrame:
    return read_csv_frame(LABELS_FILE)


def codebook() -> pd.DataFrame:
    """The machine-readable codebook: one row per column of every table, ``table, column, type, label,
    description, stata_name``.

    The meanings come from :mod:`govreports.codebook` (``CODEBOOK``, the command-line tables, then
    ``FILE_TABLES``, the files only ``export`` writes), in plain text; ``type`` and ``label`` (the Stata
    variable label) from ``data/column_labels.csv``; ``stata_name`` is :func:`stata_name`. A column that
    only an option adds says so in its description (``compare``'s ``rank``: only with ``--top``).

    Raises:
        ValueError: naming ``data/column_labels.csv`` if it does not list exactly the codebook's columns,
            in order, or a type is unknown or a label longer than Stata allows.
    """
    from govreports import codebook as book

    labels = _column_labels()
    rows = []
    for name, table in {**book.CODEBOOK, **book.FILE_TABLES}.items():
        for entry in table.entries:
            description = book.plain(entry.meaning) + (f" (only with {entry.only_with})" if entry.only_with else "")
            rows += [{"table": name, "column": column, "description": description} for column in entry.names]
    meanings = pd.DataFrame(rows)
    problems = []
    if meanings[["table", "column"]].values.tolist() != labels[["table", "column"]].values.tolist():
        listed = set(map(tuple, labels[["table", "column"]].values))
        described = set(map(tuple, meanings[["table", "column"]].values))
        problems.append(f"its (table, column) rows differ from govreports/codebook.py: missing "
                        f"{sorted(described - listed)}, not described {sorted(listed - described)} (or another order)")
    if not labels["type"].isin(TYPES).all():
        problems.append("unknown types " + ", ".join(sorted(set(labels["type"]) - set(TYPES))))
    if (labels["label"].str.len() > STATA_LABEL_CHARS).any() or (labels["label"] == "").any():
        problems.append("labels must have 1 to 80 characters")
    if problems:
        raise ValueError(f"{LABELS_FILE}: {'; '.join(problems)}")
    table = meanings.assign(type=labels["type"].to_numpy(), label=labels["label"].to_numpy())
    table["stata_name"] = table["column"].map(stata_name)
    return table[["table", "column", "type", "label", "description", "stata_name"]]


def columns_of(table: str, *, options: tuple[str, ...] = ()) -> list[str]:
    """The columns of a table, in codebook order: those of its command without options, plus those
    the given ``options`` add (``columns_of("compare", options=("--top",))`` includes ``rank``).

    Raises:
        KeyError: if the codebook has no such table.
    """
    from govreports import codebook as book

    tables = {**book.CODEBOOK, **book.FILE_TABLES}
    if table not in tables:
        raise KeyError(f"govreports/codebook.py has no table {table!r}")
    return [name for entry in tables[table].entries if not entry.only_with or entry.only_with in options
            for name in entry.names]


def labels_of(table: str) -> dict[str, str]:
    """``column → label`` of a table (the Stata variable labels)."""
    book = codebook()
    rows = book[book["table"] == table]
    return dict(zip(rows["column"], rows["label"]))


# --- CSV ------------------------------------------------------------------------------------------

def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells cannot run as spreadsheet formulas.

    A text cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
    leading ``'``; numeric and boolean columns are untouched.

    Example:
        >>> neutralise_formulas(pd.DataFrame({"t": ["=1+1", "-报告", "浙江"], "n": [-1, 2, 3]})).values.tolist()
        [["'=1+1", -1], ["'-报告", 2], ['浙江', 3]]
    """
    out = store.label_strings(frame).copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v).astype(object)
    return out


_QUOTED_OR_ROW_END = re.compile(r'"(?:[^"]|"")*"|\r\n')


def csv_text(table: pd.DataFrame, *, excel: bool = False, header: bool = True) -> str:
    """The table as CSV text, rows ending in ``\\n``, every cell with a line break quoted.

    Python's csv writer quotes only the characters of its row terminator, so a cell holding a
    bare ``\\r`` would break the rows under ``lineterminator="\\n"``. The table is written with
    ``\\r\\n`` (which quotes both) and the row ends outside quoted cells become ``\\n``.

    Args:
        table: the table.
        excel: start with a UTF-8 BOM and :func:`neutralise_formulas` the cells.
        header: start with the header row (and the BOM); without it, the rows only (a later
            chunk of :func:`write_csv_chunks`).

    Example:
        >>> csv_text(pd.DataFrame({"a": ["x\\ry", "z"]}))
        'a\\n"x\\ry"\\nz\\n'
        >>> csv_text(pd.DataFrame({"a": ["=1+1"]}), excel=True).split("\\n")
        ['\\ufeffa', "'=1+1", '']
    """
    if excel:
        table = neutralise_formulas(table)
    text = table.to_csv(index=False, lineterminator="\r\n", header=header)
    text = _QUOTED_OR_ROW_END.sub(lambda m: "\n" if m.group(0) == "\r\n" else m.group(0), text)
    return "\ufeff" + text if excel and header else text


#: Rows of a table written at a time to a stream (:func:`write_csv_chunks`).
CSV_CHUNK_ROWS = 200_000


def write_csv_chunks(table: pd.DataFrame, stream: IO[str], *, excel: bool = False, rows: int = CSV_CHUNK_ROWS) -> None:
    """Write :func:`csv_text` of a table to a text stream ``rows`` rows at a time: the same text,
    never all of it in memory (the keywords table of 13,000 reports is 1.5 GB of CSV).

    Example:
        >>> import io
        >>> out = io.StringIO()
        >>> write_csv_chunks(pd.DataFrame({"a": ["甲", "乙", "丙"]}), out, rows=2)
        >>> out.getvalue()
        'a\\n甲\\n乙\\n丙\\n'
    """
    for start in range(0, max(len(table), 1), rows):
        stream.write(csv_text(table.iloc[start:start + rows], excel=excel, header=start == 0))


def write_csv(frame: pd.DataFrame, target: str | Path | IO[str], *, excel: bool = False) -> None:
    """Write a table as CSV (:func:`csv_text`): exact UTF-8 by default; with ``excel``, a BOM and no formula cells.

    Args:
        frame: the table.
        target: a path or an open text stream (``sys.stdout``).
        excel: write a UTF-8 BOM first and :func:`neutralise_formulas` the cells.
    """
    text = csv_text(frame, excel=excel)
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(text.encode("utf-8"))
    else:
        target.write(text)


# --- Stata and Parquet ------------------------------------------------------------------------------

def check_stata_names(columns) -> None:
    """Raise ``ValueError`` naming every column that is not a valid Stata variable name (≤ 32 chars).

    A reserved word is valid here: :func:`write_stata` renames it (:func:`stata_name`).
    """
    bad = [c for c in columns if not _STATA_NAME.match(stata_name(str(c)))]
    if bad:
        raise ValueError(f"not valid Stata variable names (letters, digits, _; at most {STATA_NAME_CHARS} characters): {bad}")


def _stata_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Text columns with missing as empty text; the columns that need strL (over 2045 bytes)."""
    out = store.label_strings(frame).copy()
    long_text = []
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out[column] = series.map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)).astype(object)
            if max((len(v.encode("utf-8")) for v in out[column]), default=0) > STATA_STR_BYTES:
                long_text.append(column)
    return out, long_text


#: The "date created" written into every ``.dta`` file. Stata stamps the clock time by default, which
#: made two exports of the same corpus differ; a fixed stamp keeps the files byte-identical.
STATA_TIME_STAMP = datetime.datetime(2000, 1, 1)


def write_stata(frame: pd.DataFrame, path: str | Path, *, table: str, data_label: str = "") -> None:
    """Write a table as Stata ``.dta`` (format 118), variable labels from the codebook.

    The file's time stamp is :data:`STATA_TIME_STAMP`, not the clock, so the same table gives the
    same bytes.

    Raises:
        ValueError: if a column name is not a valid Stata name.
    """
    check_stata_names(frame.columns)
    out, long_text = _stata_frame(frame.rename(columns=stata_name))
    labels = {stata_name(c): l for c, l in labels_of(table).items() if c in frame.columns}
    out.to_stata(path, write_index=False, version=118, convert_strl=long_text, variable_labels=labels,
                 data_label=data_label[:STATA_LABEL_CHARS] or None, time_stamp=STATA_TIME_STAMP)


def write_parquet(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table as Parquet with pyarrow (types kept: nullable integers and booleans, text)."""
    store.label_strings(frame).to_parquet(path, engine="pyarrow", index=False)


# --- the document-feature matrix --------------------------------------------------------------------

def document_feature_matrix(freq: pd.DataFrame, doc_ids: list[str]) -> tuple[Any, pd.DataFrame]:
    """The dfm of a frequency table: a sparse documents × terms matrix of counts.

    Args:
        freq: a :func:`govreports.measures.keywords.frequency_table`.
        doc_ids: the rows, in order (a report without terms is a row of zeros).

    Returns:
        ``(matrix, features)``: a ``scipy.sparse.coo_matrix`` of int64 and the features table
        (``feature`` 1-based column number, ``term``, ``count``, ``docfreq``), terms sorted.

    Example:
        >>> f = pd.DataFrame({"doc_id": ["a", "a", "b"], "term": ["改革", "开放", "改革"], "count": [2, 1, 3]})
        >>> m, features = document_feature_matrix(f, ["a", "b", "c"])
        >>> m.toarray().tolist(), features["term"].tolist()
        ([[1, 2], [0, 3], [0, 0]], ['开放', '改革'])
    """
    from scipy.sparse import coo_matrix

    terms = sorted(set(freq["term"]))
    column = {term: i for i, term in enumerate(terms)}
    row = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    kept = freq[freq["doc_id"].isin(row)]
    matrix = coo_matrix(
        (kept["count"].to_numpy(dtype="int64"),
         (kept["doc_id"].map(row).to_numpy(), kept["term"].map(column).to_numpy())),
        shape=(len(doc_ids), len(terms)), dtype="int64")
    csc = matrix.tocsc()
    features = pd.DataFrame({
        "feature": np.arange(1, len(terms) + 1, dtype="int64"), "term": terms,
        "count": np.asarray(csc.sum(axis=0)).ravel().astype("int64"),
        "docfreq": np.diff(csc.indptr).astype("int64"),
    })
    return matrix, features


#: Files of the document-feature matrix.
DFM_FILES = {"dfm": "dfm.mtx", "dfm_features": "dfm_features.csv", "dfm_docvars": "dfm_docvars.csv"}


def write_dfm(freq: pd.DataFrame, docvars: pd.DataFrame, folder: str | Path, *, excel: bool = False) -> pd.DataFrame:
    """Write the dfm's files (:data:`DFM_FILES`): the matrix, its features, its rows (``docvars`` in order).

    Returns:
        The features table written to ``dfm_features.csv``.
    """
    from scipy.io import mmwrite

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    matrix, features = document_feature_matrix(freq, docvars["doc_id"].tolist())
    paths = {name: folder / file for name, file in DFM_FILES.items()}
    with open(paths["dfm"], "wb") as handle:
        mmwrite(handle, matrix, comment="rows: dfm_docvars.csv (doc_id); columns: dfm_features.csv (term)",
                field="integer")
    write_csv(features, paths["dfm_features"], excel=excel)
    write_csv(docvars, paths["dfm_docvars"], excel=excel)
    return features


# --- everything at once -----------------------------------------------------------------------------

def _table_builders() -> dict[str, Callable]:
    from govreports.compare.distinctive import distinctive_terms_table
    from govreports.compare.panel import panel_table
    from govreports.measures.keywords import frequency_table
    from govreports.measures.slogans import slogans_table
    from govreports.measures.targets import results_table, targets_table

    return {
        "documents": lambda corpus, cache: corpus.documents_table(include_problems=True),
        "files": lambda corpus, cache: corpus.files_table(),
        "audit": lambda corpus, cache: corpus.audit_table(),
        # the two largest tables held compact (labels as codes): the files written are the same
        "sentences": lambda corpus, cache: corpus.sentences_table(compact=True),
        "keywords": lambda corpus, cache: cache.setdefault("keywords", frequency_table(corpus.reports(), compact=True)),
        "slogans": lambda corpus, cache: slogans_table(corpus.reports()),
        "targets": lambda corpus, cache: targets_table(corpus.reports()),
        "results": lambda corpus, cache: results_table(corpus.reports()),
        "compare": lambda corpus, cache: distinctive_terms_table(corpus.documents),
        "panel": lambda corpus, cache: panel_table(corpus.reports()),
    }


#: The tables :func:`export_corpus` writes, in order (each also a command of the command line).
TABLES = ("documents", "files", "audit", "sentences", "keywords", "slogans", "targets", "results", "compare", "panel")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_corpus(corpus, folder: str | Path, *, excel: bool = False, tables: tuple[str, ...] = TABLES) -> pd.DataFrame:
    """Write every table of a corpus, the dfm and the codebook to ``folder``.

    Args:
        corpus: a :class:`govreports.pipeline.corpus.Corpus`.
        folder: the export folder (created if missing; files of the same names are replaced).
        excel: write the CSV files for Excel (BOM, formula cells neutralised); Parquet and Stata
            files are always exact.
        tables: the tables to write (default all of :data:`TABLES`).

    Returns:
        The manifest (also written as ``manifest.csv``): ``file, table, format, n_rows,
        n_columns, corpus_version, sha256``, one row per file written.

    Raises:
        ValueError: if a table's columns are not the codebook's (a bug, named in the message).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    builders = _table_builders()
    cache: dict[str, pd.DataFrame] = {}
    rows = []
    version = corpus.version
    for name in tables:
        frame = builders[name](corpus, cache)
        expected = columns_of(name)
        if sorted(frame.columns) != sorted(expected):  # the codebook groups columns; the order is the table's
            raise ValueError(f"table {name}: columns {list(frame.columns)} differ from the codebook's {expected}")
        written = {"csv": folder / f"{name}.csv", "parquet": folder / f"{name}.parquet", "dta": folder / f"{name}.dta"}
        write_csv(frame, written["csv"], excel=excel)
        write_parquet(frame, written["parquet"])
        write_stata(frame, written["dta"], table=name, data_label=f"govreports {name} {version}")
        rows += [{"file": path.name, "table": name, "format": fmt, "n_rows": len(frame), "n_columns": frame.shape[1]}
                 for fmt, path in written.items()]
    freq = cache.get("keywords")
    if freq is None:
        from govreports.measures.keywords import frequency_table
        freq = frequency_table(corpus.reports(), compact=True)
    documents = corpus.documents_table()
    docvars = analysed(documents).reset_index(drop=True)
    n_features = len(write_dfm(freq, docvars, folder, excel=excel))
    rows += [
        {"file": "dfm.mtx", "table": "dfm", "format": "mtx", "n_rows": len(docvars), "n_columns": n_features},
        {"file": "dfm_features.csv", "table": "dfm_features", "format": "csv", "n_rows": n_features, "n_columns": 4},
        {"file": "dfm_docvars.csv", "table": "documents", "format": "csv", "n_rows": len(docvars),
         "n_columns": docvars.shape[1]},
    ]
    book = codebook()
    write_csv(book, folder / "codebook.csv", excel=excel)
    rows.append({"file": "codebook.csv", "table": "codebook", "format": "csv", "n_rows": len(book), "n_columns": book.shape[1]})
    manifest = pd.DataFrame(rows)
    manifest["corpus_version"] = version
    manifest["sha256"] = [_sha256(folder / f) for f in manifest["file"]]
    manifest = manifest[columns_of("manifest")]
    write_csv(manifest, folder / "manifest.csv", excel=excel)
    return manifest
