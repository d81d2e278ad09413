"""Sentences for the notebooks, built from the tables, so that what a page says is true of the corpus read.

A notebook's static markdown explains the method and how to read a figure; every sentence that
states a number, a place or a finding is built here from the tables and shown by a code cell
(as MyST-NB's ``glue`` or R Markdown's inline code do). Readings written by hand for the bundled
seeds are shown only when the seeds are loaded, and say so (:func:`seeds_reading`).

- :func:`corpus_label`: the corpus in a few words (``全国 and 29 provinces, 2005–2025``), for
  titles, figure stamps and the index.
- :func:`places_phrase`, :func:`join_words`, :func:`count_phrase`, :func:`year_span`: the pieces.
- :func:`is_seeds`, :func:`seeds_reading`, :func:`say`: what a notebook cell displays.

Example:
    >>> reports = pd.DataFrame({"city": ["浙江", "杭州", "宁波"], "admin_level": ["province", "prefecture_city",
    ...                         "prefecture_city"], "year": [2020, 2020, 2019]})
    >>> corpus_label(reports)
    '浙江, 杭州 and 宁波, 2019–2020'
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import pandas as pd

from govreports import paths

#: Levels in the order a label names them, with the plural noun used when they are counted.
LEVEL_NOUNS = {
    "national": ("national", "national"),
    "province": ("province", "provinces"),
    "prefecture_city": ("city", "cities"),
    "county_city": ("city", "cities"),
    "": ("other place", "other places"),
}
#: Nouns of the document types (singular, plural).
DOC_TYPE_NOUNS = {
    "government_work_report": ("government work report", "government work reports"),
    "plan_report": ("plan report", "plan reports"),
    "news": ("news item", "news items"),
    "unknown": ("document of unknown type", "documents of unknown type"),
}
#: A level group with at most this many places is named place by place; a larger one is counted.
NAMED_PLACES = 3
#: The heading of a reading that holds only for the bundled seeds.
SEEDS_HEADING = "**On the bundled seeds** (this reading was written for `seeds/` and is shown only when they are loaded):"


def join_words(words: Iterable[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``.

    Example:
        >>> join_words(["宁波", "杭州", "湖州"])
        '宁波, 杭州 and 湖州'
        >>> join_words([])
        ''
    """
    words = [str(w) for w in words]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def count_phrase(n: int, singular: str, plural: str | None = None) -> str:
    """``1 report``, ``2 reports``, ``no report``.

    Example:
        >>> count_phrase(1, "report"), count_phrase(3, "city", "cities"), count_phrase(0, "report")
        ('1 report', '3 cities', 'no report')
    """
    if n == 0:
        return f"no {singular}"
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def year_span(years: Iterable) -> str:
    """The years as ``2019–2023`` (one year: ``2020``; none known: empty).

    Example:
        >>> year_span([2020, 2019, None, 2023])
        '2019–2023'
    """
    known = sorted({int(y) for y in pd.to_numeric(pd.Series(list(years), dtype="object"), errors="coerce").dropna()})
    if not known:
        return ""
    return str(known[0]) if known[0] == known[-1] else f"{known[0]}–{known[-1]}"


def _places_by_level(reports: pd.DataFrame) -> dict[str, list[str]]:
    """Distinct places per level (in :data:`LEVEL_NOUNS` order), in order of first appearance."""
    levels = reports["admin_level"].fillna("") if "admin_level" in reports.columns else pd.Series("", index=reports.index)
    cities = reports["city"].fillna("").astype(str)
    groups: dict[str, list[str]] = {}
    for level in LEVEL_NOUNS:
        names = cities[(levels == level) & (cities != "")]
        groups[level] = list(dict.fromkeys(names))
    # Both kinds of city are "cities" in a label.
    groups["prefecture_city"] = list(dict.fromkeys(groups["prefecture_city"] + groups.pop("county_city")))
    return groups


