"""Searchable tables: offline, deterministic, every row kept, long text wrapping."""

import json
import re

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from govreports.report import interactive_tables as it

QUOTE = "地区生产总值增长6.5%左右，一般公共预算收入增长5%，城镇调查失业率控制在5.5%以内"


def table_data(html: str) -> list:
    """The rows a rendered table hands to DataTables."""
    return json.loads(json.loads(re.search(r'"data_json": ("(?:[^"\\]|\\.)*")', html).group(1)))


@pytest.mark.parametrize(
    "columns, wrapped",
    [
        ({"doc_id": ["2020-湖州-gwr"], "quote": [QUOTE]}, [1]),
        ({"doc_id": ["2020-湖州-gwr"], "n": [3]}, []),  # short text and numbers stay on one line
        ({"quote": [None, QUOTE], "left": ["建设", "推进"]}, [0]),  # missing cells do not count
        ({"quote": pd.Series([QUOTE], dtype="string")}, [0]),
    ],
)
def test_long_text_columns(columns, wrapped):
    assert it.long_text_columns(pd.DataFrame(columns)) == wrapped


@pytest.mark.parametrize(
    "columns, defs",
    [
        ({"doc_id": ["a"], "n": [1]}, [{"targets": [0], "className": "dt-left"}]),
        ({"n": [1], "x": [0.5]}, []),
        ({"year": pd.Series([2020, ""], dtype=object), "city": ["湖州", ""]}, [{"targets": [1], "className": "dt-left"}]),
        # KWIC: the left context meets the keyword
        ({"doc_id": ["a"], "start": [2], "left": ["推进"], "term": ["数字经济"], "right": ["发展"]},
         [{"targets": [0, 3, 4], "className": "dt-left"}, {"targets": [2], "className": "dt-right"}]),
        ({"pre": ["建设“"], "keyword": ["一带一路"], "post": ["”中心"]},
         [{"targets": [1, 2], "className": "dt-left"}, {"targets": [0], "className": "dt-right"}]),
        ({"quote": [QUOTE]}, [{"targets": [0], "className": "dt-left"}, {"targets": [0], "className": "gr-wrap"}]),
    ],
)
def test_column_defs(columns, defs):
    assert it.column_defs(pd.DataFrame(columns)) == defs


def test_the_same_table_renders_the_same_html():
    df = pd.DataFrame({"doc_id": ["a", "b"], "quote": [QUOTE, "共同富裕"]})
    assert it.searchable(df, table_id="t1").html == it.searchable(df, table_id="t1").html


def test_table_ids_are_fresh_and_name_the_content():
    df = pd.DataFrame({"a": [1]})
    first, second = it.table_id_for(df), it.table_id_for(df)
    assert first != second  # two displays of one table are two elements of the page
    assert first.split("-")[3] == second.split("-")[3] != it.table_id_for(pd.DataFrame({"a": [2]})).split("-")[3]
    assert re.fullmatch(r"gr-table-\d+-[0-9a-f]{12}", first)


def test_every_row_is_kept_and_long_text_wraps():
    # far over itables' default 64 KB, beyond which it would drop rows from the search
    df = pd.DataFrame({"doc_id": [f"doc-{i}" for i in range(2000)], "quote": [QUOTE] * 2000})
    table = it.searchable(df, table_id="big")
    rows = table_data(table.html)
    assert len(rows) == 2000 and rows[-1][0] == "doc-1999" and rows[0][1] == QUOTE
    assert '{"className": "gr-wrap", "targets": [1]}' in table.html
    assert '{"className": "dt-left", "targets": [0, 1]}' in table.html
    assert repr(table) == "searchable table: 2000 rows × 2 columns"


def test_tables_load_nothing_from_the_network():
    html = it.searchable(pd.DataFrame({"a": [1, 2]}), table_id="t").html
    assert "import " not in html.split("window._itables")[0]  # no module imported by URL
    assert not re.search(r"""(src|href)=["']?https?://[^"' >]*\.(js|css)""", html)
    assert "unpkg" not in html


def test_offline_mode_ships_the_javascript_in_the_output():
    InteractiveShell.instance()
    with capture_output() as captured:
        it.offline_mode()
    html = "".join(output.data.get("text/html", "") for output in captured.outputs)
    assert "injectModule" in html and len(html) > 500_000  # the DataTables bundle, base64
    assert "unpkg" not in html and not re.search(r"""src=["']?https?://""", html)


def test_searchable_takes_a_dataframe():
    with pytest.raises(TypeError, match="not Series"):
        it.searchable(pd.Series([1, 2]))


@pytest.mark.parametrize(
    "obj, searchable",
    [
        (pd.DataFrame({"n": range(20)}), False),
        (pd.DataFrame({"n": range(21)}), True),
        (pd.DataFrame(), False),
        ("no pair of CITY_PAIRS is in this corpus", False),
    ],
)
def test_searchable_if_long(obj, searchable):
    shown = it.searchable_if_long(obj)
    assert isinstance(shown, it.SearchableTable) is searchable
    if not searchable:
        assert shown is obj
