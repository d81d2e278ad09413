"""Load: read every file of a corpus folder into decoded text, and report what cannot be read.

A corpus folder is read file by file, in sorted order. Each file becomes either a
:class:`SourceFile` (decoded text plus the encoding that was detected) or a :class:`LoadProblem`
(the file's name and why it was not read). Nothing is skipped silently (:func:`list_folder`):

* only regular files directly in the folder are read; sub-folders, hidden entries (names starting
  with ``.``), Office lock files (``~$report.docx``), FIFOs, devices and sockets are listed as not
  loaded, with the reason;
* a symbolic link is followed only when its target lies inside the corpus folder; a link that
  leads outside, or nowhere, is listed as not loaded;
* a file larger than the size limit (:func:`max_file_bytes`, default :data:`DEFAULT_MAX_FILE_MB`
  MB, ``$GOVREPORTS_MAX_FILE_MB``) is listed as not loaded; no file is read past the limit;
* a reader that fails on a broken file (a truncated or corrupt ``.docx``, a page lxml cannot
  parse) gives a problem naming the error, never an exception.

Encodings are detected from the bytes, never guessed from the file name:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) decides;
2. otherwise strict UTF-8 is tried;
3. otherwise ``charset-normalizer`` proposes encodings, and the first of them that is a Chinese
   or Unicode encoding (GB18030 family, Big5, UTF-16) and decodes strictly is taken;
4. otherwise strict GB18030 (a superset of GBK and GB2312) is tried.

A file that is empty, binary (NUL or other control bytes in the decoded text) or not decodable
by any of these becomes a :class:`LoadProblem`.

Other formats (see :data:`SUFFIX_READERS`):

* ``.html`` / ``.htm``: decoded as above (a ``<meta charset>`` is honoured when it decodes), then
  the main text is extracted with ``trafilatura`` (navigation, headers, footers and comments
  dropped); what trafilatura keeps is the document's raw text, and the cleaner removes any
  remaining page furniture (下载 打印 字号 相关报道) with an audit as for text files.
* ``.docx``: paragraph texts read with ``python-docx``, one per line.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

#: File endings read as plain text.
TEXT_SUFFIXES = (".txt", ".text", ".md")
#: Files a corpus folder may hold besides reports, never read as documents.
SIDE_FILES = ("metadata.csv",)
#: Names (without ending, any case) of a folder's own documentation, listed but never read as reports.
DOCUMENTATION_STEMS = ("readme", "license", "licence", "changelog", "citation")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHINESE_OR_UNICODE = ("gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950", "utf_16", "utf_32")
# Control characters that never occur in a text document (tab, newline, CR, form feed allowed).
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


@dataclass(frozen=True)
class SourceFile:
    """One decoded file of the corpus.

    Attributes:
        path: the file.
        encoding: the encoding it was decoded with (``utf-8``, ``utf-8-sig``, ``gb18030``...).
        text: the decoded text, exactly as decoded (newlines untouched).
    """

    path: Path
    encoding: str
    text: str

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class LoadProblem:
    """A file that was seen but not loaded, and why.

    Attributes:
        path: the file.
        reason: a short phrase (``empty file``, ``binary file``, ``cannot decode ...``,
            ``unsupported file type``).
    """

    path: Path
    reason: str

    @property
    def name(self) -> str:
        return self.path.name

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"


class CorpusFolderError(FileNotFoundError):
    """The corpus folder does not exist, is not a folder, or cannot be read."""


class SettingError(ValueError):
    """A setting (environment variable or option) holds a value that makes no sense."""


#: Default size limit of one corpus file, in MB (a report is a few hundred kB).
DEFAULT_MAX_FILE_MB = 50.0


def max_file_bytes(max_file_mb: float | None = None) -> int:
    """Return the size limit of one corpus file in bytes.

    Args:
        max_file_mb: the limit in MB; ``None`` reads ``$GOVREPORTS_MAX_FILE_MB``, else
            :data:`DEFAULT_MAX_FILE_MB`.

    Raises:
        SettingError: if the limit is not a positive number.

    Example:
        >>> max_file_bytes(0.5)
        524288
    """
    if max_file_mb is None:
        setting = os.environ.get("GOVREPORTS_MAX_FILE_MB", "").strip()
        try:
            max_file_mb = float(setting) if setting else DEFAULT_MAX_FILE_MB
        except ValueError:
            raise SettingError(f"GOVREPORTS_MAX_FILE_MB must be a positive number of MB, not {setting!r}") from None
    if not (isinstance(max_file_mb, (int, float)) and 0 < max_file_mb < 1e9):
        raise SettingError(f"the file size limit must be a positive number of MB, not {max_file_mb!r}")
    return int(max_file_mb * 1024 * 1024)


def _megabytes(n_bytes: int) -> str:
    """A size for people: ``2.9 kB``, ``51.0 MB``."""
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes / 1024 / 1024:.1f} MB"
    return f"{n_bytes / 1024:.1f} kB"


def detect_encoding(data: bytes) -> str | None:
    """Return the encoding that decodes ``data`` strictly, or ``None``.

    Args:
        data: the raw bytes of a file.

    Returns:
        A Python codec name, e.g. ``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``, ``"gb18030"``.

    Example:
        >>> detect_encoding("政府工作报告".encode("gbk"))
        'gb18030'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding if _decodes(data, encoding) else None
    if _decodes(data, "utf-8"):
        return "utf-8"
    for match in from_bytes(data):
        encoding = match.encoding.lower()
        if encoding.startswith(_CHINESE_OR_UNICODE) and _decodes(data, encoding):
            return "gb18030" if encoding in ("gbk", "gb2312") else encoding
    if _decodes(data, "gb18030"):
        return "gb18030"
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def looks_binary(text: str) -> bool:
    """True if decoded ``text`` holds control characters that no text document contains."""
    return _BINARY_CONTROLS.search(text) is not None


