"""Browser check: open the rendered reports in headless Chromium and check what a reader sees.

``python -m govreports.report.browser_check [--reports DIR]`` opens ``index.html`` and every
``NN-*.html`` page of the reports folder (``reports/`` by default) in headless Debian Chromium
(``/usr/bin/chromium``) and checks, for each page:

- it loads (navigation succeeds and the ``load`` event fires);
- every ``<img>`` has loaded (``complete`` and ``naturalWidth > 0``);
- its text contains Chinese characters (CJK ideographs such as 政府工作报告), and they are drawn
  as glyphs, not as the empty boxes ("tofu") of a font without Chinese;
- every link to another local file (``href="01-corpus.html"``) points to a file that exists;
- it loads nothing from outside the reports folder: every request the page makes (scripts,
  styles, fonts, images) is a file inside it, or data the page carries itself (``data:`` and
  ``blob:`` URLs); a script from a CDN, a web font or an image in ``../figures/`` is a failure;
- every searchable table (itables/DataTables) has been set up, and typing a term into its
  search box filters its rows: the check picks a word from one row that another row lacks,
  types it (as key input, through the DevTools protocol), and requires fewer rows than before,
  at least one, each containing the word; then it clears the box. A plain table of more than
  :data:`MAX_PLAIN_ROWS` rows (not searchable) is a failure too.

It prints one line per page (``ok`` or what failed), saves a screenshot of the index as
``index.png`` in the reports folder (``--screenshots`` saves one per page too), and exits with
status 1 if any check fails. Chromium is driven over the Chrome DevTools Protocol with
``websocket-client``; it runs with a fresh temporary profile and is always stopped at the end.
The browser gets no Chinese font from the machine (a fresh CI machine has none): the pages must
carry their own (``build_reports`` ships Noto Sans SC beside them with an ``@font-face`` rule), so
the tofu check proves that any reader sees the Chinese.

The helpers that list pages and judge results are pure, so they are tested without a browser.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import websocket

from govreports import paths
from govreports.report.interactive_tables import MAX_PLAIN_ROWS  # a longer visible table must be searchable
from govreports.text import CJK_CHAR

#: The Debian package's launcher (``apt-get install chromium``).
CHROMIUM = Path("/usr/bin/chromium")

#: Flags for a quiet, reproducible headless run: no GPU, no network chatter, a throwaway profile.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
]

#: Seconds to wait for Chromium to start, and for one page to load with its images.
START_TIMEOUT = 30.0
PAGE_TIMEOUT = 60.0

#: Viewport of the screenshots (CSS pixels).
VIEWPORT = {"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": False}

#: URL schemes of data a page carries itself (the searchable tables' script is a ``blob:``).
SELF_CONTAINED_SCHEMES = ("data", "blob", "about")


#: Ideographs drawn to tell real glyphs from tofu (the empty boxes of a font without Chinese).
GLYPH_SAMPLE = "政府工作报告"

#: Run in the page once it has loaded: make lazy images eager, wait (bounded) until every image
#: is done, draw the glyph sample, then report glyphs, images, text and local links.
PAGE_PROBE_JS = """
(async () => {
  const images = Array.from(document.images);
  images.forEach(img => { img.loading = "eager"; });
  const settled = img => img.complete ? Promise.resolve() :
    new Promise(done => { img.addEventListener("load", done); img.addEventListener("error", done); });
  await Promise.race([Promise.all(images.map(settled)), new Promise(done => setTimeout(done, %(wait_ms)d))]);
  await document.fonts.ready;
  // itables writes each table with a static preview beside it (id "<table id>_fallback"); wait
  // (bounded) until DataTables has set up every such table.
  const searchableIds = Array.from(document.querySelectorAll("div[id$='_fallback']"))
    .map(div => div.id.slice(0, -"_fallback".length)).filter(id => document.getElementById(id) instanceof HTMLTableElement);
  const ready = () => searchableIds.every(id => document.getElementById(id).classList.contains("dataTable"));
  for (const start = Date.now(); !ready() && Date.now() - start < %(wait_ms)d; ) {
    await new Promise(done => setTimeout(done, 100));
  }
  // Draw a few ideographs in the font of the first Chinese text on the page: a font without
  // Chinese glyphs draws the same empty box for each, so identical bitmaps mean tofu.
  let glyphs = null;
  const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/%(cjk_class)s/.test(node.data) || !node.parentElement) continue;
    const style = getComputedStyle(node.parentElement);
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 48;
    const ctx = canvas.getContext("2d", {willReadFrequently: true});
    ctx.font = `${style.fontStyle} ${style.fontWeight} 40px ${style.fontFamily}`;
    const bitmaps = Array.from(%(sample)s).map(ch => {
      ctx.clearRect(0, 0, 48, 48);
      ctx.fillText(ch, 4, 40);
      return Array.from(ctx.getImageData(0, 0, 48, 48).data.filter((_, i) => i %% 4 === 3)).join(",");
    });
    glyphs = {sample: %(sample)s, font: style.fontFamily, distinct: new Set(bitmaps).size};
    break;
  }
  return {
    glyphs: glyphs,
    text: document.body ? document.body.innerText : "",
    images: images.map(img => ({src: img.currentSrc || img.src, complete: img.complete,
                                naturalWidth: img.naturalWidth})),
    links: Array.from(document.querySelectorAll("a[href]")).map(a => a.href)
             .filter(href => href.startsWith("file:")),
    tables: searchableIds.map(id => ({id: id, ready: document.getElementById(id).classList.contains("dataTable")})),
    plain_tables: Array.from(document.querySelectorAll("table")).filter(t => !t.classList.contains("dataTable")
        && !t.closest(".dt-container") && t.offsetParent !== null)
      .map(t => (t.tBodies[0] ? t.tBodies[0].rows.length : 0)),
  };
})()
"""


#: Run in the page with the id of a searchable table: its row count, and a word to search for
#: (the first word of one of its cells that some other shown row lacks), or ``null``.
TABLE_STATE_JS = """
(() => {
  const table = document.getElementById(%(id)s);
  const box = table.closest(".dt-container");
  const input = box ? box.querySelector("input[type=search], .dt-search input") : null;
  const rows = Array.from(table.tBodies[0] ? table.tBodies[0].rows : []).filter(r => !r.querySelector("td.dt-empty"));
  const texts = rows.map(r => r.innerText.toLowerCase());
  const info = box && box.querySelector(".dt-info") ? box.querySelector(".dt-info").innerText : "";
  const counts = Array.from(info.matchAll(/([0-9][0-9,]*)/g)).map(m => parseInt(m[1].replace(/,/g, ""), 10));
  let term = null;
  if (%(pick)s) {
    outer: for (const row of rows.slice().reverse()) {
      for (const cell of row.cells) {
        const word = (cell.innerText.trim().split(/\\s+/)[0] || "").slice(0, 8);
        if (word && texts.some(t => !t.includes(word.toLowerCase()))) { term = word; break outer; }
      }
    }
    if (input) { input.focus(); input.select(); }
  }
  return {has_search: !!input, shown: rows.length, texts: texts, info: info,
          total: counts.length >= 3 ? counts[counts.length - 1] : rows.length,
          matching: counts.length >= 3 ? counts[2] : rows.length, term: term,
          orderable: box ? box.querySelectorAll("thead th.dt-orderable-asc, thead th.dt-orderable-desc").length : 0};
})()
"""

#: Clear a table's search box again (and tell DataTables, as typing would).
CLEAR_SEARCH_JS = """
(() => {
  const box = document.getElementById(%(id)s).closest(".dt-container");
  const input = box.querySelector("input[type=search], .dt-search input");
  input.value = "";
  input.dispatchEvent(new Event("input", {bubbles: true}));
  input.blur();
})()
"""


# --------------------------------------------------------------------------------------------
# Pure helpers: which pages, and what is wrong with a page's result.
# --------------------------------------------------------------------------------------------


def report_pages(reports_dir: Path) -> list[Path]:
    """The pages to check: ``index.html`` first, then the ``NN-*.html`` pages in number order.

    Raises:
        FileNotFoundError: if the folder has no ``index.html`` (run ``make report`` first).
    """
    index = Path(reports_dir) / "index.html"
    if not index.is_file():
        raise FileNotFoundError(f"{index} not found: run `make report` first")
    return [index, *sorted(Path(reports_dir).glob("[0-9][0-9]-*.html"))]


def contains_chinese(text: str) -> bool:
    """Whether ``text`` has at least one CJK ideograph: ``contains_chinese("政府 report") -> True``."""
    return CJK_CHAR.search(text) is not None


def short_src(src: str, width: int = 60) -> str:
    """An image source short enough for a message (data URIs are cut to their media type)."""
    if src.startswith("data:"):
        return src.split(",", 1)[0] + ",…"
    return src if len(src) <= width else src[: width - 1] + "…"


def local_path(url: str) -> Path | None:
    """The file a ``file:`` URL points to (without ``#fragment``), or ``None`` for other URLs."""
    parsed = urlparse(url)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else None


def outside_request(url: str, root: Path) -> bool:
    """Whether loading ``url`` reaches outside the reports folder ``root``.

    ``data:``, ``blob:`` and ``about:`` URLs are the page's own data; a ``file:`` URL must be a
    file inside ``root`` (``../figures/a.png`` is outside); anything else (``https:``) is outside.

    Example:
        >>> outside_request("file:///r/reports/fonts/a.ttf", Path("/r/reports"))
        False
        >>> outside_request("https://cdn.example.org/require.min.js", Path("/r/reports"))
        True
    """
    scheme = urlparse(url).scheme
    if scheme in SELF_CONTAINED_SCHEMES:
        return False
    target = local_path(url)
    if target is None:
        return True
    return not os.path.normpath(target).startswith(os.path.normpath(root) + os.sep)


@dataclass
class TableSearch:
    """What typing a term into one searchable table's search box did.

    ``before`` and ``after`` are the rows matching (DataTables' count; all rows before typing);
    ``mismatched`` counts the rows shown after typing that do not contain the term.
    """

    table_id: str
    ready: bool = True
    has_search: bool = True
    orderable: int = 0
    term: str | None = None
    before: int = 0
    after: int = 0
    mismatched: int = 0


def search_problems(search: TableSearch) -> list[str]:
    """What is wrong with one searchable table, as short messages (empty: it filters as it should)."""
    name = f"table {search.table_id}"
    if not search.ready:
        return [f"{name} was not set up as a searchable table (its script did not run)"]
    problems = []
    if not search.has_search and search.before > MAX_PLAIN_ROWS:  # itables leaves it out of a one-page table
        problems.append(f"{name} has no search box ({search.before} rows)")
    if search.orderable == 0:
        problems.append(f"{name} has no sortable column")
    if search.has_search and search.term is not None:
        if not 0 < search.after < search.before:
            problems.append(f"{name}: typing {search.term!r} left {search.after} of {search.before} rows")
        elif search.mismatched:
            problems.append(f"{name}: typing {search.term!r} shows {search.mismatched} rows without it")
    return problems


@dataclass
class PageResult:
    """What the browser saw on one page (``error`` set if it did not load at all)."""

    name: str
    error: str = ""
    text: str = ""
    images: list[dict] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    glyphs: dict | None = None
    requests: list[str] = field(default_factory=list)
    searches: list[TableSearch] = field(default_factory=list)
    plain_tables: list[int] = field(default_factory=list)


def page_problems(result: PageResult, *, exists=Path.exists, root: Path | None = None) -> list[str]:
    """Everything wrong with one page, as short messages; an empty list means the page is fine.

    Args:
        result: what the browser saw.
        exists: how to test that a linked file exists (replaceable in tests).
        root: the reports folder: a request outside it is a problem (``None``: not checked).
    """
    if result.error:
        return [f"did not load: {result.error}"]
    problems = []
    broken = [img for img in result.images if not (img.get("complete") and img.get("naturalWidth", 0) > 0)]
    for img in broken:
        problems.append(f"image not loaded: {short_src(img.get('src', ''))}")
    if not contains_chinese(result.text):
        problems.append("no Chinese characters in the page text")
    elif result.glyphs is not None and result.glyphs.get("distinct", 0) < 2:
        problems.append(
            f"Chinese renders as empty boxes: no font with Chinese glyphs for {result.glyphs.get('font', '?')}"
        )
    for url in dict.fromkeys(result.links):
        target = local_path(url)
        if target is not None and not exists(target):
            problems.append(f"broken link: {target.name}")
    outside = [url for url in dict.fromkeys(result.requests) if root is not None and outside_request(url, root)]
    if outside:
        shown = ", ".join(short_src(url) for url in outside[:3]) + (f" and {len(outside) - 3} more" if len(outside) > 3 else "")
        problems.append(f"loads from outside reports/: {shown}")
    for search in result.searches:
        problems += search_problems(search)
    for n_rows in result.plain_tables:
        if n_rows > MAX_PLAIN_ROWS:
            problems.append(f"a table of {n_rows} rows is not searchable")
    return problems


def summary_line(result: PageResult, problems: list[str]) -> str:
    """One line per page: ``index.html: ok (3 images, 6 Chinese characters)`` or ``index.html: FAILED: a; b``."""
    if problems:
        return f"{result.name}: FAILED: " + "; ".join(problems)
    tables = f", {len(result.searches)} searchable tables" if result.searches else ""
    return f"{result.name}: ok ({len(result.images)} images, {len(CJK_CHAR.findall(result.text))} Chinese characters{tables})"


# --------------------------------------------------------------------------------------------
# Chromium over the DevTools Protocol.
# --------------------------------------------------------------------------------------------


class BrowserError(RuntimeError):
    """Chromium could not be started or stopped answering."""


class Chromium:
    """A headless Chromium process and one DevTools tab, as a context manager.

    >>> with Chromium() as browser:                      # doctest: +SKIP
    ...     result = browser.check_page(Path("reports/index.html"))
    """

    def __init__(self, executable: Path = CHROMIUM):
        self.executable = Path(executable)
        self.profile: Path | None = None
        self.process: subprocess.Popen | None = None
        self.socket: websocket.WebSocket | None = None
        self.session = ""
        self._next_id = 0
        self._events: list[dict] = []

    # -- lifecycle -----------------------------------------------------------------------------

    def __enter__(self) -> "Chromium":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        """Start Chromium with a fresh profile, connect, and open one tab."""
        if not self.executable.exists():
            raise BrowserError(f"{self.executable} not found: apt-get install -y chromium")
        self.profile = Path(tempfile.mkdtemp(prefix="govreports-chromium-"))
        log = (self.profile / "chromium.log").open("wb")
        env = dict(os.environ)
        # Own process group, so stop() reaches the renderer and helper processes too.
        self.process = subprocess.Popen(
            [str(self.executable), *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, env=env,
        )
        log.close()
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise BrowserError(f"Chromium did not start:\n{self._log_tail()}")
            time.sleep(0.1)
        port, browser_path = port_file.read_text().splitlines()[:2]
        self.socket = websocket.create_connection(
            f"ws://127.0.0.1:{port}{browser_path}", timeout=PAGE_TIMEOUT, suppress_origin=True
        )
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session=True)
        self.send("Network.enable", session=True)  # to see every request a page makes
        self.send("Emulation.setDeviceMetricsOverride", session=True, **VIEWPORT)

    def stop(self) -> None:
        """Stop Chromium and delete the profile.

        First ``Browser.close``, so Chromium ends (and reaps) its own helper processes; then, if
        anything of its process group is still there, SIGTERM and finally SIGKILL.
        """
        if self.socket is not None:
            try:
                self.socket.send(json.dumps({"id": self._next_id + 1, "method": "Browser.close"}))
                if self.process is not None:
                    self.process.wait(timeout=5)
            except (websocket.WebSocketException, OSError, subprocess.TimeoutExpired):
                pass
            try:
                self.socket.close()
            except (websocket.WebSocketException, OSError):
                pass
            self.socket = None
        if self.process is not None:
            for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
            self.process = None
        if self.profile is not None:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None

    def _log_tail(self, n: int = 20) -> str:
        log = self.profile / "chromium.log" if self.profile else None
        if log is None or not log.exists():
            return ""
        return "\n".join(log.read_text(errors="replace").splitlines()[-n:])

    # -- protocol ------------------------------------------------------------------------------

    def send(self, method: str, *, session: bool = False, **params) -> dict:
        """Send one DevTools command and return its result; events that arrive meanwhile are kept.

        Raises:
            BrowserError: if Chromium answers with an error or does not answer in time.
        """
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.socket.send(json.dumps(message))
        while True:
            reply = self._receive(f"an answer to {method}")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message', reply['error'])}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def wait_for_event(self, method: str, timeout: float = PAGE_TIMEOUT) -> dict:
        """Return the first event ``method`` of the tab (already received or still to come)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self._events):
                if event["method"] == method and event.get("sessionId") == self.session:
                    return self._events.pop(i)
            if time.monotonic() > deadline:
                raise BrowserError(f"no {method} within {timeout:.0f} s")
            event = self._receive(method)
            if "method" in event:
                self._events.append(event)

    def _receive(self, what: str) -> dict:
        try:
            return json.loads(self.socket.recv())
        except websocket.WebSocketTimeoutException:
            raise BrowserError(f"Chromium sent no {what} within {PAGE_TIMEOUT:.0f} s") from None
        except (websocket.WebSocketException, OSError) as err:
            raise BrowserError(f"lost the connection to Chromium ({err}):\n{self._log_tail()}") from None

    # -- pages ---------------------------------------------------------------------------------

    def check_page(self, page: Path, *, screenshot: Path | None = None) -> PageResult:
        """Open ``page``, wait for it and its images, and return what the browser saw.

        Args:
            page: an HTML file.
            screenshot: if given, a full-page PNG screenshot is written there.
        """
        name = page.name
        self._events.clear()
        navigation = self.send("Page.navigate", session=True, url=page.resolve().as_uri())
        if navigation.get("errorText"):
            return PageResult(name, error=navigation["errorText"])
        try:
            self.wait_for_event("Page.loadEventFired")
        except BrowserError as err:
            return PageResult(name, error=str(err))
        probe = self.send(
            "Runtime.evaluate", session=True, expression=PAGE_PROBE_JS % {
                "wait_ms": int(PAGE_TIMEOUT * 1000) // 2, "cjk_class": CJK_CHAR.pattern, "sample": json.dumps(GLYPH_SAMPLE)
            },
            awaitPromise=True, returnByValue=True,
        )
        if "exceptionDetails" in probe:
            return PageResult(name, error=f"page script failed: {probe['exceptionDetails'].get('text', '')}")
        seen = probe["result"]["value"]
        searches = [self.search_table(t["id"]) if t["ready"] else TableSearch(t["id"], ready=False) for t in seen["tables"]]
        if screenshot is not None:
            self.save_screenshot(screenshot)
        requests = [e["params"]["request"]["url"] for e in self._events
                    if e["method"] == "Network.requestWillBeSent" and e.get("sessionId") == self.session]
        return PageResult(name, text=seen["text"], images=seen["images"], links=seen["links"], glyphs=seen["glyphs"],
                          requests=requests, searches=searches, plain_tables=seen["plain_tables"])

    def _evaluate(self, expression: str) -> dict:
        reply = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        if "exceptionDetails" in reply:
            raise BrowserError(f"page script failed: {reply['exceptionDetails'].get('text', '')}")
        return reply["result"].get("value") or {}

    def search_table(self, table_id: str) -> TableSearch:
        """Type a word into one searchable table's search box; see what the rows did; clear it."""
        quoted = json.dumps(table_id)
        before = self._evaluate(TABLE_STATE_JS % {"id": quoted, "pick": "true"})
        search = TableSearch(table_id, has_search=before["has_search"], orderable=before["orderable"],
                             term=before["term"], before=before["total"], after=before["matching"])
        if not (before["has_search"] and before["term"]):
            return search
        self.send("Input.insertText", session=True, text=before["term"])
        deadline = time.monotonic() + 5
        while True:
            after = self._evaluate(TABLE_STATE_JS % {"id": quoted, "pick": "false"})
            if after["info"] != before["info"] or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        search.after = after["matching"]
        search.mismatched = sum(1 for text in after["texts"] if before["term"].lower() not in text)
        self._evaluate(CLEAR_SEARCH_JS % {"id": quoted})
        return search

    def save_screenshot(self, out: Path) -> None:
        """Write a PNG of the whole current page (not just the viewport) to ``out``."""
        size = self.send("Page.getLayoutMetrics", session=True)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": max(1, int(size["height"])), "scale": 1}
        shot = self.send("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True, clip=clip)
        Path(out).write_bytes(base64.b64decode(shot["data"]))


# --------------------------------------------------------------------------------------------
# The check.
# --------------------------------------------------------------------------------------------


def check_reports(
    reports_dir: Path | None = None, *, screenshots: bool = False, chromium: Path = CHROMIUM, out=None
) -> list[tuple[PageResult, list[str]]]:
    """Open every page of a reports folder; print one line per page; return results and problems.

    The index's screenshot is always written to ``<reports_dir>/index.png``; with
    ``screenshots=True`` every page gets ``<page>.png`` as well. Lines go to ``out``
    (default: standard output).

    Raises:
        FileNotFoundError: if the folder has no ``index.html``.
        BrowserError: if Chromium cannot be started or stops answering.
    """
    reports_dir = Path(reports_dir or paths.REPORTS_DIR)
    out = out or sys.stdout
    pages = report_pages(reports_dir)
    outcomes = []
    with Chromium(chromium) as browser:
        for page in pages:
            shot = page.with_suffix(".png") if (screenshots or page.name == "index.html") else None
            result = browser.check_page(page, screenshot=shot)
            problems = page_problems(result, root=reports_dir.resolve())
            print(summary_line(result, problems), file=out, flush=True)
            outcomes.append((result, problems))
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m govreports.report.browser_check", description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=Path, default=paths.REPORTS_DIR, help="folder with index.html (default: reports/)")
    parser.add_argument("--screenshots", action="store_true", help="save a screenshot of every page, not just the index")
    parser.add_argument("--chromium", type=Path, default=CHROMIUM, help=f"the browser (default: {CHROMIUM})")
    args = parser.parse_args(argv)
    try:
        outcomes = check_reports(args.reports, screenshots=args.screenshots, chromium=args.chromium)
    except (FileNotFoundError, BrowserError) as err:
        print(f"browser check could not run: {err}", file=sys.stderr)
        return 2
    failed = [(result, problems) for result, problems in outcomes if problems]
    for result, problems in failed:
        print(f"browser check failed: {result.name}: {'; '.join(problems)}", file=sys.stderr)
    if not failed:
        print(f"browser check passed: {len(outcomes)} pages; screenshot {args.reports / 'index.png'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
