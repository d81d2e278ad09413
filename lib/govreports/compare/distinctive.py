"""Distinctive words: each place's terms against the rest, by log-odds ratio with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), “Fightin' Words”, section 3.5. For a term ``w``, a group ``i``
(a city's reports pooled) and the rest ``j`` (every other compared report), with counts ``y``
and totals ``n``, and a prior ``α_w = α0 · y_w / n`` from the counts of the whole comparison
(both sides), ``α0 = Σ α_w``::

    δ_w = ln[(y_iw + α_w) / (n_i + α0 − y_iw − α_w)] − ln[(y_jw + α_w) / (n_j + α0 − y_jw − α_w)]
    σ²_w ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w)
    z_w = δ_w / σ_w

``α0`` is the weight of the prior in pseudo-terms (:data:`ALPHA0`): the larger, the more a term
must be used before its log-odds moves away from the corpus average. Which reports are compared
is decided by :func:`govreports.compare.comparability.comparability_table`. Tables are sorted,
ties by code point.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from govreports.compare.comparability import COMPARABLE_TYPES, comparability_table, compared_rows, included_ids
from govreports.datafiles import places
from govreports.measures import keywords as kw

#: Default weight of the informative prior (pseudo-terms); see the module docstring. On the
#: seeds a report has 1,000–5,100 terms and a city up to 9,500, so 1,000 pseudo-terms pull a
#: term used a few times towards the corpus average and leave a frequent term's log-odds as it is.
ALPHA0 = 1000.0


#: Columns of :func:`distinctive_words`.
DISTINCTIVE_COLUMNS = ["city", "term", "delta", "variance", "z", "count", "count_rest", "n_terms", "n_terms_rest"]


def dirichlet_prior(counts: Sequence[float], alpha0: float = ALPHA0) -> np.ndarray:
    """The informative prior ``α_w = α0 · y_w / n`` from the counts of the whole comparison.

    Example:
        >>> dirichlet_prior([4, 2, 2], alpha0=4).tolist()
        [2.0, 1.0, 1.0]
    """
    counts = np.asarray(counts, dtype=float)
    if alpha0 <= 0:
        raise ValueError(f"alpha0 must be positive, not {alpha0}")
    return alpha0 * counts / counts.sum()


def log_odds_dirichlet(y_i, y_j, alpha) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-odds ratio of each term, group ``i`` against ``j``, with a Dirichlet prior ``alpha``.

    Monroe, Colaresi & Quinn (2008), equations 16, 18, 19 (see the module docstring).

    Args:
        y_i, y_j: counts of each term in the two groups (arrays of one length).
        alpha: the prior of each term (:func:`dirichlet_prior`); all positive.

    Returns:
        ``(delta, variance, z)``, arrays of the same length.

    Example:
        >>> delta, variance, z = log_odds_dirichlet([3, 1, 0], [1, 1, 2], dirichlet_prior([4, 2, 2], alpha0=4))
        >>> delta.round(4).tolist(), variance.round(4).tolist(), z.round(4).tolist()
        ([1.0217, 0.0, -1.4351], [0.5333, 1.0, 1.3333], [1.399, 0.0, -1.2428])
    """
    y_i, y_j, alpha = (np.asarray(x, dtype=float) for x in (y_i, y_j, alpha))
    alpha0, n_i, n_j = alpha.sum(), y_i.sum(), y_j.sum()
    delta = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - np.log((y_j + alpha) / (n_j + alpha0 - y_j - alpha))
    variance = 1 / (y_i + alpha) + 1 / (y_j + alpha)
    return delta, variance, delta / np.sqrt(variance)


def _group_counts(freq: pd.DataFrame, groups: Mapping[str, str]) -> pd.DataFrame:
    """A term × group table of counts (groups and terms sorted)."""
    table = freq[freq["doc_id"].isin(set(groups))].assign(group=lambda f: f["doc_id"].map(groups))
    counts = table.pivot_table(index="term", columns="group", values="count", aggfunc="sum", fill_value=0)
    return counts.sort_index().reindex(columns=sorted(counts.columns)).astype("int64")


