"""The shared text patterns and text helpers: character classes, numerals, headings, sentences, widths.

The rule for where a pattern lives: **a pattern lives here if two modules use it, or if it
describes Chinese report text in general** (what a Chinese character is, how a heading, a sentence
or a newspaper continuation marker is written, how full-width characters fold). **A pattern that
is one rule of one extractor stays with that extractor** (a slogan template in
:mod:`govreports.measures.slogans`, a target predicate in :mod:`govreports.measures.targets`, a
session line in :mod:`govreports.pipeline.metadata`, a cleaning finder's own rule in
:mod:`govreports.pipeline.clean`), built from the pieces here where it needs them. Every pattern is
compiled once, at import (the textacy habit).

Two sentence rules, on purpose:

- :data:`SENTENCE` / :func:`sentence_spans` split a text into its **sentences**: text up to a run
  of sentence ends (。!?！？) together with the closing quotes after it (”’」』)）》). A sentence
  never crosses a line break; text before a line break that has no sentence end is not a
  sentence (a heading line), except at the very end of the text. Used for the sentences of a
  report (:mod:`govreports.pipeline.structure`), repeated sentences (:mod:`govreports.pipeline.clean`)
  and target passages (:mod:`govreports.measures.targets`).
- :data:`SENTENCE_BREAK` / :func:`sentence_bounds` / :data:`SENTENCE_PIECE` cut a text **after
  every sentence end and line break**, dropping nothing: the stretch around a given offset (the
  sentence a slogan is used in) or every piece of a text including lines without a sentence
  end (a list item 单位GDP能耗(约束性指标) on its own line). A closing quote after the end mark
  starts the next piece.

Clauses are cut differently by each stage, on purpose, and those rules stay with their stage,
built from :data:`CLAUSE_END` where they share it: the repeated-passage finder of
:mod:`govreports.pipeline.clean` cuts after 、 too; the duplicate shingles of
:mod:`govreports.pipeline.duplicates` also cut at brackets and quotation marks (after NFKC); the
binding clause of :mod:`govreports.compare.panel` runs to the next comma, semicolon or sentence end.

One width fold, :func:`fold_width`: full-width ASCII (！ to ～), the ideographic space and the
no-break space to their ASCII forms, and a few look-alikes (∶ ﹪ −), one character for one, so
offsets in the folded text are offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: The code point ranges of the CJK ideographs (extension A, the unified block, the compatibility block).
CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
#: The same, for a character class: ``rf"[{CJK}]"``.
CJK = "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in CJK_RANGES)
#: One CJK ideograph.
CJK_CHAR = re.compile(rf"[{CJK}]")
#: The Chinese numerals of headings and ordinals: 一 to 十 (see :func:`cn_numeral_value`).
CN_NUMERALS = "一二三四五六七八九十"
#: The characters Chinese numbers are written with when counting: 〇 零, 一 to 十, 两, 百 千 万
#: (亿 and 几 are left to each rule: 亿 is a unit after digits, 几 a vague count).
CN_NUMBER_CHARS = "〇零一二两三四五六七八九十百千万"

#: Characters that end a sentence (half- and full-width).
SENTENCE_END = "。!?！？"
#: Characters that end a clause: comma, semicolon, colon (half- and full-width) and the sentence ends.
CLAUSE_END = ",，;；:：" + SENTENCE_END
#: Characters after which a line ends a paragraph rather than breaking one (also ; and : which
#: close list items and lead-ins such as 各位代表:).
PARAGRAPH_END = SENTENCE_END + ";；:：…"
#: Closing quotation marks and brackets that stay with the sentence they follow.
CLOSING_QUOTES = "”’」』)）》"
#: One character of :data:`SENTENCE_END`.
SENTENCE_END_CHAR = re.compile(rf"[{SENTENCE_END}]")
#: White space (``\s`` of Python's ``re`` on ``str`` is exactly ``str.isspace``).
WHITESPACE = re.compile(r"\s")
#: A bare CR: an old-Mac line ending (a CR not followed by LF).
BARE_CR = re.compile(r"\r(?!\n)")


def count_non_space(text: str) -> int:
    """The number of characters of ``text`` that are not white space.

    Example:
        >>> count_non_space("各位代表:\\n  现在,")
        8
    """
    return sum(map(len, text.split()))  # str.split() cuts at str.isspace, as \s does: no match object per space


def count_cjk(text: str) -> int:
    """The number of CJK ideographs (:data:`CJK_RANGES`) in ``text``.

    Counted on the code points with numpy: ``len(CJK_CHAR.findall(text))`` makes a string per
    character (40 times slower on a report).

    Example:
        >>> count_cjk("2020年湖州市GDP增长3.3%")
        6
    """
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return int(sum(np.count_nonzero((codes >= first) & (codes <= last)) for first, last in CJK_RANGES))


# --- headings -----------------------------------------------------------------------------------

#: A part number: 一、 二、 ... 十二、 (a fragment for larger patterns).
PART_NUMBER = rf"[{CN_NUMERALS}]{{1,3}}、"
#: A section number: (一) （二） ... (a fragment for larger patterns).
SECTION_NUMBER = rf"[(（][{CN_NUMERALS}]{{1,3}}[)）]"
#: A part heading at the start of a paragraph: 一、 二、 ... 十二、 (group 1: the numeral).
PART_MARKER = re.compile(rf"^\s*([{CN_NUMERALS}]{{1,3}})、")
#: A section heading at the start of a paragraph: (一) （二） ... (group 1: the numeral).
SECTION_MARKER = re.compile(rf"^\s*[(（]([{CN_NUMERALS}]{{1,3}})[)）]")
#: Any heading marker, for "does this line start a heading?"
HEADING_START = re.compile(rf"^\s*(?:{PART_NUMBER}|{SECTION_NUMBER}|第[{CN_NUMERALS}]+[部章节]|各位代表)")
#: A part or section number inside running text: at the start of a line or after white space or a
#: sentence or clause end (a report scraped onto one line: …提出意见。 一、过去一年).
HEADING_IN_TEXT = re.compile(rf"(?:^|(?<=[\s。;:!?；：！？]))\s*(?:{PART_NUMBER}|{SECTION_NUMBER})", re.MULTILINE)

# --- sentences ----------------------------------------------------------------------------------

#: One sentence: text up to a run of sentence ends, with any closing quotes that follow it (see
#: the module docstring).
SENTENCE = re.compile(rf"[^{SENTENCE_END}\n]*(?:[{SENTENCE_END}]+[{CLOSING_QUOTES}]*|$)")
#: A character after which :func:`sentence_bounds` and :data:`SENTENCE_PIECE` cut.
SENTENCE_BREAK = re.compile(rf"[{SENTENCE_END}\n]")
#: A piece of text between two cuts of :data:`SENTENCE_BREAK` (its sentence end kept, a line break
#: not); it may be empty.
SENTENCE_PIECE = re.compile(rf"[^{SENTENCE_END}\n]*[{SENTENCE_END}]?")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the sentences of ``text[start:end]`` that are not blank.

    Example:
        >>> t = "推进“最多跑一次”改革。”增长6.8%!\\n标题\\n下一句"
        >>> [t[a:b] for a, b in sentence_spans(t)]
        ['推进“最多跑一次”改革。”', '增长6.8%!', '下一句']
    """
    end = len(text) if end is None else end
    return [m.span() for m in SENTENCE.finditer(text, start, end) if text[m.start() : m.end()].strip()]


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the stretch of ``text`` around ``text[start:end]``, cut at :data:`SENTENCE_BREAK`.

    The stretch starts after the last sentence end or line break before ``start`` and runs
    through the first one at or after ``end`` (included), or to the end of the text.

    Example:
        >>> t = "上句。推进“两山”转化。下句"
        >>> t[slice(*sentence_bounds(t, 5, 7))]
        '推进“两山”转化。'
    """
    breaks = [m.end() for m in SENTENCE_BREAK.finditer(text, 0, start)]
    after = SENTENCE_BREAK.search(text, end)
    return (breaks[-1] if breaks else 0), (after.end() if after else len(text))


# --- numerals and page markers -------------------------------------------------------------------


def cn_numeral_value(numeral: str) -> int:
    """Return the value of a Chinese numeral from 一 to 九十九 (0 for anything else).

    Example:
        >>> cn_numeral_value("十二"), cn_numeral_value("二十"), cn_numeral_value("七")
        (12, 20, 7)
    """
    digits = {c: i for i, c in enumerate(CN_NUMERALS[:-1], start=1)}
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(units, 0) if units else 0)
    return digits.get(numeral, 0)


_PAGE = rf"\s*(?:第\s*)?([{CN_NUMERALS}\d]+)\s*版\s*[)）]"  # \d includes the full-width digits ０-９
_FROM_WORDS, _ON_WORDS = "上接|接|紧接|续", "下转|转"
#: A newspaper marker saying where the text came from: (上接第一版) (紧接第2版) (group 1: the page).
CONTINUED_FROM = re.compile(rf"[(（]\s*(?:{_FROM_WORDS}){_PAGE}")
#: A newspaper marker saying where the text goes on: （下转第三版） (转第4版) (group 1: the page).
CONTINUED_ON = re.compile(rf"[(（]\s*(?:{_ON_WORDS}){_PAGE}")
#: Either newspaper continuation marker.
PAGE_MARKER = re.compile(rf"[(（]\s*(?:{_FROM_WORDS}|{_ON_WORDS}){_PAGE}")

# --- Unicode normalisation ------------------------------------------------------------------------


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, made faster for Chinese text.

    Normalising every character costs about 130 ns each (0.4 s per 1,000 reports in duplicate
    detection), though few characters of a report change: the full-width punctuation （，；：）
    and a few symbols (Ⅱ ℃ ①). Each character that NFKC changes on its own is replaced by its
    NFKC form first (``str.replace``: the same NFKC result, as a character and its NFKC form are
    compatibility equivalent in any context), and the text is normalised only if the quick check
    then still finds something to do (characters that compose or reorder with their neighbours).

    Example:
        >>> nfkc("增长６．５％，“两山”Ⅱ期")
        '增长6.5%,“两山”II期'
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    for ch, form in _NFKC_FREQUENT:
        if ch in text:
            text = text.replace(ch, form)
    if unicodedata.is_normalized("NFKC", text):
        return text
    for ch in set(text):  # the rarer ones (about 10 ns a character: only when some are left)
        form = _nfkc_char(ch)
        if form != ch:
            text = text.replace(ch, form)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


#: The characters of Chinese reports that NFKC changes most often, and their forms (replaced first,
#: which is enough for most reports).
_NFKC_FREQUENT = tuple((ch, unicodedata.normalize("NFKC", ch)) for ch in "，（）；：！？［］\u3000\u2003")


@lru_cache(maxsize=None)
def _nfkc_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


# --- widths -------------------------------------------------------------------------------------

_WIDTH_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {
    0x3000: ord(" "),  # ideographic space
    0x00A0: ord(" "),  # no-break space
    0x2236: ord(":"),  # ∶ ratio
    0xFE6A: ord("%"),  # ﹪ small per-cent sign
    0x2212: ord("-"),  # − minus sign
}
_UPPER_LATIN = {cp: cp - 32 for cp in range(ord("a"), ord("z") + 1)}
_WIDTH_AND_CASE_FOLD = _WIDTH_FOLD | _UPPER_LATIN | {cp + 0xFEE0: cp - 32 for cp in _UPPER_LATIN}


def fold_width(text: str, *, upper_latin: bool = False) -> str:
    """Fold full-width ASCII, the ideographic and no-break spaces and ∶ ﹪ − to ASCII, one char for one.

    Args:
        text: any text.
        upper_latin: also write the Latin letters a-z (and their full-width forms) in upper case.

    Example:
        >>> fold_width("增长７．５％，")
        '增长7.5%,'
        >>> fold_width("５＋ｎ 415x", upper_latin=True)
        '5+N 415X'
    """
    table, chars = (_WIDTH_AND_CASE_FOLD, _CASE_FOLDED) if upper_latin else (_WIDTH_FOLD, _WIDTH_FOLDED)
    if len(text) < _TRANSLATE_BELOW:
        return text.translate(table)
    # str.translate looks every character up; a report has a few hundred to fold in ten thousands,
    # of a few kinds (，：；（）), each replaced in one pass
    for char in set(chars.findall(text)):
        text = text.replace(char, chr(table[ord(char)]))
    return text


def _char_class(table: dict[int, int]) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(table)) + "]")


#: Text length from which :func:`fold_width` replaces the characters it finds instead of translating.
_TRANSLATE_BELOW = 256
_WIDTH_FOLDED, _CASE_FOLDED = _char_class(_WIDTH_FOLD), _char_class(_WIDTH_AND_CASE_FOLD)
