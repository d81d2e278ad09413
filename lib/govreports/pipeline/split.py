"""Split: cut one source file into the documents it holds.

Most files hold one document (a report from a newspaper page or a government web page). A
scraped *listing page* holds several: each item starts with a bulleted title line
(``• 【湖州招商】2020年湖州市政府工作报告``), its text follows, and a posting date closes it
(``2025-07-09``). Around the items stand the site's header and footer (hotline, submission rules,
navigation bullets). :func:`split_source` finds the items and returns:

* the documents, each with its exact character span in the decoded file, and
* the spans of the file that belong to no document, with the reason they were left out,

so that every character of the file is either in a document or accounted for.

Rule for a listing page: the file has at least two bulleted lines each followed by a body of at
least :data:`MIN_ITEM_BODY` characters. An item's document runs from its bullet line to its
posting-date line (inclusive; cleaning removes the date), or to the next bullet line when it has no
date. Where at least two items carry a posting date, only dated items count (an undated block
under a bullet is page furniture). Bulleted lines with no such body are navigation. Everything
else outside the items is site chrome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govreports.datafiles import boilerplate_rules
from govreports.pipeline.load import SourceFile
from govreports.text import BARE_CR, count_non_space

#: Characters of text an item needs under its bullet to be a document rather than a navigation link.
MIN_ITEM_BODY = 200

_BULLET_LINE = re.compile(r"^[ \t]*[•·●▪◆■][ \t]*\S.*$", re.M)
_DATE_LINE = re.compile(r"^[ \t]*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ \t\r]*$", re.M)


@dataclass(frozen=True)
class RawDocument:
    """A document's raw text and where it stands in its file.

    Attributes:
        file: the source file's name.
        index: the document's number within its file, from 1.
        start: character offset of the document in the decoded file text.
        end: offset one past its last character.
        raw: ``file_text[start:end]``.
        listing: True for an item of a listing page (an item that is not a report is news).
    """

    file: str
    index: int
    start: int
    end: int
    raw: str
    listing: bool = False

    @property
    def source(self) -> str:
        """``file:start-end``, the document's place in its source file."""
        return f"{self.file}:{self.start}-{self.end}"


@dataclass(frozen=True)
class OutsideSpan:
    """A stretch of a file that belongs to no document, and why."""

    file: str
    start: int
    end: int
    text: str
    reason: str


def _listing_items(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each listing item that has a real body."""
    bullets = [m.start() for m in _BULLET_LINE.finditer(text)] + [len(text)]
    candidates = []
    for start, next_start in zip(bullets, bullets[1:]):
        chunk = text[start:next_start]
        date = _DATE_LINE.search(chunk)
        end = start + (date.end() if date else len(chunk.rstrip()))
        body = text[start:end].split("\n", 1)[1] if "\n" in text[start:end] else ""
        if count_non_space(body) >= MIN_ITEM_BODY:
            candidates.append((start, end, bool(date)))
    # Where the page dates its items, an undated block under a bullet is page furniture
    # (the submission rules under a navigation bullet), not an item.
    if sum(dated for *_, dated in candidates) >= 2:
        candidates = [c for c in candidates if c[2]]
    return [(start, end) for start, end, _ in candidates]


def classify_outside_line(line: str) -> str:
    """Name what a line outside every document is (hotline, submission rules, navigation...)."""
    for rule in boilerplate_rules():
        if rule.scope == "line" and rule.pattern.fullmatch(line):
            return f"outside any document: {rule.reason}"
    return "outside any document: site chrome"


def _outside_spans(file: str, text: str, start: int, end: int) -> list[OutsideSpan]:
    """Split ``text[start:end]`` into per-line outside spans with reasons (newlines included)."""
    spans = []
    pos = start
    while pos < end:
        newline = text.find("\n", pos, end)
        stop = end if newline == -1 else newline + 1
        line = text[pos:stop]
        reason = classify_outside_line(line.rstrip("\n")) if line.strip() else "outside any document: white space"
        spans.append(OutsideSpan(file, pos, stop, line, reason))
        pos = stop
    return spans


def split_source(source: SourceFile) -> tuple[list[RawDocument], list[OutsideSpan]]:
    """Cut one file into documents.

    Args:
        source: a decoded file.

    Returns:
        ``(documents, outside)``: the documents in file order, and the spans of the file that
        belong to none of them. Their lengths add up to the length of the file text.
    """
    text, name = source.text, source.name
    # Boundaries are found on a view with old-Mac line endings (bare CR) read as LF: the same
    # length, so its offsets are the file's; documents keep the file's own characters.
    items = _listing_items(BARE_CR.sub("\n", text))
    if len(items) < 2:
        return [RawDocument(name, 1, 0, len(text), text)], []
    documents, outside, pos = [], [], 0
    for index, (start, end) in enumerate(items, start=1):
        outside += _outside_spans(name, text, pos, start)
        documents.append(RawDocument(name, index, start, end, text[start:end], listing=True))
        pos = end
    outside += _outside_spans(name, text, pos, len(text))
    return documents, outside
