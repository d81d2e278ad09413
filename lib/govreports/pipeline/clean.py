"""Clean: remove what is not report text, repair what the page layout broke, and account for it.

Every cleaning rule is a small pure *finder*: it takes the current text and returns the spans to
remove (:class:`Span`, with a reason). :func:`clean_document` applies the finders in order and
records every removal against the raw text, so that

    len(raw) == len(cleaned) + sum(len(r.text) for r in removals)

character for character (:meth:`CleanResult.reconstruct_raw` rebuilds the raw text exactly).
Besides removals there are one-for-one substitutions (full-width digits to ASCII, a space that
separates two run-together paragraphs to a newline), which keep that count and are recorded too.

Each finder also has a ``remove_*`` / ``normalise_*`` convenience that returns the cleaned string.

Order of the steps (:data:`STEPS`):

0. ``line_endings``: Windows line endings (CR LF) lose their CR, and old-Mac line endings (a
   bare CR) become LF, before any other step, so that every rule sees one newline per line
   break (a file saved with CRLF keeps its captions and column breaks found as with LF). The CR
   of a CRLF is a removal, a bare CR a one-for-one substitution: offsets still point into the
   decoded file.
1. ``boilerplate``: whole lines of site chrome, listing dates, page metadata, hotlines,
   submission rules, navigation, and listing tags in front of titles (``data/site_boilerplate.txt``).
2. ``page_markers``: newspaper continuation markers (上接第一版) （下转第三版）.
3. ``page_title_fragments``: letter-spaced running heads (“政 府”, “工 作”) set between columns.
4. ``photo_captions``: caption lines (“市长王健作《政府工作报告》。全媒体记者 吕斌 摄”).
5. ``duplicate_title_lines``: a title line repeated on the next line.
6. ``injected_spam``: strings spliced in at a sentence boundary by a scraping site
   (``data/injected_spam.txt``).
7. ``repeated_passages``: a passage of 120+ characters that the layout printed twice (the later
   copy is removed, the first kept), or a sentence repeated right after itself. Shorter verbatim
   repeats far apart are kept: reports legitimately restate a sentence in review and plan (瑞安
   2019 repeats a 75-character sentence on supervision by the people's congress).
8. ``column_breaks``: the line break inside a paragraph broken mid-sentence by a newspaper
   column, so “25万 / 人” reads “25万人” again.
9. ``width``: full-width digits, Latin letters, ％ and the ideographic space to ASCII (kept
   Chinese punctuation and the quotation marks “” as they are).
10. ``paragraph_breaks``: a space after a sentence end that separates two paragraphs of a
    report scraped onto one line becomes a newline.
11. ``whitespace``: indentation, spaces inside Chinese text, zero-width characters (U+200B and
    kin, a stray BOM), blank lines (paragraphs end up separated by exactly one newline).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress
from operator import itemgetter, lt, ne

from govreports import datafiles
from govreports import text as res

#: Lines longer than this are never treated as boilerplate lines (they are report paragraphs).
MAX_BOILERPLATE_LINE = 200
#: Shortest passage that counts as a layout repetition when its copies are not adjacent.
MIN_REPEATED_PASSAGE = 120
#: Shortest sentence that counts as repeated when it follows itself immediately.
MIN_REPEATED_SENTENCE = 8
#: A paragraph shorter than this that ends without punctuation is a title or heading, not a
#: paragraph broken by a column.
MIN_BROKEN_PARAGRAPH = 60
#: Longest line read as a photo caption (…记者 吕斌 摄): a caption is one short line; a longer line
#: ending in 摄 is a report sentence.
MAX_CAPTION_LINE = 120
#: Longest line removed as a repeat of the title line before it: titles are short, and a longer
#: line that repeats the one before it is not a title.
MAX_DUPLICATE_TITLE_LINE = 60


@dataclass(frozen=True)
class Span:
    """A span of the current text that a finder wants removed."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Removal:
    """One removal, recorded against the raw text of the document.

    Attributes:
        step: the cleaning step (one of :data:`STEPS`).
        reason: why it was removed, in words.
        start: offset in the raw document text of the first removed character.
        end: offset one past the last removed character; the removed characters are contiguous
            in the raw text, so ``raw[start:end] == text`` (a finder's span that straddles
            characters removed by an earlier step is recorded as one removal per contiguous run).
        text: the characters removed.
        positions: the raw offset of every removed character (for the exact reconstruction).
    """

    step: str
    reason: str
    start: int
    end: int
    text: str
    positions: tuple[int, ...] = field(repr=False)


