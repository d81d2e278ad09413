"""The command-line invocations whose output on the seeds is recorded in ``tests/data/cli_seeds/``.

Recorded once, before the library was restructured (issue 11), by running this module::

    python tests/cli_invocations.py

``tests/test_cli_recorded.py`` runs the same invocations and compares their output byte for byte
with the recorded files: a restructuring of the library must not change what any command prints.
Re-record only for a change of behaviour that is meant, and say so in the commit message.
"""

from __future__ import annotations

import contextlib
import io
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

#: Commands that write a folder; the SHA-256 of every file they write is recorded (``<name>.sha256``,
#: the format of ``sha256sum``), since the folder repeats the tables above as CSV, Parquet and Stata.
FOLDER_INVOCATIONS = [
    ("export", ["export"]),
    ("dfm", ["dfm"]),
]


def run(arguments: list[str]) -> tuple[int, bytes]:
    """Run the command line in this process; return its exit status and what it printed."""
    from govreports.__main__ import main

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


def folder_digests(folder: Path) -> str:
    """``sha256sum``-style lines for every file under ``folder``, sorted by relative path."""
    import hashlib

    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    return "".join(lines)


def record() -> None:
    """Write every invocation's output under :data:`RECORDED_DIR`."""
    RECORDED_DIR.mkdir(parents=True, exist_ok=True)
    for name, arguments in TABLE_INVOCATIONS:
        status, output = run(arguments)
        assert status == 0, (name, status)
        (RECORDED_DIR / f"{name}.csv").write_bytes(output)
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
            (RECORDED_DIR / f"{name}.sha256").write_text(folder_digests(Path(tmp)), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(record())
