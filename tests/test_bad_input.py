"""Bad input and faults: every command either prints its table, with each problem a row of
``files``, or a one-line error with status 2; no traceback, no hang, nothing lost without a word.

Each case is a small file made by the test next to one good report (:data:`GOOD`), and the tables
of the good report must come out exactly as in a folder that holds it alone.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreports import paths
from govreports.cli import main
from govreports.export import csv_text
from govreports.measures import tokens
from govreports.pipeline.clean import clean_document, contiguous_runs
from govreports.pipeline.corpus import load_corpus
from govreports.pipeline.load import LoadProblem, SourceFile, read_file
from govreports.pipeline.metadata import MetadataFileError

SEEDS = paths.SEEDS_DIR

GOOD = """2024年丽水市政府工作报告
——2024年1月20日在丽水市第十六届人民代表大会第四次会议上
丽水市市长 张三
各位代表:
现在,我代表市人民政府,向大会报告工作,请予审议。
一、2023年工作回顾
2023年,全市地区生产总值增长6.5%,一般公共预算收入增长8%。
二、2024年主要目标任务
今年经济社会发展的主要预期目标是:地区生产总值增长6%左右;城镇调查失业率控制在5.5%以内。
"""
GOOD_ID = "2024-丽水-gwr"
#: Tables that hold rows of loaded documents only: byte-identical with or without bad neighbours.
DOCUMENT_TABLES = ("sentences", "audit", "targets", "results", "keywords")


def run_cli(*argv: str) -> tuple[int, str, str]:
    """Run ``python -m govreports ARGV`` in this process; return status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def rows(csv_output: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(csv_output), keep_default_na=False, dtype=str)


def good_tables(folder: Path) -> dict[str, str]:
    """The good report's tables, as the command line prints them."""
    result = {}
    for command in DOCUMENT_TABLES:
        status, out, err = run_cli(command, "--corpus", str(folder), "--quiet")
        assert status == 0 and err == "", err
        result[command] = out
    status, out, _ = run_cli("documents", "--corpus", str(folder), "--quiet")
    documents = rows(out)
    # corpus_version names the set of input files, so a file that is loaded beside the good one changes it
    result["documents"] = documents[documents["doc_id"] == GOOD_ID].drop(columns="corpus_version").to_csv(index=False)
    return result


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory, monkeypatch):
    """One token cache for this module, and no worker or size settings from outside."""
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path_factory.getbasetemp() / "bad-input-cache"))
    for name in ("GOVREPORTS_TOKENIZER", "GOVREPORTS_WORKERS", "GOVREPORTS_MAX_FILE_MB", "CORPUS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    folder = tmp_path_factory.mktemp("good-alone")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORTS_CACHE", str(tmp_path_factory.getbasetemp() / "bad-input-cache"))
        tables = good_tables(folder)
    assert GOOD_ID in tables["documents"] and len(rows(tables["sentences"])) > 5
    return tables


@pytest.fixture
def folder(tmp_path):
    """A corpus folder holding the good report."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    return corpus


def files_row(folder: Path, name: str, *extra: str) -> tuple[dict, str]:
    """The ``files`` row of one entry, and what the command printed on stderr."""
    status, out, err = run_cli("files", "--corpus", str(folder), *extra)
    assert status == 0, err
    table = rows(out).set_index("file")
    assert table.loc["good.txt", "status"] == "loaded"
    return table.loc[name].to_dict(), err


def assert_good_unchanged(folder: Path, baseline: dict[str, str]) -> None:
    assert good_tables(folder) == baseline


# --- 1. bad .docx files ---------------------------------------------------------------------------


def _docx_bytes(text: str = "各位代表:现在报告工作。") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, change) -> bytes:
    """The package with ``change(name, bytes) -> bytes`` applied to each member."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return out.getvalue()


