"""Tests of govreports.measures.slogans: hand-read expectations from the seed reports, and the rules."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreports import paths
from govreports.measures.slogans import (
    MENTION_COLUMNS,
    TABLE_COLUMNS,
    corpus_slogan_mentions,
    find_glossed_aliases,
    find_slogan_mentions,
    normalize_slogan,
    slogan_kind,
    slogan_reject_reason,
    slogans_table,
)
from govreports.paths import DATA_DIR

SEEDS = paths.SEEDS_DIR
LISTING = "001_1d3ab0f540b61540.txt"
# Where each seed report stands: file and, for the listing page 001, its line (one report a line).
SEED_REPORTS = {
    "湖州2020": (LISTING, 3),
    "浙江2020": (LISTING, 9),
    "瑞安2019": (LISTING, 15),
    "宁波2020": (LISTING, 21),
    "台州2019": (LISTING, 27),
    "宁波2019": (LISTING, 33),
    "杭州2020": (LISTING, 39),
    "义乌2020": ("000_4040511506bbac4c.txt", None),
    "义乌2022": ("002_15ad4a146fe93af4.txt", None),
    "金华2023": ("003_14a1d8ed2f539637.txt", None),
    "金华计划2021": ("004_095f14da05dd1c4d.txt", None),
}


def seed_report(name: str) -> str:
    """The text of one seed report, read straight from its file."""
    file, line = SEED_REPORTS[name]
    with open(SEEDS / file, encoding="utf-8") as handle:
        text = handle.read()
    return text.split("\n")[line - 1] if line else text


def slogans_in(text: str) -> set[str]:
    return set(find_slogan_mentions(text)["slogan"])


# --- slogans that must be found: sentences copied from the named seed reports -------------------

MUST_FIND = [
    ("湖州2020", "以“两山”理念为引领,围绕市委“一四六十”工作体系,紧盯重大改革、重大事项", {"两山", "一四六十"}),
    ("湖州2020", "这一年,我们主动融入长三角一体化发展和全省“四大”建设,正式设立南太湖新区,奋力推进“保五争三拼第一”", {"四大建设", "保五争三拼第一"}),
    ("湖州2020", "加强事中事后监管,大力推动“双随机、一公开”覆盖更多监管领域。", {"双随机一公开"}),
    ("宁波2019", "坚持以供给侧结构性改革为主线,全面实施“六争攻坚”行动,全力打好高质量发展组合拳", {"六争攻坚"}),
    ("宁波2019", "全面落实“巩固、增强、提升、畅通”八字方针,深入开展“六争攻坚”行动,继续打好三大攻坚战", {"巩固增强提升畅通", "八字方针", "六争攻坚", "三大攻坚战"}),
    ("宁波2019", "启动建设全国首个16+1经贸合作示范区。", {"16+1"}),
    ("宁波2019", "一般企业投资项目开工前审批实现“最多跑一次、最多100天”。", {"最多跑一次", "最多100天"}),
    ("义乌2020", "紧紧围绕高质量高水平建成世界“小商品之都”目标,对标自贸区、干实试验区,全力推进“三个十”", {"小商品之都", "三个十"}),
    ("义乌2020", "以“六个一”深化“最多跑一次”改革,成为全国营商环境评价试点唯一县级市", {"六个一", "最多跑一次"}),
    ("金华计划2021", "持续深化“8+N”重点细分行业培育,现代五金产业入围国家级产业集群", {"8+N"}),
    ("金华计划2021", "(四)坚持对外开放,建设国内国际双循环战略节点,增强国际经济合作", {"双循环"}),
    ("义乌2022", "对标国际贸易规则谋划五大自由,围绕双循环布局贸易网络。", {"双循环"}),
    ("瑞安2019", "坚持稳中求进,全面落实“六稳”要求,继续打好三大攻坚战,突出稳企业、增动能、保平安", {"六稳", "三大攻坚战"}),
    ("瑞安2019", "深化信用瑞安“4321”工程,完善企业金融风险监测预警防控体系。", {"4321"}),
    ("台州2019", "为加快建设独具魅力的“山海水城、和合圣地、制造之都”,谱写“两个高水平”台州新篇章而努力奋斗!", {"山海水城和合圣地制造之都", "两个高水平"}),
    ("浙江2020", "宁波“一带一路”综合试验区、17+1经贸合作示范区和义乌国际贸易综合改革试验区建设扎实推进。", {"一带一路", "17+1"}),
    ("宁波2020", "宁海县成为“绿水青山就是金山银山”全国实践创新基地。", {"两山"}),
    ("杭州2020", "大力选树“最美杭州人”,力争蝉联全国文明城市“四连冠”。", {"最美杭州人"}),
]


@pytest.mark.parametrize("report, sentence, expected", MUST_FIND)
def test_finds_slogans_in_seed_sentences(report, sentence, expected):
    assert sentence in seed_report(report), "the test sentence must be copied from the seed report"
    assert expected <= slogans_in(sentence)


# --- look-alikes that must not be found -----------------------------------------------------------

MUST_NOT_FIND = [
    # ordinal list markers, and a plain quantity in the same sentence
    ("湖州2020", "为此,在具体工作中,我们要强化“四个心”:一是“两山”再出发的决心。", ["一是"]),
    ("湖州2020", "(三)三大攻坚战取得关键进展", ["三", "(三)"]),
    # plain quantities: numbers with measure words
    ("金华计划2021", "新认定国家高新技术企业426家、省科技型中小企业1175家,新增省级新型研发机构1家、重点实验室3家。", ["426家", "1家", "3家"]),
    ("义乌2020", "新建、改扩建中小学34所,“百园工程”全部开工。", ["34所"]),
    ("瑞安2019", "出台新动能培育“25条”、科技创新“新15条”、人才新政“40条”", ["25条", "40条"]),
    ("台州2019", "战略支撑是一大批标志性项目。", ["一大批"]),
    # dates, plan periods and party congresses
    ("湖州2020", "2020年是高水平全面建成小康社会决胜之年,是“十三五”规划收官和“十四五”规划编制之年。", ["十三五", "十四五", "2020"]),
    ("湖州2020", "全面贯彻党的十九大和十九届二中、三中、四中全会和省委十四届六次全会精神", ["十九大"]),
    ("金华2023", "打赢了婺城“4·15”、义乌“8·2”等疫情遭遇战。", ["4·15", "8·2"]),
    # titles of reports and documents
    ("义乌2020", "市长王健作《政府工作报告》。全媒体记者 吕斌 摄", ["政府工作报告"]),
    # honours, win streaks, a typhoon
    ("台州2019", "全面推进治水治气治土,再次荣获“大禹鼎”,成为全国首批无黑臭水体城市", ["大禹鼎"]),
    ("湖州2020", "退役军人服务保障体系更加完善,实现省双拥模范城“八连冠”。", ["八连冠"]),
    ("义乌2020", "改革办荣获全国“人民满意的公务员集体”。", ["人民满意的公务员集体"]),
    ("浙江2020", "全力以赴防御超强台风“利奇马”,扎实做好抢险救灾、灾后重建和防灾减灾能力提升工作。", ["利奇马"]),
    # scare quotes and single characters
    ("瑞安2019", "潘岱等3个街道通过温州市级考核验收,让城镇既有“面子”更有“里子”。", ["面子", "里子"]),
    ("浙江2020", "坚持“稳”字当头、“进”字为重、“好”字为本、“俭”字为要,深入开展“三服务”活动", ["稳", "进", "好", "俭"]),
]


@pytest.mark.parametrize("report, sentence, lookalikes", MUST_NOT_FIND)
def test_ignores_lookalikes_in_seed_sentences(report, sentence, lookalikes):
    assert sentence in seed_report(report), "the test sentence must be copied from the seed report"
    mentions = find_slogan_mentions(sentence)
    for lookalike in lookalikes:
        assert lookalike not in set(mentions["slogan"])
        at = sentence.find(lookalike)
        covered = [(s, e) for s, e in zip(mentions["start"], mentions["end"]) if s <= at < e]
        assert not covered, f"{lookalike} is inside {mentions['surface'].tolist()}"


def test_lookalike_sentences_keep_their_real_slogans():
    assert slogans_in("为此,在具体工作中,我们要强化“四个心”:一是“两山”再出发的决心。") == {"四个心", "两山"}
    assert slogans_in("(三)三大攻坚战取得关键进展") == {"三大攻坚战"}
    assert slogans_in("新建、改扩建中小学34所,“百园工程”全部开工。") == {"百园工程"}


# --- the reject rules, one per line ---------------------------------------------------------------


@pytest.mark.parametrize(
    "content, before, after, reason",
    [
        ("两山", "", "理念", None),
        ("三年", "", "", "quantity"),
        ("10个", "", "", "quantity"),
        ("两家", "", "", "quantity"),
        ("三名", "实施", "工程", None),  # a count followed by a programme noun names the programme
        ("万亩千亿", "", "", None),  # two counts side by side are a slogan, not a quantity
        ("新品销售额占比超20%", "", "", "quantity"),
        ("2250000", "", "", "number"),
        ("2020", "", "", "date"),
        ("2020年1月", "", "", "date"),
        ("4·15", "", "", "date"),
        ("十三五", "", "", "date"),
        ("十九大", "", "", "date"),
        ("4321", "", "工程", None),  # four digits that are not a year
        ("加强钱塘江两岸规划统筹管理实施意见", "", "", "title"),
        ("大禹鼎", "荣获", ",", "honour"),
        ("四好农村路", "获评省级", "示范市", None),  # a programme inside a longer honour
        ("地球卫士奖", "", "", "honour"),
        ("八连冠", "", "", "honour"),
        ("三连增", "", "", "honour"),
        ("利奇马", "超强台风", "", "name"),
        ("雪龙号", "", "极地科考船", "name"),
        ("老字号", "推动", "新国货", None),
        ("宁波", "冠名", "", "name"),
        ("义乌人", "所有新", "", "name"),
        ("好", "", "", "too_short"),
        ("没有新的政策,不开大会;没有新的举措,不开中会", "", "", "sentence"),
        ("面子", "", "", "listed"),
        ("四大", "", "建设", None),
        ("四大", "", "都市区", "incomplete"),
        ("ABC", "", "", "no_text"),
    ],
)
def test_reject_reason(content, before, after, reason):
    assert slogan_reject_reason(content, before=before, after=after) == reason


@pytest.mark.parametrize(
    "text, expected",
    [
        ("实施“415X”先进制造业集群培育工程", {"415X"}),
        ("实施415X先进制造业集群培育工程", {"415X"}),
        ("构建“5+N”产业体系", {"5+N"}),
        ("构建5+N产业体系", {"5+N"}),
        ("加快“18+2+6+X”评价体系迭代", {"18+2+6+X"}),
        ("统筹推进五位一体总体布局", {"五位一体"}),
        ("深入实施十大行动计划", {"十大行动计划"}),
        ("落实“五个一”机制", {"五个一"}),
        ("推进五个一工程", {"五个一工程"}),
        ("新增企业10个,投资两家", set()),
        ("第三大港口", set()),
        ("四大都市区", set()),
        ("一是抓项目,二是抓招商", set()),
        ("完成“一件事”改革,办成一件事", {"一件事"}),  # unquoted 一件事 is a quantity
    ],
)
def test_numbered_rules(text, expected):
    assert slogans_in(text) == expected


def test_unquoted_uses_need_evidence():
    # A phrase quoted once may be a scare quote: its unquoted uses do not count ...
    once = find_slogan_mentions("从“传统制造”转向智能制造,传统制造业")
    assert once["slogan"].tolist() == ["传统制造"]
    # ... quoted twice, it is a name and they do; a numbered form needs only one quoted use.
    twice = find_slogan_mentions("推进“美丽城镇”建设,“美丽城镇”样板,美丽城镇")
    assert twice["quoted"].tolist() == [True, True, False]
    numbered = find_slogan_mentions("深化“三服务”活动,三服务常态化")
    assert numbered["quoted"].tolist() == [True, False]
    # A caller's lexicon makes unquoted uses count.
    assert slogans_in("推进美丽城镇建设") == set()
    assert set(find_slogan_mentions("推进美丽城镇建设", lexicon=["美丽城镇"])["slogan"]) == {"美丽城镇"}


def test_nested_quotes_count_both():
    mentions = find_slogan_mentions("开展“深化‘三服务’、助企开复工”专项行动")
    assert set(mentions["slogan"]) == {"深化三服务助企开复工", "三服务"}


# --- variants grouped under one form --------------------------------------------------------------


@pytest.mark.parametrize(
    "variants, canonical",
    [
        (["“两山”", "两山", "绿水青山就是金山银山"], "两山"),
        (["双随机、一公开", "双随机一公开", "“双随机、一公开”"], "双随机一公开"),
        (["5+N", "５＋Ｎ", "5+n"], "5+N"),
        (["415X", "４１５Ｘ", "415x"], "415X"),
        (["千村示范、万村整治", "千万工程"], "千万工程"),
        (["宁波帮•帮宁波", "宁波帮·帮宁波"], "宁波帮·帮宁波"),
    ],
)
def test_normalize_groups_variants(variants, canonical):
    assert {normalize_slogan(v) for v in variants} == {canonical}


def test_variants_in_text_share_one_slogan():
    text = "以“两山”理念为引领,深化两山转化,践行绿水青山就是金山银山,全省“四大”建设和四大建设,“５＋Ｎ”与5+N"
    mentions = find_slogan_mentions(text)
    assert mentions.groupby("slogan").size().to_dict() == {"两山": 3, "四大建设": 2, "5+N": 2}
    assert mentions.loc[mentions["slogan"] == "四大建设", "surface"].tolist() == ["四大”建设", "四大建设"]


def test_glossed_abbreviation_maps_the_full_form():
    text = "践行“创新驱动高质量发展”(简称“创高”),推进创新驱动高质量发展"
    assert find_glossed_aliases(text) == {"创新驱动高质量发展": "创高"}
    mentions = find_slogan_mentions(text)
    assert set(mentions["slogan"]) == {"创高"} and len(mentions) == 3


@pytest.mark.parametrize(
    "form, kind",
    [("六争攻坚", "numbered"), ("8+N", "numbered"), ("双循环", "numbered"), ("最多跑一次", "phrase"), ("一带一路", "phrase")],
)
def test_kind(form, kind):
    assert slogan_kind(form) == kind


# --- counts per document, against counts by hand -------------------------------------------------

# Counted by hand: `grep -o` of the form on the report's text (its line of 001 for the listing
# page), then each hit read in context to check that it is a use of the formulation (all were);
# 宁波2020 writes 两山 out in full, 绿水青山就是金山银山, twice.
HAND_COUNTS = [
    ("湖州2020", "两山", 13),
    ("浙江2020", "两山", 3),
    ("宁波2020", "两山", 2),
    ("宁波2020", "六争攻坚", 4),
    ("宁波2019", "六争攻坚", 2),
    ("杭州2020", "八八战略", 4),
    ("浙江2020", "最多跑一次", 6),
    ("义乌2020", "最多跑一次", 5),
    ("宁波2019", "三大攻坚战", 4),
    ("台州2019", "三大攻坚战", 0),
    ("义乌2022", "双循环", 5),
    ("宁波2019", "一带一路", 7),
]


@pytest.mark.parametrize("report, slogan, count", HAND_COUNTS)
def test_counts_per_report_match_hand_counts(report, slogan, count):
    mentions = find_slogan_mentions(seed_report(report))
    assert (mentions["slogan"] == slogan).sum() == count


def test_mentions_frame_on_a_seed_report():
    text = seed_report("义乌2020")
    mentions = find_slogan_mentions(text)
    assert list(mentions.columns) == MENTION_COLUMNS
    assert mentions["start"].is_monotonic_increasing
    assert all(text[s:e] == surface for s, e, surface in zip(mentions["start"], mentions["end"], mentions["surface"]))
    assert not mentions["slogan"].str.contains("[“”]").any()


# --- corpus table and matrix, on fakes ------------------------------------------------------------


def fake_doc(doc_id, city, year, text, doc_type="government_work_report"):
    sentences = [SimpleNamespace(text=s + "。") for s in text.split("。") if s]
    return SimpleNamespace(doc_id=doc_id, city=city, year=year, doc_type=doc_type, text=text, sentences=sentences)


@pytest.fixture
def corpus():
    return [
        fake_doc("zj2020", "浙江", 2020, "坚持“八八战略”再深化。奋力推进“保五争三拼第一”。实现“保五争三拼第一”目标。"),
        fake_doc("hz2020", "湖州", 2020, "以“两山”理念为引领。深化两山转化。推进保五争三拼第一,六争攻坚。"),
        fake_doc("nb2019", "宁波", 2019, "全面实施“六争攻坚”行动。坚持“保五争三拼第一”目标。"),
        fake_doc("news1", "绍兴", 2025, "推进“保五争三拼第一”。开展“百千万”遴选。", doc_type="news"),
    ]


def test_slogans_table(corpus):
    table = slogans_table(corpus)
    assert list(table.columns) == TABLE_COLUMNS
    assert table["slogan"].tolist() == ["保五争三拼第一", "两山", "八八战略", "六争攻坚"]  # ties by code point
    row = table.set_index("slogan").loc["保五争三拼第一"]
    # 湖州 writes it unquoted; that use counts because two other reports quote it. News is skipped.
    assert (row["count"], row["n_docs"], row["n_cities"], row["first_year"]) == (4, 3, 3, 2019)
    assert row["kind"] == "numbered"
    assert row["docs"] == "nb2019; zj2020; hz2020"
    assert row["cities"] == "宁波; 浙江; 湖州"  # in time order, as the docs
    assert (row["example"], row["example_doc"]) == ("坚持“保五争三拼第一”目标。", "nb2019")
    # 六争攻坚 is quoted in one report only, so 湖州's bare use is not counted.
    assert table.set_index("slogan").loc["六争攻坚", ["count", "n_docs"]].tolist() == [1, 1]
    assert table.set_index("slogan").loc["两山", "count"] == 2
    assert "百千万" not in set(table["slogan"])


def test_slogans_table_min_docs_and_empty(corpus):
    assert slogans_table(corpus, min_docs=2)["slogan"].tolist() == ["保五争三拼第一"]
    empty = slogans_table([])
    assert empty.empty and list(empty.columns) == TABLE_COLUMNS


# --- data files and robustness --------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(DATA_DIR.glob("slogan_*")), ids=lambda p: p.name)
def test_data_files_have_a_header(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines[:5] if line.startswith("#")]
    assert len(header) == 5, "each data file opens with a comment saying what it is and where it came from"
    assert any("came from" in line for line in lines if line.startswith("#"))


CHINESE_ISH = st.text(
    alphabet=st.sampled_from(list("“”‘’「」《》\"、,。;:()一二两三四五六七八九十百千万双个大位字第是年家条号连冠+＋XNxn0123456789５山争攻坚理念建设行动工程获台风最多跑次 \n")),
    max_size=120,
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), CHINESE_ISH))
def test_any_text_gives_consistent_mentions(text):
    mentions = find_slogan_mentions(text)
    assert list(mentions.columns) == MENTION_COLUMNS
    for start, end, surface, slogan in zip(mentions["start"], mentions["end"], mentions["surface"], mentions["slogan"]):
        assert text[start:end] == surface
        assert slogan


def test_corpus_mentions_carry_the_report_and_skip_news(corpus):
    mentions = corpus_slogan_mentions(corpus)
    assert list(mentions.columns) == MENTION_COLUMNS + ["doc_id", "city", "year"]
    assert "news1" not in set(mentions["doc_id"])
