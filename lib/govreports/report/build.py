"""Build the rendered reports: run every notebook in order, then write HTML pages and an index.

``python -m govreports.report.build`` (what ``make report`` runs):

1. executes each ``notebooks/NN-*.ipynb`` in a fresh kernel, in number order, and saves it with
   its outputs (so the committed notebooks are what nbval checks), printing which notebook runs
   and how long it took;
2. writes ``reports/NN-name.html`` for each (figures embedded, code hidden, Chinese text as
   UTF-8) and ``reports/index.html`` listing every notebook with its summary and figures, each
   thumbnail a link to the full-size figure. ``reports/`` is self-contained, so it can be copied
   or zipped anywhere: the figures are copied to ``reports/figures/`` and the notebook pages
   embed theirs. Page titles and the index heading name the corpus read
   (:func:`govreports.report.narrative.corpus_label`). The pages carry their own Chinese font: Noto Sans SC (from ``zhplot``, SIL OFL) is copied to
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
from govreports.documents import analysed
from govreports.plots import font_path

#: Seconds one cell may run before the build fails.
CELL_TIMEOUT = 600
#: The page template (nbconvert's lab page, nothing fetched from a CDN) and the widget-view output type.
OFFLINE_TEMPLATE = paths.PACKAGE_DIR / "templates" / "govreports_offline.html.j2"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
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
        notebook, timeout=CELL_TIMEOUT, kernel_name="python3", record_timing=False, store_widget_state=False,
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
    drop_widget_views(notebook)
    nbformat.write(notebook, path)
    return notebook


def drop_widget_views(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove widget views from the outputs (in place), keeping their text form.

    A widget view names a model (a random id) that lives only in the kernel that drew it:
    saved, it would change the notebook on every run and show nothing without that kernel. The
    text form (what :class:`govreports.report.explore.ExplorerView` says about itself) stays.
    """
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    notebook.metadata.pop("widgets", None)
    return notebook


def html_exporter() -> HTMLExporter:
    """nbconvert's exporter for the pages: code hidden, nothing loaded from the network.

    The template ``templates/govreports_offline.html.j2`` is the lab page without require.js,
    MathJax, mermaid and the widget manager, which nbconvert would otherwise fetch from a CDN.
    """
    return HTMLExporter(
        template_name="lab", template_file=OFFLINE_TEMPLATE.name, extra_template_paths=[str(OFFLINE_TEMPLATE.parent)],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
    )


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


def copy_figures(names: list[str], out_dir: Path) -> list[str]:
    """Copy the figures ``names`` (``NN-name.png``) to ``out_dir/figures/``; return those copied.

    The figures of the last run are read from :func:`govreports.paths.figures_dir`; a listed
    figure that is missing is left out (and so not shown as current).
    """
    target = out_dir / "figures"
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.png"):
        old.unlink()
    copied = []
    for name in names:
        source = paths.figures_dir() / name
        if source.exists():
            shutil.copyfile(source, target / name)
            copied.append(name)
    return copied


def corpus_title(corpus) -> str:
    """The corpus the notebooks read (a :class:`~govreports.pipeline.corpus.Corpus`), in a few words."""
    from govreports.report.narrative import corpus_label

    documents = corpus.documents_table()
    return corpus_label(analysed(documents))


def write_html(notebook: nbformat.NotebookNode, out: Path, *, title: str = "") -> None:
    """Write a notebook as an HTML page with the code cells hidden and the Chinese font linked."""
    exporter = html_exporter()
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


def write_index(entries: list[dict], out: Path, *, corpus: str = "") -> None:
    """Write ``reports/index.html``: each notebook, its summary, and its figures (linked thumbnails).

    Images point at ``figures/`` beside the index (see :func:`copy_figures`), never outside
    ``reports/``.
    """
    rows = []
    for e in entries:
        figures = "".join(
            f'<figure><a href="figures/{html.escape(f)}"><img src="figures/{html.escape(f)}" alt="{html.escape(f)}" '
            f'width="640"></a><figcaption>figures/{html.escape(f)} (click for full size; read it in '
            f'<a href="{html.escape(e["html"])}">{html.escape(e["html"])}</a>)</figcaption></figure>'
            for f in e["figures"]
        )
        rows.append(
            f'<section><h2><a href="{html.escape(e["html"])}">{html.escape(e["title"])}</a></h2>'
            f'<p class="nb">notebooks/{html.escape(e["notebook"])}</p>{_markdown_list(e["summary"])}{figures}</section>'
        )
    out.write_text(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>政府工作报告 · {html.escape(corpus)} · govreports</title>" + FONT_CSS +
        "<style>body{max-width:70em;margin:2em auto;padding:0 1em}"
        "figure{display:inline-block;margin:.5em;vertical-align:top}figure img{max-width:100%;height:auto;"
        "border:1px solid #ddd}figcaption{font-size:.8em;color:#555}.nb{color:#555}</style>"
        f"</head><body><h1>政府工作报告 corpus: rendered notebooks</h1><p><b>Corpus read:</b> {html.escape(corpus)}</p>"
        + "".join(rows)
        + "</body></html>",
        encoding="utf-8",
    )


def build(*, execute: bool = True, out_dir: Path | None = None) -> list[dict]:
    """Run (optionally) every notebook and write the HTML reports; return the index entries."""
    out_dir = out_dir or paths.REPORTS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_font(out_dir)
    read = _read_quietly()
    if execute:
        announce_corpus(read)
    corpus = corpus_title(read)
    entries = []
    for path in notebook_paths():
        started = time.perf_counter()
        print(f"running {path.name} ...", end=" ", flush=True)
        notebook = execute_notebook(path) if execute else nbformat.read(path, as_version=4)
        print(f"{time.perf_counter() - started:.1f} s", flush=True)
        html_name = path.with_suffix(".html").name
        title, summary = notebook_summary(notebook)
        write_html(notebook, out_dir / html_name, title=f"{title} · {corpus}")
        entries.append({"notebook": path.name, "html": html_name, "title": title, "summary": summary,
                        "figures": figures_written(notebook)})
    copied = set(copy_figures([f for e in entries for f in e["figures"]], out_dir))
    for e in entries:
        e["figures"] = [f for f in e["figures"] if f in copied]
    write_index(entries, out_dir / "index.html", corpus=corpus)
    print(f"wrote {out_dir / 'index.html'} and {len(entries)} notebook pages")
    return entries


def _read_quietly():
    """The corpus the notebooks will read (``$CORPUS`` or the seeds), loaded without warnings
    (the notebooks list every file that could not be read; the build need not repeat them)."""
    import warnings

    from govreports.pipeline.corpus import load_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(warn=False)


def announce_corpus(corpus=None) -> None:
    """Say on standard error which corpus folder the notebooks will read and what it holds."""
    from govreports.cli import corpus_summary

    print(corpus_summary(corpus if corpus is not None else _read_quietly()), file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govreports.report.build", description=__doc__.split("\n")[0])
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
