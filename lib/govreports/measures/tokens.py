"""Tokens: jieba segmentation that knows policy language, with stop words and a disk cache.

The stage between ``structure`` (sentences with their report part) and ``keywords`` (the
measures). A text is cut by jieba in accurate mode (never full mode, which double counts) with the
user dictionary ``data/userdict.txt`` loaded into a private ``jieba.Tokenizer`` (the global
``jieba`` instance is left untouched), so slogans stay whole::

    >>> tokenize("坚持八八战略，推进高质量发展，增长7.4%。")
    ['八八战略', '高质量发展', '增长']

Terms are the tokens that count: :func:`is_term` drops stop words (``data/stopwords.txt``),
single characters, numbers, percentages and punctuation. Both data files are plain text a
researcher can edit; each starts with a header saying what it is and where it came from.

Settings (environment variables, each also a function argument):

``GOVREPORTS_TOKENIZER``
    ``jieba`` (default) or ``rjieba`` (jieba-rs, the same algorithm in Rust, optional; install
    ``rjieba``). Both get the same user dictionary; :func:`backend_agreement` measures how often
    they agree.
``GOVREPORTS_CACHE``
    folder of the token cache (default ``~/.cache/govreports``; see ``paths.cache_dir``).

Cache: the segmentation of each text (all tokens, before stop words are removed) is stored once
as JSON under ``<cache>/tokens/``, keyed by a SHA-256 of the text, the user dictionary's
contents, the backend and its version, and this module's cache format. It is stored
dictionary-encoded (:class:`Segmentation`): the text's distinct tokens (``vocab``, one string
with a NUL between tokens) and one integer code per token (``codes``, little-endian, base64),
so reading it makes one Python string per distinct token instead of one per token, and
counting is one ``numpy.bincount``. An edited user dictionary therefore misses the cache and
segments again; an edited stop-word list needs no new segmentation (stop words are applied when
reading), so it can never give stale results either.

Every entry is checked when read: it must be a JSON object holding its own key, the tokens
(``vocab`` and ``codes`` that decode to strings joining back to exactly the text) and a SHA-256
checksum of key and tokens. An entry
that fails (damaged, of the wrong shape, edited, or belonging to another text) is warned about
(:class:`TokenCacheWarning`), segmented again and rewritten. A cache folder that cannot be written
(read-only, or a path that is a file) means running without the cache, with one warning.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from govreports import paths
from govreports.datafiles import parse_lines
from govreports.text import CJK, CN_NUMBER_CHARS

USERDICT_PATH = paths.DATA_DIR / "userdict.txt"
STOPWORDS_PATH = paths.DATA_DIR / "stopwords.txt"

#: Backends that :func:`segment` can use, the first is the default.
BACKENDS = ("jieba", "rjieba")
#: Frequency given to a user-dictionary word listed without one: that of a very common word
#: (发展 has 68,664 in jieba's dictionary, 战略 10,013), so the slogan wins against the pieces jieba
#: would otherwise choose in context (八八战略 in 坚持八八战略). Checked on the seeds: every
#: occurrence of every entry comes out as one token.
DEFAULT_USER_FREQ = 100_000
#: Bump when the layout of cache files changes; part of every cache key.
CACHE_FORMAT = 3

#: A term contains at least one Chinese character or Latin letter (so 5G and PM2.5 stay).
_WORD_CHAR = re.compile(rf"[{CJK}A-Za-zＡ-Ｚａ-ｚ]")
#: Chinese numerals, optionally ordinal or with a measure word: 第一, 两个, 三年, 一百, 十余.
_CN_NUMBER = re.compile(
    rf"第?[{CN_NUMBER_CHARS}亿几]+(?:[个年次批项条家号届期位名倍成种类件]|多|余)?"
)


# --- data files ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserDict:
    """A parsed user dictionary.

    Attributes:
        entries: ``(word, frequency, part_of_speech or None)`` in file order.
        fingerprint: SHA-256 of the file's bytes (part of the cache key).
    """

    entries: tuple[tuple[str, int, str | None], ...]
    fingerprint: str

    @property
    def words(self) -> frozenset[str]:
        """The words of the dictionary."""
        return frozenset(word for word, _, _ in self.entries)


@lru_cache(maxsize=8)
def _parse_userdict(content: bytes, source: str) -> UserDict:
    entries = []
    for line in parse_lines(content.decode("utf-8"), source):
        fields = line.text.split()
        if len(fields) > 3 or (len(fields) >= 2 and not fields[1].isdigit()):
            raise line.error("user dictionary line is not 'word [frequency] [tag]'")
        freq = int(fields[1]) if len(fields) >= 2 else DEFAULT_USER_FREQ
        tag = fields[2] if len(fields) == 3 else None
        entries.append((fields[0], freq, tag))
    return UserDict(tuple(entries), hashlib.sha256(content).hexdigest())


def load_userdict(path: str | os.PathLike | None = None) -> UserDict:
    """Read a user dictionary: jieba's ``word [frequency] [tag]``, one a line (:mod:`govreports.datafiles` rules).

    Args:
        path: the file; default ``data/userdict.txt``.

    Returns:
        The parsed :class:`UserDict`. The file is read on every call (it is small) so that an
        edit takes effect, and invalidates the cache, without restarting Python.

    Raises:
        ValueError: naming the file and the line, if a line is not ``word [frequency] [tag]``.
    """
    path = Path(path or USERDICT_PATH)
    return _parse_userdict(path.read_bytes(), str(path))


@lru_cache(maxsize=8)
def _parse_stopwords(content: bytes, exclude_sections: frozenset[str]) -> frozenset[str]:
    return frozenset(line.text for line in parse_lines(content.decode("utf-8")) if line.section not in exclude_sections)


def load_stopwords(
    path: str | os.PathLike | None = None, *, exclude_sections: Iterable[str] = ()
) -> frozenset[str]:
    """Read a stop-word list: one word a line, ``## section: name`` headers (:mod:`govreports.datafiles` rules).

    Args:
        path: the file; default ``data/stopwords.txt``.
        exclude_sections: names of sections to leave out, e.g. ``{"policy_verbs"}`` to keep
            加快, 推进 ... as terms when studying policy tone.

    Returns:
        The stop words.
    """
    content = Path(path or STOPWORDS_PATH).read_bytes()
    return _parse_stopwords(content, frozenset(exclude_sections))


# --- what counts as a term ------------------------------------------------------------------------


def is_term(token: str, stopwords: frozenset[str], keep: frozenset[str] = frozenset()) -> bool:
    """Say whether a token counts as a term.

    Rules, in order: stop words are not terms; user-dictionary words (``keep``) are, even when
    numeric (十四五); single characters, tokens without a Chinese character or Latin letter
    (numbers, 7.4%, punctuation, spaces) and Chinese numerals (第一, 两个, 三年) are not.

    Args:
        token: one token.
        stopwords: words never counted.
        keep: words always counted unless they are stop words.

    Returns:
        ``True`` if the token is a term.

    Example:
        >>> is_term("八八战略", frozenset()), is_term("2019", frozenset()), is_term("的", frozenset())
        (True, False, False)
    """
    if token in stopwords:
        return False
    if token in keep:
        return True
    return len(token) >= 2 and bool(_WORD_CHAR.search(token)) and not _CN_NUMBER.fullmatch(token)


def term_filter(
    stopwords: frozenset[str] | None = None, userdict: UserDict | None = None
) -> Callable[[str], bool]:
    """Return a fast, memoised :func:`is_term` for one stop-word list and user dictionary.

    Args:
        stopwords: default :func:`load_stopwords`.
        userdict: default :func:`load_userdict`.
    """
    stop = load_stopwords() if stopwords is None else frozenset(stopwords)
    keep = (userdict or load_userdict()).words
    decided: dict[str, bool] = {}

    def check(token: str) -> bool:
        verdict = decided.get(token)
        if verdict is None:
            verdict = decided[token] = is_term(token, stop, keep)
        return verdict

    return check


# --- backends --------------------------------------------------------------------------------------


def resolve_backend(backend: str | None = None) -> str:
    """Return the backend to use: the argument, else ``$GOVREPORTS_TOKENIZER``, else ``jieba``.

    Raises:
        ValueError: if the name is not one of :data:`BACKENDS`.
    """
    name = (backend or os.environ.get("GOVREPORTS_TOKENIZER") or BACKENDS[0]).strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"unknown tokenizer backend {name!r}; choose one of {BACKENDS}")
    return name


@lru_cache(maxsize=8)
def backend_version(backend: str) -> str:
    """Return the installed version of a backend package (part of the cache key).

    Looked up once per process: ``importlib.metadata`` scans the installed packages on every
    call (about 0.3 ms), which was a tenth of a cold run of short texts with rjieba.

    Raises:
        ImportError: if the backend is not installed.
    """
    try:
        return metadata.version(backend)
    except metadata.PackageNotFoundError as error:
        raise ImportError(f"tokenizer backend {backend!r} is not installed (pip install {backend})") from error


@contextlib.contextmanager
def _quiet_jieba():
    """Silence jieba's start-up messages (``Building prefix dict ...``) and restore its level."""
    jieba_logger = logging.getLogger("jieba")
    level = jieba_logger.level
    jieba_logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        jieba_logger.setLevel(level)


