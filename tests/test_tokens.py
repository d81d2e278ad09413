"""Tests for govreports.measures.tokens: slogans stay whole, stop words and numbers go, the cache works."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pandas as pd
import pytest

from govreports.measures import tokens
from govreports.measures.tokens import is_term, load_stopwords, load_userdict, segment, tokenize


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Every test gets an empty cache folder and the default backend."""
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVREPORTS_TOKENIZER", raising=False)
    return tmp_path / "cache"


@pytest.fixture
def count_backend_calls(monkeypatch):
    """Count the calls that reach the segmenter (i.e. cache misses)."""
    calls = []
    real = tokens._run_backend

    def counting(text, backend, userdict):
        calls.append(text)
        return real(text, backend, userdict)

    monkeypatch.setattr(tokens, "_run_backend", counting)
    return calls


# --- slogans stay whole ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, slogan",
    [
        ("坚持八八战略", "八八战略"),
        ("深化“最多跑一次”改革", "最多跑一次"),
        ("主动融入长三角一体化发展", "长三角一体化"),
        ("推动高质量发展", "高质量发展"),
        ("扎实推进共同富裕", "共同富裕"),
        ("以数字化改革撬动各领域改革", "数字化改革"),
        ("践行“两山”理念", "两山"),
        ("为实现“两个高水平”的奋斗目标", "两个高水平"),
        ("开展“六争攻坚”行动", "六争攻坚"),
        ("深化“三服务”活动", "三服务"),
        ("深化“亩均论英雄”改革", "亩均论英雄"),
        ("打造“万亩千亿”新产业平台", "万亩千亿"),
        ("决胜收官“十三五”", "十三五"),
        ("编制“十四五”规划", "十四五"),
        ("共建“一带一路”", "一带一路"),
        ("深入实施“千万工程”", "千万工程"),
        ("深化“三改一拆”", "三改一拆"),
        ("按照“标准地”出让工业用地", "标准地"),
    ],
)
def test_slogans_stay_whole(text, slogan):
    assert slogan in segment(text)
    assert slogan in tokenize(text)


def test_baguo_strategy_is_not_split():
    assert segment("八八战略") == ["八八战略"]
    assert "八八" not in segment("坚持“八八战略”再深化")


@pytest.mark.parametrize("word", sorted(load_userdict().words))
def test_every_user_dictionary_word_segments_whole(word):
    assert segment(word) == [word]


# --- stop words, numbers, punctuation, single characters ----------------------------------------------


@pytest.mark.parametrize(
    "text, terms",
    [
        ("各位代表：", []),
        ("我们要加快推进", []),
        ("全年增长7.4%。", ["增长"]),
        ("财政总收入达到540.6亿元", ["财政", "总收入"]),
        ("第一，两个，三年。", []),
        ("减税28亿元", ["减税"]),
        ("３．５％", []),
        ("PM2.5浓度下降", ["PM2.5", "浓度", "下降"]),
        ("新建5G基站1.2万个", ["新建", "5G", "基站"]),
        ("编制十四五规划", ["编制", "十四五", "规划"]),
        ("的、了、和、与", []),
        ("水、电、气", []),
    ],
)
def test_stop_words_numbers_and_single_characters_dropped(text, terms):
    assert tokenize(text) == terms


@pytest.mark.parametrize(
    "token, expected",
    [
        ("八八战略", True),
        ("十四五", True),  # numeric, but a user-dictionary slogan
        ("数字经济", True),
        ("5G", True),
        ("2019", False),
        ("7.4%", False),
        ("，", False),
        ("的", False),
        ("村", False),
        ("第一", False),
        ("两个", False),
        ("三年", False),
        ("一百", False),
        ("我们", False),
        ("各位代表", False),
        ("亿元", False),
        ("加快", False),
        ("改革", True),
        ("创新", True),
    ],
)
def test_is_term(token, expected):
    assert is_term(token, load_stopwords(), load_userdict().words) is expected


