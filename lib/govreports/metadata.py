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

import re
from dataclasses import dataclass

from govreports import resources as res
from govreports.structure import Structure

_TITLE_GWR = re.compile(r"政府工作报告")
_TITLE_PLAN = re.compile(r"国民经济和社会发展计划.{0,30}(?:执行情况|草案)|计划执行情况.{0,30}计划草案")
_SESSION = re.compile(
    rf"(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日\s*在\s*"
    rf"(?P<session>(?P<place>[{res.CJK}]{{2,12}}?)?第[{res.CN_NUMERALS}]+届(?:[{res.CJK}]{{0,6}})?人民代表大会第[{res.CN_NUMERALS}]+次(?:全体)?会议)\s*上"
)
_TITLES = r"代理?(?:省长|市长|县长|区长|州长|主席)|省长|市长|县长|区长|州长|主席|总理"
_SPEAKER = re.compile(
    rf"^[)）\s]*(?P<place>[{res.CJK}]{{2,12}}?(?:省|市|县|区|自治区|自治州))?(?:人民政府|国务院)?\s*"
    rf"(?P<title>{_TITLES})\s*(?P<name>[{res.CJK}·]{{2,4}}?)\s*(?=各位代表|\n|$)"
)
_ON_BEHALF = re.compile(rf"代表(?P<place>[{res.CJK}]{{2,12}}?(?:省|市|县|区|自治区|自治州))人民政府")
_CITY_IN_TITLE = re.compile(rf"(?:\d{{4}}年)?(?P<place>(?!年)[{res.CJK}]{{2,12}}?(?:省|市|县|区|自治区|自治州))(?:人民)?政府工作报告")
_CITY_IN_PLAN_TITLE = re.compile(rf"关于(?P<place>[{res.CJK}]{{2,12}}?(?:省|市|县|区|自治区|自治州))\d{{4}}年")
_PLACE_SUFFIX = re.compile(r"(?:壮族|回族|维吾尔)?(?:自治区|自治州|省|市|县|区)$")
_YEAR_IN_TITLE = re.compile(r"(\d{4})年")
_PLAN_TITLE_YEARS = re.compile(r"(\d{4})年.{0,30}?执行情况.{0,3}?(\d{4})年")
_REVIEW_HEADING = re.compile(r"^[一1][、.]\s*(\d{4})年", re.M)
_PLAN_HEADING = re.compile(rf"^[二三][、.]\s*(\d{{4}})年", re.M)
_YEAR_IS = re.compile(r"(\d{4})年是[^。\n]{0,80}之年[^\n]{0,200}?今年")
_REVIEW_DONE = re.compile(r"(\d{4})年(?:主要)?(?:目标任务|各项目标任务|工作)(?:的)?(?:顺利|圆满|全面)?完成")
_PAST_YEAR = re.compile(r"过去一年|一年来|去年")
_JUST_PAST = re.compile(r"刚(?:刚)?过去的(\d{4})年")
_CONTINUED_FROM = re.compile(rf"[(（]\s*(?:上接|接|紧接|续)\s*(?:第\s*)?([{res.CN_NUMERALS}\d]+)\s*版\s*[)）]")
_CONTINUED_ON = re.compile(rf"[(（]\s*(?:下转|转)\s*(?:第\s*)?([{res.CN_NUMERALS}\d]+)\s*版\s*[)）]")


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
    """Return the first line if it is a title (at most 80 characters, no sentence punctuation)."""
    first = text.split("\n", 1)[0].strip()
    if first and len(first) <= 80 and not re.search(rf"[{res.SENTENCE_END},，:：]$", first) and "各位代表" not in first:
        return first
    return ""


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
    head = text[:3000]
    if _TITLE_PLAN.search(head[:300]):
        return "plan_report"
    if "各位代表" in text and re.search(r"政府工作|代表[^。\n]{0,12}人民政府|本届政府", text):
        return "government_work_report"
    return "news" if listing else "unknown"


def short_place_name(place: str) -> str:
    """Return the short name of a place (杭州市 → 杭州, 广西壮族自治区 → 广西, 浙江省 → 浙江).

    Example:
        >>> short_place_name("义乌市")
        '义乌'
    """
    known = res.places().get(place)
    if known:
        return known.short
    if place.startswith("全国"):
        return "全国"
    return _PLACE_SUFFIX.sub("", place) or place


def admin_level_of(place_or_short: str, full_name: str = "") -> str:
    """Return the administrative level of a place, or '' when it is not known."""
    known = res.places().get(place_or_short) or res.places().get(full_name)
    if known:
        return known.admin_level
    if full_name.endswith(("省", "自治区")):
        return "province"
    return ""


def read_delivery(text: str) -> dict:
    """Read the delivery line: date, session, and the place named in the session.

    Example:
        >>> read_delivery("2020年1月18日在义乌市第十五届人民代表大会第四次会议上\\n义乌市市长 王健")["date"]
        '2020-01-18'
    """
    m = _SESSION.search(text[:600])
    if not m:
        return {}
    place = m.group("place") or ""
    if m.group("session").startswith("第") and "全国" in m.group("session"):
        place = "全国"
    return {
        "date": f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}",
        "session": m.group("session"),
        "place": place,
        "end": m.end(),
    }