@lru_cache(maxsize=4)
def _cutter(backend: str, userdict: UserDict) -> Callable[[str], list[str]]:
    """Build a segmenter once per backend and dictionary (loading jieba takes about a second)."""
    if backend == "jieba":
        import jieba

        tokenizer = jieba.Tokenizer()
        with _quiet_jieba():
            tokenizer.initialize()
            for word, freq, tag in userdict.entries:
                tokenizer.add_word(word, freq, tag)
        return lambda text: tokenizer.lcut(text, cut_all=False, HMM=True)
    import rjieba

    segmenter = rjieba.Jieba()
    for word, freq, tag in userdict.entries:
        segmenter.add_word(word, freq, tag)
    return lambda text: segmenter.cut(text, True)


def _run_backend(text: str, backend: str, userdict: UserDict) -> list[str]:
    """Segment without the cache (accurate mode, HMM for unknown words); whitespace tokens kept."""
    return _cutter(backend, userdict)(text)


# --- cache -----------------------------------------------------------------------------------------


def cache_key(text: str, *, backend: str | None = None, userdict: UserDict | None = None) -> str:
    """Return the cache key of a text: SHA-256 of text, dictionary, backend, versions.

    Args:
        text: the text to segment.
        backend: see :func:`resolve_backend`.
        userdict: default :func:`load_userdict`.
    """
    backend = resolve_backend(backend)
    userdict = userdict or load_userdict()
    header = json.dumps([CACHE_FORMAT, backend, backend_version(backend), userdict.fingerprint])
    digest = hashlib.sha256(header.encode("utf-8"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


class TokenCacheWarning(UserWarning):
    """A token-cache entry was bad (and was recomputed), or the cache folder cannot be used."""


class Segmentation:
    """One text's tokens, dictionary-encoded: its distinct tokens and a code per token.

    Why it exists: a report of 30,000 characters has some 16,000 tokens but only 2,500 distinct
    ones. Kept (and cached) as ``vocab`` (the distinct tokens, in order of first appearance) and
    ``codes`` (``tokens[i] == vocab[codes[i]]``), a segmentation is read from the cache with one
    Python string per distinct token, counted with one ``numpy.bincount``, and cut into
    sentences with array operations; :meth:`tokens` gives back the plain list.

    Example:
        >>> s = Segmentation.from_tokens(["两山", "，", "两山"])
        >>> s.vocab, s.codes.tolist(), s.tokens()
        (['两山', '，'], [0, 1, 0], ['两山', '，', '两山'])
    """

    __slots__ = ("vocab", "codes", "_array")

    def __init__(self, vocab: list[str], codes: np.ndarray, array: np.ndarray | None = None):
        self.vocab = vocab
        self.codes = codes
        self._array = array  # ``vocab`` as an object array, if the maker had one

    @classmethod
    def from_tokens(cls, tokens: Sequence[str]) -> Segmentation:
        """Encode a token list (one hash-table pass in C, ``pandas.factorize``)."""
        if not len(tokens):
            return cls([], np.zeros(0, dtype=np.uint32))
        # fromiter: fewer instructions per token than np.array, which asks each element whether it is a sequence
        codes, uniques = pd.factorize(np.fromiter(tokens, dtype=object, count=len(tokens)))
        # the distinct tokens kept as factorize made them too: counting takes from that array
        return cls(uniques.tolist(), codes.astype(np.uint32), uniques)

    def vocab_array(self) -> np.ndarray:
        """``vocab`` as a numpy object array (for taking tokens by code); made once."""
        if self._array is None:
            array = np.empty(len(self.vocab), dtype=object)
            array[:] = self.vocab
            self._array = array
        return self._array

    def tokens(self) -> list[str]:
        """The tokens in text order."""
        return self.vocab_array()[self.codes].tolist()

    def __len__(self) -> int:
        return len(self.codes)


#: Bits per code point in a packed token key (U+10FFFF, the largest code point, needs 21).
KEY_BITS = 21
#: The longest token, in code points, that a packed key holds (3 × 21 bits fit a positive int64).
KEY_CHARS = 3
_KEY_MASK = (1 << KEY_BITS) - 1


def packed_key(token: str) -> int:
    """The packed key of one token: the token itself as a number, or -1 if it has none.

    A token of one to :data:`KEY_CHARS` code points, none of them NUL, is its code points
    written :data:`KEY_BITS` bits each from the top (a shorter token leaves zeros below), so two
    tokens have the same key exactly when they are the same string. The rule that
    :func:`packed_keys` applies to a whole list at once.

    Example:
        >>> packed_key("两山") == (ord("两") << 42) | (ord("山") << 21), packed_key("高质量发展")
        (True, -1)
    """
    if not 1 <= len(token) <= KEY_CHARS or "\0" in token:
        return -1
    key = 0
    for i, char in enumerate(token):
        key |= ord(char) << (KEY_BITS * (KEY_CHARS - 1 - i))
    return key


def packed_keys(tokens: Sequence[str]) -> np.ndarray:
    """:func:`packed_key` of every token, as an ``int64`` array, with array operations.

    Why it exists: a term's key is the same number in every document and every process, so
    the distinct tokens of thousands of documents are counted and sent between processes as
    integers (hashed and copied in C), and a Python string is made only for a token seen for
    the first time (:func:`unpacked_tokens`). The tokens are joined with NULs and read as
    UTF-32 code points (one pass in C, not a Python call per token).
    """
    n = len(tokens)
    if not n:
        return np.zeros(0, dtype=np.int64)
    joined = "\0".join(tokens)
    if joined.count("\0") != n - 1:  # a token holds a NUL itself: the rule, token by token
        return np.fromiter(map(packed_key, tokens), dtype=np.int64, count=n)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ends = np.append(np.flatnonzero(points == 0), len(points))
    starts = np.empty(n, dtype=np.int64)
    starts[0], starts[1:] = 0, ends[:-1] + 1
    lengths = ends - starts
    points = np.append(points, np.zeros(KEY_CHARS, dtype=np.uint32)).astype(np.int64)  # so start + 2 is inside
    keys = np.zeros(n, dtype=np.int64)
    for i in range(KEY_CHARS):  # a token's i-th code point, or the NUL after it (0) if it is shorter
        part = points[starts + i]
        part[lengths <= i] = 0
        keys |= part << (KEY_BITS * (KEY_CHARS - 1 - i))
    keys[(lengths < 1) | (lengths > KEY_CHARS)] = -1
    return keys


def unpacked_tokens(keys: np.ndarray) -> list[str]:
    """The tokens of packed keys (each ``>= 0``, as :func:`packed_keys` makes them), in order.

    Example:
        >>> unpacked_tokens(packed_keys(["两山", "，", "GDP"]))
        ['两山', '，', 'GDP']
    """
    keys = np.asarray(keys, dtype=np.int64)
    if not len(keys):
        return []
    points = np.zeros((len(keys), KEY_CHARS + 1), dtype=np.uint32)  # a NUL after each token
    for i in range(KEY_CHARS):
        points[:, i] = (keys >> (KEY_BITS * (KEY_CHARS - 1 - i))) & _KEY_MASK
    kept = points != 0
    kept[:, KEY_CHARS] = True
    text = points[kept].astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    return text.split("\0")[:-1]


def _cache_file(key: str) -> Path:
    return paths.cache_dir() / "tokens" / key[:2] / f"{key}.json"


def _checksum(key: str, vocab: list[str], codes: bytes, joined: str | None = None) -> str:
    """SHA-256 of the key, each distinct token after a NUL, a NUL and the codes' bytes (one hash call).

    ``joined`` is ``"\\0".join(vocab)`` if the caller has it already.
    """
    joined = "\0".join(vocab) if joined is None else joined
    data = (key + "\0" + joined if vocab else key).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data + b"\0" + codes).hexdigest()


def _code_bytes(segmentation: Segmentation) -> tuple[int, bytes]:
    """``(width, bytes)`` of the codes: little-endian, 2 bytes each if the vocabulary allows, else 4."""
    width = 2 if len(segmentation.vocab) <= 2**16 else 4
    return width, segmentation.codes.astype(f"<u{width}").tobytes()


def _vocab_field(segmentation: Segmentation) -> tuple[str, str | list[str]]:
    """``(joined, vocab)``: the distinct tokens joined by NULs, and what the entry stores for them.

    One string (NUL between tokens) is written and read several times faster than a JSON list;
    a list only if a token holds a NUL itself.
    """
    joined = "\0".join(segmentation.vocab)
    as_list = not segmentation.vocab or joined.count("\0") != len(segmentation.vocab) - 1
    return joined, segmentation.vocab if as_list else joined


def cache_entry(key: str, tokens: Sequence[str] | Segmentation) -> dict:
    """The JSON object stored for a text: its key, its tokens (dictionary-encoded) and their checksum."""
    segmentation = tokens if isinstance(tokens, Segmentation) else Segmentation.from_tokens(tokens)
    width, data = _code_bytes(segmentation)
    joined, vocab = _vocab_field(segmentation)
    return {"format": CACHE_FORMAT, "key": key,
            "tokens": {"vocab": vocab, "codes": base64.b64encode(data).decode("ascii"), "width": width},
            "checksum": _checksum(key, segmentation.vocab, data, joined)}


def _entry_bytes(key: str, segmentation: Segmentation) -> bytes:
    """The UTF-8 bytes of :func:`cache_entry` as compact JSON, as ``json.dumps`` writes it.

    Put together from its parts: only the distinct tokens go through the JSON encoder, the key,
    the base64 codes and the checksum (ASCII letters, digits, ``+/=``) need no escaping, and the
    codes stay bytes (no ``str`` of them is made, encoded and written through a text file).
    """
    width, data = _code_bytes(segmentation)
    joined, vocab = _vocab_field(segmentation)
    if not isinstance(vocab, str) or not re.fullmatch(r"[0-9a-f]*", key):
        return json.dumps(cache_entry(key, segmentation), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    checksum = _checksum(key, segmentation.vocab, data, joined)
    return b"".join((
        f'{{"format":{CACHE_FORMAT},"key":"{key}","tokens":{{"vocab":'.encode("ascii"),
        json.dumps(vocab, ensure_ascii=False).encode("utf-8"),
        b',"codes":"', base64.b64encode(data), f'","width":{width}}},"checksum":"{checksum}"}}'.encode("ascii"),
    ))


def _decode_entry(entry, key: str, text: str) -> tuple[Segmentation | None, str | None]:
    """``(segmentation, None)`` from a good cache entry for ``text`` under ``key``, else ``(None, problem)``."""
    if not isinstance(entry, dict) or not {"key", "tokens", "checksum"} <= entry.keys():
        return None, "is not a cache entry (a JSON object with key, tokens and checksum)"
    tokens = entry["tokens"]
    vocab = tokens.get("vocab") if isinstance(tokens, dict) else None
    vocab = vocab.split("\0") if isinstance(vocab, str) else vocab
    encoded = tokens.get("codes") if isinstance(tokens, dict) else None
    width = tokens.get("width") if isinstance(tokens, dict) else None
    codes = None
    if isinstance(vocab, list) and isinstance(encoded, str) and type(width) is int and width in (2, 4):
        try:  # join refuses anything but strings, at C speed
            "".join(vocab)
            data = base64.b64decode(encoded, validate=True)
        except (TypeError, binascii.Error, ValueError):
            data = None
        if data is not None and len(data) % width == 0 and "" not in vocab:
            codes = np.frombuffer(data, dtype=f"<u{width}")
            if len(codes) and int(codes.max()) >= len(vocab):
                codes = None
    if codes is None:
        return None, "does not hold a list of tokens"
    segmentation = Segmentation(vocab, codes)
    if entry["key"] != key or "".join(segmentation.tokens()) != text:
        return None, "belongs to another text"
    if entry["checksum"] != _checksum(key, vocab, data):
        return None, "fails its checksum (edited or damaged)"
    return segmentation, None


def check_cache_entry(entry, key: str, text: str) -> str | None:
    """Return what is wrong with a cache entry read for ``text`` under ``key``, or ``None`` if it is good.

    Example:
        >>> check_cache_entry([], "k", "两山")
        'is not a cache entry (a JSON object with key, tokens and checksum)'
    """
    return _decode_entry(entry, key, text)[1]


def _read_cache(key: str, text: str, path: Path | None = None) -> Segmentation | None:
    """The cached segmentation of ``text``, or ``None`` on a miss; a bad entry is warned about (a miss).

    ``path``: the entry's file (:func:`_cache_file` of ``key``) if the caller has it already.
    """
    path = path or _cache_file(key)
    try:
        with open(path, encoding="utf-8") as handle:
            entry = json.loads(handle.read())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:  # a damaged file is a miss, rewritten by the caller
        problem = f"cannot be read ({type(error).__name__}: {error})"
    else:
        segmentation, problem = _decode_entry(entry, key, text)
        if problem is None:
            return segmentation
    warnings.warn(f"token cache entry {path} {problem}: segmented again and rewritten", TokenCacheWarning, stacklevel=2)
    return None


@lru_cache(maxsize=16)
def _cache_problem(folder: Path) -> str | None:
    """Why the token cache under ``folder`` cannot be written (checked once per process), or ``None``."""
    return paths.unwritable_reason(folder / "tokens")


def cache_usable() -> bool:
    """True if the token cache folder can be written; if not, warn once and return False."""
    folder = paths.cache_dir()
    problem = _cache_problem(folder)
    if problem is not None and folder not in _WARNED_FOLDERS:
        _WARNED_FOLDERS.add(folder)
        warnings.warn(f"token cache folder {folder} cannot be used ({problem}): running without the cache",
                      TokenCacheWarning, stacklevel=2)
    return problem is None


_WARNED_FOLDERS: set[Path] = set()


_MADE_FOLDERS: set[Path] = set()


def _write_file(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file beside it and a rename.

    So a crash or a parallel run never leaves half a file under the key. The temporary name is
    this process's and thread's own; the folder is made once per process (and again if it went
    away meanwhile).
    """
    folder = target.parent
    if folder not in _MADE_FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
        _MADE_FOLDERS.add(folder)
    temporary = folder / f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except FileNotFoundError:  # the folder was removed since it was made
        _MADE_FOLDERS.discard(folder)
        folder.mkdir(parents=True, exist_ok=True)
        _MADE_FOLDERS.add(folder)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with open(handle, "wb", closefd=True) as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_cache(key: str, segmentation: Segmentation, path: Path | None = None) -> None:
    """Store a segmentation under ``key`` (in ``path``, default :func:`_cache_file` of the key).

    A folder that cannot be written is warned about once; the results stay right, only not kept.
    """
    try:
        _write_file(path or _cache_file(key), _entry_bytes(key, segmentation))
    except OSError as error:  # e.g. the disk filled up: the tokens are right, only not kept
        folder = paths.cache_dir()
        if folder not in _WARNED_FOLDERS:
            _WARNED_FOLDERS.add(folder)
            warnings.warn(f"token cache folder {folder} cannot be written ({type(error).__name__}: "
                          f"{error.strerror or error}): results are right but not cached", TokenCacheWarning, stacklevel=2)


def clear_cache() -> None:
    """Delete the token cache (``<cache>/tokens``); nothing else in the cache folder is touched."""
    shutil.rmtree(paths.cache_dir() / "tokens", ignore_errors=True)
    _cache_problem.cache_clear()
    _MADE_FOLDERS.clear()


def _segmentation(text: str, backend: str, userdict: UserDict, use_cache: bool) -> Segmentation:
    """The segmentation of ``text``, dictionary-encoded: from the cache, else from the backend (and cached)."""
    if not use_cache or not cache_usable():
        return Segmentation.from_tokens(_run_backend(text, backend, userdict))
    key = cache_key(text, backend=backend, userdict=userdict)
    path = _cache_file(key)
    segmentation = _read_cache(key, text, path)
    if segmentation is None:
        segmentation = Segmentation.from_tokens(_run_backend(text, backend, userdict))
        _write_cache(key, segmentation, path)
    return segmentation


def _segment_raw(text: str, backend: str, userdict: UserDict, use_cache: bool) -> list[str]:
    """Every token of ``text``, whitespace included (the backend's output, through the cache)."""
    if not use_cache or not cache_usable():
        return _run_backend(text, backend, userdict)
    return _segmentation(text, backend, userdict, use_cache).tokens()


# --- public segmentation ---------------------------------------------------------------------------


def segment(
    text: str,
    *,
    backend: str | None = None,
    userdict: UserDict | None = None,
    use_cache: bool = True,
) -> list[str]:
    """Cut a text into tokens: every token, punctuation and stop words included, no whitespace.

    Args:
        text: the text.
        backend: ``jieba`` or ``rjieba``; default ``$GOVREPORTS_TOKENIZER`` or ``jieba``.
        userdict: default :func:`load_userdict`.
        use_cache: read and write the disk cache.

    Returns:
        The tokens in text order.

    Example:
        >>> segment("践行“两山”理念")
        ['践行', '“', '两山', '”', '理念']
    """
    backend = resolve_backend(backend)
    userdict = userdict or load_userdict()
    return [token for token in _segment_raw(text, backend, userdict, use_cache) if not token.isspace()]


def tokenize(
    text: str,
    *,
    backend: str | None = None,
    userdict: UserDict | None = None,
    stopwords: frozenset[str] | None = None,
    use_cache: bool = True,
) -> list[str]:
    """Cut a text into terms: :func:`segment`, then keep the tokens :func:`is_term` accepts.

    Args:
        text: the text.
        backend: see :func:`segment`.
        userdict: default :func:`load_userdict`.
        stopwords: default :func:`load_stopwords`.
        use_cache: read and write the disk cache.

    Returns:
        The terms in text order.

    Example:
        >>> tokenize("各位代表：我们要加快推进数字化改革，新建5G基站1.2万个。")
        ['数字化改革', '新建', '5G', '基站']
    """
    userdict = userdict or load_userdict()
    keep = term_filter(stopwords, userdict)
    return [token for token in segment(text, backend=backend, userdict=userdict, use_cache=use_cache) if keep(token)]


def segment_sentences(
    sentences: Sequence[str],
    *,
    backend: str | None = None,
    userdict: UserDict | None = None,
    use_cache: bool = True,
) -> list[list[str]]:
    """Segment the sentences of one document through a single cache entry, as token lists.

    The arguments and the cache entry are those of :func:`encoded_sentences`.

    Returns:
        One token list per sentence (no whitespace tokens).
    """
    segmentation, sentence = encoded_sentences(sentences, backend=backend, userdict=userdict, use_cache=use_cache)
    if not sentences:
        return []
    kept = ~whitespace_mask(segmentation.vocab)[segmentation.codes]
    tokens = segmentation.vocab_array()[segmentation.codes[kept]]
    bounds = np.searchsorted(sentence[kept], np.arange(len(sentences) + 1))
    return [tokens[start:end].tolist() for start, end in zip(bounds[:-1], bounds[1:])]


def whitespace_mask(vocab: Sequence[str]) -> np.ndarray:
    """``True`` for each token of ``vocab`` that is whitespace (dropped from every token list)."""
    return np.fromiter((token.isspace() for token in vocab), dtype=bool, count=len(vocab))


def joined_sentences(sentences: Sequence[str]) -> str:
    """The sentences joined with line breaks; a line break or carriage return inside one is read as a space.

    Example:
        >>> joined_sentences(["各位代表：", "现在，\\n我代表"])
        '各位代表：\\n现在， 我代表'
    """
    joined = "\n".join(sentences)
    if "\r" not in joined and joined.count("\n") == max(len(sentences) - 1, 0):  # no break inside a sentence
        return joined
    return "\n".join(sentence.replace("\r", " ").replace("\n", " ") for sentence in sentences)


def encoded_sentences(
    sentences: Sequence[str],
    *,
    backend: str | None = None,
    userdict: UserDict | None = None,
    use_cache: bool = True,
) -> tuple[Segmentation, np.ndarray]:
    """Segment the sentences of one document through a single cache entry, dictionary-encoded.

    What :func:`segment_sentences` and the term counts are made from: the sentences are joined
    with line breaks (jieba never joins tokens across whitespace, so the result is the same as
    cutting each sentence alone) and cut once; one cache file per document instead of one per
    sentence keeps a warm rerun fast.

    Args:
        sentences: the texts, in order; line breaks inside one are read as spaces.
        backend: see :func:`segment`.
        userdict: default :func:`load_userdict`.
        use_cache: read and write the disk cache.

    Returns:
        ``(segmentation, sentence)``: the :class:`Segmentation` of the joined text (whitespace
        and the line breaks between sentences included) and, for each of its tokens, the index
        of its sentence (a line break between sentences counts to the next one).

    Raises:
        RuntimeError: if the backend did not keep the line breaks as tokens of their own.
    """
    backend = resolve_backend(backend)
    userdict = userdict or load_userdict()
    segmentation = _segmentation(joined_sentences(sentences), backend, userdict, use_cache)
    breaks = np.zeros(len(segmentation.codes), dtype=bool)
    if "\n" in segmentation.vocab:
        breaks = segmentation.codes == segmentation.vocab.index("\n")
    sentence = np.cumsum(breaks, dtype=np.int64)
    found = int(sentence[-1]) + 1 if len(sentence) else 1
    if found != len(sentences) and sentences:
        raise RuntimeError(f"{backend} returned {found} sentences for {len(sentences)}")
    return segmentation, sentence


def _segment_for_cache(job: tuple[list[str], str]) -> list[str]:
    """Segment one document's units into the disk cache (run in a worker process).

    Returns:
        The messages of the cache warnings raised meanwhile, for the main process to repeat.
    """
    texts, backend = job
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TokenCacheWarning)
        segment_sentences(texts, backend=backend)
    return [str(w.message) for w in caught if issubclass(w.category, TokenCacheWarning)]


def warm_cache(docs, *, backend: str | None = None, workers: int | None = None) -> int:
    """Segment every document into the disk cache, on ``workers`` processes; return documents done.

    Later calls (:func:`govreports.measures.keywords.frequency_table`, :func:`tokens_table`, KWIC) then read
    the cache, so every stage shares one segmentation.
    """
    if not cache_usable():  # nothing to warm; the stages segment as they go
        return 0
    units = document_units(docs)
    return warm_cache_texts((list(group["text"]) for _, group in units.groupby("doc_id", sort=False)),
                            backend=backend, workers=workers, total=units["doc_id"].nunique())


def warm_cache_texts(documents: Iterable[list[str]], *, backend: str | None = None, workers: int | None = None,
                     total: int | None = None) -> int:
    """:func:`warm_cache` for documents given as their lists of sentence texts; return documents done.

    ``total`` (how many documents there are) lets the progress bar show how far it is.
    """
    from govreports.parallel import map_in_processes
    from govreports.progress import progress

    backend = resolve_backend(backend)
    if not cache_usable():
        return 0
    jobs = ((texts, backend) for texts in documents)
    done = 0
    for messages in progress(map_in_processes(_segment_for_cache, jobs, workers), total=total, desc="segment"):
        done += 1
        for message in messages:
            warnings.warn(message, TokenCacheWarning, stacklevel=2)
    return done


# --- documents -------------------------------------------------------------------------------------


def document_units(docs) -> pd.DataFrame:
    """Normalise any supported document input to one row per text unit.

    Args:
        docs: one of
            * a mapping (or Series) ``doc_id -> text``, without report parts,
            * a DataFrame with columns ``doc_id, text`` and optionally ``part`` (rows of one
              document in text order, e.g. its sentences),
            * an iterable of document objects with ``doc_id`` and ``sentences`` (each with
              ``.text`` and ``.part_kind``), as the corpus module makes; a document without
              sentences is read from its ``.text`` as one unit of part ``unknown``.

    Returns:
        DataFrame ``doc_id, sentence, part, text``: ``sentence`` numbers the units of a document
        from 0, ``part`` is ``None`` when the input has no parts.

    Raises:
        TypeError: for any other input.
    """
    columns = ["doc_id", "sentence", "part", "text"]
    if isinstance(docs, pd.Series):  # doc_id -> text
        docs = docs.to_dict()
    if isinstance(docs, pd.DataFrame):
        missing = {"doc_id", "text"} - set(docs.columns)
        if missing:
            raise TypeError(f"document table lacks columns {sorted(missing)}")
        units = docs.reset_index(drop=True)
        part = units["part"] if "part" in units.columns else pd.Series([None] * len(units), dtype=object)
        return pd.DataFrame(
            {
                "doc_id": units["doc_id"],
                "sentence": units.groupby("doc_id", sort=False).cumcount(),
                "part": part.astype(object),
                "text": units["text"].fillna("").astype(str),
            }
        )[columns]
    if isinstance(docs, Mapping):
        rows = [(doc_id, 0, None, text) for doc_id, text in docs.items()]
        return pd.DataFrame(rows, columns=columns).astype({"part": object})
    if isinstance(docs, Iterable) and not isinstance(docs, str | bytes):
        rows = []
        for doc in docs:
            sentences = getattr(doc, "sentences", None)
            if sentences:
                rows += [(doc.doc_id, i, s.part_kind, s.text) for i, s in enumerate(sentences)]
            else:
                rows.append((doc.doc_id, 0, "unknown", doc.text))
        return pd.DataFrame(rows, columns=columns).astype({"part": object})
    raise TypeError(f"cannot read documents from {type(docs).__name__}")


def tokens_table(
    documents,
    *,
    terms_only: bool = True,
    backend: str | None = None,
    userdict: UserDict | None = None,
    stopwords: frozenset[str] | None = None,
    use_cache: bool = True,
) -> pd.DataFrame:
    """Return the tokens of documents as a tidy table, one row per token.

    Args:
        documents: document objects (``doc_id``, ``sentences`` with ``.text`` and
            ``.part_kind``), or any other input :func:`document_units` reads.
        terms_only: keep only terms (:func:`is_term`); if ``False`` every token is returned with
            an ``is_term`` column.
        backend: see :func:`segment`.
        userdict: default :func:`load_userdict`.
        stopwords: default :func:`load_stopwords`.
        use_cache: read and write the disk cache.

    Returns:
        DataFrame ``doc_id, sentence, part, position, token`` (plus ``is_term`` when
        ``terms_only`` is false). ``sentence`` is the sentence's index in its document,
        ``position`` the token's index in the document's full segmentation (punctuation and stop
        words included), so distances between terms are distances in the text.
    """
    userdict = userdict or load_userdict()
    keep = term_filter(stopwords, userdict)
    units = document_units(documents)
    rows = []
    for doc_id, group in units.groupby("doc_id", sort=False):
        token_lists = segment_sentences(list(group["text"]), backend=backend, userdict=userdict, use_cache=use_cache)
        position = 0
        for sentence, part, tokens in zip(group["sentence"], group["part"], token_lists):
            for token in tokens:
                rows.append((doc_id, sentence, part, position, token, keep(token)))
                position += 1
    table = pd.DataFrame(rows, columns=["doc_id", "sentence", "part", "position", "token", "is_term"])
    table = table.astype({"sentence": "int64", "position": "int64", "is_term": bool, "part": object})
    if terms_only:
        return table[table["is_term"]].drop(columns="is_term").reset_index(drop=True)
    return table


# --- the optional backend --------------------------------------------------------------------------


def _spans(tokens: Iterable[str]) -> set[tuple[int, int]]:
    """Return the ``(start, end)`` character spans of the non-whitespace tokens."""
    spans, start = set(), 0
    for token in tokens:
        if not token.isspace():
            spans.add((start, start + len(token)))
        start += len(token)
    return spans


def backend_agreement(
    texts: Sequence[str],
    *,
    backend: str = "rjieba",
    reference: str = "jieba",
    userdict: UserDict | None = None,
    use_cache: bool = True,
) -> pd.DataFrame:
    """Measure how far two backends cut the same texts the same way.

    Agreement is the F1 score of token spans: a token agrees when both backends cut exactly the
    same characters (start and end) as one token; whitespace tokens are ignored.

    Args:
        texts: the texts.
        backend: the backend to check.
        reference: the backend to check against.
        userdict: default :func:`load_userdict` (given to both).
        use_cache: read and write the disk cache.

    Returns:
        DataFrame, one row per text: ``text`` (index in ``texts``), ``n_reference``,
        ``n_backend``, ``n_same``, ``agreement`` (``2 * n_same / (n_reference + n_backend)``,
        1.0 for two empty cuts) and ``identical``.

    Raises:
        ImportError: if a backend is not installed.
    """
    userdict = userdict or load_userdict()
    rows = []
    for index, text in enumerate(texts):
        ref, other = (
            _spans(_segment_raw(text, resolve_backend(name), userdict, use_cache)) for name in (reference, backend)
        )
        same = len(ref & other)
        total = len(ref) + len(other)
        rows.append((index, len(ref), len(other), same, 2 * same / total if total else 1.0, ref == other))
    return pd.DataFrame(rows, columns=["text", "n_reference", "n_backend", "n_same", "agreement", "identical"])
