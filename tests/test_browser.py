"""Browser check: the pure helpers on hand-made results, then Chromium on real pages.

The end-to-end tests render the committed notebooks into a temporary folder and open them in
headless Chromium; they are skipped only if ``/usr/bin/chromium`` is absent (CI installs it).
"""

import io
import os
from pathlib import Path

import pytest

from govreports import paths
from govreports.report import browser_check
from govreports.report.browser_check import PageResult, TableSearch, page_problems

needs_chromium = pytest.mark.skipif(
    not browser_check.CHROMIUM.exists(),
    reason=f"{browser_check.CHROMIUM} not installed (apt-get install -y chromium); CI installs it",
)

# A 1x1 PNG, so a test page has an image that loads without any file.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
LOADED = {"src": PIXEL, "complete": True, "naturalWidth": 1}

# ---------------------------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------------------------


def test_report_pages_lists_index_first_then_numbered_pages(tmp_path):
    for name in ["02-keywords.html", "index.html", "01-corpus.html", "notes.html", "01-corpus.png"]:
        (tmp_path / name).write_text("")
    assert [p.name for p in browser_check.report_pages(tmp_path)] == ["index.html", "01-corpus.html", "02-keywords.html"]


def test_report_pages_without_index_says_to_build_first(tmp_path):
    with pytest.raises(FileNotFoundError, match="make report"):
        browser_check.report_pages(tmp_path)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("政府工作报告", True),
        ("2020年 report", True),
        ("㐀", True),  # extension A
        ("government work report 2020", False),
        ("，。“”", False),  # Chinese punctuation alone is not Chinese text
        ("", False),
    ],
)
def test_contains_chinese(text, expected):
    assert browser_check.contains_chinese(text) is expected


@pytest.mark.parametrize(
    "src, short",
    [
        ("data:image/png;base64,iVBORw0KGgo", "data:image/png;base64,…"),
        ("file:///r/figures/01-a.png", "file:///r/figures/01-a.png"),
        ("file:///" + "x" * 100, "file:///" + "x" * 51 + "…"),
    ],
)
def test_short_src(src, short):
    assert browser_check.short_src(src) == short


@pytest.mark.parametrize(
    "url, path",
    [
        ("file:///r/reports/01-corpus.html#Structure", Path("/r/reports/01-corpus.html")),
        ("file:///r/reports/02-%E5%85%B3%E9%94%AE%E8%AF%8D.html", Path("/r/reports/02-关键词.html")),
        ("https://example.org/a.html", None),
    ],
)
def test_local_path(url, path):
    assert browser_check.local_path(url) == path


@pytest.mark.parametrize(
    "result, problems",
    [
        (PageResult("index.html", text="政府工作报告", images=[LOADED], glyphs={"distinct": 6}), []),
        (PageResult("index.html", error="net::ERR_FILE_NOT_FOUND"), ["did not load: net::ERR_FILE_NOT_FOUND"]),
        (
            PageResult("index.html", text="政府", images=[LOADED, {"src": "file:///r/figures/01-a.png", "complete": True,
                                                                     "naturalWidth": 0}]),
            ["image not loaded: file:///r/figures/01-a.png"],
        ),
        (PageResult("index.html", text="政府", images=[{"src": PIXEL, "complete": False, "naturalWidth": 0}]),
         ["image not loaded: data:image/png;base64,…"]),
        (PageResult("01-corpus.html", text="The corpus"), ["no Chinese characters in the page text"]),
        (
            PageResult("01-corpus.html", text="政府", glyphs={"distinct": 1, "font": "sans-serif"}),
            ["Chinese renders as empty boxes: no font with Chinese glyphs for sans-serif"],
        ),
        (
            PageResult("index.html", text="政府", links=["file:///r/01-corpus.html", "file:///gone/02-x.html#top",
                                                        "file:///gone/02-x.html#top", "https://example.org/"]),
            ["broken link: 02-x.html"],
        ),
    ],
)
def test_page_problems(result, problems):
    assert page_problems(result, exists=lambda path: not str(path).startswith("/gone")) == problems


