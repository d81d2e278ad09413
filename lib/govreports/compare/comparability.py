"""Comparability: which analysed reports the cross-city comparisons include, and why; the included
reports side by side.

Every comparison (:mod:`govreports.compare.distinctive`, :mod:`govreports.compare.similarity`,
:mod:`govreports.compare.years`, :func:`govreports.compare.targets.gdp_targets`) starts from the
table :func:`comparability_table` makes and takes the set of ``doc_ids`` to compare, so what a
result covers is always stated by its caller.

:func:`comparability_table` lists every document with ``included`` and a ``reason``. A document
that is not analysed at all (:func:`govreports.documents.left_out_reason`: a news item, a second
copy) is never compared. Of the analysed ones, government work reports are compared; plan reports
(a different genre, the 国民经济和社会发展计划 report) and documents of unknown type are left out
unless asked for (``doc_types``), and so is a report with no city; partial reports are included and
flagged (``partial``), or left out with ``include_partial=False``. :func:`included_ids` gives the
ids to pass on; :func:`compared_rows` the rows of a set of ids.

===================================  ===============================================================
function                             table
===================================  ===============================================================
:func:`comparability_table`          one row per document: included or not, and why
:func:`includes_note`                one caption line: what a comparison includes
:func:`city_groups`                  one row per city: its reports and years
:func:`structure_table`              length, parts, sections, sentences side by side
===================================  ===============================================================

Rows are in report order (:func:`govreports.documents.report_order`), included documents first, so
a rerun gives the same rows in the same order. Nothing assumes a seed city.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from govreports.documents import left_out_reason, level_key, report_label, sort_reports

#: Document types compared across cities by default.
COMPARABLE_TYPES = ("government_work_report",)


#: Columns of :func:`comparability_table`.
COMPARABILITY_COLUMNS = [
    "doc_id", "label", "city", "admin_level", "doc_type", "year", "date", "partial", "included", "reason",
    "partial_reason", "n_chars", "n_parts", "n_sections", "n_sentences",
]


_DOCUMENT_FIELDS = [
    "doc_id", "city", "admin_level", "doc_type", "year", "date", "partial", "partial_reason", "duplicate_of",
    "n_chars", "n_parts", "n_sections", "n_sentences",
]


def _documents_frame(documents) -> pd.DataFrame:
    """The documents table, from the table itself or from document objects (their attributes)."""
    if isinstance(documents, pd.DataFrame):
        frame = documents.copy()
    else:
        rows = []
        for doc in documents:
            row = doc.row() if hasattr(doc, "row") else {}
            rows.append({name: row.get(name, getattr(doc, name, None)) for name in _DOCUMENT_FIELDS})
        frame = pd.DataFrame(rows, columns=_DOCUMENT_FIELDS)
    for name in _DOCUMENT_FIELDS:
        if name not in frame.columns:
            frame[name] = None
    for name in ("city", "admin_level", "doc_type", "date", "partial_reason", "duplicate_of"):
        frame[name] = frame[name].fillna("").astype(str)
    frame["partial"] = frame["partial"].fillna(False).astype(bool)
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
    return frame


def _exclusion(row, doc_types: Sequence[str], include_partial: bool) -> str:
    """Why a document is left out of the comparisons; empty if it is included."""
    not_analysed = left_out_reason(row["doc_type"], row["duplicate_of"])
    if not_analysed:
        return f"excluded: {not_analysed}"
    if row["doc_type"] not in doc_types:
        if row["doc_type"] == "plan_report":
            return "excluded: plan report (国民经济和社会发展计划), a different genre"
        if row["doc_type"] in ("unknown", ""):
            return "excluded: no recognisable report header (type unknown); set doc_type in metadata.csv"
        return f"excluded: document type {row['doc_type']}"
    if not row["city"]:
        return "excluded: no city stated, cannot be grouped"
    if row["partial"] and not include_partial:
        return f"excluded: partial in its source ({row['partial_reason']})"
    return ""


def comparability_table(
    documents, *, doc_types: Sequence[str] = COMPARABLE_TYPES, include_partial: bool = True
) -> pd.DataFrame:
    """Every document, whether the cross-city comparisons include it, and why.

    Args:
        documents: the documents table (:meth:`govreports.pipeline.corpus.Corpus.documents_table`) or
            document objects (``doc_id, city, year, doc_type, partial`` …).
        doc_types: the document types compared; add ``"plan_report"`` to include plan reports.
        include_partial: include reports that are partial in their source (flagged).

    Returns:
        DataFrame with :data:`COMPARABILITY_COLUMNS`, included documents first, each part in
        report order (:func:`govreports.documents.report_order`). ``reason`` reads
        ``included``, ``included, partial: …`` or ``excluded: …``.
    """
    frame = _documents_frame(documents)
    # one dict per row of the five columns read (``iterrows`` made a Series per row: most of a warm compare stage)
    fields = frame[["doc_type", "duplicate_of", "city", "partial", "partial_reason"]].to_dict("records")
    frame["reason"] = [_exclusion(row, doc_types, include_partial) for row in fields]
    frame["included"] = frame["reason"] == ""
    frame.loc[frame["included"] & frame["partial"], "reason"] = "included, partial: " + frame["partial_reason"]
    frame.loc[frame["included"] & ~frame["partial"], "reason"] = "included"
    frame["label"] = [
        report_label(*values)
        for values in zip(frame["year"], frame["city"], frame["doc_type"], frame["partial"], frame["doc_id"])
    ]
    frame = sort_reports(frame)
    frame = frame.assign(_out=~frame["included"]).sort_values("_out", kind="stable")
    return frame[COMPARABILITY_COLUMNS].reset_index(drop=True)


def included_ids(comparability: pd.DataFrame) -> list[str]:
    """The ids of the included documents of a :func:`comparability_table`, in its order."""
    return list(comparability.loc[comparability["included"], "doc_id"])


def compared_rows(comparability: pd.DataFrame, doc_ids: Iterable[str] | None) -> pd.DataFrame:
    """The rows of ``doc_ids`` (default: the included ones), in the table's order."""
    wanted = set(included_ids(comparability) if doc_ids is None else doc_ids)
    return comparability[comparability["doc_id"].isin(wanted)].reset_index(drop=True)


