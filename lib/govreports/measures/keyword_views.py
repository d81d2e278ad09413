"""Keyword views: the small tables notebook 02 reads and plots, built from :mod:`govreports.measures.keywords`.

The measures themselves (frequencies, keyness, tf-idf, collocations, KWIC, theme attention) live
in :mod:`govreports.measures.keywords`; this module arranges their results for reading and plotting:
reports in a fixed order with short labels, chosen terms on a complete report × term grid (zeros
included), review-vs-plan counts, the strongest keyness terms on each side, word-cloud
frequencies per place, the sources of the theme dictionaries, and a KWIC-against-frequency check.

Every function takes tidy tables (the documents table of
:meth:`govreports.pipeline.corpus.Corpus.documents_table`, a :func:`govreports.measures.keywords.frequency_table`)
and returns a sorted DataFrame or list, ties broken by code point, so a rerun gives the same rows
in the same order. Nothing here assumes a seed document or city: a corpus without years, cities
or parts gets labels from its ids and empty or zero rows, never an error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from govreports.measures import keywords as kw
from govreports.pipeline.corpus import report_label

#: Order of administrative levels in report lists: the higher level first.
LEVEL_ORDER = {"national": 0, "province": 1, "prefecture_city": 2, "county_city": 3}
#: Columns of :func:`govreports.measures.keywords.keyness` (an empty table has them too).
KEYNESS_COLUMNS = ["term", "G2", "p", "n_target", "n_reference", "log_ratio"]
#: Name of the group that pools every report in :func:`cloud_frequencies`.
OVERALL = "全部 all"


# --- reports ---------------------------------------------------------------------------------------




def reports_table(documents: pd.DataFrame, doc_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The analysed reports in a fixed order, each with a short label.

    Order: by ``year`` (undated last), then administrative level (province before its cities),
    then ``city``, then ``doc_id``.

    Args:
        documents: the documents table (columns ``doc_id, city, admin_level, doc_type, year,
            date, partial, partial_reason, n_chars``).
        doc_ids: the reports to keep (e.g. ``[d.doc_id for d in corpus.reports()]``); default all.

    Returns:
        DataFrame ``doc_id, label, city, admin_level, doc_type, year, date, partial,
        partial_reason, n_chars``. Labels are unique: if two reports would share one, both are
        labelled by ``doc_id``.
    """
    table = documents if doc_ids is None else documents[documents["doc_id"].isin(set(doc_ids))]
    table = table.copy()
    for column in ("city", "admin_level", "doc_type", "date", "partial_reason"):
        table[column] = table[column].fillna("").astype(str)
    table["partial"] = table["partial"].fillna(False).astype(bool)
    year_key = pd.to_numeric(table["year"], errors="coerce").astype("float64").fillna(np.inf)
    level_key = table["admin_level"].map(LEVEL_ORDER).fillna(len(LEVEL_ORDER))
    table = table.assign(_year=year_key, _level=level_key)
    table = table.sort_values(["_year", "_level", "city", "doc_id"], kind="stable").reset_index(drop=True)
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
    columns = ["doc_id", "label", "city", "admin_level", "doc_type", "year", "date", "partial", "partial_reason", "n_chars"]
    return table[columns]


# --- chosen terms ----------------------------------------------------------------------------------