@dataclass(frozen=True)
class Substitution:
    """One character replaced by another (same length), recorded against the raw text."""

    step: str
    reason: str
    position: int
    old: str
    new: str


@dataclass
class CleanResult:
    """The cleaned text of one document and the full account of what cleaning did."""

    raw: str
    text: str
    removals: list[Removal]
    substitutions: list[Substitution]

    @property
    def n_removed(self) -> int:
        return sum(len(r.text) for r in self.removals)

    def reconstruct_raw(self) -> str:
        """Rebuild the raw text from the kept characters, the removals and the substitutions."""
        chars: list[str | None] = [None] * len(self.raw)
        for removal in self.removals:
            for pos, ch in zip(removal.positions, removal.text):
                chars[pos] = ch
        kept_positions = [i for i, ch in enumerate(chars) if ch is None]
        for pos, ch in zip(kept_positions, self.text):
            chars[pos] = ch
        for sub in self.substitutions:
            chars[sub.position] = sub.old
        return "".join(ch or "" for ch in chars)


# --------------------------------------------------------------------------------------------
# Finders: str -> list[Span]. Pure, small, one rule each.
# --------------------------------------------------------------------------------------------

def _lines(text: str):
    """Yield ``(start, end, line)`` for each line of ``text`` (``end`` excludes the newline)."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


_CR_BEFORE_LF = re.compile(r"\r+(?=\n)")


def find_crlf_line_endings(text: str) -> list[Span]:
    """Find the CR of every CR LF line ending (and of CR CR LF)."""
    if "\r" not in text:
        return []
    return [Span(m.start(), m.end(), "CR of a CR LF line ending") for m in _CR_BEFORE_LF.finditer(text)]


def find_bare_cr_line_endings(text: str) -> list[tuple[int, str]]:
    """Find bare CRs (old-Mac line endings); each becomes a LF."""
    return [(m.start(), "\n") for m in res.BARE_CR.finditer(text)]


def find_boilerplate(text: str) -> list[Span]:
    """Find site chrome, listing dates, page metadata, hotlines, submission rules and listing tags.

    Rules come from ``data/site_boilerplate.txt``. Only lines of at most
    :data:`MAX_BOILERPLATE_LINE` characters are looked at, so report paragraphs are never removed.

    Example:
        >>> [s.reason for s in find_boilerplate("发布日期: 2021-03-01 来源: 金华日报\\n正文。")]
        ['page metadata']
    """
    spans = []
    for start, end, line in _lines(text):
        if not line.strip() or len(line) > MAX_BOILERPLATE_LINE:
            continue
        for rule in datafiles.boilerplate_rules():
            if rule.scope == "line" and rule.pattern.fullmatch(line):
                spans.append(Span(start, end, rule.reason))
                break
            if rule.scope == "prefix" and (m := rule.pattern.match(line)) and m.end() > 0:
                spans.append(Span(start, start + m.end(), rule.reason))
                break
    return spans


def find_page_markers(text: str) -> list[Span]:
    """Find newspaper continuation markers such as (上接第一版) and （下转第三版）.

    Example:
        >>> remove_page_markers("(上接第一版)\\n(六)担当更有力。")
        '\\n(六)担当更有力。'
    """
    if "版" not in text:  # every marker names its page (第一版)
        return []
    return [Span(m.start(), m.end(), "newspaper continuation marker") for m in res.PAGE_MARKER.finditer(text)]


_LETTER_SPACED = re.compile(rf"[ \t\u3000]*[{res.CJK}](?:[ \t\u3000]+[{res.CJK}]){{1,5}}[ \t\u3000]*")


def find_page_title_fragments(text: str) -> list[Span]:
    """Find letter-spaced running heads (“政 府”, “工 作 报 告”) set on a line of their own.

    A line of two to six Chinese characters separated by spaces is a page-title fragment; real
    text never spaces every character.
    """
    return [Span(s, e, "page-title fragment") for s, e, line in _lines(text) if _LETTER_SPACED.fullmatch(line)]


_CAPTION = re.compile(
    r"[ \t\u3000]*[^\n。!?]{0,60}[。 ]?[^\n。!?]{0,30}(?:记者|通讯员|摄影|图片|供图|摄)[^\n。!?]{0,20}(?:摄|供图|/摄|图)[ \t\u3000]*"
)


def find_photo_captions(text: str) -> list[Span]:
    """Find photo-caption lines: short lines that end with a photographer's credit (… 记者 吕斌 摄).

    Example:
        >>> remove_photo_captions("甲\\n市长王健作《政府工作报告》。全媒体记者 吕斌 摄\\n乙")
        '甲\\n\\n乙'
    """
    return [
        Span(s, e, "photo caption")
        for s, e, line in _lines_ending_with(text, "摄图", " \t\u3000")
        if len(line) <= MAX_CAPTION_LINE and _CAPTION.fullmatch(line)
    ]


def _lines_ending_with(text: str, last: str, trailing: str):
    """Yield ``(start, end, line)``, in order, for each line of ``text`` whose last character but
    ``trailing`` ones is one of ``last``.

    Why: a caption ends with 摄 or 图, and trying the caption pattern on every line of a report
    (most of them paragraphs it rejects only after much backtracking) cost more than finding
    the few lines that end so.
    """
    ends = set()
    for ch in last:
        at = text.find(ch)
        while at >= 0:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            if not text[at + 1 : end].strip(trailing):
                ends.add(end)
            at = text.find(ch, at + 1)
    for end in sorted(ends):
        start = text.rfind("\n", 0, end) + 1
        yield start, end, text[start:end]


def find_duplicate_title_lines(text: str) -> list[Span]:
    """Find a short heading-like line that repeats the previous non-empty line word for word.

    Example:
        >>> remove_duplicate_title_lines("2023年金华市政府工作报告\\n2023年金华市政府工作报告\\n各位代表:")
        '2023年金华市政府工作报告\\n\\n各位代表:'
    """
    spans, previous = [], None
    for start, end, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == previous and len(stripped) <= MAX_DUPLICATE_TITLE_LINE and stripped[-1] not in res.PARAGRAPH_END:
            spans.append(Span(start, end, "duplicated title line"))
        previous = stripped
    return spans


def find_injected_spam(text: str, phrases: tuple[str, ...] | None = None) -> list[Span]:
    """Find injected spam strings that stand at a sentence boundary.

    Args:
        text: the text.
        phrases: the strings to look for; default ``data/injected_spam.txt``.

    Example:
        >>> remove_injected_spam("福利。二号首长实施“台州人免费游台州”。", phrases=("二号首长",))
        '福利。实施“台州人免费游台州”。'
    """
    phrases = datafiles.injected_spam() if phrases is None else phrases
    spans = []
    for phrase in phrases:
        if phrase not in text:
            continue
        for m in re.finditer(re.escape(phrase), text):
            before = text[m.start() - 1] if m.start() else "\n"
            if before in res.SENTENCE_END + ";；\n " + res.CLOSING_QUOTES and not any(
                s.start <= m.start() < s.end for s in spans
            ):
                spans.append(Span(m.start(), m.end(), f"injected spam: {phrase}"))
    return sorted(spans, key=lambda s: s.start)


_CLAUSE_ENDS = res.CLAUSE_END + "、"
#: A clause of the repeated-passage finder: text up to a clause end or 、 (kept) or a line break.
_CLAUSE = re.compile(rf"[^{_CLAUSE_ENDS}\n]+[{_CLAUSE_ENDS}]?")
#: The same clauses with what stands before each (clause ends and line breaks no clause takes), so
#: that the pieces tile the text and their offsets follow from their lengths.
_CLAUSE_AFTER_GAP = re.compile(rf"([{_CLAUSE_ENDS}\n]*)([^{_CLAUSE_ENDS}\n]+[{_CLAUSE_ENDS}]?)")


def find_repeated_passages(text: str, min_length: int = MIN_REPEATED_PASSAGE) -> list[Span]:
    """Find passages printed twice by the page layout; the later copy is returned.

    Two kinds: a passage of at least ``min_length`` characters occurring again anywhere later
    (found as a run of identical clauses, then extended character by character to its exact
    ends; line breaks end a passage), and a sentence of at least :data:`MIN_REPEATED_SENTENCE`
    characters that follows itself (or the end of itself) immediately.

    Example:
        >>> remove_repeated_passages("加快推进拆后区块开发建设。推进拆后区块开发建设。第二批。")
        '加快推进拆后区块开发建设。第二批。'
    """
    spans = _passages_printed_twice(text, min_length)
    for start, end in _sentences_after_themselves(text):
        if not any(s.start <= start < s.end for s in spans):
            spans.append(Span(start, end, "sentence repeated right after itself"))
    return sorted(spans, key=lambda s: s.start)


def _clauses(text: str) -> tuple[list[str], list[int], list[int]]:
    """The clauses of ``text`` (the matches of :data:`_CLAUSE`) as their texts, starts and ends.

    Why not ``_CLAUSE.finditer``: a report has about 1,500 clauses, and a match object per
    clause cost more than the rest of the finder. The pieces of :data:`_CLAUSE_AFTER_GAP`
    tile the text, so one ``findall`` and a running sum of lengths give the same offsets.
    """
    tail = len(text.rstrip(_CLAUSE_ENDS + "\n"))  # past it no clause starts; a clause end after it ends the last one
    if tail < len(text) and text[tail] != "\n":
        tail += 1
    pieces = _CLAUSE_AFTER_GAP.findall(text, 0, tail)
    offsets = list(accumulate(map(len, chain.from_iterable(pieces)), initial=0))
    return [clause for _, clause in pieces], offsets[1::2], offsets[2::2]


def _passages_printed_twice(text: str, min_length: int) -> list[Span]:
    """The later copies of passages of at least ``min_length`` characters (see :func:`find_repeated_passages`).

    Clauses are read in order; a clause seen before (its first copy ending before it starts)
    starts a run of identical clauses, which is extended character by character and kept if
    long enough; the clauses inside a kept copy are passed over. Only 1 or 2 clauses in 100
    repeat an earlier one, so until a copy is kept the clauses seen for the first time are
    jumped over (every clause is then known by its first occurrence); after a kept copy the
    clauses are read one by one (the clauses passed over are not known by that copy).
    """
    texts, starts, ends = _clauses(text)
    n = len(texts)
    first = dict(zip(reversed(texts), range(n - 1, -1, -1)))  # each clause text -> its first clause
    repeats = list(compress(range(n), map(ne, map(first.__getitem__, texts), range(n))))
    first_seen: dict[str, int] | None = None  # None while ``first`` is what has been seen
    spans: list[Span] = []
    j = next_repeat = 0
    while j < n:
        if first_seen is None:
            next_repeat = bisect_left(repeats, j, next_repeat)
            if next_repeat == len(repeats):
                break
            j = repeats[next_repeat]
            i = first[texts[j]]
        else:
            i = first_seen.setdefault(texts[j], j)
            if i == j:
                j += 1
                continue
        a, b, end_b = _second_copy(text, (texts, starts, ends), i, j)
        if end_b - b >= min_length:
            spans.append(Span(b, end_b, f"passage repeated by the layout (first copy at offset {a} kept)"))
            if first_seen is None:  # every clause before j was read: known by its first occurrence
                first_seen = dict(zip(reversed(texts[:j]), range(j - 1, -1, -1)))
            while j < n and starts[j] < end_b:
                j += 1
        else:
            j += 1
    return spans


def _second_copy(text: str, clauses: tuple[list[str], list[int], list[int]], i: int, j: int) -> tuple[int, int, int]:
    """``(a, b, end_b)``: the passage from clause ``i`` copied from clause ``j`` on starts at ``a``,
    its copy runs from ``b`` to ``end_b``: the run of identical clauses ``i..`` and ``j..`` (the first
    copy ending before the second starts), extended character by character (not over a line break)."""
    texts, starts, ends = clauses
    m = 1
    while j + m < len(texts) and i + m < j and texts[i + m] == texts[j + m]:
        m += 1
    a, b, end_b = starts[i], starts[j], ends[j + m - 1]
    end_a = ends[i + m - 1]
    while a > 0 and text[a - 1] == text[b - 1] and text[a - 1] != "\n" and end_a <= b - 1:
        a, b = a - 1, b - 1
    while end_b < len(text) and end_a < b and text[end_a] == text[end_b] and text[end_b] != "\n":
        end_a, end_b = end_a + 1, end_b + 1
    return a, b, end_b


def _sentences_after_themselves(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of at least :data:`MIN_REPEATED_SENTENCE` characters that
    directly follows a sentence ending with it (它 follows 推进它: the later one).

    Why the first test: such a pair is two neighbouring matches of :data:`govreports.text.SENTENCE`,
    which one ``findall`` and ``str.endswith`` over neighbours find without a match object per
    sentence; most reports have none, and only those that have are cut into sentences.
    """
    pieces = res.SENTENCE.findall(text)
    follows = compress(pieces[1:], map(str.endswith, pieces, pieces[1:]))
    if not any(len(piece) >= MIN_REPEATED_SENTENCE for piece in follows):
        return []
    sentences = [(s, e, text[s:e]) for s, e in res.sentence_spans(text)]
    return [(s2, e2) for (s1, e1, first), (s2, e2, second) in zip(sentences, sentences[1:])
            if e1 == s2 and len(second) >= MIN_REPEATED_SENTENCE and first.endswith(second)]


