"""Slogans (提法): the set formulations a report uses, and how they travel between reports.

Chinese policy language runs on set formulations: quoted programme names (“最多跑一次”,
“八八战略”), numbered summaries (三个十, 六个一, 四大建设, 三大攻坚战), number codes (8+N,
415X, 152) and abbreviations (两山, 六稳, 双循环). :func:`find_slogan_mentions` finds them in
one text; :func:`slogans_table` counts them over a corpus, one row per slogan.

What is a slogan here
---------------------
A slogan is a set formulation used as the name of a policy, programme, campaign, strategy,
mechanism, platform, target or principle, or a policy catchphrase or term of art
(“亩均论英雄”, “僵尸企业”). Not slogans: quantities (三年, 10个, 两家), ordinal list markers
(一是, (三), 第三), dates and plan periods (2020年, “4·15”, 十四五, 十九大), titles of reports
and documents (《政府工作报告》, “…实施意见”), honours and awards (荣获“大禹鼎”, 双拥模范城
“八连冠”), names of typhoons and ships, whole quoted sentences, and everyday words a report puts in
scare quotes (城市的“面子”).

Candidates come from three rules (the ``rule`` column says which):

1. **Quoted spans** (``quoted``): text between “ ”, 「 」, 『 』, ‘ ’ or a pair of straight
   quotes on one line, of at most :data:`MAX_QUOTE_CHARS` characters (a longer span is an
   unbalanced quotation mark, not a quotation). Nested quotes count on their own
   (“深化‘三服务’、助企开复工” gives both). A span is rejected (see
   :func:`slogan_reject_reason`) when its text, after normalization:

   * has fewer than 2 or more than :data:`MAX_SLOGAN_CHARS` characters, or no Han character or
     digit;
   * holds a sentence end or semicolon (。!?;): it is a quotation, not a formulation;
   * holds 《 》 or ends with a document genre (报告, 意见, 办法, 条例, 通知 …): a title;
   * is a date or period (2020, 2020年1月, 4·15, 十三五, 十九大);
   * is a quantity: digits and measure words (25条, 10个) or a Chinese numeral and one measure
     word (三年, 两家; the list is ``data/slogan_measure_words.txt``), unless a programme noun,
     清单, 名单 or 试点 follows the closing mark (“三名”工程 names a programme), or any text
     with a percentage (“新品销售额占比超20%”, a statistic); 万亩千亿 (two counts side by side)
     is not a quantity;
   * is only digits, seven or more of them (a telephone number);
   * is an honour: right after 获 / 荣获 / 获评 / 夺 / 捧得 / 蝉联 / 授予 / 评为 / 命名为 / 入选 /
     入围 / 跻身 (allowing 全国, 省级, 唯一的, 第N届 … in between) with nothing but punctuation,
     奖 or 称号 after the closing mark (获评省级“四好农村路”示范市 keeps the programme name);
     ending with 奖 or 称号; or a run of consecutive wins (八连冠, 七连创, 三连增);
   * is a name: after 台风 (a typhoon), ending with 号 or 舰 with 船 / 舰 / 官兵 close after (a
     ship), or a place of ``data/places.csv`` or its people (“宁波”, 新“义乌人”);
   * is listed in ``data/slogan_not_slogans.txt`` (scare-quoted everyday words).

   A quoted bare numbered head (“四大”, “两个”) takes the programme noun written right after it
   (“四大”建设 → 四大建设; nouns from ``data/slogan_heads.txt``); with none it is rejected as
   incomplete. A quoted enumeration (“三医联动、六医统筹”) is split into its parts when at least
   one part is a slogan on its own (quoted alone in the same text, known, or in the caller's
   lexicon); otherwise it stays one slogan (“不忘初心、牢记使命”).

2. **Numbered patterns in running text** (quoted or not; outside quotes they carry
   ``quoted=False``). A numeral never counts when it follows 第, a digit or another numeral, so
   ordinals (第三), list markers (一是, (三)) and longer numbers (十九大) never start one.

   * ``code``: digits joined by + with digits or X/N (5+N, 1+5+2, 18+2+6+X, 345+1.5), or digits
     followed by X (415X);
   * ``summary``: a numeral from 两 to 百 + 大 + at most five Han characters + a programme noun
     (三大攻坚战, 十大举措, 八大城市行动); 一大批 and 四大都市区 are descriptions, not summaries;
   * ``n_of_n``: numeral + 个 + numeral, ending at a programme noun or at non-Han text
     (六个一, 五个一工程);
   * ``template``: the fixed templates N位一体 (五位一体) and N字方针 (八字方针).

3. **Known forms in running text** (``lexicon``): unquoted uses of forms that are known
   (``data/slogan_known.txt``: 八八战略, 双循环, 共同富裕 …), quoted or found by rule 2 elsewhere in
   the same text, or passed by the caller (:func:`slogans_table` passes the forms found in at
   least two reports, so a city that writes 两个高水平 without quotes is counted with the province
   that quotes it). Only numbered forms and forms of four or more characters are looked up this way
   (a quoted “清零” or “风景” says nothing about the same word elsewhere), never a form of bare
   digits (“246” is a code, 246家 a quantity) and never a short form that opens with a quantity
   (“一件事”). A phrase quoted only once in the text is not looked up in it: one quoted use may be a
   scare quote (从“传统制造”向“智能制造”转变), two make it a name. Matches inside quotation marks,
   《 》 titles or a longer match are not counted twice.

Canonical form and kind
-----------------------
:func:`normalize_slogan` groups variants: full-width digits, letters and + become half-width,
Latin letters upper case (415x = 415X), quotation marks, 、 and spaces are dropped (“两山”理念 and
两山 → 两山; 双随机、一公开 = 双随机一公开), middle dots become ·, and the aliases of
``data/slogan_aliases.txt`` and any gloss written in the text (“…”(简称“…”)) map a long form to
its short one. :func:`slogan_kind` calls a slogan ``numbered`` when it holds a digit or a Chinese
numeral other than 一 (双 counts as two), else ``phrase`` (最多跑一次, 一带一路).

Mention columns (:data:`MENTION_COLUMNS`)
-----------------------------------------
``slogan`` (canonical form), ``kind``, ``surface`` (``text[start:end]``, as written: the quoted
text without its quotation marks; for an extended head, “四大”建设, the closing mark is inside),
``start``, ``end``, ``quoted`` (bool) and ``rule`` (which rule found it, see above).

Precision and recall are recomputed from committed hand judgements by
:mod:`govreports.measures.validation` (``data/validation/``): on the seeds, 95 of a random 100 distinct
slogans are formulations, and the detector finds 13 of the 26 slogans a reader listed in six
hand-read passages (13 of the 21 clear ones; the misses are unquoted set names such as 高质量发展
and 习近平新时代中国特色社会主义思想). An earlier reading of every distinct slogan by the detector's
author (830 of 870; 92% with the stop list emptied) was not kept as a file and cannot be
recomputed. The errors left are proper names (“蚂蚁森林”, “支教奶奶”, “遇见大运河”, “田园风情”),
honours the context rules miss (“平安金鼎” after 县(市、区)), and one-off scare quotes (“传统制造”).

Known gaps: an enumeration inside one pair of quotes whose parts are never used alone stays one
slogan; a quoted metaphor, everyday word or proper name that no rule catches and the stop list
does not hold is accepted; numbered summaries whose noun is not a programme noun (七大千亿级产业,
十大特色农业品牌) and unquoted abbreviations that are neither known nor quoted in any two reports
(五大自由, 双万亿) are missed.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

import ahocorasick_rs
import pandas as pd

from govreports.datafiles import places, read_lines
from govreports.documents import analysed, chronological
from govreports.parallel import (
    DOCUMENTS_PER_JOB,
    batched,
    concatenated_tables,
    document_source,
    map_in_processes,
    source_text,
)
from govreports.paths import DATA_DIR
from govreports.pipeline.structure import Sentences
from govreports.text import CJK, CN_NUMBER_CHARS, fold_width, sentence_bounds

#: Longest quoted span looked at; a longer one is taken as an unbalanced quotation mark.
MAX_QUOTE_CHARS = 40
#: Longest slogan, in characters of its canonical form.
MAX_SLOGAN_CHARS = 32

MENTION_COLUMNS = ["slogan", "kind", "surface", "start", "end", "quoted", "rule"]
TABLE_COLUMNS = [
    "slogan",
    "kind",
    "count",
    "n_docs",
    "n_cities",
    "first_year",
    "docs",
    "cities",
    "example",
    "example_doc",
]
#: Separator of the ``docs`` and ``cities`` lists in :func:`slogans_table`.
LIST_SEPARATOR = "; "

_NUMERALS = CN_NUMBER_CHARS + "廿"
_DIGITS = "0123456789"
_COUNT_NUMERALS = "二两三四五六七八九十百千万廿双"
_QUOTE_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"), ("‘", "’"), ('"', '"'), ("＂", "＂"))
_QUOTE_MARKS = "“”「」『』‘’\"'＂＇"

_QUOTED_SPANS = tuple(
    re.compile(rf"{re.escape(o)}([^{re.escape(o + c)}\n]{{1,{MAX_QUOTE_CHARS}}}){re.escape(c)}")
    for o, c in _QUOTE_PAIRS
)
_BOOK_TITLE = re.compile(r"《[^《》\n]{0,60}》")
_HAS_TEXT = re.compile(rf"[{CJK}0-9]")
_SENTENCE_INSIDE = re.compile(r"[。!?;!?;]")
_TITLE_END = re.compile(r"(?:报告|意见|办法|条例|规定|通知|决定|纲要|细则|白皮书|公报)$")
_DATE = re.compile(
    r"^(?:\d{2,4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月(?:\d{1,2}日)?|(?:1[89]|20)\d\d"
    r"|\d{1,2}[·.\-/]\d{1,2}|(?:1[89]|20)\d\d[·.\-/]\d{1,2}(?:[·.\-/]\d{1,2})?"
    r"|[一二三四五六七八九十〇零]{2,4}年|十?[一二三四五六七八九]五"
    r"|(?:十[一二三四五六七八九]|二十[一二三四五六七八九]?)大)$"
)
_PHONE = re.compile(r"^\d{7,}$")
_HONOUR_BEFORE = re.compile(
    r"(?:获|夺|捧|摘|蝉联|授予|评为|命名为|入选|入围|跻身)[得取回评]?"
    r"(?:第[^,,。;;、“”]{1,4}届|全国|全省|国家级?|省级?|市级?|唯一的?|首批|首个|首届)*$"
)
_HONOUR_END = re.compile(r"(?:奖|称号)$")
_HONOUR_AFTER = re.compile(rf"(?:[^{CJK}]|$|奖|称号|荣誉)")
_WIN_STREAK = re.compile(rf"[{_NUMERALS}\d]+连[冠创胜增]")
_STATISTIC = re.compile(r"\d\s*%")
_NAME_BEFORE = re.compile(r"台风$")
_VESSEL = re.compile(r"[号舰]$")
_VESSEL_AFTER = re.compile(r"船|舰|艇|官兵")
_PROGRAMME_AFTER = re.compile(r"清单|名单|试点")
_BARE_HEAD = re.compile(r"^[二两三四五六七八九十百]{1,2}[大个]$")
_COUNTING = re.compile(rf"[0-9{_COUNT_NUMERALS}]")
#: What a numbered pattern's first character may not follow: a numeral, 第 or a digit (第三, 十九大).
_NOT_AFTER = _NUMERALS + "第0-9"


def _opening(chars: str, not_after: str) -> str:
    """``(?<![not_after])[chars]``, with the lookbehind written after the character.

    The same matches; a pattern that opens with a character class lets the regex engine skip to
    the places where such a character stands, instead of trying the lookbehind at every one.
    """
    return rf"[{chars}](?<![{not_after}][{chars}])"


_CODE = re.compile(
    _opening(r"\d", "0-9A-Z.") + r"(?:\d*(?:\+(?:\d+(?:\.\d+)?|[XN]))+(?![0-9A-Z])|\d{0,3}X(?![0-9A-Z]))"
)
_TEMPLATE = re.compile(rf"{_opening('两三四五六七八九十', _NOT_AFTER)}(?:位一体|[两三四五六七八九十]?字方针)")
_GLOSS = re.compile(r"“([^“”\n]{2,32})”\s*[((]?\s*(?:以下)?简称(?:为)?\s*“([^“”\n]{1,16})”")
_MASK = "\x00"
#: Characters of context either side of a quoted span that the reject rules look at.
_CONTEXT_CHARS = 12


@dataclass(frozen=True)
class SloganMention:
    """One use of a slogan in a text (the columns of :data:`MENTION_COLUMNS`)."""

    slogan: str
    kind: str
    surface: str
    start: int
    end: int
    quoted: bool
    rule: str


# --- the data files -------------------------------------------------------------------------


def _data_lines(name: str) -> list[str]:
    """The entries of a word list under ``data/`` (:func:`govreports.datafiles.read_lines`)."""
    return [line.text for line in read_lines(DATA_DIR / name)]


@lru_cache(maxsize=None)
def measure_words() -> tuple[str, ...]:
    """The measure words and units of ``data/slogan_measure_words.txt``, longest first."""
    return tuple(sorted(set(_data_lines("slogan_measure_words.txt")), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def head_nouns() -> tuple[str, ...]:
    """The programme nouns of ``data/slogan_heads.txt``, longest first."""
    return tuple(sorted(set(_data_lines("slogan_heads.txt")), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def slogan_aliases() -> dict[str, str]:
    """Variant → canonical form, from ``data/slogan_aliases.txt`` (both sides normalized)."""
    pairs = (line.split("\t") for line in _data_lines("slogan_aliases.txt"))
    return {_normalize_form(variant): _normalize_form(canonical) for variant, canonical in pairs}


@lru_cache(maxsize=None)
def known_slogans() -> frozenset[str]:
    """The canonical forms of ``data/slogan_known.txt``."""
    return frozenset(normalize_slogan(line) for line in _data_lines("slogan_known.txt"))


@lru_cache(maxsize=None)
def not_slogans() -> frozenset[str]:
    """The normalized entries of ``data/slogan_not_slogans.txt``."""
    return frozenset(_normalize_form(line) for line in _data_lines("slogan_not_slogans.txt"))


@lru_cache(maxsize=None)
def _quantity_patterns() -> tuple[re.Pattern, re.Pattern]:
    units = "|".join(map(re.escape, measure_words()))
    # 千 万 亿 百 are units after digits (10万) but numerals after numerals (万亩千亿 is a slogan).
    word_units = "|".join(map(re.escape, (w for w in measure_words() if not set(w) & set(_NUMERALS + "亿"))))
    digits, numerals = r"[0-9][0-9.]*(?:多|余)?", rf"[{_NUMERALS}几]+(?:多|余)?"
    whole = re.compile(rf"^(?:{digits}(?:{units})+|{numerals}(?:{word_units}))$")
    # A short form that opens with a quantity (一件事, 一张床), unless a numeral follows (六个一).
    short = re.compile(rf"^(?:{digits}|{numerals})(?:{units})[^0-9{_NUMERALS}]?$")
    return whole, short


@lru_cache(maxsize=None)
def _numbered_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    heads = "|".join(map(re.escape, head_nouns()))
    summary = re.compile(rf"{_opening('两三四五六七八九十百', _NOT_AFTER)}大[{CJK}]{{0,5}}?(?:{heads})(?![性型化])")
    n_of_n = re.compile(rf"{_opening('两三四五六七八九十', _NOT_AFTER)}个[{_NUMERALS}]{{1,2}}(?:(?:{heads})|(?=[^{CJK}]|$))")
    head_after = re.compile(rf"(?:{heads})")
    return summary, n_of_n, head_after


# --- canonical form ---------------------------------------------------------------------------


_MIDDLE_DOTS = re.compile(r"[•・‧∙]")
_NOT_IN_FORM = re.compile(rf"[{re.escape(_QUOTE_MARKS)}、\s]")


@lru_cache(maxsize=1 << 18)
def _normalize_form(surface: str) -> str:
    # memoised: every report looks up the whole shared lexicon, so the same forms come back often
    form = unicodedata.normalize("NFKC", surface)
    form = _MIDDLE_DOTS.sub("·", form)
    form = _NOT_IN_FORM.sub("", form)
    return fold_width(form, upper_latin=True)


def normalize_slogan(surface: str, *, aliases: Mapping[str, str] | None = None) -> str:
    """Return the canonical form of a slogan as written.

    Args:
        surface: the slogan as written, with or without quotation marks.
        aliases: extra variant → canonical pairs (e.g. glosses read from the text), applied after
            those of ``data/slogan_aliases.txt``.

    Returns:
        The form with widths folded, Latin letters upper case, quotation marks, 、 and spaces
        removed and aliases applied.

    Example:
        >>> normalize_slogan("“两山”")
        '两山'
        >>> normalize_slogan("５＋ｎ")
        '5+N'
    """
    form = _normalize_form(surface)
    form = slogan_aliases().get(form, form)
    if aliases:
        form = aliases.get(form, form)
    return form


def slogan_kind(form: str) -> str:
    """Return ``'numbered'`` if the form holds a digit or a numeral other than 一, else ``'phrase'``.

    Example:
        >>> slogan_kind("六争攻坚"), slogan_kind("最多跑一次")
        ('numbered', 'phrase')
    """
    return "numbered" if _COUNTING.search(form) else "phrase"


def find_glossed_aliases(text: str) -> dict[str, str]:
    """Return the glosses a text writes out: full form → abbreviation.

    Example:
        >>> find_glossed_aliases("践行“绿水青山就是金山银山”(简称“两山”)理念")
        {'绿水青山就是金山银山': '两山'}
    """
    return {_normalize_form(m.group(1)): _normalize_form(m.group(2)) for m in _GLOSS.finditer(text)}


# --- rules ----------------------------------------------------------------------------------------


def _is_place(form: str) -> bool:
    """True for a place name or its people (宁波, 义乌人, 新义乌人), from ``data/places.csv``."""
    stem = form.removeprefix("新").removesuffix("人") if form.endswith("人") else form
    return stem in places()



def slogan_reject_reason(content: str, *, before: str = "", after: str = "") -> str | None:
    """Say why a quoted span is not a slogan, or return ``None`` if it may be one.

    Args:
        content: the text between the quotation marks.
        before: the text just before the opening mark (for honours and names).
        after: the text just after the closing mark (for a bare numbered head such as “四大”).

    Returns:
        ``None``, or one of ``no_text``, ``too_short``, ``too_long``, ``sentence``, ``title``,
        ``date``, ``quantity``, ``number``, ``honour``, ``name``, ``listed``, ``incomplete``.

    Example:
        >>> slogan_reject_reason("三年"), slogan_reject_reason("两山")
        ('quantity', None)
    """
    early, facts = _content_checks(content)
    if early is not None:
        return early
    head_after = _numbered_patterns()[2]
    if facts.statistic or (facts.quantity and not (head_after.match(after) or _PROGRAMME_AFTER.match(after))):
        return "quantity"
    if facts.phone:
        return "number"
    # After an honour verb the quote is the honour itself only where nothing follows it (荣获“大禹鼎”,);
    # 获评省级“四好农村路”示范市 names a programme inside a longer honour.
    if facts.honour_end or (_HONOUR_AFTER.match(after) and _HONOUR_BEFORE.search(before)):
        return "honour"
    if facts.win_streak:
        return "honour"
    if facts.place or (facts.vessel and _VESSEL_AFTER.search(after)) or _NAME_BEFORE.search(before):
        return "name"
    if facts.listed:
        return "listed"
    if facts.bare_head and not head_after.match(after):
        return "incomplete"
    return None


class _Facts(NamedTuple):
    """What the reject rules need to know of a quoted span's content, besides its context."""

    quantity: bool  # digits and measure words, or a numeral and one measure word
    statistic: bool  # a percentage
    phone: bool
    honour_end: bool  # ends with 奖 or 称号
    win_streak: bool
    vessel: bool  # ends with 号 or 舰
    place: bool
    listed: bool
    bare_head: bool  # “四大”, “两个”


