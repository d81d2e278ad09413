"""Load: read every file of a corpus folder into decoded text, and report what cannot be read.

A corpus folder is read file by file, in sorted order. Each file becomes either a
:class:`SourceFile` (decoded text plus the encoding that was detected) or a :class:`LoadProblem`
(the file's name and why it was not read). Nothing is skipped silently: hidden files (names
starting with ``.``) and sub-folders are the only things not listed.

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
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

#: File endings read as plain text.
TEXT_SUFFIXES = (".txt", ".text", ".md")
#: Files a corpus folder may hold besides reports, never read as documents.
SIDE_FILES = ("metadata.csv",)

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
    """The corpus folder does not exist or is not a folder."""


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


def _read_bytes(path: Path) -> bytes | LoadProblem:
    """The file's bytes, or a problem if it cannot be read or holds nothing but white space."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return LoadProblem(path, f"cannot read file ({err.strerror or err})")
    return data if data.strip() else LoadProblem(path, "empty file")


def read_text_file(path: Path) -> SourceFile | LoadProblem:
    """Read and decode one file.

    Args:
        path: the file to read.

    Returns:
        A :class:`SourceFile`, or a :class:`LoadProblem` naming why it could not be read.
    """
    path = Path(path)
    data = _read_bytes(path)
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


_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


def read_html_file(path: Path) -> SourceFile | LoadProblem:
    """Read an HTML page and extract its main text with trafilatura.

    Returns:
        A :class:`SourceFile` whose ``encoding`` reads ``html:<encoding>``, or a problem when the
        page cannot be decoded or has no main text.
    """
    import trafilatura  # imported here: only HTML corpora pay for it

    path = Path(path)
    data = _read_bytes(path)
    if isinstance(data, LoadProblem):
        return data
    declared = _META_CHARSET.search(data[:4096])
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
        return LoadProblem(path, "HTML page has no main text")
    # trafilatura keeps the headline apart from the text; put it back as the title line.
    extracted = trafilatura.bare_extraction(page, with_metadata=True, favor_recall=True)
    title = (getattr(extracted, "title", None) or "").strip()
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    return SourceFile(path, f"html:{encoding}", text)


def read_docx_file(path: Path) -> SourceFile | LoadProblem:
    """Read the paragraphs of a Word ``.docx`` file, one per line."""
    import docx  # python-docx

    path = Path(path)
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        return LoadProblem(path, f"cannot read .docx ({type(err).__name__})")
    text = "\n".join(p.text for p in document.paragraphs)
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


def read_file(path: Path) -> SourceFile | LoadProblem:
    """Read one file with the reader for its ending, or say it is of an unsupported type."""
    reader = SUFFIX_READERS.get(Path(path).suffix.lower())
    if reader is None:
        return LoadProblem(Path(path), f"unsupported file type ({Path(path).suffix or 'no ending'})")
    return reader(path)


def read_folder(folder: Path) -> tuple[list[SourceFile], list[LoadProblem]]:
    """Read every file of a corpus folder.

    Args:
        folder: the corpus folder.

    Returns:
        ``(files, problems)``: decoded files and the files that were not loaded, each in file-name
        order. Files whose ending has no reader in :data:`SUFFIX_READERS` are problems with the
        reason ``unsupported file type``; side files (:data:`SIDE_FILES`) are neither.

    Raises:
        CorpusFolderError: if ``folder`` does not exist or is not a folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusFolderError(f"corpus folder not found: {folder}")
    files: list[SourceFile] = []
    problems: list[LoadProblem] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir() or path.name.lower() in SIDE_FILES:
            continue
        result = read_file(path)
        (files if isinstance(result, SourceFile) else problems).append(result)
    return files, problems
