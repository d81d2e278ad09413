"""Cleaning: each rule on short strings, and the character accounting on every seed file."""

import pytest

from govreports.pipeline import clean
from govreports.pipeline.clean import clean_document, clean_text

# ---------------------------------------------------------------------------------------------
# One table per rule: (text in, text out). Inputs are short strings in the shape of the seeds.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        ("发布日期: 2021-03-01 10:18 来源: 金华日报 浏览量: 字号:[ ]\n一、执行情况", "\n一、执行情况"),
        ("  • 【湖州招商】2020年湖州市政府工作报告\n正文。", "2020年湖州市政府工作报告\n正文。"),
        ("正文。\n    2025-07-09\n", "正文。\n\n"),
        ("投资咨询热线\n400-162-2002\n", "\n\n"),
        ("我已阅读并同意《投稿须知》\n确认", "\n"),
        ("共 362 页", ""),
        # furniture of official web pages saved as text (several items on one line)
        ("【打印本页】【关闭窗口】", ""),
        ("字体：【大 中 小】 打印 | 关闭", ""),
        ("[打印] [收藏] [关闭]", ""),
        ("分享到： 下载", ""),
        # a report sentence that mentions printing is kept
        ("打印机、收藏品等产业加快发展。", "打印机、收藏品等产业加快发展。"),
        # a report sentence mentioning a hotline is not boilerplate
        ("12345政务热线服务满意率达98.3%。", "12345政务热线服务满意率达98.3%。"),
        ("来源于群众的意见建议得到办理,全年办结1.2万件。", "来源于群众的意见建议得到办理,全年办结1.2万件。"),
    ],
)
def test_remove_boilerplate(text_in, text_out):
    assert clean.remove_boilerplate(text_in) == text_out


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        ("(上接第一版)\n\n(六)担当更有力。", "\n\n(六)担当更有力。"),
        ("构建“15分钟幸福生活圈”。(下转第四版)", "构建“15分钟幸福生活圈”。"),
        ("（下转第3版）", ""),
        ("（紧接第二版）正文", "正文"),
        ("第四版刊登了公告。", "第四版刊登了公告。"),
    ],
)
def test_remove_page_markers(text_in, text_out):
    assert clean.remove_page_markers(text_in) == text_out


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        ("就业25万\n\n政 府\n\n人。", "就业25万\n\n\n\n人。"),
        ("推进\n\n工 作\n\n“产业集群", "推进\n\n\n\n“产业集群"),
        ("工 作 报 告", ""),
        ("政府工作报告", "政府工作报告"),  # a title is not letter-spaced
        ("义乌市市长 王健", "义乌市市长 王健"),  # one space between words is not letter spacing
    ],
)
def test_remove_page_title_fragments(text_in, text_out):
    assert clean.remove_page_title_fragments(text_in) == text_out


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        ("《义\n市长王健作《政府工作报告》。全媒体记者 吕斌 摄\n乌通史》", "《义\n\n乌通史》"),
        ("图为会议现场。记者 张三 摄", ""),
        ("摄影展吸引市民参观,全年接待游客120万人次。", "摄影展吸引市民参观,全年接待游客120万人次。"),
    ],
)
def test_remove_photo_captions(text_in, text_out):
    assert clean.remove_photo_captions(text_in) == text_out


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        ("2023年金华市政府工作报告\n2023年金华市政府工作报告\n各位代表:", "2023年金华市政府工作报告\n\n各位代表:"),
        ("各位代表!\n各位代表!", "各位代表!\n各位代表!"),  # sentences may repeat; titles may not
    ],
)
def test_remove_duplicate_title_lines(text_in, text_out):
    assert clean.remove_duplicate_title_lines(text_in) == text_out


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        # the two spam strings of the seeds, read in 台州2019 and 瑞安2019 (seed 001)
        ("享受政策福利前。二号首长实施“台州人免费游台州”,160万人次。", "享受政策福利前。实施“台州人免费游台州”,160万人次。"),
        ("有温度的城市。二号首长构建大通道。", "有温度的城市。构建大通道。"),
        ("技术企业项目。侯卫东官场笔记侨贸小镇开工建设。", "技术企业项目。侨贸小镇开工建设。"),
        # inside a sentence it is a quotation, not injected: kept
        ("电视剧《二号首长》热播。", "电视剧《二号首长》热播。"),
    ],
)
def test_remove_injected_spam(text_in, text_out):
    assert clean.remove_injected_spam(text_in) == text_out


