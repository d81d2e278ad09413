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
#: Files per Parquet row group of a batch (25): a reader that walks a batch piece by piece (the
#: sentences table) then holds a quarter of the batch's decoded columns at a time (about 20 MB less
#: at the peak), for about 30 % more time to read a whole batch.
WRITE_OPTIONS = {"compression": "zstd", "compression_level": 1, "row_group_size": 25}


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
        ("n_chars", pa.int64()),  # characters of ``text``: a warm load reads this, not the text
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


def file_key(path: Path, max_bytes: int, digests: dict[str, str] | None = None) -> str | None:
    """The store key of one file, or ``None`` if it is not to be stored (too large, unreadable).

    The bytes are read here (a file over the limit never is: it is listed as too large).

    Args:
        path: the file.
        max_bytes: the size limit.
        digests: if given, the SHA-256 (hex) of the file's bytes is put in it under the file's
            name (what :func:`govreports.pipeline.corpus.corpus_version` hashes: each file is
            read and hashed once per load).
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
    if digests is not None:
        digests[Path(path).name] = digest
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
            "n_chars": len(cleaning.text),
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
        wanted = {key for key in keys if key}
        self._batch_of: dict[str, Path] = {}
        self._left: dict[Path, int] = {}
        self._loaded: dict[Path, dict[str, int] | None] = {}
        self._tables: dict = {}
        self._summaries: dict[Path, dict[str, FileSummary] | None] = {}
        if not wanted:
            return
        for path, covered in load_batches(store.store_dir()):
            for key in covered:
                if key in wanted and key not in self._batch_of:
                    self._batch_of[key] = path
                    self._left[path] = self._left.get(path, 0) + 1

    def __contains__(self, key) -> bool:
        return key in self._batch_of

    def pop_summary(self, key: str) -> FileSummary | None:
        """The :class:`FileSummary` of ``key`` (``None`` if its batch cannot be read), read column by
        column for the whole batch when its first file is asked for."""
        path = self._batch_of.pop(key)
        if path not in self._summaries:
            try:
                self._summaries[path] = read_summaries(path)
            except (OSError, ValueError, KeyError):
                self._summaries[path] = None
        found = (self._summaries[path] or {}).get(key)
        self._left[path] -= 1
        if not self._left[path]:
            self._summaries[path] = {}  # let the batch's summaries go (the corpus keeps what it uses)
            store.release_arrow_memory()
        return found

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


def load_batches(folder: Path) -> list[tuple[Path, list[str]]]:
    """``(path, keys of the files it holds)`` of every readable batch of the load stage under the
    store folder ``folder``, newest first (:func:`govreports.store.stage_batches`, the keys read
    by :func:`_read_keys`: from the list written next to the batch, else from its footer)."""
    return store.stage_batches(STAGE, folder, _read_keys)


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
    path = store.store_dir() / STAGE / f"batch-{store.combined_key(STAGE, keys)}.parquet"
    _write_keys(path, keys)  # first: when the batch is there, so are its keys
    return store.write_arrow_atomically(table, path, **WRITE_OPTIONS)


def _keys_path(batch: Path) -> Path:
    """The file next to a load batch that lists its keys (``batch-….keys.json``)."""
    return batch.with_name(batch.name.removesuffix(".parquet") + ".keys.json")


def _write_keys(batch: Path, keys: list[str]) -> None:
    """Write the keys of ``batch`` next to it (through a temporary file); a failure only costs a
    footer read in :func:`load_batches`."""
    import tempfile

    target = _keys_path(batch)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=target.parent, delete=False, suffix=".tmp",
                                         encoding="utf-8") as handle:
            json.dump(keys, handle)
        os.replace(handle.name, target)
    except OSError:
        pass


def _read_keys(batch: Path) -> list[str]:
    """The keys of a load batch: from the file listing them if it is whole (the batch's name is the
    digest of its keys, so a damaged or stray list is never taken), else from the batch's footer."""
    import pyarrow.parquet as pq

    try:
        keys = json.loads(_keys_path(batch).read_text(encoding="utf-8"))
        if isinstance(keys, list) and batch.name == f"batch-{store.combined_key(STAGE, keys)}.parquet":
            return keys
    except (OSError, ValueError):
        pass
    return json.loads((pq.read_schema(batch).metadata or {})[b"govreports.keys"])


#: Stage of the shares of one text found in another measured on a corpus folder (see :func:`duplicates`).
VERDICT_STAGE = "duplicate-verdicts"


