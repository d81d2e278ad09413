"""Searchable tables: a DataFrame shown as a sortable, filterable, paged table (itables, offline).

A long table (90 growth targets, hundreds of KWIC lines on a bigger corpus) is hard to read as a
static pandas table. :func:`searchable` renders it with itables (DataTables): a search box that
filters the rows as one types, column headers that sort, and pages of
:data:`PAGE_LENGTH` rows. Long text columns (quotes, KWIC context) wrap in a column of readable
width instead of running off the page. :func:`searchable_if_long` does so only for a table of
more than :data:`MAX_PLAIN_ROWS` rows: for the tables whose length depends on the corpus.

Offline: :func:`offline_mode`, called once in a notebook's imports cell, displays the DataTables
JavaScript and CSS that ship inside the itables package as an output of that cell, so the
notebook in JupyterLab and its HTML page (``make report``) fetch nothing from the network.

Deterministic: the HTML of a table depends only on its content and its place among the tables
of the session (the element id is ``gr-table-N-<digest of the content>``, never a random id),
so a notebook re-run from the top gives the same outputs and nbval compares them strictly. Every
row is kept (no downsampling), so the search box searches the whole table.

>>> import pandas as pd
>>> table = searchable(pd.DataFrame({"city": ["湖州", "金华"], "n": [3, 5]}), table_id="gr-example")
>>> table
searchable table: 2 rows × 2 columns
>>> '<table id="gr-example"' in table.html and "ITable" in table.html
True
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from typing import Any

import itables
import pandas as pd
from itables import to_html_datatable

#: A table with more rows than this is shown searchable (see :func:`searchable_if_long`).
MAX_PLAIN_ROWS = 20
#: Rows per page (the reader can choose 10, 25, 50, 100 or all).
PAGE_LENGTH = 10
LENGTH_MENU = [10, 25, 50, 100, -1]
#: A text column whose longest cell has more characters than this wraps, with a minimum width.
LONG_TEXT_CHARS = 30
#: Left context columns of KWIC tables: aligned right, so that they meet the keyword.
LEFT_CONTEXT_COLUMNS = ("left", "pre")
#: The class given to long text columns, and the CSS that makes them wrap readably.
WRAP_CLASS = "gr-wrap"
TABLE_CSS = (
    f"table.dataTable td{{white-space:nowrap}}table.dataTable td.{WRAP_CLASS}{{white-space:normal;min-width:18em;max-width:36em}}"
    "table.dataTable td,table.dataTable th{font-size:0.85em}"
)

_numbers = itertools.count(1)


def offline_mode() -> None:
    """Load DataTables into the notebook from the installed itables package (no network).

    Call once, in the imports cell: its output carries the JavaScript and CSS, so keep the
    output (it is part of the committed notebook and of the HTML page). Plain ``DataFrame``
    outputs keep their pandas rendering; only :func:`searchable` tables are interactive.
    """
    itables.init_notebook_mode(all_interactive=False, connected=False)


def text_columns(df: pd.DataFrame) -> list[int]:
    """Positions of the text columns: some cell holds a non-empty string.

    A column of numbers with empty cells for missing values (``narrative.shown``) is not text.

    Example:
        >>> text_columns(pd.DataFrame({"doc": ["a"], "n": [1], "quote": ["共同富裕"], "v": [""]}))
        [0, 2]
    """
    return [i for i in range(df.shape[1])
            if any(isinstance(value, str) and value for value in df.iloc[:, i].dropna())]


def column_defs(df: pd.DataFrame) -> list[dict]:
    """DataTables column settings: text aligned left (a KWIC's left context right), long text wrapped.

    Example:
        >>> column_defs(pd.DataFrame({"left": ["推进"], "term": ["数字经济"], "n": [1]}))
        [{'targets': [1], 'className': 'dt-left'}, {'targets': [0], 'className': 'dt-right'}]
    """
    text = text_columns(df)
    names = [str(name) for name in df.columns]
    right = [i for i in text if names[i] in LEFT_CONTEXT_COLUMNS]
    defs = [{"targets": [i for i in text if i not in right], "className": "dt-left"}] if len(text) > len(right) else []
    if right:
        defs.append({"targets": right, "className": "dt-right"})
    wrap = long_text_columns(df)
    if wrap:
        defs.append({"targets": wrap, "className": WRAP_CLASS})
    return defs


def long_text_columns(df: pd.DataFrame, *, min_chars: int = LONG_TEXT_CHARS) -> list[int]:
    """Positions of the columns whose longest text cell has more than ``min_chars`` characters.

    Example:
        >>> long_text_columns(pd.DataFrame({"doc": ["a"], "quote": ["地区生产总值增长6.5%左右，一般公共预算收入增长5%"]}), min_chars=20)
        [1]
    """
    positions = []
    for i in text_columns(df):
        lengths = df.iloc[:, i].dropna().astype(str).str.len()
        if len(lengths) and int(lengths.max()) > min_chars:
            positions.append(i)
    return positions


def table_id_for(df: pd.DataFrame, caption: str | None = None) -> str:
    """A fresh, deterministic HTML id: ``gr-table-N-<12 hex digits of the content's SHA-256>``.

    ``N`` counts the tables made in this session, so two identical tables get two ids, and a
    notebook run from the top numbers its tables the same way every time.
    """
    digest = hashlib.sha256((df.to_csv() + (caption or "")).encode("utf-8")).hexdigest()[:12]
    return f"gr-table-{next(_numbers)}-{digest}"


@dataclass(frozen=True)
class SearchableTable:
    """A rendered table: shown in a notebook as its HTML; ``repr`` says its size."""

    html: str
    n_rows: int
    n_columns: int

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"searchable table: {self.n_rows} rows × {self.n_columns} columns"


def searchable(
    df: pd.DataFrame,
    *,
    caption: str | None = None,
    page_length: int = PAGE_LENGTH,
    table_id: str | None = None,
) -> SearchableTable:
    """Render ``df`` as a searchable, sortable, paged table (needs :func:`offline_mode` once).

    Args:
        df: the table; its index is shown when it is not a plain ``0..n-1`` range.
        caption: a line shown under the table.
        page_length: rows per page at first.
        table_id: the HTML id (default :func:`table_id_for`).

    Returns:
        A :class:`SearchableTable` (the last expression of a cell displays it).

    Raises:
        TypeError: if ``df`` is not a DataFrame (a Series: call ``.to_frame()`` first).
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"searchable() takes a DataFrame, not {type(df).__name__}")
    html = to_html_datatable(
        df,
        caption=caption,
        table_id=table_id or table_id_for(df, caption),
        connected=False,
        maxBytes=0,  # never drop rows: the search box must search the whole table
        pageLength=page_length,
        lengthMenu=LENGTH_MENU,
        classes="display compact",  # no "nowrap": long quotes wrap
        columnDefs=column_defs(df),
        css=TABLE_CSS,
        display_logo_when_loading=False,
    )
    return SearchableTable(html=html, n_rows=len(df), n_columns=df.shape[1])


def searchable_if_long(obj: Any, *, max_plain_rows: int = MAX_PLAIN_ROWS, **options) -> Any:
    """A table as a reader should get it: searchable when it has more than ``max_plain_rows`` rows.

    For the tables whose length depends on the corpus (one row per report, per file, per
    place): on the seeds they may be short and stay plain pandas tables, on 40 reports they
    become searchable. Anything that is not a DataFrame (a message such as "no pair in this
    corpus") is returned as it is.

    Args:
        obj: usually a DataFrame.
        max_plain_rows: the most rows shown as a plain table.
        options: passed to :func:`searchable`.

    Example:
        >>> searchable_if_long(pd.DataFrame({"n": range(3)})).shape
        (3, 1)
        >>> searchable_if_long(pd.DataFrame({"n": range(21)}))
        searchable table: 21 rows × 1 columns
    """
    if isinstance(obj, pd.DataFrame) and len(obj) > max_plain_rows:
        return searchable(obj, **options)
    return obj