def test_remove_repeated_passages_keeps_first_copy_of_long_passage():
    passage = "获国务院正向激励1项、省政府正向激励4项,为全省最多;" * 5  # 135 characters
    text = "交通事故同比减少" + passage + "\n(七)政府建设。腾出发展空间" + passage
    assert clean.remove_repeated_passages(text) == "交通事故同比减少" + passage + "\n(七)政府建设。腾出发展空间"


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        # seed 000, end of (五): the second sentence repeats the end of the first
        ("加快推进下、市场等拆后区块开发建设。推进下、市场等拆后区块开发建设。第二批未来社区项目。",
         "加快推进下、市场等拆后区块开发建设。第二批未来社区项目。"),
        # a short sentence said twice far apart is kept (瑞安 2019 restates commitments)
        ("自觉接受人大依法监督。其他工作。自觉接受人大依法监督。", "自觉接受人大依法监督。其他工作。自觉接受人大依法监督。"),
    ],
)
def test_remove_repeated_sentences(text_in, text_out):
    assert clean.remove_repeated_passages(text_in) == text_out


LONG = "全面实施小学放学后托管服务。推行托幼服务一体化,开设托班137个。完成纪录片"  # 40 chars
TITLE = "政府工作报告\n"  # the first line of a document is its title, never a broken paragraph


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        (TITLE + LONG * 2 + "《义\n\n\n\n乌通史》拍摄。", TITLE + LONG * 2 + "《义乌通史》拍摄。"),
        (TITLE + LONG * 2 + "新增城镇就业25万\n\n人。", TITLE + LONG * 2 + "新增城镇就业25万人。"),
        # short but with punctuation inside: a paragraph (seed 000: 这些成绩的取得,是…在义乌大 / 地生动实践)
        (TITLE + "这些成绩的取得,是在义乌大\n\n地生动实践的结果。", TITLE + "这些成绩的取得,是在义乌大地生动实践的结果。"),
        # a run-in section heading with its text, broken (seed 002: 打好“双碳”攻坚 / 战。)
        (TITLE + "(八)生态提档行动。持续巩固成果。打好“双碳”攻坚\n\n战。", TITLE + "(八)生态提档行动。持续巩固成果。打好“双碳”攻坚战。"),
        # a paragraph that ends with punctuation is not broken
        (TITLE + LONG * 2 + "完成。\n\n下一段。", TITLE + LONG * 2 + "完成。\n\n下一段。"),
        # the first line is a title even with a comma in it (a news headline)
        ("绍兴化工集聚项目成果显著,区域合作提升招商引资效能\n\n在招商引资的推动下。", "绍兴化工集聚项目成果显著,区域合作提升招商引资效能\n\n在招商引资的推动下。"),
        # a bare heading line (commas, no sentence) is not a broken paragraph
        (TITLE + "(二)坚持发展实体经济,提升产业链现代化水平\n\n深入实施数字经济。", TITLE + "(二)坚持发展实体经济,提升产业链现代化水平\n\n深入实施数字经济。"),
        # a short title line is not a broken paragraph
        ("2020年1月18日在义乌市第十五届人民代表大会第四次会议上\n\n义乌市市长 王健", "2020年1月18日在义乌市第十五届人民代表大会第四次会议上\n\n义乌市市长 王健"),
        # a heading after a long line is not a continuation
        (TITLE + LONG * 2 + "试行\n\n(二)实施市场赋能提速行动。", TITLE + LONG * 2 + "试行\n\n(二)实施市场赋能提速行动。"),
    ],
)
def test_rejoin_column_breaks(text_in, text_out):
    assert clean.rejoin_column_breaks(text_in) == text_out


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        ("增长７．５％", "增长7.5%"),
        ("ＧＤＰ增长６％左右", "GDP增长6%左右"),
        ("\u3000\u3000各位代表:", "  各位代表:"),
        ("“最多跑一次”，（一）", "“最多跑一次”，（一）"),  # Chinese punctuation and quotes are kept
    ],
)
def test_normalise_width(text_in, text_out):
    assert clean.normalise_width(text_in) == text_out


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        ("国民经济 和社会发展计划", "国民经济和社会发展计划"),
        ("    2020年4月27日在会议上", "2020年4月27日在会议上"),
        ("世界500强企业项目 易瑞智慧物流园", "世界500强企业项目易瑞智慧物流园"),
        ("“十大名山公园” 启动建设", "“十大名山公园”启动建设"),
        ("第一段。\n\n\n第二段。\n", "第一段。\n第二段。"),
        ("PM2.5 and O3", "PM2.5 and O3"),  # spaces between Latin words stay
    ],
)
def test_remove_stray_whitespace(text_in, text_out):
    assert clean.remove_stray_whitespace(text_in) == text_out


