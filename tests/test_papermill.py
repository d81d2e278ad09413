"""Every notebook takes its corpus from papermill: ``papermill NB out.ipynb -p CORPUS DIR``.

Each notebook's parameters cell is tagged ``parameters``; papermill injects ``CORPUS = DIR`` after
it. The test runs the command line on a small folder of two short reports (湖州 and 衢州 2021)
while ``$CORPUS`` names a folder that does not exist, so a notebook that ignored the parameter
would fail; figures go to a temporary folder.
"""

import os
import subprocess
import sys

import nbformat
import pytest

from govreports import paths
from govreports.report.build import notebook_paths

HUZHOU = """2021年湖州市政府工作报告
——2021年1月20日在湖州市第八届人民代表大会第六次会议上
湖州市市长　王纲
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2020年工作回顾
2020年，全市地区生产总值增长3.3%，一般公共预算收入增长5.2%。坚持“两山”理念，深化“最多跑一次”改革。
二、2021年目标任务
今年经济社会发展的主要预期目标是：地区生产总值增长7%左右；城镇调查失业率控制在5.5%以内。
"""

QUZHOU = """2021年衢州市政府工作报告
——2021年1月10日在衢州市第八届人民代表大会第五次会议上
衢州市市长　汤飞帆
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2020年工作回顾
2020年，全市地区生产总值增长3.5%，深化“最多跑一次”改革，推进“两山”转化。我们坚持稳中求进工作总基调。
二、2021年主要目标任务
今年的主要预期目标是：地区生产总值增长7.5%左右；一般公共预算收入增长6%。
"""


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("papermill-corpus")
    (folder / "huzhou-2021.txt").write_text(HUZHOU, encoding="utf-8")
    (folder / "quzhou-2021.txt").write_text(QUZHOU, encoding="utf-8")
    return folder


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_parameters_cell_is_tagged_and_sets_corpus(path):
    notebook = nbformat.read(path, as_version=4)
    tagged = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: one code cell tagged 'parameters' (found {len(tagged)})"
    assert tagged[0].cell_type == "code" and "CORPUS = None" in tagged[0].source


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_papermill_runs_the_notebook_on_another_folder(path, two_reports, tmp_path):
    out = tmp_path / path.name
    env = {**os.environ, "CORPUS": str(tmp_path / "not-this-folder"), "GOVREPORTS_FIGURES": str(tmp_path / "figures"),
           "GOVREPORTS_CACHE": str(tmp_path / "cache"), "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "papermill", str(path), str(out), "-p", "CORPUS", str(two_reports),
               "-k", "python3", "--cwd", str(paths.NOTEBOOKS_DIR), "--no-progress-bar"]
    run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"{' '.join(command[2:])} failed:\n{run.stderr[-2000:]}"
    notebook = nbformat.read(out, as_version=4)
    injected = [cell for cell in notebook.cells if "injected-parameters" in cell.metadata.get("tags", [])]
    assert len(injected) == 1 and f"CORPUS = {str(two_reports)!r}" in injected[0].source.replace('"', "'")
    shown = "\n".join(str(output) for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs)
    assert "衢州" in shown, f"{path.name}: nothing of the folder's reports in the outputs"
