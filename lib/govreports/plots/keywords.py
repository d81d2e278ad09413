"""Figures of keywords: top terms, term rates, keyness, theme attention, and word clouds with their input.

Each takes tidy tables of :mod:`govreports.measures.keywords` and returns a matplotlib figure.
Reports are drawn in the order and with the labels of
:func:`govreports.documents.reports_table` (``2020 宁波``; ``*`` marks a report that is
partial in its source, whose counts cover only the text we have). Every figure registers the
bundled Chinese font (:func:`govreports.plots.use_chinese_font`) before drawing; save it with
:func:`govreports.plots.save_figure`.

Word clouds are drawn by the ``wordcloud`` package from our own term counts
(``WordCloud.generate_from_frequencies``, never its built-in regexp tokenizer, which cannot cut
Chinese), with the bundled font passed by path, a fixed size and a fixed ``random_state``, and the
frequencies handed over sorted by count then term so that ties are placed the same way on every
run; the image is then shown in a matplotlib figure so that :func:`~govreports.plots.save_figure`
writes it with deterministic bytes.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from wordcloud import WordCloud

from govreports.plots import BAR_COLOUR, PARTIAL_COLOUR, fit_layout, font_path, term_bars, use_chinese_font

TARGET_COLOUR, REFERENCE_COLOUR = "#b2182b", "#3b6ea5"
#: Word-cloud defaults: pixel size of one cloud, words drawn, seed of the layout and colours.
CLOUD_WIDTH, CLOUD_HEIGHT = 800, 480
CLOUD_RANDOM_STATE = 2
CLOUD_COLORMAP = "Dark2"


def _partial_note(reports: pd.DataFrame) -> str:
    return "* partial in its source: counts cover only the text we have" if reports["partial"].any() else ""


def plot_top_terms(top: pd.DataFrame, reports: pd.DataFrame, *, ncols: int = 4):
    """Small multiples: each report's most frequent terms, as rates per 10,000 characters.

    Args:
        top: :func:`govreports.measures.keywords.top_terms` by ``doc_id`` (``doc_id, rank, term, count,
            rate_per_10k``), sorted by report then rank; every row is drawn.
        reports: :func:`govreports.documents.reports_table` (order, labels, ``partial``).
        ncols: panels per row.

    Bars share one scale, so a panel can be compared with another; the count is written at
    each bar's end.
    """
    use_chinese_font()
    panels = [d for d in reports["doc_id"] if d in set(top["doc_id"])]
    n_terms = max(1, int(top.groupby("doc_id").size().max())) if len(top) else 1
    nrows = max(1, -(-len(panels) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(10.0, nrows * (0.2 * n_terms + 0.9) + 0.7), squeeze=False)
    xmax = float(top["rate_per_10k"].max()) if len(top) else 1.0
    info = reports.set_index("doc_id")
    for ax, doc_id in zip(axes.flat, panels):
        rows = top[top["doc_id"] == doc_id].iloc[::-1]
        partial = bool(info.at[doc_id, "partial"])
        term_bars(ax, rows, "rate_per_10k", partial=partial, n_terms=n_terms, xmax=xmax)
        ax.set_title(info.at[doc_id, "label"], fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    fig.supxlabel(f"每万字出现次数 rate per 10,000 characters (number at bar: count).  {_partial_note(reports)}", fontsize=8)
    fig.suptitle(f"各报告高频词 Top {n_terms} terms of each report", fontsize=11)
    fit_layout(fig)
    return fig


def plot_term_rates(rates: pd.DataFrame, reports: pd.DataFrame, *, ncols: int = 3):
    """One panel per chosen term: its rate per 10,000 characters in every report.

    Args:
        rates: :func:`govreports.measures.keywords.term_rates` (``doc_id, term, count,
            rate_per_10k``), zeros included; terms are drawn in the order they first appear.
        reports: :func:`govreports.documents.reports_table` (order, labels, ``partial``).
        ncols: panels per row.

    Reports run top down in time order; partial ones are drawn pale. The count is written at
    each bar's end (``0`` too: absence is a finding).
    """
    use_chinese_font()
    terms = list(dict.fromkeys(rates["term"]))
    order = list(reports["doc_id"])
    labels = list(reports["label"])
    partial = list(reports["partial"])
    nrows = max(1, -(-len(terms) // ncols))
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(10.0, nrows * (0.24 * len(order) + 0.9) + 0.7), squeeze=False, sharey=True
    )
    for ax, term in zip(axes.flat, terms):
        rows = rates[rates["term"] == term].set_index("doc_id").reindex(order)
        values = rows["rate_per_10k"].fillna(0).to_numpy()
        counts = rows["count"].fillna(0).astype(int).to_numpy()
        y = np.arange(len(order))[::-1]
        ax.barh(y, values, color=[PARTIAL_COLOUR if p else BAR_COLOUR for p in partial])
        for yi, value, count in zip(y, values, counts):
            ax.text(value, yi, f" {count}", va="center", fontsize=6.5, color="#444444")
        ax.set_yticks(y, labels, fontsize=8)
        ax.set_xlim(0, max(float(values.max()), 1.0) * 1.3)
        ax.set_title(term, fontsize=10)
        ax.tick_params(axis="x", labelsize=7)
    for ax in list(axes.flat)[len(terms):]:
        ax.set_visible(False)
    fig.supxlabel(f"每万字出现次数 rate per 10,000 characters (number at bar: count).  {_partial_note(reports)}", fontsize=8)
    fig.suptitle("关键词的标准化频率 Chosen terms, normalised by report length", fontsize=11)
    fit_layout(fig)
    return fig


def plot_keyness(extremes: pd.DataFrame, *, target: str, reference: str):
    """Keyness of one group against the rest: effect size (log ratio) with G² written beside.

    Args:
        extremes: :func:`govreports.measures.keywords.keyness_extremes` (``term, G2, n_target,
            n_reference, log_ratio, side``); drawn top down in its order.
        target, reference: how the two groups are named in the title and legend.
    """
    use_chinese_font()
    rows = extremes.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8.0, 0.24 * len(rows) + 1.6))
    colours = [TARGET_COLOUR if s == "target" else REFERENCE_COLOUR for s in rows["side"]]
    ax.barh(range(len(rows)), rows["log_ratio"], color=colours)
    for y, row in rows.iterrows():
        text = f"G²={row['G2']:.1f} ({row['n_target']}:{row['n_reference']})"
        right = row["log_ratio"] >= 0
        ax.text(row["log_ratio"], y, f" {text}" if right else f"{text} ", va="center",
                ha="left" if right else "right", fontsize=7, color="#444444")
    ax.set_yticks(range(len(rows)), rows["term"], fontsize=8.5)
    if rows.empty:
        ax.text(0.5, 0.5, "no keyness: it needs two groups of reports", transform=ax.transAxes, ha="center", va="center")
    ax.axvline(0, color="#222222", linewidth=0.8)
    span = float(rows["log_ratio"].abs().max()) if len(rows) else 1.0
    ax.set_xlim(-span * 1.7, span * 1.7)
    ax.set_xlabel(f"log ratio (effect size): log2 of relative frequency, {target} over {reference}; (n:n) counts", fontsize=8)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in (TARGET_COLOUR, REFERENCE_COLOUR)]
    ax.legend(handles, [f"more in {target}", f"more in {reference}"], frameon=False, fontsize=8, loc="lower right")
    ax.set_title(f"关键性 Keyness: {target} vs {reference} (signed G², Williams-corrected)", fontsize=10)
    fig.tight_layout()
    return fig


def plot_theme_heatmap(attention: pd.DataFrame, reports: pd.DataFrame):
    """Themes by report: matches per 10,000 characters, coloured relative to each theme's mean.

    Args:
        attention: :func:`govreports.measures.themes.theme_attention` (``doc_id, theme, rate_per_10k``).
        reports: :func:`govreports.documents.reports_table` (order, labels).

    Each cell shows the rate; its colour is the rate divided by the theme's mean over the
    reports drawn (log scale, white = the mean), so each column reads as "more or less than
    this theme usually gets", whatever the theme's dictionary size.
    """
    use_chinese_font()
    table = attention.pivot_table(index="doc_id", columns="theme", values="rate_per_10k", aggfunc="sum")
    order = [d for d in reports["doc_id"] if d in table.index]
    table = table.reindex(index=order, columns=sorted(table.columns)).fillna(0.0)
    labels = reports.set_index("doc_id").loc[order, "label"]
    means = table.mean(axis=0).replace(0, np.nan)
    relative = (table / means).clip(lower=0.25, upper=4.0).fillna(1.0)
    fig, ax = plt.subplots(figsize=(8.0, 0.38 * len(order) + 2.0))
    image = ax.imshow(relative.to_numpy(), cmap="RdBu_r", norm=LogNorm(vmin=0.25, vmax=4.0), aspect="auto")
    for (i, j), value in np.ndenumerate(table.to_numpy()):
        ratio = relative.to_numpy()[i, j]
        ax.text(j, i, f"{value:.1f}", ha="center", va="center", fontsize=7.5,
                color="white" if ratio >= 2.2 or ratio <= 0.45 else "#222222")
    ax.set_yticks(range(len(order)), labels, fontsize=8.5)
    ax.set_xticks(range(len(table.columns)), [c.replace("_", "\n") for c in table.columns], fontsize=8)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02, ticks=[0.25, 0.5, 1, 2, 4])
    bar.ax.minorticks_off()  # a log colour bar labels its minor ticks (3×10⁻¹ ...) otherwise
    bar.ax.set_yticklabels(["¼", "½", "1", "2", "4"], fontsize=7)
    bar.set_label("colour: rate ÷ theme mean over these reports", fontsize=7.5)
    ax.set_xlabel(f"numbers: dictionary matches per 10,000 characters.  {_partial_note(reports)}", fontsize=7.5)
    fig.suptitle("主题关注度 Theme attention by report", fontsize=11)
    fit_layout(fig)
    return fig


# --- word clouds: the input and the figures ----------------------------------------------------

#: Name of the group that pools every report in :func:`cloud_frequencies`.
OVERALL = "全部 all"


def place_summary(reports: pd.DataFrame) -> pd.DataFrame:
    """One row per place (``city``): how many reports it pools and how many are partial.

    Args:
        reports: :func:`govreports.documents.reports_table` output.

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
        reports: :func:`govreports.documents.reports_table` output (gives each report's ``city``).
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


def wordcloud_image(
    frequencies: pd.DataFrame,
    *,
    width: int = CLOUD_WIDTH,
    height: int = CLOUD_HEIGHT,
    random_state: int = CLOUD_RANDOM_STATE,
) -> np.ndarray:
    """Draw one word cloud from term counts; return it as an RGB array.

    Args:
        frequencies: rows ``term, count`` (every row is drawn; cut to the top terms first).
        width, height: pixels.
        random_state: seed of the layout and the colours.

    Returns:
        ``height × width × 3`` array of ``uint8``.
    """
    ordered = frequencies.sort_values(["count", "term"], ascending=[False, True], kind="stable")
    counts = {term: int(count) for term, count in zip(ordered["term"], ordered["count"]) if count > 0}
    cloud = WordCloud(
        font_path=str(font_path()), width=width, height=height, background_color="white",
        colormap=CLOUD_COLORMAP, prefer_horizontal=1.0, max_words=max(1, len(counts)),
        random_state=random_state, margin=2,
    )
    if not counts:
        return np.full((height, width, 3), 255, dtype=np.uint8)
    return cloud.generate_from_frequencies(counts).to_array()


def plot_wordclouds(clouds: pd.DataFrame, places: pd.DataFrame, *, ncols: int = 3, random_state: int = CLOUD_RANDOM_STATE):
    """One word cloud per place (city, or the province), from our term counts.

    Args:
        clouds: :func:`cloud_frequencies` (``city, term, count``); the
            pooled group is left out here (see :func:`plot_wordcloud`).
        places: :func:`place_summary` (panel titles name how many
            reports a place pools and how many are partial).
        ncols: panels per row.
        random_state: seed of every cloud's layout.
    """
    use_chinese_font()
    titles = dict(zip(places["city"], places["title"]))
    names = [c for c in places["city"] if c in set(clouds["city"]) and c != OVERALL]
    nrows = max(1, -(-len(names) // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(10.0, nrows * 2.3 + 0.7), squeeze=False)
    for ax, name in zip(axes.flat, names):
        image = wordcloud_image(clouds[clouds["city"] == name], width=600, height=360, random_state=random_state)
        ax.imshow(image, interpolation="bilinear")
        ax.set_title(titles.get(name, name), fontsize=9)
        ax.axis("off")
    for ax in list(axes.flat)[len(names):]:
        ax.set_visible(False)
    n_words = int(clouds.groupby("city").size().max()) if len(clouds) else 0
    fig.supxlabel(f"word size: count of the term in the place's reports pooled (top {n_words} terms; stop words, numbers removed).  "
                  "* partial reports are included: their counts cover only the text we have", fontsize=8)
    fig.suptitle("各地词云 Word clouds by place", fontsize=11)
    fit_layout(fig)
    return fig


def plot_wordcloud(frequencies: pd.DataFrame, *, title: str, note: str = "", random_state: int = CLOUD_RANDOM_STATE):
    """One word cloud, e.g. of all reports pooled.

    Args:
        frequencies: rows ``term, count``.
        title: the figure title.
        note: a line under the cloud (what is pooled, what is partial).
        random_state: seed of the layout.
    """
    use_chinese_font()
    fig, ax = plt.subplots(figsize=(8.0, 5.2))
    ax.imshow(wordcloud_image(frequencies, random_state=random_state), interpolation="bilinear")
    ax.axis("off")
    ax.set_title(title, fontsize=11, pad=10)
    if note:
        fig.text(0.5, 0.02, note, ha="center", fontsize=8)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig
