"""Cross-city comparisons: what sets each city's report apart, side by side and over time.

Every comparison starts from tidy tables the earlier stages make (the documents table, a
:func:`govreports.measures.keywords.frequency_table`, the slogan mentions of
:func:`govreports.measures.slogans.corpus_slogan_mentions`, :func:`govreports.measures.targets.targets_table`) and
takes the set of ``doc_ids`` to compare, so what a result covers is always stated by its caller.

Comparability comes first. :func:`comparability_table` lists every document with ``included``
and a ``reason``: government work reports are compared; plan reports (a different genre, the
国民经济和社会发展计划 report) are left out unless asked for, news items and second copies always;
partial reports are included and flagged (``partial``), or left out with
``include_partial=False``. :func:`included_ids` gives the ids to pass on.

===================================  ===============================================================
function                             table
===================================  ===============================================================
:func:`comparability_table`          one row per document: included or not, and why
:func:`includes_note`                one caption line: what a comparison includes
:func:`city_groups`                  one row per city: its reports and years
:func:`distinctive_words`            log-odds ratio with an informative Dirichlet prior, per city
:func:`report_similarity`            cosine similarity of the reports' TF-IDF vectors (a matrix)
:func:`average_linkage_order`        a hierarchical-clustering order of a similarity matrix
:func:`slogan_jaccard`               Jaccard index of the reports' slogan sets (a matrix)
:func:`theme_attention_by_report`    theme matches per 10,000 characters, by city and year
:func:`structure_table`              length, parts, sections, sentences side by side
:func:`year_pairs`                   the same city's reports of two years, where the corpus has both
:func:`pair_ids`                     the reports of the available pairs (for a caption)
:func:`term_changes`                 terms whose rate rose or fell most between two reports
:func:`slogan_changes`               slogans new, dropped and kept between two reports
:func:`pair_term_changes`            the top rises and falls of every pair of :func:`year_pairs`
:func:`pair_slogan_summary`          new, dropped and kept slogans of every pair
:func:`gdp_targets`                  the GDP growth target of each report, the province's flagged
===================================  ===============================================================

Distinctive words (Monroe, Colaresi & Quinn 2008, “Fightin' Words”, section 3.5). For a term
``w``, a group ``i`` (a city's reports pooled) and the rest ``j`` (every other included report),
with counts ``y`` and totals ``n``, and a prior ``α_w = α0 · y_w / n`` from the counts of the
whole comparison (both sides), ``α0 = Σ α_w``::

    δ_w = ln[(y_iw + α_w) / (n_i + α0 − y_iw − α_w)] − ln[(y_jw + α_w) / (n_j + α0 − y_jw − α_w)]
    σ²_w ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w)
    z_w = δ_w / σ_w

``α0`` is the weight of the prior in pseudo-terms (:data:`ALPHA0`): the larger, the more a term
must be used before its log-odds moves away from the corpus average.

Every table is sorted, ties broken by code point, so a rerun gives the same rows in the same
order. Nothing assumes a seed city: a corpus without the cities, years or targets asked for
gets empty rows or ``available = False`` with a note, never an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from govreports.measures import keywords as kw
from govreports.pipeline.corpus import report_label
from govreports.text import places

#: Document types compared across cities by default.
COMPARABLE_TYPES = ("government_work_report",)
#: Default weight of the informative prior (pseudo-terms); see the module docstring. On the
#: seeds a report has 1,000–5,100 terms and a city up to 9,500, so 1,000 pseudo-terms pull a
#: term used a few times towards the corpus average and leave a frequent term's log-odds as it is.
ALPHA0 = 1000.0
#: Order of administrative levels in report lists: the higher level first.
LEVEL_ORDER = {"national": 0, "province": 1, "prefecture_city": 2, "county_city": 3}
#: Columns of :func:`comparability_table`.
COMPARABILITY_COLUMNS = [
    "doc_id", "label", "city", "admin_level", "doc_type", "year", "date", "partial", "included", "reason",
    "partial_reason", "n_chars", "n_parts", "n_sections", "n_sentences",
]
#: Columns of :func:`distinctive_words`.
DISTINCTIVE_COLUMNS = ["city", "term", "delta", "variance", "z", "count", "count_rest", "n_terms", "n_terms_rest"]

_DOCUMENT_FIELDS = [
    "doc_id", "city", "admin_level", "doc_type", "year", "date", "partial", "partial_reason", "duplicate_of",
    "n_chars", "n_parts", "n_sections", "n_sentences",
]
_STATUS_ORDER = {"new": 0, "dropped": 1, "kept": 2}


# --- which documents are compared ------------------------------------------------------------------




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
    if row["duplicate_of"]:
        return f"excluded: second copy of {row['duplicate_of']}"
    if row["doc_type"] == "news":
        return "excluded: news item, not a report"
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
        report order (year, province before cities, city, doc_id). ``reason`` reads
        ``included``, ``included, partial: …`` or ``excluded: …``.
    """
    frame = _documents_frame(documents)
    frame["reason"] = [_exclusion(row, doc_types, include_partial) for _, row in frame.iterrows()]
    frame["included"] = frame["reason"] == ""
    frame.loc[frame["included"] & frame["partial"], "reason"] = "included, partial: " + frame["partial_reason"]
    frame.loc[frame["included"] & ~frame["partial"], "reason"] = "included"
    frame["label"] = [
        report_label(*values)
        for values in zip(frame["year"], frame["city"], frame["doc_type"], frame["partial"], frame["doc_id"])
    ]
    keys = frame.assign(
        _out=~frame["included"],
        _year=pd.to_numeric(frame["year"], errors="coerce").astype("float64").fillna(np.inf),
        _level=frame["admin_level"].map(LEVEL_ORDER).fillna(len(LEVEL_ORDER)),
    )
    keys = keys.sort_values(["_out", "_year", "_level", "city", "doc_id"], kind="stable")
    return keys[COMPARABILITY_COLUMNS].reset_index(drop=True)


