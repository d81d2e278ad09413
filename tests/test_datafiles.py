"""The one reader of the editable data files: comment rule, blank lines, BOM, sections, CSV rows, errors."""

import pandas as pd
import pytest

from govreports import datafiles
from govreports.datafiles import DataFileError, parse_lines, parse_rows
from govreports.measures import tokens
from govreports.paths import DATA_DIR


@pytest.mark.parametrize(
    "line, comment",
    [("# Source: 民政部", True), ("  # indented", True), ("\t#", True), ("## section: verbs", True),
     ("C# 语言", False), ("两山 # 注", False), ("两山", False), ("", False)],
)
def test_is_comment(line, comment):
    assert datafiles.is_comment(line) is comment


@pytest.mark.parametrize(
    "text, entries",
    [
        ("# header\n两山\n", ["两山"]),
        ("  # an indented comment\n两山", ["两山"]),
        # a # elsewhere than first is text
        ("C# 语言\n两山 # 不是注释\n", ["C# 语言", "两山 # 不是注释"]),
        # blank lines and white space around an entry
        ("\n  \n\t\n 两山 \n\n三服务\n", ["两山", "三服务"]),
        # a byte-order mark before a comment or an entry
        ("\ufeff# header\n两山\n", ["两山"]),
        ("\ufeff两山\n", ["两山"]),
        # CR LF line endings
        ("两山\r\n三服务\r\n", ["两山", "三服务"]),
        ("# only a header\n\n", []),
    ],
)
def test_parse_lines(text, entries):
    assert [line.text for line in parse_lines(text)] == entries


def test_lines_know_their_number_and_section():
    lines = parse_lines("# header\n\n加快\n## section: policy_verbs\n推进\n# note\n加强\n", "stop.txt")
    assert [(line.number, line.section, line.text) for line in lines] == [
        (3, None, "加快"), (5, "policy_verbs", "推进"), (7, "policy_verbs", "加强")]
    assert str(lines[1].error("bad entry")) == "stop.txt, line 5: bad entry: '推进'"


@pytest.mark.parametrize(
    "text, header, rows",
    [
        ("# codes\ncode,name\ngdp,生产总值\n", ["code", "name"], [(3, ["gdp", "生产总值"])]),
        # comments and blank lines anywhere, a BOM, a # inside a field, a quoted comma, an empty cell
        ("\ufeffcode,name\n\n# note\ngdp,\"生产总值,GDP\"\ncpi,C#\nx,\n", ["code", "name"],
         [(4, ["gdp", "生产总值,GDP"]), (5, ["cpi", "C#"]), (6, ["x", ""])]),
        ("code,name\r\ngdp,生产总值\r\n", ["code", "name"], [(2, ["gdp", "生产总值"])]),
        ("code,name\n", ["code", "name"], []),
    ],
)
def test_parse_rows(text, header, rows):
    assert parse_rows(text) == (header, rows)


@pytest.mark.parametrize(
    "text, message",
    [
        ("code,name\ngdp,生产总值,多\n", r"x\.csv, line 2: 3 fields where the header has 2"),
        ("# h\ncode,name\n\ngdp\n", r"x\.csv, line 4: 1 fields where the header has 2"),
        ("code,name\ngdp,\"生产总值\n", r"x\.csv, line 2: not a CSV row"),
        ("code,\ngdp,生产总值\n", r"x\.csv, line 1: the header has an empty or repeated column name"),
        ("code,code\ngdp,生产总值\n", r"x\.csv, line 1: the header has an empty or repeated column name"),
        ("# only comments\n\n", r"x\.csv: no header row"),
    ],
)
def test_a_bad_csv_row_names_the_file_and_line(text, message):
    with pytest.raises(DataFileError, match=message):
        parse_rows(text, "x.csv")


def test_read_rows_and_table_name_the_file(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("# places\nname,short\n杭州市,杭州\n宁波市\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"{path.name}, line 4: 1 fields"):
        datafiles.read_rows(path)
    path.write_text("# places\nname,short\n杭州市,杭州\n义乌市,\n", encoding="utf-8")
    assert datafiles.read_rows(path) == [{"name": "杭州市", "short": "杭州"}, {"name": "义乌市", "short": ""}]
    table = datafiles.read_csv_frame(path)
    pd.testing.assert_frame_equal(table, pd.DataFrame({"name": ["杭州市", "义乌市"], "short": ["杭州", ""]}, dtype=str))


def test_header_comments(tmp_path):
    path = tmp_path / "theme.txt"
    path.write_text("# Digital economy\n#\n# Source: 国家统计局\n数字经济\n# later\n", encoding="utf-8")
    assert datafiles.header_comments(path) == ["Digital economy", "", "Source: 国家统计局"]


def test_a_bad_user_dictionary_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text("# header\n两山 many\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"dict\.txt, line 2: user dictionary line is not"):
        tokens.load_userdict(path)


DATA_FILES = sorted(p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*") if p.suffix in (".txt", ".csv"))


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_reads_with_the_one_reader(name):
    path = DATA_DIR / name
    read = datafiles.read_rows if path.suffix == ".csv" else datafiles.read_lines
    assert len(read(path)) > 0
    # each file opens with a header saying what it is
    assert datafiles.header_comments(path)


def test_the_shared_files():
    assert datafiles.places()["杭州"] == datafiles.places()["杭州市"]
    assert datafiles.places()["建德"].prefecture == "杭州"
    spam = datafiles.injected_spam()
    assert spam[0] == "侯卫东官场笔记" and "二号首长" in spam
    assert list(spam) == sorted(spam, key=lambda s: (-len(s), s))
    assert {rule.scope for rule in datafiles.boilerplate_rules()} <= {"line", "prefix"}
