"""Year over year: the same place's reports of two years, and the terms and slogans that changed between them.

:func:`year_pairs` finds the pairs (each place's consecutive compared reports, or the pairs asked
for; a pair the corpus lacks is listed with ``available = False`` and a note);
:func:`term_changes` and :func:`slogan_changes` compare the two reports of a pair;
:func:`pair_term_changes` and :func:`pair_slogan_summary` do so for every available pair. Rates
are per 10,000 characters; tables are sorted, ties by code point.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from govreports import store
from govreports.compare.comparability import compared_rows

_STATUS_ORDER = {"new": 0, "dropped": 1, "kept": 2}


def _pair_row(table: pd.DataFrame, city: str, before: int, after: int) -> dict:
    found = {}
    for year in (before, after):
        rows = table[(table["city"] == city) & (table["year"] == year)]
        found[year] = rows["doc_id"].iloc[0] if len(rows) else ""
    missing = [str(year) for year in (before, after) if not found[year]]
    note = f"no compared report of {city} for {' and '.join(missing)}" if missing else ""
    partial = table[table["doc_id"].isin([found[before], found[after]])]["partial"].any()
    if not missing and partial:
        note = "partial report(s): changes may reflect missing text"
    return {"city": city, "year_before": before, "year_after": after, "doc_before": found[before],
            "doc_after": found[after], "available": not missing, "note": note}


def year_pairs(
    comparability: pd.DataFrame,
    pairs: Iterable[tuple[str, int, int]] | None = None,
    doc_ids: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The same city's reports of two years.

    Args:
        comparability: a :func:`govreports.compare.comparability.comparability_table`.
        pairs: ``(city, year_before, year_after)`` wanted, e.g. ``[("宁波", 2019, 2020)]``;
            default every two consecutive compared reports of each city with two or more.
        doc_ids: the reports compared (default: the included ones).

    Returns:
        DataFrame ``city, year_before, year_after, doc_before, doc_after, available, note``, one
        row per pair in the order asked (default: by city, then year). A pair the corpus lacks
        has ``available = False`` and a note naming the missing year; a pair with a partial
        report says so.
    """
    table = compared_rows(comparability, doc_ids)
    if pairs is None:
        pairs = []
        for city, group in table.dropna(subset=["year"]).groupby("city", sort=True):
            years = sorted(set(int(y) for y in group["year"]))
            pairs += [(city, a, b) for a, b in zip(years, years[1:])]
    rows = [_pair_row(table, city, int(before), int(after)) for city, before, after in pairs]
    columns = ["city", "year_before", "year_after", "doc_before", "doc_after", "available", "note"]
    return pd.DataFrame(rows, columns=columns)


def pair_ids(pairs: pd.DataFrame) -> list[str]:
    """The reports of the available pairs of :func:`year_pairs`, each once, in pair order.

    Example:
        >>> pairs = pd.DataFrame({"doc_before": ["a", ""], "doc_after": ["b", "c"], "available": [True, False]})
        >>> pair_ids(pairs)
        ['a', 'b']
    """
    available = pairs[pairs["available"].astype(bool)]
    return list(dict.fromkeys(doc for row in zip(available["doc_before"], available["doc_after"]) for doc in row))


def latest_pairs(pairs: pd.DataFrame, n: int) -> pd.DataFrame:
    """Each place's latest available pair (of :func:`year_pairs`), for the ``n`` places with the most pairs.

    Places with an unread name are left out; ties go by place name. Rows keep their order.

    Example:
        >>> p = pd.DataFrame({"city": ["宁波", "宁波", "义乌", ""], "year_before": [2018, 2019, 2020, 2019],
        ...                   "year_after": [2019, 2020, 2022, 2020], "available": [True] * 4})
        >>> latest_pairs(p, 4)[["city", "year_before"]].values.tolist()
        [['宁波', 2019], ['义乌', 2020]]
    """
    usable = pairs[pairs["available"].astype(bool) & (pairs["city"].fillna("") != "")]
    counts = usable.groupby("city").size()
    places = sorted(counts.index, key=lambda c: (-counts[c], c))[:n]
    latest = usable[usable["city"].isin(places)].sort_values(["city", "year_after"], kind="stable").groupby("city").tail(1)
    return pairs[pairs.index.isin(latest.index)]


