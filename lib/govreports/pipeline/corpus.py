"""Corpus: the whole pipeline (load → split → clean → structure → metadata) and its tables.

Example::

    corpus = load_corpus()                      # seeds/, or $CORPUS, or a folder you name
    corpus.documents_table()                    # one row per document (the codebook is in README)
    corpus.get("2020-湖州-gwr").sentences[0]     # every sentence knows its part

Only reports (``government_work_report``, ``plan_report``, and documents of ``unknown`` type) that are
not second copies are analysed by later stages (:meth:`Corpus.reports`, the rule of
:mod:`govreports.documents`); news items stay listed in the documents table. Files that could not be
read are in :attr:`Corpus.problems` and in :meth:`Corpus.files_table`.

Document ids read as ``{year}-{city}-{gwr|plan}`` (``2020-湖州-gwr``, ``2021-金华-plan``); a
news item, or a report whose year or city the text does not state, is ``{file stem}-{n}``. A
second document that would get the same id gets ``-2``, ``-3``…

A folder may hold a ``metadata.csv`` (columns ``file``, optional ``doc``, and any of
:data:`govreports.pipeline.metadata.OVERRIDABLE`) that supplies or corrects fields; the documents table's
``overridden`` column names what it changed. The same report twice is detected
(:mod:`govreports.pipeline.duplicates`) and kept once: the other copy stays listed with ``duplicate_of``
naming the kept one, and is not analysed. Every such event is also in :attr:`Corpus.warnings`.

Processing is per file, so it streams (:func:`iter_documents` holds one file's documents at a
time) and runs in parallel across cores with ``workers=N``.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from govreports import paths
from govreports.documents import ANALYSED_TYPES, is_analysed
from govreports.parallel import default_workers, map_in_processes, map_in_threads
from govreports.pipeline.clean import CleanResult, clean_document
from govreports.pipeline.duplicates import Candidate, find_duplicates
from govreports.pipeline.load import LoadProblem, SourceFile, read_file
from govreports.pipeline.metadata import (
    Metadata,
    MetadataSheet,
    apply_overrides,
    find_metadata_file,
    read_metadata,
    read_metadata_file,
    unused_rows,
)
from govreports.pipeline.split import OutsideSpan, RawDocument, split_source
from govreports.pipeline.structure import Sentence, Sentences, Structure, structure_document

_TYPE_SUFFIX = {"government_work_report": "gwr", "plan_report": "plan"}

#: Fields every analysed report should have; the documents table's ``missing`` column names the empty ones.
CORE_FIELDS = ("city", "year")

#: Columns of :meth:`Corpus.documents_table`, in order.
DOCUMENT_COLUMNS = [
    "doc_id", "city", "admin_level", "doc_type", "year", "review_year", "date", "session",
    "speaker", "speaker_title", "partial", "partial_reason", "missing", "title", "source", "encoding",
    "n_chars", "n_sentences", "n_paragraphs", "n_parts", "n_sections", "n_chars_raw", "n_chars_removed",
    "overridden", "duplicate_of", "status", "corpus_version",
]


def missing_core_fields(meta: Metadata) -> tuple[str, ...]:
    """The core fields (:data:`CORE_FIELDS`) a report's metadata leaves empty; none for a news item."""
    if meta.doc_type not in ANALYSED_TYPES:
        return ()
    return tuple(name for name in CORE_FIELDS if getattr(meta, name) in ("", None))


class UnknownDocumentError(KeyError):
    """No document has the requested id."""

    def __str__(self) -> str:  # KeyError quotes its message; say it plainly
        return str(self.args[0])


class SourceChangedError(RuntimeError):
    """A file's text or audit was asked for after the file changed on disk and left the table store."""


class _StoredDocument:
    """Where a document that a loaded corpus keeps lean is read back from: its cleaned text and
    structure, its raw text and its cleaning audit.

    From the load stage's row of its file in the table store (through the corpus's
    :class:`govreports.pipeline.corpus_store.StoredSources`, which holds the last batch and the last
    file read); if the store no longer holds it (cleared, damaged), by processing the file again if
    its bytes are those it was loaded from (the same store key: the key is a digest of the bytes,
    the size limit and the library, which fix what processing makes), else
    :class:`SourceChangedError`. Pickles small (the reader pickles as the store folder's name), so
    a worker reads the document back itself.
    """

    __slots__ = ("sources", "key", "path", "index", "max_bytes")

    def __init__(self, sources, key: str, path: Path, index: int, max_bytes: int):
        self.sources, self.key, self.path, self.index, self.max_bytes = sources, key, path, index, max_bytes

    @property
    def text_id(self) -> str:
        """What fixes the document's cleaned text: its file's store key and its number."""
        return f"{self.key}#{self.index}"

    def __getstate__(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state):
        for name, value in zip(self.__slots__, state):
            setattr(self, name, value)

    def _changed(self, what: str) -> SourceChangedError:
        return SourceChangedError(f"{self.path.name} changed since the corpus was loaded: load the corpus "
                                  f"again to read document {self.index}'s {what}")

    def _processed(self) -> tuple[RawDocument, CleanResult, Structure] | None:
        """This document made again from its file, if the file is unchanged (else ``None``)."""
        from govreports.pipeline.corpus_store import file_key

        if file_key(self.path, self.max_bytes) != self.key:
            return None
        _, built, _ = process_file(self.path, self.max_bytes)
        made = next(((raw, c, s) for raw, c, s, _ in built if raw.index == self.index), None)
        if made is not None:  # the next read of this document (its sentences after its text) finds it
            self.sources.hold(self.key, {self.index: (made[1].text, made[2])})
        return made

    def text(self) -> str:
        """The cleaned text."""
        found = self.sources.document_text(self.key, self.index)
        return self.body()[0] if found is None else found

    def body(self) -> tuple[str, Structure]:
        """``(cleaned text, structure)``."""
        found = self.sources.document(self.key, self.index)
        if found is None:
            made = self._processed()
            if made is None:
                raise self._changed("text")
            found = made[1].text, made[2]
        return found

    def removal_columns(self) -> tuple[list, ...]:
        """The removals as the audit table shows them: one list per field of
        :data:`govreports.pipeline.corpus_store.REMOVAL_FIELDS` (no file text or positions read)."""
        found = self.sources.removals(self.key, self.index)
        if found is None:
            made = self._processed()
            if made is None:
                raise self._changed("cleaning audit")
            found = _removal_columns(made[1].removals)
        return found

    def audit(self, *, raw: bool = True) -> tuple[str | None, list, list]:
        """``(raw text, removals, substitutions)`` (the raw text ``None`` with ``raw=False``: not read)."""
        found = self.sources.audit(self.key, self.index, raw=raw)
        if found is None:
            made = self._processed()
            if made is None:
                raise self._changed("source and cleaning audit")
            found = made[0].raw, made[1].removals, made[1].substitutions
        return found


