"""Store: every stage's tables on disk as Parquet, so a rerun recomputes only what changed.

Next to the token cache (``<cache>/tables/``, see :func:`govreports.paths.cache_dir`), one
Parquet file per document and stage (``<cache>/tables/<stage>/<key[:2]>/<key>.parquet``) and one
per whole table a stage returned (``<cache>/tables/<stage>-corpus/...``). R (``arrow``), Stata
users' tools and DuckDB read them as they are, e.g.::

    SELECT * FROM read_parquet('~/.cache/govreports/tables/targets/*/*.parquet')

Keys: a SHA-256 of

* the stage and its settings (a document's year, the part counted, the tokenizer backend and its
  version, the stop words and user dictionary in use),
* the library's fingerprint (:func:`library_fingerprint`: its version and the bytes of every
  module and data file of the package, so an edited extraction rule, word list or indicator
  file, or a new release, never serves an old table),
* the document's content (its cleaned text, and for counts its sentences and their parts).

A changed file therefore changes the key of its own documents only; a rerun reads every other
document's tables and computes that file's. An entry that cannot be read (damaged, truncated)
is recomputed and rewritten; a folder that cannot be written means running without the store.
``GOVREPORTS_STORE=0`` turns it off (the token cache is governed by ``use_cache`` as before).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

from govreports import paths

#: Bump when the layout of stored tables changes; part of every key.
STORE_FORMAT = 1
_DTYPES_KEY = b"govreports.dtypes"


def enabled() -> bool:
    """True unless ``$GOVREPORTS_STORE`` is ``0``, ``no`` or ``off``, or the folder cannot be written."""
    if os.environ.get("GOVREPORTS_STORE", "").strip().lower() in ("0", "no", "off", "false"):
        return False
    return _folder_problem(store_dir()) is None


def store_dir() -> Path:
    """The store's folder: ``<cache>/tables``."""
    return paths.cache_dir() / "tables"


@lru_cache(maxsize=16)
def _folder_problem(folder: Path) -> str | None:
    return paths.unwritable_reason(folder)


@lru_cache(maxsize=1)
def library_fingerprint() -> str:
    """The library's version and a SHA-256 of its modules and data files (part of every key)."""
    try:
        version = metadata.version("govreports")
    except metadata.PackageNotFoundError:
        version = "unknown"
    digest = hashlib.sha256(version.encode("utf-8"))
    for path in sorted(p for p in paths.PACKAGE_DIR.rglob("*") if p.is_file() and p.suffix in (".py", ".txt", ".csv")):
        if "__pycache__" in path.parts:
            continue
        digest.update(b"\0" + str(path.relative_to(paths.PACKAGE_DIR)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return f"{version}+{digest.hexdigest()[:16]}"


def entry_key(stage: str, settings, content: str) -> str:
    """The key of one stored table: SHA-256 of format, library, stage, settings and content.

    Args:
        stage: the stage's name (``targets``, ``keywords`` ...).
        settings: anything JSON can write that changes the table (a year, a part, a backend).
        content: the text the table is computed from.

    Example:
        >>> entry_key("targets", {"year": 2020}, "两山") == entry_key("targets", {"year": 2021}, "两山")
        False
    """
    header = json.dumps([STORE_FORMAT, library_fingerprint(), stage, settings], ensure_ascii=False, sort_keys=True,
                        default=str)
    digest = hashlib.sha256(header.encode("utf-8"))
    digest.update(b"\0")
    digest.update(content.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def entry_keys(stage: str, settings, contents) -> list[str]:
    """``[entry_key(stage, settings, content) for content in contents]``, the header hashed once.

    Example:
        >>> entry_keys("targets", {"year": 2020}, ["两山", "八八"]) == [entry_key("targets", {"year": 2020}, c)
        ...                                                              for c in ["两山", "八八"]]
        True
    """
    header = json.dumps([STORE_FORMAT, library_fingerprint(), stage, settings], ensure_ascii=False, sort_keys=True,
                        default=str)
    start = hashlib.sha256(header.encode("utf-8"))
    start.update(b"\0")
    keys = []
    for content in contents:
        digest = start.copy()
        digest.update(content.encode("utf-8", "surrogatepass"))
        keys.append(digest.hexdigest())
    return keys


def document_content(doc) -> str:
    """The ``content`` of a document's entry keys (:func:`entry_key`): what fixes its text and sentences.

    A lean document (one a loaded corpus reads back from the store, see
    :attr:`govreports.pipeline.corpus.Document.text_id`) gives its file's load-store key and its
    number, so a warm rerun keys every stage without reading a text back; any other document its
    cleaned text. The two do not meet: the first is a NUL character, a tag and a 64-digit key,
    which no report's text is.

    Example:
        >>> class Text:
        ...     text = "两山"
        >>> document_content(Text())
        '两山'
    """
    text_id = getattr(doc, "text_id", None)
    return f"\0text-id\0{text_id}" if text_id else doc.text


def combined_key(stage: str, keys) -> str:
    """The key of a whole table made of the entries ``keys`` (in order)."""
    digest = hashlib.sha256(f"{STORE_FORMAT}\0{stage}".encode("utf-8"))
    for key in keys:
        digest.update(b"\0" + str(key).encode("utf-8"))
    return digest.hexdigest()


def _path(stage: str, key: str) -> Path:
    return store_dir() / stage / key[:2] / f"{key}.parquet"


def read_table(stage: str, key: str, *, path: Path | None = None) -> pd.DataFrame | None:
    """The stored table under ``key``, with its columns' original dtypes; ``None`` if absent or unreadable."""
    import pyarrow.parquet as pq

    path = path or _path(stage, key)
    try:
        table = pq.read_table(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError):  # damaged: a miss, rewritten by the caller
        return None
    meta = table.schema.metadata or {}
    frame = table.to_pandas(integer_object_nulls=True)  # ints with None stay ints
    del table
    release_arrow_memory()
    try:
        dtypes = json.loads(meta[_DTYPES_KEY])
    except (KeyError, ValueError):
        return None
    if list(dtypes) != list(frame.columns):
        return None
    for column, dtype in dtypes.items():
        if str(frame[column].dtype) != dtype:
            frame[column] = _as_dtype(frame[column], dtype)
    return frame


def _as_dtype(column: pd.Series, dtype: str) -> pd.Series:
    if dtype == "object":  # strings and None, as the stage made them
        values = column.astype(object)
        return values.where(column.notna(), None)
    return column.astype(dtype)


def _stored_dtype(dtype) -> str:
    """The dtype a column is read back in: its own, or a ``Categorical``'s values' (its categories').

    A stage may hold a string column as codes to save memory (a compact frequency table's
    terms); the column is stored dictionary-encoded and stands for its values, so a reader gets
    the same column whichever form was written (as codes only when it asks, ``as_codes``).
    """
    if isinstance(dtype, pd.CategoricalDtype):
        return str(dtype.categories.dtype)
    return str(dtype)


def write_table(stage: str, key: str, frame: pd.DataFrame, *, path: Path | None = None, extra: dict | None = None) -> bool:
    """Store ``frame`` under ``key`` (write-then-rename); return False if it cannot be stored.

    A table Parquet cannot hold as it is (a column mixing numbers and strings) is not stored:
    the caller keeps computing it, which is right if slower.
    """
    import pyarrow as pa

    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return False
    dtypes = json.dumps({str(c): _stored_dtype(frame[c].dtype) for c in frame.columns})
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), _DTYPES_KEY: dtypes.encode("utf-8"),
                                           **(extra or {})})
    return write_arrow_atomically(table, path or _path(stage, key))