def _broken_xml(data: bytes) -> bytes:
    return _rezip(data, lambda name, body: body[: len(body) // 2] if name == "word/document.xml" else body)


def _bad_compressed_data(data: bytes) -> bytes:
    package = zipfile.ZipFile(io.BytesIO(data))
    info = package.getinfo("word/document.xml")
    raw = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 10, start + 40):  # inside the deflated stream of document.xml
        raw[offset] ^= 0x55
    return bytes(raw)


def _zip_bomb(_: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"\0" * (51 * 1024 * 1024))  # 51 MB unpacked, 50 kB packed
    return out.getvalue()


@pytest.mark.parametrize(
    "name, make, reason",
    [
        ("empty.docx", lambda data: b"", "empty file"),
        ("truncated.docx", lambda data: data[: len(data) // 2], "not a .docx file (not a ZIP package"),
        ("text.docx", lambda data: GOOD.encode("utf-8"), "not a .docx file (not a ZIP package"),
        ("~$good.docx", lambda data: b"\x05zhang" + b"\0" * 150, "Office lock file"),
        ("broken-xml.docx", _broken_xml, "broken .docx (XMLSyntaxError: "),
        ("bad-deflate.docx", _bad_compressed_data, "broken .docx (zlib.error: "),
        ("bomb.docx", _zip_bomb, "unpacked .docx too large (51.0 MB; the limit is 50.0 MB)"),
    ],
)
def test_a_bad_docx_is_a_row_of_files_and_the_good_tables_are_unchanged(folder, baseline, name, make, reason):
    (folder / name).write_bytes(make(_docx_bytes()))
    row, err = files_row(folder, name)
    assert row["status"] == "not loaded"
    assert row["problem"].startswith(reason)
    assert f"warning: not loaded: {name}: {reason}" in err
    assert "Traceback" not in err
    assert_good_unchanged(folder, baseline)


def test_a_good_docx_next_to_bad_ones_is_read(folder):
    (folder / "report.docx").write_bytes(_docx_bytes("政府工作报告"))
    (folder / "~$report.docx").write_bytes(b"\0" * 162)
    row, _ = files_row(folder, "report.docx")
    assert (row["status"], row["encoding"], row["n_documents"]) == ("loaded", "docx", "1")


# --- 2. CSV: every cell with a line break is quoted -----------------------------------------------

CELL = st.text(alphabet=st.sampled_from(list("报告a ,\"\r\n\t;'")), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(CELL, CELL), max_size=6))
def test_csv_output_reads_back_as_the_same_cells(cells):
    table = pd.DataFrame(cells, columns=["a", "b"])
    text = csv_text(table)
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read == [["a", "b"], *[list(row) for row in cells]]
    assert text.endswith("\n") and not text.endswith("\r\n")


@pytest.mark.parametrize(
    "table, expected",
    [
        (pd.DataFrame({"t": ["甲\r乙", "丙"]}), 't\n"甲\r乙"\n丙\n'),
        (pd.DataFrame({"t": ["甲\r\n乙"], "n": [1]}), 't,n\n"甲\r\n乙",1\n'),
        (pd.DataFrame({"t": ['说"好"', "a,b"]}), 't\n"说""好"""\n"a,b"\n'),
        (pd.DataFrame({"t": ["plain"], "x": [0.5]}), "t,x\nplain,0.5\n"),
    ],
)
def test_csv_text_by_hand(table, expected):
    assert csv_text(table) == expected


def test_a_mixed_line_ending_report_gives_the_same_rows_in_every_reader(folder):
    mixed = GOOD.replace("\n", "\r", 3).replace("报告工作,", "报告\r工作,")  # bare CRs, one inside a sentence
    (folder / "mixed.txt").write_text(mixed, encoding="utf-8", newline="")
    corpus = load_corpus(folder, warn=False)
    for command, expected in (("sentences", corpus.sentences_table()), ("audit", corpus.audit_table())):
        status, out, _ = run_cli(command, "--corpus", str(folder), "--quiet")
        assert status == 0
        by_csv = list(csv.reader(io.StringIO(out, newline="")))
        assert len(by_csv) - 1 == len(expected) == len(pd.read_csv(io.StringIO(out)))
        assert [row[-1] for row in by_csv[1:]] == [str(t) for t in expected["text"]]


# --- 3. metadata.csv ------------------------------------------------------------------------------


def _metadata(folder: Path, content: str | bytes, name: str = "metadata.csv") -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    (folder / name).write_bytes(data)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"file,title\ngood.txt,\xff\xfe\xfd\n", "metadata.csv: cannot decode"),
        ("file,year\ngood.txt,99999999999999999999999\n", "line 2: year must be a year from 1900 to 2100, not '99999999999999999999999'"),
        ("file,year\ngood.txt,-5\n", "line 2: year must be a year from 1900 to 2100, not '-5'"),
        ("file,review_year\ngood.txt,1850\n", "line 2: review_year must be a year from 1900 to 2100"),
        ("file,date\ngood.txt,not-a-date\n", "line 2: date must be a date YYYY-MM-DD, not 'not-a-date'"),
        ("file,date\ngood.txt,2024-02-30\n", "line 2: date must be a date YYYY-MM-DD, not '2024-02-30'"),
        ("file,admin_level\ngood.txt,galaxy\n", "line 2: admin_level must be one of national, province, prefecture_city, county_city, not 'galaxy'"),
        ("file,doc,city\ngood.txt,0,杭州\n", "line 2: doc must be a document number from 1, not '0'"),
        ("file,doc,city\ngood.txt,x,杭州\n", "line 2: doc must be a document number from 1, not 'x'"),
        ("file,city\n../../etc/passwd,杭州\n", "line 2: file must be the name of a file in the corpus folder, not '../../etc/passwd'"),
        ("file,city\n,杭州\n", "line 2: empty 'file' cell"),
        ("file,city\ngood.txt,杭州\ngood.txt,宁波\n", "line 3: repeats the row of line 2 (good.txt)"),
        ("file,doc,city\ngood.txt,1,杭州\ngood.txt,1,宁波\n", "line 3: repeats the row of line 2 (good.txt, document 1)"),
        ("file,city,city\ngood.txt,杭州,宁波\n", "column(s) city given twice"),
        ("file,city\ngood.txt,杭州,extra\n", "line 2: 3 cells for 2 columns"),
        ('file,title,year\ngood.txt,"第一行\n第二行\n第三行",2024\ngood.txt,,99\n', "line 5: year must be a year"),
        ("", "metadata.csv: empty file"),
    ],
)
def test_a_malformed_metadata_csv_is_a_one_line_error_naming_file_line_and_problem(folder, content, message):
    _metadata(folder, content)
    with pytest.raises(MetadataFileError, match="metadata.csv") as error:
        load_corpus(folder, warn=False)
    assert message in str(error.value)
    status, out, err = run_cli("documents", "--corpus", str(folder))
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == f"error: {error.value}" and "Traceback" not in err