class StoredSourceFile(SourceFile):
    """A loaded file whose decoded text is read back from the table store when asked for, not kept.

    Equal to the :class:`SourceFile` it stands for (same path, encoding and text).
    """

    def __init__(self, path: Path, encoding: str, key: str, sources, max_bytes: int):
        for name, value in (("path", path), ("encoding", encoding), ("_key", key),
                            ("_sources", sources), ("_max_bytes", max_bytes)):
            object.__setattr__(self, name, value)

    @property
    def text(self) -> str:
        """The decoded text (from the store, or the file decoded again if the store lost it and the
        file's bytes are those it was loaded from)."""
        from govreports.pipeline.corpus_store import file_key

        text = self._sources.text(self._key)
        if text is None and file_key(self.path, self._max_bytes) == self._key:
            source = read_file(self.path, max_bytes=self._max_bytes)
            text = source.text if isinstance(source, SourceFile) else None
        if text is None:
            raise SourceChangedError(f"{self.path.name} changed since the corpus was loaded: load the corpus again "
                                     f"to read its text")
        return text

    @property
    def n_chars(self) -> int:
        """Characters of the decoded text (read back)."""
        return len(self.text)

    def __eq__(self, other) -> bool:
        if not isinstance(other, SourceFile):
            return NotImplemented
        return (self.path, self.encoding, self.text) == (other.path, other.encoding, other.text)

    def __hash__(self) -> int:
        return hash((self.path, self.encoding, self.text))

    def __reduce__(self):
        return (StoredSourceFile, (self.path, self.encoding, self._key, self._sources, self._max_bytes))


