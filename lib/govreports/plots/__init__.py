"""Plots: the bundled Chinese font, a house style, and the one helper that saves figures.

The figures themselves live in one module per subject: :mod:`govreports.plots.corpus` (documents,
cleaning, structure), :mod:`govreports.plots.keywords`, :mod:`govreports.plots.slogans`,
:mod:`govreports.plots.targets`, :mod:`govreports.plots.compare` (the cross-city comparisons).
This module holds what they share: the font (:func:`use_chinese_font`), the house colours and
layout helpers (:func:`fit_layout`, :func:`cell_grid`, :func:`draw_caption`, :func:`nothing_to_draw`),
:func:`placeholder_figure` for a figure a corpus cannot have, and :func:`save_figure`.

Chinese text renders with Noto Sans SC from the pinned ``zhplot`` package, passed to matplotlib
by path (never a system font, so no tofu boxes on a machine without CJK fonts). Figures are
saved by :func:`save_figure` as ``figures/NN-name.png`` at a fixed size and dpi, with PNG
metadata that carries no version or date, so the same input gives the same bytes.

The figures folder is :func:`govreports.paths.figures_dir` (``$GOVREPORTS_FIGURES`` redirects it).
"""

from __future__ import annotations

import textwrap
from importlib import resources
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager

from govreports import paths

#: Figure size (inches) and resolution of every saved figure unless a notebook says otherwise.
FIGSIZE = (8.0, 4.5)
DPI = 110
#: House colours of a bar, and of the bar of a report partial in its source (paler).
BAR_COLOUR, PARTIAL_COLOUR = "#3b6ea5", "#9fb7d3"


def font_path() -> Path:
    """Path of the bundled Simplified-Chinese font (Noto Sans SC, SIL OFL, from ``zhplot``)."""
    return Path(str(resources.files("zhplot") / "fonts" / "NotoSansSC-Regular.ttf"))


def use_chinese_font() -> str:
    """Register the bundled font with matplotlib and make it the default; return its family name.

    It first resets matplotlib's settings to their defaults, so a figure comes out the same in
    ``make report``, in JupyterLab (whose inline backend changes sizes and makes the background
    transparent) and in the tests.
    """
    path = font_path()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    plt.rcdefaults()
    plt.rcParams.update(
        {
            "font.family": family,
            "axes.unicode_minus": False,  # the font has no U+2212; use ASCII minus
            "figure.figsize": FIGSIZE,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "govreports",
        }
    )
    return family


def cell_grid(ax, n_rows: int, n_cols: int, *, linewidth: float) -> None:
    """Draw white lines between the cells of a heatmap, with no ticks and no frame."""
    ax.set_xticks([c - 0.5 for c in range(n_cols + 1)], minor=True)
    ax.set_yticks([r - 0.5 for r in range(n_rows + 1)], minor=True)
    ax.grid(which="minor", color="white", linewidth=linewidth)
    ax.tick_params(which="both", length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)


class SavedFigure:
    """A figure file just written; shown in a notebook as the PNG itself (the exact saved bytes)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _repr_png_(self) -> bytes:
        return self.path.read_bytes()

    def __repr__(self) -> str:
        return f"figures/{self.path.name}"


def fit_layout(fig, *, top: float = 0.55, bottom: float = 0.0) -> None:
    """``tight_layout`` with room, in inches, for the figure title at the top (and a note below).

    Room in inches rather than a fraction keeps the title clear of the panels however tall the
    figure grows with the number of reports.
    """
    height = fig.get_size_inches()[1]
    title = getattr(fig, "_suptitle", None)
    if title is not None:
        title.set_y(1 - 0.18 / height)
        title.set_va("top")
    fig.tight_layout(rect=(0, bottom / height, 1, 1 - top / height))


def term_bars(ax, rows, value: str, *, partial: bool, n_terms: int, xmax: float) -> None:
    """Draw one panel of horizontal term bars, each labelled with its count.

    Args:
        ax: the panel.
        rows: ``term``, ``count`` and the ``value`` column, in drawing order (bottom first).
        value: the column the bars show (a rate, a z score).
        partial: colour the bars as a partial report's (:data:`PARTIAL_COLOUR`).
        n_terms: the number of bar slots (panels with fewer terms keep the same bar height).
        xmax: the largest value of every panel of the figure (they share a scale).
    """
    ax.barh(range(len(rows)), rows[value], color=PARTIAL_COLOUR if partial else BAR_COLOUR)
    for y, (length, count) in enumerate(zip(rows[value], rows["count"])):
        ax.text(length, y, f" {count}", va="center", fontsize=6.5, color="#444444")
    ax.set_yticks(range(len(rows)), rows["term"], fontsize=8)
    ax.set_ylim(-0.6, n_terms - 0.4)
    ax.set_xlim(0, xmax * 1.25)


def draw_caption(fig, text: str, *, y: float = 0.005) -> None:
    """The line that says what the figure includes, at the bottom left."""
    if text:
        fig.text(0.01, y, text, fontsize=7.5, color="#444444", ha="left", va="bottom")


def nothing_to_draw(ax, what: str) -> None:
    """Say on the axes that the corpus has nothing for this figure (a figure is still written)."""
    ax.axis("off")
    ax.text(0.5, 0.5, f"nothing to draw: {what}", ha="center", va="center", fontsize=10, color="#444444")


def placeholder_figure(title: str, reason: str, *, size: tuple[float, float] = (8.0, 2.6)):
    """A figure that says, in words, why the figure it stands for cannot be drawn for this corpus.

    Every figure a notebook lists is written on every run, so a figure of an earlier corpus never
    stays behind looking current.

    Args:
        title: the title the drawn figure would have.
        reason: why it is not drawn (one or two short sentences; long ones are wrapped).
        size: figure size in inches.
    """
    use_chinese_font()
    fig = plt.figure(figsize=size)
    fig.text(0.5, 0.78, title, ha="center", va="center", fontsize=11, wrap=True)
    fig.text(0.5, 0.42, "\n".join(textwrap.wrap(f"Not drawn for this corpus: {reason}", 80)), ha="center",
             va="center", fontsize=10, color="#555555")
    return fig


def stamp_corpus(fig, label: str) -> None:
    """Write the corpus read (``label``) in small grey type at the top left of a figure."""
    fig.text(0.005, 0.998, f"corpus: {label}", ha="left", va="top", fontsize=6.5, color="#888888")


def save_figure(fig, name: str, *, corpus: str = "") -> SavedFigure:
    """Save ``fig`` as ``<figures>/<name>.png`` with deterministic bytes, close it, and return it.

    In a notebook the returned object displays the saved PNG, so what the reader sees is the
    file in ``figures/``, byte for byte.

    Args:
        fig: a matplotlib figure.
        name: ``NN-name`` (the notebook number first), e.g. ``01-document-length``.
        corpus: the corpus read (:func:`govreports.report.narrative.corpus_label`), stamped on the
            figure's top left corner when given.

    Returns:
        A :class:`SavedFigure` (``.path`` is the file written).
    """
    folder = paths.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    if corpus:
        stamp_corpus(fig, corpus)
    fig.savefig(path, dpi=DPI, metadata={"Software": None}, bbox_inches=None)
    plt.close(fig)
    return SavedFigure(path)