def write_arrow_atomically(table, target: Path, **options) -> bool:
    """Write an Arrow table to ``target`` through a temporary file (a reader never sees half a file).

    Args:
        table: the Arrow table.
        target: the Parquet file to write.
        options: passed to ``pyarrow.parquet.write_table`` (compression …).

    Returns:
        False if the folder cannot be written (the caller then runs without the store).
    """
    import pyarrow.parquet as pq

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp")
        handle.close()
        pq.write_table(table, handle.name, **options)
        os.replace(handle.name, target)
    except OSError:
        return False
    finally:
        del table
        release_arrow_memory()
    return True


@contextlib.contextmanager
def system_memory():
    """Arrow allocates from the system allocator (``malloc``) inside the block, not its default pool.

    Why: reading a batch and making the sentences table batch by batch interleaves short-lived columns (a batch's
    columns, casts, takes) with the long-lived pieces of the table; the default pool (mimalloc)
    then kept about 1.5 bytes of resident memory per byte of table, ``malloc`` about 1.1 (measured
    on 1,000 reports); reading a keywords batch of 6 million rows peaked at 1.4 times less. Each buffer is freed to the pool it came from, so switching back is safe.
    """
    import pyarrow as pa

    before = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(before)


def release_arrow_memory() -> None:
    """Give Arrow's freed buffers back to the system (its allocator keeps them, which shows as memory in use)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def release_memory() -> None:
    """Give the memory a finished stage freed back to the system: Arrow's buffers and the C heap's free pages.

    CPython's allocator and glibc's ``malloc`` keep freed memory for reuse, so a process that made a
    large table once stays that large (a cold load of 3,000 reports left 170 MB freed but
    resident), and a worker forked from it copies those pages when it allocates into them.
    ``malloc_trim`` (glibc) returns them; elsewhere only Arrow's pool is released.
    """
    release_arrow_memory()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's ``malloc_trim``, or ``None`` where the C library has none (macOS, Windows, musl)."""
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError, TypeError):
        return None


def clear_store() -> None:
    """Delete every stored table (``<cache>/tables``); the token cache is left alone."""
    import shutil

    shutil.rmtree(store_dir(), ignore_errors=True)
    _folder_problem.cache_clear()


