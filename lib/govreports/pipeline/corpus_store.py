"""The load stage in the table store: each file's documents, as Parquet, keyed by the file's bytes.

What :func:`govreports.pipeline.corpus.process_file` makes of one file (its decoded text, the stretches
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
import functools
import hashlib
import json
import operator
import os
from collections.abc import Callable
from pathlib import Path

from govreports import store
from govreports.pipeline.clean import CleanResult, Removal, Substitution
from govreports.pipeline.load import SourceFile
from govreports.pipeline.metadata import Metadata
from govreports.pipeline.split import OutsideSpan, RawDocument
from govreports.pipeline.structure import Part, Sentence, Sentences, Structure

STAGE = "load"
#: Files processed before their rows are written out as one batch (bounds the rows held).
BATCH_FILES = 100
#: How the load batches are written: zstd at its fastest level writes them 20 % faster than the
#: default snappy, reads them 3 times as fast and makes them a quarter smaller (mostly Chinese text);
#: DuckDB, R's arrow and pandas read it.
WRITE_OPTIONS = {"compression": "zstd", "compression_level": 1}


def _arrow_type(annotation: str):
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "int | None": pa.int64(), "bool": pa.bool_()}
    if annotation not in types:
        raise TypeError(f"no Parquet type for a field annotated {annotation!r}")
    return types[annotation]


def _struct(cls, skip: tuple[str, ...] = ()):
    import pyarrow as pa

    return pa.struct([(f.name, _arrow_type(str(f.type))) for f in dataclasses.fields(cls) if f.name not in skip])


def _sentence_columns():
    """A struct of one list per field of :class:`Sentence`, stored column by column (cheap to rebuild).

    ``text`` is null where the sentence is the slice ``length`` characters long at ``start`` of
    the cleaned text (every sentence the structure stage makes), so the text is stored once.
    """
    import pyarrow as pa

    fields = [(f.name, pa.list_(_arrow_type(str(f.type)))) for f in dataclasses.fields(Sentence)]
    return pa.struct([*fields, ("length", pa.list_(pa.int64()))])


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
        ("sentences", _sentence_columns()),
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
    """``{field: value}`` of a dataclass instance, its fields but ``skip``."""
    names, values_of = _field_reader(type(obj), skip)
    return dict(zip(names, values_of(obj)))


@functools.cache
def _field_reader(cls, skip: tuple[str, ...]) -> tuple[tuple[str, ...], Callable]:
    """The field names of ``cls`` but ``skip``, and a function giving their values as a tuple.

    Why cached: a cold load writes about 100 removals, substitutions and parts per report, and
    ``dataclasses.fields`` on each cost as much as the rest of the row.
    """
    names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in skip)
    getter = operator.attrgetter(*names)
    return names, (getter if len(names) > 1 else lambda obj: (getter(obj),))


def to_record(key: str, result) -> dict:
    """The row of one :func:`process_file` result (a loaded file)."""
    source, built, outside = result
    documents = []
    for raw, cleaning, structure, meta in built:
        documents.append({
            "raw": _fields(raw, ("raw",)),
            "text": _utf8(cleaning.text),
            "removals": [{**_fields(r, ("positions",)), "positions": list(r.positions)} for r in cleaning.removals],
            "substitutions": [_fields(s) for s in cleaning.substitutions],
            "parts": [_fields(p) for p in structure.parts],
            "sections": [{"part": a, "section": b, "title": c} for a, b, c in structure.sections],
            "sentences": _sentence_record(cleaning.text, structure.sentences),
            "n_paragraphs": structure.n_paragraphs,
            "meta": _fields(meta),
        })
    return {"_key": key, "encoding": source.encoding, "text": _utf8(source.text),
            "outside": [_fields(span) for span in outside], "documents": documents}


def _utf8(text: str) -> bytes | str:
    """``text`` as UTF-8 bytes, for Arrow: given a ``str``, Arrow leaves a UTF-8 copy cached inside the
    string object (three bytes per Chinese character) for as long as the string lives, which for the
    cleaned text of a loaded document is the life of the corpus. A text that is not valid Unicode
    (a lone surrogate) is given as it is, and Arrow refuses it as before."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text


def _sentence_record(text: str, sentences) -> dict:
    """The sentences of one document as the store keeps them (see :func:`_sentence_columns`).

    A :class:`Sentences` of this text hands its columns over as they are; any other sequence of
    :class:`Sentence` objects is read field by field.
    """
    if isinstance(sentences, Sentences) and sentences.text == text:
        return sentences.columns()
    record = {f.name: [getattr(s, f.name) for s in sentences] for f in dataclasses.fields(Sentence)}
    record["length"] = [len(s.text) for s in sentences]
    record["text"] = [None if text[s.start:s.start + len(s.text)] == s.text else s.text for s in sentences]
    return record


