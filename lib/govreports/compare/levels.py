"""Who is under whom: each report's superior report of the same year, from ``data/places.csv``.

The levels of government are national → province → prefecture-level city → county-level city.
A report's *immediate superior* is the government one level up that holds the place: the State
Council for a province, the province for a prefecture-level city, the prefecture-level city for a
county-level city (the ``prefecture`` column of ``places.csv``). :func:`superior_pairs` pairs each
report with its immediate superior's report of the same year wherever both are in the corpus;
where that report is missing it pairs with the nearest level above that is present and says how
many levels it skipped (``levels_skipped``), so a reader can keep or drop those pairs.

Example:
    >>> superior_chain("义乌")
    ['金华', '浙江', '全国']
    >>> superior_chain("全国")
    []
"""

from __future__ import annotations

import pandas as pd

from govreports.datafiles import places
from govreports.documents import LEVEL_ORDER

#: The national government's short name in the places table.
NATIONAL = "全国"
#: Columns of :func:`superior_pairs`.
SUPERIOR_PAIR_COLUMNS = ["doc_id", "city", "admin_level", "year", "superior_doc", "superior_city", "superior_level",
                "levels_skipped"]


def superior_chain(city: str) -> list[str]:
    """The places above ``city``, nearest first (short names); empty for 全国 or an unknown place.

    Example:
        >>> superior_chain("杭州"), superior_chain("浙江"), superior_chain("某地")
        (['浙江', '全国'], ['全国'], [])
    """
    place = places().get(city)
    if place is None or place.admin_level in ("", "national"):
        return []
    if place.admin_level == "province":
        return [NATIONAL]
    chain = [place.prefecture] if place.admin_level == "county_city" and place.prefecture else []
    if place.province and place.province != place.short:
        chain.append(place.province)
    return [*chain, NATIONAL]


def immediate_superior(city: str) -> str:
    """The place one level up (``''`` for 全国 or an unknown place).

    Example:
        >>> immediate_superior("瑞安"), immediate_superior("宁波")
        ('温州', '浙江')
    """
    chain = superior_chain(city)
    return chain[0] if chain else ""


def superior_pairs(reports: pd.DataFrame) -> pd.DataFrame:
    """Each report beside the report of the nearest level above it in the same year, where present.

    Args:
        reports: one row per analysed report (``doc_id, city, admin_level, year``; ``doc_type``
            where present: a report pairs only with a superior report of its own type).

    Returns:
        One row per report that has a superior report of the same year, :data:`SUPERIOR_PAIR_COLUMNS`,
        sorted by superior (year, level, place), then report. ``levels_skipped`` is 0 for the
        immediate superior, 1 when the immediate superior's report is missing and the level above
        it is used (a county-level city against its province), and so on. Where a superior has
        several reports of that year, the first ``doc_id`` is used.

    Example:
        >>> r = pd.DataFrame({"doc_id": ["p", "c", "x"], "city": ["浙江", "湖州", "义乌"],
        ...                   "admin_level": ["province", "prefecture_city", "county_city"], "year": [2020] * 3})
        >>> superior_pairs(r)[["doc_id", "superior_doc", "levels_skipped"]].values.tolist()
        [['c', 'p', 0], ['x', 'p', 1]]
    """
    if len(reports) == 0:
        return pd.DataFrame(columns=SUPERIOR_PAIR_COLUMNS)
    table = reports.assign(
        year_=pd.to_numeric(reports["year"], errors="coerce").astype("float64"),
        type_=reports["doc_type"] if "doc_type" in reports.columns else "",
        city=reports["city"].fillna("").astype(str),
    )
    by_place = {
        key: sorted(group["doc_id"]) for key, group in table.dropna(subset=["year_"]).groupby(["city", "year_", "type_"])
    }
    levels = dict(zip(table["city"], table["admin_level"].fillna("") if "admin_level" in table.columns else ""))
    rows = []
    for row in table.dropna(subset=["year_"]).itertuples(index=False):
        for skipped, place in enumerate(superior_chain(row.city)):
            docs = by_place.get((place, row.year_, row.type_))
            if docs:
                rows.append({"doc_id": row.doc_id, "city": row.city, "admin_level": levels.get(row.city, ""),
                             "year": int(row.year_), "superior_doc": docs[0], "superior_city": place,
                             "superior_level": places()[place].admin_level, "levels_skipped": skipped})
                break
    if not rows:
        return pd.DataFrame(columns=SUPERIOR_PAIR_COLUMNS)
    rank = LEVEL_ORDER
    pairs = pd.DataFrame(rows, columns=SUPERIOR_PAIR_COLUMNS)
    order = pairs.assign(_rank=pairs["superior_level"].map(rank).fillna(9),
                         _sub=pairs["admin_level"].map(rank).fillna(9))
    order = order.sort_values(["year", "_rank", "superior_city", "superior_doc", "_sub", "city", "doc_id"], kind="stable")
    return order[SUPERIOR_PAIR_COLUMNS].reset_index(drop=True)


def busiest_superior(reports: pd.DataFrame) -> str | None:
    """The superior report with the most reports under it in the same year (``None`` if no pair).

    Ties go to the earlier year, then the higher level, then the first ``doc_id``.

    Example:
        >>> r = pd.DataFrame({"doc_id": ["p", "c", "x"], "city": ["浙江", "湖州", "义乌"],
        ...                   "admin_level": ["province", "prefecture_city", "county_city"], "year": [2020] * 3})
        >>> busiest_superior(r)
        'p'
    """
    pairs = superior_pairs(reports)
    if pairs.empty:
        return None
    counts = pairs.groupby("superior_doc", sort=False).size()
    return str(counts[counts == counts.max()].index[0])


def reports_under(reports: pd.DataFrame, superior_doc: str, years) -> list[str]:
    """The reports of ``years`` whose place is under ``superior_doc``'s place (at any depth), in table order.

    Example:
        >>> r = pd.DataFrame({"doc_id": ["p", "c", "x", "o"], "city": ["浙江", "湖州", "义乌", "南京"], "year": [2020, 2019, 2020, 2020]})
        >>> reports_under(r, "p", [2019, 2020])
        ['c', 'x']
    """
    city = reports.loc[reports["doc_id"] == superior_doc, "city"]
    if city.empty:
        return []
    years = {int(y) for y in years}
    year = pd.to_numeric(reports["year"], errors="coerce")
    return [d for d, c, y in zip(reports["doc_id"], reports["city"].fillna(""), year)
            if not pd.isna(y) and int(y) in years and city.iloc[0] in superior_chain(c)]


def top_level_places(reports: pd.DataFrame) -> list[str]:
    """The places of the highest level present, if the corpus also holds a lower level (else none).

    Example:
        >>> top_level_places(pd.DataFrame({"city": ["浙江", "湖州"], "admin_level": ["province", "prefecture_city"]}))
        ['浙江']
    """
    rank = LEVEL_ORDER
    levels = reports["admin_level"].fillna("").map(rank).dropna() if len(reports) else pd.Series(dtype=float)
    if levels.nunique() < 2:
        return []
    return sorted(set(reports.loc[levels[levels == levels.min()].index, "city"]))
