"""Validity figures recomputed from the committed hand judgements (govreports.measures.validation).

Expected values are counted by hand in the judgement files of ``data/validation/`` (their notes say
which rows are 0): the figures must come out of the files, and the files must still match what the
detectors find on the seeds (no stale rows).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from govreports.measures import validation
from govreports.measures.slogans import corpus_slogan_mentions
from govreports.measures.tokens import tokens_table


@pytest.fixture(scope="module")
def seeds(seed_corpus):
    reports = seed_corpus.reports()
    return {"mentions": corpus_slogan_mentions(reports), "texts": {d.doc_id: d.text for d in reports},
            "tokens": tokens_table(reports, terms_only=False)}


def test_slogan_precision_from_the_judged_file(seeds):
    # 100 distinct slogans judged; the 5 rows with correct = 0: 传统制造, 做产品, 田园风情, 防洪排涝, 零死亡
    row = validation.slogan_precision(seeds["mentions"]).iloc[0]
    assert (row["n_judged"], row["n_correct"], row["n_stale"]) == (100, 95, 0)
    assert row["value"] == pytest.approx(0.95)
    assert (round(row["ci_low"], 3), round(row["ci_high"], 3)) == (0.888, 0.978)


def test_slogan_recall_from_the_hand_read_passages(seeds):
    # 26 uses listed in 6 passages, 5 of them borderline; found: 大学习大调研大抓落实, 四个意识, 四个自信, 两个维护,
    # 小商品之都, 三个十, 互联网+政务服务, 互联网+监管, 掌上办事之城, 掌上办公之城, 浙政钉, 湖州政务通 and
    # 疫情要防住、经济要稳住、发展要安全: 13, all clear ones
    table = validation.slogan_recall(seeds["mentions"], seeds["texts"])
    assert table[["n_judged", "n_correct", "n_stale"]].values.tolist() == [[26, 13, 0], [21, 13, 0]]
    assert table["value"].tolist() == pytest.approx([0.5, 13 / 21])


def test_missed_slogans_are_the_unquoted_ones_and_the_borderline(seeds):
    missed = validation.missed_slogans(seeds["mentions"], seeds["texts"])
    assert sorted(set(missed["surface"])) == sorted({
        "习近平新时代中国特色社会主义思想", "高质量发展", "世界小商品之都", "数字化转型", "城市数字大脑", "驾驶舱",
        "稳进提质、除险保安、塑造变革", "十方面民生实事", "内陆开放枢纽中心城市", "高质量、竞争力、现代化"})


# Relevant matches of 20 per theme, counted from the `relevant` column of theme_precision.csv
THEMES = [("common_prosperity", 11), ("digital_economy", 20), ("ecology_environment", 16), ("innovation", 14),
          ("livelihood", 17), ("opening_up", 17), ("security", 16)]


def test_theme_precision_from_the_judged_file(seeds):
    table = validation.theme_precision(seeds["tokens"])
    assert list(zip(table["what"], table["n_correct"])) == THEMES
    assert set(table["n_judged"]) == {20} and set(table["n_stale"]) == {0}
    # each figure names its judgement file and the dictionary's stated source
    assert table["source"].str.startswith("theme_precision.csv; dictionary: ").all()
    assert "共同富裕示范区的意见" in table.loc[table["what"] == "common_prosperity", "source"].iloc[0]


def test_the_samples_can_be_drawn_again(seeds):
    from govreports.measures.themes import load_themes

    judged = validation.read_judgements(validation.THEME_PRECISION_FILE)
    drawn = validation.theme_sample(seeds["tokens"], load_themes(), n=20, seed=validation.THEME_SAMPLE_SEED)
    assert drawn[["theme", "doc_id", "term"]].values.tolist() == judged[["theme", "doc_id", "term"]].values.tolist()
    assert drawn["position"].astype(str).tolist() == judged["position"].tolist()
    slogans = validation.read_judgements(validation.SLOGAN_PRECISION_FILE)
    again = validation.slogan_sample(seeds["mentions"], seeds["texts"], n=100, seed=validation.SLOGAN_SAMPLE_SEED)
    assert again["slogan"].tolist() == slogans["slogan"].tolist()


def test_a_judged_row_no_longer_found_is_stale_not_counted(seeds):
    judged = validation.read_judgements(validation.SLOGAN_PRECISION_FILE)
    moved = judged.assign(start=judged["start"].where(judged.index != 0, "999999"))
    row = validation.slogan_precision(seeds["mentions"], moved).iloc[0]
    assert (row["n_judged"], row["n_stale"]) == (99, 1)


@pytest.mark.parametrize("successes, n, expected", [(9, 10, (0.596, 0.982)), (0, 5, (0.0, 0.434)), (20, 20, (0.839, 1.0))])
def test_wilson_interval(successes, n, expected):
    assert tuple(round(x, 3) for x in validation.wilson_interval(successes, n)) == expected


def test_wilson_interval_of_nothing_is_nan():
    assert all(math.isnan(x) for x in validation.wilson_interval(0, 0))


def test_a_judgement_that_is_not_0_or_1_is_an_error_naming_the_file(tmp_path):
    judged = pd.DataFrame({"slogan": ["x"], "doc_id": ["d"], "start": ["0"], "end": ["1"], "correct": ["yes"]})
    with pytest.raises(ValueError, match=r"slogan_precision\.csv: column correct must be 1 or 0"):
        validation.slogan_precision(pd.DataFrame(columns=["doc_id", "start", "end", "slogan"]), judged)


def test_a_missing_judgement_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.csv"):
        validation.read_judgements(tmp_path / "nothing.csv")