def distinctive_words(
    freq: pd.DataFrame,
    comparability: pd.DataFrame,
    doc_ids: Iterable[str] | None = None,
    *,
    by: str = "city",
    alpha0: float = ALPHA0,
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """Each group's terms against the rest: log-odds ratio with an informative Dirichlet prior.

    Args:
        freq: a :func:`govreports.measures.keywords.frequency_table` of (at least) the reports compared.
        comparability: a :func:`govreports.compare.comparability.comparability_table` (gives each report's ``by`` value).
        doc_ids: the reports compared (default: the included ones).
        by: the grouping column of ``comparability``: ``"city"`` pools a city's reports;
            ``"doc_id"`` compares each report with all others.
        alpha0: weight of the prior (pseudo-terms), see :func:`dirichlet_prior`.
        exclude: terms left out of the result (e.g. :func:`place_terms`); they are still counted
            in the totals and the prior, so the other rows do not change.

    Returns:
        DataFrame with :data:`DISTINCTIVE_COLUMNS` (the group in a column named ``city``
        whatever ``by`` is): ``count`` and ``count_rest`` are the term's counts in the group
        and in the rest, ``n_terms`` and ``n_terms_rest`` their totals. One row per group and
        term the comparison uses, sorted by group, then ``z`` descending, then term. Empty
        with fewer than two groups.
    """
    table = compared_rows(comparability, doc_ids)
    groups = {doc_id: str(group) for doc_id, group in zip(table["doc_id"], table[by]) if str(group)}
    counts = _group_counts(freq, groups)
    if counts.shape[1] < 2:
        return pd.DataFrame({column: [] for column in DISTINCTIVE_COLUMNS})
    totals = counts.sum(axis=1).to_numpy()
    alpha = dirichlet_prior(totals, alpha0)
    frames = []
    for group in counts.columns:
        y_i = counts[group].to_numpy()
        y_j = totals - y_i
        delta, variance, z = log_odds_dirichlet(y_i, y_j, alpha)
        frames.append(pd.DataFrame({
            "city": group, "term": counts.index, "delta": delta, "variance": variance, "z": z,
            "count": y_i, "count_rest": y_j, "n_terms": int(y_i.sum()), "n_terms_rest": int(y_j.sum()),
        }))
    result = pd.concat(frames, ignore_index=True)
    result = result[~result["term"].isin(set(exclude))]
    result = result.sort_values(["city", "z", "term"], ascending=[True, False, True], kind="stable")
    return result[DISTINCTIVE_COLUMNS].reset_index(drop=True)


def top_distinctive(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` terms of highest ``z`` of each group of a :func:`distinctive_words` table.

    Returns:
        The table's rows, ``rank`` (1…n) added, groups in the table's order.
    """
    top = table.groupby("city", sort=False).head(n).copy()
    top.insert(1, "rank", top.groupby("city", sort=False).cumcount() + 1)
    return top.reset_index(drop=True)


def place_terms() -> frozenset[str]:
    """Names of places (full and short, ``data/places.csv``): distinctive of their own city, trivially."""
    return frozenset(places())


def distinctive_terms_table(
    documents,
    *,
    doc_ids: Iterable[str] | None = None,
    by: str = "city",
    alpha0: float = ALPHA0,
    doc_types: Sequence[str] = COMPARABLE_TYPES,
    include_partial: bool = True,
    drop_places: bool = True,
) -> pd.DataFrame:
    """The distinctive-term table of a corpus, from its documents (for the command line).

    Args:
        documents: the corpus module's document objects (e.g. ``corpus.documents``); which are
            compared is decided by :func:`govreports.compare.comparability.comparability_table`.
        doc_ids: compare only these (default: the included ones).
        by: ``"city"`` or ``"doc_id"``.
        alpha0: weight of the prior.
        doc_types, include_partial: as for :func:`govreports.compare.comparability.comparability_table`.
        drop_places: leave out place names (:func:`place_terms`).

    Returns:
        The :func:`distinctive_words` table of the compared reports, with ``alpha0`` added as
        a column so a CSV says how it was made.
    """
    documents = list(documents)
    comparability = comparability_table(documents, doc_types=doc_types, include_partial=include_partial)
    ids = set(included_ids(comparability) if doc_ids is None else doc_ids)
    freq = kw.frequency_table([doc for doc in documents if doc.doc_id in ids])
    table = distinctive_words(freq, comparability, ids, by=by, alpha0=alpha0,
                              exclude=place_terms() if drop_places else ())
    return table.assign(alpha0=alpha0)
