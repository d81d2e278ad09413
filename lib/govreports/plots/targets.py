"""Figures of growth targets: targets by report, coverage, layering across levels, target vs outcome.
Each takes a table of :mod:`govreports.compare.targets` and returns a matplotlib figure.

A target is drawn by its qualifier (:data:`QUALIFIER_STYLE`): a dot for 左右 (about), a diamond
for a bare number (exact), a right-pointing triangle at the bound for 以上 (at least), a
left-pointing one for 以内 (at most), a bar from low to high for a range. A report without the
target is written out as such (未提 not stated, 无目标段落 no target passage), never drawn as zero.
Each function registers the bundled Chinese font (:func:`govreports.plots.use_chinese_font`)
before drawing; the size depends only on the number of rows. Save with
:func:`govreports.plots.save_figure`.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import blended_transform_factory

from govreports.compare.targets import ABOUT_TOLERANCE, NO_PASSAGE, NOT_STATED, NUMBER, QUALITATIVE, STATUSES
from govreports.documents import report_label
from govreports.measures.targets import indicator_labels
from govreports.plots import cell_grid, use_chinese_font

#: Marker and legend label of each qualifier.
QUALIFIER_STYLE = {
    "about": ("o", "左右 about"),
    "exact": ("D", "确数 exact"),
    "at_least": (">", "以上 at least"),
    "at_most": ("<", "以内 at most"),
    "range": ("|", "区间 range"),
}
STATUS_COLOURS = {NUMBER: "#2c6fb0", QUALITATIVE: "#a6cbe6", NOT_STATED: "#eeeeee", NO_PASSAGE: "#ffffff"}
STATUS_LABELS = {NUMBER: "数值目标 number", QUALITATIVE: "定性目标 qualitative", NOT_STATED: "未提 not stated",
                 NO_PASSAGE: "无目标段落 no target passage"}
VERDICT_COLOURS = {"met": "#1a9850", "exceeded": "#2c6fb0", "missed": "#d73027", "not judged": "#888888"}
PROVINCE_COLOUR = "#b2182b"
CITY_COLOUR = "#2c6fb0"
_MISSING_TEXT = {NOT_STATED: "未提 not stated", NO_PASSAGE: "无目标段落 no target passage", QUALITATIVE: "定性 qualitative"}


def indicator_label(code: str) -> str:
    """The short Chinese name of an indicator code (its ``label`` in ``data/indicators.csv``; the code if it has none)."""
    return indicator_labels().get(code, code)




def _draw_target(ax, y: float, qualifier: str, low: float, high: float, colour: str, size: float = 7) -> None:
    """One target at height ``y``, drawn by its qualifier."""
    if qualifier == "range":
        ax.plot([low, high], [y, y], color=colour, linewidth=3, solid_capstyle="butt", zorder=3)
        ax.plot([low, high], [y, y], linestyle="none", marker="|", markersize=size + 4, color=colour, zorder=3)
        return
    marker = QUALIFIER_STYLE.get(qualifier, ("o", ""))[0]
    value = high if qualifier == "at_most" else low
    if math.isnan(value):
        value = high
    ax.plot([value], [y], linestyle="none", marker=marker, markersize=size, color=colour, zorder=3)


def _signed(x: float) -> str:
    """``+0.25``, ``-1``, and ``0`` without a sign."""
    return "0" if x == 0 else f"{x:+g}"


def _right_end(qualifier: str, low: float, high: float) -> float:
    values = [v for v in (low, high) if not math.isnan(v)]
    return max(values) if values else math.nan


def _qualifier_legend(qualifiers) -> list[Line2D]:
    present = [q for q in QUALIFIER_STYLE if q in set(qualifiers)]
    return [Line2D([], [], linestyle="-" if q == "range" else "none", linewidth=3 if q == "range" else 0,
                   marker=QUALIFIER_STYLE[q][0], markersize=7, color="#555555", label=QUALIFIER_STYLE[q][1])
            for q in present]


def _x_limits(lows: pd.Series, highs: pd.Series, pad_left: float = 1.0, pad_right: float = 2.0) -> tuple[float, float]:
    values = pd.concat([lows, highs]).dropna()
    if values.empty:
        return 0.0, 10.0
    return math.floor(values.min() - pad_left), math.ceil(values.max() + pad_right)


def plot_indicator_targets(coverage: pd.DataFrame, indicator: str = "gdp_growth", *, highlight=""):
    """One indicator's target in every report: a row per report, drawn by qualifier.

    Args:
        coverage: :func:`govreports.compare.targets.coverage_table` (rows in report order); the
            rows of ``indicator`` are drawn, top down.
        indicator: the indicator code.
        highlight: a ``city`` or a collection of them (the highest level) whose rows are drawn in red.
    """
    use_chinese_font()
    highlight = {highlight} if isinstance(highlight, str) else set(highlight)
    rows = coverage[coverage["indicator"] == indicator].reset_index(drop=True)
    n = len(rows)
    fig, ax = plt.subplots(figsize=(8.0, 1.8 + 0.38 * max(n, 1)))
    numbers = rows[rows["status"] == NUMBER]
    left, right = _x_limits(numbers["value_low"], numbers["value_high"])
    ax.set_xlim(left, right)
    missing_x = blended_transform_factory(ax.transAxes, ax.transData)
    for i, row in rows.iterrows():
        y = n - 1 - i
        colour = PROVINCE_COLOUR if row["city"] in highlight else CITY_COLOUR
        if row["status"] == NUMBER:
            _draw_target(ax, y, row["qualifier"], row["value_low"], row["value_high"], colour)
            end = _right_end(row["qualifier"], row["value_low"], row["value_high"])
            ax.text(end + 0.15, y, row["target"], va="center", fontsize=8, color=colour)
        else:
            text = _MISSING_TEXT[row["status"]]
            if row["status"] == QUALITATIVE:
                text += f": {row['target']}"
            ax.text(0.01, y, text, transform=missing_x, va="center", fontsize=8, color="#777777", style="italic")
    labels = [report_label(r.year, r.city, r.doc_type, bool(r.partial), r.doc_id) for r in rows.itertuples()]
    ax.set_yticks(range(n), labels[::-1], fontsize=9)
    for label, city in zip(ax.get_yticklabels(), rows["city"][::-1]):
        if city in highlight:
            label.set_color(PROVINCE_COLOUR)
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    unit = "/".join(sorted(set(numbers["unit"]))) or "%"
    ax.set_xlabel(f"目标 target ({unit}).   * partial in the source", fontsize=9)
    handles = _qualifier_legend(numbers["qualifier"])
    if handles:
        ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(f"{indicator_label(indicator)}目标 {indicator} target by report "
                 f"({len(numbers)} numeric of {n} reports)", fontsize=11)
    fig.tight_layout()
    return fig


def plot_target_vs_outcome(pairs: pd.DataFrame, *, tolerance: float = ABOUT_TOLERANCE):
    """Each target beside its outcome: one row per (place, year, indicator) pair.

    The target is drawn by qualifier (grey; a light band shows the ±``tolerance`` of 左右), the
    outcome as a cross coloured by the verdict (:data:`VERDICT_COLOURS`). A qualitative target
    is written out; its outcome is shown, not judged. With no pair, the figure says so.

    Args:
        pairs: :func:`govreports.compare.targets.target_vs_outcome`; rows with a ``%`` outcome
            are drawn.
        tolerance: the band drawn around 左右 and bare-number targets.
    """
    use_chinese_font()
    rows = pairs[pairs["unit"].isin(["%", ""]) & pairs["outcome"].notna()].reset_index(drop=True) if len(pairs) else pairs
    n = len(rows)
    fig, ax = plt.subplots(figsize=(8.0, 2.2 + 0.75 * max(n, 1)))
    if n == 0:
        ax.axis("off")
        ax.text(0.5, 0.5, "No target–outcome pair in this corpus:\na pair needs a place's report of year Y "
                "(its targets)\nand its report of Y+1 (the results for Y)", ha="center", va="center", fontsize=11,
                transform=ax.transAxes)
        ax.set_title("目标与实际 Target vs outcome: no pair in this corpus", fontsize=11)
        return fig
    values = pd.concat([rows["value_low"], rows["value_high"], rows["outcome"]])
    left, right = _x_limits(values, values, pad_left=1.0, pad_right=3.5)
    ax.set_xlim(left, right)
    grey = "#555555"
    for i, row in rows.iterrows():
        y = n - 1 - i
        if row["qualifier"] in ("about", "exact"):
            ax.fill_betweenx([y - 0.25, y + 0.25], row["target_value"] - tolerance, row["target_value"] + tolerance,
                             color="#dddddd", linewidth=0, zorder=1)
        if row["qualifier"] != "qualitative":
            _draw_target(ax, y + 0.12, row["qualifier"], row["value_low"], row["value_high"], grey)
        colour = VERDICT_COLOURS.get(row["verdict"], grey)
        ax.plot([row["outcome"]], [y - 0.12], linestyle="none", marker="X", markersize=9, color=colour, zorder=4)
        estimate = " 预计" if row["is_estimate"] else ""
        gap = "" if pd.isna(row["gap"]) else f", gap {_signed(row['gap'])}"
        note = f"目标 {row['target']} → 实际 {row['outcome']:g}{row['unit']}{estimate}: {row['verdict']}{gap}"
        ends = [row["outcome"], _right_end(row["qualifier"], row["value_low"], row["value_high"])]
        if row["qualifier"] in ("about", "exact"):
            ends.append(row["target_value"] + tolerance)
        ax.text(max(e for e in ends if not pd.isna(e)) + 0.2, y, note, va="center", fontsize=8, color=colour)
    labels = [f"{r.city} {r.year}\n{r.indicator_text}" for r in rows.itertuples()]
    ax.set_yticks(range(n), labels[::-1], fontsize=9)
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlabel(f"增长 growth (%).  grey band: ±{tolerance:g} pp around a 左右 target; "
                  "outcome from the next year's report", fontsize=8.5)
    handles = _qualifier_legend(rows["qualifier"])
    handles += [Line2D([], [], linestyle="none", marker="X", markersize=8, color=c, label=f"实际 {v}")
                for v, c in VERDICT_COLOURS.items() if v in set(rows["verdict"])]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    n_met = int(rows["met"].fillna(False).astype(bool).sum())
    n_judged = int(rows["met"].notna().sum())
    ax.set_title(f"目标与实际 Target vs outcome ({n} pairs; {n_met} of {n_judged} judged met)", fontsize=11)
    fig.tight_layout()
    return fig


def plot_coverage(coverage: pd.DataFrame):
    """Reports × main indicators: a number (written in), qualitative, not stated, or no target passage.

    Args:
        coverage: :func:`govreports.compare.targets.coverage_table` (reports in order, top down;
            indicators in order, left to right).
    """
    use_chinese_font()
    docs = list(dict.fromkeys(coverage["doc_id"]))
    codes = list(dict.fromkeys(coverage["indicator"]))
    if not docs or not codes:
        fig, ax = plt.subplots(figsize=(8.0, 3.0))
        ax.axis("off")
        ax.text(0.5, 0.5, "No report in this corpus: nothing to cover", ha="center", va="center", fontsize=11,
                transform=ax.transAxes)
        ax.set_title("目标覆盖 Which report sets which target", fontsize=11)
        return fig
    cells = coverage.set_index(["doc_id", "indicator"])
    status_index = {s: i for i, s in enumerate(STATUSES)}
    grid = np.array([[status_index[cells.at[(d, c), "status"]] for c in codes] for d in docs], dtype=float)
    fig, ax = plt.subplots(figsize=(10.0, 2.9 + 0.42 * max(len(docs), 1)))
    cmap = ListedColormap([STATUS_COLOURS[s] for s in STATUSES])
    ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(STATUSES) - 0.5, aspect="auto", interpolation="nearest")
    for i, d in enumerate(docs):
        for j, c in enumerate(codes):
            status = cells.at[(d, c), "status"]
            if status == NUMBER:
                ax.text(j, i, cells.at[(d, c), "target"], ha="center", va="center", fontsize=6.5, color="white")
            elif status == QUALITATIVE:
                ax.text(j, i, "定性", ha="center", va="center", fontsize=7, color="#1f3d5c")
            elif status == NOT_STATED:
                ax.text(j, i, "–", ha="center", va="center", fontsize=8, color="#999999")
            else:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="xxx", edgecolor="#c8c8c8",
                                       linewidth=0))
    first = coverage.drop_duplicates("doc_id").set_index("doc_id")
    labels = [report_label(first.at[d, "year"], first.at[d, "city"], first.at[d, "doc_type"],
                           bool(first.at[d, "partial"]), d) for d in docs]
    ax.set_yticks(range(len(docs)), labels, fontsize=9)
    ax.set_xticks(range(len(codes)), [indicator_label(c) for c in codes], rotation=45, ha="left", fontsize=8.5)
    ax.xaxis.tick_top()
    cell_grid(ax, len(docs), len(codes), linewidth=1.2)
    handles = [Patch(facecolor=STATUS_COLOURS[s], edgecolor="#c8c8c8", hatch="xxx" if s == NO_PASSAGE else None,
                     label=STATUS_LABELS[s]) for s in STATUSES]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.02),
              ncol=len(handles))
    fig.suptitle("目标覆盖 Which report sets which target (missing is shown as missing; * partial in the source)",
                 fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    return fig


def plot_level_comparison(levels: pd.DataFrame, *, max_reports: int = 60):
    """Each report's target beside its superior's: one panel per indicator, a block per superior report.

    In each block the superior report's target comes first (red: its band or line spans the
    block), then every report under it (blue), with the difference (report − superior) in
    brackets; a report one or more levels removed from its superior (``levels_skipped`` > 0) is
    marked ``↑n``.

    Args:
        levels: :func:`govreports.compare.targets.level_comparison`; indicators with a numeric
            superior target are drawn.
        max_reports: the most report rows drawn per panel (the rest are counted under it).
    """
    use_chinese_font()
    numeric = levels[levels["superior_value"].notna()] if len(levels) else levels
    codes = list(dict.fromkeys(numeric["indicator"])) if len(numeric) else []
    n_rows = max([len(numeric[numeric["indicator"] == c].head(max_reports)) + numeric.loc[numeric["indicator"] == c, "superior_doc"].nunique()
                  for c in codes] or [1])
    fig, axes = plt.subplots(1, max(len(codes), 1), figsize=(max(9.0, 4.8 * max(len(codes), 1) + 1.6), 2.1 + 0.3 * n_rows), squeeze=False)
    axes = axes[0]
    for ax, code in zip(axes, codes):
        rows = numeric[numeric["indicator"] == code]
        dropped = max(len(rows) - max_reports, 0)
        rows = rows.head(max_reports)
        lows = pd.concat([rows["value_low"], rows["superior_low"], rows["superior_value"]])
        highs = pd.concat([rows["value_high"], rows["superior_high"], rows["superior_value"]])
        left, right = _x_limits(lows, highs, pad_left=0.8, pad_right=2.4)
        ax.set_xlim(left, right)
        missing_x = blended_transform_factory(ax.transAxes, ax.transData)
        labels, y = [], 0
        top_y = n_rows - 1
        for superior_doc, group in rows.groupby("superior_doc", sort=False):
            first = group.iloc[0]
            y_top, y_bottom = top_y - y, top_y - y - len(group)
            if first["superior_qualifier"] == "range":
                ax.fill_betweenx([y_bottom - 0.4, y_top + 0.4], first["superior_low"], first["superior_high"],
                                 color=PROVINCE_COLOUR, alpha=0.15, linewidth=0, zorder=1)
            else:
                ax.plot([first["superior_value"]] * 2, [y_bottom - 0.4, y_top + 0.4], color=PROVINCE_COLOUR, linewidth=1.2, zorder=2)
            _draw_target(ax, y_top, first["superior_qualifier"], first["superior_low"], first["superior_high"], PROVINCE_COLOUR)
            ax.text(_right_end(first["superior_qualifier"], first["superior_low"], first["superior_high"]) + 0.12, y_top,
                    first["superior_target"], va="center", fontsize=8, color=PROVINCE_COLOUR)
            labels.append((y_top, f"{first['superior_city']} {first['year']} (上级)", PROVINCE_COLOUR))
            for k, row in enumerate(group.itertuples()):
                yy = y_top - 1 - k
                if row.status == NUMBER:
                    _draw_target(ax, yy, row.qualifier, row.value_low, row.value_high, CITY_COLOUR)
                    end = _right_end(row.qualifier, row.value_low, row.value_high)
                    diff = "" if pd.isna(row.difference) else f" ({_signed(row.difference)})"
                    ax.text(end + 0.12, yy, row.target + diff, va="center", fontsize=8, color=CITY_COLOUR)
                else:
                    text = _MISSING_TEXT[row.status] + (f": {row.target}" if row.status == QUALITATIVE else "")
                    ax.text(0.02, yy, text, transform=missing_x, va="center", fontsize=8, color="#777777", style="italic")
                mark = f" ↑{row.levels_skipped}" if row.levels_skipped else ""
                labels.append((yy, f"{row.city}{mark}{' *' if row.partial else ''}", "#222222"))
            y += len(group) + 1
        ax.set_yticks([p for p, _, _ in labels], [t for _, t, _ in labels], fontsize=8.5)
        for tick, (_, _, colour) in zip(ax.get_yticklabels(), labels):
            tick.set_color(colour)
        ax.set_ylim(top_y - y + 0.4, top_y + 0.6)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_title(f"{indicator_label(code)} ({code})", fontsize=10)
        ax.set_xlabel("目标 target (%)" + (f"; {dropped} more reports not drawn" if dropped else ""), fontsize=9)
    if not codes:
        axes[0].axis("off")
        axes[0].text(0.5, 0.5, "No report here has a numeric target beside its superior's of the same year",
                     ha="center", va="center", fontsize=11, transform=axes[0].transAxes)
    handles = _qualifier_legend(numeric.loc[numeric["status"] == NUMBER, "qualifier"]) if len(numeric) else []
    handles.append(Patch(color=PROVINCE_COLOUR, alpha=0.3, label="上级 the superior report's target"))
    fig.legend(handles=handles, fontsize=8, frameon=False, loc="lower center", ncol=len(handles))
    fig.suptitle("层层加码? 各级目标与上级同年目标  Each report's targets beside its superior's, same year", fontsize=12)
    fig.text(0.5, 0.5 / fig.get_size_inches()[1], "(±x): report − superior (a range's midpoint, a bound's bound).  * partial in the source\n"
             "↑n: paired n levels above the immediate superior, whose report is not in the corpus",
             ha="center", fontsize=7.5, color="#555555")
    fig.tight_layout(rect=(0, 1.0 / fig.get_size_inches()[1], 1, 1 - 0.35 / fig.get_size_inches()[1]))
    return fig