def term_rates(freq: pd.DataFrame, terms: Sequence[str], doc_ids: Sequence[str]) -> pd.DataFrame:
    """Counts and rates of chosen terms in every report, zeros included.

    Args:
        freq: a :func:`govreports.measures.keywords.frequency_table`.
        terms: the terms, in the order wanted.
        doc_ids: the reports, in the order wanted.

    Returns:
        DataFrame ``doc_id, term, count, n_chars, rate_per_10k``, one row per report and term,
        reports then terms in the order given. ``n_chars`` is the counted text's length; a report
        absent from ``freq`` (no terms at all) gets ``n_chars`` 0 and rate 0.

    Example:
        >>> freq = pd.DataFrame({"doc_id": ["a"], "term": ["数字经济"], "count": [2], "n_chars": [100]})
        >>> term_rates(freq, ["数字经济", "共同富裕"], ["a"])[["term", "count", "rate_per_10k"]]
           term  count  rate_per_10k
        0  数字经济      2         200.0
        1  共同富裕      0           0.0
    """
    grid = pd.MultiIndex.from_product([list(doc_ids), list(terms)], names=["doc_id", "term"])
    counts = freq.groupby(["doc_id", "term"])["count"].sum().reindex(grid, fill_value=0)
    sizes = freq.drop_duplicates("doc_id").set_index("doc_id")["n_chars"]
    table = counts.reset_index()
    table["count"] = table["count"].astype("int64")
    table["n_chars"] = table["doc_id"].map(sizes).fillna(0).astype("int64")
    table["rate_per_10k"] = (table["count"] / table["n_chars"].replace(0, np.nan) * 10_000).fillna(0.0)
    return table[["doc_id", "term", "count", "n_chars", "rate_per_10k"]]


def part_comparison(docs, terms: Sequence[str], doc_ids: Sequence[str], *, parts: Sequence[str] = ("review", "plan")) -> pd.DataFrame:
    """Counts of chosen terms in each report part (the review of last year vs the plan).

    Args:
        docs: documents with parts (the corpus module's document objects).
        terms: the terms, in the order wanted.
        doc_ids: the reports, in the order wanted.
        parts: the part kinds to compare.

    Returns:
        DataFrame ``term, doc_id, part, count, n_chars, rate_per_10k`` sorted by term, report and
        part in the orders given; ``n_chars`` is the part's length (0 where the report has no
        such part in this source, e.g. a text that stops after the review).
    """
    frames = []
    for part in parts:
        frames.append(term_rates(kw.frequency_table(docs, part=part), terms, doc_ids).assign(part=part))
    table = pd.concat(frames, ignore_index=True)
    order = {
        "term": {term: i for i, term in enumerate(terms)},
        "doc_id": {doc_id: i for i, doc_id in enumerate(doc_ids)},
        "part": {part: i for i, part in enumerate(parts)},
    }
    table = table.sort_values(["term", "doc_id", "part"], key=lambda column: column.map(order[column.name]), kind="stable")
    return table[["term", "doc_id", "part", "count", "n_chars", "rate_per_10k"]].reset_index(drop=True)


# --- keyness ---------------------------------------------------------------------------------------


def _split_value(meta: pd.DataFrame, by: str, preferred) -> object | None:
    """``preferred`` if it selects some but not all rows by ``by``; else the most common such value."""
    values = meta[by].dropna()
    values = values[values.astype(str) != ""]
    counts = values.value_counts()
    if len(counts) < 2 and not (len(counts) == 1 and counts.iloc[0] < len(meta)):
        return None
    if preferred in counts.index and counts[preferred] < len(meta):
        return preferred
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return _plain(ranked[0][0])


def _plain(value):
    """A numpy scalar as the Python value it holds (so it prints as ``2020``, not ``np.int64(2020)``)."""
    return value.item() if isinstance(value, np.generic) else value


def keyness_target(meta: pd.DataFrame, by: str, preferred) -> tuple[str, object | None]:
    """Choose a group to compare with the rest in :func:`govreports.measures.keywords.keyness`.

    A corpus folder may not have the group asked for (no province report, one year only), so
    this falls back step by step: the ``preferred`` value of ``by``; else the value of ``by``
    shared by most reports that still leaves a reference (ties: the smallest value); else the
    latest ``year`` against the earlier ones; else the first report (by ``doc_id``) alone.

    Args:
        meta: one row per analysed report (:func:`reports_table`), with the column ``by``.
        by: the grouping column (``admin_level``, ``year``, ``city`` ...).
        preferred: the value wanted, e.g. ``"province"``.

    Returns:
        ``(by, target)``; ``target`` is ``None`` only when there are fewer than two reports.

    Example:
        >>> meta = pd.DataFrame({"doc_id": ["a", "b", "c"], "year": [2019, 2020, 2020], "level": ["city"] * 3})
        >>> keyness_target(meta, "year", 2019), keyness_target(meta, "year", 2021), keyness_target(meta, "level", "province")
        (('year', 2019), ('year', 2020), ('year', 2020))
    """
    if by in meta.columns:
        target = _split_value(meta, by, preferred)
        if target is not None:
            return by, target
    if "year" in meta.columns:
        years = pd.to_numeric(meta["year"], errors="coerce").astype("float64").dropna()
        if years.nunique() > 1 or (years.nunique() == 1 and len(years) < len(meta)):
            return "year", _plain(meta.loc[years.index[years == years.max()][0], "year"])
    if len(meta) > 1:
        return "doc_id", sorted(meta["doc_id"])[0]
    return "doc_id", None


