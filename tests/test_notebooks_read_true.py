"""Every notebook, run on a small folder that is not the seeds, says only what that folder supports.

The folder is written here: four short reports of 江苏 and cities under it (南京, 苏州, and 昆山, a
county-level city under 苏州), two years of 苏州. The test asserts that no markdown cell and no
output names a seed place the folder lacks, that every figure the README lists is written in
this run, and that the corpus heading and figure stamps name the folder's places.
"""

import re

import nbformat
import pytest
from nbclient import NotebookClient

from govreports import paths
from govreports.measures import themes
from govreports.report.build import CELL_TIMEOUT, notebook_paths

SEED_PLACES = ["浙江", "杭州", "宁波", "湖州", "台州", "瑞安", "义乌", "金华", "温州"]

REPORT = """{year}年{full}政府工作报告
——{year}年1月{day}日在{full}第十六届人民代表大会第{session}次会议上
{full}{title}　{speaker}
各位代表：
　　现在，我代表{gov}人民政府，向大会报告工作，请予审议。
　　一、{prev}年工作回顾
　　{prev}年，全{unit}地区生产总值增长{outcome}%，一般公共预算收入增长4.5%。深入实施“科技强{unit}”战略，推进“一带一路”交汇点建设，打好“三大攻坚战”。
　　二、{year}年主要目标任务
　　今年经济社会发展的主要预期目标是：地区生产总值增长{target}左右；一般公共预算收入增长5%；城镇调查失业率控制在5.5%以内。
　　我们将坚持“科技强{unit}”，推动高质量发展，深化长三角一体化，建设美丽{short}。
"""

REPORTS = {
    "jiangsu-2024.txt": dict(year=2024, full="江苏省", short="江苏", gov="省", unit="省", title="省长", speaker="许昆林",
                             day=23, session="二", prev=2023, outcome="5.8", target="5%"),
    "nanjing-2024.txt": dict(year=2024, full="南京市", short="南京", gov="市", unit="市", title="市长", speaker="陈之常",
                             day=10, session="三", prev=2023, outcome="4.6", target="5.5%"),
    "suzhou-2023.txt": dict(year=2023, full="苏州市", short="苏州", gov="市", unit="市", title="市长", speaker="吴庆文",
                            day=9, session="二", prev=2022, outcome="2", target="5%"),
    "suzhou-2024.txt": dict(year=2024, full="苏州市", short="苏州", gov="市", unit="市", title="市长", speaker="吴庆文",
                            day=8, session="三", prev=2023, outcome="4.6", target="5.5%"),
    "kunshan-2024.txt": dict(year=2024, full="昆山市", short="昆山", gov="市", unit="市", title="市长", speaker="周旭东",
                             day=12, session="四", prev=2023, outcome="5.6", target="6%"),
}


def readme_figures() -> set[str]:
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"figures/(\d\d-[\w-]+\.png)", text))


@pytest.fixture(scope="module")
def jiangsu(tmp_path_factory):
    folder = tmp_path_factory.mktemp("jiangsu")
    for name, fields in REPORTS.items():
        (folder / name).write_text(REPORT.format(**fields), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def run(jiangsu, tmp_path_factory):
    """Every notebook executed on the folder; figures to a temporary folder."""
    figures = tmp_path_factory.mktemp("figures")
    cache = tmp_path_factory.mktemp("cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("CORPUS", str(jiangsu))
    mp.setenv("GOVREPORTS_FIGURES", str(figures))
    mp.setenv("GOVREPORTS_CACHE", str(cache))
    mp.setenv("MPLBACKEND", "Agg")
    notebooks = {}
    try:
        for path in notebook_paths():
            notebook = nbformat.read(path, as_version=4)
            NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            notebooks[path.name] = notebook
    finally:
        mp.undo()
    return notebooks, figures


def texts(notebook) -> list[str]:
    """Markdown sources and every text output (plain, markdown, HTML, streams) of a notebook."""
    out = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            out.append(cell.source)
        for output in cell.get("outputs", []):
            out.append(output.get("text", ""))
            for kind in ("text/plain", "text/markdown", "text/html"):
                out.append(output.get("data", {}).get(kind, ""))
    return out


def without_dictionary_sources(text: str) -> str:
    """The text less the theme dictionaries' source lines (notebook 02 prints them: they name the
    documents a dictionary was built from, e.g. the 浙江 common-prosperity plan, not the corpus)."""
    for source in themes.theme_sources()["source"]:
        text = text.replace(source, "")
    return text


def test_no_seed_place_is_named(run):
    notebooks, _ = run
    found = {name: sorted({p for t in texts(nb) for p in SEED_PLACES if p in without_dictionary_sources(t)})
             for name, nb in notebooks.items()}
    assert found == {name: [] for name in notebooks}


def test_every_readme_figure_is_written(run):
    _, figures = run
    assert readme_figures() <= {p.name for p in figures.glob("*.png")}


def test_headings_name_the_folders_places(run):
    notebooks, _ = run
    for name, nb in notebooks.items():
        headings = [t for t in texts(nb) if "**Corpus read:**" in t]
        assert headings, name
        assert all("江苏" in h and "南京" in h and "苏州" in h for h in headings), (name, headings)
