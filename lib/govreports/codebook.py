"""Codebook: what every column of every command-line table means, in one place.

The command line's ``--help`` for each table command is built from :data:`CODEBOOK`, and the
README's "Codebook" section is its Markdown rendering (``python -m govreports.codebook`` prints
it; ``tests/test_codebook.py`` fails when the README, the codebook or a table's real columns
drift apart). Meanings are written in Markdown (backticks around values); :func:`help_text`
drops the backticks for the terminal.

Example:
    >>> [name for entry in CODEBOOK["files"].entries for name in entry.names][:3]
    ['file', 'status', 'encoding']
"""

from __future__ import annotations

import sys
import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One row of a codebook table: one column, or a few that are explained together.

    Attributes:
        names: the column names, in the order the row names them.
        meaning: what they hold (Markdown).
        only_with: the command-line option that adds the column (``""``: always present).
    """

    names: tuple[str, ...]
    meaning: str
    only_with: str = ""


@dataclass(frozen=True)
class Table:
    """The codebook of one command's table.

    Attributes:
        command: the command-line command that prints the table.
        rows: what one row is (Markdown, one line).
        entries: the columns.
    """

    command: str
    rows: str
    entries: tuple[Entry, ...]

    @property
    def columns(self) -> list[str]:
        """Every column the codebook describes, options included, in codebook order."""
        return [name for entry in self.entries for name in entry.names]

    @property
    def heading(self) -> str:
        """The README heading of this table's codebook section."""
        return f"Codebook: the {self.command} table"


def _table(command: str, rows: str, *entries: tuple) -> Table:
    return Table(command, rows, tuple(Entry(tuple(e[0].split(", ")), *e[1:]) for e in entries))


_DOC = ("doc_id, city, year", "the report (see the documents table)")

