"""Reproducible figures: re-running every notebook gives the committed ``figures/`` byte for byte.

Each numbered notebook is executed once per test session, in memory (the notebook files are not
touched), in a fresh ``python3`` kernel started in ``notebooks/`` as ``make report`` does, with
``GOVREPORTS_FIGURES`` pointing to a temporary folder of its own, so the figures it writes land
there and tell which notebook wrote which figure. Then every figure written must equal the
committed file, every committed figure must be written by some notebook, and the README must
list each figure with its notebook.
"""

import os
import re

import nbformat
import pytest
from nbclient import NotebookClient

from govreports import paths
from govreports.report.build import CELL_TIMEOUT, notebook_paths

COMMITTED = sorted(p.name for p in paths.FIGURES_DIR.glob("*.png"))


@pytest.fixture(scope="session")
def regenerated(tmp_path_factory):
    """Run every notebook once; return ``{figure name: (notebook name, path written)}``."""
    out = tmp_path_factory.mktemp("figures")
    written: dict[str, tuple[str, os.PathLike]] = {}
    with pytest.MonkeyPatch.context() as env:
        # The kernel inherits this process's environment: the same settings as `make report`,
        # and the bundled seeds whatever CORPUS a developer has set.
        env.delenv("CORPUS", raising=False)
        env.setenv("MPLBACKEND", "Agg")
        env.setenv("PYTHONHASHSEED", "0")
        for path in notebook_paths():
            folder = out / path.stem
            env.setenv("GOVREPORTS_FIGURES", str(folder))
            notebook = nbformat.read(path, as_version=4)
            NotebookClient(
                notebook, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
            ).execute()
            for figure in sorted(folder.glob("*.png")):
                assert figure.name not in written, f"{figure.name} is written by {written[figure.name][0]} and {path.name}"
                written[figure.name] = (path.name, figure)
    return written


@pytest.mark.parametrize("name", COMMITTED)
def test_committed_figure_is_regenerated_byte_for_byte(regenerated, name):
    assert name in regenerated, f"figures/{name} is committed but no notebook writes it"
    notebook, path = regenerated[name]
    new, old = path.read_bytes(), (paths.FIGURES_DIR / name).read_bytes()
    assert new == old, (
        f"{notebook} writes figures/{name} with different bytes ({len(new)} vs {len(old)} committed); "
        f"the new file is {path}: run `make report` and commit, or find what is not deterministic"
    )


def test_every_figure_written_is_committed(regenerated):
    extra = {name: notebook for name, (notebook, _) in regenerated.items() if name not in COMMITTED}
    assert extra == {}, "figures written by notebooks but not committed in figures/ (run `make report`)"


def test_figure_names_start_with_their_notebook_number(regenerated):
    misnamed = {name: nb for name, (nb, _) in regenerated.items() if name[:3] != nb[:3]}
    assert misnamed == {}, "figures/NN-name.png: NN is the number of the notebook that writes it"


def test_readme_lists_each_figure_with_its_notebook(regenerated):
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    missing = [
        f"figures/{name} ({notebook})"
        for name, (notebook, _) in sorted(regenerated.items())
        if not any(f"figures/{name}" in line and re.search(rf"\b{re.escape(notebook)}\b", line) for line in readme)
    ]
    assert missing == [], "README.md: no line names both the figure and its notebook"