_BREAK = re.compile(r"\n[ \t\u3000\u200b\u200c\u200d\u2060\ufeff\n]*")  # zero-width characters too
_INNER_PUNCTUATION = re.compile(rf"[{res.CLAUSE_END}、]")


#: A short "label: value" line of a page header (来源：浙江日报, 时间：2026-02-05): a field, not a paragraph.
_FIELD_LINE = re.compile(rf"^[{res.CJK}]{{1,6}}\s*[:：]")


def _is_paragraph(line: str, min_paragraph: int) -> bool:
    """True if ``line`` is running text rather than a title, session line, header field or bare heading."""
    if len(line) < min_paragraph and _FIELD_LINE.match(line) and not res.SENTENCE_END_CHAR.search(line):
        return False
    if res.HEADING_START.match(line):
        return bool(res.SENTENCE_END_CHAR.search(line))  # a run-in heading with its text
    return len(line) >= min_paragraph or bool(_INNER_PUNCTUATION.search(line))


def find_column_breaks(text: str, min_paragraph: int = MIN_BROKEN_PARAGRAPH) -> list[Span]:
    """Find line breaks inside a paragraph that a newspaper column broke mid-sentence.

    A break is a column break when the line before it ends without sentence or clause
    punctuation and is a paragraph, not a title: it is not the document's first line, and it is
    either long (at least ``min_paragraph`` characters) or has punctuation inside it (titles and
    session lines have none); a line that starts with a heading marker counts only if it holds a
    full sentence after the heading. The next line must not start a heading.

    Example:
        >>> rejoin_column_breaks("标题\\n" + "新增城镇就业25万" * 8 + "\\n\\n人。")[-7:]
        '就业25万人。'
    """
    spans = []
    first_line_end = len(text) - len(text.lstrip()) + len(text.lstrip().split("\n", 1)[0])
    ends_paragraph = res.PARAGRAPH_END + res.CLOSING_QUOTES
    for m in _BREAK.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : m.start()].strip(" \t\u3000")
        # the cheap tests first: most lines end with a sentence end
        if not (m.start() > first_line_end and line and line[-1] not in ends_paragraph):
            continue
        next_break = text.find("\n", m.end())
        following = text[m.end() : next_break if next_break >= 0 else len(text)]
        if (
            _is_paragraph(line, min_paragraph)
            and following.strip()
            and not res.HEADING_START.match(following)
            and not res.PAGE_MARKER.match(following)
        ):
            spans.append(Span(m.start(), m.end(), "column break rejoined"))
    return spans