def test_policy_verbs_section_can_be_kept():
    assert "加快" in load_stopwords()
    kept = load_stopwords(exclude_sections={"policy_verbs"})
    assert "加快" not in kept and "各位代表" in kept
    assert tokenize("加快推进八八战略", stopwords=kept) == ["加快", "推进", "八八战略"]


# --- data files ----------------------------------------------------------------------------------------


def test_userdict_file_format(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text("# header\n\n六争攻坚\n两山 500\n三服务 20 n\n", encoding="utf-8")
    userdict = load_userdict(path)
    assert userdict.entries == (("六争攻坚", tokens.DEFAULT_USER_FREQ, None), ("两山", 500, None), ("三服务", 20, "n"))


@pytest.mark.parametrize("line", ["两山 many", "a 1 n extra"])
def test_userdict_bad_line_raises(tmp_path, line):
    path = tmp_path / "dict.txt"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="user dictionary line"):
        load_userdict(path)


@pytest.mark.parametrize("path", [tokens.USERDICT_PATH, tokens.STOPWORDS_PATH])
def test_data_files_have_a_header(path):
    header = path.read_text(encoding="utf-8").splitlines()[:12]
    assert header[0].startswith("# ")
    assert any("Where it came from" in line for line in header)


def test_no_user_dictionary_word_is_a_stop_word():
    assert not (load_userdict().words & load_stopwords())


# --- cache ---------------------------------------------------------------------------------------------


def test_second_call_is_served_from_the_cache(count_backend_calls, private_cache):
    first = tokenize("坚持八八战略，推进高质量发展。")
    second = tokenize("坚持八八战略，推进高质量发展。")
    assert first == second == ["八八战略", "高质量发展"]
    assert len(count_backend_calls) == 1
    assert len(list((private_cache / "tokens").rglob("*.json"))) == 1


def test_changed_dictionary_invalidates_the_cache(tmp_path, count_backend_calls):
    path = tmp_path / "userdict.txt"
    path.write_text("# test dictionary\n八八战略\n", encoding="utf-8")
    text = "深化亩均论英雄改革"
    before = tokenize(text, userdict=load_userdict(path))
    assert tokenize(text, userdict=load_userdict(path)) == before
    assert len(count_backend_calls) == 1
    path.write_text("# test dictionary\n八八战略\n亩均论英雄\n", encoding="utf-8")
    after = tokenize(text, userdict=load_userdict(path))
    assert len(count_backend_calls) == 2
    assert "亩均论英雄" not in before and "亩均论英雄" in after


def test_changed_stop_words_need_no_new_segmentation(count_backend_calls):
    text = "加快推进八八战略"
    assert tokenize(text) == ["八八战略"]
    assert tokenize(text, stopwords=frozenset()) == ["加快", "推进", "八八战略"]
    assert len(count_backend_calls) == 1


def test_cache_key_depends_on_text_and_dictionary(tmp_path):
    path = tmp_path / "userdict.txt"
    path.write_text("两山\n", encoding="utf-8")
    key = tokens.cache_key("两山理念", userdict=load_userdict(path))
    assert key == tokens.cache_key("两山理念", userdict=load_userdict(path))
    assert key != tokens.cache_key("两山 理念", userdict=load_userdict(path))
    path.write_text("两山\n三服务\n", encoding="utf-8")
    assert key != tokens.cache_key("两山理念", userdict=load_userdict(path))


def test_damaged_cache_file_is_a_miss(count_backend_calls, private_cache):
    tokenize("推动高质量发展")
    (cached,) = (private_cache / "tokens").rglob("*.json")
    cached.write_text("{not json", encoding="utf-8")
    with pytest.warns(tokens.TokenCacheWarning, match="cannot be read"):
        assert tokenize("推动高质量发展") == ["高质量发展"]
    assert len(count_backend_calls) == 2


