"""The fast paths of the slogan search give exactly what the rules they replace gave.

Each ``_reference_*`` function below is the rule as it was written before the fast path (kept
here, word for word where it could be, so the comparison stays honest).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import astuple
from itertools import compress
from types import SimpleNamespace

import pandas as pd
import pytest

from govreports.documents import analysed, chronological
from govreports.measures import slogans
from govreports.text import _WIDTH_AND_CASE_FOLD, _WIDTH_FOLD, CJK, fold_width

# --- the rules as they were ------------------------------------------------------------------------


def _reference_lexicon_matches(masked, forms):
    squeezed = masked.replace("、", "")
    keep = (list(compress(range(len(masked)), map("、".__ne__, masked))) if len(squeezed) < len(masked)
            else range(len(masked)))
    pairs = set(map(str.__add__, squeezed, squeezed[1:]))
    found = []
    digits, numerals = slogans._DIGITS, slogans._NUMERALS
    for form in forms:
        if len(form) >= 2 and (form[:2] not in pairs or form[-2:] not in pairs):
            continue
        at = squeezed.find(form)
        while at != -1:
            start, end = keep[at], keep[at + len(form) - 1] + 1
            glued_before = form[0] in numerals + digits and start and masked[start - 1] in numerals + digits + "第"
            glued_after = form[-1] in digits + "XN" and end < len(masked) and masked[end] in digits + "XN+."
            if not (glued_before or glued_after):
                found.append((start, end, "lexicon"))
            at = squeezed.find(form, at + 1)
    return found


def _reference_reject_reason(content, *, before="", after=""):
    form = slogans._normalize_form(content)
    whole_quantity, _ = slogans._quantity_patterns()
    if not slogans._HAS_TEXT.search(form):
        return "no_text"
    if len(form) < 2:
        return "too_short"
    if len(form) > slogans.MAX_SLOGAN_CHARS:
        return "too_long"
    if slogans._SENTENCE_INSIDE.search(content):
        return "sentence"
    if "《" in content or "》" in content or slogans._TITLE_END.search(form):
        return "title"
    if slogans._DATE.match(form):
        return "date"
    names_programme = slogans._numbered_patterns()[2].match(after) or slogans._PROGRAMME_AFTER.match(after)
    if (whole_quantity.match(form) and not names_programme) or slogans._STATISTIC.search(form):
        return "quantity"
    if slogans._PHONE.match(form):
        return "number"
    if (slogans._HONOUR_BEFORE.search(before) and slogans._HONOUR_AFTER.match(after)) or slogans._HONOUR_END.search(form):
        return "honour"
    if slogans._WIN_STREAK.fullmatch(form):
        return "honour"
    if (slogans._NAME_BEFORE.search(before) or (slogans._VESSEL.search(form) and slogans._VESSEL_AFTER.search(after))
            or slogans._is_place(form)):
        return "name"
    if form in slogans.not_slogans():
        return "listed"
    if slogans._BARE_HEAD.match(form) and not slogans._numbered_patterns()[2].match(after):
        return "incomplete"
    return None


def _reference_without_overlaps(spans):
    kept = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def _reference_lookup_forms(quoted, found_by_pattern, extra, glosses, use_known):
    quoted_counts = Counter(row[0] for row in quoted)
    evidence = {form for form, n in quoted_counts.items() if n >= 2 or slogans.slogan_kind(form) == "numbered"}
    forms = {form for form in evidence | found_by_pattern | extra if slogans.lexicon_eligible(form)}
    forms |= slogans.known_slogans() if use_known else set()
    forms |= {variant for variant, canonical in slogans.slogan_aliases().items() if canonical in forms}
    forms |= {full for full in glosses if slogans.lexicon_eligible(full)}
    return forms


def _reference_masked(folded, spans):
    chars = list(folded)
    cuts = [(s.outer_start, s.outer_end) for s in spans] + [m.span() for m in slogans._BOOK_TITLE.finditer(folded)]
    for start, end in cuts:
        chars[start:end] = slogans._MASK * (end - start)
    return "".join(chars)


_NOT_AFTER = rf"(?<![{slogans._NUMERALS}第0-9])"
_REFERENCE_CODE = re.compile(
    r"(?<![0-9A-Z.])\d+(?:\+(?:\d+(?:\.\d+)?|[XN]))+(?![0-9A-Z])|(?<![0-9A-Z.])\d{1,4}X(?![0-9A-Z])"
)
_REFERENCE_TEMPLATE = re.compile(rf"{_NOT_AFTER}(?:[两三四五六七八九十]位一体|[两三四五六七八九十]{{1,2}}字方针)")


def _reference_numbered():
    heads = "|".join(map(re.escape, slogans.head_nouns()))
    summary = re.compile(rf"{_NOT_AFTER}[两三四五六七八九十百]大[{CJK}]{{0,5}}?(?:{heads})(?![性型化])")
    n_of_n = re.compile(rf"{_NOT_AFTER}[两三四五六七八九十]个[{slogans._NUMERALS}]{{1,2}}(?:(?:{heads})|(?=[^{CJK}]|$))")
    return summary, n_of_n


def _reference_pattern_matches(masked):
    summary, n_of_n = _reference_numbered()
    found = []
    for rule, pattern in (("code", _REFERENCE_CODE), ("summary", summary), ("n_of_n", n_of_n),
                          ("template", _REFERENCE_TEMPLATE)):
        found += [(m.start(), m.end(), rule) for m in pattern.finditer(masked) if m.end() > m.start()]
    return found


def _reference_mentions(text, lexicon=(), use_known=True):
    """iter_slogan_mentions as it was: every form of the lexicon looked up with str.find."""
    folded = text.translate(_WIDTH_AND_CASE_FOLD)
    glosses = slogans.find_glossed_aliases(folded)
    spans = slogans._quoted_spans(text)
    extra = frozenset(slogans.normalize_slogan(form) for form in lexicon)
    known = (slogans.known_slogans() if use_known else frozenset()) | extra
    quoted = slogans._quoted_mentions(text, spans, known, glosses)
    masked = _reference_masked(folded, spans)
    patterns = _reference_pattern_matches(masked)
    by_pattern = {slogans.normalize_slogan(text[start:end], aliases=glosses) for start, end, _ in patterns}
    forms = _reference_lookup_forms(quoted, by_pattern, extra, glosses, use_known)
    unquoted = _reference_without_overlaps(patterns + _reference_lexicon_matches(masked, sorted(forms)))
    mentions = quoted + [slogans._mention(text, start, end, False, rule, glosses) for start, end, rule in unquoted]
    return sorted(mentions, key=lambda m: (m[3], m[4]))


def _reference_slogans_table(mentions, documents, min_docs=1):
    """slogans_table's assembly as it was: one Python pass over the uses, then one per slogan."""
    by_id = {doc.doc_id: doc for doc in analysed(documents)}
    year_of = {doc_id: doc.year for doc_id, doc in by_id.items()}
    city_of = {doc_id: doc.city for doc_id, doc in by_id.items()}
    order = {doc.doc_id: rank for rank, doc in enumerate(chronological(by_id.values()))}
    found = {}
    for slogan, kind, doc_id, start, end in mentions[["slogan", "kind", "doc_id", "start", "end"]].itertuples(index=False):
        entry = found.setdefault(slogan, {"kind": kind, "count": 0, "docs": set(), "first": None})
        entry["count"] += 1
        entry["docs"].add(doc_id)
        key = (order[doc_id], start)
        if entry["first"] is None or key < entry["first"][0]:
            entry["first"] = (key, doc_id, start, end)
    rows = []
    for slogan in sorted(found):
        entry = found[slogan]
        doc_ids = sorted(entry["docs"], key=order.get)
        years = [year_of[d] for d in doc_ids if year_of[d] is not None and not pd.isna(year_of[d])]
        cities = [city_of[d] for d in doc_ids if city_of[d] is not None and not pd.isna(city_of[d])]
        _, first_doc, start, end = entry["first"]
        rows.append({
            "slogan": slogan, "kind": entry["kind"], "count": entry["count"], "n_docs": len(doc_ids),
            "n_cities": len(set(cities)), "first_year": int(min(years)) if years else pd.NA,
            "docs": slogans.LIST_SEPARATOR.join(doc_ids),
            "cities": slogans.LIST_SEPARATOR.join(dict.fromkeys(str(city_of[d]) for d in doc_ids if city_of[d])),
            "example": slogans._example_sentence(by_id[first_doc], int(start), int(end), {}),
            "example_doc": first_doc,
        })
    table = pd.DataFrame(rows, columns=slogans.TABLE_COLUMNS).astype({"first_year": "Int64"})
    table = table[table["n_docs"] >= min_docs]
    return table.sort_values(["count", "slogan"], ascending=[False, True], ignore_index=True)