#: The characters the cleaner folds (:func:`govreports.text.fold_width`): full-width digits, Latin
#: letters, ％ ． ＋ － and the ideographic and no-break spaces. Chinese punctuation (，：（）) and the
#: quotation marks stay as written.
_WIDTH_CHARS = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0e\uff0b\uff0d\u3000\u00a0]")


def find_width_substitutions(text: str) -> list[tuple[int, str]]:
    """Find full-width digits, Latin letters, ％ ＋ － ． and ideographic / no-break spaces.

    Returns:
        ``(offset, replacement)`` pairs; each replacement is one character (its ASCII form).
    """
    return [(m.start(), res.fold_width(m.group())) for m in _WIDTH_CHARS.finditer(text)]


_RUN_TOGETHER = re.compile(rf"(?<=[{res.SENTENCE_END}{res.CLOSING_QUOTES}:：]) (?=\S)")


def find_paragraph_breaks(text: str) -> list[tuple[int, str]]:
    """Find spaces that separate two paragraphs of a report scraped onto one line.

    In the scraped pages a paragraph boundary is a single space after a sentence end
    (“…提出意见。 一、过去一年”); it becomes a newline. A space after anything else is stray white
    space, handled by :func:`find_stray_whitespace`.
    """
    return [(m.start(), "\n") for m in _matches_at(_RUN_TOGETHER, text, _offsets_of(text, " "))]


