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
