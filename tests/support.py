"""Small builders shared by the tests (imported as ``from support import ...``)."""

import numpy as np
import pandas as pd

from govreports.measures import keywords


def frequency_rows(rows, n_chars=None):
    """A frequency table from ``(doc_id, term, count)`` rows (totals from the rows themselves).

    Args:
        rows: ``(doc_id, term, count)`` tuples.
        n_chars: characters per document (``{doc_id: n}``); default 10 per counted token.
    """
    table = pd.DataFrame(rows, columns=["doc_id", "term", "count"])
    table["n_tokens"] = table.groupby("doc_id")["count"].transform("sum")
    table["n_chars"] = table["doc_id"].map(n_chars) if n_chars else table["n_tokens"] * 10
    table["rate_per_10k"] = table["count"] / table["n_chars"] * 10_000
    table["share"] = table["count"] / table["n_tokens"]
    return table[keywords.FREQUENCY_COLUMNS]


# --- a documents table ---------------------------------------------------------------------------

#: The two report types, short.
GWR, PLAN = "government_work_report", "plan_report"


def documents(rows):
    """A documents table from ``(doc_id, city, admin_level, doc_type, year, partial)`` rows."""
    table = pd.DataFrame(rows, columns=["doc_id", "city", "admin_level", "doc_type", "year", "partial"])
    return table.assign(partial_reason=np.where(table["partial"], "摘要", ""), duplicate_of="",
                        n_chars=1000, n_parts=3, n_sections=20, n_sentences=40)


#: Six documents: 甲 (a prefecture city) in 2019 and 2020, 乙 (a county city, partial) in 2020 and
#: its 2021 plan report, the province 浙江 in 2020, and a news item.
DOCS = documents([
    ("2020-甲-gwr", "甲", "prefecture_city", GWR, 2020, False),
    ("2019-甲-gwr", "甲", "prefecture_city", GWR, 2019, False),
    ("2020-乙-gwr", "乙", "county_city", GWR, 2020, True),
    ("2020-浙江-gwr", "浙江", "province", GWR, 2020, False),
    ("2021-乙-plan", "乙", "county_city", PLAN, 2021, True),
    ("news-1", "", "", "news", None, False),
])


# --- four reports and their slogan mentions ----------------------------------------------------------

# Four reports: the province in 2020, 宁波 in 2019 and 2020 (2019 partial), 杭州 in 2022.
REPORTS = pd.DataFrame(
    {
        "doc_id": ["2020-浙江-gwr", "2020-宁波-gwr", "2019-宁波-gwr", "2022-杭州-gwr"],
        "city": ["浙江", "宁波", "宁波", "杭州"],
        "year": [2020, 2020, 2019, 2022],
        "date": ["2020-01-12", "2020-04-27", "2019-02-13", ""],
        "partial": [False, False, True, False],
    }
)


def slogan_mentions(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Mentions from (doc_id, slogan, kind) triples; city and year from REPORTS."""
    info = REPORTS.set_index("doc_id")
    return pd.DataFrame(
        [{"slogan": s, "kind": k, "surface": s, "start": i, "end": i + len(s), "quoted": True, "rule": "quoted",
          "doc_id": d, "city": info.at[d, "city"], "year": info.at[d, "year"]} for i, (d, s, k) in enumerate(rows)]
    )


MENTIONS = slogan_mentions(
    [
        ("2020-浙江-gwr", "八八战略", "numbered"),
        ("2020-浙江-gwr", "八八战略", "numbered"),
        ("2020-浙江-gwr", "最多跑一次", "phrase"),
        ("2020-浙江-gwr", "诗画浙江", "phrase"),
        ("2020-宁波-gwr", "八八战略", "numbered"),
        ("2020-宁波-gwr", "最多跑一次", "phrase"),
        ("2020-宁波-gwr", "六争攻坚", "numbered"),
        ("2019-宁波-gwr", "最多跑一次", "phrase"),
        ("2019-宁波-gwr", "六争攻坚", "numbered"),
        ("2019-宁波-gwr", "246", "numbered"),
        ("2022-杭州-gwr", "八八战略", "numbered"),
        ("2022-杭州-gwr", "亲清在线", "phrase"),
    ]
)


CITY_DOCS = ["2019-宁波-gwr", "2020-宁波-gwr"]


# --- seven documents of every type and level --------------------------------------------------------


def report_rows(rows):
    """A documents table from ``(doc_id, city, admin_level, doc_type, year, partial)`` rows."""
    table = pd.DataFrame(rows, columns=["doc_id", "city", "admin_level", "doc_type", "year", "partial"])
    table["year"] = table["year"].astype("Int64")
    return table.assign(date="", partial_reason="", n_chars=100)


#: Seven documents: a partial county city, a prefecture city and the province in 2020, a county
#: city in 2019, a partial plan report, a news item and a file of unknown type.
REPORT_ROWS = report_rows(
    [
        ("2020-义乌-gwr", "义乌", "county_city", "government_work_report", 2020, True),
        ("2020-湖州-gwr", "湖州", "prefecture_city", "government_work_report", 2020, False),
        ("2020-浙江-gwr", "浙江", "province", "government_work_report", 2020, False),
        ("2019-瑞安-gwr", "瑞安", "county_city", "government_work_report", 2019, False),
        ("2021-金华-plan", "金华", "prefecture_city", "plan_report", 2021, True),
        ("001_x-8", "", "", "news", None, False),
        ("file-1", "", "", "unknown", None, False),
    ]
)