_CJK_OR_PUNCT = rf"[{res.CJK}\u3000-\u303f\uff00-\uffef“”‘’《》、]"
_STRAY_SPACE = re.compile(
    rf"(?<={_CJK_OR_PUNCT})[ \t]+(?={_CJK_OR_PUNCT})"  # between Chinese characters or punctuation
    rf"|(?<=[\w.%])[ \t]+(?={_CJK_OR_PUNCT})"  # after a number, before Chinese
    rf"|(?<={_CJK_OR_PUNCT})[ \t]+(?=[\w(])"  # after Chinese, before a number or bracket
)
_LINE_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$", re.M)
_EXTRA_NEWLINES = re.compile(r"(?<=\n)\n+|^\n+|\n+$")


_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]+")
#: Spaces inside a number set letter-spaced (8 .8 %, 6 . 5%): after width folding, between a digit
#: and a decimal point, digit or per-cent sign.
_SPACE_IN_NUMBER = re.compile(r"(?<=[0-9])[ \t]+(?=\.[ \t]*[0-9]|%)|(?:(?<=[0-9]\.)|(?<=[0-9][ \t]\.))[ \t]+(?=[0-9])")


def find_stray_whitespace(text: str) -> list[Span]:
    """Find indentation, trailing spaces, spaces inside Chinese text, zero-width characters and surplus blank lines.

    Spaces between two Latin words or numbers (“PM2.5 and”) are kept.
    """
    spans = []
    if any(ch in text for ch in _ZERO_WIDTH_CHARS):
        spans += [Span(m.start(), m.end(), "zero-width character") for m in _ZERO_WIDTH.finditer(text)]
    spaces = _offsets_of(text, " \t")
    spans += [Span(m.start(), m.end(), "white space") for m in _matches_at(_LINE_EDGE_SPACE, text, spaces) if m.group()]
    spans += [Span(m.start(), m.end(), "space inside Chinese text") for m in _matches_at(_STRAY_SPACE, text, spaces)]
    spans += [Span(m.start(), m.end(), "space inside a number")
              for m in _matches_at(_SPACE_IN_NUMBER, text, spaces) if m.group()]
    spans += [Span(m.start(), m.end(), "blank line")
              for m in _matches_at(_EXTRA_NEWLINES, text, _offsets_of(text, "\n")) if m.group()]
    return _merge(spans)


