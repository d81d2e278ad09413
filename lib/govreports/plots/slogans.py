"""Figures of slogans (提法): the most used, shared across reports, a superior report's in the reports
under it, each place's own. Each takes tidy tables and returns a matplotlib figure.

Figures have fixed sizes (a long table is cut to its first rows by the caller, not squeezed).
Each function registers the bundled Chinese font (:func:`govreports.plots.use_chinese_font`)
before drawing, so labels never render as boxes. Save them with
:func:`govreports.plots.save_figure`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.ticker import MaxNLocator

from govreports.documents import report_labels, year_key
from govreports.plots import cell_grid, fit_layout, use_chinese_font

KIND_COLOURS = {"phrase": "#3b6ea5", "numbered": "#e39b2d"}
#: Colours of a use count in a cell: none, 1, 2, 3-4, 5+.
_COUNT_BOUNDS = [0, 1, 2, 3, 5, 1000]
_COUNT_COLOURS = ["#f4f4f4", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
_COUNT_LABELS = ["0", "1", "2", "3-4", "5+"]


def _count_grid(ax, counts: pd.DataFrame, col_labels: list[str], *, fontsize: float = 7.5):
    """Draw ``counts`` (rows × columns of integers) as coloured cells with the count written in."""
    cmap, norm = ListedColormap(_COUNT_COLOURS), BoundaryNorm(_COUNT_BOUNDS, len(_COUNT_COLOURS))
    values = counts.to_numpy()
    ax.imshow(values, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    for (i, j), v in np.ndenumerate(values):
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=fontsize - 1.5,
                    color="white" if v >= 3 else "#222222")
    ax.set_yticks(range(len(counts)), counts.index, fontsize=fontsize)
    ax.set_xticks(range(len(col_labels)), col_labels, rotation=60, ha="right", fontsize=8)
    cell_grid(ax, len(counts), len(col_labels), linewidth=0.8)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in _COUNT_COLOURS[1:]]
    return handles, _COUNT_LABELS[1:]


def plot_top_slogans(table: pd.DataFrame, n: int = 25):
    """Two bar panels for the ``n`` most used slogans: uses (``count``) and reports (``n_docs``).

    Args:
        table: the slogans table (:func:`govreports.measures.slogans.slogans_table`), already sorted by
            ``count`` descending then ``slogan``; its first ``n`` rows are drawn, top down.
        n: how many slogans.
    """
    use_chinese_font()
    top = table.head(n).iloc[::-1]
    colours = [KIND_COLOURS.get(k, "#999999") for k in top["kind"]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.0, 7.0), sharey=True, gridspec_kw={"width_ratios": [3, 2]})
    left.barh(top["slogan"], top["count"], color=colours)
    right.barh(top["slogan"], top["n_docs"], color=colours)
    for ax, column in ((left, "count"), (right, "n_docs")):
        for y, value in enumerate(top[column]):
            ax.text(value, y, f" {value}", va="center", fontsize=7)
        ax.margins(x=0.12)
    left.set_xlabel("使用次数 uses (count)")
    right.set_xlabel("报告数 reports using it (n_docs)")
    left.tick_params(axis="y", labelsize=9)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in KIND_COLOURS.values()]
    right.legend(handles, list(KIND_COLOURS), loc="lower right", frameon=False, fontsize=8, title="kind", title_fontsize=8)
    fig.suptitle(f"最常用的提法 The {len(top)} most used slogans", fontsize=12)
    fit_layout(fig)
    return fig


def plot_slogan_heatmap(counts: pd.DataFrame, reports: pd.DataFrame, *, highlight: str | None = None):
    """Slogan × report heatmap: uses of each slogan (rows) in each report (columns).

    Args:
        counts: integer table, slogans × ``doc_id`` (rows and columns in the order to draw, e.g.
            :func:`govreports.compare.slogans.slogan_counts` of
            :func:`~govreports.compare.slogans.shared_slogans` and
            :func:`~govreports.documents.year_order`).
        reports: rows with ``doc_id``, ``partial`` and ``year``, ``city``, ``doc_type``, for the column
            labels (:func:`govreports.documents.report_label`; ``*`` = partial).
        highlight: a ``doc_id`` whose column label is drawn in red (e.g. the province's report).
    """
    use_chinese_font()
    labels = report_labels(reports, counts.columns)
    many = len(counts.columns) > 20  # more columns: a wider figure and upright labels, so none overlap
    fig, ax = plt.subplots(figsize=(max(8.0, 3.0 + 0.2 * len(counts.columns)), 13.0))
    handles, names = _count_grid(ax, counts, labels, fontsize=8 if not many else 6.5)
    ax.xaxis.tick_top()
    plt.setp(ax.get_xticklabels(), rotation=90 if many else 60, ha="center" if many else "left")
    for doc_id, label in zip(counts.columns, ax.get_xticklabels()):
        if doc_id == highlight:
            label.set_color("#b2182b")
    ax.legend(handles, names, title="uses", title_fontsize=8, fontsize=8, frameon=False,
              loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_xlabel("* partial in this source: a slogan absent there may stand in the missing text", fontsize=8)
    fig.suptitle(f"报告间共用的提法 Slogans shared by reports ({len(counts)} rows)", fontsize=12)
    fit_layout(fig)
    return fig


def plot_province_slogans(counts: pd.DataFrame, coverage: pd.DataFrame, *, province_label: str = "the superior report"):
    """A superior report's slogans (rows) and the reports under it that use them (columns).

    Args:
        counts: integer table, province slogans × city ``doc_id`` (uses in the city report).
        coverage: :func:`govreports.compare.slogans.province_share_by_report` for the same
            city reports: each column is labelled with how many province slogans it uses.
        province_label: how the superior report is named in the title (e.g. ``2020 浙江``).
    """
    use_chinese_font()
    info = coverage.set_index("doc_id")
    labels = [
        f"{label}\n{info.at[d, 'n_province']}/{info.at[d, 'n_province_total']}"
        for d, label in zip(counts.columns, report_labels(coverage, counts.columns))
    ]
    many = len(counts.columns) > 10  # more columns: a wider figure and upright labels, so none overlap
    if many:
        labels = [label.replace("\n", " ") for label in labels]
    fig, ax = plt.subplots(figsize=(max(7.0, 3.0 + 0.3 * len(counts.columns)), 11.0))
    handles, names = _count_grid(ax, counts, labels, fontsize=8.5 if not many else 6.5)
    ax.xaxis.tick_top()
    plt.setp(ax.get_xticklabels(), rotation=90 if many else 0, ha="center", fontsize=8 if not many else 7)
    # A line between years: reports of an earlier year cannot have taken a slogan from this one.
    years = [year_key(info.at[d, "year"]) for d in counts.columns]
    for j in range(1, len(years)):
        if years[j] != years[j - 1]:
            ax.axvline(j - 0.5, color="#222222", linewidth=1.2)
    ax.legend(handles, names, title="uses in the report", title_fontsize=8, fontsize=8, frameon=False,
              loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_xlabel("n/N: of the superior report's N slogans, n used by this report.  * partial in this source", fontsize=8)
    fig.suptitle(f"上级报告的提法在下级报告中 {province_label}: its slogans in the reports under it ({len(counts)} rows)", fontsize=11)
    fit_layout(fig)
    return fig


def plot_city_only_slogans(own: pd.DataFrame, summary: pd.DataFrame, n: int = 8, ncols: int = 4):
    """Small multiples: for each place, its most used slogans that no other place uses.

    Args:
        own: :func:`govreports.compare.slogans.city_only_slogans` (sorted by city, count desc,
            slogan): the first ``n`` rows of each city are drawn, top down.
        summary: :func:`govreports.compare.slogans.city_slogan_summary`, for the panel titles.
        n: slogans per panel.
        ncols: panels per row.
    """
    use_chinese_font()
    info = summary.set_index("city")
    cities = list(summary["city"])
    nrows = max(1, -(-len(cities) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(10.0, 3.0 * nrows + 0.6), squeeze=False)
    xmax = max(1, int(own.groupby("city").head(n)["count"].max())) if len(own) else 1
    for ax, city in zip(axes.flat, cities):
        top = own[own["city"] == city].head(n).iloc[::-1]
        ax.barh(range(len(top)), top["count"], color=[KIND_COLOURS.get(k, "#999999") for k in top["kind"]])
        ax.set_yticks(range(len(top)), top["slogan"], fontsize=8)
        ax.set_xlim(0, xmax * 1.1)
        ax.set_ylim(-0.6, n - 0.4)
        star = " *" if info.at[city, "n_partial"] else ""
        ax.set_title(f"{city}{star}: {int(info.at[city, 'n_own'])} own / {int(info.at[city, 'n_slogans'])}", fontsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="x", labelsize=7)
    for ax in list(axes.flat)[len(cities):]:
        ax.set_visible(False)
    fig.supxlabel("使用次数 uses.  n own / N: of the N distinct slogans of this place's reports, n are used by no other place.  * a report of this place is partial in the source", fontsize=8)
    fig.suptitle(f"各地独有的提法 Each place's own slogans (used by no other place; top {n} by uses)", fontsize=11, x=0.45)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in KIND_COLOURS.values()]
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.legend(handles, list(KIND_COLOURS), loc="upper right", ncol=2, frameon=False, fontsize=8)
    return fig
