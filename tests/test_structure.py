"""Structure: sentences, run-in headings, parts and their kinds."""

import pytest

from govreports.pipeline.structure import classify_part, split_run_in_heading, split_sentences, structure_document


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("全年实现地区生产总值1421亿元,增长7.4%;完成财政总收入152.4亿元。下一句。",
         ["全年实现地区生产总值1421亿元,增长7.4%;完成财政总收入152.4亿元。", "下一句。"]),
        ("做到“部署早、控得牢、病例少”。确诊的12例病例已全部治愈出院!", ["做到“部署早、控得牢、病例少”。", "确诊的12例病例已全部治愈出院!"]),
        ("他说,“乘势而为、乘胜前进。”我们要坚定不移。", ["他说,“乘势而为、乘胜前进。”", "我们要坚定不移。"]),
        ("收入比缩小到1.77:1,第10次获评中国最具幸福感城市。", ["收入比缩小到1.77:1,第10次获评中国最具幸福感城市。"]),
        ("全角句号。全角问号？全角叹号！", ["全角句号。", "全角问号？", "全角叹号！"]),
        ("没有句号的标题", ["没有句号的标题"]),
    ],
)
def test_split_sentences(text, sentences):
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    "line, heading, body",
    [
        # run-in headings of the scraped single-line reports (seed 001), cut read by hand
        ("一、2019年工作回顾2019年,市政府坚持以习近平新时代中国特色社会主义思想为指引。", "一、2019年工作回顾", "2019年,市政府坚持以习近平新时代中国特色社会主义思想为指引。"),
        ("一、过去一年的主要工作过去一年,面对国内外风险挑战。", "一、过去一年的主要工作", "过去一年,面对国内外风险挑战。"),
        ("二、2020年重点任务2020年是高水平全面建成小康社会决胜之年。", "二、2020年重点任务", "2020年是高水平全面建成小康社会决胜之年。"),
        ("二、2019年目标任务和重点工作当前,世界面临百年未有之大变局。", "二、2019年目标任务和重点工作", "当前,世界面临百年未有之大变局。"),
        ("三、大力建设人民满意的服务型政府坚持把党的领导贯穿于政府工作各领域、全过程。", "三、大力建设人民满意的服务型政府", "坚持把党的领导贯穿于政府工作各领域、全过程。"),
        ("三、加强政府自身建设面对新形势新任务,市政府将在市委领导下。", "三、加强政府自身建设", "面对新形势新任务,市政府将在市委领导下。"),
        ("三、全面提升政府治理效能今年,我们将切实增强“四个意识”。", "三、全面提升政府治理效能", "今年,我们将切实增强“四个意识”。"),
        # a heading on a line of its own (newspaper pages, official texts)
        ("二、凝聚力量、扛旗争先,开启世界小商品之都建设新征程", "二、凝聚力量、扛旗争先,开启世界小商品之都建设新征程", ""),
        ("一、2019年工作回顾", "一、2019年工作回顾", ""),
    ],
)
def test_split_run_in_heading(line, heading, body):
    assert split_run_in_heading(line) == (heading, body)
    assert heading + body == line


@pytest.mark.parametrize(
    "number, title, opening, is_last, kind",
    [
        (1, "2019年工作回顾", "", False, "review"),
        (1, "过去一年的主要工作", "", False, "review"),
        (1, "", "", False, "review"),  # part 一 of a government work report is the review
        (2, "2020年重点任务", "", False, "plan"),
        (2, "凝聚力量、扛旗争先,开启世界小商品之都建设新征程", "", False, "plan"),
        (3, "全面提升政府治理效能", "", True, "government"),
        (3, "加强政府自身建设", "", True, "government"),
        (4, "勇立潮头、塑造变革,打造世界小商品之都建设新铁军", "打造敢担当、快执行、守底线的政府铁军。", True, "government"),
        (1, "2020年全市国民经济和社会发展计划执行情况", "", False, "review"),
        (2, "2021年全市经济社会发展的主要任务和措施", "", True, "plan"),
    ],
)
def test_classify_part(number, title, opening, is_last, kind):
    assert classify_part(number, title, opening, is_last=is_last) == kind


