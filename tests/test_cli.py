"""The command line: CSV on stdout, one-line errors and status 2 on bad arguments."""

import io
import subprocess
import sys

import pandas as pd
import pytest

from govreports import paths
from govreports.cli import main
from govreports.pipeline.corpus import DOCUMENT_COLUMNS

SEEDS = paths.SEEDS_DIR


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_documents_csv_has_one_row_per_document(capsys):
    status, out, _ = run(capsys, "documents", "--corpus", str(SEEDS))
    table = pd.read_csv(io.StringIO(out))
    assert status == 0
    assert list(table.columns) == DOCUMENT_COLUMNS
    assert len(table) == 14
    assert table["doc_id"].is_unique


def test_text_prints_the_cleaned_text(capsys):
    status, out, _ = run(capsys, "text", "2023-金华-gwr", "--corpus", str(SEEDS))
    assert status == 0
    assert out.startswith("2023年金华市政府工作报告\n各位代表:\n")
    assert out.count("2023年金华市政府工作报告") == 1


@pytest.mark.parametrize(
    "argv, message",
    [
        (["text", "2099-某市-gwr", "--corpus", str(SEEDS)], "unknown document id '2099-某市-gwr'"),
        (["documents", "--corpus", "/no/such/folder"], "corpus folder not found: /no/such/folder"),
    ],
)
def test_bad_arguments_give_one_line_error_and_status_2(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    # the corpus summary may come first; the error is one line, the last
    assert err.splitlines()[-1].startswith("error: ") and message in err.splitlines()[-1]
    assert "Traceback" not in err
    assert err.count("\nerror: ") + err.startswith("error: ") == 1


def test_bad_files_are_warned_about_not_fatal(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("2020年云和县政府工作报告\n各位代表:\n现在,我代表县人民政府向大会报告政府工作。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    status, out, err = run(capsys, "files", "--corpus", str(tmp_path))
    table = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert status == 0
    assert "warning: not loaded: empty.txt: empty file" in err
    assert table.set_index("file").loc["empty.txt", "problem"] == "empty file"
    assert table.set_index("file").loc["good.txt", "status"] == "loaded"


def test_module_runs_as_a_program():
    result = subprocess.run([sys.executable, "-m", "govreports", "documents", "--corpus", str(SEEDS)],
                            capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[0].startswith("doc_id,city,admin_level,doc_type,year")


def test_documents_lists_files_that_were_not_loaded(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("2020年云和县政府工作报告\n各位代表:\n现在,我代表县人民政府向大会报告政府工作。", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02\x03binary")
    status, out, _ = run(capsys, "documents", "--corpus", str(tmp_path))
    table = pd.read_csv(io.StringIO(out), keep_default_na=False).set_index("doc_id")
    assert status == 0
    assert table.loc["broken.txt", "status"].startswith("not loaded: binary file")
    assert table.loc["broken.txt", "partial"] == ""  # nothing invented for a file not read
    assert table.loc["2020-云和-gwr", "status"] == "analysed"
