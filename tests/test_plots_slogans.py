"""Tests of govreports.plots.slogans: the figures are checked for what they must show (labels, rows), not for
pixels, on small hand-made mentions tables."""

from __future__ import annotations

import matplotlib

from govreports.compare.slogans import (
    city_only_slogans,
    city_slogan_summary,
    province_share_by_report,
    shared_slogans,
    slogan_counts,
)
from govreports.documents import year_order
from govreports.plots import slogans as plots_slogans

matplotlib.use("Agg")

from support import CITY_DOCS, MENTIONS, REPORTS


def _texts(ax) -> list[str]:
    return [label.get_text() for label in ax.get_yticklabels()]


def test_plot_top_slogans_draws_the_first_n_top_down():
    table = shared_slogans(MENTIONS, min_docs=1)
    fig = plots_slogans.plot_top_slogans(table, n=2)
    assert _texts(fig.axes[0]) == ["最多跑一次", "八八战略"]  # bottom to top: the first is at the top
    assert tuple(fig.get_size_inches()) == (8.0, 7.0)


def test_plot_slogan_heatmap_marks_partial_reports():
    counts = slogan_counts(MENTIONS, ["八八战略", "最多跑一次"], year_order(REPORTS))
    fig = plots_slogans.plot_slogan_heatmap(counts, REPORTS, highlight="2020-浙江-gwr")
    labels = [label.get_text() for label in fig.axes[0].get_xticklabels()]
    assert labels == ["2019 宁波 *", "2020 宁波", "2020 浙江", "2022 杭州"]
    assert _texts(fig.axes[0]) == ["八八战略", "最多跑一次"]


def test_plot_province_slogans_labels_columns_with_the_share():
    coverage = province_share_by_report(MENTIONS, REPORTS, province_doc="2020-浙江-gwr", city_docs=CITY_DOCS)
    counts = slogan_counts(MENTIONS, ["最多跑一次", "八八战略"], CITY_DOCS)
    fig = plots_slogans.plot_province_slogans(counts, coverage)
    labels = [label.get_text() for label in fig.axes[0].get_xticklabels()]
    assert labels == ["2019 宁波 *\n1/3", "2020 宁波\n2/3"]


def test_plot_city_only_slogans_one_panel_per_place():
    fig = plots_slogans.plot_city_only_slogans(city_only_slogans(MENTIONS), city_slogan_summary(MENTIONS, REPORTS), n=3)
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles == ["宁波 *: 2 own / 4", "杭州: 1 own / 2", "浙江: 1 own / 3"]