class Document:
    """One document of the corpus: its source, cleaned text, audit, structure and metadata.

    Attributes:
        doc_id, encoding, meta, overridden, duplicate_of: as built by :func:`load_corpus`.
        structure: parts, sections and sentences (:class:`govreports.pipeline.structure.Structure`).
        raw_document: the document's span and raw text in its source file
            (:class:`govreports.pipeline.split.RawDocument`).
        cleaning: the cleaned text and the account of what cleaning did
            (:class:`govreports.pipeline.clean.CleanResult`).

    What is kept in memory: with the table store on, a document :func:`load_corpus` read from or
    wrote to the store keeps only its id, span, metadata and sizes (the documents table's
    counts), so a corpus of 13,000 reports holds no text.
    ``text``, ``structure`` and ``sentences`` are read back from the store on access, through a
    reader that holds the last batch and the last file read (measures walk the documents in
    order, asking each for its text and then its sentences: each file is rebuilt once per walk);
    ``raw``, ``raw_document`` and ``cleaning`` likewise. With the store off (``GOVREPORTS_STORE=0``),
    or for a file whose row could not be written, everything stays in memory. Both kinds are
    equal (``==``) when their values are.
    """

    __slots__ = ("doc_id", "encoding", "meta", "overridden", "duplicate_of",
                 "_span", "_cleaning", "_structure", "_stored", "_sizes")

    def __init__(self, doc_id: str, raw_document: RawDocument, encoding: str, cleaning: CleanResult,
                 structure: Structure, meta: Metadata, overridden: tuple[str, ...] = (), duplicate_of: str = ""):
        self.doc_id, self.encoding, self.meta = doc_id, encoding, meta
        self.overridden, self.duplicate_of = overridden, duplicate_of
        self._span, self._cleaning, self._structure, self._stored = raw_document, cleaning, structure, None
        self._sizes = (len(cleaning.text), len(raw_document.raw), cleaning.n_removed, len(structure.sentences),
                       structure.n_paragraphs, sum(1 for p in structure.parts if p.number > 0), len(structure.sections))

    @classmethod
    def stored(cls, doc_id: str, summary, encoding: str, meta: Metadata, stored: _StoredDocument,
               overridden: tuple[str, ...] = (), duplicate_of: str = "") -> Document:
        """A document kept lean: its :class:`govreports.pipeline.corpus_store.DocumentSummary` and where
        the rest is read back from."""
        doc = cls.__new__(cls)
        doc.doc_id, doc.encoding, doc.meta, doc.overridden, doc.duplicate_of = doc_id, encoding, meta, overridden, duplicate_of
        doc._span, doc._cleaning, doc._structure, doc._stored = summary.span, None, None, stored
        doc._sizes = (summary.n_chars, summary.n_chars_raw, summary.n_removed, summary.n_sentences,
                      summary.n_paragraphs, summary.n_parts, summary.n_sections)
        return doc

    def __getstate__(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state):
        for name, value in zip(self.__slots__, state):
            object.__setattr__(self, name, value)

    # Convenience accessors, so tables and notebooks read ``doc.city`` rather than ``doc.meta.city``.
    def __getattr__(self, name):
        if name in Metadata.__dataclass_fields__:
            try:
                meta = object.__getattribute__(self, "meta")
            except AttributeError:
                raise AttributeError(name) from None
            return getattr(meta, name)
        raise AttributeError(name)

    def _values(self) -> tuple:
        return (self.doc_id, self.raw_document, self.encoding, self.cleaning, self.structure, self.meta,
                self.overridden, self.duplicate_of)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # mutable, as the dataclass it replaces

    def __repr__(self) -> str:
        return f"Document(doc_id={self.doc_id!r}, source={self.source!r}, doc_type={self.meta.doc_type!r})"

    @property
    def is_lean(self) -> bool:
        """True if text, structure and audit are read back from the table store (not kept in memory)."""
        return self._stored is not None

    @property
    def text_id(self) -> str | None:
        """What fixes the cleaned text and the structure of a lean document, without reading them:
        its file's load-store key (a digest of the file's bytes, the size limit and the library)
        and its number in the file. ``None`` for a document kept in memory."""
        return None if self._stored is None else self._stored.text_id

    @property
    def raw_document(self) -> RawDocument:
        """The document's span in its source file, with its raw text."""
        span = self._span
        if self._stored is None:
            return span
        return RawDocument(span.file, span.index, span.start, span.end, self.raw, span.listing)

    @property
    def cleaning(self) -> CleanResult:
        """The cleaned text, the removals and the substitutions (read back if kept out of memory)."""
        if self._stored is None:
            return self._cleaning
        raw, removals, substitutions = self._stored.audit()
        return CleanResult(raw, self.text, list(removals), list(substitutions))

    def _removals(self) -> list:
        """What cleaning removed (read back without the cleaned text)."""
        return self._cleaning.removals if self._stored is None else self._stored.audit(raw=False)[1]

    def _removal_columns(self) -> tuple[list, ...]:
        """What cleaning removed as the audit table shows it (:func:`_removal_columns`), read back
        column-wise for a lean document (no removal object, no positions)."""
        return _removal_columns(self._cleaning.removals) if self._stored is None else self._stored.removal_columns()

    @property
    def text(self) -> str:
        """The cleaned text, one paragraph per line."""
        if self._stored is None:
            return self._cleaning.text
        return self._stored.text()

    @property
    def structure(self) -> Structure:
        """Parts, sections and sentences."""
        if self._stored is None:
            return self._structure
        return self._stored.body()[1]

    @property
    def raw(self) -> str:
        """The document's text exactly as in its source file."""
        if self._stored is None:
            return self._span.raw
        return self._stored.audit()[0]

    @property
    def n_chars(self) -> int:
        """Characters of the cleaned text (kept, so the documents table needs no read back)."""
        return self._sizes[0]

    @property
    def n_chars_raw(self) -> int:
        """Characters of the raw text (kept, as :attr:`n_chars`)."""
        return self._sizes[1]

    @property
    def n_removed(self) -> int:
        """Characters cleaning removed (kept, as :attr:`n_chars`)."""
        return self._sizes[2]

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.structure.sentences

    @property
    def source(self) -> str:
        """``file:start-end``: the document's character span in its decoded source file."""
        return self._span.source

    @property
    def status(self) -> str:
        """What became of the document: ``analysed``, ``listed (news)`` or ``duplicate of <id>``."""
        if self.duplicate_of:
            return f"duplicate of {self.duplicate_of}"
        return "analysed" if self.meta.doc_type in ANALYSED_TYPES else f"listed ({self.meta.doc_type})"

    @property
    def missing_fields(self) -> tuple[str, ...]:
        """The core fields (``city``, ``year``) a report's text does not state: left empty, never guessed."""
        return missing_core_fields(self.meta)

    @property
    def is_report(self) -> bool:
        """True if later stages analyse it: a report, and not a duplicate of another document."""
        return is_analysed(self)

    def row(self) -> dict:
        """This document's row of the documents table (from what is kept: nothing is read back)."""
        meta = self.meta
        n_chars, n_chars_raw, n_removed, n_sentences, n_paragraphs, n_parts, n_sections = self._sizes
        return {
            "doc_id": self.doc_id,
            "city": meta.city,
            "admin_level": meta.admin_level,
            "doc_type": meta.doc_type,
            "year": meta.year,
            "review_year": meta.review_year,
            "date": meta.date,
            "session": meta.session,
            "speaker": meta.speaker,
            "speaker_title": meta.speaker_title,
            "partial": meta.partial,
            "partial_reason": meta.partial_reason,
            "missing": ";".join(self.missing_fields),
            "title": meta.title,
            "source": self.source,
            "encoding": self.encoding,
            "n_chars": n_chars,
            "n_sentences": n_sentences,
            "n_paragraphs": n_paragraphs,
            "n_parts": n_parts,
            "n_sections": n_sections,
            "n_chars_raw": n_chars_raw,
            "n_chars_removed": n_removed,
            "overridden": ",".join(self.overridden),
            "duplicate_of": self.duplicate_of,
            "status": self.status,
        }