def test_structure_of_a_scraped_single_line_report():
    text = (
        "2020年某市政府工作报告\n"
        "各位代表:现在,我代表市人民政府向大会报告工作。\n"
        "一、2019年工作回顾2019年,紧紧围绕“干好一一六、当好排头兵”,取得新成效。\n"
        "(一)经济发展稳中有进。全市生产总值增长6.8%。\n"
        "(二)改革开放纵深推进。新增改革17项。\n"
        "二、2020年目标任务和重点工作今年是收官之年。\n"
        "(一)稳企业。地区生产总值增长6.5%左右。\n"
        "三、加强政府自身建设我们将增强“四个意识”。"
    )
    structure = structure_document(text)
    assert [(p.number, p.kind) for p in structure.parts] == [(0, "preamble"), (1, "review"), (2, "plan"), (3, "government")]
    assert [p.title for p in structure.parts] == ["", "2019年工作回顾", "2020年目标任务和重点工作", "加强政府自身建设"]
    assert structure.sections == ((1, 1, "经济发展稳中有进。"), (1, 2, "改革开放纵深推进。"), (2, 1, "稳企业。"))
    by_text = {s.text: s for s in structure.sentences}
    assert by_text["全市生产总值增长6.8%。"].part_kind == "review"
    assert by_text["地区生产总值增长6.5%左右。"].part_kind == "plan"
    assert by_text["地区生产总值增长6.5%左右。"].section == 1
    assert by_text["我们将增强“四个意识”。"].part_kind == "government"
    assert by_text["二、2020年目标任务和重点工作"].is_heading
    # every sentence points at its own text
    assert all(text[s.start : s.start + len(s.text)] == s.text for s in structure.sentences)


def test_a_page_that_starts_mid_report_puts_leading_text_in_the_previous_part():
    text = "(六)担当更有力。政治坚定坚决。\n各位代表,过去五年,极不平凡。\n二、凝聚力量、扛旗争先\n今后五年,总体要求是。"
    structure = structure_document(text)
    assert [(p.number, p.kind) for p in structure.parts] == [(1, "review"), (2, "plan")]
    assert structure.sentences[0].part == 1


def test_news_parts_are_unknown():
    structure = structure_document("标题\n一、背景情况说明。\n二、下一步工作安排。", report=False)
    assert {p.kind for p in structure.parts} == {"unknown"}


@pytest.mark.parametrize(
    "doc_id, parts",
    [
        ("2020-湖州-gwr", [(1, "过去一年的主要工作", "review"), (2, "2020年重点任务", "plan"), (3, "全面提升政府治理效能", "government")]),
        ("2020-浙江-gwr", [(1, "2019年主要工作回顾", "review"), (2, "2020年目标任务和重点工作", "plan")]),
        ("2019-台州-gwr", [(1, "2018年工作回顾", "review"), (2, "2019年工作安排", "plan"), (3, "加强政府自身建设", "government")]),
        ("2020-杭州-gwr", [(1, "2019年工作回顾", "review"), (2, "2020年目标任务和重点工作", "plan"), (3, "加强政府自身建设", "government")]),
        ("2020-义乌-gwr", [(1, "2019年工作回顾", "review"), (2, "2020年主要工作", "plan")]),
        ("2023-金华-gwr", [(1, "2022年工作回顾", "review")]),
        ("2021-金华-plan", [(1, "2020年全市国民经济和社会发展计划执行情况", "review"), (2, "2021年全市经济社会发展的主要任务和措施", "plan")]),
    ],
)
def test_seed_report_parts(seed_corpus, doc_id, parts):
    found = [(p.number, p.title, p.kind) for p in seed_corpus.get(doc_id).structure.parts if p.number > 0]
    assert found == parts


def test_seed_hangzhou_quote_is_not_a_part_heading(seed_corpus):
    """杭州2020 quotes “干好一一六、当好排头兵”: 六、 there is not part six."""
    doc = seed_corpus.get("2020-杭州-gwr")
    assert max(p.number for p in doc.structure.parts) == 3
    assert any("干好一一六、当好排头兵" in s.text for s in doc.sentences)


@pytest.mark.parametrize(
    "doc_id, n_sections",
    [("2020-义乌-gwr", 12), ("2021-金华-plan", 15), ("2023-金华-gwr", 6)],  # counted by hand in the seeds
)
def test_seed_section_counts(seed_corpus, doc_id, n_sections):
    assert len(seed_corpus.get(doc_id).structure.sections) == n_sections
