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
    frame = table.to_pandas()
    del table
    _release_arrow_memory()
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
    dtypes = json.dumps({str(c): str(frame[c].dtype) for c in frame.columns})
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), _DTYPES_KEY: dtypes.encode("utf-8"),
                                           **(extra or {})})
    return write_arrow_atomically(table, path or _path(stage, key))


def write_arrow_atomically(table, target: Path) -> bool:
    """Write an Arrow table to ``target`` through a temporary file (a reader never sees half a file).

    Returns:
        False if the folder cannot be written (the caller then runs without the store).
    """
    import pyarrow.parquet as pq

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp")
        handle.close()
        pq.write_table(table, handle.name)
        os.replace(handle.name, target)
    except OSError:
        return False
    finally:
        del table
        _release_arrow_memory()
    return True


def _release_arrow_memory() -> None:
    """Give Arrow's freed buffers back to the system (its allocator keeps them, which shows as memory in use)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def clear_store() -> None:
    """Delete every stored table (``<cache>/tables``); the token cache is left alone."""
    import shutil

    shutil.rmtree(store_dir(), ignore_errors=True)
    _folder_problem.cache_clear()


def read_entries(stage: str, keys) -> dict[str, pd.DataFrame]:
    """The stored per-document tables of ``stage`` under any of ``keys``: ``{key: table}``.

    A stage's per-document tables are kept in batch files (one per run that computed new ones,
    see :func:`write_entries`), so a rerun reads a few Parquet files, not one per document. A
    file that cannot be read is skipped (its documents are computed again). A document whose
    table has no rows gets an empty table with the batch's columns.
    """
    import pyarrow.parquet as pq

    wanted = set(keys)
    folder = store_dir() / stage
    found: dict[str, pd.DataFrame] = {}
    if not wanted or not folder.is_dir():
        return found
    for path in sorted(folder.glob("batch-*.parquet"), key=lambda p: (-p.stat().st_mtime, p.name)):
        try:
            covered = json.loads((pq.read_schema(path).metadata or {})[b"govreports.keys"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        need = [key for key in covered if key in wanted and key not in found]
        if not need:
            continue
        frame = read_table(stage, path.stem, path=path)
        if frame is None or "_key" not in frame.columns:
            continue
        rows: dict[str, list[int]] = {}
        for i, key in enumerate(frame.pop("_key").tolist()):
            rows.setdefault(key, []).append(i)
        for key in need:
            found[key] = frame.iloc[rows.get(key, [])].reset_index(drop=True)
        if len(found) == len(wanted):
            break
    return found


def write_entries(stage: str, entries: dict[str, pd.DataFrame]) -> bool:
    """Store per-document tables (all with the same columns) of ``stage`` as one batch file.

    Returns:
        False if they were not stored (columns differ, or the folder cannot be written).
    """
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
        batch["_key"] = pd.Series([key for key, frame in full for _ in range(len(frame))], dtype=object)
    else:
        batch = frames[0].assign(_key=pd.Series([], dtype=object))
    name = "batch-" + combined_key(stage, sorted(entries))
    return write_table(stage, name, batch, path=store_dir() / stage / f"{name}.parquet",
                       extra={b"govreports.keys": json.dumps(sorted(entries)).encode("utf-8")})


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
    found = read_entries(stage, [key for key, _ in items])
    missing = [i for i, (key, _) in enumerate(items) if key not in found]
    computed = list(compute([items[i][1] for i in missing])) if missing else []
    new = {}
    for i, frame in zip(missing, computed):
        found[items[i][0]] = frame
        new[items[i][0]] = frame
    write_entries(stage, new)
    return [found[key] for key, _ in items]