def test_run_together_paragraphs_are_split_and_stray_spaces_dropped():
    raw = "请予审议。 一、2019年工作回顾2019年,紧紧围绕“干好一一 六、当好排头兵”,取得新成效。 经济运行稳中提质。"
    assert clean.clean_text(raw) == "请予审议。\n一、2019年工作回顾2019年,紧紧围绕“干好一一六、当好排头兵”,取得新成效。\n经济运行稳中提质。"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "  \n",
        "(上接第一版)\n\n政 府\n\n正文。二号首长实施。\u3000１２３％",
        "• 【湖州招商】2020年湖州市政府工作报告\n\n    2020年4月27日在会议上。 一、回顾\n    2025-07-09\n",
    ],
)
def test_clean_document_accounts_for_every_character(raw):
    result = clean.clean_document(raw)
    assert len(result.raw) == len(result.text) + result.n_removed
    assert result.reconstruct_raw() == raw


def test_every_seed_document_accounts_for_every_character(seed_corpus):
    for doc in seed_corpus.documents:
        assert len(doc.raw) == len(doc.text) + doc.cleaning.n_removed, doc.doc_id
        assert doc.cleaning.reconstruct_raw() == doc.raw, doc.doc_id


def test_every_seed_file_is_covered_by_documents_and_outside_spans(seed_corpus):
    table = seed_corpus.accounting_table()
    assert len(table) == 5
    assert table["balanced"].all()
    assert (table["n_chars_file"] == table["n_chars_kept"] + table["n_chars_removed"] + table["n_chars_outside"]).all()


def test_seed_removals_of_every_kind(seed_corpus):
    """Each kind of removal the seeds call for, found where it stands (read by hand)."""
    audit = seed_corpus.audit_table()
    found = {(row.doc_id, row.step, row.text.strip()) for row in audit.itertuples()}
    assert ("2020-义乌-gwr", "page_markers", "(下转第四版)") in found
    assert ("2020-义乌-gwr", "photo_captions", "市长王健作《政府工作报告》。全媒体记者 吕斌 摄") in found
    assert ("2022-义乌-gwr", "page_markers", "(上接第一版)") in found
    assert ("2022-义乌-gwr", "page_title_fragments", "政 府") in found
    assert ("2022-义乌-gwr", "page_title_fragments", "工 作") in found
    assert ("2023-金华-gwr", "duplicate_title_lines", "2023年金华市政府工作报告") in found
    assert ("2021-金华-plan", "boilerplate", "发布日期: 2021-03-01 10:18 来源: 金华日报 浏览量: 字号:[ ]") in found
    assert ("2019-台州-gwr", "injected_spam", "二号首长") in found
    assert ("2019-瑞安-gwr", "injected_spam", "侯卫东官场笔记") in found
    assert ("2020-湖州-gwr", "boilerplate", "• 【湖州招商】") in found
    assert ("2020-湖州-gwr", "boilerplate", "2025-07-09") in found
    repeated = audit[(audit.doc_id == "2020-义乌-gwr") & (audit.step == "repeated_passages")]
    assert repeated["text"].str.startswith("1.1万亩;获国务院正向激励1项").any()
    assert "推进下、市场等拆后区块开发建设。" in set(repeated["text"])
    outside = audit[audit.doc_id == ""]
    assert outside["text"].str.contains("400-162-2002").sum() == 2  # header hotline and footer hotline
    assert outside["text"].str.contains("投稿").any()


