"""Build the rendered reports: run every notebook in order, then write HTML pages and an index.

``python -m govreports.build_reports`` (what ``make report`` runs):

1. executes each ``notebooks/NN-*.ipynb`` in a fresh kernel, in number order, and saves it with
   its outputs (so the committed notebooks are what nbval checks), printing which notebook runs
   and how long it took;
2. writes ``reports/NN-name.html`` for each (figures embedded, code hidden, Chinese text as
   UTF-8) and ``reports/index.html`` listing every notebook with its summary and figures. The
   pages carry their own Chinese font: Noto Sans SC (from ``zhplot``, SIL OFL) is copied to
   ``reports/fonts/`` and named in an ``@font-face`` rule, so a reader without a CJK font (or a
   fresh CI machine) still sees the characters, not empty boxes.

A failing cell stops the build with the notebook and the cell number named, and exit status 1.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import mistune
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

from govreports import paths
from govreports.plots import font_path

#: Seconds one cell may run before the build fails.
CELL_TIMEOUT = 600
#: CSS that makes every page use the Chinese font shipped beside it in ``fonts/``.
FONT_CSS = (
    "<style>@font-face{font-family:'Noto Sans SC';src:url('fonts/NotoSansSC-Regular.ttf') format('truetype')}"
    "body,.jp-RenderedHTMLCommon,.jp-RenderedText,table{font-family:'Noto Sans SC',sans-serif}</style>"
)


def notebook_paths(folder: Path | None = None) -> list[Path]:
    """The numbered notebooks (``NN-name.ipynb``) of ``folder``, in number order."""
    folder = folder or paths.NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def execute_notebook(path: Path) -> nbformat.NotebookNode:
    """Execute a notebook top to bottom in a fresh kernel and save it in place.

    Raises:
        RuntimeError: naming the notebook and the failing cell.
    """
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=CELL_TIMEOUT, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    # Local sockets (IPC) rather than TCP: nothing listens on the network, and the kernel has no
    # reason to print its warning about unencrypted TCP into the build's progress lines.
    client.km = client.create_kernel_manager()
    client.km.transport = "ipc"
    client.km.ip = str(Path(tempfile.gettempdir()) / f"govreports-kernel-{os.getpid()}")
    try:
        client.execute()
    except CellExecutionError as err:
        index = next(
            (i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"
             and any(o.get("output_type") == "error" for o in cell.get("outputs", []))),
            None,
        )
        raise RuntimeError(f"{path.name}: cell {index} failed:\n{err}") from None
    nbformat.write(notebook, path)
    return notebook


def notebook_summary(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    """Return ``(title, summary markdown)`` from a notebook's first markdown cell."""
    first = next((c.source for c in notebook.cells if c.cell_type == "markdown"), "")
    lines = first.strip().splitlines()
    title = lines[0].lstrip("# ").strip() if lines else ""
    return title, "\n".join(lines[1:]).strip()


def figures_written(notebook: nbformat.NotebookNode) -> list[str]:
    """Figure files a notebook names (``figures/NN-*.png``), in order of first mention."""
    names: list[str] = []
    for cell in notebook.cells:
        for name in re.findall(r"figures/(\d\d-[\w-]+\.png)", cell.source):
            if name not in names:
                names.append(name)
    return names


def write_html(notebook: nbformat.NotebookNode, out: Path, *, title: str = "") -> None:
    """Write a notebook as an HTML page with the code cells hidden and the Chinese font linked."""
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title or out.stem}})
    body = body.replace('<html lang="en">', '<html lang="zh-CN">', 1).replace("</head>", FONT_CSS + "</head>", 1)
    out.write_text(body, encoding="utf-8")


def copy_font(out_dir: Path) -> Path:
    """Copy the bundled Chinese font to ``out_dir/fonts/`` (for the pages' ``@font-face``)."""
    target = out_dir / "fonts" / font_path().name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(font_path(), target)
    return target


def _markdown_list(summary: str) -> str:
    """Render the summary bullets (markdown) as HTML."""
    return mistune.html(summary)


def write_index(entries: list[dict], out: Path) -> None:
    """Write ``reports/index.html``: each notebook, its summary, and its figures."""
    rows = []
    for e in entries:
        figures = "".join(
            f'<figure><img src="../figures/{html.escape(f)}" alt="{html.escape(f)}" width="420">'
            f"<figcaption>figures/{html.escape(f)}</figcaption></figure>"
            for f in e["figures"]
        )
        rows.append(
            f'<section><h2><a href="{html.escape(e["html"])}">{html.escape(e["title"])}</a></h2>'
            f'<p class="nb">notebooks/{html.escape(e["notebook"])}</p>{_markdown_list(e["summary"])}{figures}</section>'
        )
    out.write_text(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<title>浙江政府工作报告 · govreports</title>" + FONT_CSS +
        "<style>body{max-width:60em;margin:2em auto;padding:0 1em}"
        "figure{display:inline-block;margin:.5em}figcaption{font-size:.8em;color:#555}.nb{color:#555}</style>"
        "</head><body><h1>政府工作报告 corpus: rendered notebooks</h1>"
        + "".join(rows)
        + "</body></html>",
        encoding="utf-8",
    )


def build(*, execute: bool = True, out_dir: Path | None = None) -> list[dict]:
    """Run (optionally) every notebook and write the HTML reports; return the index entries."""
    out_dir = out_dir or paths.REPORTS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_font(out_dir)
    if execute:
        announce_corpus()
    entries = []
    for path in notebook_paths():
        started = time.perf_counter()
        print(f"running {path.name} ...", end=" ", flush=True)
        notebook = execute_notebook(path) if execute else nbformat.read(path, as_version=4)
        print(f"{time.perf_counter() - started:.1f} s", flush=True)
        html_name = path.with_suffix(".html").name
        title, summary = notebook_summary(notebook)
        write_html(notebook, out_dir / html_name, title=title)
        entries.append({"notebook": path.name, "html": html_name, "title": title, "summary": summary,
                        "figures": figures_written(notebook)})
    write_index(entries, out_dir / "index.html")
    print(f"wrote {out_dir / 'index.html'} and {len(entries)} notebook pages")
    return entries


def announce_corpus() -> None:
    """Say on standard error which corpus folder the notebooks will read and what it holds."""
    import warnings

    from govreports.__main__ import corpus_summary
    from govreports.corpus import load_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(warn=False)
    print(corpus_summary(corpus), file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govreports.build_reports", description=__doc__.split("\n")[0])
    parser.add_argument("--no-execute", action="store_true", help="render the committed notebooks without running them")
    args = parser.parse_args(argv)
    try:
        build(execute=not args.no_execute)
    except RuntimeError as err:
        print(f"\nbuild stopped: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