def describe_target(reports: pd.DataFrame, by: str, target) -> str:
    """Say in one line which reports :func:`keyness_target` compares with which.

    Example:
        >>> reports = pd.DataFrame({"label": ["2019 宁波", "2020 浙江"], "level": ["city", "province"]})
        >>> describe_target(reports, "level", "province")
        'target: level = province (2020 浙江); reference: the other 1 report'
    """
    if target is None:
        return "no keyness: it needs at least two reports"
    in_target = reports[by].isin([target])  # as keyness splits: a missing value is in the reference
    n_reference = int((~in_target).sum())
    names = ", ".join(reports.loc[in_target, "label"])
    return f"target: {by} = {target} ({names}); reference: the other {n_reference} report{'s' if n_reference != 1 else ''}"


def keyness_extremes(key: pd.DataFrame, *, n: int = 10, min_count: int = 5) -> pd.DataFrame:
    """The ``n`` most over- and the ``n`` most under-used terms of a keyness table.

    Args:
        key: :func:`govreports.measures.keywords.keyness` output.
        n: terms on each side.
        min_count: least combined count (target + reference) of a term to be shown, so that a
            word used three times in one report does not head the list.

    Returns:
        ``key``'s columns plus ``side`` (``target`` for G² > 0, ``reference`` for G² < 0):
        the target's terms by G² descending, then the reference's by G² ascending (strongest
        first), ties by term.
    """
    frequent = key[(key["n_target"] + key["n_reference"]) >= min_count]
    over = frequent[frequent["G2"] > 0].sort_values(["G2", "term"], ascending=[False, True], kind="stable").head(n)
    under = frequent[frequent["G2"] < 0].sort_values(["G2", "term"], ascending=[True, True], kind="stable").head(n)
    return pd.concat([over.assign(side="target"), under.assign(side="reference")], ignore_index=True)


# --- word clouds -----------------------------------------------------------------------------------


def place_summary(reports: pd.DataFrame) -> pd.DataFrame:
    """One row per place (``city``): how many reports it pools and how many are partial.

    Args:
        reports: :func:`reports_table` output.

    Returns:
        DataFrame ``city, n_reports, n_partial, doc_ids, title`` sorted by city; an empty city
        is named ``未知 unknown``. ``title`` reads ``义乌 (2 reports, 2 partial *)``.
    """
    table = reports.assign(city=reports["city"].replace("", "未知 unknown"))
    rows = []
    for city, group in table.groupby("city", sort=True):
        n, partial = len(group), int(group["partial"].sum())
        title = f"{city} ({n} report{'s' if n > 1 else ''}" + (f", {partial} partial *)" if partial else ")")
        rows.append((city, n, partial, " ".join(group["doc_id"]), title))
    return pd.DataFrame(rows, columns=["city", "n_reports", "n_partial", "doc_ids", "title"])