def _offsets_of(text: str, characters: str) -> list[int]:
    """The offsets in ``text`` of every occurrence of any of ``characters``, in order."""
    offsets: list[int] = []
    for ch in characters:
        at = text.find(ch)
        while at >= 0:
            offsets.append(at)
            at = text.find(ch, at + 1)
    return sorted(offsets) if len(characters) > 1 else offsets


def _matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """The matches of ``pattern.finditer(text)``, for a pattern whose every match is non-empty and
    begins with a character found at one of ``starts`` (increasing offsets).

    Why: a pattern that opens with a lookbehind, an anchor or an alternation gets no quick scan
    from Python's ``re``: it is tried at every character of the text (30-80 ns each, most of
    the cleaning time of a report). Tried only where a match can begin, in order and never
    inside the previous match, it finds the same matches (tested against ``finditer``).
    """
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)) and m.end() > start:
            yield m
            end = m.end()


def _merge(spans: list[Span]) -> list[Span]:
    """Sort spans and drop those overlapping an earlier one."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end > span.start and (not merged or span.start >= merged[-1].end):
            merged.append(span)
    return merged


# --------------------------------------------------------------------------------------------
# The pipeline.
# --------------------------------------------------------------------------------------------

Finder = Callable[[str], list[Span]]

#: The cleaning steps in order: (name, kind, function, reason for substitutions).
STEPS: tuple[tuple[str, str, Callable, str], ...] = (
    ("line_endings", "remove", find_crlf_line_endings, ""),
    ("line_endings", "substitute", find_bare_cr_line_endings, "CR line ending to LF"),
    ("boilerplate", "remove", find_boilerplate, ""),
    ("page_markers", "remove", find_page_markers, ""),
    ("page_title_fragments", "remove", find_page_title_fragments, ""),
    ("photo_captions", "remove", find_photo_captions, ""),
    ("duplicate_title_lines", "remove", find_duplicate_title_lines, ""),
    ("injected_spam", "remove", find_injected_spam, ""),
    ("repeated_passages", "remove", find_repeated_passages, ""),
    ("column_breaks", "remove", find_column_breaks, ""),
    ("width", "substitute", find_width_substitutions, "full-width character to ASCII"),
    ("paragraph_breaks", "substitute", find_paragraph_breaks, "space between run-together paragraphs to newline"),
    ("whitespace", "remove", find_stray_whitespace, ""),
)


def clean_document(raw: str) -> CleanResult:
    """Clean the raw text of one document, recording every change.

    Args:
        raw: the document's text exactly as it stands in its source file.

    Returns:
        A :class:`CleanResult` with the cleaned text, the removals and the substitutions.
    """
    # The current text, and the raw offset of each of its characters. Both are rebuilt from
    # slices after a step changed the text: a step costs a few C-level copies, not a Python
    # loop over every character of the document (what made cleaning a third of a cold load).
    text = raw
    visible = _identity(len(raw))
    removals: list[Removal] = []
    substitutions: list[Substitution] = []
    for step, kind, function, reason in STEPS:
        if kind == "remove":
            spans = _merge(function(text))
            if spans:
                removals += _removals(step, text, visible, spans)
                text, visible = _without(text, visible, spans)
        else:
            found = function(text)
            if found:
                text, changed = _substituted(text, found)
                substitutions += [Substitution(step, reason, visible[offset], raw[visible[offset]], new)
                                  for offset, new in changed]
    return CleanResult(raw, text, removals, substitutions)


def _identity(n: int) -> array:
    """``array("q", range(n))``, made by numpy: filling an array from a range costs 30 ns an element
    (0.5 s per 1,000 reports), copying numpy's bytes almost nothing."""
    import numpy as np

    offsets = array("q")
    offsets.frombytes(np.arange(n, dtype=np.int64).tobytes())
    return offsets


