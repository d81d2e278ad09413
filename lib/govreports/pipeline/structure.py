"""Structure: parts (一、二、…), sections ((一)(二)…), paragraphs and sentences of a cleaned report.

The cleaned text has one paragraph per line (the cleaner turns the run-together paragraphs of
scraped single-line pages into lines). Headings are recognised at the start of a paragraph:

* a **part** heading is ``一、`` … ``十、`` whose number follows the previous part's (so a stray
  ``六、`` inside a quotation such as “干好一一六、当好排头兵” is not a part);
* a **section** heading is ``(一)`` / ``（一）``; numbering restarts in each part.

A heading either stands alone on its line or runs into the text (``一、2019年工作回顾2019年，市政府…``);
:func:`split_run_in_heading` cuts the heading off at its last heading word (回顾, 工作, 任务, 安排,
建设, 政府 …), preferring a cut after which the body opens the way report paragraphs open (a year,
今年, 当前, 面对, 坚持, 过去 …). A section heading that runs in ends at its first full stop.

Every sentence knows its part, and each part has a *kind*:

* ``review``: the review of last year (title with 回顾, 过去, 一年来, 执行情况, 成绩, or part 一 of
  a government work report, which by the genre is always the review);
* ``plan``: the plan for this year and beyond (any later part that is not ``government``);
* ``government``: the government's own conduct (政府自身建设, 政府治理效能, 服务型政府, 政府铁军 …,
  in the title, or in the opening of the last part);
* ``preamble``: text before part 一 (title lines, 各位代表, an opening statement);
* ``unknown``: a document with no part headings at all (news items).

Text before the first heading of a document that begins mid-report (a newspaper page continued
from an earlier page, whose first heading is 二、) belongs to the part before it (一, title unknown).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress

from govreports import text as res

_HEADING_WORDS = re.compile(r"回顾|工作|任务|安排|举措|建设|效能|政府|要求|措施|目标|部署|情况|新征程|新篇章|新铁军")
_BODY_OPENERS = re.compile(
    r"(?:\d{4}年|今年|当前|过去|一年来|面对|坚持|新形势|新时代|我们|市政府|省政府|县政府|在|做好|根据|综合|奋斗)"
)
_REVIEW_TITLE = re.compile(r"回顾|过去|一年来|执行情况|成绩|工作总结|五年来")
#: A part-marker line (一、…) of at most this many characters with no full stop is a heading on a
#: line of its own; a longer one runs its text in after the heading.
MAX_STANDALONE_HEADING = 60
#: How far into a run-in heading's first clause its heading words (回顾, 工作, 任务…) are looked for:
#: past them the clause is body text (2019年，…取得新成效).
RUN_IN_HEADING_WORDS_CHARS = 40
#: A section heading ((一)…) whose first full stop comes later than this has no title sentence: the
#: whole line is its title.
MAX_SECTION_TITLE = 80
#: How much of the last part's opening text is searched for government building (政府自身建设…)
#: when its title does not name it: the opening sentences say what the part is about.
PART_OPENING_CHARS = 300
_GOVERNMENT = re.compile(r"政府自身|自身建设|政府建设|政府治理|服务型政府|政府铁军|人民满意的?政府|现代政府|建设新铁军")


@dataclass(frozen=True)
class Part:
    """A part of a report (一、二、…), or the preamble before part 一.

    Attributes:
        number: 1 for 一 …; 0 for the preamble or a document without parts.
        title: the heading text without its marker ('' if unknown).
        kind: ``review``, ``plan``, ``government``, ``preamble`` or ``unknown``.
    """

    number: int
    title: str
    kind: str


@dataclass(frozen=True, slots=True)  # slots: a corpus holds millions of sentences
class Sentence:
    """One sentence of a cleaned document.

    Attributes:
        index: position in the document, from 0.
        text: the sentence, ending with its punctuation (and closing quotes).
        start: offset of the sentence in the cleaned text.
        paragraph: index of its paragraph (line) in the cleaned text, from 0.
        part: number of its part (0 = preamble / none).
        part_title: title of its part.
        part_kind: kind of its part (see the module docstring).
        section: number of its section within the part (0 = none).
        section_title: title of its section.
        is_heading: True for a heading (part or section title).
    """

    index: int
    text: str
    start: int
    paragraph: int
    part: int
    part_title: str
    part_kind: str
    section: int
    section_title: str
    is_heading: bool


class Sentences(Sequence):
    """The sentences of one document, kept as columns; each item is a :class:`Sentence`, made on access.

    A corpus of 13,000 reports holds millions of sentences: as objects with a text of their own
    they cost about 270 bytes each plus their text; here a sentence costs about 35 bytes and its
    text is a slice of the document's cleaned text, cut when it is read. It behaves as the tuple
    of sentences it replaces: indexing, slicing (a tuple), iteration, ``len``, equality with any
    sequence of the same sentences, ``repr``.
    """

    __slots__ = ("_text", "_columns", "_strings", "_own_text")
    _INTS = ("start", "length", "paragraph", "part", "section", "part_title", "part_kind", "section_title")

    def __init__(self, text: str, sentences: Iterable[Sentence] = ()):
        self._text = text
        # offsets within one document: 4-byte integers unless it is over 2**31 characters long
        code = "i" if len(text) < 2**31 else "q"
        self._columns = {name: array(code) for name in self._INTS}
        self._columns["is_heading"] = bytearray()
        self._strings: list[str] = []
        self._own_text: dict[int, str] = {}  # a sentence that is not a slice of the text (none the stage makes)
        index_of: dict[str, int] = {}
        for i, sentence in enumerate(sentences):
            if sentence.index != i:
                raise ValueError(f"sentence {i} has index {sentence.index}")
            columns = self._columns
            columns["start"].append(sentence.start)
            columns["length"].append(len(sentence.text))
            if text[sentence.start:sentence.start + len(sentence.text)] != sentence.text:
                self._own_text[i] = sentence.text
            for name in ("paragraph", "part", "section"):
                columns[name].append(getattr(sentence, name))
            for name in ("part_title", "part_kind", "section_title"):
                value = getattr(sentence, name)
                if value not in index_of:
                    index_of[value] = len(self._strings)
                    self._strings.append(value)
                columns[name].append(index_of[value])
            columns["is_heading"].append(bool(sentence.is_heading))

    @classmethod
    def from_columns(cls, text: str, columns) -> Sentences:
        """Sentences from one list per field of :class:`Sentence` plus ``length``; a ``text`` of
        ``None`` means the slice ``length`` long at ``start`` of ``text`` (as the table store keeps them)."""
        table = cls(text)
        c = table._columns
        for name in ("start", "length", "paragraph", "part", "section"):
            c[name].extend(columns[name])
        c["is_heading"].extend(map(bool, columns["is_heading"]))
        index_of: dict[str, int] = {}
        for name in ("part_title", "part_kind", "section_title"):  # C-level: a handful of distinct values
            values = columns[name]
            for value in dict.fromkeys(values):
                if value not in index_of:
                    index_of[value] = len(table._strings)
                    table._strings.append(value)
            c[name].extend(map(index_of.__getitem__, values))
        own_texts = list(columns["text"])
        if own_texts.count(None) < len(own_texts):  # only a sentence not cut from the text has its own
            for i, (own, start, length) in enumerate(zip(own_texts, columns["start"], columns["length"])):
                if own is not None and own != text[start:start + length]:
                    table._own_text[i] = own
        if list(columns["index"]) != list(range(len(table))):
            raise ValueError("sentence indexes are not 0, 1, 2 …")
        return table

    def __len__(self) -> int:
        return len(self._columns["start"])

    @property
    def text(self) -> str:
        """The document's text the sentences are slices of."""
        return self._text

    def texts(self) -> list[str]:
        """Every sentence's text, in order (``[s.text for s in self]`` without making the sentences)."""
        c, text, own = self._columns, self._text, self._own_text
        texts = [text[start:start + length] for start, length in zip(c["start"], c["length"])]
        for i, value in own.items():
            texts[i] = value
        return texts

    def values(self, name: str) -> list:
        """One field of every sentence, in order (``[getattr(s, name) for s in self]``, made faster).

        Raises:
            KeyError: if ``name`` is not a field kept as a column (``text`` is :meth:`texts`).
        """
        if name in ("part_title", "part_kind", "section_title"):
            return list(map(self._strings.__getitem__, self._columns[name]))
        if name == "is_heading":
            return list(map(bool, self._columns[name]))
        if name == "index":
            return list(range(len(self)))
        return self._columns[name].tolist()

    def columns(self) -> dict[str, list]:
        """One list per field of :class:`Sentence` plus ``length``, as :meth:`from_columns` takes them.

        ``text`` is ``None`` for a sentence that is the slice ``length`` long at ``start`` of the
        document's text (every sentence the structure stage makes), else its own text. The table
        store writes the sentences this way; reading the columns needs no :class:`Sentence` object
        (a million of them per 1,000 reports).
        """
        columns = {name: self.values(name) for name in (*_FIELDS_KEPT, "index")}
        columns["length"] = self._columns["length"].tolist()
        texts: list[str | None] = [None] * len(self)
        for i, own in self._own_text.items():
            texts[i] = own
        columns["text"] = texts
        return columns

    def _make(self, i: int) -> Sentence:
        c, strings = self._columns, self._strings
        start = c["start"][i]
        text = self._own_text.get(i)
        if text is None:
            text = self._text[start:start + c["length"][i]]
        return Sentence(i, text, start, c["paragraph"][i], c["part"][i], strings[c["part_title"][i]],
                        strings[c["part_kind"][i]], c["section"][i], strings[c["section_title"][i]],
                        bool(c["is_heading"][i]))

    def __getitem__(self, key):
        if isinstance(key, slice):
            return tuple(self._make(i) for i in range(*key.indices(len(self))))
        n = len(self)
        i = key.__index__()
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("sentence index out of range")
        return self._make(i)

    def __iter__(self):
        return map(self._make, range(len(self)))

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self):
        return (_sentences_from_state, (self._text, self._columns, self._strings, self._own_text))


