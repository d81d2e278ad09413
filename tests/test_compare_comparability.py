"""Tests for govreports.compare.comparability: which documents the cross-city comparisons include and why,
on tiny hand-made documents tables, and the city grouping against the seed documents table."""

from __future__ import annotations

import pytest

from govreports.compare.comparability import (
    city_groups,
    comparability_table,
    included_ids,
    includes_note,
    structure_table,
)

from support import DOCS, GWR, PLAN

pytestmark = pytest.mark.usefixtures("private_cache")  # a token cache of each test's own

def test_comparability_includes_reports_flags_partial_and_says_why():
    table = comparability_table(DOCS).set_index("doc_id")
    assert included_ids(comparability_table(DOCS)) == ["2019-甲-gwr", "2020-浙江-gwr", "2020-甲-gwr", "2020-乙-gwr"]
    assert table.at["2020-乙-gwr", "reason"] == "included, partial: 摘要"
    assert table.at["2021-乙-plan", "reason"].startswith("excluded: plan report")
    assert table.at["news-1", "reason"] == "excluded: news item, not a report"
    assert table.at["2020-甲-gwr", "reason"] == "included"


@pytest.mark.parametrize(
    "options, expected",
    [
        ({"doc_types": (GWR, PLAN)}, ["2019-甲-gwr", "2020-浙江-gwr", "2020-甲-gwr", "2020-乙-gwr", "2021-乙-plan"]),
        ({"include_partial": False}, ["2019-甲-gwr", "2020-浙江-gwr", "2020-甲-gwr"]),
    ],
)
def test_comparability_options(options, expected):
    assert included_ids(comparability_table(DOCS, **options)) == expected


def test_second_copy_is_excluded():
    docs = DOCS.copy()
    docs.loc[docs["doc_id"] == "2019-甲-gwr", "duplicate_of"] = "2020-甲-gwr"
    table = comparability_table(docs).set_index("doc_id")
    assert table.at["2019-甲-gwr", "reason"] == "excluded: second copy of 2020-甲-gwr"


def test_city_groups_of_the_seeds(seed_corpus):
    table = comparability_table(seed_corpus.documents_table())
    groups = city_groups(table).set_index("city")
    assert groups.at["宁波", "doc_ids"] == "2019-宁波-gwr 2020-宁波-gwr"
    assert groups.at["宁波", "years"] == "2019 2020"
    assert groups.at["义乌", "doc_ids"] == "2020-义乌-gwr 2022-义乌-gwr"
    assert groups.at["义乌", "n_partial"] == 2
    assert groups.at["金华", "doc_ids"] == "2023-金华-gwr"  # the plan report is left out
    assert groups.at["浙江", "admin_level"] == "province"
    assert list(groups.index) == ["浙江", "台州", "宁波", "杭州", "湖州", "金华", "义乌", "瑞安"]
    assert groups["n_reports"].sum() == 10
    reasons = table.set_index("doc_id")["reason"]
    assert reasons["2021-金华-plan"].startswith("excluded: plan report")
    assert sum(reason == "excluded: news item, not a report" for reason in reasons) == 3
    with_plan = city_groups(comparability_table(seed_corpus.documents_table(), doc_types=(GWR, PLAN))).set_index("city")
    assert with_plan.at["金华", "doc_ids"] == "2021-金华-plan 2023-金华-gwr"


def test_structure_table_side_by_side():
    table = structure_table(comparability_table(DOCS))
    assert table["doc_id"].tolist() == included_ids(comparability_table(DOCS))
    assert table["chars_per_sentence"].tolist() == [25.0] * 4  # 1000 characters / 40 sentences


def test_includes_note_says_what_is_in_and_out():
    note = includes_note(comparability_table(DOCS))
    assert note == ("Includes 4 government work reports of 3 places, 2019–2020 (* 1 partial in its source); "
                    "not included: 1 news item, 1 plan report")