def _assert_same_table(got, expected):
    pd.testing.assert_frame_equal(got, expected)
    assert list(got.dtypes.astype(str)) == list(expected.dtypes.astype(str))


# --- short texts -------------------------------------------------------------------------------------

TEXTS = [
    "坚持“八八战略”，践行两山理念，深化“最多跑一次”改革，推进“两山”转化，两山两山。",
    "实施“415X”先进制造业集群培育工程，4150X不是，415X0也不是，A415X也不是，415x小写也算。",
    "打好三大攻坚战，第三大攻坚战不算，十三大攻坚战不算，推进“四大”建设、四大建设。",
    "落实六个一工程，三个十五不算，五位一体，第五位一体不算，八字方针、十六字方针。",
    "构建“5+N”产业体系，18+2+6+X，345+1.5，第3+1不是，1+5+2。",
    "推进“双随机、一公开”，双随机一公开全覆盖，“三医联动、六医统筹”，三医联动。",
    "践行“绿水青山就是金山银山”(简称“两山”)理念，绿水青山就是金山银山。",
    "《关于“八八战略”的报告》之外，八八战略；“‘三服务’活动”，深化三服务活动。",
    "六稳六保，“六稳”“六保”，十六稳不算，六稳、六保。",
    "",
    "没有任何提法的一句话。",
]
LEXICON = ["两个高水平", "三服务", "六稳", "双随机一公开", "八八战略", "415X", "三个十", "四大建设", "两山"]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("lexicon", [(), LEXICON], ids=["alone", "with a lexicon"])
@pytest.mark.parametrize("use_known", [True, False], ids=["known", "no known"])
def test_mentions_are_the_mentions_of_the_find_loop(text, lexicon, use_known):
    got = [astuple(m) for m in slogans.iter_slogan_mentions(text, lexicon=lexicon, use_known=use_known)]
    assert got == _reference_mentions(text, lexicon, use_known)


