"""The load stage in the table store: each file's documents, as Parquet, keyed by the file's bytes.

What :func:`govreports.corpus.process_file` makes of one file (its decoded text, the stretches
outside every document, and each document's span, cleaned text, cleaning audit, structure and
metadata) is kept as one row of a Parquet batch under ``<cache>/tables/load/`` (see
:mod:`govreports.store`): documents, removals, parts, sections and sentences as nested lists, so
DuckDB or R can read the sentences of every file straight from the store. The key is a SHA-256 of
the file's bytes, its name, the size limit and the library fingerprint (every module and data
file, so an edited cleaning rule or word list never serves an old result). A rerun rebuilds a
file's documents from its row instead of reading, decoding, splitting, cleaning and structuring
it again; a changed file is processed afresh.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path

from govreports import store
from govreports.clean import CleanResult, Removal, Substitution
from govreports.load import SourceFile
from govreports.metadata import Metadata
from govreports.split import OutsideSpan, RawDocument
from govreports.structure import Part, Sentence, Structure

STAGE = "load"
#: Files processed before their rows are written out as one batch (bounds the rows held).
BATCH_FILES = 500


def _arrow_type(annotation: str):
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "int | None": pa.int64(), "bool": pa.bool_()}
    if annotation not in types:
        raise TypeError(f"no Parquet type for a field annotated {annotation!r}")
    return types[annotation]


def _struct(cls, skip: tuple[str, ...] = ()):
    import pyarrow as pa

    return pa.struct([(f.name, _arrow_type(str(f.type))) for f in dataclasses.fields(cls) if f.name not in skip])


def _columns(cls, skip: tuple[str, ...] = ()):
    """A struct of one list per field: rows of ``cls`` stored column by column (cheap to rebuild)."""
    import pyarrow as pa

    return pa.struct([(f.name, pa.list_(_arrow_type(str(f.type)))) for f in dataclasses.fields(cls) if f.name not in skip])


def schema():
    """The Parquet schema of one file's row."""
    import pyarrow as pa

    removal = pa.struct([*_struct(Removal, ("positions",)), ("positions", pa.list_(pa.int64()))])
    document = pa.struct([
        ("raw", _struct(RawDocument, ("raw",))),
        ("text", pa.string()),
        ("removals", pa.list_(removal)),
        ("substitutions", pa.list_(_struct(Substitution))),
        ("parts", pa.list_(_struct(Part))),
        ("sections", pa.list_(pa.struct([("part", pa.int64()), ("section", pa.int64()), ("title", pa.string())]))),
        ("sentences", _columns(Sentence)),
        ("n_paragraphs", pa.int64()),
        ("meta", _struct(Metadata)),
    ])
    return pa.schema([
        ("_key", pa.string()),
        ("encoding", pa.string()),
        ("text", pa.string()),
        ("outside", pa.list_(_struct(OutsideSpan))),
        ("documents", pa.list_(document)),
    ])


def file_key(path: Path, max_bytes: int) -> str | None:
    """The store key of one file, or ``None`` if it is not to be stored (too large, unreadable).

    The bytes are read here (a file over the limit never is: it is listed as too large).
    """
    try:
        if os.stat(path).st_size > max_bytes:
            return None
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    if len(data) > max_bytes:
        return None
    digest = hashlib.sha256(data).hexdigest()
    return store.entry_key(STAGE, {"name": Path(path).name, "max_bytes": max_bytes}, digest)


def _fields(obj, skip: tuple[str, ...] = ()) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.name not in skip}


def to_record(key: str, result) -> dict:
    """The row of one :func:`process_file` result (a loaded file)."""
    source, built, outside = result
    documents = []
    for raw, cleaning, structure, meta in built:
        documents.append({
            "raw": _fields(raw, ("raw",)),
            "text": cleaning.text,
            "removals": [{**_fields(r, ("positions",)), "positions": list(r.positions)} for r in cleaning.removals],
            "substitutions": [_fields(s) for s in cleaning.substitutions],
            "parts": [_fields(p) for p in structure.parts],
            "sections": [{"part": a, "section": b, "title": c} for a, b, c in structure.sections],
            "sentences": {f.name: [getattr(s, f.name) for s in structure.sentences] for f in dataclasses.fields(Sentence)},
            "n_paragraphs": structure.n_paragraphs,
            "meta": _fields(meta),
        })
    return {"_key": key, "encoding": source.encoding, "text": source.text,
            "outside": [_fields(span) for span in outside], "documents": documents}


def from_record(path: Path, record: dict):
    """Rebuild the :func:`process_file` result of ``path`` from its row."""
    text = record["text"]
    source = SourceFile(path, record["encoding"], text)
    names = [f.name for f in dataclasses.fields(Sentence)]
    built = []
    for doc in record["documents"]:
        span = doc["raw"]
        raw_text = text if (span["start"], span["end"]) == (0, len(text)) else text[span["start"]:span["end"]]
        raw = RawDocument(**span, raw=raw_text)
        cleaning = CleanResult(raw_text, doc["text"],
                               [Removal(**{**r, "positions": tuple(r["positions"])}) for r in doc["removals"]],
                               [Substitution(**s) for s in doc["substitutions"]])
        columns = doc["sentences"]
        sentences = tuple(Sentence(*row) for row in zip(*(columns[name] for name in names)))
        structure = Structure(tuple(Part(**p) for p in doc["parts"]),
                              tuple((s["part"], s["section"], s["title"]) for s in doc["sections"]),
                              sentences, doc["n_paragraphs"])
        built.append((raw, cleaning, structure, Metadata(**doc["meta"])))
    return source, built, [OutsideSpan(**span) for span in record["outside"]]


def read_records(keys) -> dict:
    """``{key: row as a dict}`` for the stored files among ``keys`` (damaged batches are skipped)."""
    import pyarrow.parquet as pq

    wanted = {key for key in keys if key}
    found: dict[str, dict] = {}
    folder = store.store_dir() / STAGE
    if not wanted or not folder.is_dir():
        return found
    for path in sorted(folder.glob("batch-*.parquet"), key=lambda p: (-p.stat().st_mtime, p.name)):
        try:
            covered = json.loads((pq.read_schema(path).metadata or {})[b"govreports.keys"])
            if not any(key in wanted and key not in found for key in covered):
                continue
            table = pq.read_table(path)
            keys_column = table.column("_key").to_pylist()
            for i, key in enumerate(keys_column):
                if key in wanted and key not in found:
                    found[key] = table.slice(i, 1).to_pylist()[0]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if len(found) == len(wanted):
            break
    return found


def write_records(records: list[dict]) -> bool:
    """Write rows as one batch of the load stage; False if they cannot be stored."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not records:
        return True
    try:
        table = pa.Table.from_pylist(records, schema=schema())
    except (pa.ArrowException, TypeError, ValueError):
        return False
    keys = sorted(r["_key"] for r in records)
    table = table.replace_schema_metadata({b"govreports.keys": json.dumps(keys).encode("utf-8")})
    target = store.store_dir() / STAGE / f"batch-{store.combined_key(STAGE, keys)}.parquet"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp")
        handle.close()
        pq.write_table(table, handle.name)
        os.replace(handle.name, target)
    except OSError:
        return False
    return True