def included_ids(comparability: pd.DataFrame) -> list[str]:
    """The ids of the included documents of a :func:`comparability_table`, in its order."""
    return list(comparability.loc[comparability["included"], "doc_id"])


def _selected(comparability: pd.DataFrame, doc_ids: Iterable[str] | None) -> pd.DataFrame:
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
    table = _selected(comparability, doc_ids)
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
    table = _selected(comparability, doc_ids)
    rows = []
    for city, group in table.groupby("city", sort=True):
        group = group.sort_values(["year", "doc_id"], kind="stable")
        years = " ".join(str(y) for y in group["year"] if not pd.isna(y))
        rows.append((city, group["admin_level"].iloc[0], len(group), int(group["partial"].sum()), years,
                     " ".join(group["doc_id"])))
    columns = ["city", "admin_level", "n_reports", "n_partial", "years", "doc_ids"]
    result = pd.DataFrame(rows, columns=columns)
    order = result["admin_level"].map(LEVEL_ORDER).fillna(len(LEVEL_ORDER))
    return result.assign(_level=order).sort_values(["_level", "city"], kind="stable")[columns].reset_index(drop=True)


# --- distinctive words: log-odds ratio with an informative Dirichlet prior ------------------------


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
        comparability: a :func:`comparability_table` (gives each report's ``by`` value).
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
    table = _selected(comparability, doc_ids)
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
            compared is decided by :func:`comparability_table`.
        doc_ids: compare only these (default: the included ones).
        by: ``"city"`` or ``"doc_id"``.
        alpha0: weight of the prior.
        doc_types, include_partial: as for :func:`comparability_table`.
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


# --- similarity between reports ----------------------------------------------------------------------


def tfidf_weights(freq: pd.DataFrame, doc_ids: Sequence[str]) -> pd.DataFrame:
    """TF-IDF of each term in each report: ``share · log10(N / df)`` (quanteda's ``dfm_tfidf``).

    ``share`` is the term's count over the report's terms (comparable across lengths), ``N``
    the number of reports in ``doc_ids`` and ``df`` those using the term; a term every report
    uses weighs 0 (so with only two reports, whatever they share weighs 0 and their cosine is 0:
    the measure needs three or more).

    Args:
        freq: a :func:`govreports.measures.keywords.frequency_table`.
        doc_ids: the reports, in the order wanted (a report without terms gets a row of zeros).

    Returns:
        DataFrame ``doc_ids`` × terms (terms sorted).
    """
    table = freq[freq["doc_id"].isin(set(doc_ids))]
    shares = table.pivot_table(index="doc_id", columns="term", values="share", aggfunc="sum", fill_value=0.0)
    shares = shares.reindex(index=list(doc_ids), columns=sorted(shares.columns), fill_value=0.0)
    docfreq = (shares > 0).sum(axis=0)
    idf = np.log10(len(doc_ids) / docfreq.where(docfreq > 0, np.nan)).fillna(0.0)
    return shares * idf


def cosine_similarity(weights: pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity between the rows of a weight matrix.

    A row of zeros has no direction: its similarities are NaN (1 with itself).

    Example:
        >>> m = pd.DataFrame([[1, 2, 0], [2, 1, 1]], index=["a", "b"])
        >>> cosine_similarity(m).round(4).loc["a", "b"]
        np.float64(0.7303)
    """
    values = weights.to_numpy(dtype=float)
    norms = np.sqrt((values**2).sum(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = values / norms[:, None]
    similarity = np.clip(unit @ unit.T, -1.0, 1.0)
    np.fill_diagonal(similarity, 1.0)
    return pd.DataFrame(similarity, index=weights.index, columns=weights.index)


def report_similarity(freq: pd.DataFrame, doc_ids: Sequence[str]) -> pd.DataFrame:
    """Cosine similarity of the reports' TF-IDF vectors (:func:`tfidf_weights`): a square matrix."""
    return cosine_similarity(tfidf_weights(freq, doc_ids))


def average_linkage_order(similarity: pd.DataFrame) -> list[str]:
    """Order the rows of a similarity matrix by average-linkage (UPGMA) clustering.

    Distance is ``1 − similarity`` (NaN taken as 1). At each step the two clusters of least
    mean distance between their members merge; ties go to the pair that comes first in the
    current order. The merged cluster keeps its first member's place and lists the earlier
    cluster's members first, so the result is the dendrogram's leaf order, the same on
    every run.

    Args:
        similarity: a square matrix, index = columns.

    Returns:
        The index labels in clustering order.

    Example:
        >>> sim = pd.DataFrame([[1, .1, .9], [.1, 1, .2], [.9, .2, 1]], index=list("abc"), columns=list("abc"))
        >>> average_linkage_order(sim)
        ['a', 'c', 'b']
    """
    labels = list(similarity.index)
    distance = 1 - similarity.loc[labels, labels].to_numpy(dtype=float)
    distance = np.where(np.isnan(distance), 1.0, distance)
    clusters = [[i] for i in range(len(labels))]
    while len(clusters) > 1:
        best = None
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                key = (round(float(distance[np.ix_(clusters[a], clusters[b])].mean()), 12), a, b)
                best = key if best is None or key < best else best
        _, a, b = best
        clusters[a] = clusters[a] + clusters.pop(b)
    return [labels[i] for cluster in clusters for i in cluster]


def jaccard(a: Iterable[Any], b: Iterable[Any]) -> float:
    """Jaccard index of two sets: ``|a ∩ b| / |a ∪ b|``; NaN for two empty sets.

    Example:
        >>> jaccard({"两山", "八八战略", "最多跑一次"}, {"八八战略", "最多跑一次", "六争攻坚"})
        0.5
    """
    a, b = set(a), set(b)
    union = a | b
    return len(a & b) / len(union) if union else float("nan")


def slogan_sets(mentions: pd.DataFrame, doc_ids: Sequence[str]) -> dict[str, frozenset[str]]:
    """The distinct slogans of each report (empty for a report with none)."""
    used = mentions.groupby("doc_id")["slogan"].agg(frozenset) if len(mentions) else {}
    return {doc_id: used.get(doc_id, frozenset()) for doc_id in doc_ids}


def slogan_jaccard(mentions: pd.DataFrame, doc_ids: Sequence[str]) -> pd.DataFrame:
    """Jaccard index of every two reports' slogan sets: a square matrix in the order given.

    Args:
        mentions: :func:`govreports.measures.slogans.corpus_slogan_mentions` (``doc_id, slogan``).
        doc_ids: the reports.
    """
    sets = slogan_sets(mentions, doc_ids)
    values = [[jaccard(sets[a], sets[b]) for b in doc_ids] for a in doc_ids]
    return pd.DataFrame(values, index=list(doc_ids), columns=list(doc_ids))


def similarity_pairs(matrix: pd.DataFrame, comparability: pd.DataFrame) -> pd.DataFrame:
    """Every pair of reports of a similarity matrix once, most similar first.

    Returns:
        DataFrame ``doc_a, doc_b, label_a, label_b, same_city, value`` sorted by ``value``
        descending, then ``doc_a``, ``doc_b`` (``doc_a`` before ``doc_b`` in the matrix order).
    """
    info = comparability.set_index("doc_id")
    ids = list(matrix.index)
    rows = [(a, b, info.at[a, "label"], info.at[b, "label"], info.at[a, "city"] == info.at[b, "city"],
             float(matrix.at[a, b])) for i, a in enumerate(ids) for b in ids[i + 1:]]
    table = pd.DataFrame(rows, columns=["doc_a", "doc_b", "label_a", "label_b", "same_city", "value"])
    return table.sort_values(["value", "doc_a", "doc_b"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


# --- themes, length and structure ------------------------------------------------------------------


def theme_attention_by_report(
    freq: pd.DataFrame,
    comparability: pd.DataFrame,
    doc_ids: Iterable[str] | None = None,
    themes: Mapping[str, Iterable[str]] | None = None,
) -> pd.DataFrame:
    """Theme attention (:func:`govreports.measures.keywords.theme_attention`) of each report, by city and year.

    Returns:
        DataFrame ``theme, city, year, doc_id, label, partial, matches, n_chars, rate_per_10k``
        sorted by theme, city, year; ``rate_per_10k`` (matches per 10,000 characters) is the
        length-normalised measure.
    """
    table = _selected(comparability, doc_ids)
    columns = ["theme", "city", "year", "doc_id", "label", "partial", "matches", "n_chars", "rate_per_10k"]
    attention = kw.theme_attention(freq[freq["doc_id"].isin(set(table["doc_id"]))], themes)
    if attention.empty:
        return pd.DataFrame({column: [] for column in columns})
    merged = attention.merge(table[["doc_id", "label", "city", "year", "partial"]], on="doc_id", how="inner")
    merged = merged.sort_values(["theme", "city", "year", "doc_id"], kind="stable")
    return merged[columns].reset_index(drop=True)


def structure_table(comparability: pd.DataFrame, doc_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Length and structure of the compared reports, side by side.

    Returns:
        DataFrame ``doc_id, label, city, year, partial, n_chars, n_parts, n_sections,
        n_sentences, chars_per_sentence``, in report order (from the documents table: parts are
        一、 headings, sections (一) headings, sentences include heading lines).
    """
    table = _selected(comparability, doc_ids)
    columns = ["doc_id", "label", "city", "year", "partial", "n_chars", "n_parts", "n_sections", "n_sentences"]
    result = table[columns].copy()
    for column in ("n_chars", "n_parts", "n_sections", "n_sentences"):
        result[column] = pd.to_numeric(result[column], errors="coerce").astype("Int64")
    result["chars_per_sentence"] = (result["n_chars"] / result["n_sentences"].replace(0, pd.NA)).astype("Float64").round(1)
    return result


# --- year over year --------------------------------------------------------------------------------


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
        comparability: a :func:`comparability_table`.
        pairs: ``(city, year_before, year_after)`` wanted, e.g. ``[("宁波", 2019, 2020)]``;
            default every two consecutive compared reports of each city with two or more.
        doc_ids: the reports compared (default: the included ones).

    Returns:
        DataFrame ``city, year_before, year_after, doc_before, doc_after, available, note``, one
        row per pair in the order asked (default: by city, then year). A pair the corpus lacks
        has ``available = False`` and a note naming the missing year; a pair with a partial
        report says so.
    """
    table = _selected(comparability, doc_ids)
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


# --- targets ---------------------------------------------------------------------------------------


def _point(value, low, high) -> float:
    """One number for a target: the stated value, else the middle of a range, else the bound."""
    if not pd.isna(value):
        return float(value)
    if not pd.isna(low) and not pd.isna(high):
        return (float(low) + float(high)) / 2
    return float(low) if not pd.isna(low) else float(high) if not pd.isna(high) else float("nan")


def _is_reference(table: pd.DataFrame) -> pd.Series:
    """Rows that are the superior report (:func:`govreports.compare.levels.superior_pairs`) of another row of their year."""
    from govreports.compare.levels import superior_pairs

    return table["doc_id"].isin(set(superior_pairs(table)["superior_doc"]))


def gdp_targets(
    targets: pd.DataFrame,
    comparability: pd.DataFrame,
    doc_ids: Iterable[str] | None = None,
    *,
    indicator: str = "gdp_growth",
) -> pd.DataFrame:
    """The GDP growth target of each compared report, the level above's marked as the reference.

    The reference (``is_province``, kept under its first name) is a report that is the superior
    of another compared report of its year (:func:`govreports.compare.levels.superior_pairs`: the
    State Council's for the provinces, a province's for its cities).

    Args:
        targets: :func:`govreports.measures.targets.targets_table`.
        comparability: a :func:`comparability_table`.
        doc_ids: the reports compared (default: the included ones).
        indicator: the indicator code.

    Returns:
        DataFrame ``doc_id, label, city, admin_level, year, date, target_year, value_low,
        value_high, point, qualifier, quote, is_province, has_target``, one row per compared report in report
        order; a report with no such target in our text has ``has_target = False`` and empty
        values (missing, never zero). ``point`` is the stated value, the middle of a range, or
        the one bound stated.
    """
    table = _selected(comparability, doc_ids)[["doc_id", "label", "city", "admin_level", "year", "date"]]
    rows = targets[targets["indicator"] == indicator].drop_duplicates("doc_id")
    rows = rows[["doc_id", "target_year", "value_low", "value_high", "value", "qualifier", "quote"]]
    merged = table.merge(rows, on="doc_id", how="left")
    merged["point"] = [_point(*values) for values in zip(merged["value"], merged["value_low"], merged["value_high"])]
    merged["is_province"] = _is_reference(merged)
    merged["has_target"] = merged["point"].notna()
    merged["qualifier"] = merged["qualifier"].fillna("")
    merged["quote"] = merged["quote"].fillna("")
    columns = ["doc_id", "label", "city", "admin_level", "year", "date", "target_year", "value_low", "value_high", "point",
               "qualifier", "quote", "is_province", "has_target"]
    return merged[columns]


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