def places_phrase(reports: pd.DataFrame, *, named: int = NAMED_PLACES) -> str:
    """The places of ``reports`` in a few words: named if few, counted by level if many.

    Args:
        reports: rows with ``city`` and ``admin_level`` (one row per report).
        named: the largest group of one level that is named place by place.

    Example:
        >>> r = pd.DataFrame({"city": ["全国"] + [f"p{i}" for i in range(29)] + [""],
        ...                   "admin_level": ["national"] + ["province"] * 29 + [""]})
        >>> places_phrase(r)
        '全国, 29 provinces and 1 report whose place was not read'
    """
    groups = _places_by_level(reports)
    parts: list[str] = []
    for level, names in groups.items():
        if not names:
            continue
        singular, plural = LEVEL_NOUNS[level]
        if level == "national":
            parts.extend(names)
        elif len(names) <= named:
            parts.extend(names)
        else:
            parts.append(count_phrase(len(names), singular, plural))
    n_unknown = int((reports["city"].fillna("").astype(str) == "").sum()) if len(reports) else 0
    if n_unknown:
        parts.append(f"{count_phrase(n_unknown, 'report')} whose place was not read")
    return join_words(parts)


def corpus_label(reports: pd.DataFrame) -> str:
    """The corpus in a few words: its places and years, e.g. ``全国 and 29 provinces, 2005–2025``.

    Args:
        reports: the documents-table rows of the analysed reports (``city``, ``admin_level``,
            ``year``).

    Returns:
        The label; ``no reports`` for an empty table.
    """
    if reports is None or len(reports) == 0:
        return "no reports"
    span = year_span(reports["year"]) if "year" in reports.columns else ""
    places = places_phrase(reports)
    return f"{places}, {span}" if span else places


def is_seeds(folder: str | os.PathLike | None = None) -> bool:
    """Whether the corpus folder read is the bundled ``seeds/`` (``folder`` as in :func:`paths.corpus_dir`)."""
    return paths.corpus_dir(folder) == paths.SEEDS_DIR.resolve()


def folder_name(folder: str | os.PathLike | None = None) -> str:
    """The corpus folder's own name (never its full path, which differs between machines)."""
    return "seeds (the bundled seeds)" if is_seeds(folder) else paths.corpus_dir(folder).name


