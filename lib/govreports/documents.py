"""Documents: which documents are analysed, how a report is labelled, and the order reports are listed in.

Every stage after :mod:`govreports.pipeline.corpus` asks the same questions about documents; they
are answered here, once.

**The document contract.** A document, as later stages see it, is either an object (the corpus's
:class:`govreports.pipeline.corpus.Document`, or anything with the same attributes) or a row of the
documents table (:meth:`govreports.pipeline.corpus.Corpus.documents_table`). The fields used here:
``doc_id``, ``doc_type`` (``government_work_report``, ``plan_report``, ``news``, ``unknown``),
``duplicate_of`` (the kept copy's id, empty for a kept document), ``year``, ``admin_level``
(:data:`LEVEL_ORDER`), ``city``, ``partial``.

**Which documents are analysed** (:func:`is_analysed`, :func:`analysed`): every document whose
type is in :data:`ANALYSED_TYPES` (government work reports, plan reports, and documents of
``unknown`` type: a file with no recognisable header is analysed, with a warning, so a folder of
unlabelled reports still gives results) and that is not the second copy of another document
(``duplicate_of`` empty). News items and second copies stay listed in the documents table but no
measure counts them. A document that states no type at all (a hand-made object or table without
``doc_type``) counts as ``unknown``. :meth:`govreports.pipeline.corpus.Corpus.reports` returns the
analysed documents; the measures that read whole documents (slogans, targets and results, the
target panel) apply the same rule to whatever they are given, so a second copy never slips into
their tables; the keyword measures count exactly the documents they are given (pass
``corpus.reports()``). The cross-city comparisons choose further among the analysed documents
(:mod:`govreports.compare.comparability`: government work reports with a city, by default), and
say why for each document left out. On the bundled seeds no report has a second copy, so this rule
changed no recorded output; ``tests/test_documents.py`` shows it on a hand-made copy.

**Labels** (:func:`report_label`): ``2020 宁波``, ``2021 金华 计划`` for a plan report, a trailing
``*`` for a report partial in its source; a report without a stated year or city is labelled by
its ``doc_id``. :func:`reports_table` makes the labels of a set of reports unique.

**Orders.** Three orders, each with a documented key (the first is the one to use; the other two
keep recorded tables and figures as they were):

- :func:`report_order` (the canonical order of every report list and table): by ``year``
  (undated last), then administrative level (:data:`LEVEL_ORDER`: national, province, prefecture
  city, county city; an unknown level last), then ``city``, then ``doc_id``. Tables of reports,
  the comparability table, the target tables and the word-cloud and keyword figures use it.
- :func:`year_order`: by ``year`` (undated last), then ``doc_id`` only. The slogan heatmap's
  columns (:mod:`govreports.compare.slogans`) have always been drawn in this order; kept under its
  own name so that figure stays as it was.
- :func:`chronological`: document objects by ``year`` (undated last), those of one year in the
  order given (a stable sort). The slogans table (:func:`govreports.measures.slogans.slogans_table`)
  lists each slogan's reports and finds its first use in this order.

Strings compare by code point, so both orders are the same on every run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

#: Document types the analysis stages count (``unknown``: a file with no recognisable header,
#: analysed with a warning). ``news`` items are listed, never analysed.
ANALYSED_TYPES = ("government_work_report", "plan_report", "unknown")
#: Order of administrative levels in report lists: the higher level first (an unknown level after these).
LEVEL_ORDER = {"national": 0, "province": 1, "prefecture_city": 2, "county_city": 3}
#: Columns of :func:`reports_table`.
REPORTS_COLUMNS = ["doc_id", "label", "city", "admin_level", "doc_type", "year", "date", "partial", "partial_reason", "n_chars"]


def _text(value) -> str:
    """A field as text: ``""`` for None and NA."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _field(document, name: str):
    """A field of a document object or of a row (mapping or pandas row); None if it has none."""
    if isinstance(document, (Mapping, pd.Series)):
        return document.get(name)
    return getattr(document, name, None)


# --- which documents are analysed ------------------------------------------------------------------


def document_type(value) -> str:
    """The type of a document for the analysed rule: a missing or empty type counts as ``unknown``.

    Example:
        >>> document_type("news"), document_type(""), document_type(None)
        ('news', 'unknown', 'unknown')
    """
    return _text(value) or "unknown"