@pytest.mark.parametrize(
    "url, outside",
    [
        ("file:///r/reports/01-corpus.html", False),
        ("file:///r/reports/fonts/NotoSansSC-Regular.ttf", False),
        ("file:///r/figures/01-a.png", True),  # ../figures/ is outside reports/
        ("file:///r/reports-old/a.png", True),  # a sibling folder whose name starts the same
        ("data:image/png;base64,iVBORw0KGgo", False),
        ("blob:null/99b9541a-3cd8-4cce-a195-3324a9e9d013", False),  # the searchable tables' script
        ("https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js", True),
        ("http://127.0.0.1:9/x.js", True),
    ],
)
def test_outside_request(url, outside):
    assert browser_check.outside_request(url, Path("/r/reports")) is outside


@pytest.mark.parametrize(
    "search, problems",
    [
        (TableSearch("t", orderable=3, term="湖州", before=78, after=5), []),
        (TableSearch("t", orderable=3, term=None, before=1, after=1), []),  # one row: nothing to filter by
        (TableSearch("t", has_search=False, orderable=3, term="湖州", before=9, after=9), []),  # one page
        (TableSearch("t", has_search=False, orderable=3, before=30), ["table t has no search box (30 rows)"]),
        (TableSearch("t", ready=False), ["table t was not set up as a searchable table (its script did not run)"]),
        (TableSearch("t", orderable=0, term="湖州", before=78, after=5), ["table t has no sortable column"]),
        (TableSearch("t", orderable=3, term="湖州", before=78, after=78), ["table t: typing '湖州' left 78 of 78 rows"]),
        (TableSearch("t", orderable=3, term="湖州", before=78, after=0), ["table t: typing '湖州' left 0 of 78 rows"]),
        (TableSearch("t", orderable=3, term="湖州", before=78, after=5, mismatched=2),
         ["table t: typing '湖州' shows 2 rows without it"]),
    ],
)
def test_search_problems(search, problems):
    assert browser_check.search_problems(search) == problems


def test_page_problems_names_outside_loads_and_long_plain_tables():
    page = PageResult("04-x.html", text="政府", requests=["file:///r/reports/04-x.html", "file:///r/figures/04-a.png",
                                                          "https://cdn.example.org/MathJax.js", "file:///r/figures/04-a.png"],
                      plain_tables=[20, 21], searches=[TableSearch("t", orderable=1, term="a", before=3, after=1)])
    assert page_problems(page, root=Path("/r/reports")) == [
        "loads from outside reports/: file:///r/figures/04-a.png, https://cdn.example.org/MathJax.js",
        "a table of 21 rows is not searchable",
    ]
    assert page_problems(page) == ["a table of 21 rows is not searchable"]  # no folder given: loads not judged
    many = PageResult("index.html", text="政府", requests=[f"file:///r/figures/0{i}.png" for i in range(5)])
    assert page_problems(many, root=Path("/r/reports")) == [
        "loads from outside reports/: file:///r/figures/00.png, file:///r/figures/01.png, file:///r/figures/02.png and 2 more"
    ]


def test_summary_line():
    page = PageResult("index.html", text="政府工作报告 corpus", images=[LOADED, LOADED])
    assert browser_check.summary_line(page, []) == "index.html: ok (2 images, 6 Chinese characters)"
    assert browser_check.summary_line(page, ["a", "b"]) == "index.html: FAILED: a; b"


def test_main_without_index_exits_2(tmp_path, capsys):
    assert browser_check.main(["--reports", str(tmp_path)]) == 2
    assert "make report" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# Chromium
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered_reports(tmp_path_factory):
    """The committed notebooks rendered as in ``make report --no-execute``, in a temporary folder.

    The index links figures as ``../figures/NAME.png`` (``reports/`` next to ``figures/``), so the
    folder gets the same layout: ``figures`` is a link to the committed figures.
    """
    from govreports.report.build import build

    root = tmp_path_factory.mktemp("checkout")
    (root / "figures").symlink_to(paths.FIGURES_DIR, target_is_directory=True)
    build(execute=False, out_dir=root / "reports")
    return root / "reports"