@lru_cache(maxsize=1 << 16)
def _content_checks(content: str) -> tuple[str | None, _Facts | None]:
    """The reject rules that read the content alone (memoised: the same slogans are quoted everywhere).

    Returns:
        ``(reason, None)`` where a rule decided before any context is read, else ``(None, facts)``.
    """
    form = _normalize_form(content)
    if not _HAS_TEXT.search(form):
        return "no_text", None
    if len(form) < 2:
        return "too_short", None
    if len(form) > MAX_SLOGAN_CHARS:
        return "too_long", None
    if _SENTENCE_INSIDE.search(content):
        return "sentence", None
    if "《" in content or "》" in content or _TITLE_END.search(form):
        return "title", None
    if _DATE.match(form):
        return "date", None
    whole_quantity, _ = _quantity_patterns()
    return None, _Facts(
        quantity=bool(whole_quantity.match(form)),
        statistic=bool(_STATISTIC.search(form)),
        phone=bool(_PHONE.match(form)),
        honour_end=bool(_HONOUR_END.search(form)),
        win_streak=bool(_WIN_STREAK.fullmatch(form)),
        vessel=bool(_VESSEL.search(form)),
        place=_is_place(form),
        listed=form in not_slogans(),
        bare_head=bool(_BARE_HEAD.match(form)),
    )