def left_out_reason(doc_type, duplicate_of="") -> str:
    """Why a document is not analysed; empty if it is.

    Example:
        >>> left_out_reason("government_work_report", "2020-宁波-gwr")
        'second copy of 2020-宁波-gwr'
        >>> left_out_reason("news"), left_out_reason("plan_report")
        ('news item, not a report', '')
    """
    if _text(duplicate_of):
        return f"second copy of {_text(duplicate_of)}"
    kind = document_type(doc_type)
    if kind == "news":
        return "news item, not a report"
    if kind not in ANALYSED_TYPES:
        return f"document type {kind}"
    return ""


def is_analysed(document) -> bool:
    """True if later stages count ``document`` (an object or a documents-table row): see the module docstring."""
    return not left_out_reason(_field(document, "doc_type"), _field(document, "duplicate_of"))


def analysed(documents):
    """The analysed documents, in the order given.

    Args:
        documents: document objects (any iterable), or the documents table.

    Returns:
        A list of the analysed objects, or the table's analysed rows (index kept).

    Example:
        >>> table = pd.DataFrame({"doc_id": ["a", "b", "c"], "doc_type": ["government_work_report", "news", "plan_report"],
        ...                       "duplicate_of": ["", "", "a"]})
        >>> list(analysed(table)["doc_id"])
        ['a']
    """
    if isinstance(documents, pd.DataFrame):
        types = documents["doc_type"] if "doc_type" in documents.columns else pd.Series("", index=documents.index)
        copies = documents["duplicate_of"] if "duplicate_of" in documents.columns else pd.Series("", index=documents.index)
        keep = [not left_out_reason(t, d) for t, d in zip(types, copies)]
        return documents[np.array(keep, dtype=bool)]
    return [doc for doc in documents if is_analysed(doc)]


# --- labels ----------------------------------------------------------------------------------------


def report_label(year, city: str, doc_type: str = "", partial: bool = False, doc_id: str = "") -> str:
    """Short label of a report for tables and charts: ``2020 宁波``; ``计划`` for a plan report, ``*`` if partial.

    A report without a stated year or city is labelled by its ``doc_id``.

    Example:
        >>> report_label(2021, "金华", "plan_report", True, "2021-金华-plan")
        '2021 金华 计划 *'
    """
    has_year = year is not None and not pd.isna(year) and str(year) != ""
    label = f"{int(year)} {city}" if has_year and isinstance(city, str) and city else doc_id
    if doc_type == "plan_report" and label != doc_id:
        label += " 计划"
    return label + (" *" if partial else "")


def report_labels(reports: pd.DataFrame, doc_ids: Iterable[str] | None = None) -> list[str]:
    """The :func:`report_label` of each of ``doc_ids`` (default: every row), from a table of reports.

    ``reports`` needs ``doc_id`` and ``partial``, and ``year``, ``city``, ``doc_type`` where known;
    an id not in ``reports`` is labelled by itself.
    """
    rows = reports.drop_duplicates("doc_id").set_index("doc_id")
    labels = []
    for doc_id in (rows.index if doc_ids is None else doc_ids):
        if doc_id not in rows.index:
            labels.append(str(doc_id))
            continue
        row = rows.loc[doc_id]
        partial = row.get("partial", False)
        labels.append(report_label(row.get("year"), _text(row.get("city")), _text(row.get("doc_type")),
                                   not pd.isna(partial) and bool(partial), str(doc_id)))
    return labels


# --- orders ----------------------------------------------------------------------------------------


def year_key(year) -> float:
    """The year as a sort key: undated (None, NA, empty, not a number) last.

    Example:
        >>> year_key(2020), year_key(None), year_key("")
        (2020.0, inf, inf)
    """
    try:
        return float("inf") if year is None or pd.isna(year) or year == "" else float(year)
    except (TypeError, ValueError):
        return float("inf")


def level_key(level) -> int:
    """The administrative level as a sort key (:data:`LEVEL_ORDER`; an unknown or empty level last)."""
    return LEVEL_ORDER.get(_text(level), len(LEVEL_ORDER))