#: The codebook of every table the command line prints, by command.
CODEBOOK: dict[str, Table] = {t.command: t for t in (
    _table(
        "documents",
        "one row per document, plus one row per file that was not loaded (`status` says why), so it lists every file seen",
        ("doc_id", "`{year}-{city}-gwr` or `{year}-{city}-plan`; news and reports without a stated year/city: `{file stem}-{n}`"),
        ("city", "short Chinese name of the reporting government (杭州, 浙江, 义乌, 全国)"),
        ("admin_level", "`national`, `province` (incl. municipalities, autonomous regions), `prefecture_city`, "
                        "`county_city`; empty if the place is not in `lib/govreports/data/places.csv`"),
        ("doc_type", "`government_work_report`, `plan_report` (国民经济和社会发展计划 reports), `news` (an item of a "
                     "listing page that is no report), `unknown` (a file of its own with no recognisable report "
                     "header: analysed, with a warning)"),
        ("year", "year delivered"),
        ("review_year", "year reviewed (usually `year - 1`; only where the text says so)"),
        ("date", "delivery date `YYYY-MM-DD`, only from “…年…月…日在…会议上”; a web posting date or newspaper date "
                 "is never used"),
        ("session", "e.g. 湖州市第八届人民代表大会第五次会议"),
        ("speaker, speaker_title", "e.g. 王纲, 代市长"),
        ("partial, partial_reason", "whether this source lacks part of the report, and why (上接/下转 another page, "
                                    "摘要, text stops before the plan part)"),
        ("missing", "the core fields (`city`, `year`) a report's text does not state, `;`-separated; they stay "
                    "empty, never guessed, and each such report gets one warning line (set them in `metadata.csv`)"),
        ("title", "the document's title line, where it has one"),
        ("source", "`file:start-end`, the character span of the document in its decoded file"),
        ("encoding", "encoding detected for the file"),
        ("n_chars, n_chars_raw, n_chars_removed", "characters after cleaning, before, and removed "
                                                  "(`raw = kept + removed`)"),
        ("n_sentences, n_paragraphs, n_parts, n_sections", "structure counts (sentences include heading lines)"),
        ("overridden", "fields set by the folder's `metadata.csv` (comma-separated)"),
        ("duplicate_of", "for a second copy of a report, the id of the copy that is kept and analysed"),
        ("status", "`analysed`, `listed (news)`, `duplicate of <id>`, or (command line only) `not loaded: <reason>` "
                   "for a file that could not be read"),
        ("corpus_version", "`sha256:` and 16 hex digits: a digest of the files read (names and bytes, `metadata.csv` "
                           "included), the library's data files, its version and the tokenizer setting; the same on "
                           "every row; cite it with the tables (a file that is not loaded changes no table and not "
                           "the version)"),
    ),
    _table(
        "files",
        "one row per file seen in the folder: loaded (with its documents) or not (with the reason)",
        ("file", "the file name"),
        ("status", "`loaded` or `not loaded`"),
        ("encoding", "encoding detected for the file (empty if not loaded)"),
        ("n_documents, doc_ids", "how many documents were read from it, and their ids (space-separated)"),
        ("problem", "why it was not loaded (empty file, binary file, unsupported format …)"),
        ("notes", "warnings about it (no recognisable header, a duplicate, a `metadata.csv` override …), "
                  "separated by semicolons"),
    ),
    _table(
        "audit",
        "every removal made by cleaning, and every stretch of a file outside all documents",
        ("file", "the source file"),
        ("doc_id", "the document the text was removed from; empty for text outside every document"),
        ("step", "the cleaning step (`boilerplate`, `page_markers`, `page_title_fragments`, `photo_captions`, "
                 "`duplicate_title_lines`, `injected_spam`, `repeated_passages`, `column_breaks`, `whitespace` …); "
                 "`split` for text outside every document"),
        ("reason", "why, in words (listing tag, newspaper continuation marker, injected spam: 二号首长 …)"),
        ("start, end", "offsets of the removed text in the decoded file (`end` excluded); one row per contiguous "
                       "span (a step whose removal straddles an earlier step's gets one row per piece)"),
        ("n_chars", "characters removed (`end - start`)"),
        ("text", "the removed text: the file's `[start:end]`, except where the `width` step had already made a "
                 "full-width character ASCII; it may hold line breaks"),
    ),
    _table(
        "sentences",
        "one row per sentence of the reports (news items are left out)",
        ("doc_id", "the report"),
        ("sentence, paragraph", "the sentence's position in the report and its paragraph's (line of the cleaned "
                                "text), from 0"),
        ("part, part_title, part_kind", "the part (一、 = 1; 0 = the preamble), its title, and its kind: `review`, "
                                        "`plan`, `government` or `preamble` (`unknown` where a text has no part "
                                        "headings)"),
        ("section, section_title", "the section ((一) = 1) within its part (0 = none), and its title"),
        ("is_heading", "`True` for a heading line (part or section title)"),
        ("text", "the sentence, with its closing punctuation"),
    ),
    _table(
        "keywords",
        "one row per report and term (jieba, accurate mode, with the policy user dictionary and stop words), "
        "terms by descending count",
        ("doc_id", "the report"),
        ("term", "the term"),
        ("count", "occurrences in the report"),
        ("rate_per_10k", "`count` per 10,000 characters of the report"),
        ("share", "`count / n_tokens`"),
        ("n_chars", "characters counted, white space excluded (so a little below the documents table's `n_chars`)"),
        ("n_tokens", "terms counted in the report (stop words and numbers dropped)"),
    ),
    _table(
        "slogans",
        "one row per slogan (提法), by descending count",
        ("slogan", "the canonical form (quotation marks dropped, variants merged: 两山 for “两山”理念)"),
        ("kind", "`numbered` (holds a number: 八八战略, 两个高水平) or `phrase` (最多跑一次)"),
        ("count", "uses in all reports"),
        ("n_docs, n_cities", "reports and cities that use it"),
        ("first_year", "year of the earliest report that uses it"),
        ("docs, cities", "those reports and cities, in the order of their years, separated by semicolons"),
        ("example, example_doc", "the sentence of its first use in the earliest report, and that report"),
    ),
    _table(
        "targets",
        "one row per growth target of each report",
        _DOC,
        ("target_year", "the year the target is for"),
        ("indicator", "a code from `lib/govreports/data/indicators.csv` (`gdp_growth`, "
                      "`general_budget_revenue_growth`, `urban_income_growth`, `rd_intensity`, "
                      "`registered_unemployment_rate`, `cpi_growth`, `energy_environment`, …); an unlisted "
                      "indicator is `other`"),
        ("indicator_text", "the indicator in the report's own words"),
        ("value_low, value_high", "the bounds: `at_least` fills only low, `at_most` only high, `about`/`exact` both, "
                                  "`range` both ends, `qualitative` neither"),
        ("unit", "`%`, `亿元`, `万人`, `元` … as written"),
        ("qualifier", "`about` (左右), `at_least` (以上, 不低于, 超过), `at_most` (以内, 控制在, 不超过), `range` "
                      "(6%-6.5%), `exact`, `qualitative` (与经济增长基本同步, 完成省定任务, 高于全省平均 …)"),
        ("quote", "the exact words of the cleaned text that state the target; every number of the row is in it"),
        ("value", "the single stated number (empty for a range or a qualitative target)"),
        ("predicate", "the words that set the target, as written (增长7.5%以上, 与经济增长基本同步)"),
        ("start, end", "the quote's offsets in the cleaned text (`text[start:end] == quote`)"),
        ("strive_value", "a second, aspirational number written after the target (增长7%以上、力争8% → 8); empty "
                         "if none"),
        ("modifier", "words that qualify the target without a number, as written: 在实际工作中努力争取更好结果, "
                     "在高质量前提下能快则快, 力争更好; empty if none"),
        ("doc_type", "the document type"),
    ),
    _table(
        "compare",
        "one row per city and term: how distinctive the term is of the city against the rest of the corpus "
        "(log-odds ratio with an informative Dirichlet prior, Monroe, Colaresi & Quinn 2008), by descending `z`",
        ("city", "the city (its reports pooled)"),
        ("rank", "1 for the city's most distinctive term", "--top"),
        ("term", "the term (place names are left out)"),
        ("delta, variance, z", "the log-odds ratio (city against the rest), its variance, and `z = delta / "
                               "sqrt(variance)`; a large positive `z` is distinctive of the city"),
        ("count, count_rest", "the term's count in the city's reports and in the other reports"),
        ("n_terms, n_terms_rest", "all terms counted in the city's reports and in the others"),
        ("alpha0", "the weight of the prior (pseudo-counts), so the file says how it was made"),
    ),
    _table(
        "results",
        "one row per headline result of the year reviewed (GDP, revenue, income)",
        _DOC,
        ("result_year", "the year reviewed"),
        ("indicator", "`gdp`, `gdp_growth`, `general_budget_revenue`, `total_fiscal_revenue`, "
                      "`local_fiscal_revenue`, `urban_income`, `rural_income`, `resident_income`, and their "
                      "`_growth`"),
        ("indicator_text", "the indicator in the report's own words"),
        ("value", "the number (a decline, 下降, is negative)"),
        ("unit", "`%`, `亿元`, `元` … as written"),
        ("qualifier", "`exact`, `about` (接近, 约, 左右) or `at_least` (突破, 超过, 以上)"),
        ("is_estimate", "`True` where the sentence says 预计"),
        ("is_preliminary", "`True` where it says 初步核算, 初步统计 or 初步测算 (preliminary figures, subject to "
                           "revision; not 预计)"),
        ("quote", "the exact words of the cleaned text that state the result"),
        ("start, end", "the quote's offsets in the cleaned text"),
        ("doc_type", "the document type"),
    ),
    _table(
        "panel",
        "one row per place × target year × indicator (the layout of the hand-coded target-setting panels): the "
        "place's target, its immediate superior's target for the same year, and the outcome from a later report",
        ("place, admin_level", "the reporting government (the documents table's `city`) and its level"),
        ("target_year, indicator, indicator_text", "the year and the coded indicator (an `other` target is not in the "
                                                   "panel), in the report's own words"),
        ("target_doc", "the report that sets the target (a government work report before a plan report)"),
        ("target", "the target as a label: 6.5%左右, 6-6.5%, 7.5%以上, or the words of a qualitative one"),
        ("qualifier, value_low, value_high, unit", "as in the targets table"),
        ("target_value", "the one number the target stands for: the value for `about` and `exact`, the midpoint of a "
                         "`range`, the bound of `at_least`/`at_most`; empty for `qualitative`"),
        ("strive_value, modifier", "the 力争 value and the qualifying words as written (在实际工作中努力争取更好结果, "
                                   "能快则快 …)"),
        ("binding, binding_quote", "`约束性` or `预期性` where the text says so (in the target's own clause, or a clause "
                                   "of the report that names the indicator and calls it one of the two), and those "
                                   "words; empty otherwise"),
        ("target_quote, n_target_rows", "the words that state the target; how many target rows the report has for "
                                        "the indicator (the first numeric one speaks for it)"),
        ("superior", "the immediate superior: 全国 for a province, the province for a prefecture-level city, the "
                     "prefecture-level city for a county-level city (`data/places.csv`)"),
        ("superior_doc, superior_target, superior_qualifier, superior_value, superior_quote",
         "the superior's report, target (label, qualifier, number) and words for the same indicator and year"),
        ("gap_superior", "`target_value − superior_value`, in points of the target's unit"),
        ("superior_reason", "why there is no gap: `no superior: the national government`, `no report of 浙江 for "
                            "2019 in the corpus`, `2020-全国-gwr states no gdp_growth target for 2020`, a qualitative "
                            "target, units that differ; empty when the gap was computed"),
        ("outcome_doc, outcome, outcome_unit, outcome_qualifier, outcome_is_estimate, outcome_quote",
         "the headline result for the target year from a later report of the same place (the next year's first), "
         "as in the results table"),
        ("gap_outcome", "`outcome − target_value`"),
        ("met, verdict, met_rule", "met or not, by one rule per qualifier (左右 and a bare number within ±0.5 points, a "
                                   "range from low to high, 以上 at or above the bound, 以内 at or below it); `met`, "
                                   "`exceeded`, `missed` or `not judged`; the rule applied"),
        ("outcome_reason", "why there is no judged outcome: `the results table reads no outcome for cpi_growth`, `no "
                           "report of 湖州 for 2021 in the corpus`, a qualitative target …; empty when it was judged"),
    ),
    _table(
        "kwic",
        "one row per use of the term (keyword in context, quanteda's `kwic`), in report and text order",
        ("doc_id", "the report"),
        ("part", "the report part of the sentence (`review`, `plan`, `government`, `preamble`, `unknown`)"),
        ("position", "the index of the match's first token in the report's segmentation (quanteda's `from`, from 0)"),
        ("left, term, right", "the window tokens before the match, the match, the window tokens after it"),
    ),
    _table(
        "counts",
        "one row per group of reports and term: counts grouped by a column of the documents table "
        "(quanteda's `dfm_group`), by group then descending count",
        ("variable, value", "the documents-table column grouped by (`--by`, default `city`) and the group's value as "
                            "text (empty where the documents table has none)"),
        ("term", "the term"),
        ("count, docfreq", "occurrences in the group's reports, and how many of them use the term"),
        ("rate_per_10k, share", "`count` per 10,000 characters of the group's reports, and per term (pooled, not "
                                "averaged)"),
        ("n_chars, n_tokens", "characters (white space excluded) and terms of the group's reports"),
    ),
)}

