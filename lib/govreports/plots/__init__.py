"""Plots: the bundled Chinese font, a house style, and the one helper that saves figures.

Chinese text renders with Noto Sans SC from the pinned ``zhplot`` package, passed to matplotlib
by path (never a system font, so no tofu boxes on a machine without CJK fonts). Figures are
saved by :func:`save_figure` as ``figures/NN-name.png`` at a fixed size and dpi, with PNG
metadata that carries no version or date, so the same input gives the same bytes.

``GOVREPORTS_FIGURES`` redirects the figures folder (the reproducibility test uses it).
"""

from __future__ import annotations

import os
import textwrap
from importlib import resources
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager

from govreports import paths

#: Figure size (inches) and resolution of every saved figure unless a notebook says otherwise.
FIGSIZE = (8.0, 4.5)
DPI = 110


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


def figures_dir() -> Path:
    """The folder figures are saved to: ``$GOVREPORTS_FIGURES`` or ``figures/``."""
    env = os.environ.get("GOVREPORTS_FIGURES")
    return Path(env) if env else paths.FIGURES_DIR


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
    folder = figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    if corpus:
        stamp_corpus(fig, corpus)
    fig.savefig(path, dpi=DPI, metadata={"Software": None}, bbox_inches=None)
    plt.close(fig)
    return SavedFigure(path)


# --------------------------------------------------------------------------------------------
# Figures of notebook 01 (corpus). Each takes a tidy table and returns a matplotlib figure.
# --------------------------------------------------------------------------------------------

DOC_TYPE_COLOURS = {"government_work_report": "#3b6ea5", "plan_report": "#e39b2d", "news": "#9a9a9a", "unknown": "#b07aa1"}
PART_KIND_COLOURS = {"preamble": "#c8c8c8", "review": "#3b6ea5", "plan": "#e39b2d", "government": "#6a9f58", "unknown": "#9a9a9a"}


def plot_document_lengths(documents):
    """Horizontal bars of cleaned length per document, coloured by type, partial ones hatched.

    Args:
        documents: the documents table (:meth:`govreports.pipeline.corpus.Corpus.documents_table`).
    """
    table = documents.sort_values(["doc_type", "n_chars"], ascending=[True, True], kind="stable")
    fig, ax = plt.subplots(figsize=(8.0, 0.35 * len(table) + 1.2))
    bars = ax.barh(table["doc_id"], table["n_chars"], color=[DOC_TYPE_COLOURS.get(t, "#999") for t in table["doc_type"]])
    for bar, partial in zip(bars, table["partial"]):
        if partial:
            bar.set_hatch("///")
            bar.set_edgecolor("white")
    ax.set_xlabel("清洗后字符数 (characters after cleaning)")
    ax.set_title("文档长度 Document length (hatched: partial in this source)")
    present = [t for t in DOC_TYPE_COLOURS if t in set(table["doc_type"])]  # only the types the corpus has
    handles = [plt.Rectangle((0, 0), 1, 1, color=DOC_TYPE_COLOURS[t]) for t in present]
    ax.legend(handles, present, loc="lower right", frameon=False, fontsize=8)
    fig.tight_layout()
    return fig


def plot_removals(audit):
    """Stacked bars: characters removed per document by cleaning step (log scale).

    Args:
        audit: the audit table (:meth:`govreports.pipeline.corpus.Corpus.audit_table`), document rows only.
    """
    table = audit[audit["doc_id"] != ""].pivot_table(index="doc_id", columns="step", values="n_chars", aggfunc="sum", fill_value=0)
    colours = plt.get_cmap("tab20").colors
    steps = sorted(table.columns)
    return _stacked_barh(table, {step: colours[i % len(colours)] for i, step in enumerate(steps)},
                         xlabel="删除字符数 (characters removed)", title="清洗记录 What cleaning removed, by step", fontsize=7)


def _stacked_barh(table, colours: dict, *, xlabel: str, title: str, fontsize: int):
    """Horizontal stacked bars of ``table`` (rows sorted), one segment per column in ``colours``."""
    table = table.loc[sorted(table.index)]
    fig, ax = plt.subplots(figsize=(8.0, 0.35 * len(table) + 1.6))
    left = None
    for column, colour in colours.items():
        ax.barh(table.index, table[column], left=left, label=column, color=colour)
        left = table[column] if left is None else left + table[column]
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=fontsize, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.tight_layout()
    return fig


def plot_structure(sentences):
    """Stacked bars: sentences per report by part kind (review / plan / government / preamble).

    Args:
        sentences: the sentences table (:meth:`govreports.pipeline.corpus.Corpus.sentences_table`).
    """
    table = sentences.pivot_table(index="doc_id", columns="part_kind", values="sentence", aggfunc="count", fill_value=0)
    colours = {k: c for k, c in PART_KIND_COLOURS.items() if k in table.columns}
    return _stacked_barh(table, colours, xlabel="句子数 (sentences)",
                         title="报告结构 Sentences by part: review of last year vs plan", fontsize=8)