def report_key(year, admin_level, city, doc_id) -> tuple:
    """The key of :func:`report_order`: ``(year, level, city, doc_id)``."""
    return (year_key(year), level_key(admin_level), _text(city), str(doc_id))


def _column(reports: pd.DataFrame, name: str) -> pd.Series:
    return reports[name] if name in reports.columns else pd.Series("", index=reports.index, dtype=object)


def _report_keys(reports: pd.DataFrame) -> list[tuple]:
    return [report_key(*values) for values in zip(_column(reports, "year"), _column(reports, "admin_level"),
                                                  _column(reports, "city"), reports["doc_id"])]


def report_order(reports: pd.DataFrame) -> list[str]:
    """Report ids in the canonical order: year (undated last), level (province before cities), city, doc_id.

    Args:
        reports: a table with ``doc_id`` and, where known, ``year``, ``admin_level``, ``city``.

    Example:
        >>> r = pd.DataFrame({"doc_id": ["2020-杭州-gwr", "2020-浙江-gwr", "2019-宁波-gwr"],
        ...                   "city": ["杭州", "浙江", "宁波"], "year": [2020, 2020, 2019],
        ...                   "admin_level": ["prefecture_city", "province", "prefecture_city"]})
        >>> report_order(r)
        ['2019-宁波-gwr', '2020-浙江-gwr', '2020-杭州-gwr']
    """
    return [key[-1] for key in sorted(_report_keys(reports))]


def sort_reports(reports: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``reports`` in :func:`report_order` (index reset; rows of one ``doc_id`` keep their order)."""
    keys = _report_keys(reports)
    positions = sorted(range(len(keys)), key=keys.__getitem__)
    return reports.iloc[positions].reset_index(drop=True)


def year_order(reports: pd.DataFrame) -> list[str]:
    """Report ids by ``year`` (undated last), then ``doc_id``: the slogan heatmap's column order.

    Example:
        >>> year_order(pd.DataFrame({"doc_id": ["b", "a", "c"], "year": [2020, 2020, 2019]}))
        ['c', 'a', 'b']
    """
    return [doc_id for _, doc_id in sorted(zip(map(year_key, reports["year"]), map(str, reports["doc_id"])))]


def chronological(documents: Iterable) -> list:
    """Document objects (or rows) by year, undated last; those of one year keep the order given.

    Example:
        >>> from types import SimpleNamespace as Doc
        >>> [d.doc_id for d in chronological([Doc(doc_id="b", year=2020), Doc(doc_id="x", year=None),
        ...                                   Doc(doc_id="a", year=2020), Doc(doc_id="c", year=2019)])]
        ['c', 'b', 'a', 'x']
    """
    return sorted(documents, key=lambda doc: year_key(_field(doc, "year")))


def reports_table(documents: pd.DataFrame, doc_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The reports in :func:`report_order`, each with a short label, unique within the table.

    Args:
        documents: the documents table (columns ``doc_id, city, admin_level, doc_type, year,
            date, partial, partial_reason, n_chars``).
        doc_ids: the reports to keep; default the analysed ones (:func:`analysed`).

    Returns:
        DataFrame with :data:`REPORTS_COLUMNS`. Labels are unique: if two reports would share
        one, both are labelled by ``doc_id``.
    """
    table = analysed(documents) if doc_ids is None else documents[documents["doc_id"].isin(set(doc_ids))]
    table = table.copy()
    for column in ("city", "admin_level", "doc_type", "date", "partial_reason"):
        table[column] = table[column].fillna("").astype(str)
    table["partial"] = table["partial"].fillna(False).astype(bool)
    table = sort_reports(table)
    table["label"] = pd.Series(
        [
            report_label(year, city, doc_type, partial, doc_id)
            for year, city, doc_type, partial, doc_id in zip(
                table["year"], table["city"], table["doc_type"], table["partial"], table["doc_id"]
            )
        ],
        index=table.index,
        dtype=object,  # stays text when there is no report
    )
    repeated = table["label"].str.removesuffix(" *").duplicated(keep=False)  # the star is no distinction
    table.loc[repeated, "label"] = table.loc[repeated, "doc_id"] + np.where(table.loc[repeated, "partial"], " *", "")
    return table[REPORTS_COLUMNS]