#: One mention as a plain tuple, the fields of :class:`SloganMention` in order (made by the thousand).
_Row = tuple[str, str, str, int, int, bool, str]


def _mention(text: str, start: int, end: int, quoted: bool, rule: str, glosses: Mapping[str, str]) -> _Row:
    surface = text[start:end]
    form = normalize_slogan(surface, aliases=glosses)
    return form, slogan_kind(form), surface, start, end, quoted, rule


class _QuotedSpan(NamedTuple):
    start: int  # of the content (after the opening mark)
    end: int  # of the content (before the closing mark)
    outer_start: int
    outer_end: int  # after the closing mark (and any head noun attached to it)
    reason: str | None


def _quoted_spans(text: str) -> list[_QuotedSpan]:
    """Every quoted span of the text, with its reject reason (None = candidate)."""
    spans = []
    head_after = _numbered_patterns()[2]
    for pattern in _QUOTED_SPANS:
        for m in pattern.finditer(text):
            start, end = m.span(1)
            after = text[m.end() : m.end() + _CONTEXT_CHARS]
            before = text[max(0, m.start() - _CONTEXT_CHARS) : m.start()]
            reason = slogan_reject_reason(m.group(1), before=before, after=after)
            outer_end = m.end()
            if reason is None and _BARE_HEAD.match(_normalize_form(m.group(1))):
                outer_end += head_after.match(after).end()
                end = outer_end
            spans.append(_QuotedSpan(start, end, m.start(), outer_end, reason))
    return sorted(spans, key=lambda s: (s.outer_start, -s.outer_end))


