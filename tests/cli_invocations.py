"""The command-line invocations whose output on the seeds is recorded in ``tests/data/cli_seeds/``.

Recorded once, before the library was restructured (issue 11), by running this module::

    python tests/cli_invocations.py

``tests/test_cli_recorded.py`` runs the same invocations and compares their output byte for byte
with the recorded files: a restructuring of the library must not change what any command prints.
Re-record only for a change of behaviour that is meant, and say so in the commit message.

One value is masked on both sides: the corpus version (``sha256:`` and 16 hex digits), which by
design digests the bytes of the library's data files, so it changes when a data file is edited
(a comment that names a module, a new column of ``indicators.csv``) although no table does; and
the export manifest's per-file SHA-256, which digest files that carry that version. The tables
themselves are compared unmasked.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import tempfile
from pathlib import Path

RECORDED_DIR = Path(__file__).resolve().parent / "data" / "cli_seeds"

#: ``(name, arguments)``: every table command with its defaults, and the options that change a table.
TABLE_INVOCATIONS = [
    ("documents", ["documents"]),
    ("files", ["files"]),
    ("audit", ["audit"]),
    ("sentences", ["sentences"]),
    ("keywords", ["keywords"]),
    ("keywords-top-5", ["keywords", "--top", "5"]),
    ("keywords-excel", ["keywords", "--excel"]),
    ("slogans", ["slogans"]),
    ("slogans-min-docs-1", ["slogans", "--min-docs", "1"]),
    ("targets", ["targets"]),
    ("targets-excel", ["targets", "--excel"]),
    ("results", ["results"]),
    ("compare", ["compare"]),
    ("compare-top-3", ["compare", "--top", "3"]),
    ("panel", ["panel"]),
    ("kwic-创新", ["kwic", "创新"]),
    ("kwic-共同富裕-window-10", ["kwic", "共同富裕", "--window", "10"]),
    ("counts", ["counts"]),
    ("counts-by-city", ["counts", "--by", "city", "--top", "10"]),
]

#: Commands that write a folder; every text file they write (CSV, Matrix Market) is recorded, and
#: the names of all of them (``<name>.files``). The Parquet and Stata files hold the same tables;
#: ``tests/test_export.py`` reads them back and compares them with the tables.
FOLDER_INVOCATIONS = [
    ("export", ["export"]),
    ("dfm", ["dfm"]),
]


def run(arguments: list[str]) -> tuple[int, bytes]:
    """Run the command line in this process; return its exit status and what it printed."""
    from govreports.cli import main

    out = io.BytesIO()
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
    with contextlib.redirect_stdout(wrapper):
        status = main([*arguments, "--quiet"])
        wrapper.flush()
    return status, out.getvalue()


def doc_ids() -> list[str]:
    """Every document id of the seeds, from the recorded ``documents`` table."""
    import csv

    with open(RECORDED_DIR / "documents.csv", encoding="utf-8", newline="") as handle:
        return [row["doc_id"] for row in csv.DictReader(handle) if row["doc_id"]]


TEXT_SUFFIXES = (".csv", ".mtx")
_CORPUS_VERSION = re.compile(rb"sha256:[0-9a-f]{16}\b")
_FILE_DIGEST = re.compile(rb"\b[0-9a-f]{64}\b")


def masked(output: bytes) -> bytes:
    """``output`` with the corpus version and 64-digit file digests replaced by placeholders."""
    return _FILE_DIGEST.sub(b"<sha256>", _CORPUS_VERSION.sub(b"sha256:<corpus_version>", output))


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path: the bytes of text files, ``b""`` for others."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.suffix in TEXT_SUFFIXES else b"")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def record() -> None:
    """Write every invocation's output under :data:`RECORDED_DIR`."""
    RECORDED_DIR.mkdir(parents=True, exist_ok=True)
    for name, arguments in TABLE_INVOCATIONS:
        status, output = run(arguments)
        assert status == 0, (name, status)
        (RECORDED_DIR / f"{name}.csv").write_bytes(masked(output))
    texts = RECORDED_DIR / "text"
    texts.mkdir(exist_ok=True)
    for doc_id in doc_ids():
        status, output = run(["text", doc_id])
        assert status == 0, (doc_id, status)
        (texts / f"{doc_id}.txt").write_bytes(output)
    for name, arguments in FOLDER_INVOCATIONS:
        with tempfile.TemporaryDirectory() as tmp:
            status, _ = run([*arguments, tmp])
            assert status == 0, (name, status)
            files = folder_files(Path(tmp))
            (RECORDED_DIR / f"{name}.files").write_text("".join(f"{n}\n" for n in files), encoding="utf-8")
            for relative, data in files.items():
                if relative.endswith(TEXT_SUFFIXES):
                    target = RECORDED_DIR / name / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(masked(data))


if __name__ == "__main__":
    sys.exit(record())