def test_a_cache_file_is_written_whole_and_leaves_no_temporary_file(private_cache):
    import json

    text = "坚持八八战略，推进高质量发展。"
    key = tokens.cache_key(text)
    assert segment(text) == ["坚持", "八八战略", "，", "推进", "高质量发展", "。"]
    (written,) = [path for path in (private_cache / "tokens").rglob("*") if path.is_file()]
    assert written == tokens._cache_file(key)
    assert tokens.check_cache_entry(json.loads(written.read_text(encoding="utf-8")), key, text) is None


def test_a_cache_folder_removed_behind_the_writer_is_made_again(private_cache, count_backend_calls):
    import shutil

    assert tokenize("推动高质量发展") == ["高质量发展"]
    shutil.rmtree(private_cache / "tokens")  # not through clear_cache: the writer still thinks it made the folder
    assert tokenize("推动高质量发展") == ["高质量发展"]
    assert tokenize("推动高质量发展") == ["高质量发展"]
    assert len(count_backend_calls) == 2  # segmented again once, then read from the file written anew


def test_a_failed_cache_write_warns_once_and_keeps_the_results(private_cache, monkeypatch):
    def full_disk(target, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tokens, "_write_file", full_disk)
    monkeypatch.setattr(tokens, "_WARNED_FOLDERS", set())
    with pytest.warns(tokens.TokenCacheWarning, match="cannot be written .OSError: No space left on device.") as caught:
        assert tokenize("推动高质量发展") == ["高质量发展"]
        assert tokenize("践行两山理念") == ["践行", "两山", "理念"]
    assert len([w for w in caught if issubclass(w.category, tokens.TokenCacheWarning)]) == 1
    assert not list((private_cache / "tokens").rglob("*.json"))


def test_a_failed_write_removes_its_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "ab" / "ab.json"

    def refuse(source, destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tokens.os, "replace", refuse)
    with pytest.raises(PermissionError):
        tokens._write_file(target, b"{}")
    assert list(tmp_path.rglob("*")) == [tmp_path / "ab"]


def test_use_cache_false_writes_nothing(private_cache):
    segment("推动高质量发展", use_cache=False)
    assert not (private_cache / "tokens").exists()


def test_clear_cache(private_cache):
    segment("推动高质量发展")
    tokens.clear_cache()
    assert not (private_cache / "tokens").exists()


# --- backend, determinism, logging ------------------------------------------------------------------


def test_deterministic():
    text = "2023年，全市地区生产总值5562.47亿元、增长2.5%，数字经济核心产业制造业增加值增速居全省首位。"
    assert segment(text, use_cache=False) == segment(text, use_cache=False) == segment(text)


@pytest.mark.parametrize("value, expected", [(None, "jieba"), ("jieba", "jieba"), ("RJIEBA", "rjieba")])
def test_backend_from_environment(monkeypatch, value, expected):
    if value is not None:
        monkeypatch.setenv("GOVREPORTS_TOKENIZER", value)
    assert tokens.resolve_backend() == expected


def test_unknown_backend_raises():
    with pytest.raises(ValueError, match="unknown tokenizer backend"):
        tokens.resolve_backend("thulac")


def test_jieba_start_up_is_silent_and_global_jieba_untouched(capfd):
    import jieba

    tokens._cutter.cache_clear()
    level = logging.getLogger("jieba").level
    segment("坚持八八战略", use_cache=False)
    assert "prefix dict" not in capfd.readouterr().err
    assert logging.getLogger("jieba").level == level
    assert "八八战略" not in jieba.dt.FREQ


def test_backend_agreement_with_itself():
    table = tokens.backend_agreement(["坚持八八战略。", ""], backend="jieba", reference="jieba")
    assert table["agreement"].tolist() == [1.0, 1.0]
    assert table["identical"].all()