def _split_enumeration(text: str, span: _QuotedSpan, known: frozenset[str]) -> list[tuple[int, int]]:
    """The parts of a quoted A、B、C as (start, end), if one part is a slogan alone; else the whole."""
    content = text[span.start : span.end]
    if "、" not in content:
        return [(span.start, span.end)]
    parts, offset = [], span.start
    for piece in content.split("、"):
        parts.append((offset, offset + len(piece)))
        offset += len(piece) + 1
    if not any(_normalize_form(text[s:e]) in known for s, e in parts):
        return [(span.start, span.end)]
    return [(s, e) for s, e in parts if slogan_reject_reason(text[s:e]) is None]


def _pattern_matches(masked: str) -> list[tuple[int, int, str]]:
    summary, n_of_n, _ = _numbered_patterns()
    found = []
    for rule, pattern in (("code", _CODE), ("summary", summary), ("n_of_n", n_of_n), ("template", _TEMPLATE)):
        found += [(m.start(), m.end(), rule) for m in pattern.finditer(masked) if m.end() > m.start()]
    return found


#: Shortest unnumbered form whose unquoted uses are counted: a two- or three-character form (清零)
#: is as often an ordinary word as a slogan.
MIN_UNQUOTED_FORM = 4


@lru_cache(maxsize=1 << 18)
def lexicon_eligible(form: str) -> bool:
    """True if unquoted uses of ``form`` may be counted (numbered, or four or more characters).

    Example:
        >>> lexicon_eligible("两山"), lexicon_eligible("清零"), lexicon_eligible("一件事")
        (True, False, False)
    """
    _, short_quantity = _quantity_patterns()
    if form in not_slogans() or short_quantity.match(form) or len(form) < 2 or re.fullmatch(r"[0-9.]+", form):
        return False
    return slogan_kind(form) == "numbered" or len(form) >= MIN_UNQUOTED_FORM


class _Squeezed:
    """The masked text with its 、 left out (as the canonical form leaves them out), and the way back.

    ``text`` is the text searched; :meth:`span` turns a match at ``at`` of ``length`` characters of
    it into ``(start, end)`` offsets of the masked text (the 、 inside the match counted in).
    """

    __slots__ = ("masked", "text", "_cuts")

    def __init__(self, masked: str):
        self.masked = masked
        self.text = masked.replace("、", "")
        # the k-th 、 of the masked text stands before squeezed index ``cuts[k]`` (its offset less k)
        positions = [m.start() for m in _ENUMERATION_COMMA.finditer(masked)] if len(self.text) < len(masked) else []
        self._cuts = [at - k for k, at in enumerate(positions)]

    def span(self, at: int, length: int) -> tuple[int, int]:
        last = at + length - 1
        return at + bisect.bisect_right(self._cuts, at), last + bisect.bisect_right(self._cuts, last) + 1


_ENUMERATION_COMMA = re.compile("、")
_NUMBER_CHARS = _NUMERALS + _DIGITS


