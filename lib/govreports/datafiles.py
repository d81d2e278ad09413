"""One reader for the editable data files under ``data/`` (word lists, rules, tables).

Every file a researcher may edit (``stopwords.txt``, ``userdict.txt``, ``slogan_*.txt``,
``site_boilerplate.txt``, ``injected_spam.txt``, ``themes/*.txt``, ``places.csv``,
``indicators.csv``, ``column_labels.csv``, ``validation/*.csv``) is read through
:func:`read_lines` (one entry a line) or :func:`read_rows` / :func:`read_csv_frame` (CSV), so that
every file follows the same rules:

- **Encoding:** UTF-8; a byte-order mark at the start is ignored.
- **Comments:** a line whose first non-space character is ``#`` is a comment. A ``#`` anywhere
  else is text (``C#`` or a regular expression ``[#]`` may be written as they are). A comment
  line of the form ``## section: name`` starts a named section of a word list
  (``stopwords.txt``: ``policy_verbs``); the lines after it carry that section's name.
- **Blank lines** (only white space) are skipped.
- **Word lists:** each remaining line is one entry, stripped of the white space around it (a
  rule that needs a space at its end writes ``\\s`` or ``[ ]``).
- **CSV files:** the first remaining line is the header; each further line is one row (a field
  never spans lines); every row has as many fields as the header. A row with another number of
  fields, an unclosed quotation mark or a header with an empty or repeated name is an error
  naming the file and the line.

The parsed forms that several stages share live here too: the site-boilerplate rules
(:func:`boilerplate_rules`), the injected-spam strings (:func:`injected_spam`) and the places
(:func:`places`). Readers that belong to one measure (the indicator list, the slogan word lists,
the user dictionary, the theme dictionaries, the hand judgements) stay with that measure and call
the readers here.

Example:
    >>> [line.text for line in parse_lines("# header\\n\\n两山\\n  # note\\nC# 语言\\n")]
    ['两山', 'C# 语言']
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from govreports.paths import DATA_DIR

#: ``## section: name`` (a comment line) starts a named section of a word list.
SECTION_HEADER = re.compile(r"^##\s*section:\s*(\S+)")
_BOM = "\ufeff"


class DataFileError(ValueError):
    """A data file that breaks the format; the message names the file and the line."""


@dataclass(frozen=True)
class Line:
    """One entry of a data file: its text (stripped), where it is, and its section."""

    text: str
    number: int  # 1-based line number in the file
    source: str  # the file, as named in messages
    section: str | None = None

    def error(self, message: str) -> DataFileError:
        """An error about this line, naming the file and the line number."""
        return DataFileError(f"{self.source}, line {self.number}: {message}: {self.text!r}")


def is_comment(line: str) -> bool:
    """Whether a line is a comment: its first non-space character is ``#``.

    Example:
        >>> is_comment("# source"), is_comment("  # note"), is_comment("C# 语言")
        (True, True, False)
    """
    return line.lstrip().startswith("#")


def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _physical_lines(text: str) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` of every line, a leading byte-order mark removed."""
    return enumerate(text.removeprefix(_BOM).splitlines(), start=1)


def parse_lines(text: str, source: str = "<text>") -> tuple[Line, ...]:
    """The entries of a word list's text: not blank, not comments, stripped, with their sections.

    Args:
        text: the file's text.
        source: the file's name, for messages.

    Example:
        >>> [(l.section, l.text) for l in parse_lines("## section: verbs\\n加快\\n")]
        [('verbs', '加快')]
    """
    section, lines = None, []
    for number, raw in _physical_lines(text):
        line = raw.strip()
        if (match := SECTION_HEADER.match(line)) is not None:
            section = match.group(1)
        elif line and not is_comment(line):
            lines.append(Line(line, number, source, section))
    return tuple(lines)


def read_lines(path: str | os.PathLike) -> tuple[Line, ...]:
    """The entries of a word-list file (see :func:`parse_lines`).

    Raises:
        FileNotFoundError: if the file does not exist.
    """
    path = Path(path)
    return parse_lines(_read_text(path), str(path))


def header_comments(path: str | os.PathLike) -> list[str]:
    """The leading comment block of a data file, each line without its ``#`` marks and spaces.

    Example:
        ``# Digital economy`` / ``# Source: ...`` / ``数字经济`` gives ``["Digital economy", "Source: ..."]``.
    """
    block = []
    for _, line in _physical_lines(_read_text(Path(path))):
        if not is_comment(line):
            break
        block.append(line.strip().lstrip("#").strip())
    return block


