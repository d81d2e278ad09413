"""Figures of the corpus: document lengths, what cleaning removed, and the structure of the reports.

Each function takes a tidy table of :mod:`govreports.pipeline.corpus` (documents, audit, sentences)
or :func:`govreports.compare.comparability.structure_table` and returns a matplotlib figure; save it
with :func:`govreports.plots.save_figure`. Sizes depend only on the number of rows.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from govreports.plots import BAR_COLOUR, PARTIAL_COLOUR, draw_caption, nothing_to_draw, use_chinese_font

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


def plot_sentences_by_part(sentences):
    """Stacked bars: sentences per report by part kind (review / plan / government / preamble).

    Args:
        sentences: the sentences table (:meth:`govreports.pipeline.corpus.Corpus.sentences_table`).
    """
    table = sentences.pivot_table(index="doc_id", columns="part_kind", values="sentence", aggfunc="count", fill_value=0)
    colours = {k: c for k, c in PART_KIND_COLOURS.items() if k in table.columns}
    return _stacked_barh(table, colours, xlabel="句子数 (sentences)",
                         title="报告结构 Sentences by part: review of last year vs plan", fontsize=8)


STRUCTURE_PANELS = [
    ("n_chars", "字符 characters"), ("n_parts", "部分 parts (一、)"), ("n_sections", "节 sections ((一))"),
    ("n_sentences", "句 sentences"), ("chars_per_sentence", "字/句 characters per sentence"),
]


def plot_structure(structure: pd.DataFrame, *, caption: str = ""):
    """Length and structure side by side: one panel per measure, one bar per report.

    Args:
        structure: :func:`govreports.compare.comparability.structure_table`, in drawing order (top down).
        caption: what the figure includes.
    """
    use_chinese_font()
    rows = structure.iloc[::-1].reset_index(drop=True)
    fig, axes = plt.subplots(1, len(STRUCTURE_PANELS), figsize=(10.0, 0.3 * len(rows) + 1.8), sharey=True)
    if rows.empty:
        for ax in axes[1:]:
            ax.axis("off")
        nothing_to_draw(axes[0], "no reports are compared")
    colours = [PARTIAL_COLOUR if p else BAR_COLOUR for p in rows["partial"]]
    for ax, (column, name) in zip(axes, STRUCTURE_PANELS):
        values = pd.to_numeric(rows[column], errors="coerce").astype("float64").fillna(0).to_numpy()
        ax.barh(range(len(rows)), values, color=colours)
        for y, value in enumerate(values):
            ax.text(value, y, f" {value:,.0f}" if column != "chars_per_sentence" else f" {value:.0f}",
                    va="center", fontsize=6.5, color="#444444")
        ax.set_xlim(0, max(float(values.max(initial=0.0)), 1.0) * 1.35)
        ax.set_title(name, fontsize=8.5)
        ax.tick_params(axis="x", labelsize=6.5)
    if len(rows):
        axes[0].set_yticks(range(len(rows)), rows["label"], fontsize=8)
    fig.suptitle("报告长度与结构 Length and structure of each report "
                 "(pale: partial *, counts cover only the text we have)", fontsize=10)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    draw_caption(fig, caption)
    return fig
