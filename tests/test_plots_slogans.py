"""Tests of govreports.plots.slogans: the figures are checked for what they must show (labels, rows), not for
pixels, on small hand-made mentions tables."""

from __future__ import annotations

import matplotlib
import pandas as pd

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


# Four reports: the province in 2020, 宁波 in 2019 and 2020 (2019 partial), 杭州 in 2022.
REPORTS = pd.DataFrame(
    {
        "doc_id": ["2020-浙江-gwr", "2020-宁波-gwr", "2019-宁波-gwr", "2022-杭州-gwr"],
        "city": ["浙江", "宁波", "宁波", "杭州"],
        "year": [2020, 2020, 2019, 2022],
        "date": ["2020-01-12", "2020-04-27", "2019-02-13", ""],
        "partial": [False, False, True, False],
    }
)


def _mentions(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Mentions from (doc_id, slogan, kind) triples; city and year from REPORTS."""
    info = REPORTS.set_index("doc_id")
    return pd.DataFrame(
        [{"slogan": s, "kind": k, "surface": s, "start": i, "end": i + len(s), "quoted": True, "rule": "quoted",
          "doc_id": d, "city": info.at[d, "city"], "year": info.at[d, "year"]} for i, (d, s, k) in enumerate(rows)]
    )


MENTIONS = _mentions(
    [
        ("2020-浙江-gwr", "八八战略", "numbered"),
        ("2020-浙江-gwr", "八八战略", "numbered"),
        ("2020-浙江-gwr", "最多跑一次", "phrase"),
        ("2020-浙江-gwr", "诗画浙江", "phrase"),
        ("2020-宁波-gwr", "八八战略", "numbered"),
        ("2020-宁波-gwr", "最多跑一次", "phrase"),
        ("2020-宁波-gwr", "六争攻坚", "numbered"),
        ("2019-宁波-gwr", "最多跑一次", "phrase"),
        ("2019-宁波-gwr", "六争攻坚", "numbered"),
        ("2019-宁波-gwr", "246", "numbered"),
        ("2022-杭州-gwr", "八八战略", "numbered"),
        ("2022-杭州-gwr", "亲清在线", "phrase"),
    ]
)


CITY_DOCS = ["2019-宁波-gwr", "2020-宁波-gwr"]


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