@pytest.mark.parametrize(
    "doc_id, fragment",
    [
        ("2020-义乌-gwr", "吉利动力研发总部迁至义乌"),  # 吉利动 / 力 across columns
        ("2020-义乌-gwr", "完成纪录片《义乌通史》拍摄"),  # broken around a photo caption
        ("2020-义乌-gwr", "是习近平新时代中国特色社会主义思想在义乌大地生动实践的结果"),
        ("2022-义乌-gwr", "新增城镇就业25万人"),  # 25万 / 政 府 / 人
        ("2022-义乌-gwr", "推进“产业集群+跨境电商”试点"),  # 推进 / 工 作 / “产业集群
        ("2022-义乌-gwr", "打好“双碳”攻坚战"),
        ("2022-义乌-gwr", "新增民营企业、小微企业贷款200亿元以上"),
        ("2021-金华-plan", "国民经济和社会发展计划草案"),  # stray space inside the title
    ],
)
def test_seed_sentences_read_whole_again(seed_corpus, doc_id, fragment):
    assert fragment in seed_corpus.get(doc_id).text


def test_seed_spam_and_chrome_are_gone(seed_corpus):
    for doc in seed_corpus.documents:
        for gone in ("二号首长", "侯卫东官场笔记", "2025-07-09", "【", "下转第", "上接第", "全媒体记者", "政 府"):
            assert gone not in doc.text, (doc.doc_id, gone)


# --- line endings, header field lines, spaced numbers (strings written for the test) -----------

@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_are_read_as_lf_and_accounted_for(newline):
    lines = ["2020年某市政府工作报告", "各位代表：", "现在，我代表市人民政府向大会报告工作。", "一、2019年工作回顾",
             "全市生产总值增长" + "6.5%，" * 12 + "新增城镇就业25万", "人。"]
    raw = newline.join(lines)
    result = clean_document(raw)
    assert result.reconstruct_raw() == raw
    assert "\r" not in result.text
    assert "新增城镇就业25万人。" in result.text  # the column break is repaired whatever the line ending
    with_lf = clean_document("\n".join(lines))
    assert result.text == with_lf.text


def test_header_field_lines_are_not_glued_to_the_next_line():
    text = clean_text("2026年湖北省政府工作报告\n时间：2026-02-05\n湖北省人民政府省长李殿勋\n各位代表：\n现在，我代表省人民政府向大会报告工作。")
    assert "湖北省人民政府省长李殿勋\n各位代表" in text
    assert "2026-02-05湖北" not in text


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("地区生产总值增长8 ．8 ％左右。", "地区生产总值增长8.8%左右。"),
        ("增长6 . 5%。", "增长6.5%。"),
        ("PM2.5 and PM10", "PM2.5 and PM10"),
    ],
)
def test_spaces_inside_numbers_are_removed(raw, cleaned):
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize("line", ["下载", "打印", "全屏", "收藏", "【字号： 加大 还原 减小 】", "下载 打印 全屏 收藏"])
def test_web_page_furniture_lines_are_removed(line):
    assert clean_text(f"2026年某省政府工作报告\n{line}\n各位代表：") == "2026年某省政府工作报告\n各位代表："