def test_rjieba_uses_the_same_dictionary():
    pytest.importorskip("rjieba")
    assert segment("坚持八八战略，深化亩均论英雄改革", backend="rjieba") == ["坚持", "八八战略", "，", "深化", "亩均论英雄", "改革"]
    table = tokens.backend_agreement(["坚持八八战略，推进高质量发展。"])
    assert list(table.columns) == ["text", "n_reference", "n_backend", "n_same", "agreement", "identical"]
    assert 0.0 <= table["agreement"].iloc[0] <= 1.0


# --- sentences and documents ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentences, expected",
    [
        ([], []),
        (["坚持八八战略。"], [["坚持", "八八战略", "。"]]),
        (["坚持八八战略。", "", "推动\n高质量发展！"], [["坚持", "八八战略", "。"], [], ["推动", "高质量发展", "！"]]),
    ],
)
def test_segment_sentences_keeps_sentence_boundaries(sentences, expected):
    assert tokens.segment_sentences(sentences) == expected


def fake_documents():
    """Two documents shaped like the corpus module's (doc_id, sentences with part_kind)."""
    sentence = SimpleNamespace
    return [
        SimpleNamespace(
            doc_id="hz-2020",
            city="湖州市",
            year=2020,
            doc_type="government_work_report",
            text="各位代表：坚持八八战略。推进高质量发展。",
            sentences=[
                sentence(text="各位代表：", part_kind="preamble"),
                sentence(text="坚持八八战略。", part_kind="review"),
                sentence(text="推进高质量发展。", part_kind="plan"),
            ],
        ),
        SimpleNamespace(
            doc_id="jh-2023",
            city="金华市",
            year=2023,
            doc_type="government_work_report",
            text="践行“两山”理念。",
            sentences=[sentence(text="践行“两山”理念。", part_kind="plan")],
        ),
    ]


def test_tokens_table_from_document_objects():
    table = tokens.tokens_table(fake_documents())
    assert list(table.columns) == ["doc_id", "sentence", "part", "position", "token"]
    assert table.to_dict("records") == [
        # 各位 / 代表 / ： are positions 0-2, 坚持 3, 八八战略 4, 。5, 推进 6, 高质量发展 7
        {"doc_id": "hz-2020", "sentence": 1, "part": "review", "position": 4, "token": "八八战略"},
        {"doc_id": "hz-2020", "sentence": 2, "part": "plan", "position": 7, "token": "高质量发展"},
        # 践行 0, “ 1, 两山 2, ” 3, 理念 4
        {"doc_id": "jh-2023", "sentence": 0, "part": "plan", "position": 0, "token": "践行"},
        {"doc_id": "jh-2023", "sentence": 0, "part": "plan", "position": 2, "token": "两山"},
        {"doc_id": "jh-2023", "sentence": 0, "part": "plan", "position": 4, "token": "理念"},
    ]


def test_tokens_table_all_tokens():
    table = tokens.tokens_table(fake_documents()[1:], terms_only=False)
    assert table["token"].tolist() == ["践行", "“", "两山", "”", "理念", "。"]
    assert table["is_term"].tolist() == [True, False, True, False, True, False]
    assert table["position"].tolist() == list(range(6))


@pytest.mark.parametrize(
    "docs, parts",
    [
        ({"a": "两山理念", "b": "八八战略"}, [None, None]),
        (pd.Series({"a": "两山理念"}), [None]),
        (pd.DataFrame({"doc_id": ["a", "a"], "text": ["两山", "理念"], "part": ["review", "plan"]}), ["review", "plan"]),
        (pd.DataFrame({"doc_id": ["a"], "text": ["两山"]}), [None]),
    ],
)
def test_document_units(docs, parts):
    units = tokens.document_units(docs)
    assert list(units.columns) == ["doc_id", "sentence", "part", "text"]
    assert units["part"].tolist() == parts


def test_document_units_rejects_other_input():
    with pytest.raises(TypeError):
        tokens.document_units(42)
    with pytest.raises(TypeError, match="lacks columns"):
        tokens.document_units(pd.DataFrame({"id": [1]}))