_PLAUSIBLE = re.compile(r"[\u0020-\u007e\s\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2000-\u206f]")


def looks_like_text(text: str, share: float = 0.9) -> bool:
    """True if at least ``share`` of the characters are ASCII, Chinese, or common punctuation.

    Used to accept UTF-16 without a byte-order mark, where random bytes also "decode".
    """
    return bool(text) and len(_PLAUSIBLE.findall(text)) >= share * len(text)


def _read_bytes(path: Path, max_bytes: int | None = None) -> bytes | LoadProblem:
    """The file's bytes, or a problem if it cannot be read or holds nothing but white space.

    Only a regular file is read (opened without blocking, so a FIFO never hangs the run), and
    never past ``max_bytes`` (default :func:`max_file_bytes`).
    """
    limit = max_file_bytes() if max_bytes is None else max_bytes
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        return LoadProblem(path, f"cannot read file ({err.strerror or err})")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return LoadProblem(path, f"not a regular file ({_file_kind(info.st_mode)}), not read")
        if info.st_size > limit:
            return LoadProblem(path, _too_large(info.st_size, limit))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        return LoadProblem(path, f"cannot read file ({err.strerror or err})")
    finally:
        os.close(fd)
    if len(data) > limit:  # the file grew while we read it
        return LoadProblem(path, _too_large(len(data), limit))
    return data if data.strip() else LoadProblem(path, "empty file")