def parse_rows(text: str, source: str = "<text>") -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the rows of a CSV data file's text.

    Args:
        text: the file's text.
        source: the file's name, for messages.

    Returns:
        ``(header, rows)``: the column names and, for each row, ``(line number, fields)``.

    Raises:
        DataFileError: naming the file and the line, for a row with another number of fields
            than the header, an unclosed quotation mark, a header with an empty or repeated
            name, or a file with no header.

    Example:
        >>> parse_rows("# codes\\ncode,name\\ngdp,生产总值\\n")
        (['code', 'name'], [(3, ['gdp', '生产总值'])])
    """
    header: list[str] | None = None
    rows = []
    for number, line in _physical_lines(text):
        if not line.strip() or is_comment(line):
            continue
        here = Line(line, number, source)
        try:
            fields = next(csv.reader([line], strict=True))
        except csv.Error as error:
            raise here.error(f"not a CSV row ({error})") from None
        if header is None:
            if "" in fields or len(set(fields)) != len(fields):
                raise here.error("the header has an empty or repeated column name")
            header = fields
        elif len(fields) != len(header):
            raise here.error(f"{len(fields)} fields where the header has {len(header)}")
        else:
            rows.append((number, fields))
    if header is None:
        raise DataFileError(f"{source}: no header row")
    return header, rows


def read_rows(path: str | os.PathLike) -> list[dict[str, str]]:
    """The rows of a CSV data file as ``{column: text}`` (see :func:`parse_rows`).

    Raises:
        FileNotFoundError: if the file does not exist.
        DataFileError: naming the file and the line, for a malformed row.
    """
    path = Path(path)
    header, rows = parse_rows(_read_text(path), str(path))
    return [dict(zip(header, fields)) for _, fields in rows]


def read_csv_frame(path: str | os.PathLike) -> pd.DataFrame:
    """A CSV data file as a DataFrame, every cell text (an empty cell is ``""``).

    Raises:
        FileNotFoundError: if the file does not exist.
        DataFileError: naming the file and the line, for a malformed row.
    """
    path = Path(path)
    header, rows = parse_rows(_read_text(path), str(path))
    return pd.DataFrame([fields for _, fields in rows], columns=header, dtype=str)


# --- the files several stages share --------------------------------------------------------------


@dataclass(frozen=True)
class BoilerplateRule:
    """One line of ``data/site_boilerplate.txt``: ``reason <TAB> scope <TAB> pattern``."""

    reason: str
    scope: str  # "line" or "prefix"
    pattern: re.Pattern


@lru_cache(maxsize=None)
def boilerplate_rules() -> tuple[BoilerplateRule, ...]:
    """The site-boilerplate rules of ``data/site_boilerplate.txt``, compiled.

    Raises:
        DataFileError: naming the file and the line, for a line that is not three tab-separated
            fields, an unknown scope or a pattern that does not compile.
    """
    rules = []
    for line in read_lines(DATA_DIR / "site_boilerplate.txt"):
        fields = line.text.split("\t", 2)
        if len(fields) != 3:
            raise line.error("not 'reason <TAB> scope <TAB> pattern'")
        reason, scope, pattern = fields
        if scope not in ("line", "prefix"):
            raise line.error(f"scope must be 'line' or 'prefix', not {scope!r}")
        try:
            rules.append(BoilerplateRule(reason, scope, re.compile(pattern)))
        except re.error as error:
            raise line.error(f"the pattern does not compile ({error})") from None
    return tuple(rules)


@lru_cache(maxsize=None)
def injected_spam() -> tuple[str, ...]:
    """The injected-spam strings of ``data/injected_spam.txt``, longest first (ties in code-point order)."""
    return tuple(sorted({line.text for line in read_lines(DATA_DIR / "injected_spam.txt")}, key=lambda s: (-len(s), s)))


@dataclass(frozen=True)
class Place:
    """One row of ``data/places.csv``."""

    name: str  # full name, e.g. 杭州市
    short: str  # short name, e.g. 杭州
    admin_level: str  # national / province / prefecture_city / county_city
    province: str
    prefecture: str = ""  # for a county-level city: its prefecture-level city (short name)


@lru_cache(maxsize=None)
def places() -> dict[str, Place]:
    """Known places, keyed by both full and short name (``data/places.csv``)."""
    table: dict[str, Place] = {}
    for row in read_rows(DATA_DIR / "places.csv"):
        place = Place(row["name"], row["short"], row["admin_level"], row["province"], row.get("prefecture") or "")
        table.setdefault(place.name, place)
        table.setdefault(place.short, place)
    return table
