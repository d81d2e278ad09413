"""Metadata: what a document is and who delivered it when, read from its own text.

Fields (all read from the cleaned text; what the text does not state stays empty, never guessed):

* ``doc_type``: ``government_work_report`` (title says 政府工作报告, or the text addresses
  各位代表 and speaks of the government's work), ``plan_report`` (国民经济和社会发展计划 执行情况 /
  草案); otherwise ``news`` for an item of a listing page, and ``unknown`` for a file of its own
  (no recognisable report header: still analysed, with a warning; ``metadata.csv`` can say
  what it is).
* ``title``: the first line, when it is a title (short, no sentence punctuation).
* ``city``: short name (杭州, 浙江, 义乌, 全国), from the session (湖州市第八届人民代表大会…), the
  title (2023年金华市政府工作报告), the speaker line (杭州市人民政府代市长…) or 代表X人民政府.
* ``admin_level``: ``national`` / ``province`` / ``prefecture_city`` / ``county_city`` from
  ``data/places.csv``; for a place not listed, ``province`` when its full name ends in 省 or
  自治区, otherwise empty.
* ``year``: the year delivered: from the delivery date, else the title, else a plan-part
  heading (二、2020年…), else a sentence “2022年是…之年” followed by 今年.
* ``review_year``: the year reviewed: a review heading (一、2019年工作回顾, 2020年…计划执行情况),
  “2021年主要目标任务的顺利完成”, “刚刚过去的2022年” (a year of new leadership whose review
  covers five years), else ``year - 1`` when the text speaks of 过去一年 / 一年来 / 去年 (the text
  itself says it reviews the previous year).
* ``date``: the delivery date (YYYY-MM-DD) from “2020年1月18日在…会议上”; a posting or
  publication date is never used.
* ``session``: e.g. 湖州市第八届人民代表大会第五次会议.
* ``speaker`` and ``speaker_title`` (市长, 代市长, 省长, 总理 …), from the line after the session.
* ``partial`` and ``partial_reason``: continued from / on another newspaper page, an abstract
  (摘要), or a report that stops before its plan part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for annotations only
    from pathlib import Path

import io
import os
import re
from dataclasses import dataclass

from govreports import text as res
from govreports.datafiles import places
from govreports.pipeline.structure import Structure

_TITLE_GWR = re.compile(r"政府工作报告")
_TITLE_PLAN = re.compile(r"国民经济和社会发展计划.{0,30}(?:执行情况|草案)|计划执行情况.{0,30}计划草案")
_DELIVERY_DATE = r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
_SESSION_NAME = (
    rf"(?P<session>(?P<place>[{res.CJK}]{{2,12}}?)?\s*第\s*[{res.CN_NUMERALS}]+\s*届\s*(?:[{res.CJK}]{{0,6}})?\s*"
    rf"人民代表大会\s*第\s*[{res.CN_NUMERALS}]+\s*次\s*(?:全体)?\s*会议)"
)
#: The delivery line: a date, optionally the speaker, 在 + the session, then 上 / 的 (2020年1月18日在
#: 义乌市第十五届人民代表大会第四次会议上; 2025年1月14日海南省省长刘小明在…会议上的讲话; …会议的政府工作报告).
#: Whitespace may break it anywhere (a date line broken over two lines).
_SESSION = re.compile(rf"{_DELIVERY_DATE}(?P<between>[^在\n。]{{0,30}}?)\s*在\s*{_SESSION_NAME}\s*(?:上|的)")
#: A delivery line without a date: （在某县第十七届人民代表大会第三次会议上）.
_SESSION_UNDATED = re.compile(rf"在\s*{_SESSION_NAME}\s*(?:上|的)")
_TITLES = r"代理?(?:省长|市长|县长|区长|州长|主席|盟长|旗长)|省长|市长|县长|区长|州长|主席|盟长|旗长|总理"
#: A speaker's name: two to four characters, or a transliterated name with · (艾尔肯·吐尼亚孜).
_NAME = rf"(?P<name>[{res.CJK}]{{1,8}}·[{res.CJK}·]{{1,12}}|[{res.CJK}]{{2,4}}?)"
#: What may follow a name: 同志, 作(政府工作报告), 在(…会议上), 的(讲话), a stop, a line end.
_AFTER_NAME = r"(?=同志|作|在|的|各位代表|[。，,：:；;（(]|\n|$)"
_SPEAKER_PLACE = rf"(?P<place>[{res.CJK}]{{2,12}}?(?:省|市|县|区|自治区|自治州|盟|旗))"
#: Title before name, at the start of a line or of what follows the session: 浙江省省长 刘捷, 杭州市人民政府代市长刘忻,
#: 国务院总理⏎李克强, 自治区主席蓝天立, 北京市市长殷勇同志作政府工作报告.
_SPEAKER = re.compile(rf"{_SPEAKER_PLACE}?(?:人民政府|国务院)?\s*(?P<title>{_TITLES})\s*{_NAME}{_AFTER_NAME}")
#: Name before title, between the date and 在: 2025年1月15日龚正市长在…
_SPEAKER_NAME_FIRST = re.compile(rf"{_NAME}(?P<title>{_TITLES})")
#: Generic words that a place pattern can take for a place (自治区人民政府主席 …).
_NOT_PLACES = frozenset({"自治区", "自治州", "人民政府", "省政府", "市政府"})
#: Spaces inside header lines: letter-spaced names (龚 正, 李　强) and titles.
_INLINE_SPACE = re.compile(r"[ \t\u3000\u00a0\u2002-\u200b]+")
#: Lines of a header that carry no metadata of the report itself (来源：…, 时间：…, 发布时间 …).
_SOURCE_LINE = re.compile(r"^(?:来源|时间|发布时间|发布日期|日期|作者|编辑|责任编辑|浏览次数|字号)\s*[:：]?[^\n]*$", re.M)
#: How far into a text the header may run: the header is what precedes the address 各位代表.
HEADER_MAX_CHARS = 1200
#: What stands in for the header of a text whose address 各位代表 is not within
#: :data:`HEADER_MAX_CHARS`: its first characters, where a delivery line or a speaker would be.
HEADERLESS_OPENING_CHARS = 600
_ON_BEHALF = re.compile(rf"代表(?P<place>[{res.CJK}]{{2,12}}?(?:省|市|县|区|自治区|自治州|盟|旗))人民政府")
#: The State Council speaks: 我代表国务院，向大会… (national reports carry no title block).
_ON_BEHALF_STATE_COUNCIL = re.compile(r"代表国务院[，,\s]*(?:向大会|作政府工作报告|报告)")
#: How far into a text the 我代表… statement is looked for.
ON_BEHALF_MAX_CHARS = 5000
_CITY_IN_TITLE = re.compile(rf"(?:\d{{4}}年)?(?P<place>(?!年)[{res.CJK}]{{2,12}}?(?:省|市|县|区|自治区|自治州))(?:人民)?政府工作报告")
_CITY_IN_PLAN_TITLE = re.compile(rf"关于(?P<place>[{res.CJK}]{{2,12}}?(?:省|市|县|区|自治区|自治州))\d{{4}}年")
_PLACE_SUFFIX = re.compile(r"(?:壮族|回族|维吾尔)?(?:自治区|自治州|省|市|县|区)$")
_YEAR_IN_TITLE = re.compile(r"(\d{4})年")
_PLAN_TITLE_YEARS = re.compile(r"(\d{4})年.{0,30}?执行情况.{0,3}?(\d{4})年")
_REVIEW_HEADING = re.compile(r"^[一1][、.]\s*(\d{4})年", re.M)
#: A review heading that names no year (一、去年工作回顾, 一、过去一年工作回顾, 一、过去一年的主要工作):
#: its first paragraph then usually opens with the year (2005年，我国…).
_REVIEW_HEADING_NO_YEAR = re.compile(r"^[一1][、.]\s*(?:去年|过去一年|上年)[^\n]{0,20}\n(\d{4})年[，,是]", re.M)
_PLAN_HEADING = re.compile(r"^[二三四][、.]\s*(\d{4})年", re.M)
_YEAR_IS = re.compile(r"(\d{4})年是[^。\n]{0,80}之年[^\n]{0,200}?今年")
#: A plan part that opens by naming its year: 2013年是全面贯彻落实党的十八大精神的开局之年 …
_PLAN_YEAR_IS = re.compile(r"(\d{4})年是[^。\n]{0,80}(?:之年|一年)")
#: How far into the plan part its opening year is looked for.
PLAN_OPENING_CHARS = 1500
_REVIEW_DONE = re.compile(r"(\d{4})年(?:主要)?(?:目标任务|各项目标任务|工作)(?:的)?(?:顺利|圆满|全面)?完成")
_PAST_YEAR = re.compile(r"过去一年|一年来|去年")
_JUST_PAST = re.compile(r"刚(?:刚)?过去的(\d{4})年")


#: A first line longer than this is a sentence or a paragraph run into the title, not a title (the
#: longest titles, 关于…年国民经济和社会发展计划执行情况与…年计划草案的报告, have about 40 characters).
TITLE_MAX_CHARS = 80
#: How far into a text the opening title words are looked for when the text has no title line (a
#: plan report's 关于XX市2020年国民经济和社会发展计划执行情况…): far enough for a title broken over
#: lines, not so far that the body's mention of the plan report counts.
TITLE_SEARCH_CHARS = 300


@dataclass(frozen=True)
class Metadata:
    """What the text says about itself. Empty strings / ``None`` where it says nothing."""

    doc_type: str
    title: str = ""
    city: str = ""
    admin_level: str = ""
    year: int | None = None
    review_year: int | None = None
    date: str = ""
    session: str = ""
    speaker: str = ""
    speaker_title: str = ""
    partial: bool = False
    partial_reason: str = ""


def read_title(text: str) -> str:
    """Return the first line if it is a title (at most :data:`TITLE_MAX_CHARS` characters, no sentence punctuation)."""
    first = text.split("\n", 1)[0].strip()
    if first and len(first) <= TITLE_MAX_CHARS and not re.search(rf"[{res.SENTENCE_END},，:：]$", first) and "各位代表" not in first:
        return first
    return ""


#: Share of Chinese characters among the non-space characters below which a text is not a report
#: (a README or notes file that quotes 各位代表).
MIN_CHINESE_SHARE = 0.5


def is_mostly_chinese(text: str) -> bool:
    """True if at least :data:`MIN_CHINESE_SHARE` of the non-space characters are Chinese.

    Example:
        >>> is_mostly_chinese("The text starts at 各位代表"), is_mostly_chinese("各位代表：现在，我代表国务院")
        (False, True)
    """
    visible = res.count_non_space(text)
    return visible > 0 and res.count_cjk(text) / visible >= MIN_CHINESE_SHARE


def classify_document(title: str, text: str, *, listing: bool = True) -> str:
    """Return ``government_work_report``, ``plan_report``, or else ``news`` / ``unknown``.

    Args:
        title: the title line ('' if none).
        text: the cleaned text.
        listing: whether the document is an item of a listing page: an unrecognised item is
            ``news``, an unrecognised file of its own ``unknown``.

    Example:
        >>> classify_document("2023年金华市政府工作报告", "各位代表:")
        'government_work_report'
    """
    if _TITLE_PLAN.search(title):
        return "plan_report"
    if _TITLE_GWR.search(title):
        return "government_work_report"
    if _TITLE_PLAN.search(text[:TITLE_SEARCH_CHARS]):
        return "plan_report"
    if "各位代表" in text and re.search(r"政府工作|代表[^。\n]{0,12}人民政府|代表国务院|本届政府", text) and is_mostly_chinese(text):
        return "government_work_report"
    return "news" if listing else "unknown"


def short_place_name(place: str) -> str:
    """Return the short name of a place (杭州市 → 杭州, 广西壮族自治区 → 广西, 浙江省 → 浙江).

    Example:
        >>> short_place_name("义乌市")
        '义乌'
    """
    known = places().get(place)
    if known:
        return known.short
    if place.startswith("全国"):
        return "全国"
    return _PLACE_SUFFIX.sub("", place) or place


def admin_level_of(place_or_short: str, full_name: str = "") -> str:
    """Return the administrative level of a place, or '' when it is not known."""
    known = places().get(place_or_short) or places().get(full_name)
    if known:
        return known.admin_level
    if full_name.endswith(("省", "自治区")):
        return "province"
    return ""


def report_header(text: str) -> str:
    """Return the header of a report: the text before the address 各位代表, spaces inside lines removed.

    Letter-spaced names and titles (上海市市长 龚 正, 李　强) read as words again; line breaks are
    kept. A text whose address does not come within :data:`HEADER_MAX_CHARS` characters has no
    header block, and its first :data:`HEADERLESS_OPENING_CHARS` characters stand in for one.

    Example:
        >>> report_header("政府工作报告\\n上海市市长 龚 正\\n各位代表:现在")
        '政府工作报告\\n上海市市长龚正\\n'
    """
    end = text.find("各位代表", 0, HEADER_MAX_CHARS)
    return arabic_dates(_INLINE_SPACE.sub("", text[: end if end >= 0 else HEADERLESS_OPENING_CHARS]))


_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "Ｏ": "0", "O": "0"}
_CN_YEAR = re.compile(r"(?<![〇○零一二三四五六七八九十])([〇○零ＯO一二三四五六七八九]{4})(?=\s*年)")
_CN_MONTH_DAY = re.compile(r"(?<=[0-9]年)([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
#: What every match of :data:`_CN_YEAR` and :data:`_CN_MONTH_DAY` contains, without their opening
#: lookbehind: a pattern that opens with a lookbehind is tried at every character (1 ms a report),
#: these are found by a quick scan, and most reports date nothing in Chinese numerals.
_CN_YEAR_ANYWHERE = re.compile(r"[〇○零ＯO一二三四五六七八九]{4}(?=\s*年)")
_CN_MONTH_DAY_ANYWHERE = re.compile(r"年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日")


def arabic_dates(text: str) -> str:
    """Write years and dates set in Chinese numerals with digits (一九九八年 → 1998年, 二〇二〇年一月十八日 → 2020年1月18日).

    Reports of the 1990s and some local reports date themselves this way.

    Example:
        >>> arabic_dates("二〇二〇年一月十八日在某市第十五届人民代表大会第四次会议上；一九九八年工作回顾")
        '2020年1月18日在某市第十五届人民代表大会第四次会议上；1998年工作回顾'
    """
    if _CN_YEAR_ANYWHERE.search(text):
        text = _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group(1)), text)
    if _CN_MONTH_DAY_ANYWHERE.search(text):
        text = _CN_MONTH_DAY.sub(lambda m: f"{res.cn_numeral_value(m.group(1))}月{res.cn_numeral_value(m.group(2))}日", text)
    return text


def read_delivery(text: str) -> dict:
    """Read the delivery line: date, session, the place named in the session, and any speaker inside it.

    Example:
        >>> read_delivery("2020年1月18日在义乌市第十五届人民代表大会第四次会议上\\n义乌市市长 王健")["date"]
        '2020-01-18'
    """
    m = _SESSION.search(text[:HEADER_MAX_CHARS])
    if not m:
        if undated := _SESSION_UNDATED.search(text[:HEADER_MAX_CHARS]):
            session = re.sub(r"\s+", "", undated.group("session"))
            place = "全国" if session.startswith("第") and "全国" in session else undated.group("place") or ""
            return {"date": "", "session": session, "place": place, "end": undated.end()}
        return {}
    session = re.sub(r"\s+", "", m.group("session"))
    place = m.group("place") or ""
    if session.startswith("第") and "全国" in session:
        place = "全国"
    found = {
        "date": f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}",
        "session": session,
        "place": place,
        "end": m.end(),
    }
    between = _INLINE_SPACE.sub("", m.group("between")).strip("—-－ ")
    speaker = _speaker_in(between) or _speaker_name_first(between)
    if speaker:
        found["speaker"] = speaker
    return found


def _speaker_in(text: str) -> dict:
    m = _SPEAKER.match(text)
    if not m:
        return {}
    place = m.group("place") or ""
    return {"place": "" if place in _NOT_PLACES else place, "title": m.group("title"), "name": m.group("name")}


def _speaker_name_first(text: str) -> dict:
    m = _SPEAKER_NAME_FIRST.fullmatch(text)
    return {"place": "", "title": m.group("title"), "name": m.group("name")} if m else {}


def read_speaker(text: str) -> dict:
    """Read ``place``, ``title`` and ``name`` of the speaker from a line that begins with them.

    Leading brackets, dashes, 上 / 的 (what is left of the session line) and a 作政府工作报告 or
    同志 after the name are allowed; spaces inside the line are ignored.

    Example:
        >>> read_speaker("湖州市代市长王纲各位代表:")["name"]
        '王纲'
    """
    text = _INLINE_SPACE.sub("", text)
    return _speaker_in(re.sub(r"^[)）\s—\-－]*(?:上|的)?[)）\s]*", "", text, count=1))


def read_header_speaker(header: str, delivery: dict) -> dict:
    """Find the speaker anywhere in a report header (see :func:`report_header`).

    Tried in order: inside the delivery line (2025年1月14日海南省省长刘小明在…), right after it
    (…会议上北京市市长殷勇同志作政府工作报告), then at the start of every header line (浙江省省长刘捷
    after 来源/时间 lines; 国务院总理 on one line and its holder's name on the next).
    """
    if delivery.get("speaker"):
        return delivery["speaker"]
    if delivery and (found := read_speaker(header[delivery["end"] :])):
        return found
    offset = 0
    for line in header.split("\n"):
        if found := read_speaker(header[offset:]) if line.strip() else {}:
            return found
        offset += len(line) + 1
    return {}


def read_city(title: str, text: str, delivery: dict, speaker: dict) -> tuple[str, str]:
    """Return ``(short name, full name)`` of the reporting place, or ``('', '')``."""
    candidates = [delivery.get("place", ""), speaker.get("place", "")]
    for pattern in (_CITY_IN_TITLE, _CITY_IN_PLAN_TITLE):
        if m := pattern.search(title):
            candidates.append(m.group("place"))
    if m := _ON_BEHALF.search(text[:ON_BEHALF_MAX_CHARS]):
        candidates.append(m.group("place"))
    if _ON_BEHALF_STATE_COUNCIL.search(text[:ON_BEHALF_MAX_CHARS]):
        candidates.append("全国")
    if m := _CITY_IN_PLAN_TITLE.search(text[:TITLE_SEARCH_CHARS]):
        candidates.append(m.group("place"))
    for place in candidates:
        if place:
            return short_place_name(place), place
    return "", ""


def read_years(title: str, text: str, doc_type: str, date: str, structure: Structure | None = None) -> tuple[int | None, int | None]:
    """Return ``(year delivered, year reviewed)`` as the text states them.

    The year delivered comes from the delivery date, else the title, else a plan-part heading
    (二、2020年…), else a sentence “2022年是…之年” followed by 今年 or opening the plan part, else
    the year after a reviewed year that a review heading names (一、2016年工作回顾: a report
    reviews the year before the one it is delivered in).

    Example:
        >>> read_years("", "各位代表：\\n一、2016年工作回顾\\n过去一年……", "government_work_report", "")
        (2017, 2016)
    """
    year = int(date[:4]) if date else None
    review = None
    title, text = arabic_dates(title), arabic_dates(text)
    if doc_type == "plan_report" and (m := _PLAN_TITLE_YEARS.search(title or text[:TITLE_SEARCH_CHARS])):
        review, plan_year = int(m.group(1)), int(m.group(2))
        return year or plan_year, review
    if year is None and title and (m := _YEAR_IN_TITLE.search(title)):
        year = int(m.group(1))
    if year is None and (m := _PLAN_HEADING.search(text)):
        year = int(m.group(1))
    if year is None and (m := _YEAR_IS.search(text)):
        year = int(m.group(1))
    if year is None and structure is not None and (opening := _plan_opening(text, structure)):
        if m := _PLAN_YEAR_IS.search(opening):
            year = int(m.group(1))
    if m := _REVIEW_HEADING.search(text):
        review = int(m.group(1))
    elif m := _REVIEW_HEADING_NO_YEAR.search(text):
        review = int(m.group(1))
    elif m := _REVIEW_DONE.search(text):
        review = int(m.group(1))
    elif m := _JUST_PAST.search(text):
        review = int(m.group(1))
    elif year is not None and _PAST_YEAR.search(text):
        review = year - 1
    if year is None and review is not None and doc_type == "government_work_report":
        year = review + 1
    return year, review


def _plan_opening(text: str, structure: Structure) -> str:
    """The first characters of the report's first plan part ('' if it has none)."""
    first = next((s for s in structure.sentences if s.part_kind == "plan"), None)
    return text[first.start : first.start + PLAN_OPENING_CHARS] if first else ""


#: How far from the start (and from the end) of a document a newspaper page marker (上接第一版,
#: 下转第三版) or the word 摘要 says the source holds part of the report: they open or close the
#: page, and the body may mention an abstract or a page later on.
PAGE_EDGE_CHARS = 200


def read_partial(raw: str, text: str, doc_type: str, structure: Structure) -> tuple[bool, str]:
    """Say whether a report is incomplete in this source, and why.

    Reasons: continued from an earlier newspaper page (上接第一版), continued on a later page
    (下转第三版), an abstract (摘要), or a report whose text stops before its plan part.
    """
    if doc_type == "news":
        return False, ""
    reasons = []
    if m := res.CONTINUED_FROM.search(raw[:PAGE_EDGE_CHARS]):
        reasons.append(f"begins mid-report: continued from page {m.group(1)} (上接第{m.group(1)}版), earlier text not in the source")
    if m := res.CONTINUED_ON.search(raw[-PAGE_EDGE_CHARS:]):
        reasons.append(f"ends mid-report: continued on page {m.group(1)} (下转第{m.group(1)}版), not in the source")
    if "摘要" in text[:PAGE_EDGE_CHARS]:
        reasons.append("abstract (摘要) of the report, not the full text")
    kinds = {p.kind for p in structure.parts}
    if not reasons and "plan" not in kinds and "review" in kinds:
        reasons.append("text stops in the review of last year: no plan part in the source")
    return bool(reasons), "; ".join(reasons)


def read_metadata(raw: str, text: str, structure: Structure, *, listing: bool = False) -> Metadata:
    """Read every metadata field of one document.

    Args:
        raw: the document's raw text (for page markers, which cleaning removes).
        text: its cleaned text.
        structure: its structure (for the partial check).
        listing: whether it is an item of a listing page (see :func:`classify_document`).

    Returns:
        A :class:`Metadata`.
    """
    title = read_title(text)
    doc_type = classify_document(title, text, listing=listing)
    header = report_header(text)
    delivery = read_delivery(header)
    speaker = read_header_speaker(header, delivery)
    short, full = read_city(title, text, delivery, speaker)
    year, review = read_years(title, text, doc_type, delivery.get("date", ""), structure)
    if doc_type == "news":
        # News items are listed, not analysed: keep what they are, not report fields.
        return Metadata(doc_type, title=title)
    partial, reason = read_partial(raw, text, doc_type, structure)
    return Metadata(
        doc_type=doc_type,
        title=title,
        city=short,
        admin_level=admin_level_of(short, full) if short else "",
        year=year,
        review_year=review,
        date=delivery.get("date", ""),
        session=delivery.get("session", ""),
        speaker=speaker.get("name", ""),
        speaker_title=speaker.get("title", ""),
        partial=partial,
        partial_reason=reason,
    )


# --------------------------------------------------------------------------------------------
# metadata.csv: a researcher's corrections, per file (and optionally per document of a file).
# --------------------------------------------------------------------------------------------

#: Fields a ``metadata.csv`` may set. Its other columns: ``file`` (required) and ``doc``
#: (optional: the document's number within its file, from 1; empty = every document of the file).
OVERRIDABLE = ("doc_type", "title", "city", "admin_level", "year", "review_year", "date", "session",
               "speaker", "speaker_title", "partial", "partial_reason")
_INT_FIELDS = ("year", "review_year")
_DOC_TYPES = ("government_work_report", "plan_report", "news", "unknown")


#: Values ``admin_level`` may take (``""``: not known).
ADMIN_LEVELS = ("national", "province", "prefecture_city", "county_city")
#: Years a ``metadata.csv`` may give (``year``, ``review_year``).
YEAR_RANGE = (1900, 2100)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FLAGS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class MetadataFileError(ValueError):
    """``metadata.csv`` is malformed (the message names the file, row and problem)."""


@dataclass(frozen=True)
class MetadataSheet:
    """A parsed ``metadata.csv``.

    Attributes:
        name: the file's name (``metadata.csv``).
        overrides: ``{(file name, document number or None): {field: value}}``.
        lines: the line of the file on which each row of ``overrides`` starts.
    """

    name: str
    overrides: dict
    lines: dict


def find_metadata_file(folder) -> "Path | None":
    """Return the folder's ``metadata.csv`` (the name in any case), or ``None`` if it has none.

    Raises:
        MetadataFileError: if the folder holds two of them (``metadata.csv`` and ``METADATA.CSV``).
        govreports.pipeline.load.CorpusFolderError: if the folder cannot be listed.
    """
    from pathlib import Path

    from govreports.pipeline.load import CorpusFolderError, is_side_file

    folder = Path(folder)
    try:
        names = sorted(name for name in os.listdir(folder) if is_side_file(name))
    except FileNotFoundError:
        return None
    except OSError as err:
        raise CorpusFolderError(f"cannot read corpus folder {folder} ({err.strerror or err})") from None
    if len(names) > 1:
        raise MetadataFileError(f"{folder}: {len(names)} metadata files ({', '.join(names)}); keep one")
    return folder / names[0] if names else None


def read_metadata_file(path) -> MetadataSheet:
    """Read and check a corpus folder's ``metadata.csv``.

    Decoded like the reports (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK; see
    :func:`_sheet_encoding`). Every cell is
    checked: ``file`` a plain file name (no folder), ``doc`` a number from 1, ``year`` and
    ``review_year`` in :data:`YEAR_RANGE`, ``date`` a real ``YYYY-MM-DD`` date, ``admin_level`` one
    of :data:`ADMIN_LEVELS`, ``doc_type`` a known type, ``partial`` true or false; no column
    twice, no row twice (the same ``file`` and ``doc``). Line numbers are those of the file, also
    after a cell that spans several lines.

    Args:
        path: the CSV file.

    Raises:
        MetadataFileError: naming the file, the line and the problem.
    """
    import csv
    from pathlib import Path

    from govreports.pipeline.load import LoadProblem, _read_bytes, detect_encoding

    path = Path(path)
    data = _read_bytes(path)
    if isinstance(data, LoadProblem):
        raise MetadataFileError(f"{path.name}: {data.reason}")
    encoding = _sheet_encoding(data, detect_encoding)
    if encoding is None:
        raise MetadataFileError(f"{path.name}: cannot decode: not UTF-8, UTF-16 or GB18030/GBK text")
    reader = csv.reader(io.StringIO(data.decode(encoding).lstrip("\ufeff"), newline=""))
    overrides: dict = {}
    lines: dict = {}
    columns: list[str] | None = None
    line = 1
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise MetadataFileError(f"{path.name}, line {line}: {err}") from None
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if columns is None:
            columns = _check_columns(path.name, [c.strip() for c in cells])
            continue
        try:
            key, values = _check_row(columns, cells)
        except ValueError as err:
            raise MetadataFileError(f"{path.name}, line {line}: {err}") from None
        if key in overrides:
            doc = f", document {key[1]}" if key[1] is not None else ""
            raise MetadataFileError(f"{path.name}, line {line}: repeats the row of line {lines[key]} ({key[0]}{doc})")
        overrides[key], lines[key] = values, line
    if columns is None:
        raise MetadataFileError(f"{path.name}: no header line (it needs a 'file' column)")
    return MetadataSheet(path.name, overrides, lines)


def _sheet_encoding(data: bytes, detect_encoding) -> str | None:
    """The encoding of a ``metadata.csv``: a BOM, else UTF-8, else GB18030/GBK (what Excel writes
    in China), else what the detector finds. GB18030 comes before detection because a sheet's
    few Chinese words are too short to tell GBK from Big5 (杭州 in GBK also decodes as Big5 獐笣)."""
    import codecs

    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return detect_encoding(data)
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return detect_encoding(data)


def _check_columns(name: str, columns: list[str]) -> list[str]:
    if "file" not in columns:
        raise MetadataFileError(f"{name}: no 'file' column (columns: {', '.join(columns)})")
    unknown = sorted(set(columns) - set(OVERRIDABLE) - {"file", "doc", ""})
    if unknown:
        raise MetadataFileError(f"{name}: unknown column(s) {', '.join(unknown)}; allowed: file, doc, {', '.join(OVERRIDABLE)}")
    twice = sorted({c for c in columns if c and columns.count(c) > 1})
    if twice:
        raise MetadataFileError(f"{name}: column(s) {', '.join(twice)} given twice")
    return columns


def _check_row(columns: list[str], cells: list[str]) -> tuple[tuple[str, int | None], dict]:
    """Return the row's key and its checked values; raise ``ValueError`` naming the bad cell."""
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
        raise ValueError(f"{len(cells)} cells for {len(columns)} columns")
    row = {column: cell.strip() for column, cell in zip(columns, cells)}
    if row.get("", ""):
        raise ValueError(f"a value ({row['']!r}) under a column with no name")
    file = row["file"]
    if not file:
        raise ValueError("empty 'file' cell")
    if file in (".", "..") or any(ch in file for ch in "/\\\0") or file.lower() in ("metadata.csv",):
        raise ValueError(f"file must be the name of a file in the corpus folder, not {file!r}")
    doc = None
    if row.get("doc"):
        if not row["doc"].isdigit() or int(row["doc"]) < 1:
            raise ValueError(f"doc must be a document number from 1, not {row['doc']!r}")
        doc = int(row["doc"])
    values = {k: v for k, v in row.items() if k in OVERRIDABLE and v != ""}
    for key in _INT_FIELDS:
        if key in values:
            text = values[key]
            if not (text.isascii() and text.isdigit() and len(text) <= 4 and YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]):
                raise ValueError(f"{key} must be a year from {YEAR_RANGE[0]} to {YEAR_RANGE[1]}, not {text!r}")
            values[key] = int(text)
    if "partial" in values:
        flag = values["partial"].lower()
        if flag not in _FLAGS:
            raise ValueError(f"partial must be true or false, not {values['partial']!r}")
        values["partial"] = _FLAGS[flag]
    if values.get("doc_type", _DOC_TYPES[0]) not in _DOC_TYPES:
        raise ValueError(f"doc_type must be one of {', '.join(_DOC_TYPES)}, not {values['doc_type']!r}")
    if values.get("admin_level", ADMIN_LEVELS[0]) not in ADMIN_LEVELS:
        raise ValueError(f"admin_level must be one of {', '.join(ADMIN_LEVELS)}, not {values['admin_level']!r}")
    if "date" in values and not _is_iso_date(values["date"]):
        raise ValueError(f"date must be a date YYYY-MM-DD, not {values['date']!r}")
    return (file, doc), values