CONTENTS = ["两山", "三年", "三名", "25条", "新品销售额占比超20%", "万亩千亿", "13812345678", "大禹鼎", "四好农村路",
            "金鼎奖", "八连冠", "利奇马", "雪龙号", "宁波", "义乌人", "新义乌人", "面子", "四大", "两个", "", "A", "。",
            "实施意见", "《报告》", "2020年1月", "十四五", "4·15", "最多跑一次;", "x" * 40, "５＋ｎ"]
CONTEXTS = [("", ""), ("荣获", ""), ("荣获", ","), ("获评省级", "示范市"), ("台风", "登陆"), ("", "船员"), ("", "官兵"),
            ("", "工程"), ("", "清单"), ("", "建设"), ("蝉联全国", "称号"), ("实施", "行动")]


@pytest.mark.parametrize("content", CONTENTS)
def test_reject_reasons_are_those_of_the_rule(content):
    for before, after in CONTEXTS:
        assert (slogans.slogan_reject_reason(content, before=before, after=after)
                == _reference_reject_reason(content, before=before, after=after))


@pytest.mark.parametrize("spans", [
    [], [(0, 2, "a")], [(0, 4, "a"), (2, 6, "b")], [(2, 6, "b"), (0, 4, "a"), (4, 8, "c")],
    [(0, 2, "a"), (0, 2, "b"), (1, 3, "c"), (5, 9, "d"), (3, 5, "e"), (8, 10, "f"), (0, 10, "g")],
    [(i, i + n, str(n)) for i in range(12) for n in (1, 2, 3, 5)],
    [(9, 10, "x"), (0, 1, "y"), (4, 7, "z"), (3, 8, "w"), (6, 9, "v")],
])
def test_overlaps_are_resolved_as_by_the_pairwise_check(spans):
    assert slogans._without_overlaps(spans) == _reference_without_overlaps(spans)


@pytest.mark.parametrize("masked", ["两山、八八战略", "、、两山", "两、山两山", "没有顿号", "", "六稳、六保，十六稳",
                                    "415X0、415X", "两山两山两山"])
