"""Themes: how much of a report's vocabulary belongs to a policy theme, from editable dictionaries.

A theme dictionary is a word list under ``data/themes/`` (one term a line, a ``#`` header that
names the theme and states its ``# Source:``; :mod:`govreports.datafiles` rules). Attention to a
theme is counted on the tokens of :func:`govreports.measures.keywords.frequency_table` (quanteda's
``dfm_lookup``): matching terms per 10,000 characters, so 数字经济 matches the token 数字经济 and
never the inside of another token.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from govreports import paths, store
from govreports.datafiles import header_comments, read_lines

#: The bundled theme dictionaries.
THEMES_DIR = paths.DATA_DIR / "themes"


def read_theme(path: str | os.PathLike) -> frozenset[str]:
    """Read one theme dictionary: one term a line, a ``#`` comment header (:mod:`govreports.datafiles` rules)."""
    return frozenset(line.text for line in read_lines(path))


def load_themes(folder: str | os.PathLike | None = None) -> dict[str, frozenset[str]]:
    """Read every ``*.txt`` theme dictionary of a folder.

    Args:
        folder: default ``data/themes/``.

    Returns:
        ``{theme: terms}``, the theme named by the file's stem (``digital_economy``), sorted.

    Raises:
        FileNotFoundError: if the folder has no ``*.txt`` file.
    """
    files = sorted(Path(folder or THEMES_DIR).glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no theme dictionaries (*.txt) in {folder or THEMES_DIR}")
    return {file.stem: read_theme(file) for file in files}


def theme_attention(freq: pd.DataFrame, themes: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """Score each document's attention to each theme: matching terms per 10,000 characters.

    Counted on tokens, not substrings: 数字经济 matches the token 数字经济, never the inside of
    another token, and each occurrence counts once per theme.

    Args:
        freq: a :func:`govreports.measures.keywords.frequency_table` (restrict it to a part there).
        themes: ``{theme: terms}``; default :func:`load_themes`.

    Returns:
        DataFrame ``doc_id, theme, matches, n_chars, rate_per_10k``, one row per document and
        theme (zero matches included), documents in table order, themes sorted.
    """
    themes = load_themes() if themes is None else themes
    columns = ["doc_id", "theme", "matches", "n_chars", "rate_per_10k"]
    docs = freq.drop_duplicates("doc_id")[["doc_id", "n_chars"]]
    frames = []
    for theme in sorted(themes):
        matched = freq[freq["term"].isin(set(themes[theme]))].groupby("doc_id")["count"].sum()
        frames.append(docs.assign(theme=theme, matches=docs["doc_id"].map(matched).fillna(0).astype("int64")))
    if not frames:
        return pd.DataFrame({column: [] for column in columns})
    # docs keeps one index value per document: a stable sort on it groups each document's themes
    table = pd.concat(frames).sort_index(kind="stable").reset_index(drop=True)
    table["rate_per_10k"] = table["matches"] / table["n_chars"] * 10_000
    return store.label_strings(table[columns])  # a compact table's doc_id as strings, as from a default one


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
    folder = Path(folder or THEMES_DIR)
    themes = load_themes(folder)
    rows = []
    for theme in sorted(themes):
        source, reading = [], False
        for text in header_comments(folder / f"{theme}.txt"):
            if text.startswith("Source:"):
                reading, text = True, text[len("Source:"):].strip()
            elif reading and not text:
                break
            if reading:
                source.append(text)
        rows.append((theme, len(themes[theme]), " ".join(source)))
    return pd.DataFrame(rows, columns=["theme", "n_terms", "source"])


def theme_attention_by_report(
    freq: pd.DataFrame,
    reports: pd.DataFrame,
    doc_ids: Iterable[str] | None = None,
    themes: Mapping[str, Iterable[str]] | None = None,
) -> pd.DataFrame:
    """Theme attention (:func:`theme_attention`) of each report, by city and year.

    Args:
        freq: a :func:`govreports.measures.keywords.frequency_table` of (at least) the reports.
        reports: one row per report with ``doc_id, label, city, year, partial`` (e.g. a
            :func:`govreports.compare.comparability.comparability_table` or
            :func:`govreports.documents.reports_table`).
        doc_ids: the reports to show (default: every row of ``reports``).
        themes: ``{theme: terms}``; default :func:`load_themes`.

    Returns:
        DataFrame ``theme, city, year, doc_id, label, partial, matches, n_chars, rate_per_10k``
        sorted by theme, city, year; ``rate_per_10k`` (matches per 10,000 characters) is the
        length-normalised measure.
    """
    table = reports if doc_ids is None else reports[reports["doc_id"].isin(set(doc_ids))]
    columns = ["theme", "city", "year", "doc_id", "label", "partial", "matches", "n_chars", "rate_per_10k"]
    attention = theme_attention(freq[freq["doc_id"].isin(set(table["doc_id"]))], themes)
    if attention.empty:
        return pd.DataFrame({column: [] for column in columns})
    merged = attention.merge(table[["doc_id", "label", "city", "year", "partial"]], on="doc_id", how="inner")
    merged = merged.sort_values(["theme", "city", "year", "doc_id"], kind="stable")
    return merged[columns].reset_index(drop=True)