def _is_iso_date(text: str) -> bool:
    import datetime

    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1]


def unused_rows(sheet: MetadataSheet, documents_per_file: dict[str, int], not_loaded: set[str]) -> list[str]:
    """Say which rows of a ``metadata.csv`` changed nothing, each with its line number.

    Args:
        sheet: the parsed file.
        documents_per_file: number of documents of each loaded file.
        not_loaded: names of the files seen but not loaded.

    Returns:
        One message per unused row, in line order, e.g.
        ``metadata.csv, line 3: names x.txt, which is not in the folder; row not used``.
    """
    messages = []
    for (file, doc), line in sorted(sheet.lines.items(), key=lambda item: item[1]):
        where = f"{sheet.name}, line {line}"
        if file in not_loaded:
            messages.append(f"{where}: {file} was not loaded; row not used")
        elif file not in documents_per_file:
            messages.append(f"{where}: names {file}, which is not in the folder; row not used")
        elif doc is not None and doc > documents_per_file[file]:
            n = documents_per_file[file]
            messages.append(f"{where}: {file} has {n} document{'s' if n != 1 else ''}, not a document {doc}; row not used")
    return messages


def apply_overrides(meta: Metadata, values: dict) -> tuple[Metadata, tuple[str, ...]]:
    """Return ``meta`` with ``values`` set, and the names of the fields that changed."""
    from dataclasses import replace

    values = dict(values)
    if "city" in values and "admin_level" not in values:
        # a corrected place brings its level from the places table (empty when not listed)
        values["admin_level"] = admin_level_of(values["city"], values["city"]) if values["city"] else ""
    changed = tuple(sorted(k for k, v in values.items() if getattr(meta, k) != v))
    return replace(meta, **values), changed