def test_the_automaton_finds_what_str_find_finds(masked):
    forms = ["两山", "山两", "两山两山", "八八战略", "六稳", "六保", "415X", "顿号"]
    shared = slogans._SharedForms(frozenset(forms), use_known=False)
    squeezed = slogans._Squeezed(masked)
    by_automaton = slogans._lexicon_spans(squeezed, shared.occurrences(squeezed.text))
    eligible = sorted(form for form in forms if slogans.lexicon_eligible(form))
    assert sorted(by_automaton) == sorted(_reference_lexicon_matches(masked, eligible))
    assert sorted(slogans._lexicon_matches(masked, eligible)) == sorted(_reference_lexicon_matches(masked, eligible))


@pytest.mark.parametrize("n_forms", [0, 1, slogans._AUTOMATON_FROM - 1, slogans._AUTOMATON_FROM, 40])
def test_a_texts_own_forms_are_found_as_by_str_find(n_forms):
    forms = {"两山", "山两", "两山两山", "八八战略", "六稳", "六保", "415X", "顿号", *(f"第{i}号" for i in range(40))}
    forms = set(sorted(forms)[:n_forms])
    text = "两山两山两山，八八战略、六稳六保，415X0，第1号第12号第3号" * 3
    assert sorted(slogans._own_occurrences(text, forms)) == sorted(slogans._occurrences(text, forms))


def test_no_shared_form_finds_nothing():
    assert slogans._SharedForms(frozenset(), use_known=False).occurrences("两山理念") == []


@pytest.mark.parametrize("text", TEXTS)
def test_shared_and_own_forms_are_the_forms_looked_up(text):
    folded = fold_width(text, upper_latin=True)
    glosses = slogans.find_glossed_aliases(folded)
    spans = slogans._quoted_spans(text)
    extra = slogans._normalized_lexicon(frozenset(LEXICON))
    quoted = slogans._quoted_mentions(text, spans, slogans.known_slogans() | extra, glosses)
    by_pattern = {slogans.normalize_slogan(text[s:e], aliases=glosses) for s, e, _ in
                  slogans._pattern_matches(slogans._masked(folded, spans))}
    got = slogans._shared_forms(extra, True).forms | slogans._own_forms(quoted, by_pattern, glosses)
    assert got == _reference_lookup_forms(quoted, by_pattern, extra, glosses, True)


PATTERN_TEXTS = [
    "415X 4150X A415X 415X0 .415X 12X 12345X", "5+N 1+5+2 18+2+6+X 345+1.5 3.5+1 5+NX 5+N0 X5+N",
    "三大攻坚战 第三大攻坚战 十三大攻坚战 两大建设 百大工程 一大批 四大都市区", "六个一 五个一工程 第六个一 三个十五 十个十",
    "五位一体 第五位一体 十五位一体 八字方针 十六字方针 第八字方针 二十字方针", "三大\n攻坚战 三大", "", "大个位一体字方针",
]


@pytest.mark.parametrize("text", PATTERN_TEXTS)
def test_numbered_patterns_opening_with_their_character_match_the_same(text):
    assert slogans._pattern_matches(text) == _reference_pattern_matches(text)


@pytest.mark.parametrize("text", TEXTS + ["《报告“八八战略”》“‘三服务’”", "“甲《乙》丙”《丁“戊”己》", "《》“”"])
def test_the_masked_text_is_the_text_blanked_per_character(text):
    folded = fold_width(text, upper_latin=True)
    spans = slogans._quoted_spans(text)
    assert slogans._masked(folded, spans) == _reference_masked(folded, spans)


@pytest.mark.parametrize("text", [
    "增长７．５％，ａｂｃＡＢＣ　xyz\u00a0∶﹪−" * 30, "增长７．５％，", "", "没有要折的字" * 100, "ｘ" * 300,
])
@pytest.mark.parametrize("upper_latin", [False, True])
def test_fold_width_is_the_translation(text, upper_latin):
    assert fold_width(text, upper_latin=upper_latin) == text.translate(_WIDTH_AND_CASE_FOLD if upper_latin else _WIDTH_FOLD)


@pytest.mark.parametrize("text", TEXTS)
def test_a_mentions_table_made_by_columns_is_the_table_of_rows(text):
    rows = [astuple(m) for m in slogans.iter_slogan_mentions(text)]
    expected = pd.DataFrame(rows, columns=slogans.MENTION_COLUMNS).astype({"start": "int64", "end": "int64", "quoted": "bool"})
    _assert_same_table(slogans.find_slogan_mentions(text), expected)