def _removals(step: str, text: str, visible: array, spans: list[Span]) -> list[Removal]:
    """The removals of ``spans`` (merged spans of the current ``text``), one per contiguous run of raw offsets."""
    removals = []
    for span in spans:
        positions = tuple(visible[span.start : span.end])
        if positions[-1] - positions[0] == len(positions) - 1:  # one run: the usual case
            runs = [positions]
        else:  # the span straddles characters an earlier step removed
            runs = contiguous_runs(positions)
        at = span.start
        for run in runs:
            removals.append(Removal(step, span.reason, run[0], run[-1] + 1, text[at : at + len(run)], run))
            at += len(run)
    return removals


def _without(text: str, visible: array, spans: list[Span]) -> tuple[str, array]:
    """``text`` and its raw offsets without the characters of ``spans`` (merged, in order)."""
    pieces: list[str] = []
    kept = array(visible.typecode)
    at = 0
    for span in spans:
        pieces.append(text[at : span.start])
        kept += visible[at : span.start]
        at = span.end
    pieces.append(text[at:])
    kept += visible[at:]
    return "".join(pieces), kept


def _substituted(text: str, found: list[tuple[int, str]]) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with each ``(offset, character)`` of ``found`` put in, and the pairs that changed a character.

    Pairs are applied in order, so a second pair for one offset sees the first's character.
    """
    offsets = list(map(itemgetter(0), found))
    if all(map(lt, offsets, offsets[1:])):  # each offset once (what the finders give): no pair sees another's
        changed = [(offset, new) for offset, new in found if text[offset] != new]
        pieces, at = [], 0
        for offset, new in changed:  # a few per report: slices, not a list of every character
            pieces += (text[at:offset], new)
            at = offset + 1
        return ("".join(pieces) + text[at:] if changed else text), changed
    chars, changed = list(text), []
    for offset, new in found:
        if chars[offset] != new:
            chars[offset] = new
            changed.append((offset, new))
    return "".join(chars), changed


def contiguous_runs(positions: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Split increasing offsets into runs of consecutive offsets.

    Example:
        >>> contiguous_runs((0, 1, 9, 10, 11))
        [(0, 1), (9, 10, 11)]
    """
    runs: list[tuple[int, ...]] = []
    start = 0
    for i in range(1, len(positions) + 1):
        if i == len(positions) or positions[i] != positions[i - 1] + 1:
            runs.append(positions[start:i])
            start = i
    return runs