@needs_chromium
def test_rendered_reports_pass_the_browser_check(rendered_reports):
    out = io.StringIO()
    outcomes = browser_check.check_reports(rendered_reports, out=out)
    failed = {result.name: problems for result, problems in outcomes if problems}
    assert failed == {}, out.getvalue()
    names = [result.name for result, _ in outcomes]
    assert names[0] == "index.html" and len(names) == 1 + len(list(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")))
    index = outcomes[0][0]
    assert len(index.images) >= len(list(paths.FIGURES_DIR.glob("*.png")))
    assert "政府工作报告" in index.text
    assert (rendered_reports / "index.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@needs_chromium
def test_broken_page_fails_naming_page_and_problems(tmp_path, capsys):
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><meta charset="utf-8"><h1>Reports</h1>'
        '<img src="../figures/99-missing.png"><a href="02-gone.html">02</a>',
        encoding="utf-8",
    )
    # a good page carries its Chinese font, as build_reports' pages do
    from govreports.report.build import FONT_CSS, copy_font

    copy_font(tmp_path)
    (tmp_path / "01-fine.html").write_text(
        f'<!DOCTYPE html><meta charset="utf-8">{FONT_CSS}<p>政府工作报告</p><img src="{PIXEL}">', encoding="utf-8"
    )
    (tmp_path / "02-tofu.html").write_text(
        '<!DOCTYPE html><meta charset="utf-8"><style>body{font-family:serif}</style><p>政府工作报告</p>', encoding="utf-8"
    )
    status = browser_check.main(["--reports", str(tmp_path), "--screenshots"])
    out, err = capsys.readouterr()
    assert status == 1
    assert "01-fine.html: ok (1 images, 6 Chinese characters)" in out
    assert "index.html: image not loaded: file://" in err
    assert "99-missing.png; no Chinese characters in the page text; broken link: 02-gone.html" in err
    assert "02-tofu.html: Chinese renders as empty boxes" in err  # no CJK font on this machine, none shipped
    assert (tmp_path / "index.png").exists() and (tmp_path / "01-fine.png").exists()


@needs_chromium
def test_chromium_is_stopped_and_its_profile_removed_even_after_an_error(tmp_path):
    with pytest.raises(ZeroDivisionError):
        with browser_check.Chromium() as browser:
            pid, profile = browser.process.pid, browser.profile
            assert (profile / "DevToolsActivePort").exists()
            1 / 0
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not profile.exists()


def offline_tables_html() -> str:
    """What :func:`govreports.report.interactive_tables.offline_mode` puts in a notebook: DataTables itself."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from govreports.report.interactive_tables import offline_mode

    InteractiveShell.instance()
    with capture_output() as captured:
        offline_mode()
    return "".join(output.data.get("text/html", "") for output in captured.outputs)


@needs_chromium
def test_search_boxes_are_typed_into_and_outside_loads_fail(tmp_path, capsys):
    import pandas as pd

    from govreports.report.build import FONT_CSS, copy_font
    from govreports.report.interactive_tables import searchable

    copy_font(tmp_path)
    cities = ["湖州", "金华", "衢州"]
    targets = pd.DataFrame({"doc_id": [f"2020-{cities[i % 3]}-gwr" for i in range(30)],
                            "quote": [f"地区生产总值增长{i}%左右" for i in range(30)]})
    plain = "<table><tbody>" + "".join(f"<tr><td>{i}</td></tr>" for i in range(25)) + "</tbody></table>"
    head = f'<!DOCTYPE html><meta charset="utf-8">{FONT_CSS}<p>政府工作报告</p>'
    (tmp_path / "index.html").write_text(head, encoding="utf-8")
    (tmp_path / "01-searchable.html").write_text(
        head + offline_tables_html() + searchable(targets, table_id="targets").html, encoding="utf-8")
    (tmp_path / "02-outside.html").write_text(
        head + '<script src="http://127.0.0.1:9/require.min.js"></script>' + plain, encoding="utf-8")
    status = browser_check.main(["--reports", str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert "01-searchable.html: ok (0 images, 126 Chinese characters, 1 searchable tables)" in out
    assert ("02-outside.html: loads from outside reports/: http://127.0.0.1:9/require.min.js; "
            "a table of 25 rows is not searchable") in err


@needs_chromium
def test_typing_into_a_search_box_filters_the_rows(tmp_path):
    import pandas as pd

    from govreports.report.interactive_tables import searchable

    targets = pd.DataFrame({"city": ["湖州", "金华", "衢州"] * 10, "n": range(30)})
    page = tmp_path / "01-t.html"
    page.write_text('<!DOCTYPE html><meta charset="utf-8">' + offline_tables_html()
                    + searchable(targets, table_id="t").html, encoding="utf-8")
    with browser_check.Chromium() as browser:
        result = browser.check_page(page)
    (search,) = result.searches
    assert search.term == "湖州" and (search.before, search.after, search.mismatched) == (30, 10, 0)
    assert search.orderable == 2
    assert result.requests[0] == page.as_uri() and all(url.startswith(("file:", "blob:")) for url in result.requests)
