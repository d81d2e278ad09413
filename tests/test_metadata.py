"""Metadata: every report's fields read by hand from the seeds, and the readers on short strings."""

import pytest

from govreports.pipeline.metadata import (
    PAGE_EDGE_CHARS,
    TITLE_MAX_CHARS,
    admin_level_of,
    classify_document,
    read_delivery,
    read_partial,
    read_speaker,
    read_title,
    read_years,
    short_place_name,
)

# Read by hand from the seed texts (header lines, title lines, part headings, page markers).
# doc_id: (city, admin_level, doc_type, year, review_year, date, session, speaker, speaker_title, partial)
SEED_REPORTS = {
    "2020-义乌-gwr": ("义乌", "county_city", "government_work_report", 2020, 2019, "2020-01-18",
                     "义乌市第十五届人民代表大会第四次会议", "王健", "市长", True),
    "2020-湖州-gwr": ("湖州", "prefecture_city", "government_work_report", 2020, 2019, "2020-04-27",
                     "湖州市第八届人民代表大会第五次会议", "王纲", "代市长", False),
    "2020-浙江-gwr": ("浙江", "province", "government_work_report", 2020, 2019, "2020-01-12",
                     "浙江省第十三届人民代表大会第三次会议", "袁家军", "省长", False),
    "2019-瑞安-gwr": ("瑞安", "county_city", "government_work_report", 2019, 2018, "2019-01-16",
                     "瑞安市第十六届人民代表大会第三次会议", "麻胜聪", "市长", False),
    "2020-宁波-gwr": ("宁波", "prefecture_city", "government_work_report", 2020, 2019, "2020-04-27",
                     "宁波市第十五届人民代表大会第五次会议", "裘东耀", "市长", False),
    "2019-台州-gwr": ("台州", "prefecture_city", "government_work_report", 2019, 2018, "2019-01-13",
                     "台州市第五届人民代表大会第四次会议", "张晓强", "代市长", False),
    "2019-宁波-gwr": ("宁波", "prefecture_city", "government_work_report", 2019, 2018, "2019-02-13",
                     "宁波市第十五届人民代表大会第四次会议", "裘东耀", "市长", False),
    "2020-杭州-gwr": ("杭州", "prefecture_city", "government_work_report", 2020, 2019, "2020-04-26",
                     "杭州市第十三届人民代表大会第五次会议", "刘忻", "代市长", False),
    # newspaper page without header: 义乌 from 我谨代表义乌市人民政府; 2022 from “2022年是…今年”;
    # 2021 from “2021年主要目标任务的顺利完成”; no date, session or speaker in the text.
    "2022-义乌-gwr": ("义乌", "county_city", "government_work_report", 2022, 2021, "", "", "", "", True),
    # title “2023年金华市政府工作报告”, review heading 一、2022年工作回顾; the text stops in the review.
    "2023-金华-gwr": ("金华", "prefecture_city", "government_work_report", 2023, 2022, "", "", "", "", True),
    # plan report on 2020's execution and 2021's draft; 2021-03-01 is the newspaper's posting date, not a delivery date.
    "2021-金华-plan": ("金华", "prefecture_city", "plan_report", 2021, 2020, "", "", "", "", True),
}
FIELDS = ("city", "admin_level", "doc_type", "year", "review_year", "date", "session", "speaker", "speaker_title", "partial")


@pytest.mark.parametrize("doc_id", sorted(SEED_REPORTS))
def test_seed_report_metadata(seed_corpus, doc_id):
    row = seed_corpus.documents_table().set_index("doc_id").loc[doc_id]
    found = tuple(row[f].item() if hasattr(row[f], "item") else row[f] for f in FIELDS)
    assert found == SEED_REPORTS[doc_id]