@dataclass
class Corpus:
    """All documents of a corpus folder, and the files that could not be read."""

    folder: Path
    files: list[SourceFile]
    problems: list[LoadProblem]
    documents: list[Document]
    outside: list[OutsideSpan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    version: str = ""  # corpus_version(): digest of the input files and settings

    def reports(self) -> list[Document]:
        """The documents later stages analyse (:func:`govreports.documents.is_analysed`)."""
        return [d for d in self.documents if d.is_report]

    def get(self, doc_id: str) -> Document:
        """Return the document with this id.

        Raises:
            UnknownDocumentError: naming the id and the ids that exist.
        """
        for document in self.documents:
            if document.doc_id == doc_id:
                return document
        known = ", ".join(d.doc_id for d in self.documents)
        raise UnknownDocumentError(f"unknown document id {doc_id!r} in {self.folder} (known: {known})")

    @cached_property
    def _documents_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame([{**d.row(), "corpus_version": self.version} for d in self.documents], columns=DOCUMENT_COLUMNS)
        for column in ("year", "review_year"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def documents_table(self, *, include_problems: bool = False) -> pd.DataFrame:
        """One row per document, columns :data:`DOCUMENT_COLUMNS` (codebook in README).

        Args:
            include_problems: also one row per file that was not loaded (``doc_id`` and
                ``source`` are the file name, ``status`` is ``not loaded: <reason>``), so the table
                lists every file seen.
        """
        frame = self._documents_frame.copy()
        if include_problems and self.problems:
            rows = [{**{c: pd.NA for c in DOCUMENT_COLUMNS}, "doc_id": p.name, "source": p.name,
                     "status": f"not loaded: {p.reason}", "corpus_version": self.version} for p in self.problems]
            frame = pd.concat([frame.astype(object), pd.DataFrame(rows, columns=DOCUMENT_COLUMNS, dtype=object)],
                              ignore_index=True)
        return frame

    def files_table(self) -> pd.DataFrame:
        """One row per file seen: what became of it (documents read, or why it was not read)."""
        rows = []
        ids_of = _by_file(self.documents, lambda d: d._span.file)  # one pass, not one per file
        notes_of: dict[str, list[str]] = {}
        for w in self.warnings:
            notes_of.setdefault(w.split(": ", 1)[0], []).append(w)
        for source in self.files:
            ids = [d.doc_id for d in ids_of.get(source.name, [])]
            rows.append({"file": source.name, "status": "loaded", "encoding": source.encoding,
                         "n_documents": len(ids), "doc_ids": " ".join(ids), "problem": ""})
        for problem in self.problems:
            rows.append({"file": problem.name, "status": "not loaded", "encoding": "",
                         "n_documents": 0, "doc_ids": "", "problem": problem.reason})
        for row in rows:
            row["notes"] = "; ".join(w.split(": ", 1)[1] for w in notes_of.get(row["file"], []))
        columns = ["file", "status", "encoding", "n_documents", "doc_ids", "problem", "notes"]
        return pd.DataFrame(rows, columns=columns).sort_values("file", ignore_index=True)

    def audit_table(self, *, workers: int | None = None) -> pd.DataFrame:
        """Every character cleaning removed, and every stretch of a file outside all documents.

        Columns: ``file, doc_id`` (empty outside documents), ``step, reason, start, end`` (offsets
        in the file), ``n_chars, text``. The removals of lean documents are read straight from the
        stored columns, a load batch at a time (:func:`govreports.pipeline.corpus_store.removal_rows`:
        no Python object per removal); those of documents kept in memory are gathered as Python lists.

        Args:
            workers: threads reading load batches at once (:func:`govreports.parallel.map_in_threads`;
                ``None``: ``$GOVREPORTS_WORKERS`` or 1). The table is the same with any number.
        """
        import pyarrow as pa

        from govreports import store
        from govreports.pipeline import corpus_store

        columns = list(corpus_store.AUDIT_TABLE)
        runs = list(_by_batch(self.documents))

        def stored(run: tuple) -> object:  # a run's rows read from its load batch, or None
            path, docs = run
            return None if path is None else corpus_store.removal_rows(
                path, [(d._stored.key, d._stored.index) for d in docs], [d.doc_id for d in docs],
                [d._span.file for d in docs], [d._span.start for d in docs])

        chunks = []
        with store.system_memory():
            for (_, docs), rows in zip(runs, map_in_threads(stored, runs, workers)):
                chunks.append(rows if rows is not None else _removal_chunk(docs))
            chunks.append(_outside_chunk(self.outside))
            table = pa.concat_tables(chunks)
            del chunks
            frame = table.to_pandas() if table.num_rows else pd.DataFrame([], columns=columns)
            del table
        return frame.sort_values(["file", "start"], ignore_index=True)

    def accounting_table(self) -> pd.DataFrame:
        """Character accounting per file: every character is in a kept text or in a removal.

        Columns: ``file, n_chars_file, n_chars_kept, n_chars_removed, n_chars_outside, balanced``
        (``n_chars_file == kept + removed + outside`` and each document's raw text is rebuilt
        exactly from its kept text and removals).
        """
        rows = []
        docs_of = _by_file(self.documents, lambda d: d._span.file)
        outside_of = _by_file(self.outside, lambda s: s.file)
        for source in self.files:
            docs = docs_of.get(source.name, [])
            kept = sum(len(d.text) for d in docs)
            removed = sum(d.n_removed for d in docs)
            outside = sum(len(s.text) for s in outside_of.get(source.name, []))
            exact = all(c.reconstruct_raw() == c.raw for c in (d.cleaning for d in docs))
            n_chars = len(source.text)
            rows.append({"file": source.name, "n_chars_file": n_chars, "n_chars_kept": kept,
                         "n_chars_removed": removed, "n_chars_outside": outside,
                         "balanced": exact and n_chars == kept + removed + outside})
        return pd.DataFrame(rows, columns=["file", "n_chars_file", "n_chars_kept", "n_chars_removed", "n_chars_outside", "balanced"])

    def parts_table(self, doc_id: str | None = None) -> pd.DataFrame:
        """The parts of one report: number, kind, title, and how many sections and sentences.

        Args:
            doc_id: the report; ``None`` or an id not in the corpus means the first report.

        Returns:
            Columns ``doc_id, part, kind, title, sections, sentences``; no rows if the corpus has
            no report.
        """
        ids = {d.doc_id for d in self.reports()}
        reports = self.reports()
        if doc_id not in ids:
            doc_id = reports[0].doc_id if reports else None
        rows = []
        if doc_id is not None:
            doc = self.get(doc_id)
            for p in doc.structure.parts:
                rows.append({"doc_id": doc_id, "part": p.number, "kind": p.kind, "title": p.title,
                             "sections": sum(1 for s in doc.structure.sections if s[0] == p.number),
                             "sentences": sum(1 for s in doc.sentences if s.part == p.number)})
        return pd.DataFrame(rows, columns=["doc_id", "part", "kind", "title", "sections", "sentences"])

    def sentences_table(self, *, reports_only: bool = True, compact: bool = False,
                        workers: int | None = None) -> pd.DataFrame:
        """One row per sentence: doc_id, index, part, part_title, part_kind, section, section_title, is_heading, text.

        The sentences of lean documents are read straight from the stored columns, a load batch at a
        time (:func:`govreports.pipeline.corpus_store.sentence_rows`: no text, structure or sentence
        object is made); those of documents kept in memory are gathered as Python lists a chunk of
        :data:`SENTENCE_CHUNK` sentences at a time. Either way the table is made of Arrow columns,
        its string columns Arrow-backed, as pandas makes them.

        Args:
            reports_only: only the analysed reports (:meth:`reports`), else every document.
            compact: give the label columns (:data:`govreports.pipeline.corpus_store.SENTENCE_LABELS`:
                ``doc_id``, ``part_title``, ``part_kind``, ``section_title``, one value repeated
                over many sentences) as pandas ``Categorical`` columns
                (:func:`govreports.store.sorted_categorical`), a code per row: at 13,000 reports
                about 0.9 instead of 1.7 GB. Same values and rows, same CSV; the columns behave as
                categoricals (see ``compact`` of :func:`govreports.measures.keywords.frequency_table`).
            workers: threads reading load batches at once (:func:`govreports.parallel.map_in_threads`;
                ``None``: ``$GOVREPORTS_WORKERS`` or 1). The table is the same with any number.
        """
        import pyarrow as pa

        from govreports import store
        from govreports.pipeline import corpus_store

        columns = list(corpus_store.SENTENCE_TABLE)
        workers = default_workers() if workers is None else max(1, workers)
        documents = self.reports() if reports_only else self.documents
        # one dictionary of ids for every batch, in the categories' order: nothing to unify or sort at the end
        ids = corpus_store.coded_ids([d.doc_id for d in documents])
        runs, at = [], 0
        for path, docs in _by_batch(documents):
            runs.append((path, docs, ids.slice(at, len(docs))))
            at += len(docs)

        def stored(run: tuple) -> object:  # a run's rows read from its load batch (labels as codes if compact), or None
            path, docs, run_ids = run
            return None if path is None else corpus_store.sentence_rows(
                path, [(d._stored.key, d._stored.index) for d in docs], run_ids, coded=compact)

        chunks = []
        with store.system_memory():
            for (_, docs, _), rows in zip(runs, map_in_threads(stored, runs, workers)):
                if rows is not None:
                    chunks.append(rows)
                    continue
                pieces = _sentence_chunks(docs)
                # labels encoded as each piece is made: the pieces held until the end are codes, not strings
                chunks += [corpus_store.encoded_labels(piece) for piece in pieces] if compact else pieces
            if workers > 1:  # what the threads freed stays in their own C heaps (malloc arenas) until trimmed
                store.release_memory()
            chunks = [chunk for chunk in chunks if chunk.num_rows]
            if not chunks:
                return pd.DataFrame([], columns=columns)
            table = pa.concat_tables(chunks)
            del chunks
            frame = table.to_pandas(split_blocks=True, self_destruct=True) if compact else table.to_pandas()
            del table
        if compact:
            for name in corpus_store.SENTENCE_LABELS:
                frame[name] = store.sorted_categorical(frame[name])
        return frame


def _by_batch(documents) -> Iterator[tuple[Path | None, list[Document]]]:
    """Runs of consecutive documents read back from the same load batch: ``(batch, documents)``;
    the batch ``None`` for documents kept in memory or whose batch the store lost."""
    run: list[Document] = []
    batch = None
    for doc in documents:
        stored = doc._stored
        path = stored.sources._find(stored.key) if stored is not None else None
        if run and path != batch:
            yield batch, run
            run = []
        batch = path
        run.append(doc)
    if run:
        yield batch, run


def _audit_chunk(data: dict[str, list]):
    """An Arrow table of the audit table's schema from one Python list per column (``n_chars`` made
    from ``text``)."""
    import pyarrow as pa

    from govreports.pipeline import corpus_store

    return pa.Table.from_pydict({**data, "n_chars": list(map(len, data["text"]))}, schema=corpus_store.audit_schema())


def _removal_chunk(documents):
    """The audit table's rows of ``documents``, from their removals (kept in memory, or read back one
    document at a time), as an Arrow table."""
    data: dict[str, list] = {name: [] for name in ("file", "doc_id", "step", "reason", "start", "end", "text")}
    for doc in documents:
        base = doc._span.start
        steps, reasons, starts, ends, texts = doc._removal_columns()
        data["file"] += [doc._span.file] * len(texts)
        data["doc_id"] += [doc.doc_id] * len(texts)
        data["step"] += steps
        data["reason"] += reasons
        data["start"] += [base + s for s in starts]
        data["end"] += [base + e for e in ends]
        data["text"] += texts
    return _audit_chunk(data)


def _outside_chunk(spans: list[OutsideSpan]):
    """The audit table's rows of the stretches of files outside every document, as an Arrow table."""
    return _audit_chunk({"file": [s.file for s in spans], "doc_id": [""] * len(spans), "step": ["split"] * len(spans),
                         "reason": [s.reason for s in spans], "start": [s.start for s in spans],
                         "end": [s.end for s in spans], "text": [s.text for s in spans]})


def _sentence_chunks(documents) -> list:
    """The sentences table rows of ``documents`` from their sentences, as Arrow tables of
    :data:`SENTENCE_CHUNK` rows or so (the Python lists of one chunk alive at once)."""
    import pyarrow as pa

    from govreports.pipeline import corpus_store

    fields = {name: source for name, source in corpus_store.SENTENCE_TABLE.items() if source is not None}
    fields["sentence"] = "index"
    schema = corpus_store.sentence_schema()
    chunks = []
    data: dict[str, list] = {name: [] for name in schema.names}
    for doc in documents:
        sentences = doc.sentences
        data["doc_id"] += [doc.doc_id] * len(sentences)
        if isinstance(sentences, Sentences):  # column by column: no Sentence object made
            for column, name in fields.items():
                data[column] += sentences.values(name)
            data["text"] += sentences.texts()
        else:
            for column, name in fields.items():
                data[column] += [getattr(s, name) for s in sentences]
            data["text"] += [s.text for s in sentences]
        if len(data["doc_id"]) >= SENTENCE_CHUNK:
            chunks.append(pa.Table.from_pydict(data, schema=schema))
            data = {name: [] for name in schema.names}
    if data["doc_id"]:
        chunks.append(pa.Table.from_pydict(data, schema=schema))
    return chunks


#: Sentences :meth:`Corpus.sentences_table` gathers as Python lists before making them Arrow columns.
SENTENCE_CHUNK = 50_000


def _file_digest(path: Path) -> str:
    """SHA-256 of a regular file's bytes, read in chunks; ``unreadable`` if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return "unreadable"


#: Hex digits of the SHA-256 kept in a corpus version (64 bits): short enough to quote, far too
#: many for two corpora to share one by chance.
VERSION_DIGEST_CHARS = 16


def corpus_version(folder: str | Path, names: Iterable[str] | None = None, *,
                   digests: dict[str, str] | None = None) -> str:
    """A short digest that names this version of a corpus and of the rules applied to it.

    SHA-256 over the input files (name and bytes: the files read, and ``metadata.csv``), every
    data file of the library (``lib/govreports/data``: places, indicators, stop words,
    dictionaries, boilerplate rules), the library version and the tokenizer setting
    (``$GOVREPORTS_TOKENIZER``). Two runs with the same inputs and settings give the same version;
    an edited input or data file gives another. A file that is not loaded (empty, binary,
    unsupported) is no input of the tables and does not change it; the files table lists it.

    Args:
        folder: the corpus folder.
        names: the files read (``load_corpus`` passes them); default every regular, non-hidden
            file of the folder.
        digests: SHA-256 (hex) of input files' bytes already computed, ``{name: digest}``
            (``load_corpus`` passes those it made for the store keys); any other file is read
            and hashed here.

    Returns:
        ``sha256:`` and the first 16 hex digits of the digest.
    """
    from govreports import __version__

    folder = Path(folder)
    digest = hashlib.sha256()
    if names is None:  # regular files only: never a FIFO or a device, which could block
        names = [p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    names = set(names) | ({"metadata.csv"} if (folder / "metadata.csv").is_file() else set())
    entries = [("corpus", name, folder / name) for name in sorted(names)]
    entries += [("data", p.relative_to(paths.DATA_DIR).as_posix(), p)
                for p in sorted(paths.DATA_DIR.rglob("*")) if p.is_file()]
    known = digests or {}
    for kind, name, path in entries:
        file_digest = known.get(name) if kind == "corpus" else None
        digest.update(json.dumps([kind, name, file_digest or _file_digest(path)]).encode())
    settings = {"version": __version__, "tokenizer": (os.environ.get("GOVREPORTS_TOKENIZER") or "jieba").strip().lower()}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return "sha256:" + digest.hexdigest()[:VERSION_DIGEST_CHARS]


def _removal_columns(removals: list) -> tuple[list, ...]:
    """``removals`` (:class:`govreports.pipeline.clean.Removal`) as one list per field the audit
    table shows: ``(steps, reasons, starts, ends, texts)``."""
    return ([r.step for r in removals], [r.reason for r in removals], [r.start for r in removals],
            [r.end for r in removals], [r.text for r in removals])


def _by_file(items, file_of) -> dict[str, list]:
    """``{file name: items of that file}``, each list in the items' order."""
    grouped: dict[str, list] = {}
    for item in items:
        grouped.setdefault(file_of(item), []).append(item)
    return grouped


def build_document(raw_document: RawDocument, encoding: str = "") -> tuple[CleanResult, Structure, Metadata]:
    """Run clean → structure → metadata on one raw document."""
    cleaning = clean_document(raw_document.raw)
    structure = structure_document(cleaning.text)
    meta = read_metadata(raw_document.raw, cleaning.text, structure, listing=raw_document.listing)
    if meta.doc_type == "news":
        structure = structure_document(cleaning.text, report=False)
    return cleaning, structure, meta


class ProcessingError(RuntimeError):
    """An unexpected error while building the documents of one file; the message names the file and the step."""


def process_file(path: Path, max_bytes: int | None = None) -> tuple[SourceFile | LoadProblem, list[tuple[RawDocument, CleanResult, Structure, Metadata]], list[OutsideSpan]]:
    """Read one file and build all its documents (the unit of parallel work).

    Args:
        path: the file.
        max_bytes: size limit of the file (default :func:`govreports.pipeline.load.max_file_bytes`).

    Raises:
        ProcessingError: if splitting, cleaning, structuring or reading the metadata fails: a
            bug, named with the file and the step (a file that cannot be read is a problem, not
            an error).
    """
    if isinstance(path, LoadProblem):  # listed by iter_documents as not to be read
        return path, [], []
    source = read_file(path, max_bytes=max_bytes)
    if isinstance(source, LoadProblem):
        return source, [], []
    step = "splitting"
    try:
        raw_documents, outside = split_source(source)
        built = []
        for raw in raw_documents:
            step = f"cleaning, structuring and describing document {raw.index} of"
            built.append((raw, *build_document(raw, source.encoding)))
    except Exception as err:  # noqa: BLE001 - reported with the file and the step, never a bare traceback
        raise ProcessingError(f"internal error while {step} {source.name}: {type(err).__name__}: {err}") from err
    return source, built, outside


def iter_documents(folder: str | Path | None = None, *, workers: int = 1, max_file_mb: float | None = None,
                   with_keys: bool = False, summaries: bool = False) -> Iterator[tuple]:
    """Yield ``process_file`` results file by file, in file-name order.

    Memory holds the files being processed (``workers`` of them at most), not the corpus. An entry
    of the folder that is not read (:func:`govreports.pipeline.load.list_folder`) is yielded as a
    :class:`LoadProblem` with no documents, in its place in name order.

    Args:
        folder: the corpus folder (default ``$CORPUS`` or ``seeds/``).
        workers: processes to use; 1 runs in this process.
        max_file_mb: size limit of one file in MB (default ``$GOVREPORTS_MAX_FILE_MB`` or 50).
        with_keys: yield ``(store key, result)`` pairs instead: the key of the file's row in the
            table store (:func:`govreports.pipeline.corpus_store.file_key`), ``None`` with the
            store off or for a file not stored.
        summaries: with ``with_keys`` and the store on, a file already stored is yielded as
            ``(key, FileSummary)`` (:class:`govreports.pipeline.corpus_store.FileSummary`: what
            :func:`load_corpus` keeps), not rebuilt.

    Raises:
        govreports.pipeline.load.CorpusFolderError: if the folder is missing or cannot be listed.
        ProcessingError: see :func:`process_file`.
    """
    from govreports.pipeline.load import list_folder

    folder = paths.corpus_dir(folder)
    for key, result in _iter_results(folder, list_folder(folder), workers, max_file_mb, summaries=summaries):
        yield (key, result) if with_keys else result


def _iter_results(folder: Path, listing: tuple[list[Path], list[LoadProblem]], workers: int, max_file_mb: float | None,
                  *, summaries: bool = False, digests: dict[str, str] | None = None) -> Iterator[tuple]:
    """:func:`iter_documents` with keys, of the folder listed as ``listing``
    (:func:`govreports.pipeline.load.list_folder`); ``digests`` as in
    :func:`govreports.pipeline.corpus_store.file_key`, filled for the files keyed."""
    from functools import partial

    from govreports import store
    from govreports.pipeline.load import max_file_bytes
    from govreports.progress import progress

    to_read, skipped = listing
    entries = sorted([*to_read, *skipped], key=lambda e: e.path if isinstance(e, LoadProblem) else e)
    process = partial(process_file, max_bytes=max_file_bytes(max_file_mb))
    if not store.enabled():
        results = ((None, result) for result in map_in_processes(process, entries, workers))
    else:
        results = _stored_results(entries, process, max_file_bytes(max_file_mb), workers, summaries=summaries,
                                  digests=digests)
    yield from progress(results, total=len(entries), desc="load", unit="file")


def _stored_results(entries: list, process, max_bytes: int, workers: int, *, summaries: bool = False,
                    digests: dict[str, str] | None = None) -> Iterator[tuple]:
    """``(key, process(entry))`` for each entry in order, files already in the table store rebuilt from it.

    The key is ``None`` for an entry not stored (not loaded, or its row could not be written).
    With ``summaries``, a file already stored is given as its
    :class:`govreports.pipeline.corpus_store.FileSummary` instead (read column by column, nothing rebuilt).
    ``digests``: see :func:`govreports.pipeline.corpus_store.file_key`.
    """
    from govreports.pipeline import corpus_store

    keys = [None if isinstance(entry, LoadProblem) else corpus_store.file_key(entry, max_bytes, digests)
            for entry in entries]
    found = corpus_store.StoredFiles(keys)
    stored = [key in found for key in keys]
    to_process = [e for e, hit in zip(entries, stored) if not hit]
    # one or two changed files are processed here: starting worker processes costs more than they take
    fresh = map_in_processes(process, to_process, workers if len(to_process) > 2 else 1)
    pending: list[tuple] = []
    for entry, key, hit in zip(entries, keys, stored):
        row = None
        if hit:
            row = found.pop_summary(key) if summaries else found.pop(key)
        if row is not None and summaries:
            pending.append((key, (entry, row), False))
        elif row is not None:  # already stored
            pending.append((key, corpus_store.from_record(entry, row), False))
        else:
            result = process(entry) if hit else next(fresh)  # a row that could not be read: processed here
            pending.append((key, result, key is not None and isinstance(result[0], SourceFile)))
        if len(pending) >= corpus_store.BATCH_FILES:
            yield from _written(pending)
            pending = []
    yield from _written(pending)


def _written(pending: list[tuple]) -> Iterator[tuple]:
    """Write the rows of the ``(key, result, to write)`` triples marked to write as one batch; yield
    ``(key, result)`` in order, the key ``None`` where there is no row (not loaded, or not written)."""
    from govreports.pipeline import corpus_store

    written = corpus_store.write_records([corpus_store.to_record(key, result) for key, result, new in pending if new])
    for key, result, new in pending:
        yield (key if written or not new else None), result


def _file_documents(key: str | None, result, sources, max_bytes: int) -> tuple:
    """``(source, documents, outside spans)`` of one file as :func:`load_corpus` keeps it.

    ``result`` is what :func:`iter_documents` yields with ``summaries``: a :func:`process_file`
    result, or ``(path, FileSummary)`` for a file read from the store. Each document is
    ``(span, cleaned text in hand or None, maker, metadata)``, where ``maker`` is
    ``(raw document, cleaning, structure)`` for a document kept in memory (no store row: ``key`` is
    ``None``) and ``(summary, reader)`` for one kept lean; the text is in hand only for a lean
    document just processed (duplicate detection reads it before it is let go).
    """
    from govreports.pipeline.corpus_store import FileSummary, summarize

    if key is None:
        source, built, outside = result
        return source, [(raw, None, (raw, cleaning, structure), meta) for raw, cleaning, structure, meta in built], outside
    if isinstance(result[1], FileSummary):
        path, summary = result
        source = StoredSourceFile(path, summary.encoding, key, sources, max_bytes)
        return source, [(d.span, None, (d, _StoredDocument(sources, key, path, d.span.index, max_bytes)), d.meta)
                        for d in summary.documents], summary.outside
    source, built, outside = result
    if isinstance(source, LoadProblem):
        return source, [], outside
    made = []
    for raw, cleaning, structure, meta in built:
        summary = summarize(raw, cleaning, structure, meta)
        reader = _StoredDocument(sources, key, source.path, raw.index, max_bytes)
        made.append((summary.span, cleaning.text, (summary, reader), meta))
    return StoredSourceFile(source.path, source.encoding, key, sources, max_bytes), made, outside


class _LeanCandidate:
    """A document of duplicate detection kept lean: its text is read back only if it is compared.

    Has the attributes of :class:`govreports.pipeline.duplicates.Candidate` (``n_chars`` kept, so
    choosing which copy to keep reads no text), plus ``text_id``
    (what fixes its text: the stored result is keyed by it instead of a digest of the text, so a
    rerun reads no text) and ``fresh`` (processed by this load, not read from the store: its
    pairs were never measured, so detection reads its text back in corpus order).
    """

    __slots__ = ("key", "doc_type", "city", "year", "partial", "n_chars", "fresh", "_reader")

    def __init__(self, key: int, meta: Metadata, n_chars: int, fresh: bool, reader: _StoredDocument):
        self.key, self.doc_type, self.city, self.year, self.partial = key, meta.doc_type, meta.city, meta.year, meta.partial
        self.n_chars, self.fresh, self._reader = n_chars, fresh, reader

    @property
    def text_id(self) -> str:
        return self._reader.text_id

    @property
    def text(self) -> str:
        return self._reader.text()


def _candidate(i: int, meta: Metadata, maker: tuple, fresh: bool):
    """Document ``i`` as a candidate of duplicate detection (its metadata as metadata.csv leaves it;
    ``fresh``: processed by this load)."""
    if len(maker) == 2:
        summary, reader = maker
        return _LeanCandidate(i, meta, summary.n_chars, fresh, reader)
    return Candidate(i, meta.doc_type, meta.city, meta.year, meta.partial, maker[1].text)


def _duplicates(candidates: list[Candidate], folder: Path, workers: int | None = None) -> dict[int, int]:
    """:func:`find_duplicates`, read from the table store when it holds this corpus's result
    (``workers``: processes that cut the texts into clauses)."""
    from govreports.pipeline import corpus_store

    return corpus_store.duplicates(candidates, find_duplicates, folder, workers=workers)


def make_doc_id(meta: Metadata, raw_document: RawDocument) -> str:
    """Return the readable id of a document (see the module docstring)."""
    if meta.doc_type in _TYPE_SUFFIX and meta.year and meta.city:
        return f"{meta.year}-{meta.city}-{_TYPE_SUFFIX[meta.doc_type]}"
    return f"{Path(raw_document.file).stem}-{raw_document.index}"


def _unique(base: str, taken: set[str]) -> str:
    doc_id, n = base, 2
    while doc_id in taken:
        doc_id, n = f"{base}-{n}", n + 1
    taken.add(doc_id)
    return doc_id


def _read_sheet(folder: Path) -> MetadataSheet:
    """The folder's ``metadata.csv``, parsed and checked (empty if it has none)."""
    path = find_metadata_file(folder)
    return read_metadata_file(path) if path else MetadataSheet("metadata.csv", {}, {})


def load_corpus(folder: str | Path | None = None, *, warn: bool = True, workers: int | None = None,
                max_file_mb: float | None = None) -> Corpus:
    """Load, split, clean, structure and describe every document of a corpus folder.

    Args:
        folder: the corpus folder; default ``$CORPUS`` or ``seeds/`` (see :mod:`govreports.paths`).
        warn: emit a :class:`UserWarning` for each file that could not be read and for each
            other event (no recognisable header, duplicate, metadata.csv row for a missing file).
        workers: processes to use (default: ``$GOVREPORTS_WORKERS`` or 1).
        max_file_mb: size limit of one file in MB (default ``$GOVREPORTS_MAX_FILE_MB`` or 50);
            a larger file is listed as not loaded.

    Returns:
        A :class:`Corpus`, documents in file order.

    Raises:
        govreports.pipeline.load.CorpusFolderError: if the folder does not exist or cannot be listed.
        govreports.pipeline.metadata.MetadataFileError: if the folder's ``metadata.csv`` is malformed.
        govreports.pipeline.load.SettingError: if the size limit is not a positive number.
        ProcessingError: an internal error on one file, naming the file and the step.
    """
    from govreports.pipeline.load import list_folder, max_file_bytes

    folder = paths.corpus_dir(folder)
    workers = workers or default_workers()
    max_file_bytes(max_file_mb)  # a bad limit fails before any work
    listing = list_folder(folder)  # a missing or unreadable folder fails before metadata.csv is looked for
    sheet = _read_sheet(folder)
    overrides = sheet.overrides
    files: list[SourceFile] = []
    problems: list[LoadProblem] = []
    outside: list[OutsideSpan] = []
    notes: list[str] = []
    # per document: its span, encoding, metadata, the fields metadata.csv changed, and what makes
    # the Document (eager: cleaning and structure; lean: its summary and where it is read back from)
    built: list[tuple[RawDocument, str, Metadata, tuple[str, ...], tuple]] = []
    # lean documents just processed (their texts are read back in order for duplicate detection,
    # not held: the texts of a whole cold corpus were most of its load's peak memory)
    fresh: set[int] = set()
    from govreports.pipeline.corpus_store import StoredSources

    sources = StoredSources()
    limit = max_file_bytes(max_file_mb)
    digests: dict[str, str] = {}  # each file's bytes hashed once, for its store key and the corpus version
    for key, result in _iter_results(folder, listing, workers, max_file_mb, summaries=True, digests=digests):
        source, made, outside_spans = _file_documents(key, result, sources, limit)
        if isinstance(source, LoadProblem):
            problems.append(source)
            continue
        files.append(source)
        outside += outside_spans
        for raw, text, maker, meta in made:
            values = {**overrides.get((raw.file, None), {}), **overrides.get((raw.file, raw.index), {})}
            meta, changed = apply_overrides(meta, values) if values else (meta, ())
            if changed:
                notes.append(f"{raw.file}: metadata.csv sets {', '.join(changed)} of document {raw.index}")
            if meta.doc_type == "unknown":
                notes.append(f"{raw.file}: no recognisable report header in document {raw.index}; loaded with empty metadata and analysed")
            empty = missing_core_fields(meta)
            if empty:
                notes.append(f"{raw.file}: document {raw.index} does not state its {' or '.join(empty)}; "
                             f"left empty (set it in metadata.csv)")
            if text is not None:
                fresh.add(len(built))
            built.append((raw, source.encoding, meta, changed, maker))
    per_file = Counter(b[0].file for b in built)  # one pass: a loop per file is quadratic on 13,000 files
    documents_per_file = {f.name: per_file.get(f.name, 0) for f in files}
    notes += unused_rows(sheet, documents_per_file, {p.name for p in problems})

    candidates = [_candidate(i, m, maker, i in fresh) for i, (_, _, m, _, maker) in enumerate(built)
                  if m.doc_type != "news"]
    duplicate_of = _duplicates(candidates, folder, workers)
    del candidates
    taken: set[str] = set()
    ids: dict[int, str] = {}
    for i, (raw, _, meta, _, _) in enumerate(built):  # kept copies first get the plain ids
        if i not in duplicate_of:
            ids[i] = _unique(make_doc_id(meta, raw), taken)
    for i, (raw, _, meta, _, _) in enumerate(built):
        if i in duplicate_of:
            ids[i] = _unique(make_doc_id(meta, raw) + "-copy", taken)
            kept = built[duplicate_of[i]][0]
            notes.append(f"{raw.file}: document {raw.index} is a copy of {ids[duplicate_of[i]]} ({kept.file}), kept once")
    documents = []
    for i, (raw, encoding, meta, changed, maker) in enumerate(built):
        copy_of = ids[duplicate_of[i]] if i in duplicate_of else ""
        if len(maker) == 2:
            documents.append(Document.stored(ids[i], maker[0], encoding, meta, maker[1], changed, copy_of))
        else:
            documents.append(Document(ids[i], maker[0], encoding, maker[1], maker[2], meta, changed, copy_of))
    if warn:
        for problem in problems:
            warnings.warn(f"not loaded: {problem}", stacklevel=2)
        for note in notes:
            warnings.warn(note, stacklevel=2)
    corpus = Corpus(folder, files, problems, documents, outside, notes,
                    corpus_version(folder, [f.name for f in files], digests=digests))
    del built
    from govreports import store

    store.release_memory()  # what processing the files freed (170 MB after a cold load of 3,000 reports)
    return corpus