class Prose:
    """Markdown text a notebook cell displays (rendered as markdown, printed as plain text)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def say(*sentences: str) -> Prose:
    """The sentences, joined by spaces, as displayable markdown (empty sentences are dropped)."""
    return Prose(" ".join(s.strip() for s in sentences if s and s.strip()))


def seeds_reading(text: str, folder: str | os.PathLike | None = None) -> Prose | None:
    """A reading written for the bundled seeds: shown, labelled as such, only when they are loaded.

    Args:
        text: the reading (markdown).
        folder: the notebook's ``CORPUS`` parameter.

    Returns:
        The labelled reading, or ``None`` (a cell whose value is ``None`` shows nothing) when
        another corpus is loaded.
    """
    if not is_seeds(folder):
        return None
    return Prose(f"{SEEDS_HEADING} {text.strip()}")


def corpus_heading(reports: pd.DataFrame, folder: str | os.PathLike | None = None, n_files: int | None = None) -> Prose:
    """The line under a notebook's title: which corpus was read, in words.

    Example:
        >>> r = pd.DataFrame({"city": ["江苏"], "admin_level": ["province"], "year": [2024]})
        >>> print(corpus_heading(r, "/tmp/jiangsu"))
        **Corpus read:** 江苏, 2024 (1 report, folder `jiangsu`).
    """
    files = f", {count_phrase(n_files, 'file')}" if n_files is not None else ""
    return Prose(f"**Corpus read:** {corpus_label(reports)} ({count_phrase(len(reports), 'report')}{files}, "
                 f"folder `{folder_name(folder)}`).")


# --- sentences of the notebooks, each from one table ---------------------------------------------

def _names(values: Iterable[str], *, limit: int = 5) -> str:
    """Up to ``limit`` names joined, then ``and N more``."""
    values = list(dict.fromkeys(str(v) for v in values))
    if len(values) <= limit:
        return join_words(values)
    return f"{', '.join(values[:limit])} and {len(values) - limit} more"


def _range(values: pd.Series, fmt: str = "{:,.0f}", unit: str = "") -> str:
    """``a–b`` of a numeric series (one value: ``a``)."""
    values = pd.to_numeric(values, errors="coerce").dropna()
    if values.empty:
        return ""
    low, high = fmt.format(values.min()), fmt.format(values.max())
    return f"{low}{unit}" if low == high else f"{low}–{high}{unit}"


def files_sentence(files: pd.DataFrame, documents: pd.DataFrame) -> Prose:
    """What the folder held: files read, documents per file, reports and other documents.

    Args:
        files: :meth:`govreports.pipeline.corpus.Corpus.files_table`.
        documents: :meth:`govreports.pipeline.corpus.Corpus.documents_table`.
    """
    loaded = files[files["status"] == "loaded"]
    multi = loaded[loaded["n_documents"] > 1]
    kinds = documents["doc_type"].value_counts()
    kind_text = join_words(count_phrase(n, *DOC_TYPE_NOUNS.get(kind, (kind.replace("_", " "),))) for kind, n in sorted(kinds.items()))
    sentences = [f"The folder holds {count_phrase(len(files), 'file')}: {len(loaded)} read, "
                 f"{len(files) - len(loaded)} not read (the reason is in `problem`).",
                 f"They hold {count_phrase(len(documents), 'document')} ({kind_text})." if len(documents) else ""]
    if len(multi):
        sentences.append(f"{count_phrase(len(multi), 'file')} {'holds' if len(multi) == 1 else 'hold'} several "
                         f"documents (up to {int(multi['n_documents'].max())} in one file), split as shown in `doc_ids`.")
    return say(*sentences)


def missing_sentence(documents: pd.DataFrame) -> Prose:
    """How many analysed reports do not state their place or year (the documents table's ``missing``).

    Example:
        >>> table = pd.DataFrame({"status": ["analysed", "analysed"], "missing": ["", "city;year"]})
        >>> str(missing_sentence(table))
        '1 of the 2 reports does not state its place or year (`missing` names the field); it is analysed, but drops out of comparisons by place or year until `metadata.csv` supplies the field.'
    """
    analysed = documents[documents["status"] == "analysed"]
    lacking = analysed[analysed["missing"].fillna("") != ""]
    if lacking.empty:
        return say(f"Every one of the {count_phrase(len(analysed), 'report')} states its place and year.")
    verb, pronoun = ("does", "it is") if len(lacking) == 1 else ("do", "they are")
    return say(f"{len(lacking)} of the {count_phrase(len(analysed), 'report')} {verb} not state "
               f"{'its' if len(lacking) == 1 else 'their'} place or year (`missing` names the field); {pronoun} analysed, "
               "but drop" + ("s" if len(lacking) == 1 else "") + " out of comparisons by place or year until `metadata.csv` supplies the field.")


def panel_sentence(panel: pd.DataFrame) -> Prose:
    """What the target panel holds: rows, how many sit beside a superior's target, how many have an outcome.

    Args:
        panel: :func:`govreports.compare.panel.panel_table`.

    Example:
        >>> table = pd.DataFrame({"place": ["甲", "乙"], "superior_target": ["6%左右", ""], "outcome": ["6.1", ""],
        ...                       "verdict": ["met", "not judged"]})
        >>> str(panel_sentence(table))
        'The panel has 2 rows (place × target year × indicator) for 2 places: 1 beside the superior government’s target for the same year, 1 with the outcome the next report gives (1 met).'
    """
    if panel.empty:
        return say("The panel is empty: no report of this corpus sets a target for a named indicator.")
    beside = int((panel["superior_target"].fillna("").astype(str) != "").sum())
    judged = panel[panel["outcome"].fillna("").astype(str) != ""]
    verdicts = judged["verdict"].value_counts()
    verdict_text = join_words(f"{n} {v}" for v, n in sorted(verdicts.items()) if v != "not judged")
    return say(f"The panel has {count_phrase(len(panel), 'row')} (place × target year × indicator) for "
               f"{count_phrase(panel['place'].nunique(), 'place')}: {beside} beside the superior government’s "
               f"target for the same year, {len(judged)} with the outcome the next report gives"
               + (f" ({verdict_text})." if verdict_text else "."))


def lengths_sentence(reports: pd.DataFrame) -> Prose:
    """The length of the whole and the partial reports (``n_chars``, ``partial``, ``label`` or ``doc_id``)."""
    if reports.empty:
        return say("No report was read, so there is no length to show.")
    whole = reports[~reports["partial"].astype(bool)]
    partial = reports[reports["partial"].astype(bool)]
    names = partial["label"] if "label" in partial.columns else partial["doc_id"]
    return say(
        f"{count_phrase(len(whole), 'whole report')} run to {_range(whole['n_chars'])} characters after cleaning."
        if len(whole) else "No report is whole in its source.",
        f"{count_phrase(len(partial), 'report')} {'is' if len(partial) == 1 else 'are'} partial in the source "
        f"({_names(names)}): {_range(partial['n_chars'])} characters, what the source holds." if len(partial) else "")


def structure_sentence(sentences: pd.DataFrame, reports: pd.DataFrame) -> Prose:
    """The share of the plan part in the whole reports' sentences (``sentences_table``, report rows)."""
    whole = set(reports.loc[~reports["partial"].astype(bool), "doc_id"])
    rows = sentences[sentences["doc_id"].isin(whole)]
    if rows.empty:
        return say("No whole report with parts was read: the figure shows what the partial texts hold.")
    share = rows.assign(plan=rows["part_kind"] == "plan").groupby("doc_id")["plan"].mean() * 100
    return say(f"In the {count_phrase(len(share), 'whole report')}, the plan for the coming year takes "
               f"{_range(share, '{:.0f}')}% of the sentences (median {share.median():.0f}%).")


def top_terms_sentence(top: pd.DataFrame) -> Prose:
    """Which term leads most reports, and the terms most often in the top lists (``top_terms``)."""
    if top.empty:
        return say("No terms were counted.")
    first = top[top["rank"] == 1]["term"].value_counts()
    common = top["term"].value_counts().head(5)
    n = top["doc_id"].nunique()
    return say(f"{first.index[0]} leads {first.iloc[0]} of the {count_phrase(n, 'report')};",
               f"the terms most often in the top lists are {join_words(common.index)}.")


def term_presence_sentence(rates: pd.DataFrame, reports: pd.DataFrame) -> Prose:
    """For each chosen term: in how many reports, and of which years (``term_rates``)."""
    if rates.empty:
        return say("No term of `TERMS` was counted.")
    years = reports.set_index("doc_id")["year"]
    parts = []
    for term, group in rates.groupby("term", sort=False):
        used = group[group["count"] > 0]
        span = year_span(years.reindex(used["doc_id"]))
        parts.append(f"{term} in {len(used)} of {len(group)}" + (f" ({span})" if span else ""))
    return say(f"Reports using each term: {'; '.join(parts)}.")


def theme_leaders_sentence(attention: pd.DataFrame, reports: pd.DataFrame) -> Prose:
    """The report with the highest rate for each theme (``theme_attention``)."""
    if attention.empty:
        return say("No theme term was counted.")
    labels = reports.set_index("doc_id")["label"]
    best = attention.sort_values(["theme", "rate_per_10k", "doc_id"], ascending=[True, False, True]).drop_duplicates("theme")
    return say("Highest rate per theme: " + "; ".join(
        f"{r.theme.replace('_', ' ')}: {labels.get(r.doc_id, r.doc_id)} ({r.rate_per_10k:.0f})" for r in best.itertuples()) + ".")


def level_sentence(levels: pd.DataFrame, indicator: str = "gdp_growth") -> Prose:
    """How the reports set ``indicator`` against their superior's (``level_comparison``)."""
    rows = levels[(levels["indicator"] == indicator) & (levels["position"] != "")] if len(levels) else levels
    if len(levels) == 0:
        return say("No report in this corpus has its superior's report of the same year beside it, "
                   "so there is no level comparison.")
    if len(rows) == 0:
        return say(f"No pair of reports states {indicator} as comparable numbers.")
    parts = []
    for (superior, year), group in rows.groupby(["superior_city", "year"], sort=False):
        counts = group["position"].value_counts()
        target = group["superior_target"].iloc[0]
        skipped = int((group["levels_skipped"] > 0).sum())
        parts.append(f"against {superior} {year} ({target}), {count_phrase(len(group), 'report')}: "
                     f"{counts.get('above', 0)} above, {counts.get('within', 0)} within, {counts.get('below', 0)} below"
                     + (f" ({skipped} of them one level removed)" if skipped else ""))
    return say(f"{indicator}: " + "; ".join(parts) + ".")


def outcome_sentence(pairs: pd.DataFrame) -> Prose:
    """How many target–outcome pairs, of how many places, and how many were met (``target_vs_outcome``)."""
    if pairs.empty:
        return say("No place has both a report of year Y and one of Y+1 reviewing Y, so no target meets its outcome here.")
    judged = pairs[pairs["met"].notna()]
    n_met = int(judged["met"].astype(bool).sum())
    return say(f"{count_phrase(len(pairs), 'pair')} from {count_phrase(pairs['city'].nunique(), 'place')} "
               f"({_names(pairs['city'])}): {len(judged)} judged, {n_met} met; the rest are qualitative targets, "
               "shown but not judged.")


def seeds_or(folder, on_seeds, otherwise):
    """``on_seeds`` when the bundled seeds are loaded, else ``otherwise`` (a seeds-only example's stand-in)."""
    return on_seeds if is_seeds(folder) else otherwise


def example_report(reports: pd.DataFrame) -> str | None:
    """The first whole report's ``doc_id`` (the first report if none is whole; ``None`` if there is none)."""
    if reports.empty:
        return None
    whole = reports[~reports["partial"].astype(bool)]
    return str((whole if len(whole) else reports)["doc_id"].iloc[0])


def part_sentence(parts: pd.DataFrame) -> Prose:
    """Each term's uses in the review and in the plan, over all reports (``part_comparison``)."""
    if parts.empty:
        return say("No report has both a review and a plan part to count in.")
    totals = parts.groupby(["term", "part"], sort=False)["count"].sum().unstack("part").fillna(0)
    text = "; ".join(f"{term}: {int(row.get('review', 0))} in the reviews, {int(row.get('plan', 0))} in the plans"
                     for term, row in totals.iterrows())
    return say(f"Over all reports, {text}.")


def keyness_sentence(extremes: pd.DataFrame, target: str) -> Prose:
    """The most over- and under-used terms of the target group (``keyness_extremes``)."""
    if extremes.empty:
        return say("No term is used often enough (5 times) to compare the groups.")
    over = extremes.loc[extremes["side"] == "target", "term"].head(5)
    under = extremes.loc[extremes["side"] != "target", "term"].head(5)
    return say(f"The target group ({target}) uses {join_words(over) or 'no term'} relatively most;",
               f"the other reports use {join_words(under) or 'no term'} relatively more.")


def not_a_sample(reports: pd.DataFrame) -> Prose:
    """The first caution of a notebook's last section: what the corpus is, in numbers."""
    n_partial = int(reports["partial"].astype(bool).sum()) if len(reports) else 0
    return say(f"- **{count_phrase(len(reports), 'report')} {'is' if len(reports) == 1 else 'are'} not a sample.** "
               f"They are what this corpus holds ({corpus_label(reports)}; {n_partial} partial). A difference between "
               "two reports is a difference between two speeches, not between places or years in general; G² and "
               "p-values treat every term as independent and overstate certainty for text.")


def superior_slogans_sentence(province: pd.DataFrame, coverage: pd.DataFrame, superior_doc: str | None) -> Prose:
    """How many of the superior report's slogans the reports under it use (``province_slogans_in_cities``)."""
    if not superior_doc or province.empty or coverage.empty:
        return say("Nothing to compare here.")
    n_under = len(coverage)
    shared = int((province["n_city_reports"] > 0).sum())
    by_all = int((province["n_city_reports"] == n_under).sum())
    most = coverage.sort_values(["n_province", "doc_id"], ascending=[False, True]).iloc[0]
    least = coverage.sort_values(["n_province", "doc_id"], ascending=[True, True]).iloc[0]
    return say(f"{superior_doc} uses {len(province)} distinct slogans; {shared} of them are used by at least one report "
               f"under it and {by_all} by all {n_under}. {most['doc_id']} shares the most ({most['n_province']}), "
               f"{least['doc_id']} the fewest ({least['n_province']}{', partial' if bool(least['partial']) else ''}).")


def run_size_sentence(table: pd.DataFrame) -> Prose:
    """How many distinct slogans and uses this run found (the judged figures above are for the seeds).

    Example:
        >>> str(run_size_sentence(pd.DataFrame({"count": [3, 1]})))
        'This run finds 2 distinct slogans and 4 uses.'
    """
    uses = int(table["count"].sum()) if len(table) else 0
    return say(f"This run finds {count_phrase(len(table), 'distinct slogan')} and {count_phrase(uses, 'use')}.")


def indicator_sentence(coverage: pd.DataFrame, indicator: str) -> Prose:
    """How many reports set ``indicator`` as a number, the range of the numbers, the qualifiers (``coverage_table``)."""
    rows = coverage[coverage["indicator"] == indicator]
    if rows.empty:
        return say("No report was read.")
    numbers = rows[rows["status"] == "number"]
    points = pd.concat([numbers["value_low"], numbers["value_high"]])
    qualifiers = numbers["qualifier"].value_counts()
    return say(f"{len(numbers)} of the {count_phrase(len(rows), 'report')} set {indicator} as a number"
               + (f", from {_range(points, '{:g}', '%')}" if len(numbers) else "") + "."
               + (f" Qualifiers: {', '.join(f'{q} {k}' for q, k in qualifiers.items())}." if len(qualifiers) else ""))


def coverage_sentence(coverage: pd.DataFrame) -> Prose:
    """Which indicators every report with a passage sets as a number, and which reports have no passage."""
    if coverage.empty:
        return say("No report was read.")
    with_passage = coverage[coverage["status"] != "no target passage"]
    n_docs = with_passage["doc_id"].nunique()
    by_code = with_passage.groupby("indicator", sort=False)["status"].agg(lambda s: int((s == "number").sum()))
    everywhere = [c for c, k in by_code.items() if n_docs and k == n_docs]
    none = coverage.loc[coverage["status"] == "no target passage", "doc_id"].unique()
    return say(f"Of the {count_phrase(n_docs, 'report')} with a target passage, every one sets {join_words(everywhere)} as a number."
               if everywhere else f"No indicator is set as a number by all {count_phrase(n_docs, 'report')} with a target passage.",
               f"No target passage in our source: {_names(none)}." if len(none) else "")


# --- notebook 05 ----------------------------------------------------------------------------------

def distinctive_sentence(top: pd.DataFrame, *, n_places: int = 8) -> Prose:
    """Each place's two most distinctive terms (``top_distinctive``), for the first ``n_places`` places."""
    if top.empty:
        return say("No place has a distinctive term here.")
    firsts = top[top["rank"] <= 2].groupby("city", sort=False)["term"].apply(list)
    shown = [f"{city}: {join_words(terms)}" for city, terms in list(firsts.items())[:n_places]]
    more = f" ({len(firsts) - n_places} more places in the table)" if len(firsts) > n_places else ""
    return say(f"Most distinctive terms: {'; '.join(shown)}{more}.")


def similar_pairs_sentence(pairs: pd.DataFrame, measure: str, n: int = 3) -> Prose:
    """The ``n`` most similar report pairs (``similarity_pairs``), and how many are the same place."""
    if pairs.empty:
        return say(f"Fewer than two reports are compared: no {measure} to rank.")
    top = pairs.head(n)
    text = "; ".join(f"{r.label_a} – {r.label_b}: {r.value:.2f}" for r in top.itertuples())
    same = int(top["same_city"].sum())
    return say(f"Highest {measure}: {text} ({same} of these {len(top)} pairs are one place in two years).")


def structure_range_sentence(structure: pd.DataFrame) -> Prose:
    """The whole reports' length and structure, and who writes the shortest and longest sentences."""
    whole = structure[~structure["partial"].astype(bool)]
    if whole.empty:
        return say("No whole report is compared.")
    by_length = whole.sort_values(["chars_per_sentence", "doc_id"])
    return say(f"The {count_phrase(len(whole), 'whole report')}: {_range(whole['n_chars'])} characters, "
               f"{_range(whole['n_parts'])} parts, {_range(whole['n_sections'])} sections, {_range(whole['n_sentences'])} sentences;",
               f"shortest sentences {by_length['label'].iloc[0]} ({by_length['chars_per_sentence'].iloc[0]:.0f} characters), "
               f"longest {by_length['label'].iloc[-1]} ({by_length['chars_per_sentence'].iloc[-1]:.0f}).")


def year_over_year_sentence(changes: pd.DataFrame, slogans: pd.DataFrame) -> Prose:
    """Per pair: the terms that rose and fell most, and the slogans new and dropped."""
    if changes.empty:
        return say("No place has two compared reports: nothing changes from year to year here.")
    info = slogans.set_index("pair") if len(slogans) else pd.DataFrame()
    parts = []
    for pair, group in changes.groupby("pair", sort=False):
        rose = group.loc[group["direction"] == "rose", "term"].head(3)
        fell = group.loc[group["direction"] == "fell", "term"].head(3)
        text = f"{pair}: up {join_words(rose) or '—'}, down {join_words(fell) or '—'}"
        if pair in info.index:
            text += f"; {info.at[pair, 'n_new']} slogans new, {info.at[pair, 'n_dropped']} dropped"
        parts.append(text)
    return say(" · ".join(parts) + ".")


def gdp_targets_sentence(gdp: pd.DataFrame) -> Prose:
    """The GDP targets' range per year, against the reference (``gdp_targets``)."""
    rows = gdp[gdp["has_target"]]
    if rows.empty:
        return say("No compared report states a GDP growth target.")
    parts = []
    for year, group in rows.groupby("year", sort=True):
        others = group[~group["is_province"]]
        reference = group[group["is_province"]]
        text = f"{int(year)}: {_range(others['point'], '{:g}', '%') or '—'} ({count_phrase(len(others), 'report')})"
        if len(reference):
            above = int((others["point"] > reference["point"].iloc[0]).sum())
            text += f", reference {reference['label'].iloc[0]} {reference['point'].iloc[0]:g}%, {above} above it"
        parts.append(text)
    missing = gdp.loc[~gdp["has_target"], "label"]
    return say("GDP growth targets by year: " + "; ".join(parts) + "."
               + (f" No target in our text: {_names(missing)}." if len(missing) else ""))


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """A table for display with every missing value (NaN, ``<NA>``, ``None``) as an empty cell.

    pandas prints a missing float as ``NaN`` and a missing nullable integer as ``<NA>``; the
    notebooks show both the same way, as the CSV tables do: empty.

    Example:
        >>> shown(pd.DataFrame({"year": pd.array([2020, None], dtype="Int64"), "value": [6.5, None]})).values.tolist()
        [[2020, 6.5], ['', '']]
    """
    return table.astype(object).where(table.notna(), "")
