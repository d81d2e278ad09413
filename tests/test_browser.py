"""Browser check: the pure helpers on hand-made results, then Chromium on real pages.

The end-to-end tests render the committed notebooks into a temporary folder and open them in
headless Chromium; they are skipped only if ``/usr/bin/chromium`` is absent (CI installs it).
"""

import io
import os
from pathlib import Path

import pytest

from govreports import browser_check, paths
from govreports.browser_check import PageResult, page_problems

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
    from govreports.build_reports import build

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
    from govreports.build_reports import FONT_CSS, copy_font

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
