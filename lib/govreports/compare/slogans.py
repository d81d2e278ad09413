"""Compare slogans between reports: what they share, what a province shares with its cities,
what each city says alone, each report's set of slogans, and keyword-in-context lines to check
any of it against the text.

Every function takes the tidy mentions table of
:func:`govreports.measures.slogans.corpus_slogan_mentions` (one row per use: ``slogan``, ``kind``,
``surface``, ``start``, ``end``, ``quoted``, ``rule``, ``doc_id``, ``city``, ``year``) and, where
it needs to know about reports that may use no slogan at all, a reports table (rows of
:meth:`govreports.pipeline.corpus.Corpus.documents_table` for the analysed reports: ``doc_id``, ``city``,
``year``, ``date``, ``partial``). Every result is sorted, ties by code point, so a rerun gives the
same rows in the same order.

Example:
    >>> mentions = corpus_slogan_mentions(corpus.reports())          # doctest: +SKIP
    >>> city_only_slogans(mentions).head()                            # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from govreports.documents import year_order
from govreports.measures.slogans import LIST_SEPARATOR  # lists of reports in a cell, as in the slogans table
from govreports.text import sentence_bounds


def slogan_counts(mentions: pd.DataFrame, slogans: Sequence[str], doc_ids: Sequence[str]) -> pd.DataFrame:
    """Uses of each slogan in each report: a ``slogans`` × ``doc_ids`` table of integers.

    Rows and columns are in the order given; a slogan or report with no use gets zeros.
    """
    counts = pd.crosstab(mentions["slogan"], mentions["doc_id"]) if len(mentions) else pd.DataFrame()
    counts = counts.reindex(index=list(slogans), columns=list(doc_ids), fill_value=0).fillna(0).astype("int64")
    counts.index.name, counts.columns.name = "slogan", "doc_id"
    return counts


def slogan_sets(mentions: pd.DataFrame, doc_ids: Sequence[str]) -> dict[str, frozenset[str]]:
    """The distinct slogans of each report (empty for a report with none)."""
    used = mentions.groupby("doc_id")["slogan"].agg(frozenset) if len(mentions) else {}
    return {doc_id: used.get(doc_id, frozenset()) for doc_id in doc_ids}


def shared_slogans(mentions: pd.DataFrame, *, min_docs: int = 2, max_rows: int | None = None) -> pd.DataFrame:
    """The slogans used by at least ``min_docs`` reports, most widely used first.

    Returns:
        One row per slogan: ``slogan``, ``kind``, ``count`` (uses), ``n_docs``, sorted by
        ``n_docs`` then ``count`` (both descending), then ``slogan``; the first ``max_rows``.
    """
    table = (
        mentions.groupby("slogan", sort=True)
        .agg(kind=("kind", "first"), count=("doc_id", "size"), n_docs=("doc_id", "nunique"))
        .reset_index()
    )
    table = table[table["n_docs"] >= min_docs]
    table = table.sort_values(["n_docs", "count", "slogan"], ascending=[False, False, True], ignore_index=True)
    return table if max_rows is None else table.head(max_rows)


def comparable_reports(reports: pd.DataFrame, *, province_doc: str, years: Iterable[int]) -> pd.DataFrame:
    """The reports of other places than ``province_doc``'s, delivered in one of ``years``.

    Returns:
        Those rows of ``reports``, in :func:`govreports.documents.year_order`.

    Raises:
        KeyError: if ``province_doc`` is not in ``reports``.
    """
    if province_doc not in set(reports["doc_id"]):
        raise KeyError(f"{province_doc!r} is not among the reports")
    province_city = reports.loc[reports["doc_id"] == province_doc, "city"].iloc[0]
    years = {int(y) for y in years}
    year = pd.to_numeric(reports["year"], errors="coerce")
    chosen = reports[(reports["city"] != province_city) & year.isin(years)]
    return chosen.set_index("doc_id").loc[year_order(chosen)].reset_index()


def province_slogans_in_cities(mentions: pd.DataFrame, *, province_doc: str, city_docs: Sequence[str]) -> pd.DataFrame:
    """Each slogan of the province's report, with the city reports that use it too.

    Args:
        mentions: the mentions table.
        province_doc: the province report's id (e.g. ``2020-浙江-gwr``).
        city_docs: the city reports to look in (e.g. from :func:`comparable_reports`).

    Returns:
        One row per slogan of ``province_doc``: ``slogan``, ``kind``, ``count_province`` (its uses
        there), ``n_city_reports`` (how many of ``city_docs`` use it), ``n_cities``, and
        ``city_reports`` (those reports, in the order of ``city_docs``, joined by
        :data:`LIST_SEPARATOR`); sorted by ``n_city_reports`` and ``count_province`` (both
        descending), then ``slogan``.
    """
    columns = ["slogan", "kind", "count_province", "n_city_reports", "n_cities", "city_reports"]
    province = mentions[mentions["doc_id"] == province_doc]
    in_cities = mentions[mentions["doc_id"].isin(city_docs)]
    order = {doc_id: i for i, doc_id in enumerate(city_docs)}
    rows = []
    for slogan, group in province.groupby("slogan", sort=True):
        uses = in_cities[in_cities["slogan"] == slogan]
        docs = sorted(set(uses["doc_id"]), key=order.get)
        rows.append({"slogan": slogan, "kind": group["kind"].iloc[0], "count_province": len(group),
                     "n_city_reports": len(docs), "n_cities": uses["city"].nunique(),
                     "city_reports": LIST_SEPARATOR.join(docs)})
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["n_city_reports", "count_province", "slogan"], ascending=[False, False, True], ignore_index=True)


def province_share_by_report(
    mentions: pd.DataFrame, reports: pd.DataFrame, *, province_doc: str, city_docs: Sequence[str]
) -> pd.DataFrame:
    """For each city report: how many distinct slogans it uses, and how many of them the province's report uses.

    Returns:
        One row per report of ``city_docs`` (in that order): ``doc_id``, ``city``, ``year``,
        ``date``, ``partial``, ``doc_type`` (for the report's label), ``n_slogans`` (distinct slogans of the report), ``n_province``
        (of those, used by ``province_doc`` too), ``n_province_total`` (distinct slogans of
        ``province_doc``) and ``share_of_province`` (``n_province / n_province_total``, 3 decimals).
    """
    province = set(mentions.loc[mentions["doc_id"] == province_doc, "slogan"])
    info = reports.set_index("doc_id")
    rows = []
    for doc_id in city_docs:
        own = set(mentions.loc[mentions["doc_id"] == doc_id, "slogan"])
        shared = len(own & province)
        rows.append({"doc_id": doc_id, "city": info.at[doc_id, "city"], "year": info.at[doc_id, "year"],
                     "date": info.at[doc_id, "date"] if "date" in info.columns else "",
                     "partial": bool(info.at[doc_id, "partial"]),
                     "doc_type": info.at[doc_id, "doc_type"] if "doc_type" in info.columns else "",
                     "n_slogans": len(own), "n_province": shared,
                     "n_province_total": len(province),
                     "share_of_province": round(shared / len(province), 3) if province else 0.0})
    columns = ["doc_id", "city", "year", "date", "partial", "doc_type", "n_slogans", "n_province", "n_province_total",
               "share_of_province"]
    return pd.DataFrame(rows, columns=columns)


def city_only_slogans(mentions: pd.DataFrame) -> pd.DataFrame:
    """The slogans that one place uses and no other (in any of its reports).

    Returns:
        One row per such slogan: ``city``, ``slogan``, ``kind``, ``count`` (uses), ``n_docs`` and
        ``docs`` (its reports, sorted, joined by :data:`LIST_SEPARATOR`); sorted by ``city``, then
        ``count`` descending, then ``slogan``. Uses without a city are left out.

    Example:
        >>> m = pd.DataFrame({"slogan": ["甲", "甲", "乙"], "kind": ["phrase"] * 3,
        ...                   "doc_id": ["a", "b", "a"], "city": ["宁波", "杭州", "宁波"]})
        >>> city_only_slogans(m)[["city", "slogan", "count"]].values.tolist()
        [['宁波', '乙', 1]]
    """
    columns = ["city", "slogan", "kind", "count", "n_docs", "docs"]
    placed = mentions[mentions["city"].notna() & (mentions["city"] != "")]
    n_places = placed.groupby("slogan")["city"].nunique()
    own = placed[placed["slogan"].map(n_places) == 1]
    table = (
        own.groupby(["city", "slogan"], sort=True)
        .agg(kind=("kind", "first"), count=("doc_id", "size"), n_docs=("doc_id", "nunique"),
             docs=("doc_id", lambda ids: LIST_SEPARATOR.join(sorted(set(ids)))))
        .reset_index()
    )
    return table.reindex(columns=columns).sort_values(["city", "count", "slogan"], ascending=[True, False, True], ignore_index=True)


def city_slogan_summary(mentions: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Per place: its reports, how many distinct slogans they use, and how many no other place uses.

    Returns:
        One row per ``city`` of ``reports`` (sorted): ``city``, ``n_reports``, ``n_partial``
        (reports partial in the source), ``n_slogans`` (distinct), ``n_own`` (used by no other
        place, see :func:`city_only_slogans`), ``n_own_repeated`` (own slogans used twice or
        more) and ``share_own`` (``n_own / n_slogans``, 3 decimals).
    """
    own = city_only_slogans(mentions)
    rows = []
    for city, docs in reports.groupby("city", sort=True):
        slogans = set(mentions.loc[mentions["city"] == city, "slogan"])
        mine = own[own["city"] == city]
        rows.append({"city": city, "n_reports": len(docs), "n_partial": int(docs["partial"].astype(bool).sum()),
                     "n_slogans": len(slogans), "n_own": len(mine), "n_own_repeated": int((mine["count"] >= 2).sum()),
                     "share_own": round(len(mine) / len(slogans), 3) if slogans else 0.0})
    columns = ["city", "n_reports", "n_partial", "n_slogans", "n_own", "n_own_repeated", "share_own"]
    return pd.DataFrame(rows, columns=columns)


def _sentence_bounds(doc: Any, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence around ``doc.text[start:end]``: from ``doc.sentences`` if they say where."""
    for sentence in getattr(doc, "sentences", None) or ():
        at = getattr(sentence, "start", None)
        if at is not None and at <= start and end <= at + len(sentence.text):
            return at, at + len(sentence.text)
    return sentence_bounds(doc.text, start, end)


def slogan_kwic(
    mentions: pd.DataFrame, documents: Iterable[Any], slogans: Sequence[str], *, per_slogan: int = 3, width: int = 30
) -> pd.DataFrame:
    """Keyword in context: the sentences that hold a few slogans, cut around each use.

    Args:
        mentions: the mentions table.
        documents: objects with ``doc_id`` and ``text`` (the text the mentions' offsets refer
            to) and optionally ``sentences`` (objects with ``text`` and ``start``).
        slogans: the slogans to show, in this order; those with no use are left out.
        per_slogan: at most this many uses per slogan: the first in each report, reports in the
            order of ``mentions``, then further uses.
        width: characters of the sentence kept on each side (an ellipsis marks a cut).

    Returns:
        ``slogan``, ``doc_id``, ``start``, ``pre``, ``keyword`` (the text as written, quotation
        marks outside it kept in ``pre``/``post``), ``post``, ``rule`` — quanteda's kwic columns.
    """
    by_id = {doc.doc_id: doc for doc in documents}
    rows = []
    for slogan in slogans:
        uses = mentions[(mentions["slogan"] == slogan) & mentions["doc_id"].isin(by_id)]
        first = ~uses.duplicated("doc_id")
        picked = pd.concat([uses[first], uses[~first]]).head(per_slogan)
        for use in picked.itertuples(index=False):
            doc, start, end = by_id[use.doc_id], int(use.start), int(use.end)
            left, right = _sentence_bounds(doc, start, end)
            pre, post = doc.text[left:start].lstrip(), doc.text[end:right].rstrip()
            pre = pre if len(pre) <= width else "…" + pre[-width:]
            post = post if len(post) <= width else post[:width] + "…"
            rows.append({"slogan": slogan, "doc_id": use.doc_id, "start": start, "pre": pre,
                         "keyword": doc.text[start:end], "post": post, "rule": use.rule})
    return pd.DataFrame(rows, columns=["slogan", "doc_id", "start", "pre", "keyword", "post", "rule"])
