"""The HTML pages fetch nothing from a CDN, and saved notebooks carry no widget views."""

import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from govreports.report.build import WIDGET_VIEW, drop_widget_views, write_html

CONTROLS_TEXT = "Explorer controls: they work in JupyterLab with a running kernel"


def notebook_with_widget():
    view = new_output("execute_result", data={"text/plain": CONTROLS_TEXT, WIDGET_VIEW: {"model_id": "3f2a", "version_major": 2}},
                      execution_count=1)
    notebook = new_notebook(cells=[
        new_markdown_cell("# 06 · A page\n\n- 政府工作报告, with a formula $x^2$ (typeset by a CDN script in the default template)"),
        new_code_cell("explore.ExplorerView(explorer)", outputs=[view], execution_count=1),
    ])
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return notebook


def test_drop_widget_views_keeps_the_text_form():
    notebook = drop_widget_views(notebook_with_widget())
    (output,) = notebook.cells[1].outputs
    assert dict(output["data"]) == {"text/plain": CONTROLS_TEXT}
    assert "widgets" not in notebook.metadata
    nbformat.validate(notebook)


def test_pages_load_no_script_or_style_from_the_network(tmp_path):
    page = tmp_path / "06-a-page.html"
    write_html(notebook_with_widget(), page, title="A page")
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""<script[^>]+src=["']?(https?:)?//""", html)
    assert not re.search(r"""<link[^>]+href=["']?(https?:)?//""", html)
    for name in ("require.min.js", "MathJax", "embed-amd.js", "mermaid.esm"):
        assert name not in html
    assert CONTROLS_TEXT in html  # where the live controls would be, the page says what they are
    assert "政府工作报告" in html and '<html lang="zh-CN">' in html