@pytest.mark.parametrize(
    "content, name",
    [
        ("file,city,year\ngood.txt,杭州,2025\n".encode("gbk"), "metadata.csv"),  # GBK, as Excel saves it in China
        ("\ufefffile,city,year\ngood.txt,杭州,2025\n".encode("utf-8"), "metadata.csv"),  # with BOM
        ("file,city,year\r\ngood.txt,杭州,2025\r\n".encode("utf-16"), "metadata.csv"),
        (b"file,city,year\ngood.txt,\xe6\x9d\xad\xe5\xb7\x9e,2025\n", "METADATA.CSV"),  # the name in any case
    ],
)
def test_metadata_csv_is_decoded_like_the_reports(folder, content, name):
    _metadata(folder, content, name)
    corpus = load_corpus(folder, warn=False)
    (doc,) = corpus.documents
    assert (doc.doc_id, doc.city, doc.year, doc.overridden) == ("2025-杭州-gwr", "杭州", 2025, ("city", "year"))
    status, out, _ = run_cli("files", "--corpus", str(folder))
    assert name not in rows(out)["file"].tolist()  # a side file, not a report


def test_two_metadata_files_are_an_error(folder):
    _metadata(folder, "file,city\ngood.txt,杭州\n")
    _metadata(folder, "file,city\ngood.txt,宁波\n", "METADATA.CSV")
    status, _, err = run_cli("documents", "--corpus", str(folder))
    assert status == 2 and "2 metadata files (METADATA.CSV, metadata.csv); keep one" in err


def test_unused_metadata_rows_are_warned_about_with_their_line(folder):
    (folder / "empty.txt").write_bytes(b"")
    _metadata(folder, "file,doc,city\ngood.txt,,丽水\nnope.txt,,杭州\ngood.txt,3,宁波\nempty.txt,,温州\n")
    status, _, err = run_cli("files", "--corpus", str(folder))
    assert status == 0
    warnings_printed = [line for line in err.splitlines() if line.startswith("warning: metadata.csv")]
    assert warnings_printed == [
        "warning: metadata.csv, line 3: names nope.txt, which is not in the folder; row not used",
        "warning: metadata.csv, line 4: good.txt has 1 document, not a document 3; row not used",
        "warning: metadata.csv, line 5: empty.txt was not loaded; row not used",
    ]


