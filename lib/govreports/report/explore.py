"""Exploration: one term, slogan or indicator across the reports, with the text that backs it.

What ``notebooks/06-explore.ipynb`` shows, as small functions over the tables the other stages
make (nothing is counted or extracted again here):

- a **term**: its rate per 10,000 characters in every report (:func:`term_rates_by_report`, from the
  keyword counts of :mod:`govreports.measures.keywords`) and its KWIC lines with the document and the
  character offsets of each match in the cleaned text (:func:`kwic_lines`);
- a **slogan** (提法): its uses per report and per 10,000 characters (:func:`slogan_rates`) and
  each use in its sentence, with offsets (:func:`slogan_uses`), from :mod:`govreports.measures.slogans`;
- an **indicator**: its target in every report as a figure, and the target rows with their
  quotes (:func:`indicator_targets`), from :mod:`govreports.measures.targets`.

:class:`Explorer` holds the corpus's tables, computed once, and answers :meth:`Explorer.select`;
:class:`ExplorerView` puts ipywidgets controls on it for a live kernel (pick a kind, type or pick
a value; the figure and tables below change). Offsets are into ``doc.text`` (the cleaned text,
``python -m govreports text DOC_ID``): ``doc.text[start:end]`` is the match.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import matplotlib.pyplot as plt
import pandas as pd

from govreports import plots
from govreports.compare import slogans as slogans_compare
from govreports.compare import targets as targets_compare
from govreports.documents import reports_table
from govreports.measures import keywords as kw
from govreports.measures import tokens as tok
from govreports.plots.keywords import plot_term_rates
from govreports.plots.targets import indicator_label, plot_indicator_targets
from govreports.report.interactive_tables import searchable

#: What can be explored, in the order the controls offer them.
KINDS = ("term", "slogan", "indicator")
#: Columns of the KWIC lines and of the slogan uses.
KWIC_COLUMNS = ["doc_id", "part", "start", "end", "left", "term", "right"]
USE_COLUMNS = ["doc_id", "start", "end", "pre", "keyword", "post", "rule"]
INDICATOR_TARGET_COLUMNS = ["doc_id", "city", "year", "indicator_text", "value_low", "value_high", "unit", "qualifier", "quote",
                  "start", "end"]
#: How many choices the controls list (any other term can still be typed).
MAX_CHOICES = 300


# --------------------------------------------------------------------------------------------
# Terms
# --------------------------------------------------------------------------------------------


def term_rates_by_report(freq: pd.DataFrame, term: str, reports: pd.DataFrame) -> pd.DataFrame:
    """One term's count and rate per 10,000 characters in every report (zeros included).

    Args:
        freq: :func:`govreports.measures.keywords.frequency_table` of the reports.
        term: the term.
        reports: :func:`govreports.documents.reports_table` (the order and the labels).

    Returns:
        ``doc_id, label, term, count, n_chars, rate_per_10k``, reports in the order of
        ``reports`` (see :func:`govreports.measures.keywords.term_rates`).
    """
    rates = kw.term_rates(freq, [term], list(reports["doc_id"]))
    return rates.merge(reports[["doc_id", "label"]], on="doc_id", how="left")[["doc_id", "label", *rates.columns[1:]]]


def token_offsets(text: str, tokens: Sequence[str], *, start: int = 0) -> list[tuple[int, int]]:
    """The character span of each token in ``text``, the tokens read in order from ``start``.

    Segmentation drops white space only, so each token follows the previous one after nothing
    but white space.

    Args:
        text: the text the tokens were cut from (a document's cleaned text).
        tokens: its tokens, in order, white space left out.
        start: where the first token may begin (a sentence's offset).

    Returns:
        ``(start, end)`` per token: ``text[start:end] == token``.

    Raises:
        ValueError: if a token is not where it should be (the tokens are not from this text).

    Example:
        >>> token_offsets("推进 “两山”转化", ["推进", "“", "两山", "”", "转化"])
        [(0, 2), (3, 4), (4, 6), (6, 7), (7, 9)]
    """
    spans = []
    at = start
    for token in tokens:
        found = text.find(token, at)
        if found < 0 or text[at:found].strip():
            raise ValueError(f"token {token!r} is not at offset {at} of the text")
        spans.append((found, found + len(token)))
        at = found + len(token)
    return spans


def document_token_spans(doc: Any, *, backend: str | None = None) -> list[tuple[int, int]]:
    """Character spans in ``doc.text`` of every token of the document's full segmentation.

    The tokens are those :func:`govreports.measures.keywords.kwic` counts positions in (every sentence,
    punctuation and stop words included), so ``spans[position]`` locates a KWIC match.

    Args:
        doc: an object with ``text`` and ``sentences`` (each with ``text`` and ``start``).
        backend: tokenizer backend.
    """
    sentences = list(doc.sentences)
    per_sentence = tok.segment_sentences([s.text for s in sentences], backend=backend)
    spans: list[tuple[int, int]] = []
    for sentence, tokens in zip(sentences, per_sentence):
        spans += token_offsets(doc.text, tokens, start=sentence.start)
    return spans


def kwic_lines(documents: Iterable[Any], term: str, *, window: int = 8, backend: str | None = None) -> pd.DataFrame:
    """KWIC lines of a term, each with its document and character offsets.

    The matches are :func:`govreports.measures.keywords.kwic`'s (the term segmented as the reports are,
    so a count in the keyword tables has one line here per use).

    Args:
        documents: the reports (objects with ``doc_id``, ``text`` and ``sentences``).
        term: the word or phrase.
        window: tokens of context on each side.
        backend: tokenizer backend.

    Returns:
        :data:`KWIC_COLUMNS`: ``start, end`` are offsets of the match in the document's cleaned
        text; ``left, right`` the context tokens as written. In document and text order.

    Raises:
        ValueError: for an empty term or a negative window.
    """
    documents = [doc for doc in documents if getattr(doc, "sentences", None)]
    hits = kw.kwic(documents, term, window=window, backend=backend)
    if hits.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else object) for c in KWIC_COLUMNS})
    size = len(tok.segment(term, backend=backend))
    by_id = {doc.doc_id: doc for doc in documents}
    starts, ends = [], []
    for doc_id, group in hits.groupby("doc_id", sort=False):
        spans = document_token_spans(by_id[doc_id], backend=backend)
        starts += [spans[p][0] for p in group["position"]]
        ends += [spans[p + size - 1][1] for p in group["position"]]
    hits = hits.assign(start=starts, end=ends).astype({"start": "int64", "end": "int64"})
    return hits[KWIC_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Slogans
# --------------------------------------------------------------------------------------------


def slogan_rates(mentions: pd.DataFrame, slogan: str, reports: pd.DataFrame, documents: Iterable[Any]) -> pd.DataFrame:
    """One slogan's uses and uses per 10,000 characters in every report (zeros included).

    Args:
        mentions: :func:`govreports.measures.slogans.corpus_slogan_mentions`.
        slogan: the slogan (its normalised form, as in the ``slogan`` column).
        reports: :func:`govreports.documents.reports_table` (the order and the labels).
        documents: the reports (``doc_id``, ``text``): characters are counted as the keyword
            tables count them (:func:`govreports.measures.keywords.count_chars`, white space excluded).

    Returns:
        ``doc_id, label, term, count, n_chars, rate_per_10k`` (``term`` is the slogan): the
        shape of :func:`term_rates_by_report`, so the same figure draws both.
    """
    doc_ids = list(reports["doc_id"])
    counts = slogans_compare.slogan_counts(mentions, [slogan], doc_ids).loc[slogan]
    sizes = {doc.doc_id: kw.count_chars(doc.text) for doc in documents}
    table = pd.DataFrame({"doc_id": doc_ids, "label": list(reports["label"]), "term": slogan,
                          "count": counts.to_numpy(), "n_chars": [sizes.get(d, 0) for d in doc_ids]})
    table["n_chars"] = table["n_chars"].astype("int64")
    table["rate_per_10k"] = [c / n * 10_000 if n else 0.0 for c, n in zip(table["count"], table["n_chars"])]
    return table


def slogan_uses(mentions: pd.DataFrame, documents: Iterable[Any], slogan: str, *, width: int = 30) -> pd.DataFrame:
    """Every use of a slogan in its sentence, with document and offsets.

    Args:
        mentions: :func:`govreports.measures.slogans.corpus_slogan_mentions`.
        documents: the reports (the text the mentions' offsets refer to).
        slogan: the slogan.
        width: characters of the sentence kept on each side.

    Returns:
        :data:`USE_COLUMNS` (see :func:`govreports.compare.slogans.slogan_kwic`); ``end`` is
        ``start + len(keyword)``. Reports in the order of ``mentions``, uses in text order.
    """
    n_uses = int((mentions["slogan"] == slogan).sum()) if len(mentions) else 0
    uses = slogans_compare.slogan_kwic(mentions, list(documents), [slogan], per_slogan=max(n_uses, 1), width=width)
    report_order = {doc_id: i for i, doc_id in enumerate(dict.fromkeys(mentions["doc_id"]))} if len(mentions) else {}
    uses = uses.assign(end=uses["start"] + uses["keyword"].str.len(), _report=uses["doc_id"].map(report_order))
    uses = uses.sort_values(["_report", "start"], kind="stable")
    return uses[USE_COLUMNS].astype({"start": "int64", "end": "int64"}).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Indicators
# --------------------------------------------------------------------------------------------


def indicator_targets(targets: pd.DataFrame, indicator: str, reports: pd.DataFrame) -> pd.DataFrame:
    """The target rows of one indicator, with their quotes, in report order.

    Args:
        targets: :func:`govreports.measures.targets.targets_table`.
        indicator: the indicator code (``gdp_growth``).
        reports: the reports (``doc_id, city, year``), for the order.

    Returns:
        :data:`INDICATOR_TARGET_COLUMNS`, one row per target the reports set for the indicator.
    """
    rows = targets[targets["indicator"] == indicator]
    rows = targets_compare.sort_by_report(rows, reports) if len(rows) else rows
    return rows[INDICATOR_TARGET_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# One selection, and the explorer that answers it
# --------------------------------------------------------------------------------------------


def figure_image(fig) -> "Any":
    """A matplotlib figure as an ``IPython.display.Image`` (PNG, no version stamp); the figure is closed."""
    from IPython.display import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=plots.DPI, metadata={"Software": None})
    plt.close(fig)
    return Image(data=buffer.getvalue(), format="png")


def _uses_in(n: int, n_docs: int, n_reports: int, what: str = "use") -> str:
    """``3 uses in 2 of 11 reports``, ``1 use in 1 of 2 reports``, ``no use in 0 of 11 reports``."""
    from govreports.report.narrative import count_phrase

    return f"{count_phrase(n, what)} in {n_docs} of {count_phrase(n_reports, 'report')}"


@dataclass
class Selection:
    """What the explorer shows for one choice: a heading, a figure and tables."""

    kind: str
    value: str
    heading: str
    figure: Any  # a matplotlib figure
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def displays(self) -> list[Any]:
        """The heading, the figure and each table (searchable), ready to display in order."""
        from IPython.display import Markdown

        items: list[Any] = [Markdown(self.heading), figure_image(self.figure)]
        for title, table in self.tables.items():
            items.append(Markdown(f"**{title}** ({len(table)} rows)"))
            items.append(searchable(table))
        return items


@dataclass
class Explorer:
    """The corpus's tables, computed once, and the selections made from them.

    Attributes:
        documents: the analysed reports (:meth:`govreports.pipeline.corpus.Corpus.reports`).
        reports: :func:`govreports.documents.reports_table` of them.
        freq: the keyword counts.
        mentions: the slogan uses.
        targets: the growth targets.
        coverage: report × indicator coverage of every indicator with a target
            (:func:`govreports.compare.targets.coverage_table`).
        window: tokens of context in the KWIC lines.
        label: the corpus read, in words (:func:`govreports.report.narrative.corpus_label`), stamped on
            every figure.
    """

    documents: list[Any]
    reports: pd.DataFrame
    freq: pd.DataFrame
    mentions: pd.DataFrame
    targets: pd.DataFrame
    coverage: pd.DataFrame
    window: int = 8
    label: str = ""

    @classmethod
    def from_corpus(cls, corpus, *, window: int = 8) -> "Explorer":
        """Compute the tables of a :class:`govreports.pipeline.corpus.Corpus` (its analysed reports)."""
        from govreports.measures.slogans import corpus_slogan_mentions
        from govreports.measures.targets import documents_without_targets, targets_table
        from govreports.report.narrative import corpus_label

        documents = corpus.reports()
        reports = reports_table(corpus.documents_table())
        targets = targets_table(documents)
        codes = list(dict.fromkeys(targets["indicator"])) if len(targets) else []
        coverage = targets_compare.coverage_table(targets, reports, indicators=codes,
                                                  without_passage=documents_without_targets(documents))
        return cls(documents=documents, reports=reports, freq=kw.frequency_table(documents),
                   mentions=corpus_slogan_mentions(documents), targets=targets, coverage=coverage, window=window,
                   label=corpus_label(reports))

    # -- choices -------------------------------------------------------------------------------

    def choices(self, kind: str) -> list[str]:
        """What the controls offer for ``kind``, most widespread first (reports, then uses).

        Terms: the terms of the keyword tables, those of the policy user dictionary first;
        slogans: the slogans found; indicators: the indicator codes with a target in some report.
        At most :data:`MAX_CHOICES`.
        """
        if kind == "term":
            table = self.freq
            key = "term"
        elif kind == "slogan":
            table = self.mentions.assign(count=1)
            key = "slogan"
        elif kind == "indicator":
            table = self.targets.assign(count=1)
            key = "indicator"
        else:
            raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
        if table.empty:
            return []
        spread = table.groupby(key).agg(n_docs=("doc_id", "nunique"), count=("count", "sum")).reset_index()
        # Terms: the policy vocabulary of the user dictionary (八八战略, 数字经济) before 建设, 发展.
        spread["policy"] = spread[key].isin(tok.load_userdict().words) if kind == "term" else True
        spread = spread.sort_values(["policy", "n_docs", "count", key], ascending=[False, False, False, True],
                                    kind="stable")
        return list(spread[key].head(MAX_CHOICES))

    def default(self, kind: str) -> str:
        """The first choice of ``kind`` (``""`` if there is none): the default selection."""
        options = self.choices(kind)
        return options[0] if options else ""

    # -- selections ----------------------------------------------------------------------------

    def select(self, kind: str, value: str | None = None) -> Selection:
        """The figure and tables for one term, slogan or indicator.

        Args:
            kind: one of :data:`KINDS`.
            value: the term, slogan or indicator code; ``None`` or ``""`` means :meth:`default`.

        Raises:
            ValueError: for an unknown kind.
        """
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
        value = (value or "").strip() or self.default(kind)
        return getattr(self, f"_select_{kind}")(value)

    def _rates_figure(self, rates: pd.DataFrame, title: str):
        fig = plot_term_rates(rates, self.reports, ncols=1)
        fig.suptitle(title, fontsize=11)
        return self._stamped(fig)

    def _stamped(self, fig):
        if self.label:
            plots.stamp_corpus(fig, self.label)
        return fig

    def _select_term(self, term: str) -> Selection:
        rates = term_rates_by_report(self.freq, term, self.reports)
        lines = kwic_lines(self.documents, term, window=self.window) if term else pd.DataFrame(columns=KWIC_COLUMNS)
        n_docs = int((rates["count"] > 0).sum())
        heading = (f"### Term 「{term}」: {_uses_in(int(rates['count'].sum()), n_docs, len(rates))}"
                   if term else "### Term: the corpus has no terms")
        return Selection("term", term, heading, self._rates_figure(rates, f"「{term}」 per 10,000 characters"),
                         {"rate per report": rates, "KWIC lines (offsets into the cleaned text)": lines})

    def _select_slogan(self, slogan: str) -> Selection:
        rates = slogan_rates(self.mentions, slogan, self.reports, self.documents)
        uses = slogan_uses(self.mentions, self.documents, slogan) if slogan else pd.DataFrame(columns=USE_COLUMNS)
        n_docs = int((rates["count"] > 0).sum())
        heading = (f"### Slogan 「{slogan}」: {_uses_in(int(rates['count'].sum()), n_docs, len(rates))}"
                   if slogan else "### Slogan: the corpus has no slogans")
        return Selection("slogan", slogan, heading, self._rates_figure(rates, f"提法「{slogan}」 per 10,000 characters"),
                         {"uses per report": rates.rename(columns={"term": "slogan"}),
                          "uses in their sentences (offsets into the cleaned text)": uses})

    def _select_indicator(self, code: str) -> Selection:
        rows = indicator_targets(self.targets, code, self.reports)
        coverage = self.coverage
        if code not in set(coverage["indicator"]):
            from govreports.measures.targets import documents_without_targets

            coverage = targets_compare.coverage_table(self.targets, self.reports, indicators=[code] if code else [],
                                                      without_passage=documents_without_targets(self.documents))
        n_docs = rows["doc_id"].nunique()
        heading = (f"### Indicator {indicator_label(code)} `{code}`: {_uses_in(len(rows), n_docs, len(self.reports), 'target')}"
                   if code else "### Indicator: no report sets a target")
        return Selection("indicator", code, heading, self._stamped(plot_indicator_targets(coverage, code)),
                         {"targets with their quotes": rows})


# --------------------------------------------------------------------------------------------
# Controls for a live kernel
# --------------------------------------------------------------------------------------------


class ExplorerView:
    """ipywidgets controls on an :class:`Explorer`: a kind, a value, and the output below.

    Changing the kind offers its choices and shows the first; picking or typing a value (then
    Enter) shows it. The callbacks are plain methods (:meth:`on_kind`, :meth:`on_value`), so a
    test can drive them without a browser; ``output.outputs`` holds what is shown.

    Displayed in a notebook, it is the widget; its text form (what a page without a kernel
    shows) says so.
    """

    def __init__(self, explorer: Explorer, kind: str = "term", value: str | None = None):
        import ipywidgets as widgets

        self.explorer = explorer
        self.kind = widgets.Dropdown(options=list(KINDS), value=kind, description="look at")
        self.value = widgets.Combobox(options=explorer.choices(kind), value=(value or explorer.default(kind)),
                                      description=kind, placeholder="type or pick, then Enter",
                                      ensure_option=False, continuous_update=False)
        self.output = widgets.Output()
        self.selection: Selection | None = None
        self.kind.observe(self.on_kind, names="value")
        self.value.observe(self.on_value, names="value")
        self.widget = widgets.VBox([widgets.HBox([self.kind, self.value]), self.output])
        self.render()

    def on_kind(self, change: dict) -> None:
        """A new kind: offer its choices and show the first."""
        kind = change["new"]
        self.value.unobserve(self.on_value, names="value")
        self.value.options = self.explorer.choices(kind)
        self.value.description = kind
        self.value.value = self.explorer.default(kind)
        self.value.observe(self.on_value, names="value")
        self.render()

    def on_value(self, change: dict) -> None:
        """A new value: show it."""
        self.render()

    def render(self) -> None:
        """Show the current selection in :attr:`output`."""
        self.selection = self.explorer.select(self.kind.value, self.value.value)
        self.output.outputs = ()
        for item in self.selection.displays():
            self.output.append_display_data(item)

    def _repr_mimebundle_(self, **kwargs) -> dict:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = ("Explorer controls (look at: term, slogan or indicator): they work in JupyterLab "
                                "with a running kernel; the worked example above is the static default.")
        return bundle
