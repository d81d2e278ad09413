"""Duplicates: the same report twice in one corpus (two sources, or a newspaper and a web copy).

Two documents are copies when most of the shorter one's text is found in the longer one:
the share of the shorter text's clauses (text between punctuation marks, compared after NFKC
normalisation with white space removed, so half- and full-width copies match) that also occur in
the longer text is at least :data:`MIN_CONTAINMENT`. Clauses rather than character n-grams keep
this fast on thousands of documents. Only documents of the same type are compared, and, when both state
them, only documents of the same city and year.

Which copy is kept: a whole one over a partial one, then one whose city and year are known,
then the longer, then the one read first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from govreports.text import nfkc

#: Share of the shorter document's clauses found in the longer one that makes them copies.
MIN_CONTAINMENT = 0.8
#: Clauses shorter than this (after normalisation) are too common to tell documents apart.
MIN_CLAUSE = 4
_CLAUSE_BREAK = re.compile(r"[,;:!?、。；：！？，\n()（）“”\"']+")


@dataclass(frozen=True)
class Candidate:
    """What duplicate detection needs to know about one document."""

    key: int
    doc_type: str
    city: str
    year: int | None
    partial: bool
    text: str

    @property
    def n_chars(self) -> int:
        """Characters of the text (a candidate whose text is read back on demand keeps this number)."""
        return len(self.text)


def shingles(text: str) -> set[str]:
    """The distinct clauses of ``text`` (NFKC, white space removed, at least :data:`MIN_CLAUSE` characters).

    Example:
        >>> sorted(shingles("地区生产总值增长6.5%左右，一般公共预算收入增长8%。"))
        ['一般公共预算收入增长8%', '地区生产总值增长6.5%左右']
    """
    flat = "".join(nfkc(text).split())  # white space removed (str.split cuts where \s matches)
    return {c for c in _CLAUSE_BREAK.split(flat) if len(c) >= MIN_CLAUSE}


def containment(shorter: set[str], longer: set[str]) -> float:
    """Share of ``shorter`` found in ``longer`` (0.0 when ``shorter`` is empty)."""
    return len(shorter & longer) / len(shorter) if shorter else 0.0


def _comparable(a: Candidate, b: Candidate) -> bool:
    if a.doc_type != b.doc_type:
        return False
    if a.city and b.city and a.city != b.city:
        return False
    return not (a.year and b.year and a.year != b.year)


def _preference(c: Candidate) -> tuple:
    return (c.partial, not (c.city and c.year), -c.n_chars, c.key)


def candidate_pairs(candidates: Sequence[Candidate]) -> list[tuple[Candidate, Candidate]]:
    """The pairs of documents that can be copies, in the order :func:`find_duplicates` compares them.

    Only documents of the same type, and of the same city and year where both state them; in
    order of the smaller key, then the larger (:func:`candidate_positions` gives them as positions).
    """
    first, second = candidate_positions(candidates)
    return [(candidates[i], candidates[j]) for i, j in zip(first.tolist(), second.tolist())]


def candidate_positions(candidates: Sequence[Candidate]):
    """:func:`candidate_pairs` as two arrays of positions in ``candidates`` (``first[n], second[n]``
    is the n-th pair), made without a Python object per pair (a corpus of 3,000 reports has 42,552).

    Each document with its city and year is paired with every later one of its type, city and year;
    a document lacking either (vague) with every other of its type whose city and year do not
    contradict it, the vague document first (of two vague ones, the one with the smaller key).
    """
    import numpy as np

    n = len(candidates)
    keys = np.array([c.key for c in candidates], dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
    buckets: dict[tuple, list[int]] = {}
    vague: dict[str, list[int]] = {}
    of_type: dict[str, list[int]] = {}
    for at, c in enumerate(candidates):
        of_type.setdefault(c.doc_type, []).append(at)
        if c.city and c.year:
            buckets.setdefault((c.doc_type, c.city, c.year), []).append(at)
        else:
            vague.setdefault(c.doc_type, []).append(at)
    firsts, seconds = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for group in buckets.values():
        if len(group) > 1:
            members = np.array(group, dtype=np.int64)
            i, j = np.triu_indices(len(group), 1)
            firsts.append(members[i])
            seconds.append(members[j])
    if vague:
        cities = _codes([c.city or "" for c in candidates])  # 0: not stated
        years = _codes([c.year or "" for c in candidates])
        is_vague = np.zeros(n, dtype=bool)
        is_vague[[at for group in vague.values() for at in group]] = True
        for doc_type, group in vague.items():
            others = np.array(of_type[doc_type], dtype=np.int64)
            for a in group:
                b = others[(keys[others] > keys[a]) | (~is_vague[others] & (keys[others] != keys[a]))]
                fits = ((cities[a] == 0) | (cities[b] == 0) | (cities[b] == cities[a])) & \
                       ((years[a] == 0) | (years[b] == 0) | (years[b] == years[a]))
                b = b[fits]
                firsts.append(np.full(len(b), a, dtype=np.int64))
                seconds.append(b)
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    keep = keys[first] != keys[second]
    first, second = first[keep], second[keep]
    # in order of (smaller key, larger key), ties kept in the order made (as a stable sort of the pairs)
    ranks = np.unique(keys, return_inverse=True)[1].astype(np.int64)
    a, b = ranks[first], ranks[second]
    order = np.lexsort((np.arange(len(a)), np.maximum(a, b), np.minimum(a, b)))
    return first[order], second[order]


def _codes(values: list):
    """An integer per value, equal for equal values; 0 for the empty string (a field not stated)."""
    import numpy as np

    codes: dict = {"": 0}
    return np.array([codes.setdefault(v, len(codes)) for v in values], dtype=np.int64)


def clause_codes(text: str):
    """The distinct clauses of ``text`` (:func:`shingles`) as a sorted array of their 64-bit hashes.

    What duplicate detection keeps per compared document: 8 bytes a clause instead of a Python
    string in a set (≈ 160 bytes), so the clauses of thousands of documents fit in memory.
    Two different clauses share a hash with a chance of about 2⁻⁶⁴ a pair (the hashes are
    those of ``str``, the same within one process), so a containment computed on codes is that
    of the clauses (:func:`code_containment`; tested against :func:`containment`).

    Example:
        >>> clause_codes("地区生产总值增长6.5%左右，一般公共预算收入增长8%。").size
        2
    """
    import numpy as np

    grams = shingles(text)
    return np.unique(np.fromiter(map(hash, grams), dtype=np.int64, count=len(grams)))


def code_containment(shorter, longer) -> float:
    """:func:`containment` of two :func:`clause_codes` arrays: share of ``shorter`` found in ``longer``."""
    import numpy as np

    if not shorter.size:
        return 0.0
    if not longer.size:
        return 0.0
    at = np.searchsorted(longer, shorter).clip(max=longer.size - 1)
    return int(np.count_nonzero(longer[at] == shorter)) / shorter.size


def text_containment(pairs: Sequence[tuple[Candidate, Candidate]] | None = None, *,
                     codes: dict | None = None) -> Callable[[Candidate, Candidate], float]:
    """``containment(a, b)``: the share of the shorter text's clauses in the longer (clauses cut once per text).

    Args:
        pairs: the pairs it will be asked about, in that order (:func:`candidate_pairs`): a
            document's clauses are then let go after the last pair it is in (asked out of order,
            or about another pair, they are cut again: the same share, more time). Without
            ``pairs``, every document's clauses are kept until the function is dropped.
        codes: :func:`clause_codes` of some documents made beforehand, by key (taken from the
            dict when first needed, so they are let go as the others).
    """
    grams: dict[int, object] = {}  # made only for documents that are compared (most never are)
    where: dict[tuple[int, int], int] = {}
    last: dict[int, int] = {}
    for i, (a, b) in enumerate(pairs or ()):
        where.setdefault((a.key, b.key), i)
        last[a.key] = last[b.key] = i
    ends = sorted(last, key=last.__getitem__)  # keys in the order their last pair comes
    done = [0]  # how many of ``ends`` are let go

    def grams_of(c: Candidate):
        if c.key not in grams:
            grams[c.key] = codes.pop(c.key) if codes and c.key in codes else clause_codes(c.text)
        return grams[c.key]

    def containment_of(a: Candidate, b: Candidate) -> float:
        short, long_ = sorted((grams_of(a), grams_of(b)), key=len)
        share = code_containment(short, long_)
        at = where.get((a.key, b.key))
        if at is not None:  # let go of the clauses no later pair needs
            while done[0] < len(ends) and last[ends[done[0]]] <= at:
                grams.pop(ends[done[0]], None)
                done[0] += 1
        return share

    return containment_of


def find_duplicates(candidates: Sequence[Candidate], *,
                    containment_of: Callable[[Candidate, Candidate], float] | None = None,
                    pairs: Sequence[tuple[Candidate, Candidate]] | None = None) -> dict[int, int]:
    """Map the key of each duplicate to the key of the copy that is kept.

    Args:
        candidates: the documents, in reading order (``key`` identifies each).
        containment_of: how much of one text is in the other (default :func:`text_containment`;
            the table store passes one that remembers the pairs it has measured).
        pairs: the pairs to go through (default :func:`candidate_pairs`): the table store leaves
            out those it knows are no copies (a pair below :data:`MIN_CONTAINMENT` never joins two
            documents, so the result is the same), in the order of :func:`candidate_pairs`.

    Returns:
        ``{duplicate key: kept key}``; documents that are nobody's copy are absent.
    """
    pairs = candidate_pairs(candidates) if pairs is None else pairs
    containment_of = containment_of or text_containment(pairs)
    parent = {c.key: c.key for c in candidates}
    by_key = {c.key: c for c in candidates}

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for a, b in pairs:
        if root(a.key) == root(b.key):
            continue
        if containment_of(a, b) >= MIN_CONTAINMENT:
            ra, rb = root(a.key), root(b.key)
            keep, drop = sorted((ra, rb), key=lambda k: _preference(by_key[k]))
            parent[drop] = keep
    return {k: root(k) for k in parent if root(k) != k}