def test_an_unreadable_metadata_csv_is_an_error(folder, monkeypatch):
    import govreports.pipeline.load as load

    _metadata(folder, "file,city\ngood.txt,杭州\n")
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("metadata.csv"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(load.os, "open", refuse)  # tests may run as root, where chmod does not stop reading
    status, _, err = run_cli("documents", "--corpus", str(folder))
    assert status == 2
    assert err.splitlines()[-1] == "error: metadata.csv: cannot read file (Permission denied)"


def test_an_unreadable_corpus_folder_is_an_error(folder, monkeypatch):
    real_iterdir = Path.iterdir

    def refuse(self):
        if self == folder:
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    status, out, err = run_cli("documents", "--corpus", str(folder))
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == f"error: cannot read corpus folder {folder} (Permission denied)"


# --- 4. the token cache heals ---------------------------------------------------------------------

TEXT = "坚持八八战略,推动高质量发展。"
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["key", "tokens", "checksum", "format"]), inner, max_size=4),
    max_leaves=10,
)


def _entry_file(text: str) -> Path:
    return tokens._cache_file(tokens.cache_key(text))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(JSON_VALUES)
def test_any_wrong_cache_entry_is_recomputed_and_rewritten(tmp_path, value):
    expected = tokens.segment(TEXT, use_cache=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVREPORTS_CACHE", str(tmp_path / "random-entries"))
        path = _entry_file(TEXT)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
        with pytest.warns(tokens.TokenCacheWarning, match="segmented again and rewritten"):
            assert tokens.segment(TEXT) == expected
        entry = json.loads(path.read_text(encoding="utf-8"))
        assert tokens.check_cache_entry(entry, tokens.cache_key(TEXT), TEXT) is None


def _retokenized(entry: dict, edit) -> dict:
    """``entry`` with its tokens (decoded, edited by ``edit``, encoded again) but its old checksum."""
    decoded, _ = tokens._decode_entry(entry, entry["key"], TEXT)
    return {**entry, "tokens": tokens.cache_entry(entry["key"], edit(decoded.tokens()))["tokens"]}


@pytest.mark.parametrize(
    "edit, problem",
    [
        (lambda e: _retokenized(e, lambda t: t[:-1]), "belongs to another text"),  # a shorter list
        (lambda e: {**e, "tokens": {**e["tokens"], "vocab": [len(t) for t in e["tokens"]["vocab"].split("\0")]}},
         "does not hold a list of tokens"),
        (lambda e: {**e, "tokens": {**e["tokens"], "codes": "not base64!"}}, "does not hold a list of tokens"),
        (lambda e: {**e, "tokens": {**e["tokens"], "width": 3}}, "does not hold a list of tokens"),
        (lambda e: {**e, "tokens": {**e["tokens"], "vocab": e["tokens"]["vocab"].split("\0")[:1]}},
         "does not hold a list of tokens"),  # codes beyond the vocabulary
        (lambda e: {**e, "tokens": {**e["tokens"], "vocab": e["tokens"]["vocab"] + "\0"}}, "does not hold a list of tokens"),
        (lambda e: {**e, "tokens": e["tokens"]["vocab"]}, "does not hold a list of tokens"),
        (lambda e: [], "is not a cache entry"),
        # one token split in two: the text still joins, only the checksum sees it
        (lambda e: _retokenized(e, lambda t: [p for w in t for p in ([w[:2], w[2:]] if w == "高质量发展" else [w])]),
         "fails its checksum"),
        (lambda e: _retokenized(e, lambda t: [w.replace("高质量", "低质量") for w in t]), "belongs to another text"),
    ],
)
def test_an_edited_cache_entry_is_caught(private_cache, edit, problem):
    expected = tokens.segment(TEXT)
    path = _entry_file(TEXT)
    path.write_text(json.dumps(edit(json.loads(path.read_text(encoding="utf-8"))), ensure_ascii=False), encoding="utf-8")
    with pytest.warns(tokens.TokenCacheWarning, match=problem):
        assert tokens.segment(TEXT) == expected
    with warnings_as_errors():
        assert tokens.segment(TEXT) == expected  # healed: read back without a warning


@contextlib.contextmanager
def warnings_as_errors():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_a_cache_path_that_is_a_file_means_no_cache_and_one_warning(folder, baseline, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("GOVREPORTS_CACHE", str(blocker))
    status, out, err = run_cli("keywords", "--corpus", str(folder))
    assert (status, out) == (0, baseline["keywords"])
    cache_lines = [line for line in err.splitlines() if "token cache" in line]
    assert cache_lines == [f"warning: token cache folder {blocker} cannot be used (NotADirectoryError: Not a directory): running without the cache"]


def test_a_read_only_cache_folder_means_no_cache_and_one_warning(folder, baseline, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "read-only"))

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)  # the folder probe; chmod does not stop root
    status, out, err = run_cli("keywords", "--corpus", str(folder))
    assert (status, out) == (0, baseline["keywords"])
    assert [line for line in err.splitlines() if "token cache" in line] == [
        f"warning: token cache folder {tmp_path / 'read-only'} cannot be used (PermissionError: Permission denied): running without the cache"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_bad_entry_is_one_warning_and_right_counts_with_any_workers(folder, baseline, tmp_path, monkeypatch, workers):
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GOVREPORTS_WORKERS", workers)
    monkeypatch.setenv("GOVREPORTS_STORE", "0")  # the token cache itself is under test, not the stored counts
    assert run_cli("keywords", "--corpus", str(folder), "--quiet")[1] == baseline["keywords"]
    (entry,) = (tmp_path / "cache" / "tokens").rglob("*.json")
    entry.write_text("[]", encoding="utf-8")
    status, out, err = run_cli("keywords", "--corpus", str(folder))
    assert (status, out) == (0, baseline["keywords"])
    assert [line for line in err.splitlines() if line.startswith("warning:")] == [
        f"warning: token cache entry {entry} is not a cache entry (a JSON object with key, tokens and checksum): segmented again and rewritten"]


# --- 5. and 6. special files, symlinks, sub-folders, hidden files ---------------------------------


@pytest.mark.parametrize(
    "name, make, reason",
    [
        ("zero.txt", lambda p, d: p.symlink_to("/dev/zero"), "symbolic link to /dev/zero, outside the corpus folder, not read"),
        ("outside.txt", lambda p, d: p.symlink_to(d.parent / "elsewhere.txt"), "symbolic link to {outside}, outside the corpus folder, not read"),
        ("dangling.txt", lambda p, d: p.symlink_to(d / "nothing-here.txt"), "broken symbolic link, not read"),
        ("sub", lambda p, d: (p.mkdir(), (p / "inner.txt").write_text(GOOD)), "sub-folder, not read (only the files directly in the corpus folder are read)"),
        ("x.txt", lambda p, d: p.mkdir(), "sub-folder, not read (only the files directly in the corpus folder are read)"),
        (".hidden.txt", lambda p, d: p.write_text(GOOD), "hidden (name starts with '.'), not read"),
        (".git", lambda p, d: p.mkdir(), "hidden (name starts with '.'), not read"),
    ],
)
def test_an_entry_that_is_not_read_is_listed_with_why(folder, baseline, name, make, reason):
    (folder.parent / "elsewhere.txt").write_text(GOOD.replace("丽水", "衢州"), encoding="utf-8")
    make(folder / name, folder)
    row, err = files_row(folder, name)
    reason = reason.format(outside=folder.parent / "elsewhere.txt")
    assert (row["status"], row["problem"]) == ("not loaded", reason)
    assert f"warning: not loaded: {name}: {reason}" in err.splitlines()
    assert_good_unchanged(folder, baseline)


def test_a_symlink_inside_the_folder_is_followed(folder):
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.txt").write_text(GOOD.replace("丽水", "衢州"), encoding="utf-8")
    (folder / "link.txt").symlink_to(folder / "sub" / "inner.txt")
    row, _ = files_row(folder, "link.txt")
    assert (row["status"], row["doc_ids"]) == ("loaded", "2024-衢州-gwr")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_never_hangs_the_program(folder):
    os.mkfifo(folder / "x.txt")
    result = subprocess.run([sys.executable, "-m", "govreports", "files", "--corpus", str(folder)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "x.txt,not loaded,,0,,\"not a regular file (FIFO), not read\"," in result.stdout


def test_a_file_over_the_size_limit_is_listed_not_read(folder, baseline, monkeypatch):
    (folder / "big.txt").write_text("政" * 1000, encoding="utf-8")  # 3,000 bytes
    expected = "file too large (2.9 kB; the limit is 2.0 kB, set with --max-file-mb or GOVREPORTS_MAX_FILE_MB)"
    row, _ = files_row(folder, "big.txt", "--max-file-mb", "0.002")
    assert row["problem"] == expected
    monkeypatch.setenv("GOVREPORTS_MAX_FILE_MB", "0.002")
    row, _ = files_row(folder, "big.txt")
    assert row["problem"] == expected
    monkeypatch.delenv("GOVREPORTS_MAX_FILE_MB")
    assert files_row(folder, "big.txt")[0]["status"] == "loaded"


@pytest.mark.parametrize("value", ["0", "-1", "abc", "nan", "inf"])
def test_a_nonsense_size_limit_is_refused(folder, value, monkeypatch, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["files", "--corpus", str(folder), "--max-file-mb", value])
    assert exit_.value.code == 2
    assert "--max-file-mb: must be a positive number of MB" in capsys.readouterr().err
    monkeypatch.setenv("GOVREPORTS_MAX_FILE_MB", value)
    status, out, err = run_cli("files", "--corpus", str(folder))
    assert (status, out) == (2, "")
    assert err.splitlines()[-1].startswith("error: ") and "must be a positive number of MB" in err


# --- 7. audit rows: one per contiguous span ---------------------------------------------------------


def test_a_removal_around_an_earlier_one_is_two_audit_rows():
    raw = "\n\n(上接第一版)\n\n各位代表:现在报告工作。"
    removals = [(r.step, r.start, r.end, r.text) for r in clean_document(raw).removals]
    assert removals == [
        ("page_markers", 2, 9, "(上接第一版)"),
        ("whitespace", 0, 2, "\n\n"),
        ("whitespace", 9, 11, "\n\n"),
    ]


@pytest.mark.parametrize("positions, runs", [((), []), ((3,), [(3,)]), ((0, 1, 2), [(0, 1, 2)]), ((0, 2, 3, 7), [(0,), (2, 3), (7,)])])
def test_contiguous_runs(positions, runs):
    assert contiguous_runs(positions) == runs


def test_no_audit_row_of_the_seeds_spans_another(seed_corpus):
    audit = seed_corpus.audit_table()
    assert ((audit["end"] - audit["start"]) == audit["n_chars"]).all()
    for _, rows_of_file in audit.groupby("file"):
        ordered = rows_of_file.sort_values("start")
        assert (ordered["start"].iloc[1:].to_numpy() >= ordered["end"].iloc[:-1].to_numpy()).all()
    texts = {f.name: f.text for f in seed_corpus.files}
    width = {(d.raw_document.file, d.raw_document.start + s.position) for d in seed_corpus.documents for s in d.cleaning.substitutions}
    for row in audit.itertuples():  # the text at [start:end] is what was removed (up to width fixes)
        if not any((row.file, p) in width for p in range(row.start, row.end)):
            assert texts[row.file][row.start:row.end] == row.text


# --- 8. worker processes die with the main process --------------------------------------------------

WORKER_SCRIPT = textwrap.dedent("""
    import os, sys, time
    from govreports.parallel import map_in_processes
    print(os.getpid(), flush=True)
    for _ in map_in_processes(time.sleep, [300] * 4, workers=2):
        pass
""")


def _children(pid: int) -> list[int]:
    children = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(stat_file.parent.name))
    return children


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_workers_die_when_the_main_process_is_killed():
    main_process = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(main_process.stdout.readline())
        deadline = time.monotonic() + 60
        while len(workers := _children(pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) >= 2
    finally:
        main_process.send_signal(signal.SIGKILL)
        main_process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() and "Z" not in _state(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)] == []


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


# --- 9. numeric options and deep HTML ---------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["keywords", "--top", "-1"], "--top: must be a whole number from 0, not '-1'"),
        (["keywords", "--top", "abc"], "--top: must be a whole number from 0, not 'abc'"),
        (["compare", "--top", "-3"], "--top: must be a whole number from 0, not '-3'"),
        (["slogans", "--min-docs", "0"], "--min-docs: must be a whole number from 1, not '0'"),
        (["slogans", "--min-docs", "1.5"], "--min-docs: must be a whole number from 1, not '1.5'"),
    ],
)
def test_nonsense_numbers_are_refused(folder, capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--corpus", str(folder)])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def _nested_page(depth: int) -> str:
    body = "<p>" + "各位代表,现在我代表市人民政府向大会报告政府工作,请予审议。" * 8 + "</p>"
    return f"<html><head><title>2024年丽水市政府工作报告</title></head><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"


@pytest.mark.parametrize("depth", [10, 300])
def test_a_deeply_nested_page_is_read(tmp_path, depth):
    (tmp_path / "page.html").write_text(_nested_page(depth), encoding="utf-8")
    result = read_file(tmp_path / "page.html")
    assert isinstance(result, SourceFile)
    assert "我代表市人民政府向大会报告政府工作" in result.text


def test_a_page_too_deep_to_parse_says_so(tmp_path):
    (tmp_path / "page.html").write_text(_nested_page(5000), encoding="utf-8")
    result = read_file(tmp_path / "page.html")
    assert isinstance(result, LoadProblem)
    assert result.reason.startswith("HTML page nested too deeply (")


# --- 10. warnings and the summary on stderr ------------------------------------------------------


def test_every_command_says_what_it_read_and_warns_one_line_each(folder):
    (folder / "empty\nname.txt").write_bytes(b"")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    for command in ("documents", "files", "audit", "sentences", "keywords", "slogans", "targets", "compare", "results"):
        status, _, err = run_cli(command, "--corpus", str(folder))
        assert status == 0
        assert err.splitlines() == [
            f"corpus {folder}: 3 files (1 loaded, 2 not loaded), 1 document (1 analysed)",
            "warning: not loaded: empty\\nname.txt: empty file",
            "warning: not loaded: notes.pdf: unsupported file type (.pdf)",
        ], command
    status, out, err = run_cli("text", GOOD_ID, "--corpus", str(folder), "--quiet")
    assert (status, err) == (0, "") and out.startswith("2024年丽水市政府工作报告\n")


def test_quiet_silences_summary_and_warnings_not_errors(folder):
    (folder / "empty.txt").write_bytes(b"")
    assert run_cli("files", "--corpus", str(folder), "--quiet")[2] == ""
    status, _, err = run_cli("text", "no-such-id", "--corpus", str(folder), "--quiet")
    assert status == 2 and err.startswith("error: unknown document id 'no-such-id'") and err.count("\n") == 1


def test_corpus_notes_reach_the_command_line(folder):
    (folder / "later-copy.txt").write_text(GOOD, encoding="utf-8")  # read after good.txt
    (folder / "untitled.txt").write_text("这是一段没有标题的文字,不是报告。" * 3, encoding="utf-8")
    _, _, err = run_cli("documents", "--corpus", str(folder))
    assert "warning: later-copy.txt: document 1 is a copy of 2024-丽水-gwr (good.txt), kept once" in err.splitlines()
    assert any(line.startswith("warning: untitled.txt: no recognisable report header") for line in err.splitlines())


# --- internal errors: what was being done, on which file -----------------------------------------


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_internal_error_names_the_step_and_the_file(folder, monkeypatch, workers):
    import govreports.pipeline.corpus as corpus_module

    def broken(raw):
        raise IndexError("list index out of range")

    monkeypatch.setattr(corpus_module, "clean_document", broken)
    monkeypatch.setenv("GOVREPORTS_WORKERS", workers)
    monkeypatch.setenv("GOVREPORTS_STORE", "0")  # a file in the table store is not processed, so cannot fail
    status, out, err = run_cli("documents", "--corpus", str(folder))
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == ("error: internal error while cleaning, structuring and describing document 1 of "
                                    "good.txt: IndexError: list index out of range")
    assert "Traceback" not in err


def test_an_internal_error_in_a_table_names_the_command(folder, monkeypatch):
    import govreports.measures.keywords as keywords

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(keywords, "frequency_table", broken)
    status, out, err = run_cli("keywords", "--corpus", str(folder))
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == f"error: internal error while computing the keywords table of {folder}: ZeroDivisionError: division by zero"


# --- any bytes at all -----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".md", ".html", ".docx"]))
def test_any_bytes_give_a_file_or_a_reason_never_an_exception(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    result = read_file(path)
    assert isinstance(result, (SourceFile, LoadProblem))
    assert isinstance(result, SourceFile) or result.reason


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=300), suffix=st.sampled_from([".txt", ".docx"]))
def test_any_bytes_next_to_a_good_report_leave_its_tables_alone(folder, baseline, data, suffix):
    (folder / f"random{suffix}").write_bytes(data)
    status, out, err = run_cli("files", "--corpus", str(folder), "--quiet")
    assert status == 0 and "Traceback" not in err
    assert f"random{suffix}" in rows(out)["file"].tolist()
    tables = good_tables(folder)
    for command in ("documents", "targets", "results"):  # random text may add sentences of its own
        assert tables[command] == baseline[command]