def duplicates(candidates, find, folder: Path, *, workers: int | None = None) -> dict[int, int]:
    """``find(candidates)`` (duplicate detection over the whole corpus), kept in the store.

    The result depends on every candidate's type, city, year, partial flag and text, so it is
    kept under all of them (and the library fingerprint, as every entry): a rerun on the same
    corpus reads it. After a change, detection runs again, but every share of one text found in
    another measured before on this folder is kept (:data:`VERDICT_STAGE`: one table per folder,
    each share under the two texts it is of, with the groups of copies that run found), so only
    pairs with a changed text (or pairs never measured before) have their clauses compared, and
    a pair known to be no copy is not even gone through
    (:func:`govreports.pipeline.duplicates.find_duplicates`, ``pairs``); nor is a pair never
    measured of two documents of one group found last time that is here unchanged (it was never
    measured because its documents were joined by then, and they are again: the pairs that
    joined them come before it again, and joining only grows).

    Args:
        candidates: :class:`govreports.pipeline.duplicates.Candidate` objects, in reading order
            (their keys distinct).
        find: :func:`govreports.pipeline.duplicates.find_duplicates`.
        folder: the corpus folder (whose table of shares is read and rewritten).
        workers: processes that cut the texts this load processed into clauses
            (:func:`clause_codes_in_processes`); default :func:`govreports.parallel.default_workers`.
    """
    import numpy as np
    import pandas as pd

    from govreports.pipeline.duplicates import MIN_CONTAINMENT, candidate_positions, text_containment

    candidates = list(candidates)
    if not store.enabled():
        return find(candidates)
    # what fixes each text: its SHA-256, or for a document kept lean its file's store key and number
    digests = [getattr(c, "text_id", None) or text_digest(c.text) for c in candidates]
    described = [[c.key, c.doc_type, c.city, f"{type(c.year).__name__}:{c.year!r}", bool(c.partial), d]
                 for c, d in zip(candidates, digests)]
    key = store.entry_key("duplicates", {}, json.dumps(described, ensure_ascii=False))
    table = store.read_table("duplicates", key)
    if table is not None and list(table.columns) == ["duplicate", "kept"]:
        return dict(zip(table["duplicate"].tolist(), table["kept"].tolist()))

    ids: dict[str, int] = {}
    codes = np.array([ids.setdefault(d, len(ids)) for d in digests], dtype=np.int64)
    first, second = candidate_positions(candidates)
    pair_codes = _pair_codes(codes[first], codes[second], len(ids))
    memo_key = store.entry_key(VERDICT_STAGE, {"folder": str(Path(folder).resolve())}, "")
    memo = store.read_table(VERDICT_STAGE, memo_key)
    if memo is None or list(memo.columns) != list(_MEMO_COLUMNS):
        memo = None
    known = _read_verdicts(memo, ids)
    # a pair known to be below MIN_CONTAINMENT never joins two documents: not gone through
    no_copy = np.array([k for k, share in known.items() if share < MIN_CONTAINMENT], dtype=np.int64)
    gone_through = ~np.isin(pair_codes, no_copy)
    unknown = ~np.isin(pair_codes, np.array(list(known), dtype=np.int64))
    # a pair never measured was skipped because its documents were already joined; if their whole
    # group of the last run is here unchanged, the pairs that joined them come before it again
    # (joining only grows), so it is skipped again: not gone through
    group = _unchanged_groups(memo, described)  # (kept with the shares: read together, or not at all)
    skipped = unknown & (group[first] >= 0) & (group[first] == group[second])
    gone_through &= ~skipped
    unknown &= ~skipped
    pairs = [(candidates[i], candidates[j])
             for i, j in zip(first[gone_through].tolist(), second[gone_through].tolist())]
    # the clauses of the documents this load processed that may be measured, cut in corpus order
    # (each load batch's texts decoded once, as a cold load would otherwise hold every text)
    asked = np.zeros(len(candidates), dtype=bool)
    asked[first[unknown]] = asked[second[unknown]] = True
    early_ones = [c for c, ask in zip(candidates, asked.tolist()) if ask and getattr(c, "fresh", False)]
    early = dict(zip([c.key for c in early_ones], clause_codes_in_processes((c.text for c in early_ones),
                                                                            len(early_ones), workers)))
    code_of = {c.key: int(k) for c, k in zip(candidates, codes)}
    measured: dict[int, float] = {}
    measure = text_containment(pairs, codes=early)  # each document's clauses let go after its last pair

    def containment_of(a, b) -> float:
        k = int(_pair_codes(code_of[a.key], code_of[b.key], len(ids)))
        if k not in known:
            known[k] = measured[k] = measure(a, b)
        return known[k]

    found = find(candidates, containment_of=containment_of, pairs=pairs)
    names = list(ids)
    rows = [("share", names[k // len(ids)], names[k % len(ids)], share, -1) for k, share in known.items()]
    rows += _group_rows(described, found)
    store.write_table(VERDICT_STAGE, memo_key, pd.DataFrame({
        name: pd.Series([r[i] for r in rows], dtype=dtype) for i, (name, dtype) in enumerate(_MEMO_COLUMNS.items())}))
    store.write_table("duplicates", key, pd.DataFrame({"duplicate": pd.Series(list(found), dtype="int64"),
                                                       "kept": pd.Series(list(found.values()), dtype="int64")}))
    return found


def clause_codes_in_processes(texts, n: int, workers: int | None = None) -> list:
    """:func:`govreports.pipeline.duplicates.clause_codes` of each of ``n`` texts, in order, on ``workers`` processes.

    The codes are hashes of ``str``, which are those of this process only in processes forked
    from it (the same hash secret): with another start method (spawn, forkserver), or one
    worker, or a few texts, they are made here. ``texts`` is read as the workers take them.
    """
    import multiprocessing

    from govreports.parallel import default_workers, map_in_processes
    from govreports.pipeline.duplicates import clause_codes

    workers = default_workers() if workers is None else workers
    # the method the pool will use, read without fixing it (the platform's default comes first)
    method = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
    if workers > 1 and n > 2 * workers and method == "fork":
        return list(map_in_processes(clause_codes, texts, workers))
    return [clause_codes(text) for text in texts]


#: Columns of a folder's table of shares (:data:`VERDICT_STAGE`): ``share`` rows (two text ids and the
#: share of one found in the other) and ``group`` rows (a document's description, its key, and in
#: ``value`` the key of the copy kept of its group), written together by one run.
_MEMO_COLUMNS = {"kind": object, "first": object, "second": object, "value": "float64", "key": "int64"}


def _group_rows(described: list[list], found: dict[int, int]) -> list[tuple]:
    """The ``group`` rows of the groups of copies found: each document in a group of two or more."""
    kept = dict(found)
    kept.update({v: v for v in found.values()})
    return [("group", json.dumps(d[1:], ensure_ascii=False), "", float(kept[d[0]]), d[0]) for d in described
            if d[0] in kept]


def _unchanged_groups(memo, described: list[list]):
    """Per candidate (in the order of ``described``), the number of its group of copies of the run
    that wrote ``memo`` if that whole group is here unchanged, else -1.

    Unchanged: every member is a candidate again with the same type, city, year, partial flag and
    text (its description), each description once, and in the same reading order.
    """
    import numpy as np

    group = np.full(len(described), -1, dtype=np.int64)
    if memo is None:
        return group
    rows = memo[memo["kind"] == "group"]
    where: dict[str, int] = {}
    for at, d in enumerate(described):
        text = json.dumps(d[1:], ensure_ascii=False)
        where[text] = -1 if text in where else at  # a description twice: not told apart, never unchanged
    members: dict[float, list[tuple[int, int]]] = {}
    for text, old_key, old_group in zip(rows["first"].tolist(), rows["key"].tolist(), rows["value"].tolist()):
        members.setdefault(old_group, []).append((old_key, where.get(text, -1)))
    for number, (old_group, rows) in enumerate(members.items()):
        places = [at for _, at in sorted(rows)]
        if min(places) >= 0 and places == sorted(places) and len(set(places)) == len(places):
            group[places] = number
    return group


def _pair_codes(a, b, n: int):
    """One integer per pair of text codes (each below ``n``), the same whichever comes first."""
    import numpy as np

    return np.minimum(a, b) * n + np.maximum(a, b)


def _read_verdicts(memo, ids: dict[str, int]) -> dict[int, float]:
    """The shares of a folder's table (``None``: none) between texts of ``ids`` (``{digest: code}``),
    by pair code (rows of other texts are left out, so the table is rewritten without them)."""
    import numpy as np

    if memo is None:
        return {}
    table = memo[memo["kind"] == "share"]
    a = np.array([ids.get(d, -1) for d in table["first"].tolist()], dtype=np.int64)
    b = np.array([ids.get(d, -1) for d in table["second"].tolist()], dtype=np.int64)
    present = (a >= 0) & (b >= 0)
    shares = table["value"].to_numpy()[present].tolist()
    return dict(zip(_pair_codes(a[present], b[present], len(ids)).tolist(), shares))


# --- the read side: what a loaded corpus does not keep in memory, read back from the load rows ------------

#: Leaf columns of a load row the documents table and the load need (no texts of sentences, no audit).
_SUMMARY_COLUMNS = ["_key", "encoding", "outside", "documents.list.element.raw",
                    "documents.list.element.n_chars", "documents.list.element.removals.list.element.text",
                    "documents.list.element.parts.list.element.number",
                    "documents.list.element.sections.list.element.part",
                    "documents.list.element.sentences.start", "documents.list.element.n_paragraphs",
                    "documents.list.element.meta"]
#: Leaf columns a document's cleaned text and structure are rebuilt from.
_BODY_COLUMNS = ["_key", "documents.list.element.raw.index", "documents.list.element.text",
                 "documents.list.element.parts", "documents.list.element.sections",
                 *(f"documents.list.element.sentences.{name}" for name in
                   ("text", "start", "length", "paragraph", "part", "part_title", "part_kind", "section",
                    "section_title", "is_heading")),
                 "documents.list.element.n_paragraphs"]
#: Leaf columns of the documents' cleaned texts alone.
_TEXT_COLUMNS = ["_key", "documents.list.element.raw.index", "documents.list.element.text"]
#: Leaf columns of a file's decoded text and its documents' cleaning audit.
_AUDIT_COLUMNS = ["_key", "text", "documents.list.element.raw", "documents.list.element.removals",
                  "documents.list.element.substitutions"]
#: What the audit table shows of a removal (not its ``positions``).
REMOVAL_FIELDS = ("step", "reason", "start", "end", "text")
#: Leaf columns of the documents' removals as the audit table shows them (no file text, no positions).
_REMOVAL_COLUMNS = ["_key", "documents.list.element.raw.index",
                    *(f"documents.list.element.removals.list.element.{name}" for name in REMOVAL_FIELDS)]
_COLUMNS = {"text": _TEXT_COLUMNS, "body": _BODY_COLUMNS, "audit": _AUDIT_COLUMNS, "removals": _REMOVAL_COLUMNS}


@dataclasses.dataclass(frozen=True)
class DocumentSummary:
    """What a loaded corpus keeps of one document whose text and structure stay in the store.

    Attributes:
        span: where the document is in its file (:class:`RawDocument` with an empty ``raw``).
        meta: its metadata.
        n_chars, n_chars_raw, n_removed, n_sentences, n_paragraphs, n_parts, n_sections: the
            sizes the documents table reports (``n_parts`` counts parts numbered above 0).
    """

    span: RawDocument
    meta: Metadata
    n_chars: int
    n_chars_raw: int
    n_removed: int
    n_sentences: int
    n_paragraphs: int
    n_parts: int
    n_sections: int


@dataclasses.dataclass(frozen=True)
class FileSummary:
    """A stored file as a loaded corpus keeps it: encoding, stretches outside documents, document summaries."""

    encoding: str
    outside: list[OutsideSpan]
    documents: list[DocumentSummary]


def text_digest(text: str) -> str:
    """SHA-256 (hex) of a text's UTF-8 bytes (a lone surrogate passed through)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def summarize(raw: RawDocument, cleaning: CleanResult, structure: Structure, meta: Metadata) -> DocumentSummary:
    """The :class:`DocumentSummary` of a document just built (what :func:`read_summaries` reads from its row)."""
    return DocumentSummary(RawDocument(raw.file, raw.index, raw.start, raw.end, "", raw.listing), meta,
                           len(cleaning.text), len(raw.raw), cleaning.n_removed, len(structure.sentences),
                           structure.n_paragraphs, sum(1 for p in structure.parts if p.number > 0),
                           len(structure.sections))


def _per_parent(lists, values, n: int):
    """Sum of ``values`` (one per element of the list array ``lists``) per list, as ``n`` numbers."""
    import numpy as np
    import pyarrow.compute as pc

    parents = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)
    return np.bincount(parents, weights=values, minlength=n).astype(np.int64)


def read_summaries(path: Path) -> dict[str, FileSummary]:
    """Every file's :class:`FileSummary` in one batch of the load stage, read column by column.

    No text, sentence or audit becomes a Python object: lengths and counts are computed by Arrow,
    and the cleaned texts are not read at all (their lengths are stored: ``n_chars``).
    """
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path).read(columns=_SUMMARY_COLUMNS, use_threads=False)  # threads: more CPU, here
    files = table.column("documents").combine_chunks()
    docs = pc.list_flatten(files)
    n = len(docs)
    field = lambda name: pc.struct_field(docs, name)  # noqa: E731
    removals = field("removals")
    removed = _per_parent(removals, pc.utf8_length(pc.struct_field(pc.list_flatten(removals), "text")).to_numpy(), n)
    parts = field("parts")
    numbered = pc.greater(pc.struct_field(pc.list_flatten(parts), "number"), 0).to_numpy(zero_copy_only=False)
    n_parts = _per_parent(parts, numbered.astype(np.int64), n)
    columns = zip(field("raw").to_pylist(), field("meta").to_pylist(), field("n_chars").to_pylist(),
                  removed.tolist(), pc.list_value_length(pc.struct_field(field("sentences"), "start")).to_pylist(),
                  field("n_paragraphs").to_pylist(), n_parts.tolist(),
                  pc.list_value_length(field("sections")).to_pylist())
    summaries = [DocumentSummary(RawDocument(**{**span, "raw": ""}), Metadata(**meta), n_chars, span["end"] - span["start"],
                                 n_removed, n_sentences, n_paragraphs, parts_, sections)
                 for span, meta, n_chars, n_removed, n_sentences, n_paragraphs, parts_, sections in columns]
    counts = pc.list_value_length(files).to_pylist()
    found, at = {}, 0
    for key, encoding, outside, count in zip(table.column("_key").to_pylist(), table.column("encoding").to_pylist(),
                                             table.column("outside").to_pylist(), counts):
        found[key] = FileSummary(encoding, [OutsideSpan(**s) for s in outside], summaries[at:at + count])
        at += count
    return found


def _documents_of(table) -> tuple[list[str], list[int], object]:
    """The keys of a batch's rows, how many documents each row holds, and all documents (one array)."""
    import pyarrow.compute as pc

    column = table.column("documents")
    files = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()  # one chunk: not copied
    return table.column("_key").to_pylist(), pc.list_value_length(files).to_pylist(), pc.list_flatten(files)


def _places(keys: list[str], counts: list[int], docs) -> dict[tuple[str, int], int]:
    """``{(file key, document number): place in docs}`` of :func:`_documents_of` (the first, if one repeats)."""
    import pyarrow.compute as pc

    indexes = pc.struct_field(pc.struct_field(docs, "raw"), "index").to_pylist()
    place, at = {}, 0
    for key, count in zip(keys, counts):
        for i in range(at, at + count):
            place.setdefault((key, indexes[i]), i)
        at += count
    return place


def _wanted_rows(bounds, wanted):
    """The rows of the documents at ``wanted`` (in that order) in columns that hold the rows of every
    document one after the other, document ``i``'s from ``bounds[i]`` to ``bounds[i + 1]``:
    ``(rows, first)``, ``first`` the first row if the rows are one run in order (else ``None``)."""
    import numpy as np

    if len(wanted) and np.all(np.diff(wanted) == 1):  # consecutive documents: their rows are one run
        first, end = int(bounds[wanted[0]]), int(bounds[wanted[-1] + 1])
        return np.arange(first, end, dtype=np.int64), first
    sizes = (bounds[1:] - bounds[:-1])[wanted]
    return store._ranges(bounds[wanted], sizes), None


def _taken(values, rows, first):
    """``values`` at ``rows`` (:func:`_wanted_rows`): a slice if they are one run, else a take."""
    import pyarrow as pa

    return values.slice(first, len(rows)) if first is not None else values.take(pa.array(rows, pa.int64()))


def _per_file(keys: list[str], counts: list[int], indexes: list[int], values: list) -> dict[str, dict[int, object]]:
    """``{key: {document number: value}}`` from values listed document after document."""
    found, at = {}, 0
    for key, count in zip(keys, counts):
        found[key] = dict(zip(indexes[at:at + count], values[at:at + count]))
        at += count
    return found


def _texts(table) -> dict[str, dict[int, str]]:
    """``{key: {document number: cleaned text}}`` of a batch read with :data:`_TEXT_COLUMNS`."""
    import pyarrow.compute as pc

    keys, counts, docs = _documents_of(table)
    indexes = pc.struct_field(pc.struct_field(docs, "raw"), "index").to_pylist()
    return _per_file(keys, counts, indexes, pc.struct_field(docs, "text").to_pylist())


def _batch_removal_columns(table) -> dict[str, dict[int, tuple[list, ...]]]:
    """``{key: {document number: (steps, reasons, starts, ends, texts)}}`` of a batch read with
    :data:`_REMOVAL_COLUMNS`: each document's removals as one list per field of :data:`REMOVAL_FIELDS`
    (each column made a Python list once for the whole batch, no object per removal)."""
    import pyarrow.compute as pc

    keys, counts, docs = _documents_of(table)
    indexes = pc.struct_field(pc.struct_field(docs, "raw"), "index").to_pylist()
    removals = pc.struct_field(docs, "removals")
    flat = pc.list_flatten(removals)
    columns = [pc.struct_field(flat, name).to_pylist() for name in REMOVAL_FIELDS]
    values, at = [], 0
    for n in pc.list_value_length(removals).fill_null(0).to_pylist():
        values.append(tuple(column[at:at + n] for column in columns))
        at += n
    return _per_file(keys, counts, indexes, values)


#: Columns of the audit table (:meth:`govreports.pipeline.corpus.Corpus.audit_table`), in order.
AUDIT_TABLE = ("file", "doc_id", "step", "reason", "start", "end", "n_chars", "text")


def audit_schema():
    """The Arrow schema of the audit table (strings ``large_string``, as pandas keeps them)."""
    import pyarrow as pa

    return pa.schema([(name, pa.int64() if name in ("start", "end", "n_chars") else pa.large_string())
                      for name in AUDIT_TABLE])


def removal_rows(path: Path, documents: list[tuple[str, int]], doc_ids: list[str], files: list[str], starts: list[int]):
    """The rows of the audit table of ``documents`` (``(file key, document number)`` pairs, all in the
    load batch ``path``), document after document, each document's removals in their order, as an
    Arrow table of :func:`audit_schema`; ``None`` if the batch cannot be read or lacks one of them.

    ``doc_ids``, ``files`` and ``starts`` are the documents' ids, file names and first characters in
    their files (a removal's offsets are stored from its document's start). Made from the stored
    columns of the whole batch (:data:`_REMOVAL_COLUMNS`: no file text, no positions), with no
    Python object per removal.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        keys, counts, docs = _documents_of(pq.ParquetFile(path).read(columns=_REMOVAL_COLUMNS, use_threads=False))
        place = _places(keys, counts, docs)
        if any(d not in place for d in documents):
            return None
        removals = pc.struct_field(docs, "removals")
        sizes = pc.list_value_length(removals).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        wanted = np.array([place[d] for d in documents], dtype=np.int64)
        rows, first = _wanted_rows(np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64), wanted)
        flat = pc.list_flatten(removals)
        field = lambda name: _taken(pc.struct_field(flat, name), rows, first)  # noqa: E731
        repeat = pa.array(np.repeat(np.arange(len(documents), dtype=np.int64), sizes[wanted]), pa.int64())
        base = pa.array(starts, pa.int64()).take(repeat)
        text = field("text").cast(pa.large_string())
        data = {"file": pa.array(files, pa.large_string()).take(repeat),
                "doc_id": pa.array(doc_ids, pa.large_string()).take(repeat),
                "step": field("step"), "reason": field("reason"),
                "start": pc.add(field("start"), base), "end": pc.add(field("end"), base),
                "n_chars": pc.utf8_length(text), "text": text}
        schema = audit_schema()
        return pa.table([data[name].cast(schema.field(name).type) for name in AUDIT_TABLE], schema=schema)
    except (OSError, ValueError, KeyError, pa.ArrowException):
        return None


def _bodies(table) -> dict[str, dict[int, tuple[str, Structure]]]:
    """``{key: {document number: (cleaned text, structure)}}`` of a batch read with :data:`_BODY_COLUMNS`.

    Each sentence column is cut from one Arrow array for the whole batch (no Python value per
    sentence); the sentences' strings (part and section titles, part kinds) are shared by the
    batch. The stored ``index`` column is not read: the structure stage numbers sentences 0, 1, 2 …
    (:class:`Sentences` refuses anything else), so it is the position.
    """
    from array import array

    import numpy as np
    import pyarrow.compute as pc

    from govreports.pipeline.structure import _sentences_from_state

    keys, counts, docs = _documents_of(table)
    field = lambda name: pc.struct_field(docs, name)  # noqa: E731
    texts = field("text").to_pylist()
    sentences = field("sentences")
    lengths = pc.list_value_length(pc.struct_field(sentences, "start")).to_numpy(zero_copy_only=False)
    bounds = np.concatenate([[0], np.cumsum(lengths)]).tolist()
    code = "i" if all(len(t) < 2**31 for t in texts) else "q"
    size = np.dtype(f"i{array(code).itemsize}")
    ints = {name: array(code, pc.list_flatten(pc.struct_field(sentences, name)).to_numpy(zero_copy_only=False)
                        .astype(size).tobytes())
            for name in ("start", "length", "paragraph", "part", "section")}
    strings: list[str] = []
    for name in ("part_title", "part_kind", "section_title"):
        encoded = pc.list_flatten(pc.struct_field(sentences, name)).dictionary_encode()
        ints[name] = array(code, (encoded.indices.to_numpy(zero_copy_only=False) + len(strings)).astype(size).tobytes())
        strings += encoded.dictionary.to_pylist()
    heading = pc.list_flatten(pc.struct_field(sentences, "is_heading")).to_numpy(zero_copy_only=False).astype(np.uint8).tobytes()
    own = pc.list_flatten(pc.struct_field(sentences, "text"))
    own_texts = own.to_pylist() if own.null_count < len(own) else None  # a sentence not a slice of the text
    built = []
    for i, (text, parts, sections, n_paragraphs) in enumerate(zip(
            texts, field("parts").to_pylist(), field("sections").to_pylist(), field("n_paragraphs").to_pylist())):
        a, b = bounds[i], bounds[i + 1]
        columns = {name: ints[name][a:b] for name in ints}
        columns["is_heading"] = bytearray(heading[a:b])
        own_text = {}
        if own_texts is not None:
            starts, sizes = columns["start"], columns["length"]
            own_text = {j: value for j, value in enumerate(own_texts[a:b])
                        if value is not None and value != text[starts[j]:starts[j] + sizes[j]]}
        structure = Structure(tuple(Part(**p) for p in parts), tuple((s["part"], s["section"], s["title"]) for s in sections),
                              _sentences_from_state(text, columns, strings, own_text), n_paragraphs)
        built.append((text, structure))
    indexes = pc.struct_field(field("raw"), "index").to_pylist()
    return _per_file(keys, counts, indexes, built)


#: Leaf columns the sentences table is made from (:func:`sentence_rows`).
_SENTENCE_COLUMNS = ["_key", "documents.list.element.raw.index", "documents.list.element.text",
                     *(f"documents.list.element.sentences.{name}" for name in
                       ("text", "start", "length", "paragraph", "part", "part_title", "part_kind", "section",
                        "section_title", "is_heading"))]
#: Columns of the sentences table (:meth:`govreports.pipeline.corpus.Corpus.sentences_table`) and where
#: :func:`sentence_rows` takes each from (``None``: made there).
SENTENCE_TABLE = {"doc_id": None, "sentence": None, "paragraph": "paragraph", "part": "part",
                  "part_title": "part_title", "part_kind": "part_kind", "section": "section",
                  "section_title": "section_title", "is_heading": "is_heading", "text": None}


#: The label columns of the sentences table: one value repeated over many sentences (a compact table's codes).
SENTENCE_LABELS = ("doc_id", "part_title", "part_kind", "section_title")
#: The stored label columns :func:`sentence_rows` reads as Arrow dictionaries: each value once per
#: row group and a code per sentence, so no string is made per sentence before the table needs it.
_SENTENCE_DICTIONARIES = [f"documents.list.element.sentences.{name}.list.element"
                          for name in SENTENCE_LABELS if name != "doc_id"]


def encoded_labels(table):
    """An Arrow table of :func:`sentence_schema` with its :data:`SENTENCE_LABELS` columns dictionary-encoded."""
    import pyarrow.compute as pc

    for name in SENTENCE_LABELS:
        at = table.schema.get_field_index(name)
        table = table.set_column(at, name, pc.dictionary_encode(table.column(name)))
    return table


def _label_type():
    """The Arrow type of a dictionary-encoded label column (what :func:`encoded_labels` makes)."""
    import pyarrow as pa

    return pa.dictionary(pa.int32(), pa.large_string())


def sentence_schema(coded: bool = False):
    """The Arrow schema of the sentences table (strings ``large_string``, as pandas keeps them; with
    ``coded``, the :data:`SENTENCE_LABELS` columns dictionary-encoded, as :func:`encoded_labels` makes them)."""
    import pyarrow as pa

    types = {"sentence": pa.int64(), "paragraph": pa.int64(), "part": pa.int64(), "section": pa.int64(),
             "is_heading": pa.bool_()}
    if coded:
        types.update(dict.fromkeys(SENTENCE_LABELS, _label_type()))
    return pa.schema([(name, types.get(name, pa.large_string())) for name in SENTENCE_TABLE])


def sentence_rows(path: Path, documents: list[tuple[str, int]], doc_ids, *, coded: bool = False):
    """The rows of the sentences table of ``documents`` (``(file key, document number)`` pairs, all in
    the load batch ``path``), document after document, as an Arrow table of :func:`sentence_schema`
    (``coded``: its label columns dictionary-encoded, the rows of :func:`encoded_labels` of the table
    without ``coded``); ``None`` if the batch cannot be read or lacks one of them.

    ``doc_ids``: the documents' ids, a list of strings or :func:`coded_ids` (a compact table's
    ``doc_id`` column then has the dictionary given, in every batch the same).

    Made from the stored columns one row group (:data:`WRITE_OPTIONS`: 25 files) at a time, with no
    Python object per sentence: each sentence's text is cut from its document's cleaned text by
    Arrow and numpy (the characters' UTF-8 offsets found once per row group), or is its own stored
    text where it has one; its number is its place in the document (the structure stage numbers
    sentences 0, 1, 2 …). The part and section titles and part kinds are read as codes (Arrow
    dictionaries) and made strings, if ``coded`` is false, only for the rows taken.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        batch = pq.ParquetFile(path, read_dictionary=_SENTENCE_DICTIONARIES)
        sizes = [batch.metadata.row_group(i).num_rows for i in range(batch.num_row_groups)]
        first_row: dict[str, int] = {}
        for row, key in enumerate(batch.read(columns=["_key"]).column("_key").to_pylist()):
            first_row.setdefault(key, row)
        group_of = _row_groups(first_row, sizes)
        runs: list[tuple[int, list[int]]] = []  # row group, the places in ``documents`` of its documents
        for at, (key, _) in enumerate(documents):
            group = group_of.get(key)
            if group is None:
                return None
            if not runs or runs[-1][0] != group:
                runs.append((group, []))
            runs[-1][1].append(at)
        pieces = []
        for group, places in runs:
            piece = _sentence_piece(batch.read_row_group(group, columns=_SENTENCE_COLUMNS, use_threads=False),
                                    [documents[i] for i in places], _chosen(doc_ids, places), coded)
            if piece is None:
                return None
            pieces.append(piece)
    except (OSError, ValueError, KeyError, pa.ArrowException):
        return None
    return pa.concat_tables(pieces) if pieces else sentence_schema(coded).empty_table()


def _row_groups(first_row: dict[str, int], sizes: list[int]) -> dict[str, int]:
    """``{key: row group}`` from ``{key: row of the batch}`` and the row groups' sizes."""
    import numpy as np

    ends = np.cumsum(sizes)
    return {key: int(np.searchsorted(ends, row, side="right")) for key, row in first_row.items()}


def coded_ids(doc_ids: list[str]):
    """``doc_ids`` as an Arrow dictionary array whose dictionary is the distinct ids in code-point
    order (the categories :func:`govreports.store.sorted_categorical` gives a compact table's
    ``doc_id``), a code per id.

    Example:
        >>> ids = coded_ids(["乙", "甲", "乙"])
        >>> ids.dictionary.to_pylist(), ids.indices.to_pylist()
        (['乙', '甲'], [0, 1, 0])
    """
    import pyarrow as pa

    labels = sorted(set(doc_ids))
    code = {label: i for i, label in enumerate(labels)}
    return pa.DictionaryArray.from_arrays(pa.array([code[i] for i in doc_ids], pa.int32()),
                                          pa.array(labels, pa.large_string()))


def _chosen(doc_ids, places: list[int]):
    """The ids at ``places`` of ``doc_ids`` (a list, or :func:`coded_ids`)."""
    import pyarrow as pa

    if isinstance(doc_ids, pa.DictionaryArray):
        return doc_ids.take(pa.array(places, pa.int64()))
    return [doc_ids[i] for i in places]


def _sentence_piece(table, documents: list[tuple[str, int]], doc_ids, coded: bool = False):
    """:func:`sentence_rows` of documents all in ``table`` (a row group of a load batch)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    keys, counts, docs = _documents_of(table)
    place = _places(keys, counts, docs)
    if any(d not in place for d in documents):
        return None
    sentences = pc.struct_field(docs, "sentences")
    column = lambda name: pc.list_flatten(pc.struct_field(sentences, name))  # noqa: E731
    sizes = pc.list_value_length(pc.struct_field(sentences, "start")).fill_null(0).to_numpy(zero_copy_only=False)
    bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    wanted = np.array([place[d] for d in documents], dtype=np.int64)
    rows, first = _wanted_rows(bounds, wanted)  # the wanted sentences of the row group
    per_document = sizes[wanted].astype(np.int64)
    owner = np.repeat(wanted, per_document)  # the document of each
    starts = column("start").to_numpy(zero_copy_only=False).astype(np.int64)[rows]
    lengths = column("length").to_numpy(zero_copy_only=False).astype(np.int64)[rows]
    texts = _cut(pc.struct_field(docs, "text").cast(pa.large_string()), owner, starts, lengths)
    own = _taken(column("text"), rows, first)
    if own.null_count < len(own):  # a sentence that is not a slice of its text keeps its own
        texts = pc.if_else(pc.is_valid(own), own.cast(pa.large_string()), texts)
    repeat = pa.array(np.repeat(np.arange(len(doc_ids), dtype=np.int64), per_document), pa.int64())
    ids = doc_ids if isinstance(doc_ids, pa.DictionaryArray) else pa.array(doc_ids, pa.large_string()).dictionary_encode()
    data = {"doc_id": _label_column(ids, coded, repeat),
            "sentence": pa.array(rows - bounds[owner], pa.int64()), "text": texts}
    for name, source in SENTENCE_TABLE.items():
        if source is not None:
            values = _taken(column(source), rows, first)
            data[name] = _label_column(_distinct_dictionary(values), coded) if name in SENTENCE_LABELS else values
    schema = sentence_schema(coded)
    return pa.table([data[name].cast(schema.field(name).type) for name in SENTENCE_TABLE], schema=schema)


def _distinct_dictionary(values):
    """``values`` (strings, or a dictionary array of them) as a dictionary array that holds each value once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_dictionary(values.type):
        return values.dictionary_encode()
    if len(pc.unique(values.dictionary)) < len(values.dictionary):  # a value twice: one code each
        return values.dictionary_decode().dictionary_encode()
    return values


def _label_column(values, coded: bool, take=None):
    """A label column from ``values`` (a dictionary array, each value once: :func:`_distinct_dictionary`),
    at the rows ``take`` if given: dictionary-encoded (:func:`_label_type`) if ``coded``, else strings."""
    import pyarrow as pa

    indices, dictionary = values.indices, values.dictionary
    if take is not None:
        indices = indices.take(take)
    dictionary = dictionary.cast(pa.large_string())
    if coded:
        return pa.DictionaryArray.from_arrays(indices.cast(pa.int32()), dictionary)
    return dictionary.take(indices)


def _cut(texts, owner, starts, lengths):
    """``texts[owner[i]][starts[i]:starts[i] + lengths[i]]`` for every ``i`` (offsets in characters),
    as one ``large_string`` array cut from the texts' UTF-8 bytes."""
    import numpy as np
    import pyarrow as pa

    texts = pa.concat_arrays([texts]) if texts.offset else texts  # offsets from 0
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64)[:len(texts) + 1]
    buffer = texts.buffers()[2]
    data = np.frombuffer(buffer, dtype=np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    data = data[:offsets[-1]] if len(offsets) else data
    # byte offset of every character: a byte that does not continue a UTF-8 sequence (0x80-0xBF,
    # -128 to -65 as a signed byte)
    lead = np.flatnonzero(data.view(np.int8) >= -64)
    first_char = np.searchsorted(lead, offsets)  # each text's first character, counted over all texts (and the end)
    first, n_chars = first_char[:-1][owner], np.diff(first_char)[owner]

    def byte_of(char):  # the byte offset of a character counted over all texts; past the last, the end
        return np.where(char < len(lead), lead[np.minimum(char, max(len(lead) - 1, 0))] if len(lead) else 0, len(data))

    # clipped to the text, as a slice is (a sentence with a text of its own may run past it)
    begin = byte_of(first + np.minimum(starts, n_chars))
    end = byte_of(first + np.minimum(starts + lengths, n_chars))
    if len(begin) and np.all(begin[1:] >= end[:-1]) and np.all(end >= begin):
        # in order and not overlapping (a document's sentences, documents in their batch's order):
        # the bytes cut into gaps and sentences in turn, no byte copied, and the sentences taken
        # (a copy per sentence, not an index or a mask per byte)
        turns = pa.LargeStringArray.from_buffers(2 * len(begin) + 1, pa.py_buffer(_turns(begin, end, len(data))),
                                                 pa.py_buffer(data))
        return turns.take(pa.array(np.arange(1, 2 * len(begin), 2, dtype=np.int64)))
    size = end - begin
    bounds = np.concatenate([[0], np.cumsum(size)]).astype(np.int64)
    cut = data[store._ranges(begin, size)]
    return pa.LargeStringArray.from_buffers(len(size), pa.py_buffer(bounds), pa.py_buffer(cut))


def _turns(begin, end, n: int):
    """The offsets that cut ``n`` bytes into a gap before ``begin[0]``, the span to ``end[0]``, the gap
    to ``begin[1]``, and so on, the last gap from the last end to ``n``: ``2 * len(begin) + 2``
    offsets, the spans in order and not overlapping.

    Example:
        >>> import numpy as np
        >>> _turns(np.array([1, 3]), np.array([2, 5]), 6).tolist()
        [0, 1, 2, 3, 5, 6]
    """
    import numpy as np

    offsets = np.empty(2 * len(begin) + 2, dtype=np.int64)
    offsets[0], offsets[-1] = 0, n
    offsets[1:-1:2], offsets[2:-1:2] = begin, end
    return offsets


class StoredSources:
    """Read back, on demand, what a loaded corpus does not keep in memory, from the load stage's rows:
    each document's cleaned text and structure (sentences, parts, sections), each file's decoded
    text and each document's cleaning audit (removals, substitutions).

    Measures walk the documents in file order, several times, asking each for its text and then
    its sentences. So this holds the last batch file read, decoded (the cleaned texts, or texts
    and structures, of its files: about 5 MB per 100 reports), and the raw columns of the last
    batch whose audit was asked for: a walk reads and decodes each batch once. A pickled
    :class:`StoredSources` is a name (the store folder): unpickled, every document of a worker
    shares that process's one reader of that folder.
    """

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else store.store_dir()
        self._batch_of: dict[str, Path] | None = None
        self._decoded: dict[str, tuple] = {}  # "text" / "body" / "audit" → (batch path, what was read)
        self._held: tuple = (None, {})  # (key, {index: (text, structure)}) of a file processed again

    def __reduce__(self):
        return (shared_sources, (str(self.folder),))

    def _find(self, key: str) -> Path | None:
        if self._batch_of is None or key not in self._batch_of:
            self._batch_of = {}
            for path, covered in load_batches(self.folder):
                for k in covered:
                    self._batch_of.setdefault(k, path)
        return self._batch_of.get(key)

    def _batch(self, key: str, kind: str):
        """What the batch holding ``key`` gives for ``kind`` (``None`` if the store lost it):
        ``"text"`` → :func:`_texts`, ``"body"`` → :func:`_bodies`, ``"audit"`` → ``(table, {key: row})``,
        ``"removals"`` → :func:`_batch_removal_columns`."""
        import pyarrow.parquet as pq

        path = self._find(key)
        if path is None:
            return None
        held = self._decoded.get(kind)
        if held is None or held[0] != path:
            try:
                table = pq.ParquetFile(path).read(columns=_COLUMNS[kind])
                if kind == "audit":
                    decoded = (table, {k: i for i, k in enumerate(table.column("_key").to_pylist())})
                elif kind == "removals":
                    decoded = _batch_removal_columns(table)
                else:
                    decoded = (_texts if kind == "text" else _bodies)(table)
            except (OSError, ValueError, KeyError):
                decoded = None
            store.release_arrow_memory()  # else a walk's resident size grows by the largest batches
            held = self._decoded[kind] = (path, decoded)
            if kind == "body":  # the texts are in it
                self._decoded.pop("text", None)
        return held[1]

    def hold(self, key: str, documents: dict[int, tuple[str, Structure]]) -> None:
        """Keep ``{index: (text, structure)}`` of a file processed again (the store lost it)."""
        self._held = (key, documents)

    def document(self, key: str, index: int) -> tuple[str, Structure] | None:
        """``(cleaned text, structure)`` of the document numbered ``index`` of the file stored under ``key``."""
        if self._held[0] == key and index in self._held[1]:
            return self._held[1][index]
        bodies = self._batch(key, "body")
        return None if bodies is None else bodies.get(key, {}).get(index)

    def document_text(self, key: str, index: int) -> str | None:
        """The cleaned text of the document numbered ``index`` of the file stored under ``key``
        (from the batch held decoded with structures, if it is that one; else only the texts are read)."""
        if self._held[0] == key and index in self._held[1]:
            return self._held[1][index][0]
        body = self._decoded.get("body")
        if body is not None and body[1] is not None and key in body[1]:
            return body[1][key].get(index, (None,))[0]
        texts = self._batch(key, "text")
        return None if texts is None else texts.get(key, {}).get(index)

    def removals(self, key: str, index: int) -> tuple[list, ...] | None:
        """The removals of the document numbered ``index`` of the file stored under ``key``, one list
        per field of :data:`REMOVAL_FIELDS` (``None`` if the store no longer has it)."""
        found = self._batch(key, "removals")
        return None if found is None else found.get(key, {}).get(index)

    def _audit_row(self, key: str):
        found = self._batch(key, "audit")
        if found is None or key not in found[1]:
            return None
        return found[0], found[1][key]

    def text(self, key: str) -> str | None:
        """The decoded text of the file stored under ``key`` (``None`` if the store no longer has it)."""
        found = self._audit_row(key)
        return None if found is None else found[0].column("text")[found[1]].as_py()

    def audit(self, key: str, index: int, *, raw: bool = True) -> tuple[str | None, list[Removal], list[Substitution]] | None:
        """``(raw text, removals, substitutions)`` of the document numbered ``index`` of the file stored
        under ``key``; the raw text ``None`` with ``raw=False`` (the file's text is then not decoded)."""
        found = self._audit_row(key)
        if found is None:
            return None
        table, row = found
        documents = table.column("documents")[row].values
        spans = documents.field("raw").to_pylist()
        at = next((i for i, span in enumerate(spans) if span["index"] == index), None)
        if at is None:
            return None
        text = None
        if raw:
            span = spans[at]
            text = table.column("text")[row].as_py()
            text = text if (span["start"], span["end"]) == (0, len(text)) else text[span["start"]:span["end"]]
        removals = [Removal(**{**r, "positions": tuple(r["positions"])}) for r in documents.field("removals")[at].as_py()]
        substitutions = [Substitution(**s) for s in documents.field("substitutions")[at].as_py()]
        return text, removals, substitutions


_SHARED: dict[str, StoredSources] = {}


def shared_sources(folder: str) -> StoredSources:
    """This process's one :class:`StoredSources` of the store folder ``folder`` (what a pickled one becomes)."""
    if folder not in _SHARED:
        _SHARED[folder] = StoredSources(Path(folder))
    return _SHARED[folder]
