"""The fast paths of the load stage (clean, structure, metadata, the store rows) give exactly what the
plain rules they replace gave.

Each slow rule is kept here as it was written before (``_slow_*``), and the fast code is compared
with it on short strings in the shape of the reports; the recorded command outputs
(``test_cli_recorded.py``) cover the seeds end to end.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from itertools import compress

import pandas as pd
import pytest

from govreports import store
from govreports import text as res
from govreports.pipeline import clean, corpus_store, metadata
from govreports.pipeline.clean import Removal, Span, Substitution
from govreports.pipeline.structure import Part, Sentence, Sentences, _SentenceBuilder, structure_document

# --- clean_document: the per-character loop it replaces -----------------------------------------------


def _slow_clean_document(raw: str):
    """clean_document as it was: a list of characters and a flag per character, rebuilt after each step."""
    chars = list(raw)
    alive = [True] * len(raw)
    removals, substitutions = [], []
    changed = True
    for step, kind, function, reason in clean.STEPS:
        if changed:
            visible = list(compress(range(len(chars)), alive))
            text = "".join(compress(chars, alive))
        changed = False
        if kind == "remove":
            for span in clean._merge(function(text)):
                changed = True
                positions = tuple(visible[span.start : span.end])
                for pos in positions:
                    alive[pos] = False
                for run in clean.contiguous_runs(positions):
                    removals.append(Removal(step, span.reason, run[0], run[-1] + 1, "".join(chars[p] for p in run), run))
        else:
            for offset, new in function(text):
                pos = visible[offset]
                if chars[pos] != new:
                    substitutions.append(Substitution(step, reason, pos, raw[pos], new))
                    chars[pos] = new
                    changed = True
    return "".join(compress(chars, alive)), removals, substitutions


DOCUMENTS = [
    "",
    "各位代表：\n现在，我代表市人民政府作工作报告。",
    "2023年金华市政府工作报告\r\n2023年金华市政府工作报告\r\n各位代表:\r\n　　一、过去一年",
    "(上接第一版)\n\n(六)担当更有力。\n政 府\n新增城镇就业25万\n\n人。",
    "发布日期: 2021-03-01 来源: 金华日报\n  • 【湖州招商】2020年湖州市政府工作报告\n正文。\n    2025-07-09\n",
    "增长７．５％，全市ＧＤＰ增长８ .８ %。 一、过去一年\u200b\ufeff   坚持  两山\t理念。",
    "加快推进拆后区块开发建设。推进拆后区块开发建设。第二批。\r老式换行\r\n",
    "福利。二号首长实施“台州人免费游台州”。\n市长王健作《政府工作报告》。全媒体记者 吕斌 摄\n乙",
    "坚持以人民为中心的发展思想，推动高质量发展。" * 4 + "\n" + "坚持以人民为中心的发展思想，推动高质量发展。" * 4,
    "\n\n\n  \t\n标题\n\n\n正文，没有句号\n（下转第三版）",
]


@pytest.mark.parametrize("raw", DOCUMENTS)
def test_clean_document_is_the_per_character_loop(raw):
    result = clean.clean_document(raw)
    assert (result.text, result.removals, result.substitutions) == _slow_clean_document(raw)
    assert result.reconstruct_raw() == raw


@pytest.mark.parametrize(
    "found, changed",
    [
        ([(0, "5"), (2, "%")], [(0, "5"), (2, "%")]),
        ([(1, "元")], []),  # already that character
        ([(0, "5"), (0, "６")], [(0, "5"), (0, "６")]),  # one offset twice: the second sees the first
        ([(2, "%"), (0, "5")], [(2, "%"), (0, "5")]),  # out of order
        ([], []),
    ],
)
def test_substitutions_are_put_in_as_one_by_one(found, changed):
    text = "６元％"
    chars, slow = list(text), []
    for offset, new in found:
        if chars[offset] != new:
            chars[offset] = new
            slow.append((offset, new))
    assert clean._substituted(text, found) == ("".join(chars), slow) == (clean._substituted(text, found)[0], changed)


# --- finders: patterns tried only where a match can begin ---------------------------------------------

SPACED = [
    "  两山 理念 ",
    "增长 8 .8 % ，达到 6 . 5%\n\n\n\n下一行",
    "PM2.5 and 5G 基站\t \n",
    "\n\n首行\n\n",
    "。 一、过去一年： 二、今年”  三、",
    "",
    " ",
    "\n",
    "a\tb\n\t\n  \n",
]


@pytest.mark.parametrize("text", SPACED)
@pytest.mark.parametrize(
    "name, starts",
    [("_LINE_EDGE_SPACE", " \t"), ("_STRAY_SPACE", " \t"), ("_SPACE_IN_NUMBER", " \t"), ("_EXTRA_NEWLINES", "\n"),
     ("_RUN_TOGETHER", " ")],
)
def test_matches_tried_at_their_first_characters_are_finditer(text, name, starts):
    pattern = getattr(clean, name)
    fast = [m.span() for m in clean._matches_at(pattern, text, clean._offsets_of(text, starts))]
    assert fast == [m.span() for m in pattern.finditer(text) if m.group()]


@pytest.mark.parametrize("text", SPACED + ["零宽\u200b字符\u00ad", "\ufeff开头"])
def test_stray_whitespace_is_every_pattern_over_the_text(text):
    spans = [Span(m.start(), m.end(), "zero-width character") for m in clean._ZERO_WIDTH.finditer(text)]
    spans += [Span(m.start(), m.end(), "white space") for m in clean._LINE_EDGE_SPACE.finditer(text) if m.group()]
    spans += [Span(m.start(), m.end(), "space inside Chinese text") for m in clean._STRAY_SPACE.finditer(text)]
    spans += [Span(m.start(), m.end(), "space inside a number") for m in clean._SPACE_IN_NUMBER.finditer(text) if m.group()]
    spans += [Span(m.start(), m.end(), "blank line") for m in clean._EXTRA_NEWLINES.finditer(text) if m.group()]
    assert clean.find_stray_whitespace(text) == clean._merge(spans)


@pytest.mark.parametrize(
    "text",
    [
        "甲\n市长王健作《政府工作报告》。全媒体记者 吕斌 摄\n乙",
        "新华社发 图\u3000\n蓝图已经绘就，版图不断扩大。\n通讯员 李明 供图",
        "记者 张三 摄  ",
        "摄影作品展览。\n图",
        "绘就发展蓝图\n" + "很长的一行" * 30 + "记者 摄",
        "",
    ],
)
def test_captions_are_the_caption_pattern_on_every_line(text):
    slow = [Span(s, e, "photo caption") for s, e, line in clean._lines(text)
            if len(line) <= clean.MAX_CAPTION_LINE and clean._CAPTION.fullmatch(line)]
    assert clean.find_photo_captions(text) == slow


# --- repeated passages ----------------------------------------------------------------------------------


def _slow_repeated_passages(text: str, min_length: int) -> list[Span]:
    """find_repeated_passages as it was: a match object per clause and per sentence, every clause visited."""
    spans: list[Span] = []
    clauses = [(m.start(), m.end(), m.group()) for m in clean._CLAUSE.finditer(text)]
    first_seen: dict[str, int] = {}
    j = 0
    while j < len(clauses):
        i = first_seen.get(clauses[j][2])
        if i is None or clauses[i][1] > clauses[j][0]:
            first_seen.setdefault(clauses[j][2], j)
            j += 1
            continue
        m = 1
        while j + m < len(clauses) and i + m < j and clauses[i + m][2] == clauses[j + m][2]:
            m += 1
        a, b, end_b = clauses[i][0], clauses[j][0], clauses[j + m - 1][1]
        end_a = clauses[i + m - 1][1]
        while a > 0 and text[a - 1] == text[b - 1] and text[a - 1] != "\n" and end_a <= b - 1:
            a, b = a - 1, b - 1
        while end_b < len(text) and end_a < b and text[end_a] == text[end_b] and text[end_b] != "\n":
            end_a, end_b = end_a + 1, end_b + 1
        if end_b - b >= min_length:
            spans.append(Span(b, end_b, f"passage repeated by the layout (first copy at offset {a} kept)"))
            while j < len(clauses) and clauses[j][0] < end_b:
                j += 1
        else:
            j += 1
    sentences = [(s, e, text[s:e]) for s, e in res.sentence_spans(text)]
    for (_, e1, first), (s2, e2, second) in zip(sentences, sentences[1:]):
        if e1 == s2 and len(second) >= clean.MIN_REPEATED_SENTENCE and first.endswith(second):
            if not any(s.start <= s2 < s.end for s in spans):
                spans.append(Span(s2, e2, "sentence repeated right after itself"))
    return sorted(spans, key=lambda s: s.start)


PASSAGES = [
    "加快推进拆后区块开发建设。推进拆后区块开发建设。第二批。",
    "坚持两山理念，推进共同富裕，建设美丽浙江。坚持两山理念，推进共同富裕，建设美丽浙江。",
    "一是，二是，一是，二是，三是。\n一是，二是，三是；一是，二是，三是；",
    # a kept copy, then clauses first seen inside it, seen again later
    "甲乙，丙丁，戊己。" + "庚辛，壬癸，子丑，寅卯。" * 2 + "子丑，寅卯，甲乙，丙丁。",
    "，，。。\n\n只有标点之后",
    "没有标点的一行\n没有标点的一行\n",
    "全市生产总值增长6.5%，一般公共预算收入增长8%。全市生产总值增长6.5%，一般公共预算收入增长8%。全市生产总值增长6.5%，",
    "",
    "、",
    "好。好。好好。",
]


@pytest.mark.parametrize("text", PASSAGES)
@pytest.mark.parametrize("min_length", [4, 10, 30, clean.MIN_REPEATED_PASSAGE])
def test_repeated_passages_are_the_clause_by_clause_rule(text, min_length):
    assert clean.find_repeated_passages(text, min_length) == _slow_repeated_passages(text, min_length)


@pytest.mark.parametrize("text", PASSAGES + ["。\n，", "甲，\n", "甲，；\n乙"])
def test_clauses_are_the_clause_matches(text):
    texts, starts, ends = clean._clauses(text)
    assert list(zip(starts, ends, texts)) == [(m.start(), m.end(), m.group()) for m in clean._CLAUSE.finditer(text)]


# --- structure: sentences made as columns -----------------------------------------------------------------


@pytest.mark.parametrize(
    "piece",
    ["全面推进“最多跑一次”改革。”实现增长6.8%!下一句", "一、2019年工作回顾", "  ", "。。”开头是句号", "没有句末", "！？", ""],
)
def test_sentences_of_a_piece_are_the_sentence_matches(piece):
    texts = [m.group() for m in res.SENTENCE.finditer(piece)]
    assert [t for t in texts if t] == [t for t in res.SENTENCE.findall(piece) if t]
    part = Part(2, "2021年主要任务", "plan")
    builder = _SentenceBuilder(piece + "\n")
    builder.add(res.SENTENCE.findall(piece), 0, 3, part, 1, "（一）经济", True)
    made = builder.sentences()
    slow = [Sentence(0, m.group(), m.start(), 3, 2, part.title, part.kind, 1, "（一）经济", True)
            for m in res.SENTENCE.finditer(piece) if m.group().strip()]
    assert list(made) == [dataclasses.replace(s, index=i) for i, s in enumerate(slow)]


REPORT = "各位代表：\n一、2020年工作回顾\n（一）经济运行。全市生产总值增长6%。\n二、2021年主要任务\n坚持八八战略！推进共同富裕。\n\n  \n三、加强政府自身建设"


@pytest.mark.parametrize("report", [True, False])
def test_sentence_columns_are_each_sentence_field(report):
    sentences = structure_document(REPORT, report=report).sentences
    columns = sentences.columns()
    slow = {f.name: [getattr(s, f.name) for s in sentences] for f in dataclasses.fields(Sentence)}
    slow["length"] = [len(s.text) for s in sentences]
    slow["text"] = [None] * len(sentences)
    assert columns == slow
    assert corpus_store._sentence_record(REPORT, sentences) == slow
    assert Sentences.from_columns(REPORT, columns) == sentences == tuple(sentences)


def test_a_sentence_of_its_own_text_keeps_it_in_the_columns():
    odd = [Sentence(0, "另一句。", 0, 0, 0, "", "preamble", 0, "", False), Sentence(1, "理念。", 2, 0, 0, "", "preamble", 0, "", False)]
    table = Sentences("两山理念。", odd)
    columns = table.columns()
    assert columns["text"] == ["另一句。", None]
    assert Sentences.from_columns("两山理念。", columns) == tuple(odd)


# --- metadata, text helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["二〇二〇年一月十八日在某市第十五届人民代表大会第四次会议上；一九九八年工作回顾", "O二〇二〇年", "一二三四五年",
     "二〇二〇 \n年二月三日", "2020年一月十八日在", "十一二三四年", "没有日期。", ""],
)
def test_chinese_numeral_dates_are_rewritten_as_before(text):
    slow = metadata._CN_YEAR.sub(lambda m: "".join(metadata._CN_DIGITS[c] for c in m.group(1)), text)
    slow = metadata._CN_MONTH_DAY.sub(
        lambda m: f"{res.cn_numeral_value(m.group(1))}月{res.cn_numeral_value(m.group(2))}日", slow)
    assert metadata.arabic_dates(text) == slow


@pytest.mark.parametrize("text", ["2020年湖州市GDP增长3.3%", "", "豈㐀\U00020000\ud800", "The text starts at 各位代表", "　两山\u00a0理念\u2028\x1c"])
def test_character_counts_are_the_pattern_counts(text):
    assert res.count_cjk(text) == len(res.CJK_CHAR.findall(text))
    assert res.count_non_space(text) == len(text) - len(res.WHITESPACE.findall(text))


@pytest.mark.parametrize(
    "text",
    ["增长６．５％，“两山”Ⅱ期", "（一）经济；发展：好！", "纯中文没有要变的字", "", "℃①㎡ｶ", "e\u0301\u0327 한\u1100\u1161\u11a8",
     "\u2003全角\u3000空格", "豈\u2f00\ufb01", "\ud800落单代理"],
)
def test_nfkc_is_unicodedata(text):
    assert res.nfkc(text) == unicodedata.normalize("NFKC", text)


def test_the_cjk_class_is_its_ranges():
    assert res.CJK == r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


# --- the store rows -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "obj, skip",
    [(Removal("whitespace", "white space", 3, 5, "  ", (3, 4)), ("positions",)),
     (Substitution("width", "full-width", 2, "５", "5"), ()), (Part(1, "2020年工作回顾", "review"), ()),
     (metadata.Metadata("news", title="标题"), ())],
)
def test_store_row_fields_are_the_dataclass_fields(obj, skip):
    slow = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.name not in skip}
    assert corpus_store._fields(obj, skip) == slow
    assert list(corpus_store._fields(obj, skip)) == list(slow)


def test_one_row_tables_stored_at_once_read_back_as_one_by_one(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVREPORTS_STORE", raising=False)
    values = {"a" * 64: 0.5, "b" * 64: 1.0, "c" * 64: 0.0}
    assert store.write_entries("one-by-one", {k: pd.DataFrame({"containment": [v]}) for k, v in values.items()})
    assert store.write_rows("at-once", list(values), pd.DataFrame({"containment": pd.Series(list(values.values()), dtype="float64")}))
    keys = ["c" * 64, "a" * 64, "d" * 64, "b" * 64]
    slow, fast = store.gather_entries("one-by-one", keys), store.gather_entries("at-once", keys)
    pd.testing.assert_frame_equal(fast[0], slow[0])
    assert fast[1] == slow[1] == [1, 1, None, 1]
    assert store.write_rows("empty", [], pd.DataFrame({"containment": []}))
    assert not store.write_rows("mismatch", ["a" * 64], pd.DataFrame({"containment": [0.1, 0.2]}))


def test_the_duplicate_clauses_use_nfkc():
    from govreports.pipeline.duplicates import shingles

    text = "地区生产总值增长６．５％左右，一般公共 预算收入\u3000增长8%。\nⅡ期工程\t全面完工；\u2028\x1c末尾"
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    assert shingles(text) == {c for c in re.split(r"[,;:!?、。；：！？，\n()（）“”\"']+", flat) if len(c) >= 4}


# --- duplicate detection: clause hashes instead of clause strings, clauses let go after their last pair ----

_CLAUSE_TEXTS = [
    "",
    "增长。",  # no clause of 4 characters
    "地区生产总值增长6.5%左右，一般公共预算收入增长8%。",
    "地区生产总值增长６．５％左右,一般公共预算收入增长８％。",  # the same after NFKC
    "地区生产总值增长6.5%左右，城乡居民收入增长7%，粮食产量稳定。",
    "城乡居民收入增长7%，粮食产量稳定。城乡居民收入增长7%。",  # a clause twice
    "全面完成年度目标任务；持续深化改革开放；推进共同富裕示范区建设。",
]


def _slow_text_containment():
    """text_containment as it was: the clauses of each compared text kept as a set of strings."""
    from govreports.pipeline.duplicates import containment, shingles

    def containment_of(a, b):
        short, long_ = sorted((shingles(a.text), shingles(b.text)), key=len)
        return containment(short, long_)

    return containment_of


def _candidates(texts, city="杭州市", year=2020):
    from govreports.pipeline.duplicates import Candidate

    return [Candidate(i, "government_work_report", city, year, False, t) for i, t in enumerate(texts)]


@pytest.mark.parametrize("a", range(len(_CLAUSE_TEXTS)))
@pytest.mark.parametrize("b", range(len(_CLAUSE_TEXTS)))
def test_the_clause_codes_give_the_containment_of_the_clauses(a, b):
    from govreports.pipeline.duplicates import clause_codes, code_containment, containment, shingles, text_containment

    x, y = _CLAUSE_TEXTS[a], _CLAUSE_TEXTS[b]
    assert clause_codes(x).size == len(shingles(x))
    assert code_containment(clause_codes(x), clause_codes(y)) == containment(shingles(x), shingles(y))
    pair = _candidates([x, y])
    assert text_containment()(*pair) == _slow_text_containment()(*pair)


def test_clauses_let_go_after_the_last_pair_give_the_same_shares_in_any_order():
    from govreports.pipeline.duplicates import candidate_pairs, find_duplicates, text_containment

    candidates = _candidates(_CLAUSE_TEXTS * 2)
    pairs = candidate_pairs(candidates)
    slow = _slow_text_containment()
    fast, kept_all = text_containment(pairs), text_containment()
    assert [fast(a, b) for a, b in pairs] == [slow(a, b) for a, b in pairs] == [kept_all(a, b) for a, b in pairs]
    asked = list(reversed(pairs)) + [(pairs[0][1], pairs[0][0])]  # out of order, and a pair not listed
    fast = text_containment(pairs)
    assert [fast(a, b) for a, b in asked] == [slow(a, b) for a, b in asked]
    assert find_duplicates(candidates) == find_duplicates(candidates, containment_of=slow)
    # empty clause sets (0, 1 and their copies 7, 8) are nobody's copy; 2, 3 (NFKC) and 9, 10 share both
    # clauses (same length: the first kept); 5's two clauses are all in 4 (the longer kept); 13 repeats 6
    assert find_duplicates(candidates) == {3: 2, 9: 2, 10: 2, 5: 4, 11: 4, 12: 4, 13: 6}


# --- candidate pairs as position arrays; pairs known to be no copies left out ---------------------------


def _slow_candidate_pairs(candidates):
    """candidate_pairs as it was: every pair made as a tuple of candidates, filtered, then sorted."""
    from govreports.pipeline.duplicates import _comparable

    buckets, vague = {}, {}
    for c in candidates:
        if c.city and c.year:
            buckets.setdefault((c.doc_type, c.city, c.year), []).append(c)
        else:
            vague.setdefault(c.doc_type, []).append(c)
    pairs = []
    for group in buckets.values():
        pairs += [(a, b) for i, a in enumerate(group) for b in group[i + 1 :]]
    for doc_type, group in vague.items():
        others = [c for c in candidates if c.doc_type == doc_type]
        pairs += [(a, b) for a in group for b in others if a.key < b.key or (b not in group and a.key != b.key)]
    pairs = [(a, b) for a, b in pairs if a.key != b.key and _comparable(a, b)]
    return sorted(pairs, key=lambda p: (min(p[0].key, p[1].key), max(p[0].key, p[1].key)))


_GWR, _PLAN = "government_work_report", "plan_report"
# (key, type, city, year): cities and years stated, missing (""/None/0), keys out of reading order
_PAIR_TABLES = [
    [],
    [(0, _GWR, "杭州", 2020)],
    [(0, _GWR, "杭州", 2020), (1, _GWR, "杭州", 2020), (2, _GWR, "宁波", 2020), (3, _GWR, "杭州", 2021)],
    [(0, _GWR, "杭州", 2020), (1, _GWR, "", 2020), (2, _GWR, "杭州", None), (3, _GWR, "宁波", 2020),
     (4, _PLAN, "", None), (5, _PLAN, "杭州", 2020), (6, _GWR, "", 0)],
    [(5, _GWR, "", 2020), (1, _GWR, "杭州", 2020), (9, _GWR, "杭州", 2020), (0, _GWR, "", None),
     (3, "unknown", "", None), (7, "unknown", "", None), (2, _GWR, "杭州", 2021)],
    [(k, _GWR if k % 3 else _PLAN, ["杭州", "宁波", ""][k % 3], [2020, 2021, None, 2020][k % 4]) for k in range(20)],
]


@pytest.mark.parametrize("rows", _PAIR_TABLES)
def test_candidate_pairs_are_the_pairs_made_one_by_one(rows):
    from govreports.pipeline.duplicates import Candidate, candidate_pairs

    candidates = [Candidate(key, doc_type, city, year, False, "") for key, doc_type, city, year in rows]
    fast = candidate_pairs(candidates)
    slow = _slow_candidate_pairs(candidates)
    assert [(a.key, b.key) for a, b in fast] == [(a.key, b.key) for a, b in slow]


def test_pairs_known_to_be_no_copies_left_out_give_the_same_duplicates():
    from govreports.pipeline.duplicates import MIN_CONTAINMENT, candidate_pairs, find_duplicates, text_containment

    candidates = _candidates(_CLAUSE_TEXTS * 3)
    measure = text_containment()
    pairs = candidate_pairs(candidates)
    kept = [(a, b) for a, b in pairs if measure(a, b) >= MIN_CONTAINMENT]
    assert len(kept) < len(pairs)
    assert find_duplicates(candidates, pairs=kept) == find_duplicates(candidates)


# --- each file hashed once per load; the load batches' keys read once; the stored text lengths -------


def test_the_corpus_version_from_the_load_digests_is_the_version_hashed_again(tmp_path):
    from govreports.pipeline.corpus import corpus_version

    (tmp_path / "a.txt").write_text("2020年杭州市政府工作报告", encoding="utf-8")
    (tmp_path / "b.txt").write_text("两山", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,city\na.txt,杭州\n", encoding="utf-8")
    digests = {}
    for name in ("a.txt", "b.txt"):
        assert corpus_store.file_key(tmp_path / name, 1000, digests) == corpus_store.file_key(tmp_path / name, 1000)
    assert set(digests) == {"a.txt", "b.txt"}
    assert corpus_version(tmp_path, ["a.txt", "b.txt"], digests=digests) == corpus_version(tmp_path, ["a.txt", "b.txt"])
    assert corpus_version(tmp_path, ["a.txt", "b.txt"], digests={"a.txt": digests["a.txt"]}) == corpus_version(tmp_path)


def test_a_load_batch_rewritten_has_its_keys_read_again(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "load"
    folder.mkdir()
    path = folder / "batch-x.parquet"

    def write(keys):
        table = pa.table({"_key": keys}).replace_schema_metadata({b"govreports.keys": repr(keys).replace("'", '"').encode()})
        pq.write_table(table, path)

    write(["甲"])
    assert corpus_store.load_batches(tmp_path) == [(path, ["甲"])]
    write(["甲", "乙乙"])
    assert corpus_store.load_batches(tmp_path) == [(path, ["甲", "乙乙"])]
    path.write_bytes(b"damaged")
    assert corpus_store.load_batches(tmp_path) == []


def test_the_keys_listed_next_to_a_load_batch_are_those_of_its_footer(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVREPORTS_STORE", raising=False)
    from govreports.pipeline.corpus import iter_documents

    (tmp_path / "a.txt").write_text("2020年杭州市政府工作报告\n推动高质量发展。", encoding="utf-8")
    monkeypatch.setenv("GOVREPORTS_STORE", "0")  # processed, not stored: the one batch is written here
    records = [corpus_store.to_record(key, result) for key, result in iter_documents(tmp_path, with_keys=True)]
    corpus_store.write_records([{**r, "_key": "甲"} for r in records] + [{**r, "_key": "乙"} for r in records])
    (batch,) = (store.store_dir() / "load").glob("batch-*.parquet")
    listed = corpus_store._keys_path(batch)
    assert corpus_store._read_keys(batch) == ["乙", "甲"] == sorted(["甲", "乙"])
    for damaged in ("[", '["甲"]', '{"a": 1}'):  # cut short, a stray list, not a list: the footer is read
        listed.write_text(damaged, encoding="utf-8")
        assert corpus_store._read_keys(batch) == ["乙", "甲"]
    listed.unlink()
    assert corpus_store._read_keys(batch) == ["乙", "甲"]


def test_clauses_cut_beforehand_give_the_same_shares_and_are_let_go():
    from govreports.pipeline.duplicates import candidate_pairs, clause_codes, text_containment

    candidates = _candidates(_CLAUSE_TEXTS * 2)
    pairs = candidate_pairs(candidates)
    early = {c.key: clause_codes(c.text) for c in candidates[::2]}
    measure, plain = text_containment(pairs, codes=early), text_containment(pairs)
    assert [measure(a, b) for a, b in pairs] == [plain(a, b) for a, b in pairs]
    assert early == {}  # each taken when first needed


@pytest.mark.parametrize("workers", [1, 2])
def test_clauses_cut_in_worker_processes_are_those_cut_here(seed_corpus, workers):
    from govreports.pipeline.duplicates import clause_codes

    texts = [doc.text for doc in seed_corpus.documents] + ["", "地区生产总值增长6.5%左右，一般公共预算收入增长8%。"]
    got = corpus_store.clause_codes_in_processes(iter(texts), len(texts), workers)
    assert len(got) == len(texts)
    for codes, text in zip(got, texts):
        assert codes.tolist() == clause_codes(text).tolist()
    assert got[-1].size == 2 and got[-2].size == 0


def test_clauses_are_cut_here_under_another_start_method(monkeypatch, seed_corpus):
    import multiprocessing

    import govreports.parallel as parallel
    from govreports.pipeline.duplicates import clause_codes

    # spawned workers hash strings with a secret of their own: their codes would not match these
    monkeypatch.setattr(multiprocessing, "get_start_method", lambda allow_none=False: "spawn")
    monkeypatch.setattr(parallel, "map_in_processes", lambda *args, **kwargs: pytest.fail("no worker processes"))
    texts = [doc.text for doc in seed_corpus.documents]
    got = corpus_store.clause_codes_in_processes(iter(texts), len(texts), 2)
    assert [codes.tolist() for codes in got] == [clause_codes(text).tolist() for text in texts]
