"""A researcher's own folder: mixed formats and encodings, bad files, duplicates, metadata.csv.

Each fixture file is made by the test; the expected documents-table rows are written by hand.
"""

import warnings

import docx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreports.pipeline.clean import clean_document
from govreports.pipeline.corpus import load_corpus
from govreports.pipeline.duplicates import containment, shingles
from govreports.pipeline.metadata import MetadataFileError

REPORT_2024 = """2024年丽水市政府工作报告
——2024年1月20日在丽水市第十六届人民代表大会第四次会议上
丽水市市长　张三
各位代表：
　　现在，我代表市人民政府，向大会报告工作，请予审议。
　　一、2023年工作回顾
　　2023年，全市地区生产总值增长６．５％，一般公共预算收入增长８％。我们坚持稳中求进工作总基调。
　　二、2024年主要目标任务
　　今年经济社会发展的主要预期目标是：地区生产总值增长6%左右；城镇调查失业率控制在5.5%以内。
"""

HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>2023年衢州市政府工作报告_衢州市人民政府</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府工作报告</div>
<div class="tools">字号：[ 大 中 小 ] 打印 关闭</div>
<div class="article"><h1>2023年衢州市政府工作报告</h1>
<p>——2023年1月10日在衢州市第八届人民代表大会第三次会议上</p>
<p>衢州市市长　李四</p>
<p>各位代表：</p>
<p>　　现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。</p>
<p>　　一、2022年工作回顾</p>
<p>　　2022年，全市地区生产总值增长3.8%，一般公共预算收入增长5%。我们坚持稳中求进工作总基调，推动经济社会高质量发展，城乡居民收入稳步提高，生态环境持续改善。</p>
<p>　　二、2023年主要目标任务</p>
<p>　　今年经济社会发展的主要预期目标是：地区生产总值增长6.5%以上；城乡居民收入增长与经济增长同步。</p>
</div>
<div class="related">相关报道：<a>衢州召开会议</a></div>
<div class="footer">主办单位：衢州市人民政府办公室 版权所有</div></body></html>
"""

NATIONAL = """政府工作报告
——2024年3月5日在第十四届全国人民代表大会第二次会议上
国务院总理　李强
各位代表：
　　现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。
　　一、2023年工作回顾
　　过去一年是全面贯彻党的二十大精神的开局之年。国内生产总值超过126万亿元，增长5.2%。
　　二、2024年经济社会发展总体要求和政策取向
　　今年发展主要预期目标是：国内生产总值增长5%左右；城镇调查失业率5.5%左右。
"""


@pytest.fixture
def own_folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "lishui-2024-gbk.txt").write_bytes(REPORT_2024.encode("gbk"))
    (folder / "lishui-2024-copy.txt").write_text("\u200b" + REPORT_2024.replace("　", ""), encoding="utf-8-sig")
    (folder / "quzhou-2023.html").write_bytes(HTML_PAGE.encode("gb18030"))
    word = docx.Document()
    for line in NATIONAL.splitlines():
        word.add_paragraph(line)
    word.save(folder / "national-2024.docx")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 ...")
    (folder / "untitled.txt").write_text("这是一段没有标题的文字。它说明了一些情况。", encoding="utf-8")
    (folder / "metadata.csv").write_text("file,city,year\nuntitled.txt,温州,2021\n", encoding="utf-8")
    return folder


def test_own_folder_documents_table(own_folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(own_folder)
    table = corpus.documents_table().set_index("doc_id")
    columns = ["city", "admin_level", "doc_type", "year", "review_year", "date", "speaker", "speaker_title", "duplicate_of", "overridden"]
    rows = {doc_id: tuple(None if pd.isna(row[c]) else row[c] for c in columns) for doc_id, row in table[columns].iterrows()}
    assert rows == {
        "2024-丽水-gwr": ("丽水", "prefecture_city", "government_work_report", 2024, 2023, "2024-01-20", "张三", "市长", "", ""),
        "2024-丽水-gwr-copy": ("丽水", "prefecture_city", "government_work_report", 2024, 2023, "2024-01-20", "张三", "市长", "2024-丽水-gwr", ""),
        "2024-全国-gwr": ("全国", "national", "government_work_report", 2024, 2023, "2024-03-05", "李强", "总理", "", ""),
        "2023-衢州-gwr": ("衢州", "prefecture_city", "government_work_report", 2023, 2022, "2023-01-10", "李四", "市长", "", ""),
        "untitled-1": ("温州", "prefecture_city", "unknown", 2021, None, "", "", "", "", "admin_level,city,year"),
    }
    # the kept copy is the first read (both whole, same length after cleaning)
    assert table.loc["2024-丽水-gwr", "source"].startswith("lishui-2024-copy.txt")
    assert table.loc["2024-丽水-gwr", "encoding"] == "utf-8-sig"
    assert table.loc["2023-衢州-gwr", "encoding"] == "html:gb18030"
    assert table.loc["2024-全国-gwr", "encoding"] == "docx"
    assert {d.doc_id for d in corpus.reports()} == {"2024-丽水-gwr", "2024-全国-gwr", "2023-衢州-gwr", "untitled-1"}


def test_own_folder_files_table_says_what_became_of_every_file(own_folder):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(own_folder)
    files = corpus.files_table().set_index("file")
    assert files.loc["empty.txt", "problem"] == "empty file"
    assert files.loc["scan.txt", "problem"].startswith("binary file")
    assert files.loc["notes.pdf", "problem"] == "unsupported file type (.pdf)"
    assert "copy of 2024-丽水-gwr" in files.loc["lishui-2024-gbk.txt", "notes"]
    assert "no recognisable report header" in files.loc["untitled.txt", "notes"]
    assert "metadata.csv sets admin_level, city, year" in files.loc["untitled.txt", "notes"]
    assert "metadata.csv" not in files.index  # a side file, not a document
    messages = [str(w.message) for w in caught]
    assert any("not loaded: empty.txt: empty file" in m for m in messages)
    assert any("copy of 2024-丽水-gwr" in m for m in messages)


def test_html_navigation_and_furniture_are_gone(own_folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = load_corpus(own_folder).get("2023-衢州-gwr").text
    assert text.startswith("2023年衢州市政府工作报告\n")
    for furniture in ("当前位置", "字号", "打印", "相关报道", "版权所有", "首页"):
        assert furniture not in text
    assert "地区生产总值增长6.5%以上" in text


def test_full_width_text_is_normalised_and_structured(own_folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = load_corpus(own_folder).get("2024-丽水-gwr")
    assert "增长6.5%" in doc.text and "\u3000" not in doc.text and "\u200b" not in doc.text
    assert [(p.number, p.kind) for p in doc.structure.parts if p.number] == [(1, "review"), (2, "plan")]


def test_parallel_loading_gives_the_same_tables(own_folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = load_corpus(own_folder, workers=1).documents_table()
        two = load_corpus(own_folder, workers=2).documents_table()
    assert one.equals(two)


@pytest.mark.parametrize(
    "content, message",
    [
        ("city,year\nx.txt,杭州\n", "no 'file' column"),
        ("file,town\nx.txt,杭州\n", "unknown column(s) town"),
        ("file,year\nx.txt,二〇二〇\n", "line 2"),
        ("file,doc_type\nx.txt,speech\n", "doc_type must be one of"),
    ],
)
def test_bad_metadata_csv_is_a_clear_error(tmp_path, content, message):
    (tmp_path / "x.txt").write_text(REPORT_2024, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(content, encoding="utf-8")
    with pytest.raises(MetadataFileError, match="metadata.csv") as err:
        load_corpus(tmp_path, warn=False)
    assert message in str(err.value)


def test_shingles_ignore_width_and_punctuation():
    a = shingles("地区生产总值增长６．５％左右，一般公共预算收入增长８％。")
    b = shingles("地区生产总值增长6.5%左右,一般公共预算收入增长8%。")
    assert a == b and containment(a, b) == 1.0


# Property tests: cleaning never raises and never loses a character unaccounted for.
CHINESE_LIKE = st.text(
    alphabet=st.sampled_from(list("政府工作报告各位代表一二三、()（）。,，；:：!？“”0123456789０１２％%.\n \u3000\u200b上接下转第版政 府摄记者【】•-")),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(CHINESE_LIKE)
def test_cleaning_accounts_for_every_character(raw):
    result = clean_document(raw)
    assert len(raw) == len(result.text) + result.n_removed
    assert result.reconstruct_raw() == raw


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_cleaning_never_raises_on_arbitrary_text(raw):
    result = clean_document(raw)
    assert result.reconstruct_raw() == raw


WHOLE = "地区生产总值增长6%左右,一般公共预算收入增长8%,城乡居民收入同步增长。新增城镇就业10万人。"
PART = "地区生产总值增长6%左右,一般公共预算收入增长8%,"  # the first page of a newspaper copy
OTHER = "粮食播种面积稳定在118万亩,生猪存栏达到26万头。打造省级以上特色农产品优势区30个。"


@pytest.mark.parametrize(
    "docs, expected",
    [
        # same text twice: the first read is kept
        ([(0, "g", "杭州", 2020, False, WHOLE), (1, "g", "杭州", 2020, False, WHOLE)], {1: 0}),
        # full-width punctuation and digits do not hide a copy
        ([(0, "g", "杭州", 2020, False, WHOLE), (1, "g", "杭州", 2020, False, WHOLE.replace(",", "，").replace("6%", "６％"))], {1: 0}),
        # a partial newspaper copy and a whole web copy: the whole one is kept
        ([(0, "g", "杭州", 2020, True, PART), (1, "g", "杭州", 2020, False, WHOLE)], {0: 1}),
        # different years are never copies
        ([(0, "g", "杭州", 2020, False, WHOLE), (1, "g", "杭州", 2021, False, WHOLE)], {}),
        # different texts are not copies
        ([(0, "g", "杭州", 2020, False, WHOLE), (1, "g", "杭州", 2020, False, OTHER)], {}),
        # unknown city compares with every document of its type; the copy with metadata is kept
        ([(0, "g", "", None, False, WHOLE), (1, "g", "杭州", 2020, False, WHOLE)], {0: 1}),
    ],
)
def test_find_duplicates(docs, expected):
    from govreports.pipeline.duplicates import Candidate, find_duplicates

    assert find_duplicates([Candidate(*d) for d in docs]) == expected


def test_stages_give_the_same_tables_with_two_workers(tmp_path, monkeypatch):
    """Segmentation and slogan search on two processes count exactly as in one."""
    from govreports.measures.keywords import frequency_table
    from govreports.measures.slogans import slogans_table

    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    reports = load_corpus(warn=False).reports()[:4]
    two = frequency_table(reports, workers=2)  # cold cache, segmented by the workers
    one = frequency_table(reports, workers=1)  # read back from the cache
    assert two.equals(one)
    assert slogans_table(reports, workers=2).equals(slogans_table(reports, workers=1))
