"""Every notebook runs top to bottom in a fresh kernel with ``CORPUS`` pointed at another folder.

The other folder is a researcher's kind of corpus, made here: two seed files (the 义乌 2020
newspaper page and the 金华 plan report), a GBK text file, an HTML page, an empty file and a
binary file; and a folder where nothing can be read at all. Figures go to a temporary folder, so the committed ones are not touched. A cell that
raises fails the test with the notebook and the error named.
"""

import shutil

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from govreports import paths
from govreports.report.build import CELL_TIMEOUT, figures_written, notebook_paths

GBK_REPORT = """2021年湖州市政府工作报告
——2021年1月20日在湖州市第八届人民代表大会第六次会议上
湖州市市长　王纲
各位代表：
　　现在，我代表市人民政府，向大会报告工作，请予审议。
　　一、2020年工作回顾
　　2020年，全市地区生产总值增长3.3%，一般公共预算收入增长5.2%。坚持“两山”理念，深化“最多跑一次”改革。
　　二、2021年目标任务
　　今年经济社会发展的主要预期目标是：地区生产总值增长7%左右；城镇调查失业率控制在5.5%以内。
"""

HTML_PAGE = """<html><head><meta charset="utf-8"><title>2021年衢州市政府工作报告</title></head><body>
<div>当前位置：首页 &gt; 政务公开</div><div class="article"><h1>2021年衢州市政府工作报告</h1>
<p>——2021年1月10日在衢州市第八届人民代表大会第五次会议上</p><p>衢州市市长　汤飞帆</p><p>各位代表：</p>
<p>现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。</p>
<p>一、2020年工作回顾</p><p>2020年，全市地区生产总值增长3.5%，深化“最多跑一次”改革，推进“两山”转化。我们坚持稳中求进工作总基调，推动经济社会高质量发展。</p>
<p>二、2021年主要目标任务</p><p>今年的主要预期目标是：地区生产总值增长7.5%左右；一般公共预算收入增长6%。</p>
</div></body></html>"""


@pytest.fixture(scope="module")
def other_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("other-corpus")
    for name in ("000_4040511506bbac4c.txt", "004_095f14da05dd1c4d.txt"):
        shutil.copy(paths.SEEDS_DIR / name, folder / name)
    (folder / "huzhou-2021.txt").write_bytes(GBK_REPORT.encode("gbk"))
    (folder / "quzhou-2021.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return folder


@pytest.fixture(scope="module")
def unreadable_corpus(tmp_path_factory):
    """A folder where nothing can be read: the notebooks must say so, not fail."""
    folder = tmp_path_factory.mktemp("unreadable-corpus")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    return folder


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
@pytest.mark.parametrize("corpus", ["other_corpus", "unreadable_corpus"])
def test_notebook_runs_on_another_corpus(path, corpus, request, tmp_path, monkeypatch):
    other_corpus = request.getfixturevalue(corpus)
    monkeypatch.setenv("CORPUS", str(other_corpus))
    monkeypatch.setenv("GOVREPORTS_FIGURES", str(tmp_path / "figures"))
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as err:
        pytest.fail(f"{path.name} fails with CORPUS={other_corpus}:\n{str(err)[-1500:]}")
    if corpus == "other_corpus" and figures_written(notebook):  # 06-explore draws for a selection, saves none
        assert any((tmp_path / "figures").glob("*.png")), f"{path.name} wrote no figure on the other corpus"
