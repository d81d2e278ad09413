"""Figures of the cross-city comparisons: distinctive words, similarity matrices, theme attention,
year-over-year changes and GDP targets. Each takes tidy tables of :mod:`govreports.compare` and
returns a matplotlib figure; save it with :func:`govreports.plots.save_figure`.

Every figure says what it includes: the caller passes the caption line of
:func:`govreports.compare.comparability.includes_note`, drawn at the bottom. Reports carry the labels of the
comparability table (``2020 宁波``; ``*`` marks a report partial in its source, drawn pale or
hollow). Sizes are fixed by the number of panels or rows, never by the data's values; cities get
fixed colours in sorted order, so a rerun draws the same figure. Every function registers the
bundled Chinese font (:func:`govreports.plots.use_chinese_font`) first.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from govreports.plots import draw_caption, nothing_to_draw, term_bars, use_chinese_font

ROSE_COLOUR, FELL_COLOUR = "#b2182b", "#2166ac"
LEVEL_ABOVE_COLOUR = "#444444"
CITY_PALETTE = plt.get_cmap("tab10").colors
_QUALIFIER_MARKERS = {"at_least": "^", "at_most": "v", "range": "s", "about": "o", "exact": "o"}
_QUALIFIER_NAMES = {"at_least": "以上 at least", "at_most": "以内 at most", "range": "区间 range", "about": "左右 about"}


def city_colours(cities) -> dict[str, tuple]:
    """A fixed colour per city, by sorted name (the same city, the same colour, in every figure)."""
    return {city: CITY_PALETTE[i % len(CITY_PALETTE)] for i, city in enumerate(sorted(set(cities)))}


#: Most places drawn in a colour of their own; with more, the places with the most reports (two or
#: more) keep theirs and the rest are grey (so no two places share a colour in one figure).
MAX_COLOURED = 10
OTHER_COLOUR = "#bbbbbb"


def _coloured_places(table: pd.DataFrame) -> tuple[dict[str, tuple], int]:
    """Colours of the places drawn in colour (:data:`MAX_COLOURED` at most) and how many are grey."""
    places = sorted(set(table["city"]))
    if len(places) <= MAX_COLOURED:
        return city_colours(places), 0
    n_reports = table.groupby("city")["doc_id"].nunique() if "doc_id" in table.columns else table.groupby("city").size()
    # Only places with two or more reports keep a colour (their line is the point); never chosen by name alone.
    keep = [c for c in sorted(places, key=lambda c: (-n_reports.get(c, 0), c)) if n_reports.get(c, 0) > 1][:MAX_COLOURED - 1]
    return city_colours(keep), len(places) - len(keep)


def year_ticks(years: list[int], most: int = 7) -> list[str]:
    """Tick labels for ``years``: every year while few, else every k-th and the last (the rest blank).

    Example:
        >>> year_ticks([2019, 2020]), year_ticks(list(range(2005, 2018)) + [2025])[:4]
        (['2019', '2020'], ['2005', '', '2007', ''])
    """
    step = max(1, -(-len(years) // most))
    return [str(y) if i % step == 0 or i == len(years) - 1 else "" for i, y in enumerate(years)]


def _panel_grid(n: int, ncols: int, *, width: float, panel_height: float, extra: float = 1.1):
    nrows = max(1, -(-n // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, nrows * panel_height + extra), squeeze=False)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat)


def plot_distinctive_words(top: pd.DataFrame, groups: pd.DataFrame, *, caption: str = "", alpha0: float, ncols: int = 4):
    """Small multiples: each city's most distinctive terms against the rest, as z-scores.

    Args:
        top: :func:`govreports.compare.distinctive.top_distinctive` (``city, rank, term, z, count``).
        groups: :func:`govreports.compare.comparability.city_groups` (panel order: province first, then
            cities; ``n_reports``, ``n_partial`` for the panel titles).
        caption: what the figure includes (:func:`govreports.compare.comparability.includes_note`).
        alpha0: the prior weight used, stated in the title.
        ncols: panels per row.

    All panels share one z scale; the number at a bar is the term's count in the city.
    """
    use_chinese_font()
    cities = [c for c in groups["city"] if c in set(top["city"])]
    n_terms = max(1, int(top.groupby("city").size().max())) if len(top) else 1
    fig, axes = _panel_grid(max(1, len(cities)), ncols, width=10.0, panel_height=0.2 * n_terms + 0.75)
    if not cities:
        nothing_to_draw(axes[0], "fewer than two places are compared")
    zmax = float(top["z"].max()) if len(top) else 1.0
    info = groups.set_index("city")
    for ax, city in zip(axes, cities):
        rows = top[top["city"] == city].iloc[::-1]
        partial = int(info.at[city, "n_partial"]) > 0
        term_bars(ax, rows, "z", partial=partial, n_terms=n_terms, xmax=zmax)
        ax.axvline(1.96, color="#888888", linewidth=0.7, linestyle=":")
        n, p = int(info.at[city, "n_reports"]), int(info.at[city, "n_partial"])
        ax.set_title(f"{city} ({n} report{'s' if n > 1 else ''}{', ' + str(p) + ' partial *' if p else ''})", fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
    fig.suptitle(f"各地特色词 Distinctive terms of each place against all other reports "
                 f"(log-odds, informative Dirichlet prior, α0 = {alpha0:g})", fontsize=10.5)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    if cities:
        fig.text(0.5, 0.035, "z-score of the log-odds ratio (dotted: z = 1.96; number at bar: count in the place); "
                 "place names left out", fontsize=8, ha="center")
    draw_caption(fig, caption)
    return fig


#: Largest heatmap (reports per side) whose cells carry their values written in.
ANNOTATE_MAX = 16


def _matrix_heatmap(ax, matrix: pd.DataFrame, labels: list[str], *, vmax: float, fmt: str, cmap: str):
    values = matrix.to_numpy(dtype=float)
    shown = values.copy()
    np.fill_diagonal(shown, np.nan)  # the diagonal (1) would swamp the scale
    image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=vmax, aspect="equal", interpolation="nearest")
    # Written values only while they fit in their cells; with more reports the colour bar reads them.
    annotate = len(labels) <= ANNOTATE_MAX
    for (i, j), value in np.ndenumerate(values):
        if annotate and i != j and not np.isnan(value):
            ax.text(j, i, format(value, fmt), ha="center", va="center", fontsize=7,
                    color="white" if value > vmax * 0.6 else "#222222")
    ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    return image


def plot_similarity_heatmap(matrix: pd.DataFrame, order: list[str], labels: dict[str, str], *, title: str,
                            measure: str, caption: str = "", cmap: str = "Blues"):
    """A report × report similarity matrix as a heatmap, rows and columns in the order given.

    Args:
        matrix: a square similarity matrix (:func:`govreports.compare.similarity.report_similarity` or
            :func:`govreports.compare.similarity.slogan_jaccard`).
        order: the reports in drawing order (:func:`govreports.compare.similarity.average_linkage_order`).
        labels: ``doc_id → label``.
        title: the figure title.
        measure: what a cell holds, for the colour bar.
        caption: what the figure includes.
        cmap: colour map.

    The colour scale runs from 0 to the largest value off the diagonal; the diagonal is blank.
    """
    use_chinese_font()
    ordered = matrix.loc[order, order]
    off = ordered.to_numpy(dtype=float)[~np.eye(len(order), dtype=bool)]
    vmax = float(np.nanmax(off)) if off.size and not np.isnan(off).all() else 1.0
    side = max(7.0, 0.24 * len(order) + 2.0)
    fig, ax = plt.subplots(figsize=(side + 0.5, side))
    if len(order) < 2:
        nothing_to_draw(ax, "fewer than two reports are compared")
    else:
        image = _matrix_heatmap(ax, ordered, [labels[d] for d in order], vmax=vmax or 1.0, fmt=".2f", cmap=cmap)
        bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        bar.set_label(measure, fontsize=8)
        bar.ax.tick_params(labelsize=7)
    ax.set_title(title, fontsize=10.5)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    draw_caption(fig, caption)
    return fig


def plot_theme_attention(attention: pd.DataFrame, *, caption: str = "", ncols: int = 4):
    """Small multiples, one per theme: matches per 10,000 characters by year, one line per city.

    Args:
        attention: :func:`govreports.measures.themes.theme_attention_by_report` (``theme, city, year,
            partial, rate_per_10k``).
        caption: what the figure includes.
        ncols: panels per row (the legend takes a free panel if there is one).

    A city with two reports is joined by a line; a partial report is a hollow marker.
    """
    use_chinese_font()
    themes = sorted(attention["theme"].unique())
    colours, others = _coloured_places(attention)
    years = sorted(int(y) for y in attention["year"].dropna().unique())
    fig, axes = _panel_grid(len(themes) + 1, ncols, width=10.0, panel_height=2.3)
    ymax = float(attention["rate_per_10k"].max()) * 1.1 if len(attention) else 1.0
    for ax, theme in zip(axes, themes):
        rows = attention[attention["theme"] == theme]
        for city, group in rows.groupby("city", sort=True):
            group = group.dropna(subset=["year"]).sort_values("year")
            colour = colours.get(city, OTHER_COLOUR)
            ax.plot(group["year"].astype(int), group["rate_per_10k"], color=colour, linewidth=1.2,
                    zorder=3 if city in colours else 2)
            for year, rate, partial in zip(group["year"].astype(int), group["rate_per_10k"], group["partial"]):
                ax.plot([year], [rate], marker="o", markersize=5.5, color=colour, zorder=3 if city in colours else 2,
                        markerfacecolor="white" if partial else colour, linestyle="none")
        if others and len(rows):
            best = rows.sort_values(["rate_per_10k", "city"], ascending=[False, True]).iloc[0]
            if not pd.isna(best["year"]):
                ax.annotate(best["city"], (int(best["year"]), best["rate_per_10k"]), xytext=(5, 0),
                            textcoords="offset points", fontsize=7, va="center", color="#333333")
        ax.set_title(theme.replace("_", " "), fontsize=9)
        ax.set_xticks(years, year_ticks(years), fontsize=7)
        ax.set_xlim(min(years, default=0) - 0.5, max(years, default=1) + 0.5)
        ax.set_ylim(0, ymax)
        ax.tick_params(axis="y", labelsize=7)
    legend_ax = axes[len(themes)]
    legend_ax.axis("off")
    if attention.empty:
        nothing_to_draw(legend_ax, "no reports are compared")
    handles = [plt.Line2D([], [], color=c, marker="o", linewidth=1.2) for c in colours.values()]
    names = list(colours)
    if others:
        handles.append(plt.Line2D([], [], color=OTHER_COLOUR, marker="o", linewidth=1.2))
        names.append(f"{others} other places (grey; the highest is named)")
    if attention["partial"].astype(bool).any():  # a legend lists only what the figure draws
        handles.append(plt.Line2D([], [], color="#666666", marker="o", markerfacecolor="white", linestyle="none"))
        names.append("hollow: partial *")
    legend_ax.legend(handles, names, loc="center", frameon=False, fontsize=8,
                     ncol=2 if len(names) > 6 else 1)
    fig.suptitle("主题关注度 Theme attention by place and year (dictionary matches per 10,000 characters, same scale)",
                 fontsize=10.5)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    draw_caption(fig, caption)
    return fig


def plot_term_changes(changes: pd.DataFrame, slogans: pd.DataFrame, *, caption: str = ""):
    """For each pair of a city's reports: the terms whose rate rose and fell most.

    Args:
        changes: :func:`govreports.compare.years.pair_term_changes` (``pair, direction, term,
            count_before, count_after, change``).
        slogans: :func:`govreports.compare.years.pair_slogan_summary` (``pair, n_new, n_dropped``),
            stated under each panel's title.
        caption: what the figure includes.

    Bars are the change in rate per 10,000 characters; ``a→b`` at a bar are the counts.
    """
    use_chinese_font()
    pairs = list(dict.fromkeys(changes["pair"]))
    n_rows = max(1, int(changes.groupby("pair").size().max())) if len(changes) else 1
    fig, axes = plt.subplots(1, max(1, len(pairs)), figsize=(max(8.0, 5.0 * len(pairs)), max(2.6, 0.22 * n_rows + 1.9)), squeeze=False)
    info = slogans.set_index("pair")
    span = float(changes["change"].abs().max()) if len(changes) else 1.0
    for ax, pair in zip(axes.flat, pairs):
        rows = changes[changes["pair"] == pair].iloc[::-1].reset_index(drop=True)
        ax.barh(range(len(rows)), rows["change"],
                color=[ROSE_COLOUR if d == "rose" else FELL_COLOUR for d in rows["direction"]])
        for y, row in rows.iterrows():
            right = row["change"] >= 0
            ax.text(row["change"], y, f" {row['count_before']}→{row['count_after']}" if right else
                    f"{row['count_before']}→{row['count_after']} ", va="center", ha="left" if right else "right",
                    fontsize=6.5, color="#444444")
        ax.set_yticks(range(len(rows)), rows["term"], fontsize=8)
        ax.set_ylim(-0.6, n_rows - 0.4)
        ax.axvline(0, color="#222222", linewidth=0.8)
        ax.set_xlim(-span * 1.45, span * 1.45)
        ax.tick_params(axis="x", labelsize=7)
        subtitle = ""
        if pair in info.index:
            counts = info.loc[pair]
            subtitle = f"\n提法 slogans: {counts['n_new']} new, {counts['n_dropped']} dropped, {counts['n_kept']} kept"
        ax.set_title(pair + subtitle, fontsize=9)
        ax.set_xlabel("change in rate per 10,000 characters (a→b: counts)", fontsize=7.5)
    if not pairs:
        nothing_to_draw(axes.flat[0], "no pair asked for is in this corpus")
    fig.suptitle("同一地方的逐年变化 Year over year: terms whose rate rose (red) or fell (blue) most", fontsize=10.5)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    draw_caption(fig, caption)
    return fig


def plot_gdp_targets(gdp: pd.DataFrame, *, caption: str = "", named: int = 3):
    """GDP growth targets by place and year, with the level above's target as the reference.

    Args:
        gdp: :func:`govreports.compare.targets.gdp_targets` (``city, year, point, value_low,
            value_high, qualifier, is_province, has_target``).
        caption: what the figure includes.
        named: reports with the same target in the same year share one label; up to this many
            are named, more are counted.

    A report's target is a marker at its year (a triangle for 以上, a circle for 左右, a square for
    a range, with its span drawn); the reference (``is_province``: the highest level of that year)
    is a grey band over its year (the range) and a dashed line at its middle. Reports without a
    target in our text are named under the axis, never drawn as zero.
    """
    use_chinese_font()
    cities = gdp[~gdp["is_province"] & gdp["has_target"]]
    reference = gdp[gdp["is_province"] & gdp["has_target"]]
    many = cities["city"].nunique() > 10
    colours = city_colours(cities["city"]) if not many else {c: "#2c6fb0" for c in cities["city"]}
    years = sorted(int(y) for y in gdp["year"].dropna().unique())
    fig, ax = plt.subplots(figsize=(8.0, 5.0))
    for _, row in reference.iterrows():
        year, low, high = int(row["year"]), row["value_low"], row["value_high"]
        low = row["point"] if pd.isna(low) else low
        high = row["point"] if pd.isna(high) else high
        ax.fill_between([year - 0.45, year + 0.45], low, high, color=LEVEL_ABOVE_COLOUR, alpha=0.15, linewidth=0)
        ax.hlines(row["point"], year - 0.45, year + 0.45, colors=LEVEL_ABOVE_COLOUR, linestyles="--", linewidth=1.2)
        ax.annotate(f"{row['city']} (level above)", (year - 0.45, row["point"]), xytext=(-4, 0),
                    textcoords="offset points", va="center", ha="right", fontsize=7, color="#555555")
    offsets = {}
    for _, group in cities.groupby("year", sort=True):
        group = group.sort_values(["city", "doc_id"])
        spread = min(0.2, 0.8 / max(len(group), 1))
        for k, doc_id in enumerate(group["doc_id"]):
            offsets[doc_id] = (k - (len(group) - 1) / 2) * spread
    for _, row in cities.sort_values(["year", "city"]).iterrows():
        x = int(row["year"]) + offsets[row["doc_id"]]
        colour = colours[row["city"]]
        if not pd.isna(row["value_low"]) and not pd.isna(row["value_high"]) and row["value_low"] != row["value_high"]:
            ax.vlines(x, row["value_low"], row["value_high"], colors=colour, linewidth=2)
        partial = row["label"].endswith("*")
        ax.plot([x], [row["point"]], marker=_QUALIFIER_MARKERS.get(row["qualifier"], "o"), markersize=8 if not many else 6,
                color=colour, markerfacecolor="white" if partial else colour, linestyle="none")
    # A place with reports of several years is a line, labelled where its target changes; the other
    # reports get one label per (year, value), shared by equal targets, so labels do not sit on each other.
    n_years = cities.groupby("city")["year"].nunique()
    in_series = sorted(n_years[n_years > 1].index)
    for city in in_series:
        rows = cities[cities["city"] == city].sort_values(["year", "doc_id"])
        xs = [int(y) + offsets[d] for y, d in zip(rows["year"], rows["doc_id"])]
        ax.plot(xs, rows["point"], color=colours[city], linewidth=1, alpha=0.6, zorder=1)
        previous = None
        for x, point in zip(xs, rows["point"]):
            if point != previous:
                ax.annotate(f"{city} {point:g}" if previous is None else f"{point:g}", (x, point), xytext=(0, 7),
                            textcoords="offset points", fontsize=7.5, ha="center", va="bottom", color=colours[city])
            previous = point
    for (year, point), group in cities[~cities["city"].isin(in_series)].groupby(["year", "point"], sort=True):
        names = list(dict.fromkeys(group.sort_values(["city", "doc_id"])["city"]))
        text = ", ".join(names) if len(names) <= named else f"{len(names)} reports"
        right = max(int(year) + offsets[d] for d in group["doc_id"])
        ax.annotate(f"{text} {point:g}", (right, point), xytext=(7, 0), textcoords="offset points", fontsize=7.5,
                    va="center", ha="left", color=colours[names[0]] if len(names) == 1 else "#333333")
    ax.set_xticks(years, year_ticks(years))
    ax.set_xlim(min(years, default=0) - 0.9, max(years, default=1) + 0.9)
    values = gdp.loc[gdp["has_target"], ["value_low", "value_high", "point"]].stack()
    if len(values):
        ax.set_ylim(float(values.min()) - 0.6, float(values.max()) + 0.6)
    else:
        ax.text(0.5, 0.5, "nothing to draw: no compared report states a GDP growth target", transform=ax.transAxes,
                ha="center", va="center", fontsize=10, color="#444444")
    ax.set_ylabel("GDP 增长目标 GDP growth target (%)")
    present = [q for q in ("at_least", "about", "range", "at_most") if q in set(cities["qualifier"])]
    handles = [plt.Line2D([], [], marker=_QUALIFIER_MARKERS[q], linestyle="none", color="#555555", markersize=7,
                          label=_QUALIFIER_NAMES[q]) for q in present]
    if cities["label"].astype(str).str.endswith("*").any():
        handles.append(plt.Line2D([], [], marker="o", linestyle="none", color="#555555", markerfacecolor="white",
                                  markersize=7, label="hollow: partial *"))
    if len(reference):
        handles.append(plt.Rectangle((0, 0), 1, 1, color=LEVEL_ABOVE_COLOUR, alpha=0.3, label="level above (band: its range)"))
    if handles:
        ax.legend(handles=handles, fontsize=7.5, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    missing = gdp.loc[~gdp["has_target"], "label"].tolist()
    note = ""
    if missing:
        shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
        note = f"\nno GDP target in our text: {shown}"
    ax.set_xlabel(f"report year (each target is for the year of its report){note}", fontsize=8)
    ax.set_title("GDP 增长目标 GDP growth targets by place and year, the level above as reference (grey)", fontsize=10)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    draw_caption(fig, caption)
    return fig