def _sentences(text: str, columns: dict) -> Sentences:
    return Sentences.from_columns(text, columns)


def from_record(path: Path, record: dict):
    """Rebuild the :func:`process_file` result of ``path`` from its row."""
    text = record["text"]
    source = SourceFile(path, record["encoding"], text)
    built = []
    for doc in record["documents"]:
        span = doc["raw"]
        raw_text = text if (span["start"], span["end"]) == (0, len(text)) else text[span["start"]:span["end"]]
        raw = RawDocument(**span, raw=raw_text)
        cleaning = CleanResult(raw_text, doc["text"],
                               [Removal(**{**r, "positions": tuple(r["positions"])}) for r in doc["removals"]],
                               [Substitution(**s) for s in doc["substitutions"]])
        sentences = _sentences(doc["text"], doc["sentences"])
        structure = Structure(tuple(Part(**p) for p in doc["parts"]),
                              tuple((s["part"], s["section"], s["title"]) for s in doc["sections"]),
                              sentences, doc["n_paragraphs"])
        built.append((raw, cleaning, structure, Metadata(**doc["meta"])))
    return source, built, [OutsideSpan(**span) for span in record["outside"]]


class StoredFiles:
    """The stored rows of the load stage for some keys, read one batch file at a time.

    Rows are handed out in any order; a batch is read when its first row is asked for and let go
    once all its wanted rows are handed out, so (files being asked for in the order they were
    written) about one batch is in memory at a time. A damaged batch is skipped: its files are
    then processed afresh.
    """

    def __init__(self, keys):
        import pyarrow.parquet as pq

        wanted = {key for key in keys if key}
        self._batch_of: dict[str, Path] = {}
        self._left: dict[Path, int] = {}
        self._loaded: dict[Path, dict[str, int] | None] = {}
        self._tables: dict = {}
        folder = store.store_dir() / STAGE
        if not wanted or not folder.is_dir():
            return
        for path in sorted(folder.glob("batch-*.parquet"), key=lambda p: (-p.stat().st_mtime, p.name)):
            try:
                covered = json.loads((pq.read_schema(path).metadata or {})[b"govreports.keys"])
            except (OSError, ValueError, KeyError, TypeError):
                continue
            for key in covered:
                if key in wanted and key not in self._batch_of:
                    self._batch_of[key] = path
                    self._left[path] = self._left.get(path, 0) + 1

    def __contains__(self, key) -> bool:
        return key in self._batch_of

    def pop(self, key: str) -> dict | None:
        """The row of ``key`` as a dict (``None`` if its batch cannot be read)."""
        import pyarrow.parquet as pq

        path = self._batch_of.pop(key)
        if path not in self._loaded:
            try:
                table = pq.read_table(path)
                self._tables[path] = table
                self._loaded[path] = {k: i for i, k in enumerate(table.column("_key").to_pylist())}
            except (OSError, ValueError, KeyError):
                self._loaded[path] = None
        rows = self._loaded[path]
        row = None
        if rows is not None and key in rows:
            row = self._tables[path].slice(rows[key], 1).to_pylist()[0]
        self._left[path] -= 1
        if not self._left[path]:
            if self._tables.pop(path, None) is not None:
                import pyarrow as pa

                pa.default_memory_pool().release_unused()
        return row


def write_records(records: list[dict]) -> bool:
    """Write rows as one batch of the load stage; False if they cannot be stored."""
    import pyarrow as pa

    if not records:
        return True
    try:
        table = pa.Table.from_pylist(records, schema=schema())
    except (pa.ArrowException, TypeError, ValueError):
        return False
    keys = sorted(r["_key"] for r in records)
    table = table.replace_schema_metadata({b"govreports.keys": json.dumps(keys).encode("utf-8")})
    return store.write_arrow_atomically(table, store.store_dir() / STAGE / f"batch-{store.combined_key(STAGE, keys)}.parquet",
                                        **WRITE_OPTIONS)