def read_speaker(text: str) -> dict:
    """Read ``place``, ``title`` and ``name`` of the speaker from the text after the session line.

    Example:
        >>> read_speaker("湖州市代市长王纲各位代表:")["name"]
        '王纲'
    """
    m = _SPEAKER.match(text)
    if not m:
        return {}
    return {"place": m.group("place") or "", "title": m.group("title"), "name": m.group("name")}


def read_city(title: str, text: str, delivery: dict, speaker: dict) -> tuple[str, str]:
    """Return ``(short name, full name)`` of the reporting place, or ``('', '')``."""
    candidates = [delivery.get("place", ""), speaker.get("place", "")]
    for pattern in (_CITY_IN_TITLE, _CITY_IN_PLAN_TITLE):
        if m := pattern.search(title):
            candidates.append(m.group("place"))
    if m := _ON_BEHALF.search(text[:5000]):
        candidates.append(m.group("place"))
    if m := _CITY_IN_PLAN_TITLE.search(text[:300]):
        candidates.append(m.group("place"))
    for place in candidates:
        if place:
            return short_place_name(place), place
    return "", ""


def read_years(title: str, text: str, doc_type: str, date: str) -> tuple[int | None, int | None]:
    """Return ``(year delivered, year reviewed)`` as the text states them."""
    year = int(date[:4]) if date else None
    review = None
    if doc_type == "plan_report" and (m := _PLAN_TITLE_YEARS.search(title or text[:300])):
        review, plan_year = int(m.group(1)), int(m.group(2))
        return year or plan_year, review
    if year is None and title and (m := _YEAR_IN_TITLE.search(title)):
        year = int(m.group(1))
    if year is None and (m := _PLAN_HEADING.search(text)):
        year = int(m.group(1))
    if year is None and (m := _YEAR_IS.search(text)):
        year = int(m.group(1))
    if m := _REVIEW_HEADING.search(text):
        review = int(m.group(1))
    elif m := _REVIEW_DONE.search(text):
        review = int(m.group(1))
    elif m := _JUST_PAST.search(text):
        review = int(m.group(1))
    elif year is not None and _PAST_YEAR.search(text):
        review = year - 1
    return year, review


def read_partial(raw: str, text: str, doc_type: str, structure: Structure) -> tuple[bool, str]:
    """Say whether a report is incomplete in this source, and why.

    Reasons: continued from an earlier newspaper page (上接第一版), continued on a later page
    (下转第三版), an abstract (摘要), or a report whose text stops before its plan part.
    """
    if doc_type == "news":
        return False, ""
    reasons = []
    if m := _CONTINUED_FROM.search(raw[:200]):
        reasons.append(f"begins mid-report: continued from page {m.group(1)} (上接第{m.group(1)}版), earlier text not in the source")
    if m := _CONTINUED_ON.search(raw[-200:]):
        reasons.append(f"ends mid-report: continued on page {m.group(1)} (下转第{m.group(1)}版), not in the source")
    if "摘要" in text[:200]:
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
    delivery = read_delivery(text)
    speaker = read_speaker(text[delivery["end"] :]) if delivery else {}
    short, full = read_city(title, text, delivery, speaker)
    year, review = read_years(title, text, doc_type, delivery.get("date", ""))
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


class MetadataFileError(ValueError):
    """``metadata.csv`` is malformed (the message names the file, row and problem)."""


def read_overrides(path) -> dict[tuple[str, int | None], dict]:
    """Read a corpus folder's ``metadata.csv``.

    Args:
        path: the CSV file (UTF-8, with or without BOM).

    Returns:
        ``{(file name, document number or None): {field: value}}``; empty cells are not overrides.

    Raises:
        MetadataFileError: unknown columns, no ``file`` column, a bad year, doc_type or partial value.
    """
    import csv
    from pathlib import Path

    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = [c.strip() for c in reader.fieldnames or []]
        if "file" not in columns:
            raise MetadataFileError(f"{path.name}: no 'file' column (columns: {', '.join(columns)})")
        unknown = sorted(set(columns) - set(OVERRIDABLE) - {"file", "doc"})
        if unknown:
            raise MetadataFileError(f"{path.name}: unknown column(s) {', '.join(unknown)}; allowed: file, doc, {', '.join(OVERRIDABLE)}")
        overrides: dict[tuple[str, int | None], dict] = {}
        for line, row in enumerate(reader, start=2):
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            values = {k: v for k, v in row.items() if k in OVERRIDABLE and v != ""}
            try:
                for key in _INT_FIELDS:
                    if key in values:
                        values[key] = int(values[key])
                if "partial" in values:
                    flag = values["partial"].lower()
                    if flag not in ("true", "false", "1", "0", "yes", "no"):
                        raise ValueError(f"partial must be true or false, not {values['partial']!r}")
                    values["partial"] = flag in ("true", "1", "yes")
                if values.get("doc_type", _DOC_TYPES[0]) not in _DOC_TYPES:
                    raise ValueError(f"doc_type must be one of {', '.join(_DOC_TYPES)}")
                doc = int(row["doc"]) if row.get("doc") else None
            except ValueError as err:
                raise MetadataFileError(f"{path.name}, line {line}: {err}") from None
            overrides[(row["file"], doc)] = values
    return overrides


def apply_overrides(meta: Metadata, values: dict) -> tuple[Metadata, tuple[str, ...]]:
    """Return ``meta`` with ``values`` set, and the names of the fields that changed."""
    from dataclasses import replace

    changed = tuple(sorted(k for k, v in values.items() if getattr(meta, k) != v))
    return replace(meta, **values), changed