# --- corpus tables -----------------------------------------------------------------------------------------


def _report(doc_id, text, year=2020, city="甲市"):
    return SimpleNamespace(doc_id=doc_id, city=city, year=year, review_year=None, doc_type="government_work_report",
                           text=text, sentences=[])


CORPORA = {
    "dated": [_report("a", TEXTS[0]), _report("b", TEXTS[5], 2019, "乙市"), _report("c", TEXTS[8], 2021)],
    "undated and no city": [_report("a", TEXTS[0], None), _report("b", TEXTS[2], 2021, None),
                            _report("c", TEXTS[6], 2019, "")],
    "a report without slogans": [_report("a", TEXTS[0]), _report("b", TEXTS[10], 2021), _report("c", TEXTS[3], None)],
    "none with slogans": [_report("a", TEXTS[10]), _report("b", "")],
    "one report": [_report("a", TEXTS[1])],
}


def _reference_corpus_mentions(documents):
    reports = analysed(documents)
    first = [{row[0] for row in _reference_mentions(doc.text)} for doc in reports]
    n_docs = Counter(form for forms in first for form in forms)
    shared = frozenset(form for form, n in n_docs.items() if n >= 2)
    frames = []
    for doc in reports:
        frame = pd.DataFrame(_reference_mentions(doc.text, shared), columns=slogans.MENTION_COLUMNS)
        frame = frame.astype({"start": "int64", "end": "int64", "quoted": "bool"})
        frames.append(frame.assign(doc_id=doc.doc_id, city=doc.city, year=doc.year))
    columns = slogans.MENTION_COLUMNS + ["doc_id", "city", "year"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


@pytest.mark.parametrize("name", sorted(CORPORA))
@pytest.mark.parametrize("workers", [1, 2])
def test_corpus_mentions_are_the_concatenated_reports(monkeypatch, name, workers):
    monkeypatch.setenv("GOVREPORTS_STORE", "0")
    _assert_same_table(slogans.corpus_slogan_mentions(CORPORA[name], workers=workers),
                       _reference_corpus_mentions(CORPORA[name]))


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_the_slogans_table_is_the_table_of_the_loop(monkeypatch, name):
    monkeypatch.setenv("GOVREPORTS_STORE", "0")
    documents = CORPORA[name]
    mentions = slogans.corpus_slogan_mentions(documents, workers=1)
    got = slogans.slogans_table(documents, workers=1)
    if mentions.empty:
        assert got.empty and list(got.columns) == slogans.TABLE_COLUMNS
    else:
        _assert_same_table(got, _reference_slogans_table(mentions, documents))
        _assert_same_table(slogans.slogans_table(documents, min_docs=2, workers=1),
                           _reference_slogans_table(mentions, documents, min_docs=2))


def test_the_seeds_slogan_tables_are_those_of_the_rules(monkeypatch, seed_corpus):
    monkeypatch.setenv("GOVREPORTS_STORE", "0")
    reports = seed_corpus.reports()
    mentions = slogans.corpus_slogan_mentions(reports, workers=1)
    _assert_same_table(mentions, _reference_corpus_mentions(reports))
    _assert_same_table(slogans.slogans_table(reports, workers=1), _reference_slogans_table(mentions, reports))


def test_a_batch_of_reports_is_the_join_of_their_tables(seed_corpus):
    from govreports.parallel import joined_tables

    texts = [doc.text for doc in seed_corpus.reports()] + ["", "没有口号的一句话。"]
    lexicon = frozenset({"八八战略", "两山", "最多跑一次"})
    got = slogans._mention_frames((texts, lexicon))
    expected = joined_tables([slogans.find_slogan_mentions(text, lexicon=lexicon) for text in texts])
    pd.testing.assert_frame_equal(got[0], expected[0])
    assert got[1] == expected[1] and got[1][-2:] == [0, 0]
    got = slogans._form_frames(texts)
    expected = joined_tables([slogans._forms_frame(slogans._slogan_forms(text)) for text in texts])
    pd.testing.assert_frame_equal(got[0], expected[0])
    assert got[1] == expected[1]
    assert slogans._mention_frames((["", "无"], lexicon)) == (None, [0, 0])
    assert slogans._form_frames(["", "无"]) == (None, [0, 0])
