"""Similarity between reports: cosine of TF-IDF vectors, Jaccard index of slogan sets, and a clustering order.

:func:`report_similarity` compares vocabularies (the TF-IDF weights of
:func:`govreports.measures.keywords.tfidf_weights`, one TF-IDF for the whole library);
:func:`slogan_jaccard` compares the sets of slogans two reports use. Either matrix can be put in
the leaf order of an average-linkage (UPGMA) clustering (:func:`average_linkage_order`) and listed
pair by pair (:func:`similarity_pairs`). Every result is the same on every run: ties go to the
order given, then code point.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from govreports.compare.slogans import slogan_sets
from govreports.measures import keywords as kw


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
    """Cosine similarity of the reports' TF-IDF vectors (:func:`govreports.measures.keywords.tfidf_weights`): a square matrix."""
    return cosine_similarity(kw.tfidf_weights(freq, doc_ids))


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
