"""Every command prints on the seeds what it printed before the library was restructured.

The expected bytes are files recorded by ``tests/cli_invocations.py`` from the library as it was
before issue 11 moved its modules; nothing here is computed by the code under test. Only the
corpus version is masked (see that module's docstring).
"""

import tempfile
from pathlib import Path

import pytest

from cli_invocations import FOLDER_INVOCATIONS, RECORDED_DIR, TABLE_INVOCATIONS, doc_ids, folder_files, masked, run


@pytest.mark.parametrize(("name", "arguments"), TABLE_INVOCATIONS, ids=[n for n, _ in TABLE_INVOCATIONS])
def test_table_command_prints_the_recorded_csv(name, arguments):
    status, output = run(arguments)
    assert status == 0
    assert masked(output) == (RECORDED_DIR / f"{name}.csv").read_bytes()


@pytest.mark.parametrize("doc_id", doc_ids())
def test_text_command_prints_the_recorded_text(doc_id):
    status, output = run(["text", doc_id])
    assert status == 0
    assert output == (RECORDED_DIR / "text" / f"{doc_id}.txt").read_bytes()


@pytest.mark.parametrize(("name", "arguments"), FOLDER_INVOCATIONS, ids=[n for n, _ in FOLDER_INVOCATIONS])
def test_folder_command_writes_the_recorded_files(name, arguments):
    with tempfile.TemporaryDirectory() as tmp:
        status, _ = run([*arguments, tmp])
        assert status == 0
        files = folder_files(Path(tmp))
    assert list(files) == (RECORDED_DIR / f"{name}.files").read_text(encoding="utf-8").splitlines()
    for relative, data in files.items():
        if data:
            assert masked(data) == (RECORDED_DIR / name / relative).read_bytes(), relative


def test_every_document_of_the_seeds_has_a_recorded_text():
    assert len(doc_ids()) >= 11
    assert sorted(p.stem for p in (RECORDED_DIR / "text").iterdir()) == sorted(doc_ids())