def cloud_frequencies(freq: pd.DataFrame, reports: pd.DataFrame, *, n: int = 80) -> pd.DataFrame:
    """The ``n`` most frequent terms of each place and of all reports pooled, for word clouds.

    Counts are our terms' counts (:func:`govreports.measures.keywords.frequency_table`), pooled over a
    place's reports; ties at the cut are broken by term, so exactly ``n`` rows a group.

    Args:
        freq: a frequency table of the reports.
        reports: :func:`reports_table` output (gives each report's ``city``).
        n: terms per group.

    Returns:
        DataFrame ``city, term, count`` sorted by city (the pooled group :data:`OVERALL` last),
        then count descending, then term.
    """
    places = reports.assign(city=reports["city"].replace("", "未知 unknown"))[["doc_id", "city"]]
    table = freq[["doc_id", "term", "count"]].merge(places, on="doc_id", how="inner", validate="m:1")
    by_city = table.groupby(["city", "term"], as_index=False)["count"].sum()
    overall = table.groupby("term", as_index=False)["count"].sum().assign(city=OVERALL)
    frames = []
    for city in [*sorted(by_city["city"].unique()), OVERALL]:
        group = overall if city == OVERALL else by_city[by_city["city"] == city]
        frames.append(group.sort_values(["count", "term"], ascending=[False, True], kind="stable").head(n))
    result = pd.concat(frames, ignore_index=True) if frames else by_city
    return result[["city", "term", "count"]].reset_index(drop=True)


# --- themes ----------------------------------------------------------------------------------------


def theme_sources(folder: str | os.PathLike | None = None) -> pd.DataFrame:
    """Each theme dictionary's stated source, read from its header.

    The header of a theme file is its leading ``#`` comment block; the source is the paragraph
    that starts with ``# Source:`` and runs to the next empty comment line.

    Args:
        folder: default ``data/themes/``.

    Returns:
        DataFrame ``theme, n_terms, source`` sorted by theme; ``source`` is empty if the file
        states none.
    """
    folder = Path(folder or kw.THEMES_DIR)
    themes = kw.load_themes(folder)
    rows = []
    for theme in sorted(themes):
        source, reading = [], False
        for line in (folder / f"{theme}.txt").read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            text = line.lstrip("#").strip()
            if text.startswith("Source:"):
                reading, text = True, text[len("Source:"):].strip()
            elif reading and not text:
                break
            if reading:
                source.append(text)
        rows.append((theme, len(themes[theme]), " ".join(source)))
    return pd.DataFrame(rows, columns=["theme", "n_terms", "source"])


# --- checking a claim ------------------------------------------------------------------------------


def kwic_check(hits: pd.DataFrame, freq: pd.DataFrame, reports: pd.DataFrame, term: str) -> pd.DataFrame:
    """Per report: a term's KWIC lines next to its count in the frequency table.

    Args:
        hits: :func:`govreports.measures.keywords.kwic` output for ``term``.
        freq: the frequency table of the same reports.
        reports: :func:`reports_table` output (order and ``date``).
        term: the term.

    Returns:
        DataFrame ``doc_id, date, kwic_lines, frequency_count, agree`` in report order, every
        report included (zeros too).
    """
    lines = hits.groupby("doc_id").size()
    counts = freq[freq["term"] == term].groupby("doc_id")["count"].sum()
    table = reports[["doc_id", "date"]].copy()
    table["kwic_lines"] = table["doc_id"].map(lines).fillna(0).astype("int64")
    table["frequency_count"] = table["doc_id"].map(counts).fillna(0).astype("int64")
    table["agree"] = table["kwic_lines"] == table["frequency_count"]
    return table.reset_index(drop=True)


def common_policy_terms(freq: pd.DataFrame, policy_terms, n: int = 6) -> list[str]:
    """The ``n`` policy terms (e.g. the user dictionary's words) used by the most reports.

    Ties go to the larger total count, then the term. A default for the chosen terms of a
    corpus nobody has read yet.

    Example:
        >>> f = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "term": ["共同富裕", "城市", "共同富裕", "双循环"],
        ...                   "count": [2, 9, 1, 4]})
        >>> common_policy_terms(f, {"共同富裕", "双循环", "八八战略"}, n=2)
        ['共同富裕', '双循环']
    """
    rows = freq[freq["term"].isin(set(policy_terms)) & (freq["count"] > 0)]
    if rows.empty:
        return []
    table = rows.groupby("term").agg(n_docs=("doc_id", "nunique"), count=("count", "sum")).reset_index()
    table = table.sort_values(["n_docs", "count", "term"], ascending=[False, False, True], kind="stable")
    return list(table["term"].head(n))