def _apply(finder: Finder, text: str) -> str:
    keep = [True] * len(text)
    for span in _merge(finder(text)):
        keep[span.start : span.end] = [False] * (span.end - span.start)
    return "".join(ch for ch, k in zip(text, keep) if k)


def remove_boilerplate(text: str) -> str:
    """Return ``text`` without the lines :func:`find_boilerplate` finds."""
    return _apply(find_boilerplate, text)


def remove_page_markers(text: str) -> str:
    """Return ``text`` without newspaper continuation markers."""
    return _apply(find_page_markers, text)


def remove_page_title_fragments(text: str) -> str:
    """Return ``text`` without letter-spaced running heads."""
    return _apply(find_page_title_fragments, text)


def remove_photo_captions(text: str) -> str:
    """Return ``text`` without photo-caption lines."""
    return _apply(find_photo_captions, text)


def remove_duplicate_title_lines(text: str) -> str:
    """Return ``text`` without repeated title lines."""
    return _apply(find_duplicate_title_lines, text)


def remove_injected_spam(text: str, phrases: tuple[str, ...] | None = None) -> str:
    """Return ``text`` without injected spam at sentence boundaries."""
    return _apply(lambda t: find_injected_spam(t, phrases), text)


def remove_repeated_passages(text: str) -> str:
    """Return ``text`` with each layout-repeated passage kept once."""
    return _apply(find_repeated_passages, text)


def rejoin_column_breaks(text: str) -> str:
    """Return ``text`` with paragraphs broken by newspaper columns joined again."""
    return _apply(find_column_breaks, text)


def normalise_width(text: str) -> str:
    """Return ``text`` with full-width digits, letters, ％ and spaces in ASCII.

    Example:
        >>> normalise_width("增长７．５％")
        '增长7.5%'
    """
    chars = list(text)
    for offset, new in find_width_substitutions(text):
        chars[offset] = new
    return "".join(chars)


def remove_stray_whitespace(text: str) -> str:
    """Return ``text`` without indentation, spaces inside Chinese text and blank lines."""
    return _apply(find_stray_whitespace, text)


def clean_text(raw: str) -> str:
    """Return the cleaned text of ``raw`` (see :func:`clean_document` for the audit)."""
    return clean_document(raw).text