def test_seed_documents_are_eleven_reports_and_three_news_items(seed_corpus):
    table = seed_corpus.documents_table()
    assert table["doc_type"].value_counts().to_dict() == {"government_work_report": 10, "news": 3, "plan_report": 1}
    assert len(seed_corpus.reports()) == 11
    news = table[table.doc_type == "news"]
    assert list(news["title"]) == [
        "绍兴化工集聚项目成果显著,区域合作提升招商引资效能",
        "转发开展“百千万”高技能领军人才遴选工作通知",
        "安吉构筑立体人才生态支撑区域经济创新升级",
    ]
    assert news[["city", "date", "speaker"]].eq("").all().all()  # listed, never given report metadata


@pytest.mark.parametrize(
    "doc_id, reason_part",
    [
        ("2020-义乌-gwr", "下转第四版"),
        ("2022-义乌-gwr", "上接第一版"),
        ("2022-义乌-gwr", "下转第三版"),
        ("2023-金华-gwr", "no plan part"),
        ("2021-金华-plan", "摘要"),
    ],
)
def test_seed_partial_reasons(seed_corpus, doc_id, reason_part):
    assert reason_part in seed_corpus.get(doc_id).partial_reason


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2020年1月18日在义乌市第十五届人民代表大会第四次会议上", ("2020-01-18", "义乌市第十五届人民代表大会第四次会议", "义乌市")),
        ("(2020年4月26日在杭州市第十三届人民代表大会第五次会议上)", ("2020-04-26", "杭州市第十三届人民代表大会第五次会议", "杭州市")),
        ("——2024年3月5日在第十四届全国人民代表大会第二次会议上", ("2024-03-05", "第十四届全国人民代表大会第二次会议", "全国")),
        ("2023年1月15日在广西壮族自治区第十四届人民代表大会第一次会议上", ("2023-01-15", "广西壮族自治区第十四届人民代表大会第一次会议", "广西壮族自治区")),
    ],
)
def test_read_delivery(text, expected):
    found = read_delivery(text)
    assert (found["date"], found["session"], found["place"]) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("湖州市代市长王纲各位代表:", ("湖州市", "代市长", "王纲")),
        ("市长裘东耀各位代表:", ("", "市长", "裘东耀")),
        (")杭州市人民政府代市长刘忻各位代表:", ("杭州市", "代市长", "刘忻")),
        ("\n义乌市市长 王健\n各位代表:", ("义乌市", "市长", "王健")),
        ("\n国务院总理 李强\n各位代表:", ("", "总理", "李强")),
        ("各位代表:现在,我代表市人民政府", None),
    ],
)
def test_read_speaker(text, expected):
    found = read_speaker(text)
    assert (tuple(found.values()) if found else None) == expected


@pytest.mark.parametrize(
    "place, short, level",
    [
        ("杭州市", "杭州", "prefecture_city"),
        ("浙江省", "浙江", "province"),
        ("义乌市", "义乌", "county_city"),
        ("广西壮族自治区", "广西", "province"),
        ("上海市", "上海", "province"),
        ("全国", "全国", "national"),
        ("江西省", "江西", "province"),
    ],
)
def test_place_names_and_levels(place, short, level):
    assert short_place_name(place) == short
    assert admin_level_of(short, place) == level


def test_unlisted_place_keeps_an_empty_level():
    assert short_place_name("某某市") == "某某"
    assert admin_level_of("某某", "某某市") == ""


@pytest.mark.parametrize(
    "title, text, doc_type",
    [
        ("2020年浙江省政府工作报告", "", "government_work_report"),
        ("", "各位代表:\n现在,我代表市人民政府向大会报告政府工作。", "government_work_report"),
        ("关于金华市2020年国民经济和社会发展计划执行情况与2021年国民经济和社会发展计划草案的报告(摘要)", "", "plan_report"),
        ("安吉构筑立体人才生态支撑区域经济创新升级", "安吉县充分发挥多层次人力资源体系优势。", "news"),
    ],
)
def test_classify_document(title, text, doc_type):
    assert classify_document(title, text) == doc_type