def duplicates(candidates, find) -> dict[int, int]:
    """``find(candidates)`` (duplicate detection over the whole corpus), kept in the store.

    The result depends on every candidate's type, city, year, partial flag and text, so it is
    kept under all of them (and the library fingerprint, as every entry): a rerun on the same
    corpus reads it. After a change, detection runs again, but the share of one text found in
    another is kept per pair of texts (``duplicate-pairs/``), so only pairs with a changed
    text have their clauses compared.

    Args:
        candidates: :class:`govreports.pipeline.duplicates.Candidate` objects, in reading order.
        find: :func:`govreports.pipeline.duplicates.find_duplicates`.
    """
    import pandas as pd

    from govreports.pipeline.duplicates import candidate_pairs, text_containment

    candidates = list(candidates)
    if not store.enabled():
        return find(candidates)
    digest = {c.key: hashlib.sha256(c.text.encode("utf-8", "surrogatepass")).hexdigest() for c in candidates}
    described = [[c.key, c.doc_type, c.city, f"{type(c.year).__name__}:{c.year!r}", bool(c.partial), digest[c.key]]
                 for c in candidates]
    key = store.entry_key("duplicates", {}, json.dumps(described, ensure_ascii=False))
    table = store.read_table("duplicates", key)
    if table is not None and list(table.columns) == ["duplicate", "kept"]:
        return dict(zip(table["duplicate"].tolist(), table["kept"].tolist()))

    def pair_key(a, b) -> str:
        return store.entry_key("duplicate-pairs", {}, "\0".join(sorted((digest[a.key], digest[b.key]))))

    keys = list(dict.fromkeys(pair_key(a, b) for a, b in candidate_pairs(candidates)))
    rows, lengths = store.gather_entries("duplicate-pairs", keys)
    column = rows["containment"].tolist() if rows is not None else []
    known, at = {}, 0
    for k, n in zip(keys, lengths):
        if n:
            known[k], at = column[at], at + n
    measured: dict[str, float] = {}
    measure = text_containment()

    def containment_of(a, b) -> float:
        k = pair_key(a, b)
        if k not in known:
            known[k] = measured[k] = measure(a, b)
        return known[k]

    found = find(candidates, containment_of=containment_of)
    store.write_rows("duplicate-pairs", list(measured), pd.DataFrame({"containment": pd.Series(list(measured.values()), dtype="float64")}))
    store.write_table("duplicates", key, pd.DataFrame({"duplicate": pd.Series(list(found), dtype="int64"),
                                                       "kept": pd.Series(list(found.values()), dtype="int64")}))
    return found


class StoredSources:
    """Read back, on demand, what a loaded corpus does not keep in memory: each file's decoded text
    and each document's cleaning audit (removals, substitutions), from the load stage's rows.

    Only the audit, accounting and ``text``/``files`` views need these, so a corpus loaded with the
    store on keeps, per document, the cleaned text, structure and metadata, and asks this object for
    the rest. One batch file is held at a time (the last one read), so reading the documents in
    file order reads each batch once. The batches holding the keys are found on the first request.
    """

    def __init__(self):
        self._batch_of: dict[str, Path] | None = None
        self._path: Path | None = None
        self._rows: dict[str, int] = {}
        self._table = None

    def __getstate__(self) -> dict:  # a pickled corpus carries no Arrow table
        return {**self.__dict__, "_path": None, "_rows": {}, "_table": None}

    def _find(self, key: str) -> Path | None:
        import pyarrow.parquet as pq

        if self._batch_of is None or key not in self._batch_of:
            self._batch_of = {}
            folder = store.store_dir() / STAGE
            paths = sorted(folder.glob("batch-*.parquet"), key=lambda p: (-p.stat().st_mtime, p.name)) if folder.is_dir() else []
            for path in paths:
                try:
                    covered = json.loads((pq.read_schema(path).metadata or {})[b"govreports.keys"])
                except (OSError, ValueError, KeyError, TypeError):
                    continue
                for k in covered:
                    self._batch_of.setdefault(k, path)
        return self._batch_of.get(key)

    def _row(self, key: str) -> int | None:
        import pyarrow.parquet as pq

        path = self._find(key)
        if path is None:
            return None
        if path != self._path:
            self._path, self._table, self._rows = path, None, {}
            try:
                self._table = pq.read_table(path, columns=["_key", "text", "documents"])
                self._rows = {k: i for i, k in enumerate(self._table.column("_key").to_pylist())}
            except (OSError, ValueError, KeyError):
                self._table = None
        return self._rows.get(key)

    def text(self, key: str) -> str | None:
        """The decoded text of the file stored under ``key`` (``None`` if the store no longer has it)."""
        row = self._row(key)
        return None if row is None else self._table.column("text")[row].as_py()

    def audit(self, key: str, index: int) -> tuple[str, list[Removal], list[Substitution]] | None:
        """``(raw text, removals, substitutions)`` of the document numbered ``index`` of the file stored under ``key``."""
        row = self._row(key)
        if row is None:
            return None
        documents = self._table.column("documents")[row].values
        spans = documents.field("raw").to_pylist()
        at = next((i for i, span in enumerate(spans) if span["index"] == index), None)
        if at is None:
            return None
        span = spans[at]
        text = self._table.column("text")[row].as_py()
        raw = text if (span["start"], span["end"]) == (0, len(text)) else text[span["start"]:span["end"]]
        removals = [Removal(**{**r, "positions": tuple(r["positions"])}) for r in documents.field("removals")[at].as_py()]
        substitutions = [Substitution(**s) for s in documents.field("substitutions")[at].as_py()]
        return raw, removals, substitutions
