"""Regular expressions and editable word lists, compiled and read once.

Every pattern the stages share lives here (the textacy habit): heading markers, sentence ends,
Chinese numerals, and the data files under ``data/`` (site boilerplate, injected spam, places).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from govreports.paths import DATA_DIR

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CN_NUMERALS = "一二三四五六七八九十"
#: Characters that end a sentence (half- and full-width).
SENTENCE_END = "。!?！？"
#: Characters after which a line ends a paragraph rather than breaking one (also ; and : which
#: close list items and lead-ins such as 各位代表:).
PARAGRAPH_END = SENTENCE_END + ";；:：…"
CLOSING_QUOTES = "”’」』)）》"

#: A part heading at the start of a paragraph: 一、 二、 ... 十二、
PART_MARKER = re.compile(rf"^\s*([{CN_NUMERALS}]{{1,3}})、")
#: A section heading at the start of a paragraph: (一) （二） ...
SECTION_MARKER = re.compile(rf"^\s*[(（]([{CN_NUMERALS}]{{1,3}})[)）]")
#: Any heading marker, for "does this line start a heading?"
HEADING_START = re.compile(rf"^\s*(?:[{CN_NUMERALS}]{{1,3}}、|[(（][{CN_NUMERALS}]{{1,3}}[)）]|第[{CN_NUMERALS}]+[部章节]|各位代表)")
#: One sentence: text up to a sentence end, with any closing quotes that follow it.
SENTENCE = re.compile(rf"[^{SENTENCE_END}\n]*(?:[{SENTENCE_END}]+[{CLOSING_QUOTES}]*|$)")
#: Newspaper continuation markers: (上接第一版) （下转第三版） (转第4版) (紧接第二版)
PAGE_MARKER = re.compile(rf"[(（]\s*(?:上接|下转|接|转|紧接|续)\s*(?:第\s*)?[{CN_NUMERALS}\d０-９]+\s*版\s*[)）]")


def cn_numeral_value(numeral: str) -> int:
    """Return the value of a Chinese numeral from 一 to 九十九.

    Example:
        >>> cn_numeral_value("十二")
        12
    """
    digits = {c: i for i, c in enumerate(CN_NUMERALS[:-1], start=1)}
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(units, 0) if units else 0)
    return digits.get(numeral, 0)


@dataclass(frozen=True)
class BoilerplateRule:
    """One line of ``data/site_boilerplate.txt``."""

    reason: str
    scope: str  # "line" or "prefix"
    pattern: re.Pattern


def _data_lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def boilerplate_rules() -> tuple[BoilerplateRule, ...]:
    """The site-boilerplate rules of ``data/site_boilerplate.txt``, compiled."""
    rules = []
    for line in _data_lines("site_boilerplate.txt"):
        reason, scope, pattern = line.split("\t", 2)
        rules.append(BoilerplateRule(reason, scope, re.compile(pattern)))
    return tuple(rules)


@lru_cache(maxsize=None)
def injected_spam() -> tuple[str, ...]:
    """The injected-spam strings of ``data/injected_spam.txt``, longest first."""
    return tuple(sorted({line.strip() for line in _data_lines("injected_spam.txt")}, key=len, reverse=True))


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
    with open(DATA_DIR / "places.csv", encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            place = Place(row["name"], row["short"], row["admin_level"], row["province"], row.get("prefecture") or "")
            table.setdefault(place.name, place)
            table.setdefault(place.short, place)
    return table