def _too_large(size: int, limit: int) -> str:
    return (f"file too large ({_megabytes(size)}; the limit is {_megabytes(limit)}, "
            f"set with --max-file-mb or GOVREPORTS_MAX_FILE_MB)")


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"),
             (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"))
    return next((name for test, name in kinds if test(mode)), "special file")


def read_text_file(path: Path, *, max_bytes: int | None = None) -> SourceFile | LoadProblem:
    """Read and decode one file.

    Args:
        path: the file to read.
        max_bytes: size limit (default :func:`max_file_bytes`).

    Returns:
        A :class:`SourceFile`, or a :class:`LoadProblem` naming why it could not be read.
    """
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    if isinstance(data, LoadProblem):
        return data
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                                                 codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # UTF-16 without a BOM is legal but rare; accept it only if it decodes to real text.
        for encoding in ("utf-16-le", "utf-16-be"):
            if _decodes(data, encoding) and looks_like_text(data.decode(encoding)) and not looks_binary(data.decode(encoding)):
                return SourceFile(path, encoding, data.decode(encoding))
        return LoadProblem(path, "binary file (NUL bytes)")
    encoding = detect_encoding(data)
    if encoding is None:
        return LoadProblem(path, "cannot decode: not UTF-8, UTF-16 or GB18030/GBK text")
    text = data.decode(encoding)
    if looks_binary(text):
        return LoadProblem(path, "binary file (control characters)")
    if not text.strip():
        return LoadProblem(path, "empty file (only white space)")
    return SourceFile(path, encoding, text)


#: How many bytes of a page are searched for its ``<meta charset>``: it belongs in ``<head>``.
META_CHARSET_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


def read_html_file(path: Path, *, max_bytes: int | None = None) -> SourceFile | LoadProblem:
    """Read an HTML page and extract its main text with trafilatura.

    A page nested deeper than lxml's default limit (255 levels, where the default parser stops
    and the text would be lost) is parsed again without that limit.

    Returns:
        A :class:`SourceFile` whose ``encoding`` reads ``html:<encoding>``, or a problem when the
        page cannot be decoded or has no main text.
    """
    import trafilatura  # imported here: only HTML corpora pay for it

    path = Path(path)
    data = _read_bytes(path, max_bytes)
    if isinstance(data, LoadProblem):
        return data
    declared = _META_CHARSET.search(data[:META_CHARSET_BYTES])
    encoding = None
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        name = "gb18030" if name in ("gb2312", "gbk") else name
        encoding = name if _decodes(data, name) else None
    encoding = encoding or detect_encoding(data)
    if encoding is None:
        return LoadProblem(path, "cannot decode HTML: not UTF-8, UTF-16 or GB18030/GBK")
    page = data.decode(encoding)
    text = trafilatura.extract(
        page, output_format="txt", include_comments=False, include_tables=True,
        include_images=False, include_links=False, favor_recall=True, deduplicate=False,
    )
    if not text or not text.strip():
        page, depth = _deep_html_tree(page)
        if depth < _LXML_DEPTH_LIMIT:
            return LoadProblem(path, "HTML page has no main text")
        text = trafilatura.extract(
            page, output_format="txt", include_comments=False, include_tables=True,
            include_images=False, include_links=False, favor_recall=True, deduplicate=False,
        )
        if not text or not text.strip():
            return LoadProblem(path, f"HTML page nested too deeply ({depth} levels or more) to find its main text")
    # trafilatura keeps the headline apart from the text; put it back as the title line.
    extracted = trafilatura.bare_extraction(page, with_metadata=True, favor_recall=True)
    title = (getattr(extracted, "title", None) or "").strip()
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    return SourceFile(path, f"html:{encoding}", text)


#: Depth at which lxml's default HTML parser stops building the tree.
_LXML_DEPTH_LIMIT = 255


def _deep_html_tree(page: str):
    """Parse ``page`` without lxml's depth limit; return the tree and its depth (0 if unparsable)."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(page, parser=lxml.html.HTMLParser(huge_tree=True))
    except (ValueError, lxml.etree.ParserError):
        return page, 0
    depth = {None: 0}
    for element in tree.iter():
        depth[element] = depth[element.getparent()] + 1
    return tree, max(depth.values())


def read_docx_file(path: Path, *, max_bytes: int | None = None) -> SourceFile | LoadProblem:
    """Read the paragraphs of a Word ``.docx`` file, one per line.

    A file that is not a ZIP package (empty, truncated, plain text named ``.docx``), whose
    unpacked content exceeds the size limit, or whose XML or compressed data is broken is a
    :class:`LoadProblem` naming the error.
    """
    import docx  # python-docx

    path = Path(path)
    data = _read_bytes(path, max_bytes)
    if isinstance(data, LoadProblem):
        return data
    limit = max_file_bytes() if max_bytes is None else max_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return LoadProblem(path, "not a .docx file (not a ZIP package: truncated, or text named .docx)")
    if unpacked > limit:
        return LoadProblem(path, f"unpacked .docx too large ({_megabytes(unpacked)}; the limit is {_megabytes(limit)})")
    try:
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(p.text for p in document.paragraphs)
    except Exception as err:  # noqa: BLE001 - python-docx, lxml and zlib raise many kinds
        return LoadProblem(path, f"broken .docx ({_error_text(err)})")
    if not text.strip():
        return LoadProblem(path, "empty file (no text in the .docx)")
    return SourceFile(path, "docx", text)


#: Reader for each supported file ending.
SUFFIX_READERS: dict[str, Callable[[Path], "SourceFile | LoadProblem"]] = {
    **{suffix: read_text_file for suffix in TEXT_SUFFIXES},
    ".html": read_html_file,
    ".htm": read_html_file,
    ".docx": read_docx_file,
}


#: Longest reader error kept in a problem's reason (one line of a report or of the files table).
MAX_ERROR_CHARS = 200


def _error_text(err: BaseException) -> str:
    """``Type: message`` on one line, at most :data:`MAX_ERROR_CHARS` characters."""
    message = " ".join(str(err).split())
    kind = type(err).__name__
    if not kind[:1].isupper():  # zlib.error, binascii.Error: the module says what it is
        kind = f"{type(err).__module__}.{kind}"
    text = f"{kind}: {message}" if message else kind
    return text if len(text) <= MAX_ERROR_CHARS else text[:MAX_ERROR_CHARS - 1] + "…"


def read_file(path: Path, *, max_bytes: int | None = None) -> SourceFile | LoadProblem:
    """Read one file with the reader for its ending, or say it is of an unsupported type.

    Never raises for a bad file: whatever a reader raises becomes a :class:`LoadProblem`.
    """
    path = Path(path)
    reader = SUFFIX_READERS.get(path.suffix.lower())
    if reader is None:
        return LoadProblem(path, f"unsupported file type ({path.suffix or 'no ending'})")
    try:
        return reader(path, max_bytes=max_bytes)
    except Exception as err:  # noqa: BLE001 - a broken file of any kind is reported, not raised
        return LoadProblem(path, f"cannot read {path.suffix.lower()} file ({_error_text(err)})")


def is_side_file(name: str) -> bool:
    """True for a file a corpus folder may hold besides reports (``metadata.csv``, any case)."""
    return name.lower() in SIDE_FILES


def _skip_reason(path: Path, root: Path) -> str | None:
    """Why an entry of the corpus folder is not read, or ``None`` if it is a file to read."""
    name = path.name
    if name.startswith("."):
        return "hidden (name starts with '.'), not read"
    if name.startswith("~$"):
        return "Office lock file (~$…: left by an open document), not a report"
    if path.stem.lower() in DOCUMENTATION_STEMS:
        return "documentation file (README, LICENSE …) of the folder, not a report"
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken symbolic link, not read"
        if not target.is_relative_to(root):
            return f"symbolic link to {target}, outside the corpus folder, not read"
    try:
        mode = path.stat().st_mode
    except OSError as err:
        return f"cannot read file ({err.strerror or err})"
    if stat.S_ISDIR(mode):
        return "sub-folder, not read (only the files directly in the corpus folder are read)"
    if not stat.S_ISREG(mode):
        return f"not a regular file ({_file_kind(mode)}), not read"
    return None


def list_folder(folder: Path) -> tuple[list[Path], list[LoadProblem]]:
    """List a corpus folder: the files to read, and every other entry with why it is not read.

    Side files (``metadata.csv``) are in neither list. See the module docstring for the rules.

    Args:
        folder: the corpus folder.

    Returns:
        ``(paths to read, problems)``, each in file-name order.

    Raises:
        CorpusFolderError: if ``folder`` does not exist, is not a folder or cannot be listed.
    """
    folder = Path(folder)
    if not folder.exists():
        raise CorpusFolderError(f"corpus folder not found: {folder}")
    if not folder.is_dir():
        raise CorpusFolderError(f"corpus folder is not a folder: {folder}")
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        raise CorpusFolderError(f"cannot read corpus folder {folder} ({err.strerror or err})") from None
    root = folder.resolve()
    to_read: list[Path] = []
    problems: list[LoadProblem] = []
    for path in entries:
        if is_side_file(path.name):
            continue
        reason = _skip_reason(path, root)
        if reason is None:
            to_read.append(path)
        else:
            problems.append(LoadProblem(path, reason))
    return to_read, problems
