"""Keywords: frequencies researchers can cite, keyness, distinctive terms, collocations, KWIC.

Every measure starts from the terms of :mod:`govreports.measures.tokens` (jieba accurate mode with the
policy user dictionary, stop words, numbers and punctuation removed) and follows quanteda's
definitions where one exists:

=========================  ==========================================  ==================================
function                   quanteda                                    table
=========================  ==========================================  ==================================
:func:`frequency_table`    ``dfm`` + ``textstat_frequency``            one row per document and term
:func:`top_terms`          ``textstat_frequency(n=, groups=)``         the n most frequent terms a group
:func:`keyness`            ``textstat_keyness(measure="lr")``          signed G², p, log ratio
:func:`distinctive_terms`  ``dfm_tfidf`` + ``topfeatures``             tf-idf per document or group
:func:`tfidf_weights`      ``dfm_tfidf(scheme_tf="prop")``             a report × term matrix of tf-idf
:func:`collocations`       ``textstat_collocations(size=2)``           bigram λ, z, PMI, G²
:func:`kwic`               ``kwic``                                    keyword in context
=========================  ==========================================  ==================================

Around them: chosen terms on a complete report × term grid (:func:`term_rates`, :func:`part_comparison`,
:func:`common_policy_terms`), the choice of a keyness target a corpus has (:func:`keyness_target`,
:func:`describe_target`) and its strongest terms (:func:`keyness_extremes`), a KWIC-against-frequency
check (:func:`kwic_check`). Attention to the theme dictionaries (quanteda's ``dfm_lookup``) is
counted on these frequency tables by :mod:`govreports.measures.themes`.

Documents are given as plain data (see :func:`govreports.measures.tokens.document_units`): a mapping
``doc_id -> text``, a DataFrame ``doc_id, text[, part]``, or the corpus module's document objects
(whose sentences carry their report part: preamble, review, plan, government, unknown).

Rates are normalised by length, never raw counts across reports of different length:
``rate_per_10k`` is per 10,000 characters of the text counted (whitespace excluded; the whole
document, or only the selected part) and ``share`` is per term of that text.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from operator import itemgetter

import numpy as np
import pandas as pd

from govreports import store
from govreports.measures import tokens as tok
from govreports.pipeline.structure import Sentences
from govreports.text import count_non_space

#: Columns of :func:`frequency_table`.
FREQUENCY_COLUMNS = ["doc_id", "term", "count", "rate_per_10k", "share", "n_chars", "n_tokens"]


# --- counting --------------------------------------------------------------------------------------


def count_chars(text: str) -> int:
    """Return the number of characters of a text, whitespace excluded (the rate denominator).

    Whitespace is layout (line breaks, indentation), which differs between a scraped page and a
    newspaper file of the same report; every other character, punctuation included, counts.

    Example:
        >>> count_chars("各位代表:\\n  现在,")
        8
    """
    return count_non_space(text)


def _selected_parts(part: str | Iterable[str] | None) -> frozenset[str] | None:
    if part is None:
        return None
    return frozenset([part] if isinstance(part, str) else part)


def _unit_tallies(texts: list[str], unit_parts: list, parts: frozenset[str] | None, backend,
                  userdict) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """``(n_chars, keys, others, counts)`` of one document's units, restricted to ``parts``.

    The distinct tokens of the chosen sentences (whitespace, stop words and numbers still in:
    :class:`_CountTable` decides which are terms, once per distinct token of the whole corpus)
    are given by ``keys``: a token's :func:`~govreports.measures.tokens.packed_key` (the token
    itself as a number), or ``-1 - j`` for a token without one (longer than three characters),
    which is ``others[j]`` (an object array of those tokens). ``counts`` say how often each
    occurs. Counted on the dictionary-encoded segmentation
    (:func:`govreports.measures.tokens.encoded_sentences`) with one ``bincount`` of the token
    codes: the same counts as counting every token, without a Python string per token; sent
    from a worker as integers, with a string only for the tokens that have no key.
    """
    segmentation, sentence = tok.encoded_sentences(texts, backend=backend, userdict=userdict)
    codes = segmentation.codes
    # characters are counted one by one, so the count of the joined texts is the sum of theirs (one regex pass)
    if parts is None:
        n_chars = count_chars("".join(texts))
    else:
        chosen = [unit_part in parts for unit_part in unit_parts]
        n_chars = count_chars("".join(text for text, use in zip(texts, chosen) if use))
        codes = codes[np.asarray(chosen, dtype=bool)[sentence]]
    counts = np.bincount(codes, minlength=len(segmentation.vocab))
    used = np.flatnonzero(counts)
    tokens = segmentation.vocab_array()[used]
    keys = tok.packed_keys(tokens.tolist())
    without = np.flatnonzero(keys < 0)
    keys[without] = -1 - np.arange(len(without), dtype=np.int64)
    return n_chars, keys, tokens[without], counts[used].astype(np.int64)


class _CountTable:
    """The term counts of many documents, kept compact until the table is made.

    Why it exists: most of a report's distinct tokens recur in every other report, so the test
    which tokens are terms (:func:`govreports.measures.tokens.is_term`) and the order of terms
    by code point are made once for the distinct tokens of all documents together (each
    document's tokens kept as codes into one vocabulary), and the rows are put in order
    (descending count, then term, within each document) by integer sorts, instead of a
    Python sort and a DataFrame per document. The rows are those :func:`_count_frame` makes of
    each document, in document order.

    Memory: only the rows of terms are kept (a token is tested once, when it is first coded;
    the rows of stop words, numbers and whitespace are dropped then), and the rows are put in
    order a piece of whole documents at a time into the table's own arrays, so no array of
    every row is made beside them (at 13,000 reports the rows are 26 million).
    """

    #: Rows after which the documents' tokens added so far are turned into codes.
    CODE_EVERY = 200_000

    def __init__(self, keep):
        self._keep = keep
        self._number: dict[int | str, int] = {}  # a token's packed key (or the token, if it has none) -> its code
        self._tokens: list[str] = []  # of every code: its token
        self._is_term: list[bool] = []  # of every code: is its token a term
        self._pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # coded: (codes, counts, rows per document)
        self._pending: list[np.ndarray] = []  # keys of the rows not yet coded (see :func:`_unit_tallies`)
        self._pending_others: list[np.ndarray] = []  # the tokens without a key of those rows
        self._pending_counts: list[np.ndarray] = []
        self._n_pending = 0
        self._n_others = 0
        self._n_chars: list[int] = []
        self._ordered: tuple | None = None  # (codes, counts, lengths) in table order, once made

    def add(self, n_chars: int, keys: np.ndarray, others: np.ndarray, counts: np.ndarray) -> None:
        """Add one document (see :func:`_unit_tallies`).

        Its tokens are turned into codes of one vocabulary of the whole corpus every
        :attr:`CODE_EVERY` rows, from their keys (integers hashed in C); a token without a key
        is kept as its string until then. No string is kept per row: holding each common word
        once per report would take about 80 bytes each, 1.5 million per 1,000 reports.
        """
        self._ordered = None
        if len(others):  # the tokens without a key, numbered across the pending documents
            keys = keys - np.where(keys < 0, self._n_others, 0)
            self._pending_others.append(others)
            self._n_others += len(others)
        self._pending.append(keys)
        self._pending_counts.append(counts)
        self._n_pending += len(keys)
        self._n_chars.append(n_chars)
        if self._n_pending >= self.CODE_EVERY:
            self._code_pending()

    def _code_of(self, keys: list, distinct: np.ndarray, packed: np.ndarray) -> np.ndarray:
        """The code of each distinct key of the pending rows.

        Args:
            keys: the keys as Python objects: a packed key, or the token itself if it has none.
            distinct: the same as an array (a token without a key: any negative number).
            packed: where ``distinct`` holds packed keys.

        A key not seen before gets the next code, its token (made from the packed keys at
        once, :func:`govreports.measures.tokens.unpacked_tokens`) and whether it is a term
        (tested once per distinct token of the corpus).
        """
        number, keep = self._number, self._keep
        known = np.fromiter(map(number.get, keys, itertools.repeat(-1)), dtype=np.int64, count=len(keys))
        new = np.flatnonzero(known < 0)
        if not len(new):
            return known
        new_packed = packed[new]
        tokens = np.empty(len(new), dtype=object)
        tokens[new_packed] = tok.unpacked_tokens(distinct[new[new_packed]])
        tokens[~new_packed] = [keys[i] for i in new[~new_packed].tolist()]
        for i, token in zip(new.tolist(), tokens.tolist()):
            code = number.get(keys[i])  # set a moment ago, if the same token came twice without a key
            if code is None:
                code = number[keys[i]] = len(self._tokens)
                self._tokens.append(token)
                self._is_term.append(not token.isspace() and keep(token))
            known[i] = code
        return known

    def _code_pending(self) -> None:
        """Turn the pending rows into codes (one ``factorize`` of their keys, then a dictionary
        lookup per distinct key), keeping the rows of terms only."""
        if not self._pending:
            return
        lengths = np.array([len(keys) for keys in self._pending], dtype=np.int64)
        keys = np.concatenate(self._pending)
        if self._pending_others:  # equal tokens without a key made one: key -1 - (their number)
            other_codes, other_tokens = pd.factorize(np.concatenate(self._pending_others))
            without = keys < 0
            keys[without] = -1 - other_codes[-1 - keys[without]]
        codes, distinct = pd.factorize(keys)
        packed = distinct >= 0
        distinct_keys = distinct.tolist()
        if self._pending_others:
            for i in np.flatnonzero(~packed).tolist():
                distinct_keys[i] = other_tokens[-1 - distinct_keys[i]]
        counts = np.concatenate(self._pending_counts)
        known = self._code_of(distinct_keys, distinct, packed)
        is_term = self._is_term
        term = np.fromiter(map(is_term.__getitem__, known.tolist()), dtype=bool, count=len(known))
        chosen = term[codes]
        document = np.repeat(np.arange(len(lengths)), lengths)[chosen]
        # kept as 32-bit codes while they fit (they index the distinct tokens): half the memory until the table
        code_type = np.int32 if len(is_term) < 2**31 else np.int64
        self._pieces.append((known[codes[chosen]].astype(code_type), counts[chosen].astype(np.int64, copy=False),
                             np.bincount(document, minlength=len(lengths))))
        self._pending, self._pending_others, self._pending_counts = [], [], []
        self._n_pending = self._n_others = 0

    def _in_order(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray]:
        """``(codes, counts, lengths, distinct, rank)``: every row's term code and count in table
        order, each document's number of rows, the distinct tokens and each one's code-point rank.

        Each piece (whole documents) is sorted on its own by :func:`_document_order` and copied
        into arrays of every row; the pieces are let go as they are copied. Kept, so the table
        can be asked again.
        """
        self._code_pending()
        distinct = self._tokens
        rank = np.empty(len(distinct), dtype=np.int64)
        rank[sorted(range(len(distinct)), key=distinct.__getitem__)] = np.arange(len(distinct))
        if self._ordered is None:
            n_rows = sum(len(codes) for codes, _, _ in self._pieces)
            code_type = self._pieces[0][0].dtype if self._pieces else np.int32
            codes_out = np.empty(n_rows, dtype=code_type)
            counts_out = np.empty(n_rows, dtype=np.int64)
            lengths, at = [], 0
            pieces, self._pieces = self._pieces, []
            while pieces:
                codes, counts, rows_per_doc = pieces.pop(0)
                doc = np.repeat(np.arange(len(rows_per_doc), dtype=np.int32), rows_per_doc)
                order = _document_order(doc, counts, rank, len(distinct), codes)
                codes_out[at:at + len(order)] = codes[order]
                counts_out[at:at + len(order)] = counts[order]
                at += len(order)
                lengths.append(rows_per_doc)
                del codes, counts, rows_per_doc, doc, order
            lengths_out = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
            self._ordered = (codes_out, counts_out, lengths_out)
            # the table's rows as one piece again, so that documents added later are counted with them
            self._pieces = [self._ordered] if n_rows or len(lengths_out) else []
        codes, counts, lengths = self._ordered
        return codes, counts, lengths, distinct, rank

    def rows(self, term_codes: bool = False) -> tuple[pd.DataFrame, list[int]]:
        """``(rows, lengths)``: the rows ``term, count, n_chars, n_tokens`` of every document
        added, document after document, and each document's number of rows (0 without terms).

        Args:
            term_codes: give ``term`` as a pandas ``Categorical`` (:func:`govreports.store.sorted_categorical`:
                the terms present, in code-point order), made from the codes without a string per row.
        """
        import pyarrow as pa

        codes, counts, lengths, distinct, rank = self._in_order()
        n_docs = len(self._n_chars)
        # integer sums below 2**53 are exact in float64
        doc_of_row = np.repeat(np.arange(n_docs, dtype=np.int32 if n_docs < 2**31 else np.int64), lengths)
        n_tokens = np.bincount(doc_of_row, weights=counts, minlength=n_docs).astype(np.int64)
        del doc_of_row
        if term_codes:  # codes into the vocabulary, then the categories narrowed to the terms present and sorted
            terms = store.sorted_categorical(pd.Categorical.from_codes(codes, categories=pd.Index(distinct, dtype="str"),
                                                                       validate=False))
        else:  # Arrow-backed ``str``, as a column of Python strings becomes
            terms = pa.array(distinct, type=pa.large_string()).take(pa.array(codes)).to_pandas()
        rows = pd.DataFrame({  # copy=False: the columns taken over, each its own block (not copied into one)
            "term": terms,
            "count": counts,
            "n_chars": np.repeat(np.asarray(self._n_chars, dtype=np.int64), lengths),
            "n_tokens": np.repeat(n_tokens, lengths),
        }, copy=False)
        return rows, lengths.tolist()

    def frames(self) -> list[pd.DataFrame]:
        """One :func:`_count_frame` table per document added (a document without terms: an empty one)."""
        rows, lengths = self.rows()
        return [piece if n else _count_frame(n_chars, Counter())
                for piece, n, n_chars in zip(store.split_rows(rows, lengths), lengths, self._n_chars)]


def _document_order(doc: np.ndarray, counts: np.ndarray, rank: np.ndarray, n_ranks: int,
                    codes: np.ndarray | None = None) -> np.ndarray:
    """The order of rows by document, then descending count, then term (its code-point ``rank``).

    One integer key when it fits in 63 bits (it does for any real corpus), else a lexsort.
    ``codes``: if given, ``rank`` is of the distinct terms and a row's rank is ``rank[codes]``.
    The key is made in place (one array of the rows' length beside the key, not four).
    """
    if not len(doc):
        return np.zeros(0, dtype=np.int64)
    top = int(counts.max())
    span = (top + 1) * n_ranks
    if (int(doc[-1]) + 1) * span < 2**62:
        key = doc.astype(np.int64)
        key *= span
        part = np.subtract(top, counts, dtype=np.int64)
        part *= n_ranks
        key += part
        del part
        key += rank if codes is None else rank[codes]
        return np.argsort(key, kind="stable")
    return np.lexsort((rank if codes is None else rank[codes], -counts, doc))


def _count_frame(n_chars: int, terms: list[str] | Counter) -> pd.DataFrame:
    """One document's counts: ``term, count, n_chars, n_tokens``, by descending count then term.

    Args:
        n_chars: characters of the counted text.
        terms: the terms in text order, or their counts.
    """
    counted = terms if isinstance(terms, Counter) else Counter(terms)
    if not counted:
        frame = pd.DataFrame([], columns=["term", "count"])
    else:
        # by term, then (stable) by descending count: the order of key (-count, term), without a key call per term
        counts = sorted(counted.items())
        counts.sort(key=itemgetter(1), reverse=True)
        ordered_terms, ordered_counts = zip(*counts)
        # built from columns: a DataFrame from a list of row tuples costs several times more
        frame = pd.DataFrame({"term": list(ordered_terms), "count": np.array(ordered_counts, dtype=np.int64)})
    frame["n_chars"] = n_chars
    frame["n_tokens"] = sum(counted.values())
    return frame


def _empty_frequency_table() -> pd.DataFrame:
    """A frequency table with no rows, its columns typed as in a full one."""
    types = {"doc_id": object, "term": object, "count": "int64", "rate_per_10k": "float64",
             "share": "float64", "n_chars": "int64", "n_tokens": "int64"}
    return pd.DataFrame({c: pd.Series(dtype=types.get(c, object)) for c in FREQUENCY_COLUMNS})


def frequency_table(
    docs,
    *,
    part: str | Iterable[str] | None = None,
    backend: str | None = None,
    stopwords: frozenset[str] | None = None,
    workers: int | None = None,
    compact: bool = False,
) -> pd.DataFrame:
    """Count the terms of each document.

    Args:
        docs: a mapping ``doc_id -> text``, a DataFrame ``doc_id, text[, part]`` or document
            objects (see :func:`govreports.measures.tokens.document_units`).
        part: count only sentences of this report part (or these parts), e.g. ``"review"`` or
            ``"plan"``; ``None`` counts everything.
        backend: tokenizer backend (see :func:`govreports.measures.tokens.segment`).
        stopwords: default :func:`govreports.measures.tokens.load_stopwords`.
        workers: processes that segment documents not yet in the token cache (default
            ``$GOVREPORTS_WORKERS`` or 1); the counts are the same whatever the number.
        compact: give ``doc_id`` and ``term`` as pandas ``Categorical`` columns, a code per row
            and each value once (:func:`govreports.store.sorted_categorical`: the values present, sorted), not as
            strings: about 46 instead of 80 bytes a row, for a corpus of thousands of reports
            (13,000 reports: 26 million rows, 1.2 instead of 2.05 GB). The values, the order of
            rows and a CSV written from it are the same; the columns behave as categoricals
            (``value_counts`` of a filtered table lists the categories it lost with 0 and breaks
            ties by category order, ``groupby`` gives a ``CategoricalIndex``, ``+`` on the column
            is refused): ``.astype(str)`` gives the strings back. String ``doc_id`` values only;
            other ids keep their dtype.

    Returns:
        Tidy DataFrame, one row per document and term, documents in input order, terms by
        descending count then term:

        * ``doc_id``
        * ``term``
        * ``count``: occurrences of the term (quanteda's ``frequency``)
        * ``rate_per_10k``: ``count`` per 10,000 characters of the counted text
        * ``share``: ``count / n_tokens``
        * ``n_chars``: characters of the counted text, whitespace excluded (:func:`count_chars`)
        * ``n_tokens``: terms of the counted text (the document's kept tokens)

        A document (or part) without terms has no rows.

    Raises:
        ValueError: if ``part`` is given but the documents carry no parts.

    Example:
        >>> frequency_table({"a": "数字经济，数字经济。"})[["term", "count", "rate_per_10k", "share"]]
           term  count  rate_per_10k  share
        0  数字经济      2        2000.0    1.0
    """
    rows, doc_ids, lengths = _term_rows(docs, part, backend, stopwords, workers, as_codes=["term"] if compact else ())
    return _frequency_frame(rows, doc_ids, lengths, compact)


def _term_rows(docs, part, backend, stopwords, workers, columns: list[str] | None = None,
               as_codes=()) -> tuple[pd.DataFrame | None, list, list[int]]:
    """The rows of :func:`frequency_table` before ``doc_id`` and the rates are added.

    Returns:
        ``(rows, doc_ids, lengths)``: the rows ``term, count, n_chars, n_tokens`` of every
        document, document after document (``None`` if there are none), the documents in
        input order and each one's number of rows. What a caller that needs only the counts
        (:func:`govreports.compare.distinctive.distinctive_terms_table`) reads, without the
        ``doc_id``, rate and share columns of the whole table; ``columns`` (default all four)
        chooses which of the rows' columns it gets (only they are read from the table store);
        ``as_codes`` (through the table store) which come as pandas ``Categorical`` (e.g.
        ``["term"]``: a code per row, each term once; without the store they keep their dtype).
    """
    if store.enabled():
        return _stored_term_rows(docs, part, backend, stopwords, workers, columns, as_codes)
    parts = _selected_parts(part)
    groups = _document_groups(docs, parts)
    counted, doc_ids = _count_groups(groups, range(len(groups)), parts, backend, stopwords, workers)
    rows, lengths = counted.rows(term_codes="term" in as_codes)
    return rows if columns is None else rows[columns], doc_ids, lengths


def _frequency_frame(rows: pd.DataFrame | None, doc_ids: list, lengths: list[int], compact: bool = False) -> pd.DataFrame:
    """The frequency table from the rows of every document (``term, count, n_chars, n_tokens``);
    ``compact``: ``doc_id`` and ``term`` as sorted categoricals (see :func:`frequency_table`)."""
    if rows is None or not len(rows):
        return _empty_frequency_table()
    ids_as_codes = compact and all(isinstance(doc_id, str) for doc_id in doc_ids)  # other ids keep their dtype
    rows.insert(0, "doc_id", (store.repeated_categorical if ids_as_codes else store.repeated)(doc_ids, lengths))
    if compact:
        rows["term"] = store.sorted_categorical(rows["term"])
    rows["rate_per_10k"] = rows["count"] / rows["n_chars"] * 10_000
    rows["share"] = rows["count"] / rows["n_tokens"]
    return rows[FREQUENCY_COLUMNS]


def _count_groups(groups, todo, parts, backend, stopwords, workers) -> tuple[_CountTable, list]:
    """The :class:`_CountTable` of the documents ``groups[i]`` for ``i`` in ``todo``, in that order, and their doc_ids.

    With several workers each worker segments a document and sends back its tallies (its
    distinct tokens and their counts, a few kilobytes), not only a cache entry that this
    process would then read again: reading and counting here took as long as segmenting there
    with rjieba, which made two workers slower than one.
    """
    import warnings

    from govreports.parallel import default_workers, map_in_processes
    from govreports.progress import progress

    todo = list(todo)
    doc_ids: list = []
    table = _CountTable(tok.term_filter(stopwords, tok.load_userdict()))

    def jobs():
        for i in todo:  # each document's sentence texts made as it is sent
            doc_id, texts, unit_parts = groups[i]
            doc_ids.append(doc_id)
            yield texts, unit_parts, parts, tok.resolve_backend(backend)

    if (workers or default_workers()) > 1:
        # one document (a rerun after one file changed) is given as a list: map_in_processes counts
        # it here instead of forking workers from a process that holds the rest of the table
        tallies = map_in_processes(_tally_document, jobs() if len(todo) > 1 else list(jobs()), workers)
    else:  # in this process: its cache warnings are raised as they happen
        userdict = tok.load_userdict()
        tallies = ((_unit_tallies(*job[:3], job[3], userdict), ()) for job in jobs())
    warned: set[str] = set()
    for counted, messages in progress(tallies, total=len(todo), desc="keywords"):
        table.add(*counted)
        for message in messages:  # a worker's cache warnings, repeated here once each
            if message not in warned:
                warned.add(message)
                warnings.warn(message, tok.TokenCacheWarning, stacklevel=2)
    return table, doc_ids


def _tally_document(job) -> tuple[tuple[int, np.ndarray, np.ndarray, np.ndarray], list[str]]:
    """:func:`_unit_tallies` of one document (run in a worker process, or here with one worker).

    Returns:
        The tallies and the messages of the token-cache warnings raised meanwhile.
    """
    import warnings

    texts, unit_parts, parts, backend = job
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", tok.TokenCacheWarning)
        counted = _unit_tallies(texts, unit_parts, parts, backend, tok.load_userdict())
    return counted, [str(w.message) for w in caught if issubclass(w.category, tok.TokenCacheWarning)]


def _count_settings(part, backend, stopwords) -> dict:
    """What a document's counts depend on besides its sentences (part of its store key)."""
    import hashlib

    backend = tok.resolve_backend(backend)
    stop = tok.load_stopwords() if stopwords is None else frozenset(stopwords)
    parts = _selected_parts(part)
    return {"part": sorted(parts) if parts is not None else None, "backend": backend,
            "backend_version": tok.backend_version(backend), "userdict": tok.load_userdict().fingerprint,
            "stopwords": hashlib.sha256("\n".join(sorted(stop)).encode("utf-8")).hexdigest()}


class _DocumentGroups(Sequence):
    """``(doc_id, sentence texts, their parts)`` of document objects, each made when it is read.

    A corpus's sentence texts are as large as the corpus: made one document at a time, they are
    never all in memory together.
    """

    def __init__(self, docs):
        self._docs = list(docs)

    def __len__(self) -> int:
        return len(self._docs)

    def doc_ids(self) -> list:
        """The documents' ids, in order (no text read)."""
        return [doc.doc_id for doc in self._docs]

    def contents(self) -> list[str]:
        """The ``content`` of each document's store key: what fixes its sentence texts and parts.

        A lean document (one with a :attr:`govreports.pipeline.corpus.Document.text_id`) gives
        :func:`govreports.store.document_content`, its file's load-store key and its number, so a
        warm run keys its entries without reading any text back; a document kept in memory gives
        :func:`_text_content` of its sentence texts and parts, as before.
        """
        contents = []
        for i, doc in enumerate(self._docs):
            if getattr(doc, "text_id", None):
                contents.append(store.document_content(doc))
            else:
                _, texts, unit_parts = self[i]
                contents.append(_text_content(texts, unit_parts))
        return contents

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        doc = self._docs[i]
        sentences = getattr(doc, "sentences", None)
        if isinstance(sentences, Sentences) and len(sentences):  # read column-wise, no Sentence made
            return doc.doc_id, sentences.texts(), sentences.values("part_kind")
        if sentences:
            return doc.doc_id, [s.text for s in sentences], [s.part_kind for s in sentences]
        return doc.doc_id, [doc.text], ["unknown"]


def _has_attribute(obj, name: str) -> bool:
    """``hasattr(obj, name)``, without calling a property that ``obj`` defines for ``name``.

    A stored document's ``text`` is a property that reads the text back from the load store:
    ``hasattr`` would read every report's text only to learn that it has one (at 13,000
    reports, seconds of a warm run). A property found on the class counts as present (what
    ``hasattr`` says unless the property raises); anything else is asked with ``hasattr``.
    """
    return _class_property(type(obj), name) or hasattr(obj, name)


@lru_cache(maxsize=256)
def _class_property(cls: type, name: str) -> bool:
    """True if ``cls`` (or a base) defines ``name`` as a property: asked once per class, not per document.

    A property is a data descriptor, so it wins over anything in an instance's ``__dict__``: the
    class alone decides what :func:`inspect.getattr_static` of an instance finds to be a property.
    """
    import inspect

    return isinstance(inspect.getattr_static(cls, name, None), property)


def _document_groups(docs, parts: frozenset[str] | None) -> Sequence[tuple[str, list[str], list]]:
    """``(doc_id, sentence texts, their parts)`` per document, in input order.

    Document objects are read directly (no corpus-wide table of sentences is built); any other
    input goes through :func:`govreports.measures.tokens.document_units`, rows grouped by ``doc_id``.

    Raises:
        ValueError: if ``parts`` are asked for but the documents carry none.
    """
    if isinstance(docs, list | tuple) and docs and all(_has_attribute(doc, "doc_id") and _has_attribute(doc, "text")
                                                       for doc in docs):
        if len({doc.doc_id for doc in docs}) == len(docs):
            return _DocumentGroups(docs)
    if isinstance(docs, Mapping) and all(isinstance(k, str) and isinstance(v, str) for k, v in docs.items()):
        # what the table of units grouped by doc_id gives for ``doc_id -> text``, without the table
        if parts is not None and docs:
            raise ValueError("part= needs documents with parts: a DataFrame with a part column or document objects")
        return [(doc_id, [text], [None]) for doc_id, text in docs.items()]
    units = tok.document_units(docs)
    if parts is not None and not units.empty and units["part"].isna().all():
        raise ValueError("part= needs documents with parts: a DataFrame with a part column or document objects")
    return [(doc_id, list(group["text"]), list(group["part"])) for doc_id, group in units.groupby("doc_id", sort=False)]


def _text_content(texts: list[str], unit_parts: list) -> str:
    """The ``content`` of a document's store key from its sentence texts and their parts."""
    import json

    return json.dumps([texts, unit_parts], ensure_ascii=False, default=str)


def _stored_term_rows(docs, part, backend, stopwords, workers, columns=None,
                      as_codes=()) -> tuple[pd.DataFrame | None, list, list[int]]:
    """:func:`_term_rows` through the table store: only documents it lacks are counted.

    Document objects are keyed by :meth:`_DocumentGroups.contents` (a lean document by its
    load-store id: no text is read unless its counts are missing), any other input by its
    sentence texts and parts (:func:`_text_content`).
    """
    parts = _selected_parts(part)
    groups = _document_groups(docs, parts)
    settings = _count_settings(part, backend, stopwords)
    if isinstance(groups, _DocumentGroups):
        doc_ids, contents = groups.doc_ids(), groups.contents()
    else:
        doc_ids = [doc_id for doc_id, _, _ in groups]
        contents = [_text_content(texts, unit_parts) for _, texts, unit_parts in groups]
    keys = store.entry_keys("keywords", settings, contents)

    def count(todo: list[int]) -> tuple[pd.DataFrame, list[int]]:
        counted = _count_groups(groups, todo, parts, backend, stopwords, workers)[0].rows(term_codes="term" in as_codes)
        store.release_memory()  # the count table's pieces, freed, given back before the rows are stored
        return counted

    # one table of every document's counts, read and computed in one piece (no DataFrame per document)
    rows, lengths = store.stored_rows_whole("keywords", zip(keys, range(len(keys))), count, columns, as_codes)
    return rows, doc_ids, lengths


def _with_groups(freq: pd.DataFrame, by: list[str], meta: pd.DataFrame | None) -> pd.DataFrame:
    missing = [column for column in by if column not in freq.columns]
    if not missing:
        return freq
    if meta is None or any(column not in meta.columns for column in missing) or "doc_id" not in meta.columns:
        raise KeyError(f"columns {missing} are neither in the frequency table nor in meta (with doc_id)")
    return freq.merge(meta[["doc_id", *missing]].drop_duplicates("doc_id"), on="doc_id", how="left", validate="m:1")


def group_frequency(freq: pd.DataFrame, by: str | list[str] = "doc_id", meta: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add up a frequency table by group (city, year, doc_type ...), rates recomputed.

    Rates of a group are pooled, not averaged: a group's ``rate_per_10k`` is its total count over
    the total characters of its documents, so a long report weighs as much as its length.

    Args:
        freq: a :func:`frequency_table`.
        by: grouping column(s), in ``freq`` or in ``meta``.
        meta: document metadata with ``doc_id`` and the ``by`` columns (e.g. the corpus module's
            documents table), needed when ``by`` is not in ``freq``.

    Returns:
        DataFrame ``<by...>, term, count, docfreq, rate_per_10k, share, n_chars, n_tokens``;
        ``docfreq`` is the number of the group's documents that use the term.

    Raises:
        KeyError: if a ``by`` column is found neither in ``freq`` nor in ``meta``.
    """
    by = [by] if isinstance(by, str) else list(by)
    table = _with_groups(freq, by, meta)
    sizes = table.drop_duplicates("doc_id").groupby(by, sort=False)[["n_chars", "n_tokens"]].sum()
    grouped = (
        table.groupby([*by, "term"], sort=False)
        .agg(count=("count", "sum"), docfreq=("doc_id", "nunique"))
        .reset_index()
        .join(sizes, on=by)
    )
    grouped["rate_per_10k"] = grouped["count"] / grouped["n_chars"] * 10_000
    grouped["share"] = grouped["count"] / grouped["n_tokens"]
    # labels of a compact table as strings: the table a default one gives (it has a row per group and term)
    return store.label_strings(grouped[[*by, "term", "count", "docfreq", "rate_per_10k", "share", "n_chars", "n_tokens"]])


#: Columns of :func:`counts_by_docvar`.
COUNTS_COLUMNS = ["variable", "value", "term", "count", "docfreq", "rate_per_10k", "share", "n_chars", "n_tokens"]


def counts_by_docvar(freq: pd.DataFrame, documents: pd.DataFrame, by: str, *, top: int = 0) -> pd.DataFrame:
    """Term counts grouped by one document variable, in a fixed layout (quanteda's ``dfm_group``).

    :func:`group_frequency` with the group named in two columns, so that every grouping has the same
    columns (and one codebook entry): ``variable`` (the documents-table column) and ``value`` (its
    value as text, empty where the documents table has none).

    Args:
        freq: a :func:`frequency_table`.
        documents: the documents table (``doc_id`` and the ``by`` column).
        by: a column of ``documents`` (``city``, ``year``, ``admin_level``, ``doc_type`` …).
        top: keep the ``top`` most frequent terms of each group (ties by term); 0 keeps all.

    Returns:
        :data:`COUNTS_COLUMNS`, sorted by value, then count (descending), then term.

    Raises:
        KeyError: if ``by`` is not a column of ``documents``.

    Example:
        >>> f = pd.DataFrame({"doc_id": ["a", "b", "b"], "term": ["改革", "改革", "开放"], "count": [2, 1, 1],
        ...                   "n_chars": [10, 20, 20], "n_tokens": [2, 2, 2]})
        >>> d = pd.DataFrame({"doc_id": ["a", "b"], "year": pd.array([2020, 2020], dtype="Int64")})
        >>> counts_by_docvar(f, d, "year")[["variable", "value", "term", "count", "docfreq", "n_chars"]].values.tolist()
        [['year', '2020', '改革', 3, 2, 30], ['year', '2020', '开放', 1, 1, 30]]
    """
    if by not in documents.columns:
        raise KeyError(f"{by!r} is not a column of the documents table (columns: {', '.join(documents.columns)})")
    meta = documents[["doc_id", by]].rename(columns={by: "value"})
    meta = meta.assign(value=meta["value"].map(lambda v: "" if v is None or pd.isna(v) else str(v)))
    grouped = group_frequency(freq, "value", meta)
    grouped = grouped.sort_values(["value", "count", "term"], ascending=[True, False, True], kind="stable")
    if top:
        grouped = grouped.groupby("value", sort=False).head(top)
    return grouped.assign(variable=by)[COUNTS_COLUMNS].reset_index(drop=True)


def top_terms(
    freq: pd.DataFrame,
    *,
    n: int = 10,
    by: str | list[str] = "doc_id",
    meta: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the ``n`` most frequent terms of each document or group (``textstat_frequency``).

    Args:
        freq: a :func:`frequency_table` (restrict it to a part there).
        n: terms per group; ties at the cut are broken by term order, so exactly ``n`` rows.
        by: ``"doc_id"`` or grouping column(s) such as ``"city"``, ``["city", "year"]``.
        meta: document metadata for ``by`` columns not in ``freq``.

    Returns:
        DataFrame ``<by...>, rank, term, count, docfreq, rate_per_10k, share``, sorted by group
        then rank; ``rank`` is quanteda's ``"min"`` rank (10, 10, 11 → 1, 1, 3).
    """
    by = [by] if isinstance(by, str) else list(by)
    grouped = group_frequency(freq, by, meta)
    grouped["rank"] = grouped.groupby(by, sort=False)["count"].rank(method="min", ascending=False).astype("int64")
    ordered = grouped.sort_values([*by, "rank", "term"], kind="stable")
    top = ordered.groupby(by, sort=False).head(n)
    return top[[*by, "rank", "term", "count", "docfreq", "rate_per_10k", "share"]].reset_index(drop=True)


# --- keyness ---------------------------------------------------------------------------------------


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x * log(y)`` with ``0 * log(0) = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, x * np.log(np.where(x > 0, y, 1.0)), 0.0)


#: The one correction keyness applies by default, to every row: Williams (1976).
#: Columns of :func:`govreports.measures.keywords.keyness` (an empty table has them too).
KEYNESS_COLUMNS = ["term", "G2", "p", "n_target", "n_reference", "log_ratio"]
KEYNESS_CORRECTION = "williams"
#: The count a zero count is taken as in the log ratio (Hardie 2014), so that a term absent from
#: one group still has a finite ratio.
LOG_RATIO_ZERO_COUNT = 0.5
#: Added to every cell of a collocation's 2×2 table before lambda and z (quanteda's ``smoothing``
#: of ``textstat_collocations``), so that an empty cell gives a finite score.
COLLOCATION_SMOOTHING = 0.5


def log_likelihood(a, b, c, d, *, correction: str = KEYNESS_CORRECTION) -> np.ndarray:
    """Signed log-likelihood G² of 2×2 tables (Dunning 1993), with Williams' correction on every row.

    The table is ``[[a, b], [c, d]]``: ``a`` the count in the target, ``b`` in the reference,
    ``c`` and ``d`` the other tokens of each. ``G² = 2 Σ O ln(O / E)`` over the four cells, with
    ``E`` from the margins (a zero cell adds 0); the sign is ``+`` when ``a`` exceeds its
    expected value. With ``correction="williams"`` (Williams 1976) G² is divided by
    ``q = 1 + (N/(a+b) + N/(c+d) - 1)(N/(a+c) + N/(b+d) - 1) / (6N)`` on every row, a row with a
    zero cell included (``q`` needs only the margins, which are never zero for a term that occurs).

    How this relates to quanteda's ``textstat_keyness(measure = "lr")``: its default
    (``correction = "default"``) is Yates' continuity correction, applied only to tables with a
    small expected cell; with ``correction = "williams"`` it divides by the same ``q`` but leaves
    rows with a zero cell uncorrected. The values here equal quanteda's ``correction = "williams"``
    on rows without a zero cell (up to the 1e-9 quanteda adds inside each logarithm), and its
    ``correction = "none"`` with ``correction="none"``.

    Args:
        a, b, c, d: cell counts (numbers or arrays of equal shape).
        correction: ``"williams"`` (every row) or ``"none"``.

    Returns:
        The signed G² values.

    Example:
        >>> round(float(log_likelihood(4, 0, 6, 10, correction="none")), 4)
        6.5559
        >>> round(float(log_likelihood(4, 0, 6, 10)), 4)  # q = 1.13125 although b = 0
        5.7952

    Raises:
        ValueError: for an unknown correction.
    """
    if correction not in ("williams", "none"):
        raise ValueError(f"correction must be 'williams' or 'none', not {correction!r}")
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    n = a + b + c + d
    g2 = 2 * (
        _xlogy(a, a * n / ((a + b) * (a + c)))
        + _xlogy(b, b * n / ((a + b) * (b + d)))
        + _xlogy(c, c * n / ((c + d) * (a + c)))
        + _xlogy(d, d * n / ((c + d) * (b + d)))
    )
    if correction == "williams":
        with np.errstate(divide="ignore", invalid="ignore"):
            q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
        g2 = g2 / q
    expected = (a + b) * (a + c) / n
    return np.where(a > expected, g2, -g2)


def _chi2_sf_1df(statistic: np.ndarray) -> np.ndarray:
    """Upper tail of the χ² distribution with one degree of freedom."""
    return np.array([math.erfc(math.sqrt(abs(x) / 2)) for x in np.ravel(statistic)])


def keyness(
    freq: pd.DataFrame,
    target,
    *,
    by: str = "doc_id",
    meta: pd.DataFrame | None = None,
    correction: str = KEYNESS_CORRECTION,
) -> pd.DataFrame:
    """Compare one group's term frequencies with the rest (``textstat_keyness(measure="lr")``).

    Args:
        freq: a :func:`frequency_table` (restrict it to a part there).
        target: the value(s) of ``by`` forming the target, e.g. a doc_id, ``"湖州市"`` with
            ``by="city"``, or a list of years.
        by: the column that defines groups, in ``freq`` or in ``meta``.
        meta: document metadata for a ``by`` column not in ``freq``.
        correction: ``"williams"`` (Williams 1976, on every row; see :func:`log_likelihood` for how it
            differs from quanteda's default, Yates) or ``"none"``.

    Returns:
        DataFrame ``term, G2, p, n_target, n_reference, log_ratio`` sorted by G2 (descending) then
        term. ``G2`` is signed: positive when the term is relatively more frequent in the
        target. ``p`` is its χ²(1) p-value. ``log_ratio`` is Hardie's (2014) effect size,
        ``log2((n_target / N_target) / (n_reference / N_reference))`` with a zero count taken as
        :data:`LOG_RATIO_ZERO_COUNT` (0.5); +1 means twice as frequent in the target. Totals ``N`` are the groups' terms.

    Raises:
        ValueError: if the target or the reference is empty.
    """
    table = _with_groups(freq, [by], meta)
    targets = set(target) if isinstance(target, list | tuple | set | frozenset) else {target}
    in_target = table[by].isin(targets)
    if not in_target.any() or in_target.all():
        raise ValueError(f"target {target!r} must select some but not all documents by {by!r}")
    counts = table.assign(side=np.where(in_target, "n_target", "n_reference")).pivot_table(
        index="term", columns="side", values="count", aggfunc="sum", fill_value=0
    )
    counts = counts.reindex(columns=["n_target", "n_reference"], fill_value=0).astype("int64")
    n_target = int(counts["n_target"].sum())
    n_reference = int(counts["n_reference"].sum())
    a, b = counts["n_target"].to_numpy(), counts["n_reference"].to_numpy()
    g2 = log_likelihood(a, b, n_target - a, n_reference - b, correction=correction)
    ratio = (np.maximum(a, LOG_RATIO_ZERO_COUNT) / n_target) / (np.maximum(b, LOG_RATIO_ZERO_COUNT) / n_reference)
    result = pd.DataFrame(
        {
            "term": counts.index.to_numpy(),
            "G2": g2,
            "p": _chi2_sf_1df(g2),
            "n_target": a,
            "n_reference": b,
            "log_ratio": np.log2(ratio),
        }
    )
    return result.sort_values(["G2", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


# --- tf-idf ----------------------------------------------------------------------------------------


def inverse_document_frequency(docfreq, n_docs: int, base: float = 10):
    """``idf = log_base(N / df)`` (quanteda's ``scheme_df="inverse"``): the one idf of the library.

    A term no document uses (``df`` 0) weighs 0.

    Example:
        >>> inverse_document_frequency(pd.Series([1, 2, 0]), 2).tolist()
        [0.3010299956639812, 0.0, 0.0]
    """
    docfreq = pd.Series(docfreq, dtype="float64") if not isinstance(docfreq, pd.Series) else docfreq.astype("float64")
    ratio = n_docs / docfreq.where(docfreq > 0, np.nan)
    idf = np.log10(ratio) if base == 10 else np.log(ratio) / math.log(base)
    return idf.fillna(0.0)


def distinctive_terms(
    freq: pd.DataFrame,
    *,
    n: int = 10,
    by: str = "doc_id",
    meta: pd.DataFrame | None = None,
    scheme_tf: str = "prop",
    base: float = 10,
) -> pd.DataFrame:
    """Return each document's or group's terms of highest tf-idf (quanteda's ``dfm_tfidf``).

    ``tf`` is the count (``scheme_tf="count"``, quanteda's default) or the share of the group's
    terms (``"prop"``, comparable across reports of different length); ``idf = log_base(N / df)``
    with ``N`` the number of groups and ``df`` the number of groups using the term (quanteda's
    ``scheme_df="inverse"``, base 10). A term every group uses scores 0.

    Args:
        freq: a :func:`frequency_table`.
        n: terms per group.
        by: ``"doc_id"`` or a grouping column (groups are pooled first, like ``dfm_group``).
        meta: document metadata for a ``by`` column not in ``freq``.
        scheme_tf: ``"prop"`` or ``"count"``.
        base: base of the logarithm in idf.

    Returns:
        DataFrame ``<by>, rank, term, count, docfreq, tfidf`` sorted by group then rank
        (``docfreq`` here is the number of groups using the term).

    Raises:
        ValueError: for an unknown ``scheme_tf``.
    """
    if scheme_tf not in ("prop", "count"):
        raise ValueError(f"scheme_tf must be 'prop' or 'count', not {scheme_tf!r}")
    grouped = group_frequency(freq, by, meta)
    n_groups = grouped[by].nunique()
    docfreq = grouped.groupby("term")[by].transform("nunique")
    tf = grouped["share"] if scheme_tf == "prop" else grouped["count"]
    result = grouped[[by, "term", "count"]].assign(docfreq=docfreq, tfidf=tf * inverse_document_frequency(docfreq, n_groups, base))
    result = result.sort_values([by, "tfidf", "term"], ascending=[True, False, True], kind="stable")
    result["rank"] = result.groupby(by, sort=False).cumcount() + 1
    top = result.groupby(by, sort=False).head(n)
    return top[[by, "rank", "term", "count", "docfreq", "tfidf"]].reset_index(drop=True)


def tfidf_weights(freq: pd.DataFrame, doc_ids: Sequence[str]) -> pd.DataFrame:
    """TF-IDF of each term in each report: ``share · log10(N / df)`` (quanteda's ``dfm_tfidf``).

    ``share`` is the term's count over the report's terms (comparable across lengths), ``N``
    the number of reports in ``doc_ids`` and ``df`` those using the term; a term every report
    uses weighs 0 (so with only two reports, whatever they share weighs 0 and their cosine is 0:
    the measure needs three or more).

    Args:
        freq: a :func:`frequency_table`.
        doc_ids: the reports, in the order wanted (a report without terms gets a row of zeros).

    Returns:
        DataFrame ``doc_ids`` × terms (terms sorted).
    """
    table = freq[freq["doc_id"].isin(set(doc_ids))]
    shares = table.pivot_table(index="doc_id", columns="term", values="share", aggfunc="sum", fill_value=0.0)
    shares = shares.reindex(index=list(doc_ids), columns=sorted(shares.columns), fill_value=0.0)
    return shares * inverse_document_frequency((shares > 0).sum(axis=0), len(doc_ids))


# --- collocations ----------------------------------------------------------------------------------


def collocations(
    docs,
    *,
    min_count: int = 2,
    part: str | Iterable[str] | None = None,
    backend: str | None = None,
    stopwords: frozenset[str] | None = None,
) -> pd.DataFrame:
    """Score adjacent term pairs (``textstat_collocations(size = 2)`` plus PMI and G²).

    Only pairs of terms that are adjacent in the text count: a stop word, number or punctuation
    mark between two terms breaks the pair (quanteda's ``padding = TRUE``), and pairs never
    cross a sentence. With ``n11`` the pair's count, ``n12`` the first term followed by another
    term, ``n21`` another term followed by the second, ``n22`` the remaining pairs and ``N``
    all pairs:

    * ``lambda = ln((n11 n22) / (n12 n21))`` and ``z = lambda / sqrt(Σ 1/n_ij)``, each cell +
      :data:`COLLOCATION_SMOOTHING` (0.5, quanteda's smoothing);
    * ``pmi = log2(n11 N / ((n11 + n12)(n11 + n21)))``;
    * ``G2`` the signed log-likelihood of the same table (:func:`log_likelihood`, no correction).

    Args:
        docs: documents as for :func:`frequency_table`.
        min_count: least count of a pair to be reported (quanteda's default 2).
        part: restrict to sentences of this part / these parts.
        backend: tokenizer backend.
        stopwords: default :func:`govreports.measures.tokens.load_stopwords`.

    Returns:
        DataFrame ``collocation, first, second, count, lambda, z, pmi, G2`` sorted by G2 then
        collocation; ``collocation`` is ``"first second"`` (space-separated, as in quanteda).

    Raises:
        ValueError: if ``part`` is given but the documents carry no parts.
    """
    table = tok.tokens_table(docs, terms_only=False, backend=backend, stopwords=stopwords)
    parts = _selected_parts(part)
    if parts is not None:
        if not table.empty and table["part"].isna().all():
            raise ValueError("part= needs documents with parts: a DataFrame with a part column or document objects")
        table = table[table["part"].isin(parts)]
    follows = (
        table["is_term"].to_numpy()[1:]
        & table["is_term"].to_numpy()[:-1]
        & (table["doc_id"].to_numpy()[1:] == table["doc_id"].to_numpy()[:-1])
        & (table["sentence"].to_numpy()[1:] == table["sentence"].to_numpy()[:-1])
        & (table["position"].to_numpy()[1:] == table["position"].to_numpy()[:-1] + 1)
    )
    tokens = table["token"].to_numpy()
    pairs = pd.DataFrame({"first": tokens[:-1][follows], "second": tokens[1:][follows]})
    columns = ["collocation", "first", "second", "count", "lambda", "z", "pmi", "G2"]
    if pairs.empty:
        return pd.DataFrame({column: [] for column in columns})
    counted = pairs.value_counts(["first", "second"]).rename("count").reset_index()
    total = len(pairs)
    first_totals = pairs["first"].value_counts()
    second_totals = pairs["second"].value_counts()
    n11 = counted["count"].to_numpy(dtype=float)
    n12 = counted["first"].map(first_totals).to_numpy(dtype=float) - n11
    n21 = counted["second"].map(second_totals).to_numpy(dtype=float) - n11
    n22 = total - n11 - n12 - n21
    smoothed = [cell + COLLOCATION_SMOOTHING for cell in (n11, n12, n21, n22)]
    counted["lambda"] = np.log(smoothed[0] * smoothed[3] / (smoothed[1] * smoothed[2]))
    counted["z"] = counted["lambda"] / np.sqrt(sum(1 / cell for cell in smoothed))
    counted["pmi"] = np.log2(n11 * total / ((n11 + n12) * (n11 + n21)))
    counted["G2"] = log_likelihood(n11, n12, n21, n22, correction="none")
    counted["collocation"] = counted["first"] + " " + counted["second"]
    counted = counted[counted["count"] >= min_count]
    counted = counted.sort_values(["G2", "collocation"], ascending=[False, True], kind="stable")
    return counted[columns].reset_index(drop=True)


# --- keyword in context ----------------------------------------------------------------------------


def kwic(
    docs,
    term: str,
    *,
    window: int = 5,
    sep: str = "",
    backend: str | None = None,
) -> pd.DataFrame:
    """Find a term in its context (quanteda's ``kwic``).

    The term is segmented like the documents; if that gives several tokens (a phrase jieba does
    not keep whole), the sequence is matched. Windows count tokens of the full segmentation
    (punctuation and stop words included, so the context reads as the report does), stay within
    the document and may cross sentences.

    Args:
        docs: documents as for :func:`frequency_table`.
        term: the word or phrase, e.g. ``"八八战略"``.
        window: tokens shown on each side.
        sep: string joining the tokens of ``left``, ``term`` and ``right`` (``" "`` shows the
            token boundaries).
        backend: tokenizer backend.

    Returns:
        DataFrame ``doc_id, part, position, left, term, right``, one row per match in document and
        text order; ``position`` is the index of the match's first token in the document
        (quanteda's ``from``), ``part`` the report part of its sentence.

    Raises:
        ValueError: if the term is empty or the window negative.
    """
    pattern = tok.segment(term, backend=backend)
    if not pattern:
        raise ValueError("kwic needs a non-empty term")
    if window < 0:
        raise ValueError("window must be zero or more")
    table = tok.tokens_table(docs, terms_only=False, backend=backend)
    rows = []
    size = len(pattern)
    for doc_id, group in table.groupby("doc_id", sort=False):
        words = group["token"].tolist()
        parts = group["part"].tolist()
        for start in range(len(words) - size + 1):
            if words[start : start + size] == pattern:
                left = words[max(0, start - window) : start]
                right = words[start + size : start + size + window]
                rows.append((doc_id, parts[start], start, sep.join(left), sep.join(pattern), sep.join(right)))
    result = pd.DataFrame(rows, columns=["doc_id", "part", "position", "left", "term", "right"])
    return result.astype({"position": "int64", "part": object})


# --- chosen terms ----------------------------------------------------------------------------------


def term_rates(freq: pd.DataFrame, terms: Sequence[str], doc_ids: Sequence[str]) -> pd.DataFrame:
    """Counts and rates of chosen terms in every report, zeros included.

    Args:
        freq: a :func:`frequency_table`.
        terms: the terms, in the order wanted.
        doc_ids: the reports, in the order wanted.

    Returns:
        DataFrame ``doc_id, term, count, n_chars, rate_per_10k``, one row per report and term,
        reports then terms in the order given. ``n_chars`` is the counted text's length; a report
        absent from ``freq`` (no terms at all) gets ``n_chars`` 0 and rate 0.

    Example:
        >>> freq = pd.DataFrame({"doc_id": ["a"], "term": ["数字经济"], "count": [2], "n_chars": [100]})
        >>> term_rates(freq, ["数字经济", "共同富裕"], ["a"])[["term", "count", "rate_per_10k"]]
           term  count  rate_per_10k
        0  数字经济      2         200.0
        1  共同富裕      0           0.0
    """
    grid = pd.MultiIndex.from_product([list(doc_ids), list(terms)], names=["doc_id", "term"])
    counts = freq.groupby(["doc_id", "term"])["count"].sum().reindex(grid, fill_value=0)
    sizes = freq.drop_duplicates("doc_id").set_index("doc_id")["n_chars"]
    table = counts.reset_index()
    table["count"] = table["count"].astype("int64")
    table["n_chars"] = table["doc_id"].map(sizes).fillna(0).astype("int64")
    table["rate_per_10k"] = (table["count"] / table["n_chars"].replace(0, np.nan) * 10_000).fillna(0.0)
    return table[["doc_id", "term", "count", "n_chars", "rate_per_10k"]]


def part_comparison(docs, terms: Sequence[str], doc_ids: Sequence[str], *, parts: Sequence[str] = ("review", "plan")) -> pd.DataFrame:
    """Counts of chosen terms in each report part (the review of last year vs the plan).

    Args:
        docs: documents with parts (the corpus module's document objects).
        terms: the terms, in the order wanted.
        doc_ids: the reports, in the order wanted.
        parts: the part kinds to compare.

    Returns:
        DataFrame ``term, doc_id, part, count, n_chars, rate_per_10k`` sorted by term, report and
        part in the orders given; ``n_chars`` is the part's length (0 where the report has no
        such part in this source, e.g. a text that stops after the review).
    """
    frames = []
    for part in parts:
        frames.append(term_rates(frequency_table(docs, part=part), terms, doc_ids).assign(part=part))
    table = pd.concat(frames, ignore_index=True)
    order = {
        "term": {term: i for i, term in enumerate(terms)},
        "doc_id": {doc_id: i for i, doc_id in enumerate(doc_ids)},
        "part": {part: i for i, part in enumerate(parts)},
    }
    table = table.sort_values(["term", "doc_id", "part"], key=lambda column: column.map(order[column.name]), kind="stable")
    return table[["term", "doc_id", "part", "count", "n_chars", "rate_per_10k"]].reset_index(drop=True)


def common_policy_terms(freq: pd.DataFrame, policy_terms, n: int = 6) -> list[str]:
    """The ``n`` policy terms (e.g. the user dictionary's words) used by the most reports.

    Ties go to the larger total count, then the term. A default for the chosen terms of a
    corpus nobody has read yet.

    Example:
        >>> f = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "term": ["共同富裕", "城市", "共同富裕", "双循环"],
        ...                   "count": [2, 9, 1, 4]})
        >>> common_policy_terms(f, {"共同富裕", "双循环", "八八战略"}, n=2)
        ['共同富裕', '双循环']
    """
    rows = freq[freq["term"].isin(set(policy_terms)) & (freq["count"] > 0)]
    if rows.empty:
        return []
    table = rows.groupby("term").agg(n_docs=("doc_id", "nunique"), count=("count", "sum")).reset_index()
    table = table.sort_values(["n_docs", "count", "term"], ascending=[False, False, True], kind="stable")
    return list(table["term"].head(n))


# --- keyness: which groups a corpus can compare, and the strongest terms ---------------------------


def _split_value(meta: pd.DataFrame, by: str, preferred) -> object | None:
    """``preferred`` if it selects some but not all rows by ``by``; else the most common such value."""
    values = meta[by].dropna()
    values = values[values.astype(str) != ""]
    counts = values.value_counts()
    if len(counts) < 2 and not (len(counts) == 1 and counts.iloc[0] < len(meta)):
        return None
    if preferred in counts.index and counts[preferred] < len(meta):
        return preferred
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return _plain(ranked[0][0])


def _plain(value):
    """A numpy scalar as the Python value it holds (so it prints as ``2020``, not ``np.int64(2020)``)."""
    return value.item() if isinstance(value, np.generic) else value


def keyness_target(meta: pd.DataFrame, by: str, preferred) -> tuple[str, object | None]:
    """Choose a group to compare with the rest in :func:`keyness`.

    A corpus folder may not have the group asked for (no province report, one year only), so
    this falls back step by step: the ``preferred`` value of ``by``; else the value of ``by``
    shared by most reports that still leaves a reference (ties: the smallest value); else the
    latest ``year`` against the earlier ones; else the first report (by ``doc_id``) alone.

    Args:
        meta: one row per analysed report (:func:`govreports.documents.reports_table`), with the column ``by``.
        by: the grouping column (``admin_level``, ``year``, ``city`` ...).
        preferred: the value wanted, e.g. ``"province"``.

    Returns:
        ``(by, target)``; ``target`` is ``None`` only when there are fewer than two reports.

    Example:
        >>> meta = pd.DataFrame({"doc_id": ["a", "b", "c"], "year": [2019, 2020, 2020], "level": ["city"] * 3})
        >>> keyness_target(meta, "year", 2019), keyness_target(meta, "year", 2021), keyness_target(meta, "level", "province")
        (('year', 2019), ('year', 2020), ('year', 2020))
    """
    if by in meta.columns:
        target = _split_value(meta, by, preferred)
        if target is not None:
            return by, target
    if "year" in meta.columns:
        years = pd.to_numeric(meta["year"], errors="coerce").astype("float64").dropna()
        if years.nunique() > 1 or (years.nunique() == 1 and len(years) < len(meta)):
            return "year", _plain(meta.loc[years.index[years == years.max()][0], "year"])
    if len(meta) > 1:
        return "doc_id", sorted(meta["doc_id"])[0]
    return "doc_id", None


def describe_target(reports: pd.DataFrame, by: str, target) -> str:
    """Say in one line which reports :func:`keyness_target` compares with which.

    Example:
        >>> reports = pd.DataFrame({"label": ["2019 宁波", "2020 浙江"], "level": ["city", "province"]})
        >>> describe_target(reports, "level", "province")
        'target: level = province (2020 浙江); reference: the other 1 report'
    """
    if target is None:
        return "no keyness: it needs at least two reports"
    in_target = reports[by].isin([target])  # as keyness splits: a missing value is in the reference
    n_reference = int((~in_target).sum())
    names = ", ".join(reports.loc[in_target, "label"])
    return f"target: {by} = {target} ({names}); reference: the other {n_reference} report{'s' if n_reference != 1 else ''}"


def keyness_extremes(key: pd.DataFrame, *, n: int = 10, min_count: int = 5) -> pd.DataFrame:
    """The ``n`` most over- and the ``n`` most under-used terms of a keyness table.

    Args:
        key: :func:`keyness` output.
        n: terms on each side.
        min_count: least combined count (target + reference) of a term to be shown, so that a
            word used three times in one report does not head the list.

    Returns:
        ``key``'s columns plus ``side`` (``target`` for G² > 0, ``reference`` for G² < 0):
        the target's terms by G² descending, then the reference's by G² ascending (strongest
        first), ties by term.
    """
    frequent = key[(key["n_target"] + key["n_reference"]) >= min_count]
    over = frequent[frequent["G2"] > 0].sort_values(["G2", "term"], ascending=[False, True], kind="stable").head(n)
    under = frequent[frequent["G2"] < 0].sort_values(["G2", "term"], ascending=[True, True], kind="stable").head(n)
    return pd.concat([over.assign(side="target"), under.assign(side="reference")], ignore_index=True)


# --- checking a claim ------------------------------------------------------------------------------


def kwic_check(hits: pd.DataFrame, freq: pd.DataFrame, reports: pd.DataFrame, term: str) -> pd.DataFrame:
    """Per report: a term's KWIC lines next to its count in the frequency table.

    Args:
        hits: :func:`kwic` output for ``term``.
        freq: the frequency table of the same reports.
        reports: :func:`govreports.documents.reports_table` output (order and ``date``).
        term: the term.

    Returns:
        DataFrame ``doc_id, date, kwic_lines, frequency_count, agree`` in report order, every
        report included (zeros too).
    """
    lines = hits.groupby("doc_id").size()
    counts = freq[freq["term"] == term].groupby("doc_id")["count"].sum()
    table = reports[["doc_id", "date"]].copy()
    table["kwic_lines"] = table["doc_id"].map(lines).fillna(0).astype("int64")
    table["frequency_count"] = table["doc_id"].map(counts).fillna(0).astype("int64")
    table["agree"] = table["kwic_lines"] == table["frequency_count"]
    return table.reset_index(drop=True)