_TYPE_NAMES = {"government_work_report": "government work report", "plan_report": "plan report",
               "news": "news item", "unknown": "document of unknown type"}


def _count_of(n: int, name: str) -> str:
    return f"{n} {name}{'' if n == 1 else 's'}"


def includes_note(comparability: pd.DataFrame, doc_ids: Iterable[str] | None = None) -> str:
    """One line saying what a comparison includes, for a chart's caption.

    Example:
        >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "city": ["宁波", "义乌", "金华"],
        ...     "doc_type": ["government_work_report", "government_work_report", "plan_report"],
        ...     "year": [2019, 2022, 2021], "partial": [False, True, True]})
        >>> includes_note(comparability_table(docs))
        'Includes 2 government work reports of 2 places, 2019–2022 (* 1 partial in its source); not included: 1 plan report'
    """
    table = compared_rows(comparability, doc_ids)
    left_out = comparability[~comparability["doc_id"].isin(set(table["doc_id"]))]
    kinds = table["doc_type"].value_counts()
    parts = [_count_of(int(kinds[kind]), _TYPE_NAMES.get(kind, kind)) for kind in sorted(kinds.index)]
    years = pd.to_numeric(table["year"], errors="coerce").dropna()
    note = f"Includes {' and '.join(parts)} of {_count_of(table['city'].nunique(), 'place')}" if parts else "Includes no reports"
    if len(years):
        note += f", {int(years.min())}–{int(years.max())}" if years.min() != years.max() else f", {int(years.min())}"
    if table["partial"].any():
        note += f" (* {int(table['partial'].sum())} partial in its source)"
    if len(left_out):
        kinds = left_out["doc_type"].value_counts()
        note += "; not included: " + ", ".join(
            _count_of(int(kinds[kind]), _TYPE_NAMES.get(kind, kind)) for kind in sorted(kinds.index))
    return note


def city_groups(comparability: pd.DataFrame, doc_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per city: how many of the compared reports it has, of which years.

    Args:
        comparability: a :func:`comparability_table`.
        doc_ids: the reports compared (default: the included ones).

    Returns:
        DataFrame ``city, admin_level, n_reports, n_partial, years, doc_ids`` sorted by
        administrative level then city; ``years`` and ``doc_ids`` are space-separated, in year
        order.
    """
    table = compared_rows(comparability, doc_ids)
    rows = []
    for city, group in table.groupby("city", sort=True):
        group = group.sort_values(["year", "doc_id"], kind="stable")
        years = " ".join(str(y) for y in group["year"] if not pd.isna(y))
        rows.append((city, group["admin_level"].iloc[0], len(group), int(group["partial"].sum()), years,
                     " ".join(group["doc_id"])))
    columns = ["city", "admin_level", "n_reports", "n_partial", "years", "doc_ids"]
    result = pd.DataFrame(rows, columns=columns)
    order = result["admin_level"].map(level_key)
    return result.assign(_level=order).sort_values(["_level", "city"], kind="stable")[columns].reset_index(drop=True)


def structure_table(comparability: pd.DataFrame, doc_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Length and structure of the compared reports, side by side.

    Returns:
        DataFrame ``doc_id, label, city, year, partial, n_chars, n_parts, n_sections,
        n_sentences, chars_per_sentence``, in report order (from the documents table: parts are
        一、 headings, sections (一) headings, sentences include heading lines).
    """
    table = compared_rows(comparability, doc_ids)
    columns = ["doc_id", "label", "city", "year", "partial", "n_chars", "n_parts", "n_sections", "n_sentences"]
    result = table[columns].copy()
    for column in ("n_chars", "n_parts", "n_sections", "n_sentences"):
        result[column] = pd.to_numeric(result[column], errors="coerce").astype("Int64")
    result["chars_per_sentence"] = (result["n_chars"] / result["n_sentences"].replace(0, pd.NA)).astype("Float64").round(1)
    return result