@pytest.mark.parametrize(
    "title, text, doc_type, date, years",
    [
        ("2019年台州市政府工作报告", "一、2018年工作回顾", "government_work_report", "2019-01-13", (2019, 2018)),
        ("", "2022年是党的二十大召开之年,也是新一届政府的开局之年。今年全市经济。", "government_work_report", "", (2022, None)),
        ("", "各位代表,2021年主要目标任务的顺利完成。\n2022年是开局之年。今年全市", "government_work_report", "", (2022, 2021)),
        ("政府工作报告", "过去一年,我们……", "government_work_report", "2020-01-18", (2020, 2019)),
        ("关于金华市2020年国民经济和社会发展计划执行情况与2021年国民经济和社会发展计划草案的报告", "", "plan_report", "", (2021, 2020)),
        ("2023年江苏省政府工作报告", "一、过去五年工作回顾\n刚刚过去的2022年,预计全省地区生产总值超过12万亿元。", "government_work_report", "2023-01-12", (2023, 2022)),
        ("政府工作报告", "各位代表:", "government_work_report", "", (None, None)),  # unknown stays empty
    ],
)
def test_read_years(title, text, doc_type, date, years):
    assert read_years(title, text, doc_type, date) == years


# --- header layouts of reports from other provinces and years (short strings written for the test;
# expected values read off each string by hand) ---------------------------------------------------
from govreports.pipeline.metadata import read_header_speaker, report_header  # noqa: E402


@pytest.mark.parametrize(
    "text, expected",
    [
        # speaker between the date and 在, name before title
        ("----2025年1月15日龚正市长在上海市第十六届人民代表大会第三次会议的政府工作报告\n各位代表：",
         ("2025-01-15", "上海市", "龚正", "市长")),
        # 自治区人民政府主席 before the name, 的讲话 after the session
        ("——2025年1月14日自治区人民政府主席王莉霞在内蒙古自治区第十四届人民代表大会第三次会议上的讲话\n各位代表：",
         ("2025-01-14", "内蒙古自治区", "王莉霞", "主席")),
        # speaker after the session on the same line, 同志作政府工作报告
        ("2025年1月14日在北京市第十六届人民代表大会第三次会议上北京市市长殷勇同志作政府工作报告。\n各位代表：",
         ("2025-01-14", "北京市", "殷勇", "市长")),
        # the date line broken over two lines, letter-spaced name on its own line
        ("——2026年1月26日在广东省第十四届\n人民代表大会第四次会议上\n广东省省长 王 伟 中\n各位代表：",
         ("2026-01-26", "广东省", "王伟中", "省长")),
        # title on one line, name (with an ideographic space) on the next
        ("——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理\n李　强\n各位代表：",
         ("2024-03-05", "全国", "李强", "总理")),
        # a transliterated name with ·
        ("2025年1月19日在新疆维吾尔自治区第十四届人民代表大会第三次会议上\n自治区主席艾尔肯·吐尼亚孜\n各位代表：",
         ("2025-01-19", "新疆维吾尔自治区", "艾尔肯·吐尼亚孜", "主席")),
    ],
)
def test_delivery_and_speaker_layouts(text, expected):
    header = report_header(text)
    delivery = read_delivery(header)
    speaker = read_header_speaker(header, delivery)
    assert (delivery["date"], delivery["place"], speaker["name"], speaker["title"]) == expected


def test_speaker_after_source_and_time_lines_without_a_delivery_line():
    header = report_header("2026年浙江省政府工作报告\n来源：浙江日报\n时间：2026-02-05\n浙江省省长 刘捷\n各位代表：")
    assert read_delivery(header) == {}
    assert read_header_speaker(header, {}) == {"place": "浙江省", "title": "省长", "name": "刘捷"}


@pytest.mark.parametrize(
    "text, year, review",
    [
        ("各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、2016年工作回顾\n过去一年……\n二、2017年经济社会发展总体要求和政策取向", 2017, 2016),
        ("各位代表：\n一、去年工作回顾\n2005年，我国社会主义现代化事业取得显著成就。", 2006, 2005),
        ("各位代表：\n一、过去一年工作回顾\n2004年，全国各族人民……\n二、2005年工作总体部署", 2005, 2004),
        ("各位代表：\n一、过去五年工作回顾\n五年来……\n四、2008年主要任务", 2008, None),
    ],
)
def test_years_of_reports_without_a_title_block(text, year, review):
    assert read_years("", text, "government_work_report", "") == (year, review)