def term_changes(freq: pd.DataFrame, doc_before: str, doc_after: str, *, min_count: int = 3) -> pd.DataFrame:
    """How each term's rate changed from one report to another.

    Args:
        freq: a :func:`govreports.measures.keywords.frequency_table` holding both reports.
        doc_before, doc_after: the two reports.
        min_count: least combined count of a term (both reports) to be listed.

    Returns:
        DataFrame ``term, count_before, count_after, rate_before, rate_after, change``; rates
        per 10,000 characters, ``change = rate_after − rate_before``; sorted by ``change``
        descending (most risen first, most fallen last), then term.

    Example:
        >>> freq = pd.DataFrame({"doc_id": ["a", "a", "b"], "term": ["六稳", "双循环", "双循环"],
        ...                      "count": [3, 1, 4], "n_chars": [1000, 1000, 2000]})
        >>> term_changes(freq, "a", "b", min_count=1)[["term", "count_before", "count_after", "change"]]
          term  count_before  count_after  change
        0  双循环             1            4    10.0
        1   六稳             3            0   -30.0
    """
    sizes = freq.drop_duplicates("doc_id").set_index("doc_id")["n_chars"]
    counts = freq[freq["doc_id"].isin([doc_before, doc_after])].pivot_table(
        index="term", columns="doc_id", values="count", aggfunc="sum", fill_value=0)
    counts = counts.reindex(columns=[doc_before, doc_after], fill_value=0).astype("int64")
    table = pd.DataFrame({"term": counts.index, "count_before": counts[doc_before].to_numpy(),
                          "count_after": counts[doc_after].to_numpy()})
    table = table[table["count_before"] + table["count_after"] >= min_count]
    table["rate_before"] = table["count_before"] / sizes.get(doc_before, np.nan) * 10_000
    table["rate_after"] = table["count_after"] / sizes.get(doc_after, np.nan) * 10_000
    table["change"] = table["rate_after"] - table["rate_before"]
    table = store.label_strings(table)  # a compact table's terms as strings, as from a default one
    return table.sort_values(["change", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def top_term_changes(changes: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` terms that rose most and the ``n`` that fell most, with a ``direction`` column.

    Rising terms come first (largest rise first), then falling ones (largest fall first); ties
    by term.
    """
    rose = changes[changes["change"] > 0].head(n)
    fell = changes[changes["change"] < 0].sort_values(["change", "term"], kind="stable").head(n)
    return pd.concat([rose.assign(direction="rose"), fell.assign(direction="fell")], ignore_index=True)


def slogan_changes(mentions: pd.DataFrame, doc_before: str, doc_after: str) -> pd.DataFrame:
    """Slogans new in a later report, dropped from it, or kept.

    Args:
        mentions: :func:`govreports.measures.slogans.corpus_slogan_mentions` (``doc_id, slogan, kind``).
        doc_before, doc_after: the two reports.

    Returns:
        DataFrame ``slogan, kind, status, count_before, count_after``; ``status`` is ``new``
        (only after), ``dropped`` (only before) or ``kept``; sorted by status in that order,
        then uses (after for new and kept, before for dropped) descending, then slogan.

    Example:
        >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "slogan": ["六稳", "两山", "两山"],
        ...                   "kind": ["numbered", "phrase", "phrase"]})
        >>> slogan_changes(m, "a", "b")[["slogan", "status", "count_before", "count_after"]]
          slogan   status  count_before  count_after
        0     六稳  dropped             1            0
        1     两山     kept             1            1
    """
    columns = ["slogan", "kind", "status", "count_before", "count_after"]
    table = mentions[mentions["doc_id"].isin([doc_before, doc_after])]
    if table.empty:
        return pd.DataFrame({column: [] for column in columns})
    counts = pd.crosstab(table["slogan"], table["doc_id"]).reindex(columns=[doc_before, doc_after], fill_value=0)
    kinds = table.drop_duplicates("slogan").set_index("slogan")["kind"]
    result = pd.DataFrame({"slogan": counts.index, "kind": counts.index.map(kinds),
                           "count_before": counts[doc_before].to_numpy(), "count_after": counts[doc_after].to_numpy()})
    result["status"] = np.select([result["count_before"] == 0, result["count_after"] == 0], ["new", "dropped"], "kept")
    result["_order"] = result["status"].map(_STATUS_ORDER)
    result["_uses"] = np.where(result["status"] == "dropped", result["count_before"], result["count_after"])
    result = result.sort_values(["_order", "_uses", "slogan"], ascending=[True, False, True], kind="stable")
    return result[columns].reset_index(drop=True)


def _pair_label(row) -> str:
    return f"{row['city']} {row['year_before']} → {row['year_after']}"


def pair_term_changes(freq: pd.DataFrame, pairs: pd.DataFrame, *, n: int = 10, min_count: int = 3) -> pd.DataFrame:
    """The terms that rose and fell most in each available pair of :func:`year_pairs`.

    Returns:
        :func:`top_term_changes` of each pair, with ``pair`` (``宁波 2019 → 2020``), ``city``,
        ``doc_before`` and ``doc_after`` in front, pairs in the order given.
    """
    frames = []
    for _, row in pairs[pairs["available"]].iterrows():
        top = top_term_changes(term_changes(freq, row["doc_before"], row["doc_after"], min_count=min_count), n)
        frames.append(top.assign(pair=_pair_label(row), city=row["city"], doc_before=row["doc_before"],
                                 doc_after=row["doc_after"]))
    columns = ["pair", "city", "doc_before", "doc_after", "direction", "term", "count_before", "count_after",
               "rate_before", "rate_after", "change"]
    if not frames:
        return pd.DataFrame({column: [] for column in columns})
    return pd.concat(frames, ignore_index=True)[columns]


def pair_slogan_summary(mentions: pd.DataFrame, pairs: pd.DataFrame, *, n: int = 8) -> pd.DataFrame:
    """For each available pair: how many slogans are new, dropped and kept, and the most used of each.

    Returns:
        DataFrame ``pair, city, doc_before, doc_after, n_new, n_dropped, n_kept, jaccard, new,
        dropped`` (``new`` and ``dropped`` list the ``n`` most used, ``、``-joined; ``jaccard``
        is kept over all distinct slogans of the two reports).
    """
    rows = []
    for _, row in pairs[pairs["available"]].iterrows():
        changes = slogan_changes(mentions, row["doc_before"], row["doc_after"])
        count = changes["status"].value_counts() if len(changes) else pd.Series(dtype="int64")
        n_new, n_dropped, n_kept = (int(count.get(status, 0)) for status in ("new", "dropped", "kept"))
        rows.append({
            "pair": _pair_label(row), "city": row["city"], "doc_before": row["doc_before"],
            "doc_after": row["doc_after"], "n_new": n_new, "n_dropped": n_dropped, "n_kept": n_kept,
            "jaccard": n_kept / len(changes) if len(changes) else float("nan"),
            "new": "、".join(changes.loc[changes["status"] == "new", "slogan"].head(n)),
            "dropped": "、".join(changes.loc[changes["status"] == "dropped", "slogan"].head(n)),
        })
    columns = ["pair", "city", "doc_before", "doc_after", "n_new", "n_dropped", "n_kept", "jaccard", "new", "dropped"]
    return pd.DataFrame(rows, columns=columns)