def stage_batches(stage: str, folder: Path | None = None, read_keys=None) -> list[tuple[Path, list[str]]]:
    """``(path, keys it covers)`` of every readable batch file of ``stage``, newest first.

    The keys are read once per process: a batch is written once under a name of its own
    (write-then-rename), so a file with the same name, size and modification time is the one
    already read. A batch whose keys cannot be read is left out.

    Args:
        stage: the stage's name.
        folder: the store folder (default :func:`store_dir`).
        read_keys: how to read a batch's keys (default: from its Parquet footer).
    """
    stage_folder = (store_dir() if folder is None else Path(folder)) / stage
    if not stage_folder.is_dir():
        return []
    read_keys = read_keys or _footer_keys
    found = []
    for path in stage_folder.glob("batch-*.parquet"):
        try:
            info = path.stat()
        except OSError:
            continue
        signature = (str(path), info.st_size, info.st_mtime_ns)
        if signature not in _BATCH_KEYS:
            try:
                _BATCH_KEYS[signature] = read_keys(path)
            except (OSError, ValueError, KeyError, TypeError):
                continue
        found.append((-info.st_mtime, path.name, path, _BATCH_KEYS[signature]))
    return [(path, keys) for _, _, path, keys in sorted(found, key=lambda item: item[:2])]


#: The keys of every batch read so far, by (path, size, modification time).
_BATCH_KEYS: dict[tuple[str, int, int], list[str]] = {}


def _footer_keys(path: Path) -> list[str]:
    """The keys a batch covers, from its Parquet footer."""
    import pyarrow.parquet as pq

    return json.loads((pq.read_schema(path).metadata or {})[b"govreports.keys"])


def _batch_rows(stage: str, path: Path, need: list[str], columns: list[str] | None = None, as_codes=()):
    """The rows of the keys ``need`` in one batch file: ``(frame without _key, key of each row)``.

    The rows are filtered in Arrow before any Python object is made, and the key column never
    becomes Python strings (a dictionary code per row instead). ``columns``: read only these
    (default all). ``as_codes``: string columns read dictionary-encoded and given as a pandas
    ``Categorical`` (a code per row, each distinct value once), not in their stored dtype.
    ``None`` if the file cannot be read.
    """
    with system_memory():  # the reader's buffers from malloc: a keywords batch peaked 1.4 times lower
        return _read_batch_rows(path, need, columns, as_codes)