def test_national_report_without_title_block_is_national(tmp_path):
    from govreports.pipeline.corpus import load_corpus

    (tmp_path / "a.txt").write_text(
        "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、2016年工作回顾\n过去一年，国内生产总值达到74.4万亿元，增长6.7%。\n"
        "二、2017年工作总体部署\n今年发展的主要预期目标是：国内生产总值增长6.5%左右。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、工作回顾\n过去一年，我们……\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="does not state its city or year"):
        corpus = load_corpus(tmp_path)
    rows = corpus.documents_table()
    rows = rows.set_index(rows["source"].str.split(":").str[0])
    assert tuple(rows.loc["a.txt", ["city", "admin_level", "year", "review_year", "missing"]]) == ("全国", "national", 2017, 2016, "")
    assert rows.loc["b.txt", "missing"] == "city;year"


@pytest.mark.parametrize(
    "text, is_report",
    [
        ("# Notes\nThe national reports start at 各位代表：, with no title block; see 政府工作报告.", False),
        ("各位代表：\n现在，我代表国务院，向大会作政府工作报告，请予审议。", True),
    ],
)
def test_a_notes_file_quoting_the_address_is_not_a_report(text, is_report):
    assert (classify_document("", text, listing=False) == "government_work_report") is is_report


def test_metadata_csv_city_brings_its_admin_level():
    from govreports.pipeline.metadata import Metadata, apply_overrides

    meta, changed = apply_overrides(Metadata("unknown"), {"city": "温州"})
    assert (meta.city, meta.admin_level, changed) == ("温州", "prefecture_city", ("admin_level", "city"))


def test_dates_in_chinese_numerals_and_undated_delivery_lines():
    header = report_header("二〇二〇年某县政府工作报告\n——二〇二〇年一月十八日在某县第十七届人民代表大会第四次会议上\n县长 张三\n各位代表：")
    delivery = read_delivery(header)
    assert (delivery["date"], delivery["session"]) == ("2020-01-18", "某县第十七届人民代表大会第四次会议")
    assert read_header_speaker(header, delivery)["name"] == "张三"
    undated = read_delivery(report_header("政府工作报告\n（在安吉县第十七届人民代表大会第三次会议上）\n县长 李四\n各位代表："))
    assert (undated["date"], undated["place"]) == ("", "安吉县")
    assert read_years("", "各位代表：\n一、一九九八年工作回顾\n", "government_work_report", "") == (1999, 1998)


@pytest.mark.parametrize(
    "text, title",
    [
        ("2023年金华市政府工作报告\n各位代表:", "2023年金华市政府工作报告"),
        ("关" * TITLE_MAX_CHARS + "\n各位代表:", "关" * TITLE_MAX_CHARS),
        ("关" * (TITLE_MAX_CHARS + 1) + "\n各位代表:", ""),  # longer than a title: a sentence or paragraph
        ("各位代表:现在,我代表市人民政府向大会报告工作。", ""),
    ],
)
def test_read_title_takes_a_short_first_line(text, title):
    assert read_title(text) == title


@pytest.mark.parametrize(
    "padding, partial",
    [(0, True), (PAGE_EDGE_CHARS - len("(上接第一版)"), True), (PAGE_EDGE_CHARS, False)],
)
def test_a_page_marker_counts_only_near_the_start(padding, partial):
    from govreports.pipeline.structure import structure_document

    raw = "各" * padding + "(上接第一版)" + "\n各位代表:\n一、2019年工作回顾\n取得新成效。\n二、2020年工作安排\n做好工作。"
    assert read_partial(raw, raw, "government_work_report", structure_document(raw))[0] is partial
