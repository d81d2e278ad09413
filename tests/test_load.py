"""Loading: encodings detected from bytes, bad files reported by name, nothing skipped silently."""

import codecs

import pytest

from govreports.pipeline.load import (
    CorpusFolderError,
    LoadProblem,
    SourceFile,
    detect_encoding,
    list_folder,
    read_file,
    read_text_file,
)

REPORT = "政府工作报告\n各位代表:\n现在,我代表市人民政府向大会报告工作,请予审议。地区生产总值增长7.5%左右。\n"


@pytest.mark.parametrize(
    "data, expected",
    [
        (REPORT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8-sig"),
        (REPORT.encode("utf-16"), "utf-16"),  # with BOM
        (REPORT.encode("gbk"), "gb18030"),
        (REPORT.encode("gb18030"), "gb18030"),
    ],
)
def test_detect_encoding(data, expected):
    assert detect_encoding(data) == expected
    assert data.decode(expected) == REPORT


@pytest.mark.parametrize(
    "name, data, expected_encoding",
    [
        ("gbk.txt", REPORT.encode("gbk"), "gb18030"),
        ("bom.txt", codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8-sig"),
        ("utf16.txt", REPORT.encode("utf-16"), "utf-16"),
        ("utf16le-nobom.txt", REPORT.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_read_text_file_decodes_to_the_same_text(tmp_path, name, data, expected_encoding):
    path = tmp_path / name
    path.write_bytes(data)
    result = read_text_file(path)
    assert isinstance(result, SourceFile)
    assert result.encoding == expected_encoding
    assert result.text.lstrip("\ufeff") == REPORT


@pytest.mark.parametrize(
    "name, data, reason_start",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", bytes(range(256)) * 4, "binary file"),
        ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "binary file"),
        ("control.txt", b"abc\x01\x02\x03def", "binary file"),
    ],
)
def test_bad_files_become_problems_with_reasons(tmp_path, name, data, reason_start):
    path = tmp_path / name
    path.write_bytes(data)
    result = read_text_file(path)
    assert isinstance(result, LoadProblem)
    assert result.reason.startswith(reason_start)
    assert name in str(result)


def test_list_folder_then_read_file_accounts_for_every_entry(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden").write_text("x")
    (tmp_path / "sub").mkdir()
    to_read, skipped = list_folder(tmp_path)
    assert [(p.name, p.reason.split(" (")[0].split(",")[0]) for p in skipped] == [(".hidden", "hidden"), ("sub", "sub-folder")]
    read = [read_file(path) for path in to_read]
    assert [f.name for f in read if isinstance(f, SourceFile)] == ["a.txt"]
    assert [(p.name, p.reason.split(" (")[0]) for p in read if isinstance(p, LoadProblem)] == [
        ("b.txt", "empty file"), ("c.pdf", "unsupported file type")]


def test_missing_folder_raises_with_its_name(tmp_path):
    with pytest.raises(CorpusFolderError, match="nope"):
        list_folder(tmp_path / "nope")


def test_seed_files_all_load_as_utf8(seed_corpus):
    assert seed_corpus.problems == []
    assert [(f.name[:3], f.encoding) for f in seed_corpus.files] == [
        ("000", "utf-8"), ("001", "utf-8"), ("002", "utf-8"), ("003", "utf-8"), ("004", "utf-8")
    ]


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03binary", bytes(range(1, 256)) + b"\x00" * 9])
def test_nul_bytes_are_binary_unless_they_decode_to_real_text(tmp_path, data):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    assert isinstance(read_text_file(path), LoadProblem)


def test_a_folder_readme_is_listed_not_read(tmp_path):
    (tmp_path / "README.md").write_text("The reports start at 各位代表：.", encoding="utf-8")
    (tmp_path / "report.txt").write_text("各位代表：\n现在，我代表市人民政府向大会报告工作。", encoding="utf-8")
    to_read, problems = list_folder(tmp_path)
    assert [p.name for p in to_read] == ["report.txt"]
    assert [(p.path.name, p.reason.startswith("documentation file")) for p in problems] == [("README.md", True)]