#: Tables that only ``export DIR`` writes (files beside the tables above), by table name.
FILE_TABLES: dict[str, Table] = {t.command: t for t in (
    _table(
        "dfm_features",
        "one row per column of `dfm.mtx` (the document-feature matrix; its rows are `dfm_docvars.csv`, the documents "
        "table's rows of the analysed reports)",
        ("feature", "the column number in `dfm.mtx` (Matrix Market counts from 1)"),
        ("term", "the term"),
        ("count, docfreq", "occurrences in all reports (the column sum), and the reports that use it"),
    ),
    _table(
        "manifest",
        "one row per file of the export",
        ("file", "the file name, in the export folder"),
        ("table", "the table it holds (`dfm`: the matrix whose rows are `dfm_docvars.csv` and columns "
                  "`dfm_features.csv`)"),
        ("format", "`csv`, `parquet`, `dta` or `mtx`"),
        ("n_rows, n_columns", "rows and columns of the table (for `dfm.mtx`: documents and features)"),
        ("corpus_version", "as in the documents table"),
        ("sha256", "the SHA-256 of the file's bytes"),
    ),
    _table(
        "codebook",
        "one row per column of every table (this codebook, machine-readable)",
        ("table, column", "the table (a command, or a file of the export) and the column"),
        ("type", "`string`, `integer`, `number` or `boolean`; an empty cell is missing, never zero"),
        ("label", "a short label, at most 80 characters (the Stata variable label)"),
        ("description", "what the column holds, in plain text"),
        ("stata_name", "the column's name in the `.dta` files: the same, or with a trailing `_` for a word Stata "
                       "reserves (`end` is `end_`)"),
    ),
)}