def _read_batch_rows(path: Path, need: list[str], columns: list[str] | None, as_codes):
    """:func:`_batch_rows`, Arrow allocating from the pool in use.

    The batch is read, filtered and converted a row group at a time, and the pieces joined a
    column at a time (:func:`_concat`): neither the whole batch nor its filtered copy is held in
    Arrow beside the pandas table (a keywords batch of 13,000 reports is 26 million rows).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        # the key column read dictionary-encoded: a code per row, not a 64-character string
        # one thread: on a keywords batch, Arrow's reader threads cost twice the CPU of one (the machine's
        # cores are the workers')
        source = pq.ParquetFile(path, read_dictionary=["_key", *as_codes])
        dtypes = json.loads((source.schema_arrow.metadata or {})[_DTYPES_KEY])
        wanted = None if columns is None else [*columns, "_key"]
        if columns is not None:
            dtypes = {name: dtypes[name] for name in wanted}
        whole = _covers(source.read(columns=["_key"], use_threads=False).column("_key"), need)
        del dtypes["_key"]
        pieces, names, row_keys = [], {}, []
        for group in range(source.num_row_groups):
            table = source.read_row_group(group, columns=wanted, use_threads=False)
            table = table if whole else _rows_of_keys(table, need)  # a batch wholly wanted (a warm run's) is not copied
            if not table.num_rows:
                continue
            got = _row_group_frame(table, dtypes, as_codes)
            if got is None:
                return None
            frame, piece_names, piece_keys = got
            mapping = np.array([names.setdefault(name, len(names)) for name in piece_names], dtype=np.int32)
            pieces.append(frame)
            row_keys.append(mapping[piece_keys])
            del table
        if not pieces:  # no row wanted (or no row group): the batch's columns, empty
            empty = source.schema_arrow.empty_table()
            got = _row_group_frame(empty if wanted is None else empty.select(wanted), dtypes, as_codes)
            if got is None:
                return None
            pieces, row_keys = [got[0]], [np.zeros(0, dtype=np.int32)]
    except (OSError, ValueError, KeyError, pa.ArrowException):  # damaged: its documents are computed again
        return None
    frame = _concat(pieces, as_codes)
    release_memory()
    return frame, list(names), np.concatenate(row_keys)


def _row_group_frame(table, dtypes: dict, as_codes):
    """``(frame, key names, each row's key as a code into them)`` of one row group of a batch, in the
    stored dtypes (the ``as_codes`` columns ``Categorical``); ``None`` if its columns are not the stored ones."""
    import pyarrow as pa

    table = table.unify_dictionaries()
    codes = table.column("_key").combine_chunks()
    if not pa.types.is_dictionary(codes.type):
        codes = codes.dictionary_encode()
    table = _decoded_unless(table.drop_columns(["_key"]), as_codes)
    # split_blocks: each column its own block, numbers taken over without a copy into one 2-D block;
    # self_destruct: each Arrow column let go once converted (the table is not used again)
    frame = table.to_pandas(integer_object_nulls=True, use_threads=False, split_blocks=True,  # ints with None stay ints
                            self_destruct=True)
    del table
    if list(dtypes) != list(frame.columns):
        return None
    for column, dtype in dtypes.items():
        if column in as_codes:
            if not isinstance(frame[column].dtype, pd.CategoricalDtype):
                frame[column] = pd.Categorical(frame[column])
        elif str(frame[column].dtype) != dtype:
            frame[column] = _as_dtype(frame[column], dtype)
    return frame, codes.dictionary.to_pylist(), codes.indices.to_numpy(zero_copy_only=False)


def _rows_of_keys(table, need: list[str]):
    """The rows of an Arrow table (a row group of a batch) whose ``_key`` is in ``need``."""
    return table.filter(_key_mask(table.column("_key"), need))


def _decoded_unless(table, as_codes):
    """``table`` with its dictionary-encoded columns (a ``Categorical`` stored by :func:`write_table`)
    decoded in Arrow to their values, except the ``as_codes`` ones: converted to pandas, such a
    column would become a ``Categorical`` first and its strings only then, twice the memory."""
    import pyarrow as pa

    for at, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type) and field.name not in as_codes:
            table = table.set_column(at, field.name, table.column(at).cast(field.type.value_type))
    return table


def _covers(keys, need: list[str]) -> bool:
    """True if every row of the key column ``keys`` has a key in ``need`` (what ``_key_mask`` then
    says of every row): asked of the distinct keys only, for a column read dictionary-encoded."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if keys.null_count or not pa.types.is_dictionary(keys.type):
        return False
    value_set = pa.array(need, pa.string())
    return all(pc.all(pc.is_in(chunk.dictionary.cast(pa.string()), value_set=value_set)).as_py() is not False
               for chunk in keys.chunks)


def _key_mask(keys, need: list[str]):
    """``pyarrow.compute.is_in(keys, need)`` for a key column read dictionary-encoded.

    Asked of each distinct key (a few thousand per batch) and spread to the rows by their
    dictionary codes, instead of row by row: on a keywords batch of 4.5 million rows the
    row-by-row test took most of a warm gather. Nulls are never in ``need`` (as ``is_in``
    with its default ``skip_nulls=False`` and no null in the value set says).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    value_set = pa.array(need, pa.string())
    if not pa.types.is_dictionary(keys.type):
        return pc.is_in(keys, value_set=value_set)
    masks = []
    for chunk in keys.chunks:
        known = pc.is_in(chunk.dictionary.cast(pa.string()), value_set=value_set)
        # a null row has a null index: take gives null, filled as is_in gives False
        masks.append(pc.fill_null(known.take(chunk.indices), False))
    return pa.chunked_array(masks, type=pa.bool_())


def _concat(pieces: list[pd.DataFrame], as_codes=()) -> pd.DataFrame:
    """``pd.concat(pieces, ignore_index=True)``, the ``as_codes`` columns kept ``Categorical`` (their
    categories united) where ``pd.concat`` would make objects of differing categories.

    Made a column at a time (:func:`_joined_columns`): the pieces are emptied as their columns are
    copied, so the rows are held once and one column twice, not twice over.
    """
    if len(pieces) == 1:
        return pieces[0]

    def let_go(name: str) -> None:
        for piece in pieces:
            del piece[name]

    return _joined_columns(list(pieces[0].columns), sum(map(len, pieces)),
                           lambda name: [piece[name] for piece in pieces], let_go, as_codes)


def _joined_columns(names: list[str], n_rows: int, parts_of, let_go, as_codes=()) -> pd.DataFrame:
    """A table of ``n_rows`` rows whose column ``name`` is ``parts_of(name)`` concatenated (a
    ``Categorical`` of united categories if ``name`` is in ``as_codes``), ``let_go(name)`` called
    once it is made: what a concatenation of tables gives, with each source column freed as soon
    as it is copied (at 13,000 reports a keywords gather is 0.7–1.2 GB)."""
    from pandas.api.types import union_categoricals

    rows = pd.DataFrame(index=pd.RangeIndex(n_rows))
    for name in names:
        parts = parts_of(name)
        if name in as_codes:
            rows[name] = union_categoricals([pd.Categorical(part) for part in parts])
        else:
            rows[name] = pd.concat(parts, ignore_index=True)
        del parts
        let_go(name)
        # the freed column given back at once: glibc keeps freed pieces of a few MB in its heap
        # (its mmap threshold rises as large blocks are freed), and the next column would not fit in them
        release_memory()
    return rows


def gather_entries(stage: str, keys, columns: list[str] | None = None,
                   as_codes=()) -> tuple[pd.DataFrame | None, list[int | None]]:
    """The stored per-document tables of ``stage`` for ``keys``, as one table.

    Args:
        stage: the stage's name.
        keys: the entries wanted, in order (a key asked for twice gives its rows twice).
        columns: read only these columns, in this order (default: all; a batch without one of
            them is not read, so its keys count as not stored).

    Returns:
        ``(rows, lengths)``: ``rows`` holds the rows of every key found, key after key in the
        order of ``keys`` and each key's rows in their stored order (``None`` if no key was
        found); ``lengths[i]`` is the number of rows of ``keys[i]``, ``None`` if it is not
        stored. A key whose table has no rows has length 0.
    """
    import numpy as np

    keys = list(keys)
    ordinal: dict[str, int] = {}
    for key in keys:
        ordinal.setdefault(key, len(ordinal))
    source: dict[str, Path] = {}
    plan: list[tuple[Path, list[str]]] = []
    if ordinal:
        for path, covered in stage_batches(stage):
            need = [key for key in covered if key in ordinal and key not in source]
            if need:
                plan.append((path, need))
                source.update(dict.fromkeys(need, path))
            if len(source) == len(ordinal):
                break
    pieces, codes, found = [], [], set()
    code_type = np.int32 if len(ordinal) < 2**31 else np.int64
    for path, need in plan:
        got = _batch_rows(stage, path, need, columns, as_codes)
        if got is None:
            continue
        frame, names, row_keys = got
        found.update(need)
        # 32-bit codes while they fit: at 13,000 reports a keywords gather has 26 million rows
        mapping = np.array([ordinal.get(name, -1) for name in names], dtype=code_type)  # -1: filtered out
        pieces.append(frame)
        codes.append(mapping[row_keys] if len(row_keys) else np.zeros(0, dtype=code_type))
    lengths: list[int | None] = [None] * len(keys)
    if not found:
        return None, lengths
    full = [i for i, frame in enumerate(pieces) if len(frame)]
    # empty pieces would loosen the columns' dtypes in the concatenation (as in write_entries)
    frame = _concat([pieces[i] for i in full] or pieces[:1], as_codes)
    code = np.concatenate([codes[i] for i in full]) if full else np.zeros(0, dtype=code_type)
    del codes
    counts = np.bincount(code, minlength=len(ordinal))
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    starts, sizes = [], []
    for i, key in enumerate(keys):
        if key in found:
            lengths[i] = int(counts[ordinal[key]])
            starts.append(first[ordinal[key]])
            sizes.append(lengths[i])
    in_key_order = _nondecreasing(code)
    if len(starts) == len(ordinal) == len(keys) and in_key_order:
        return frame.reset_index(drop=True), lengths  # each key once, every one found, rows in key order: as they are
    take = _ranges(np.array(starts, dtype=np.int64), np.array(sizes, dtype=np.int64))
    if not in_key_order:  # rows grouped by key, each key's rows in stored order (stable: the identity if in order)
        take = np.argsort(code, kind="stable")[take]
    if not (len(take) == len(frame) and np.array_equal(take, np.arange(len(frame)))):
        frame = frame.iloc[take]
    return frame.reset_index(drop=True), lengths


def _nondecreasing(values) -> bool:
    """True if ``values`` (an integer array) never decreases."""
    import numpy as np

    return bool(len(values) < 2 or np.all(values[1:] >= values[:-1]))


def _ranges(starts, sizes):
    """``concatenate([arange(s, s + n) for s, n in zip(starts, sizes)])`` without a Python loop."""
    import numpy as np

    total = int(sizes.sum()) if len(sizes) else 0
    if not total:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(sizes)
    return np.arange(total, dtype=np.int64) + np.repeat(starts - (ends - sizes), sizes)


def split_rows(rows: pd.DataFrame, lengths) -> list[pd.DataFrame]:
    """Cut a table into consecutive pieces of ``lengths`` rows (each re-indexed from 0)."""
    import numpy as np

    bounds = np.concatenate([[0], np.cumsum(lengths)]).astype(int)
    return [rows.iloc[a:b].reset_index(drop=True) for a, b in zip(bounds[:-1], bounds[1:])]


def read_entries(stage: str, keys) -> dict[str, pd.DataFrame]:
    """The stored per-document tables of ``stage`` under any of ``keys``: ``{key: table}``.

    A stage's per-document tables are kept in batch files (one per run that computed new ones,
    see :func:`write_entries`), so a rerun reads a few Parquet files, not one per document. A
    file that cannot be read is skipped (its documents are computed again). A document whose
    table has no rows gets an empty table with the batch's columns.
    """
    keys = list(dict.fromkeys(keys))
    rows, lengths = gather_entries(stage, keys)
    if rows is None:
        return {}
    found = [(key, n) for key, n in zip(keys, lengths) if n is not None]
    return dict(zip([key for key, _ in found], split_rows(rows, [n for _, n in found])))


def write_entries(stage: str, entries: dict[str, pd.DataFrame]) -> bool:
    """Store per-document tables (all with the same columns) of ``stage`` as one batch file.

    Returns:
        False if they were not stored (columns differ, or the folder cannot be written).
    """
    import numpy as np

    if not entries:
        return True
    frames = list(entries.values())
    columns = list(frames[0].columns)
    if any(list(frame.columns) != columns for frame in frames) or "_key" in columns:
        return False
    full = [(key, frame) for key, frame in entries.items() if len(frame)]
    # empty tables add no rows (and would loosen the columns' dtypes in the concatenation)
    if full:
        batch = pd.concat([frame for _, frame in full], ignore_index=True)
        # dictionary-encoded (a code per row): as one 64-character string per row, the key column
        # was the largest thing in memory while a keywords batch was written
        batch["_key"] = pd.Categorical.from_codes(np.repeat(np.arange(len(full)), [len(frame) for _, frame in full]),
                                                  categories=pd.Index([key for key, _ in full], dtype=object))
    else:
        batch = frames[0].assign(_key=pd.Series([], dtype=object))
    return _write_batch(stage, batch, list(entries))


def write_rows(stage: str, keys: list[str], rows: pd.DataFrame) -> bool:
    """Store per-document tables of one row each: row ``i`` of ``rows`` is the table of ``keys[i]``.

    The batch :func:`write_entries` writes for ``{key: one-row table}``, without making a
    DataFrame per key (duplicate detection stores thousands of one-number tables).
    """
    if not keys or len(keys) != len(rows) or "_key" in rows.columns:
        return not keys and not len(rows)
    return _write_batch(stage, rows.assign(_key=pd.Series(list(keys), dtype=object, index=rows.index)), keys)


def _write_batch(stage: str, batch: pd.DataFrame, keys: list[str]) -> bool:
    name = "batch-" + combined_key(stage, sorted(keys))
    return write_table(stage, name, batch, path=store_dir() / stage / f"{name}.parquet",
                       extra={b"govreports.keys": json.dumps(sorted(keys)).encode("utf-8")})


def write_concatenated(stage: str, keys: list[str], rows: pd.DataFrame, lengths) -> bool:
    """Store per-document tables given concatenated: the next ``lengths[i]`` rows of ``rows`` are the table of ``keys[i]``.

    The batch :func:`write_entries` writes for ``{keys[i]: those rows}``, without cutting ``rows`` into
    a DataFrame per key and concatenating them again (a copy of a keywords stage's every row).
    """
    import numpy as np

    lengths = np.asarray(lengths, dtype=np.int64)
    if not len(keys):
        return True
    if len(keys) != len(lengths) or int(lengths.sum()) != len(rows) or "_key" in rows.columns:
        return False
    if len(set(keys)) < len(keys):  # a key given twice (two documents of one text) is stored once, as a dict would
        seen: set[str] = set()
        first = np.array([not (key in seen or seen.add(key)) for key in keys], dtype=bool)
        rows = rows[np.repeat(first, lengths)]
        keys, lengths = [key for key, kept in zip(keys, first) if kept], lengths[first]
    full = np.flatnonzero(lengths)
    if len(full):
        codes = np.repeat(np.arange(len(full)), lengths[full])
        key = pd.Categorical.from_codes(codes, categories=pd.Index([keys[i] for i in full], dtype=object))
        batch = rows.assign(_key=pd.Series(key, index=rows.index))
    else:
        batch = rows.assign(_key=pd.Series([], dtype=object, index=rows.index))
    return _write_batch(stage, batch, list(keys))


def stored_rows_whole(stage: str, items, rows_of, columns: list[str] | None = None,
                      as_codes=()) -> tuple[pd.DataFrame | None, list[int]]:
    """:func:`stored_rows` for a stage that computes the missing tables already concatenated.

    Args:
        stage, items, columns: as for :func:`stored_rows`.
        rows_of: a function of a list of the missing arguments returning ``(rows, lengths)``:
            their tables concatenated in order, and each one's number of rows (what
            :func:`stored_rows`' ``compute`` gives, concatenated): stored by
            :func:`write_concatenated`, never cut into a table per item.
        as_codes: string columns given as pandas ``Categorical`` (see :func:`gather_entries`):
            for a caller that needs each row's value only as a code.

    Returns:
        What :func:`stored_rows` returns.
    """
    import numpy as np

    def chosen(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame if columns is None else frame[columns]
        return frame.assign(**{name: pd.Categorical(frame[name]) for name in as_codes}) if as_codes else frame

    items = list(items)
    if not enabled():
        fresh, sizes = rows_of([argument for _, argument in items])
        if not len(fresh):
            return None, list(sizes)
        return chosen(fresh), list(sizes)
    found, lengths = gather_entries(stage, [key for key, _ in items], columns, as_codes)
    missing = [i for i, n in enumerate(lengths) if n is None]
    if not missing:
        return (found if found is not None and len(found) else None), lengths
    fresh, fresh_lengths = rows_of([items[i][1] for i in missing])
    fresh_lengths = list(fresh_lengths)
    write_concatenated(stage, [items[i][0] for i in missing], fresh, fresh_lengths)
    fresh = chosen(fresh)
    sources = (found if found is not None else fresh.iloc[:0], fresh)
    found_starts = np.concatenate([[0], np.cumsum([n or 0 for n in lengths])[:-1]]).astype(np.int64)
    fresh_starts = iter(np.concatenate([[0], np.cumsum(fresh_lengths)[:-1]]).astype(np.int64))
    sizes_of_fresh = iter(fresh_lengths)
    runs: list[list[int]] = []  # [source, start, stop]: consecutive rows of found (0) or fresh (1)
    sizes = []
    for i, n in enumerate(lengths):
        source, start, size = (1, int(next(fresh_starts)), int(next(sizes_of_fresh))) if n is None else \
            (0, int(found_starts[i]), n)
        sizes.append(size)
        if runs and runs[-1][0] == source and runs[-1][2] == start:
            runs[-1][2] += size
        elif size:
            runs.append([source, start, start + size])
    if not runs:
        return None, sizes
    # the runs concatenated in item order: one copy of the rows (a concatenation of found and fresh
    # rows and then a take of every row in item order made two, at 13,000 reports 2 GB each), made
    # a column at a time
    del found, fresh
    rows = _concat_runs(list(sources), runs, as_codes)
    return rows.reset_index(drop=True), sizes


def _concat_runs(sources: list[pd.DataFrame], runs: list[list[int]], as_codes=()) -> pd.DataFrame:
    """``_concat([sources[s].iloc[start:stop] for s, start, stop in runs], as_codes)``, made a column at a time.

    Each column of the sources is let go once its rows are copied (``sources`` are emptied), so
    the rows are held once and one column twice, not the whole table twice: after one file of
    13,000 reports changed, its stored keyword rows (1.2 GB) met its fresh ones this way.
    """
    if len(runs) == 1:
        source, start, stop = runs[0]
        return sources[source].iloc[start:stop]

    def let_go(name: str) -> None:
        for source in sources:
            del source[name]

    return _joined_columns(list(sources[0].columns), sum(stop - start for _, start, stop in runs),
                           lambda name: [sources[source][name].iloc[start:stop] for source, start, stop in runs],
                           let_go, as_codes)


def stored_rows(stage: str, items, compute, columns: list[str] | None = None) -> tuple[pd.DataFrame | None, list[int]]:
    """The tables of ``items`` as one table, read from the store where it holds them, else computed and stored.

    What :func:`document_tables` returns, concatenated (empty tables left out of the
    concatenation, so they do not change the columns' dtypes), without making one DataFrame per
    document: a corpus of 13,000 reports reads its counts in one piece. ``columns``: only these
    columns of the tables, in this order (only they are read from the store; computed tables
    are stored whole).

    Returns:
        ``(rows, lengths)``: the rows of every item in order (``None`` if no item has a table
        with a row) and the number of rows of each item.
    """
    import numpy as np

    items = list(items)
    if not enabled():
        computed = list(compute([argument for _, argument in items]))
        found, lengths = None, [None] * len(items)
    else:
        found, lengths = gather_entries(stage, [key for key, _ in items], columns)
        missing = [i for i, n in enumerate(lengths) if n is None]
        computed = list(compute([items[i][1] for i in missing])) if missing else []
        write_entries(stage, dict(zip([items[i][0] for i in missing], computed)))
    if columns is not None:
        computed = [frame[columns] for frame in computed]
    pieces = [found] if found is not None and len(found) else []
    offsets, sizes, at = [], [], 0
    if pieces:
        found_starts = np.concatenate([[0], np.cumsum([n or 0 for n in lengths])[:-1]])
        at = len(found)
    fresh = iter(computed)
    for i, n in enumerate(lengths):
        if n is not None:
            offsets.append(int(found_starts[i]) if pieces else 0)
            sizes.append(n)
            continue
        frame = next(fresh)
        offsets.append(at)
        sizes.append(len(frame))
        if len(frame):
            pieces.append(frame)
            at += len(frame)
    if not pieces:
        return None, sizes
    if not computed and len(pieces) == 1:  # every item found: gather_entries gave their rows in order
        return pieces[0], sizes
    rows = pieces[0] if len(pieces) == 1 else pd.concat(pieces, ignore_index=True)
    take = _ranges(np.array(offsets, dtype=np.int64), np.array(sizes, dtype=np.int64))
    if not (len(take) == len(rows) and np.array_equal(take, np.arange(len(rows)))):
        rows = rows.iloc[take].reset_index(drop=True)
    return rows, sizes


def document_tables(stage: str, items, compute) -> list[pd.DataFrame]:
    """One table per item, read from the store where it holds them, else computed and stored.

    Args:
        stage: the stage's name.
        items: ``(key, argument)`` pairs (the key from :func:`entry_key`).
        compute: a function of a list of the missing arguments returning their tables in order
            (so a stage can compute them on several processes).

    Returns:
        The tables, in the order of ``items``.
    """
    items = list(items)
    if not enabled():
        return list(compute([argument for _, argument in items]))
    found, lengths = gather_entries(stage, [key for key, _ in items])
    stored = iter(split_rows(found, [n for n in lengths if n is not None]) if found is not None else [])
    missing = [i for i, n in enumerate(lengths) if n is None]
    computed = list(compute([items[i][1] for i in missing])) if missing else []
    write_entries(stage, dict(zip([items[i][0] for i in missing], computed)))
    fresh = iter(computed)
    return [next(fresh) if n is None else next(stored) for n in lengths]


def repeated(values, lengths) -> pd.Series:
    """``values[i]`` repeated ``lengths[i]`` times, as the column ``pd.concat`` would make of them.

    The column of a concatenation of per-document tables each given its document's value
    (``frame.insert(0, "doc_id", doc_id)`` for every non-empty table), made in one step: its
    dtype is the one the concatenation gives (``str`` if every value is a string, ``int64`` if
    every one is an int, ``object`` for ints mixed with ``None`` ...).

    Example:
        >>> list(repeated(["甲", "乙"], [2, 1]))
        ['甲', '甲', '乙']
    """
    import numpy as np

    values = list(values)
    lengths = np.asarray(lengths, dtype=np.int64)
    column = np.empty(len(values), dtype=object)
    column[:] = values
    kinds = {}
    for value, n in zip(values, lengths):
        if n:
            kinds.setdefault(type(value), value)
    dtype = pd.concat([pd.Series([v]) for v in kinds.values()], ignore_index=True).dtype if kinds else object
    if dtype == "str" and len(kinds) == 1 and str in kinds and _arrow_strings(dtype):
        # every value a string: the Arrow-backed column made by one ``take`` of the distinct
        # values, not from one Python object per row (13,000 reports' keyword rows: 20 million)
        return _repeated_strings(values, lengths)
    series = pd.Series(np.repeat(column, lengths), dtype=object)
    return series if dtype == object else series.astype(dtype)


def _arrow_strings(dtype) -> bool:
    """True if ``dtype`` is pandas' ``str`` stored in Arrow (what a column of strings becomes)."""
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def _repeated_strings(values: list[str], lengths) -> pd.Series:
    """:func:`repeated` of strings only, made in Arrow: ``values[i]`` ``lengths[i]`` times, dtype ``str``."""
    import numpy as np
    import pyarrow as pa

    codes = np.repeat(np.arange(len(values), dtype=np.int64), lengths)
    return pa.array(values, type=pa.large_string()).take(pa.array(codes, type=pa.int64())).to_pandas()


def sorted_categorical(values) -> pd.Categorical:
    """``values`` as a pandas ``Categorical`` whose categories are exactly the values present, sorted.

    The form of a compact table's label columns (``compact=True`` of
    :func:`govreports.measures.keywords.frequency_table` and of the corpus's sentences table):
    sorting by the column sorts as the strings would (code-point order: 乙 U+4E59 before 甲
    U+7532), and every category is a value of the table, so ``value_counts`` of the whole table
    lists no zero. A ``Categorical`` given is reordered (its codes remapped), not rebuilt from
    its values.

    Example:
        >>> c = sorted_categorical(["甲", "乙", "甲"])
        >>> list(c.categories), c.codes.tolist()
        (['乙', '甲'], [1, 0, 1])
    """
    import numpy as np

    if not isinstance(values, pd.Categorical | pd.Series) or not isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Categorical(values)  # pandas sorts the categories it infers
    values = values.array if isinstance(values, pd.Series) else values  # the Categorical itself, not a copy
    categories, codes = values.categories, values.codes
    # which categories are used, by one bincount of the codes (pandas' remove_unused_categories
    # sorts the codes: at 26 million rows a copy and an int64 inverse of every row)
    missing = len(codes) and int(codes.min()) < 0
    used = np.flatnonzero(np.bincount(codes[codes >= 0] if missing else codes, minlength=len(categories)))
    if len(used) == len(categories) and categories.is_monotonic_increasing:
        return values
    kept = categories[used]
    order = np.argsort(np.asarray(kept.astype(object)), kind="stable")  # Python's str order: code points
    new_code = np.full(len(categories) + 1, -1, dtype=codes.dtype)  # the last: a missing value's code -1
    new_code[used[order]] = np.arange(len(used), dtype=codes.dtype)
    return pd.Categorical.from_codes(new_code[codes], categories=kept[order], validate=False)


def repeated_categorical(values: list[str], lengths) -> pd.Categorical:
    """``values[i]`` repeated ``lengths[i]`` times, as a :func:`sorted_categorical` made from codes
    (distinct ``values`` of the documents with rows: no string per row).

    Example:
        >>> c = repeated_categorical(["乙", "甲", "丙"], [2, 1, 0])
        >>> list(c), list(c.categories)
        (['乙', '乙', '甲'], ['乙', '甲'])
    """
    import numpy as np

    lengths = np.asarray(lengths, dtype=np.int64)
    present = [value for value, n in zip(values, lengths.tolist()) if n]
    categories = sorted(set(present))
    place = {value: i for i, value in enumerate(categories)}
    codes = np.array([place[value] for value in present], dtype=np.int32)
    return pd.Categorical.from_codes(np.repeat(codes, lengths[lengths > 0]),
                                     categories=pd.Index(categories, dtype="str"), validate=False)


def label_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its ``Categorical`` columns (a compact table's labels) as the values they stand for.

    What a table made from a compact table gives back, so that it is the table the default one
    gives, dtypes included (the measures' tables, the files written: a Parquet file then holds
    text, not a dictionary type that R would read as a factor, and a Stata file strings, not
    value labels). A table without one is returned as it is.

    Example:
        >>> label_strings(pd.DataFrame({"t": pd.Categorical(["甲", "乙"])}))["t"].dtype
        <StringDtype(na_value=nan)>
    """
    coded = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    if not coded:
        return frame
    return frame.astype({c: frame[c].dtype.categories.dtype for c in coded})