def _lexicon_spans(squeezed: _Squeezed, found: Iterable[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """The ``(start, end, 'lexicon')`` spans of forms found at squeezed offsets, glued numbers left out."""
    masked, spans = squeezed.masked, []
    for at, form in found:
        start, end = squeezed.span(at, len(form))
        # A numbered form is not part of a longer number (十六稳, 三个十五, 415X0).
        glued_before = form[0] in _NUMBER_CHARS and start and masked[start - 1] in _NUMBER_CHARS + "第"
        glued_after = form[-1] in _DIGITS + "XN" and end < len(masked) and masked[end] in _DIGITS + "XN+."
        if not (glued_before or glued_after):
            spans.append((start, end, "lexicon"))
    return spans


def _occurrences(text: str, forms: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Every ``(offset, form)`` where a form occurs in ``text``, overlapping ones too (``str.find``)."""
    for form in forms:
        at = text.find(form)
        while at != -1:
            yield at, form
            at = text.find(form, at + 1)


#: From how many forms one automaton (built for the text) beats a ``str.find`` loop per form.
_AUTOMATON_FROM = 8


def _own_occurrences(text: str, forms: set[str]) -> list[tuple[int, str]]:
    """:func:`_occurrences` of a text's own forms: by ``str.find`` for a few, by an automaton for more."""
    if len(forms) < _AUTOMATON_FROM:
        return list(_occurrences(text, forms))
    patterns = sorted(form for form in forms if form)
    automaton = ahocorasick_rs.AhoCorasick(patterns)
    return [(start, patterns[i]) for i, start, _ in automaton.find_matches_as_indexes(text, overlapping=True)]


def _lexicon_matches(masked: str, forms: Iterable[str]) -> list[tuple[int, int, str]]:
    """Unquoted occurrences of the forms; 、 in the text is skipped, as in the canonical form."""
    squeezed = _Squeezed(masked)
    return _lexicon_spans(squeezed, _occurrences(squeezed.text, forms))


class _SharedForms:
    """The forms every text of a search looks up: the caller's lexicon and the known slogans.

    They are the same for every report of a corpus, so they are gathered once and searched in one
    pass over each text (an Aho-Corasick automaton, :mod:`ahocorasick_rs`), which finds the same
    occurrences as a ``str.find`` loop per form, overlapping ones included.
    """

    def __init__(self, extra: frozenset[str], use_known: bool):
        known = known_slogans() if use_known else frozenset()
        #: what a quoted enumeration's parts are checked against (see _split_enumeration)
        self.split_known = known | extra
        forms = {form for form in extra if lexicon_eligible(form)} | known
        #: the forms looked up in every text, with their aliases' variants (rule 3; see _own_forms)
        self.forms = frozenset(forms | _variants_of(forms))
        self._patterns = sorted(form for form in self.forms if form)
        self._automaton = ahocorasick_rs.AhoCorasick(self._patterns) if self._patterns else None

    def occurrences(self, text: str) -> list[tuple[int, str]]:
        """Every ``(offset, form)`` where one of :attr:`forms` occurs in ``text``."""
        if self._automaton is None:
            return []
        patterns = self._patterns
        return [(start, patterns[i]) for i, start, _ in self._automaton.find_matches_as_indexes(text, overlapping=True)]


@lru_cache(maxsize=4)
def _shared_forms(extra: frozenset[str], use_known: bool) -> _SharedForms:
    return _SharedForms(extra, use_known)


@lru_cache(maxsize=1)
def _alias_variants() -> dict[str, frozenset[str]]:
    """Canonical form → its variants in ``data/slogan_aliases.txt``."""
    variants: dict[str, set[str]] = {}
    for variant, canonical in slogan_aliases().items():
        variants.setdefault(canonical, set()).add(variant)
    return {canonical: frozenset(forms) for canonical, forms in variants.items()}


def _variants_of(forms: Iterable[str]) -> set[str]:
    """The variants of ``data/slogan_aliases.txt`` whose canonical form is one of ``forms``."""
    variants = _alias_variants()
    return {variant for form in forms if form in variants for variant in variants[form]}


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the longest of overlapping spans, then the earliest (spans are never empty)."""
    # the kept spans do not overlap, so in order of start they are in order of end too: the one
    # that could overlap a new span is the last kept one starting before the new one ends
    kept: list[tuple[int, int, str]] = []
    starts: list[int] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        i = bisect.bisect_left(starts, span[1])
        if not i or kept[i - 1][1] <= span[0]:
            kept.insert(i, span)
            starts.insert(i, span[0])
    return kept


def _quoted_mentions(
    text: str, spans: list[_QuotedSpan], known: frozenset[str], glosses: Mapping[str, str]
) -> list[_Row]:
    """The mentions of the accepted quoted spans, enumerations split where a part stands alone."""
    accepted = [s for s in spans if s.reason is None]
    alone = {normalize_slogan(text[s.start : s.end], aliases=glosses) for s in accepted if "、" not in text[s.start : s.end]}
    if any("、" in text[s.start : s.end] for s in accepted):  # only an enumeration asks what is known
        known = known | alone
    mentions = []
    for span in accepted:
        for start, end in _split_enumeration(text, span, known):
            rule = "quoted" if (start, end) == (span.start, span.end) else "quoted_part"
            mentions.append(_mention(text, start, end, True, rule, glosses))
    return mentions


def _masked(folded: str, spans: list[_QuotedSpan]) -> str:
    """The folded text with every quoted span and 《title》 blanked out, offsets unchanged."""
    cuts = sorted([(s.outer_start, s.outer_end) for s in spans] + [m.span() for m in _BOOK_TITLE.finditer(folded)])
    pieces, at = [], 0
    for start, end in cuts:
        if end > at:  # cuts overlap where quotes nest or a quote holds a title
            start = max(start, at)
            pieces += (folded[at:start], _MASK * (end - start))
            at = end
    pieces.append(folded[at:])
    return "".join(pieces)


def _own_forms(quoted: list[_Row], found_by_pattern: set[str], glosses: Mapping[str, str]) -> set[str]:
    """The forms whose unquoted uses count in this text, from the text itself (rule 3 of the module docstring).

    Those of the caller's lexicon and the known slogans are added by :class:`_SharedForms`.
    """
    # One quoted use of a phrase may be a scare quote (从“传统制造”向“智能制造”); two make it a name.
    quoted_counts = Counter(row[0] for row in quoted)
    evidence = {form for form, n in quoted_counts.items() if n >= 2 or slogan_kind(form) == "numbered"}
    forms = {form for form in evidence | found_by_pattern if lexicon_eligible(form)}
    forms |= _variants_of(forms)
    forms |= {full for full in glosses if lexicon_eligible(full)}  # a gloss is evidence enough
    return forms


@lru_cache(maxsize=4)
def _normalized_lexicon(lexicon: frozenset[str]) -> frozenset[str]:
    """The canonical forms of a lexicon (memoised: a corpus passes the same one for every report)."""
    return frozenset(normalize_slogan(form) for form in lexicon)


def _mention_rows(text: str, lexicon: Iterable[str] = (), use_known: bool = True) -> list[_Row]:
    """What :func:`iter_slogan_mentions` returns, as plain tuples (:data:`_Row`)."""
    # widths and Latin case folded one character for one, so offsets stay those of ``text``
    folded = fold_width(text, upper_latin=True)
    glosses = find_glossed_aliases(folded)
    spans = _quoted_spans(text)
    extra = _normalized_lexicon(lexicon if isinstance(lexicon, frozenset) else frozenset(lexicon))
    shared = _shared_forms(extra, use_known)
    quoted = _quoted_mentions(text, spans, shared.split_known, glosses)
    masked = _masked(folded, spans)
    patterns = _pattern_matches(masked)
    by_pattern = {normalize_slogan(text[start:end], aliases=glosses) for start, end, _ in patterns}
    # the shared forms in one pass over the text, the few of its own one by one
    squeezed = _Squeezed(masked)
    own = _own_forms(quoted, by_pattern, glosses) - shared.forms
    found = shared.occurrences(squeezed.text) + _own_occurrences(squeezed.text, own)
    unquoted = _without_overlaps(patterns + _lexicon_spans(squeezed, found))
    mentions = quoted + [_mention(text, start, end, False, rule, glosses) for start, end, rule in unquoted]
    return sorted(mentions, key=itemgetter(3, 4))  # by start, then end


def iter_slogan_mentions(text: str, *, lexicon: Iterable[str] = (), use_known: bool = True) -> list[SloganMention]:
    """Find the slogans of one text, as :class:`SloganMention` records in text order.

    Args:
        text: one document's text.
        lexicon: canonical forms whose unquoted uses count too (e.g. forms found in other reports).
        use_known: also count unquoted uses of the forms of ``data/slogan_known.txt``.

    Returns:
        The mentions, sorted by start offset (nested quotes may overlap their outer quote).
    """
    return [SloganMention(*row) for row in _mention_rows(text, lexicon, use_known)]


def find_slogan_mentions(text: str, *, lexicon: Iterable[str] = (), use_known: bool = True) -> pd.DataFrame:
    """Find the slogans of one text, one row per use (columns :data:`MENTION_COLUMNS`).

    Args:
        text: one document's text.
        lexicon: canonical forms whose unquoted uses count too (e.g. forms found in other reports).
        use_known: also count unquoted uses of the forms of ``data/slogan_known.txt``.

    Returns:
        A DataFrame sorted by ``start``; see the module docstring for the rules.

    Example:
        >>> find_slogan_mentions("以“两山”理念为引领,践行两山理念")[["slogan", "quoted"]].values.tolist()
        [['两山', True], ['两山', False]]
    """
    return _mention_frame(_mention_rows(text, lexicon, use_known))


_TEXT = pd.api.types.pandas_dtype("str")  # resolved once: reading the name again costs more than the column


def _mention_frame(rows: list[_Row]) -> pd.DataFrame:
    """The mentions table of one text, made column by column (a frame of rows infers each dtype)."""
    import numpy as np

    if not rows:  # no values to say what the text columns hold: they stay object, as they always were
        return pd.DataFrame([], columns=MENTION_COLUMNS).astype({"start": "int64", "end": "int64", "quoted": "bool"})
    slogan, kind, surface, start, end, quoted, rule = zip(*rows)
    return pd.DataFrame({
        "slogan": pd.array(slogan, dtype=_TEXT), "kind": pd.array(kind, dtype=_TEXT),
        "surface": pd.array(surface, dtype=_TEXT), "start": np.array(start, dtype=np.int64),
        "end": np.array(end, dtype=np.int64), "quoted": np.array(quoted, dtype=bool), "rule": pd.array(rule, dtype=_TEXT),
    }, copy=False)


# --- corpus tables --------------------------------------------------------------------------------


def _slogan_forms(text: str) -> set[str]:
    """The canonical forms a report uses on its own (first pass; run in a worker process)."""
    return {row[0] for row in _mention_rows(text)}


def _mentions_with_lexicon(job: tuple[str, frozenset]) -> list[_Row]:
    """The rows of :func:`find_slogan_mentions` of one report's text with a lexicon (second pass)."""
    text, lexicon = job
    return _mention_rows(text, lexicon)


def _forms_frame(forms: Iterable[str]) -> pd.DataFrame:
    """A report's first-pass table: its forms, sorted."""
    return pd.DataFrame({"form": sorted(forms)}, columns=["form"])


def _form_frames(sources: list) -> tuple[pd.DataFrame | None, list[int]]:
    """The first pass over some reports (run in a worker process): each one's forms, sorted, the
    tables joined as one (:func:`govreports.parallel.joined_tables` of each one's
    :func:`_forms_frame`), made as one table of every report's forms at once."""
    forms = [sorted(_slogan_forms(source_text(source))) for source in sources]
    every = [form for report in forms for form in report]  # each report's sorted on its own
    return (pd.DataFrame({"form": every}, columns=["form"]) if every else None), [len(report) for report in forms]


def _mention_frames(job: tuple[list, frozenset]) -> tuple[pd.DataFrame | None, list[int]]:
    """The second pass over some reports with one lexicon (run in a worker process), joined as one.

    :func:`govreports.parallel.joined_tables` of each report's :func:`find_slogan_mentions`,
    made as one table of every report's rows at once (the tables with rows all have the same
    dtypes, and joining leaves out those without).
    """
    sources, lexicon = job
    rows = [_mentions_with_lexicon((source_text(source), lexicon)) for source in sources]
    every = [row for report in rows for row in report]
    return (_mention_frame(every) if every else None), [len(report) for report in rows]


def _report_batches(items: list) -> list[list]:
    """The items cut into consecutive batches of :data:`govreports.parallel.DOCUMENTS_PER_JOB` (the
    shared lexicon, thousands of forms, is sent with each batch, not with each report)."""
    return batched(items, DOCUMENTS_PER_JOB)


def _flattened(function, batches: list, workers: int | None, total: int, desc: str,
               empty: pd.DataFrame) -> tuple[pd.DataFrame, list[int]]:
    """``function`` over ``batches`` on ``workers`` processes: the reports' tables concatenated in
    order, and each one's number of rows (``empty``: the table of a pass without rows)."""
    from govreports.progress import progress

    return concatenated_tables(map_in_processes(function, batches, workers), empty,
                               lambda lengths: progress(lengths, total=total, desc=desc))


def _with_reports(rows: pd.DataFrame | None, lengths: list[int], reports: list, columns: list[str]) -> pd.DataFrame:
    """The reports' mention tables with ``doc_id``, ``city`` and ``year`` added, as one table.

    The rule: ``pd.concat(frame.assign(doc_id=…, city=…, year=…) for each report)``. Made
    column-wise from the rows of all reports where every report has a mention; a report with none
    has an empty table whose text columns are ``object``, which loosens the concatenation's dtypes,
    so that rare case takes the rule itself.
    """
    from govreports import store

    if not reports:
        return pd.DataFrame(columns=columns)
    if rows is None or 0 in lengths:
        frames = store.split_rows(rows, lengths) if rows is not None else [None] * len(reports)
        frames = [frame if frame is not None and len(frame) else _mention_frame([]) for frame in frames]
        return pd.concat([frame.assign(doc_id=doc.doc_id, city=doc.city, year=doc.year)
                          for doc, frame in zip(reports, frames)], ignore_index=True)
    for name in ("doc_id", "city", "year"):
        rows[name] = store.repeated([getattr(doc, name) for doc in reports], lengths)
    return rows


#: In how many reports a form must be found to be looked up in all (the slogans table's lexicon).
_MIN_DOCS_LEXICON = 2


def corpus_slogan_mentions(
    documents: Iterable[Any],
    *,
    min_docs_lexicon: int = _MIN_DOCS_LEXICON,
    workers: int | None = None,
) -> pd.DataFrame:
    """Find the slogans of every report of a corpus, one row per use.

    Two passes: the first finds each report's slogans on its own; the forms found in at least
    ``min_docs_lexicon`` reports then count wherever they are written, quoted or not.

    Args:
        documents: objects with ``doc_id``, ``city``, ``year``, ``doc_type`` and ``text``.
        min_docs_lexicon: in how many reports a form must be found to be looked up in all.
        workers: processes to search reports on (default ``$GOVREPORTS_WORKERS`` or 1).

    Returns:
        The columns of :data:`MENTION_COLUMNS` plus ``doc_id``, ``city`` and ``year``, in
        document order then text order.
    """
    reports = analysed(documents)
    keys = _text_keys(reports)
    return _corpus_mentions(reports, keys, _mentions_key(reports, keys, min_docs_lexicon), min_docs_lexicon, workers)


def _corpus_mentions(reports: list, keys: list[str], whole: str, min_docs_lexicon: int,
                     workers: int | None) -> pd.DataFrame:
    """:func:`corpus_slogan_mentions` of the analysed ``reports``, given their text keys
    (:func:`_text_keys`) and the whole table's key (:func:`_mentions_key`)."""
    from govreports import store

    columns = MENTION_COLUMNS + ["doc_id", "city", "year"]
    # the whole table is kept too, so a second call on the same reports (a notebook asking for
    # the mentions and then for the slogans table) reads it instead of searching again
    table = store.read_table("slogan-mentions-corpus", whole) if store.enabled() else None
    if table is not None and list(table.columns) == columns:
        return table

    def forms_of(todo: list) -> tuple[pd.DataFrame, list[int]]:
        sources = [document_source(doc) for doc in todo]
        return _flattened(_form_frames, _report_batches(sources), workers, len(sources), "slogans 1/2", _forms_frame(()))

    # both passes are kept in the table store (store.py): the first keyed by what fixes the text,
    # the second by that and the shared lexicon (which one changed report seldom changes; when it
    # does, every report's second pass is made again)
    first, _ = store.stored_rows_whole("slogan-forms", list(zip(keys, reports)), forms_of)
    # each report's forms are distinct, so a form's number of reports is its number of rows
    n_docs = first["form"].value_counts() if first is not None else pd.Series(dtype="int64")
    shared = frozenset(n_docs.index[n_docs >= min_docs_lexicon])
    del first, n_docs
    lexicon = {"lexicon": hashlib.sha256("\n".join(sorted(shared)).encode("utf-8")).hexdigest()}

    def mentions_of(todo: list) -> tuple[pd.DataFrame, list[int]]:
        batches = [(batch, shared) for batch in _report_batches([document_source(doc) for doc in todo])]
        return _flattened(_mention_frames, batches, workers, len(todo), "slogans 2/2", _mention_frame([]))

    items = [(store.entry_key("slogan-mentions", lexicon, store.document_content(doc)), doc) for doc in reports]
    rows, lengths = store.stored_rows_whole("slogan-mentions", items, mentions_of)
    table = _with_reports(rows, lengths, reports, columns)
    if store.enabled():
        store.write_table("slogan-mentions-corpus", whole, table)
    return table


def _text_keys(reports: list) -> list[str]:
    """Each report's first-pass entry key, from what fixes its text (:func:`govreports.store.document_content`:
    a lean report's text is not read back)."""
    from govreports import store

    return [store.entry_key("slogan-forms", {}, store.document_content(doc)) for doc in reports]


def _mentions_key(reports: list, text_keys: list[str], min_docs_lexicon: int) -> str:
    """The key of a corpus's whole mentions table: every report's text key and the values the table
    repeats per report, in order, and the lexicon's threshold."""
    from govreports import store

    return store.combined_key("slogan-mentions-corpus", [
        json.dumps({"min_docs_lexicon": min_docs_lexicon}),
        *(json.dumps([doc.doc_id, doc.city, _typed(doc.year), key], ensure_ascii=False, default=str)
          for doc, key in zip(reports, text_keys))])


def _typed(value: Any) -> str:
    """A value with its type (``int:2020``): the mentions table's dtypes depend on both."""
    return f"{type(value).__name__}:{value!r}"


def sentence_around(text: str, start: int, end: int) -> str:
    """Return the sentence of ``text`` around ``text[start:end]`` (:func:`govreports.text.sentence_bounds`).

    Example:
        >>> sentence_around("上句。推进“两山”转化。下句", 5, 7)
        '推进“两山”转化。'
    """
    left, right = sentence_bounds(text, start, end)
    return text[left:right].strip()


def _example_sentence(doc: Any, start: int, end: int, starts_of: dict | None = None) -> str:
    """The sentence of ``doc`` that holds the mention: from ``doc.sentences`` when they say where.

    ``starts_of`` (``doc_id -> sentence starts``) keeps the starts of each report once, for a
    table that looks up thousands of examples.
    """
    surface = doc.text[start:end]
    sentences = getattr(doc, "sentences", None) or []
    if starts_of is None or doc.doc_id not in starts_of:
        if isinstance(sentences, Sentences):  # read as a column: no Sentence object made
            starts = sentences.values("start")
        else:
            starts = [getattr(sentence, "start", None) for sentence in sentences]
        if starts_of is not None:
            starts_of[doc.doc_id] = starts
    else:
        starts = starts_of[doc.doc_id]
    if starts and None not in starts and starts == sorted(starts):
        # sentences say where they start: look up the one holding the mention directly
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and start < starts[i] + len(sentences[i].text) and surface in sentences[i].text:
            return sentences[i].text
    for sentence in sentences:
        at = getattr(sentence, "start", None)
        if at is not None and at <= start < at + len(sentence.text) and surface in sentence.text:
            return sentence.text
    for sentence in sentences:
        if surface in sentence.text:
            return sentence.text
    return sentence_around(doc.text, start, end)


def slogans_table(
    documents: Iterable[Any],
    *,
    min_docs: int = 1,
    workers: int | None = None,
) -> pd.DataFrame:
    """Count slogans over a corpus: one row per slogan (columns :data:`TABLE_COLUMNS`).

    Args:
        documents: objects with ``doc_id``, ``city``, ``year``, ``doc_type``, ``text`` and
            ``sentences`` (objects with ``.text``, optionally ``.start``); only the analysed ones
            are counted (:func:`govreports.documents.is_analysed`: no news item, no second copy).
        min_docs: keep slogans used in at least this many reports.
        workers: processes to search reports on (see :func:`corpus_slogan_mentions`).

    Returns:
        ``slogan``, ``kind``, ``count`` (uses in all reports), ``n_docs``, ``n_cities``,
        ``first_year`` (earliest report year), ``docs`` and ``cities`` (in the order of their
        reports' years, then as given; joined by :data:`LIST_SEPARATOR`), ``example`` (the
        sentence of its first use in the earliest report) and ``example_doc``; sorted by
        ``count`` descending, then ``slogan`` (by code point).
    """
    from govreports import store

    reports = analysed(list(documents))
    keys = _text_keys(reports)
    mentions_key = _mentions_key(reports, keys, _MIN_DOCS_LEXICON)
    # the whole table is kept in the store under what it is made of, where every report is lean
    # (its text id fixes its text and sentences, which give the examples; another object's
    # sentences are not part of any key): a warm rerun reads one file and no text
    whole = (store.combined_key("slogans-table", [json.dumps({"min_docs": min_docs}), mentions_key])
             if store.enabled() and all(getattr(doc, "text_id", None) for doc in reports) else None)
    table = store.read_table("slogans-table", whole) if whole else None
    if table is not None and list(table.columns) == TABLE_COLUMNS:
        return table
    mentions = _corpus_mentions(reports, keys, mentions_key, _MIN_DOCS_LEXICON, workers)
    table = _slogans_table(reports, mentions, min_docs)
    if whole:
        store.write_table("slogans-table", whole, table)
    store.release_memory()  # what the search freed (the next stage starts from this process's size)
    return table


def _slogans_table(reports: list, mentions: pd.DataFrame, min_docs: int) -> pd.DataFrame:
    """:func:`slogans_table` made from the analysed reports' mentions table."""
    if mentions.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    by_id = {doc.doc_id: doc for doc in reports}
    # Reports in time order (undated last), then in the order given.
    order = {doc.doc_id: rank for rank, doc in enumerate(chronological(by_id.values()))}
    uses = _SloganUses(mentions, order)
    del mentions
    # each report's year and city read once (a corpus object's attributes can be slow to read):
    # the year if it has one, the city if it has one, and the city as the ``cities`` list writes it
    attributes = {doc_id: (doc.year, doc.city) for doc_id, doc in by_id.items()}
    year_of = {doc_id: _known(year) for doc_id, (year, _) in attributes.items()}
    city_of = {doc_id: _known(city) for doc_id, (_, city) in attributes.items()}
    listed_of = {doc_id: str(city) if city else None for doc_id, (_, city) in attributes.items()}
    docs = uses.docs()
    years, cities, listed = ([of[doc_id] for doc_id in docs] for of in (year_of, city_of, listed_of))
    columns: dict[str, list] = {name: [] for name in TABLE_COLUMNS}
    per_slogan = sorted(uses.per_slogan())
    examples = _examples(by_id, [first for *_, first in per_slogan])
    for (slogan, kind, count, (a, b), (first_doc, start, end)), example in zip(per_slogan, examples):
        dated = [year for year in years[a:b] if year is not None]
        columns["slogan"].append(slogan)
        columns["kind"].append(kind)
        columns["count"].append(count)
        columns["n_docs"].append(b - a)
        columns["n_cities"].append(len({city for city in cities[a:b] if city is not None}))
        columns["first_year"].append(int(min(dated)) if dated else pd.NA)
        columns["docs"].append(LIST_SEPARATOR.join(docs[a:b]))
        columns["cities"].append(LIST_SEPARATOR.join(dict.fromkeys(city for city in listed[a:b] if city is not None)))
        columns["example"].append(example)
        columns["example_doc"].append(first_doc)
    table = pd.DataFrame(columns, columns=TABLE_COLUMNS).astype({"first_year": "Int64"})
    table = table[table["n_docs"] >= min_docs]
    return table.sort_values(["count", "slogan"], ascending=[False, True], ignore_index=True)


def _examples(by_id: Mapping[str, Any], uses: list[tuple[str, int, int]]) -> list[str]:
    """The example sentence of each use ``(doc_id, start, end)`` (:func:`_example_sentence`).

    A lean report's examples are kept in the table store, one entry per use, keyed by what fixes
    the report's text and sentences (its text id) and the use's offsets: after one file changed,
    only the uses whose example is not stored yet (those the changed report now gives first, and
    new slogans) read a text back. The others are looked up report by report in the order given
    (a corpus read back from the table store reads its reports fastest in their order).
    """
    from govreports import store

    keys: list[str | None] = [None] * len(uses)
    if store.enabled():
        report_keys: dict[str, str | None] = {}
        for i, (doc_id, start, end) in enumerate(uses):
            if doc_id not in report_keys:
                doc = by_id[doc_id]
                report_keys[doc_id] = (store.entry_key("slogan-examples", {}, store.document_content(doc))
                                       if getattr(doc, "text_id", None) else None)
            if report_keys[doc_id]:
                keys[i] = store.combined_key("slogan-examples", [report_keys[doc_id], start, end])
    asked = list(dict.fromkeys(key for key in keys if key))
    found: dict[str, str] = {}
    if asked:
        rows, lengths = store.gather_entries("slogan-examples", asked, ["example"])
        if rows is not None:
            stored = iter(rows["example"].tolist())
            found = {key: next(stored) for key, n in zip(asked, lengths) if n for _ in range(n)}
    position = {doc_id: i for i, doc_id in enumerate(by_id)}
    todo = sorted((i for i, key in enumerate(keys) if key not in found), key=lambda i: (position[uses[i][0]], i))
    starts_of: dict[str, list] = {}
    made = {i: _example_sentence(by_id[uses[i][0]], uses[i][1], uses[i][2], starts_of) for i in todo}
    new = {keys[i]: made[i] for i in todo if keys[i]}
    if new:
        store.write_rows("slogan-examples", list(new), pd.DataFrame({"example": list(new.values())}, dtype=object))
    return [made[i] if i in made else found[keys[i]] for i in range(len(uses))]


def _known(value: Any) -> Any:
    """The value, or ``None`` where it is missing (``None``, NaN, ``pd.NA``)."""
    return None if value is None or pd.isna(value) else value


class _SloganUses:
    """The uses of each slogan in a mentions table, grouped by array operations (no loop over uses).

    Args:
        mentions: the table of :func:`corpus_slogan_mentions`.
        order: each report's rank (``doc_id -> int``, a different rank for each report).
    """

    def __init__(self, mentions: pd.DataFrame, order: Mapping[str, int]):
        import numpy as np

        doc_code, doc_ids = pd.factorize(mentions["doc_id"])
        code, self._slogans = pd.factorize(mentions["slogan"])  # codes in order of first appearance
        # a slogan's kind as its first row in the table says
        self._kinds = mentions["kind"].iloc[np.unique(code, return_index=True)[1]].tolist()
        self._counts = np.bincount(code).tolist()
        rank = np.array([order[doc_id] for doc_id in doc_ids], dtype=np.int64)[doc_code]
        start, end = mentions["start"].to_numpy(), mentions["end"].to_numpy()
        # every use by slogan, then report rank, then offset; ties keep the table's order (stable)
        by_use = np.lexsort((start, rank, code))
        code, rank, doc_code = code[by_use], rank[by_use], doc_code[by_use]
        new_slogan = np.concatenate([[True], code[1:] != code[:-1]])
        new_doc = new_slogan | np.concatenate([[True], rank[1:] != rank[:-1]])
        first = by_use[new_slogan]  # each slogan's first use: earliest report, then earliest offset
        self._first = list(zip(np.asarray(doc_ids)[doc_code[new_slogan]].tolist(), start[first].tolist(),
                               end[first].tolist()))
        #: the reports of each slogan, in rank order: slogan k's are ``docs()[a:b]`` for ranges[k]
        self._docs = np.asarray(doc_ids)[doc_code[new_doc]].tolist()
        bounds = np.flatnonzero(new_slogan[new_doc]).tolist() + [len(self._docs)]
        self._ranges = list(zip(bounds[:-1], bounds[1:]))

    def docs(self) -> list[str]:
        """The ``doc_id`` of each (slogan, report) pair: slogan after slogan, reports in rank order."""
        return self._docs

    def per_slogan(self) -> Iterator[tuple[str, str, int, tuple[int, int], tuple[str, int, int]]]:
        """``(slogan, kind, count, (a, b), (doc_id, start, end) of its first use)``; its reports are ``docs()[a:b]``."""
        return zip(list(self._slogans), self._kinds, self._counts, self._ranges, self._first)