def plain(markdown: str) -> str:
    """Return a codebook text for the terminal: backticks dropped.

    Example:
        >>> plain("`count / n_tokens`")
        'count / n_tokens'
    """
    return markdown.replace("`", "")


def help_text(command: str, *, width: int = 100) -> str:
    """Return the column list printed at the end of a command's ``--help``.

    Args:
        command: a key of :data:`CODEBOOK`.
        width: line width.
    """
    table = CODEBOOK[command]
    rows = plain(table.rows)
    lines = [textwrap.fill(f"{rows[0].upper()}{rows[1:]}.", width), "", "columns:"]
    for entry in table.entries:
        names = ", ".join(entry.names)
        meaning = plain(entry.meaning) + (f" (only with {entry.only_with})" if entry.only_with else "")
        lines.append(textwrap.fill(meaning, width, initial_indent=f"  {names}: ", subsequent_indent="      "))
    lines += ["", f'The README has the same codebook (section "{table.heading}").']
    return "\n".join(lines)


def markdown(command: str) -> str:
    """Return the README section of one table: heading, what a row is, and the column table."""
    table = CODEBOOK[command]
    lines = [f"### {table.heading}", "", f"{table.rows[0].upper()}{table.rows[1:]}.", "",
             "| column | meaning |", "|---|---|"]
    for entry in table.entries:
        meaning = entry.meaning + (f" (only with `{entry.only_with}`)" if entry.only_with else "")
        lines.append(f"| {', '.join(f'`{n}`' for n in entry.names)} | {meaning} |")
    return "\n".join(lines)


def main() -> int:
    """Print the README's codebook sections (every table, in command order)."""
    sys.stdout.write("\n\n".join(markdown(command) for command in CODEBOOK) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
