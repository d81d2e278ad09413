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


#: Rows counted at a time by :func:`_term_group_counts` (its per-row arrays are of this length, not the table's).
ROWS_AT_ONCE = 1 << 21


def _term_group_counts(doc_codes: np.ndarray, doc_values: Sequence, terms: pd.Series, counts,
                       groups: Mapping[str, str]) -> tuple[pd.Index, list[str], np.ndarray]:
    """The counts of each term in each group, as a dense integer matrix.

    Args:
        doc_codes: the document of each row, as a code into ``doc_values`` (-1: none).
        doc_values: the doc_ids.
        terms: the term of each row, or a ``Categorical`` of them (the result's terms keep its dtype, or its categories').
        counts: the count of each row.
        groups: ``doc_id -> group``; rows of other documents are left out.

    Returns:
        ``(terms, group_names, matrix)``: the terms used (a pandas Index, sorted by code
        point), the groups used (sorted), and ``matrix[t, g]``, the count of term ``t`` in
        group ``g`` (int64). What a pivot table of the rows gives, made from integer codes:
        a code per term (a ``Categorical``'s own codes, else one ``factorize``) and a
        ``bincount``, no Python object per row. The rows are taken :data:`ROWS_AT_ONCE` at a
        time, so the arrays made per row are of that length, not the table's (26 million rows
        at 13,000 reports); the sums are exact (integers below 2**53 in float64).
    """
    group_of = [groups.get(doc_id) for doc_id in doc_values]
    group_names = sorted({group for group in group_of if group is not None})
    number = {group: i for i, group in enumerate(group_names)}
    doc_group = np.array([number.get(group, -1) if group is not None else -1 for group in group_of] + [-1], dtype=np.int64)
    if isinstance(getattr(terms, "dtype", None), pd.CategoricalDtype):
        codes, categories = np.asarray(terms.cat.codes), terms.cat.categories
    else:
        codes, categories = pd.factorize(terms)
    pieces = [slice(start, start + ROWS_AT_ONCE) for start in range(0, len(codes), ROWS_AT_ONCE)]

    def chosen_rows(piece: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The piece's rows of grouped documents: their term codes, their groups, and which rows they are."""
        row_group = doc_group[doc_codes[piece]]  # a missing doc_id (code -1) takes the last entry, -1: left out
        chosen = row_group >= 0
        return codes[piece][chosen], row_group[chosen], chosen

    used = np.zeros(len(categories), dtype=bool)
    for piece in pieces:
        used[chosen_rows(piece)[0]] = True
    present = np.flatnonzero(used)
    as_text = categories.take(present).tolist()
    by_code_point = np.array(sorted(range(len(as_text)), key=as_text.__getitem__), dtype=np.int64)
    rank = np.full(len(categories), -1, dtype=np.int64)  # a term code -> its place among the used terms by code point
    rank[present[by_code_point]] = np.arange(len(present))
    n_groups = len(group_names)
    matrix = np.zeros(len(present) * n_groups, dtype=np.float64)
    for piece in pieces:
        term_codes, row_group, chosen = chosen_rows(piece)
        weights = np.asarray(counts[piece], dtype=np.float64)[chosen]
        matrix += np.bincount(rank[term_codes] * n_groups + row_group, weights=weights, minlength=len(matrix))
    return categories.take(present[by_code_point]), group_names, matrix.reshape(len(present), n_groups).astype(np.int64)


def _distinctive_table(terms: pd.Index, group_names: list[str], matrix: np.ndarray, alpha0: float,
                       exclude: Iterable[str]) -> pd.DataFrame:
    """:func:`distinctive_words`' table from the term × group count matrix (see :func:`_term_group_counts`).

    The log-odds of each group are computed by :func:`log_odds_dirichlet` on its column, as
    before; the rows are then written straight into one set of column arrays (each group's
    terms in order of descending ``z``, ties by term), instead of a DataFrame per group that
    is concatenated and sorted by strings.
    """
    import pyarrow as pa

    if len(group_names) < 2:
        return pd.DataFrame({column: [] for column in DISTINCTIVE_COLUMNS})
    totals = matrix.sum(axis=1)
    alpha = dirichlet_prior(totals, alpha0)
    excluded = set(exclude)
    shown = np.flatnonzero([term not in excluded for term in terms.tolist()]) if excluded else np.arange(len(terms))
    n_shown, n_groups = len(shown), len(group_names)
    columns = {name: np.empty(n_shown * n_groups, dtype=np.float64) for name in ("delta", "variance", "z")}
    columns.update({name: np.empty(n_shown * n_groups, dtype=np.int64)
                    for name in ("count", "count_rest", "n_terms", "n_terms_rest")})
    term_index = np.empty(n_shown * n_groups, dtype=np.int64)
    for g in range(n_groups):
        y_i = np.ascontiguousarray(matrix[:, g])
        y_j = totals - y_i
        delta, variance, z = log_odds_dirichlet(y_i, y_j, alpha)
        order = shown[np.argsort(-z[shown], kind="stable")]  # z descending, ties in term order
        at = slice(g * n_shown, (g + 1) * n_shown)
        term_index[at] = order
        for name, values in (("delta", delta), ("variance", variance), ("z", z), ("count", y_i), ("count_rest", y_j)):
            columns[name][at] = values[order]
        columns["n_terms"][at] = int(y_i.sum())
        columns["n_terms_rest"][at] = int(y_j.sum())
    city = pa.array(group_names, type=pa.large_string()).take(pa.array(np.repeat(np.arange(n_groups), n_shown)))
    term = terms.take(term_index)
    # an object column of strings becomes ``str``, as the per-group DataFrames of the table made it
    term = pd.Series(term.to_numpy() if term.dtype == object else term, copy=False)
    table = pd.DataFrame({"city": city.to_pandas(), "term": term, **columns})
    return table[DISTINCTIVE_COLUMNS]


def _groups(comparability: pd.DataFrame, doc_ids: Iterable[str] | None, by: str) -> dict:
    """``doc_id -> group`` (the ``by`` value as text) of the compared reports; a report without one is left out."""
    table = compared_rows(comparability, doc_ids)
    return {doc_id: str(group) for doc_id, group in zip(table["doc_id"], table[by]) if str(group)}


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
    doc_codes, doc_values = pd.factorize(freq["doc_id"])
    counted = _term_group_counts(doc_codes, list(doc_values), freq["term"], freq["count"].to_numpy(),
                                 _groups(comparability, doc_ids, by))
    return _distinctive_table(*counted, alpha0, exclude)


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
    # the terms and counts only (no doc_id, rate, share, n_chars or n_tokens column of the whole
    # frequency table, and only those two columns read from the store): at 13,000 reports the
    # frequency table is most of this stage's memory
    rows, doc_ids_, lengths = kw._term_rows([doc for doc in documents if doc.doc_id in ids], None, None, None, None,
                                            ["term", "count"], ["term"])  # terms as codes: no string per row
    if rows is None:  # no report has a term
        return _distinctive_table(pd.Index([], dtype=object), [], np.zeros((0, 0), dtype=np.int64), alpha0, ()).assign(alpha0=alpha0)
    doc_codes = np.repeat(np.arange(len(doc_ids_), dtype=np.int32 if len(doc_ids_) < 2**31 else np.int64), lengths)
    counted = _term_group_counts(doc_codes, doc_ids_, rows["term"], rows["count"].to_numpy(),
                                 _groups(comparability, ids, by))
    del rows
    table = _distinctive_table(*counted, alpha0, place_terms() if drop_places else ())
    return table.assign(alpha0=alpha0)