class _SentenceBuilder:
    """The sentences of one document, gathered piece by piece and made into :class:`Sentences` once.

    Why: a report has a few hundred pieces (paragraphs and headings), and adding each piece's
    sentences to the columns field by field cost more than finding them. A piece adds its
    sentences' starts and lengths to two lists and one row of the fields its sentences share;
    :meth:`sentences` repeats each row for its sentences (numpy) to make the columns.
    """

    _SHARED = ("paragraph", "part", "part_title", "part_kind", "section", "section_title", "is_heading")

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = []
        self.lengths: list[int] = []
        self.rows: list[tuple] = []  # (number of sentences, *the _SHARED fields) per piece
        self.strings: list[str] = []  # the titles and kinds, numbered in the order first met
        self.number_of: dict[str, int] = {}

    def add(self, texts: list[str], start: int, paragraph: int, part: Part, section: int,
            section_title: str, is_heading: bool) -> None:
        """Add the sentences of one piece of a paragraph: ``texts`` are the consecutive matches of
        :data:`govreports.text.SENTENCE` in it (blank ones are left out), from offset ``start``."""
        lengths = list(map(len, texts))
        keep = list(map(str.strip, texts))
        n = len(texts) - keep.count("")
        if not n:
            return
        starts = accumulate(lengths[:-1], initial=start)
        if n == len(texts):
            self.starts.extend(starts)
            self.lengths += lengths
        else:
            self.starts.extend(compress(starts, keep))
            self.lengths.extend(compress(lengths, keep))
        self.rows.append((n, paragraph, part.number, self._number(part.title), self._number(part.kind), section,
                          self._number(section_title), int(bool(is_heading))))

    def _number(self, value: str) -> int:
        number = self.number_of.get(value)
        if number is None:
            number = self.number_of[value] = len(self.strings)
            self.strings.append(value)
        return number

    def sentences(self) -> Sentences:
        import numpy as np

        table = Sentences(self.text)
        columns = table._columns
        columns["start"].extend(self.starts)
        columns["length"].extend(self.lengths)
        if self.rows:
            rows = np.array(self.rows, dtype=np.int64)
            for k, name in enumerate(self._SHARED, start=1):
                values = np.repeat(rows[:, k], rows[:, 0])
                column = columns[name]
                if name == "is_heading":  # a bytearray
                    column.extend(values.astype(np.uint8).tobytes())
                else:
                    column.frombytes(values.astype(f"i{column.itemsize}").tobytes())
        table._strings = self.strings
        return table


#: The fields of :class:`Sentence` kept as a column of their own (``index`` is the position, ``text`` a slice).
_FIELDS_KEPT = ("start", "paragraph", "part", "part_title", "part_kind", "section", "section_title", "is_heading")


def _sentences_from_state(text, columns, strings, own_text) -> Sentences:
    table = Sentences.__new__(Sentences)
    table._text, table._columns, table._strings, table._own_text = text, columns, strings, own_text
    return table


@dataclass(frozen=True)
class Structure:
    """The structure of one document: its parts, sections and sentences."""

    parts: tuple[Part, ...]
    sections: tuple[tuple[int, int, str], ...]  # (part number, section number, title)
    sentences: Sentences | tuple[Sentence, ...]
    n_paragraphs: int


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at 。!? (half- or full-width), keeping closing quotes.

    Semicolons and colons do not end a sentence; a line break always does.

    Example:
        >>> split_sentences("全面推进“最多跑一次”改革。”实现增长6.8%!下一句")
        ['全面推进“最多跑一次”改革。”', '实现增长6.8%!', '下一句']
    """
    return [text[start:end] for start, end in res.sentence_spans(text)]


def split_run_in_heading(line: str) -> tuple[str, str]:
    """Split a part heading that runs into its text into ``(heading, body)``.

    Args:
        line: a paragraph starting with a part marker, e.g. ``一、2019年工作回顾2019年，…``.

    Returns:
        The heading (marker included) and the rest ('' when the heading stands alone).

    Example:
        >>> split_run_in_heading("二、2019年工作安排今年是新中国成立70周年,是关键之年。")
        ('二、2019年工作安排', '今年是新中国成立70周年,是关键之年。')
    """
    marker = res.PART_MARKER.match(line)
    if marker is None:
        return "", line
    head, rest = line[: marker.end()], line[marker.end() :]
    if len(rest) <= MAX_STANDALONE_HEADING and not res.SENTENCE_END_CHAR.search(rest):
        return line, ""  # a heading on a line of its own
    clause = re.split(rf"[{res.CLAUSE_END}]", rest, maxsplit=1)[0]
    ends = [m.end() for m in _HEADING_WORDS.finditer(clause[:RUN_IN_HEADING_WORDS_CHARS])]
    if not ends:
        return head + clause, rest[len(clause) :]
    cut = next((e for e in ends if _BODY_OPENERS.match(rest, e)), ends[-1])
    return head + rest[:cut], rest[cut:]


def _section_title(line: str, marker_end: int) -> tuple[str, str]:
    """Split a section heading from its text: the title ends at the first full stop."""
    rest = line[marker_end:]
    stop = res.SENTENCE_END_CHAR.search(rest)
    if stop is None or stop.start() > MAX_SECTION_TITLE:
        return line, ""
    return line[: marker_end + stop.end()], rest[stop.end() :]


def classify_part(number: int, title: str, opening: str, *, is_last: bool) -> str:
    """Return the kind of a part from its number, title and the start of its text.

    Example:
        >>> classify_part(3, "加强政府自身建设", "", is_last=True)
        'government'
    """
    if _GOVERNMENT.search(title) or (is_last and number > 1 and _GOVERNMENT.search(opening[:PART_OPENING_CHARS])):
        return "government"
    if _REVIEW_TITLE.search(title) or number == 1:
        return "review"
    return "plan"


def _part_headings(paragraphs: list[str]) -> list[tuple[int, int]]:
    """Return ``(paragraph index, part number)`` of the part headings, numbers in sequence."""
    headings, expected = [], None
    for i, paragraph in enumerate(paragraphs):
        m = res.PART_MARKER.match(paragraph)
        if not m:
            continue
        number = res.cn_numeral_value(m.group(1))
        if expected is None or number == expected:
            headings.append((i, number))
            expected = number + 1
    return headings


def structure_document(text: str, *, report: bool = True) -> Structure:
    """Find the parts, sections, paragraphs and sentences of a cleaned document.

    Args:
        text: cleaned text, one paragraph per line.
        report: False for documents that are not reports (news): their parts are found but
            every part's kind is ``unknown``.

    Returns:
        A :class:`Structure`.
    """
    paragraphs = text.split("\n")
    headings = _part_headings(paragraphs)
    heading_at = dict(headings)
    openings: dict[int, str] = {}
    titles: dict[int, str] = {}
    for i, number in headings:
        title, body = split_run_in_heading(paragraphs[i])
        titles[number] = res.PART_MARKER.sub("", title, count=1).strip()
        openings[number] = body or (paragraphs[i + 1] if i + 1 < len(paragraphs) else "")
    last = headings[-1][1] if headings else 0
    if headings and headings[0][1] > 1 and report:
        lead_number, lead_kind = headings[0][1] - 1, classify_part(headings[0][1] - 1, "", "", is_last=False)
    elif headings and report:
        lead_number, lead_kind = 0, "preamble"
    else:
        lead_number, lead_kind = 0, "unknown"
    parts = [Part(lead_number, "", lead_kind)]
    part = parts[0]
    section, section_title, expected_section = 0, "", None
    sections: list[tuple[int, int, str]] = []
    sentences = _SentenceBuilder(text)
    offset = 0
    for p_index, paragraph in enumerate(paragraphs):
        pieces: list[tuple[str, bool]] = []
        if p_index in heading_at:
            number = heading_at[p_index]
            kind = classify_part(number, titles[number], openings[number], is_last=number == last) if report else "unknown"
            part = Part(number, titles[number], kind)
            parts.append(part)
            section, section_title, expected_section = 0, "", None
            heading, body = split_run_in_heading(paragraph)
            pieces = [(heading, True), (body, False)]
        elif (m := res.SECTION_MARKER.match(paragraph)) and (
            expected_section is None or res.cn_numeral_value(m.group(1)) in (expected_section, 1)
        ):
            section = res.cn_numeral_value(m.group(1))
            expected_section = section + 1
            heading, body = _section_title(paragraph, m.end())
            section_title = res.SECTION_MARKER.sub("", heading, count=1).strip()
            sections.append((part.number, section, section_title))
            pieces = [(heading, True), (body, False)]
        else:
            pieces = [(paragraph, False)]
        piece_start = offset
        for piece, is_heading in pieces:
            if piece:
                sentences.add(_sentence_texts(piece), piece_start, p_index, part, section, section_title, is_heading)
            piece_start += len(piece)
        offset += len(paragraph) + 1
    sentences = sentences.sentences()
    if parts[0].kind == "preamble" and 0 not in sentences._columns["part"]:
        parts = parts[1:]
    return Structure(tuple(parts), tuple(sections), sentences, len(paragraphs))


def _sentence_texts(piece: str) -> list[str]:
    """The matches of :data:`govreports.text.SENTENCE` in a piece of one paragraph, in order.

    Why ``findall``: in text without a line break the matches follow each other with no gap
    (each runs to the end of its closing punctuation, where the next begins), so their texts
    give their offsets, and no match object is made per sentence (a report has hundreds).
    """
    return res.SENTENCE.findall(piece)
