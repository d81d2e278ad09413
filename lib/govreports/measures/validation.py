"""Validity that can be recomputed: hand judgements kept as files, the figures computed from them.

A figure of precision or recall is only as good as the judgements behind it, so the judgements are
committed (``data/validation/``, each file with a header saying who judged what, how the sample was
drawn and from which corpus) and the figures are computed from them, never typed:

=============================  ======================================  ================================
file                           what a reader judged                    figure
=============================  ======================================  ================================
``slogan_precision.csv``       a random sample of distinct slogans      :func:`slogan_precision`
                               (first use of each, in context): is it
                               a set formulation (提法)?
``slogan_recall_passages.csv`` whole passages of the seed reports,      :func:`slogan_recall`
``slogan_recall.csv``          read by hand; every slogan in them
``theme_precision.csv``        a random sample of matches of each       :func:`theme_precision`
                               theme dictionary, in context: is this
                               use about the theme?
=============================  ======================================  ================================

The samples are drawn by :func:`slogan_sample` and :func:`theme_sample` (fixed seeds), so a reader
can draw the same rows again and check the judgements, or draw a new sample on another corpus.
Intervals are Wilson score intervals (95 %). Judged rows that the detector no longer produces (the
rules changed since) are counted as ``n_stale`` and left out of the figure, so a stale file shows.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from govreports.datafiles import read_csv_frame
from govreports.paths import DATA_DIR

VALIDATION_DIR = DATA_DIR / "validation"
SLOGAN_PRECISION_FILE = VALIDATION_DIR / "slogan_precision.csv"
SLOGAN_RECALL_PASSAGES_FILE = VALIDATION_DIR / "slogan_recall_passages.csv"
SLOGAN_RECALL_FILE = VALIDATION_DIR / "slogan_recall.csv"
THEME_PRECISION_FILE = VALIDATION_DIR / "theme_precision.csv"
#: Seeds of the samples in the committed files.
SLOGAN_SAMPLE_SEED, THEME_SAMPLE_SEED = 15, 15
#: Context shown around a sampled use (characters for slogans, tokens for themes).
CONTEXT_CHARS, CONTEXT_TOKENS = 20, 8


def read_judgements(path: str | Path) -> pd.DataFrame:
    """Read a judgement file: CSV with a ``#`` comment header, every cell as text (:func:`govreports.datafiles.read_csv_frame`).

    Raises:
        FileNotFoundError: naming the file.
        ValueError: naming the file (and the line), if it has no header row or a malformed row.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"judgement file not found: {path}")
    return read_csv_frame(path)


def wilson_interval(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a proportion (95 % by default).

    Example:
        >>> [round(x, 3) for x in wilson_interval(9, 10)]
        [0.596, 0.982]
    """
    if n == 0:
        return math.nan, math.nan
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _judged(values: pd.Series, path: Path, column: str) -> pd.Series:
    bad = sorted(set(values) - {"0", "1"})
    if bad:
        raise ValueError(f"{path}: column {column} must be 1 or 0, not {bad}")
    return values.astype(int)


def _figure(measure: str, what: str, n_correct: int, n: int, n_stale: int, source: str) -> dict[str, Any]:
    low, high = wilson_interval(n_correct, n)
    return {"measure": measure, "what": what, "n_judged": n, "n_correct": n_correct,
            "value": n_correct / n if n else math.nan, "ci_low": low, "ci_high": high,
            "n_stale": n_stale, "source": source}


#: Columns of the figures tables.
FIGURE_COLUMNS = ["measure", "what", "n_judged", "n_correct", "value", "ci_low", "ci_high", "n_stale", "source"]


# --- slogans ----------------------------------------------------------------------------------------

def slogan_sample(mentions: pd.DataFrame, texts: Mapping[str, str], *, n: int = 100,
                  seed: int = SLOGAN_SAMPLE_SEED, width: int = CONTEXT_CHARS) -> pd.DataFrame:
    """Draw distinct slogans to judge: the first use of each (document, then text order), in context.

    Args:
        mentions: :func:`govreports.measures.slogans.corpus_slogan_mentions`.
        texts: ``doc_id → cleaned text``.
        n: how many distinct slogans (all if fewer).
        seed: the random seed.
        width: characters of context on each side.

    Returns:
        ``slogan, doc_id, start, end, left, surface, right, rule``, sorted by slogan (code point).
    """
    first = mentions.drop_duplicates("slogan").reset_index(drop=True)
    picked = sorted(random.Random(seed).sample(range(len(first)), min(n, len(first))))
    rows = []
    for row in first.iloc[picked].itertuples(index=False):
        text = texts[row.doc_id]
        rows.append({"slogan": row.slogan, "doc_id": row.doc_id, "start": int(row.start), "end": int(row.end),
                     "left": text[max(0, row.start - width) : row.start].replace("\n", " "),
                     "surface": text[row.start : row.end],
                     "right": text[row.end : row.end + width].replace("\n", " "), "rule": row.rule})
    return pd.DataFrame(rows).sort_values("slogan", ignore_index=True)


def slogan_precision(mentions: pd.DataFrame, judged: pd.DataFrame | None = None) -> pd.DataFrame:
    """Precision of the slogan detector from the hand-judged sample of distinct slogans.

    A judged row counts while the detector still finds that slogan at that place
    (``doc_id, start, end, slogan``); otherwise it is stale.

    Args:
        mentions: :func:`govreports.measures.slogans.corpus_slogan_mentions` of the corpus judged (the seeds).
        judged: the judgements (default :data:`SLOGAN_PRECISION_FILE`).

    Returns:
        One row (:data:`FIGURE_COLUMNS`): ``measure = precision``, ``what = distinct slogans``.
    """
    path = SLOGAN_PRECISION_FILE
    judged = read_judgements(path) if judged is None else judged
    correct = _judged(judged["correct"], path, "correct")
    found = set(zip(mentions["doc_id"], mentions["start"].astype(int), mentions["end"].astype(int), mentions["slogan"]))
    live = [(d, int(s), int(e), g) in found for d, s, e, g in zip(judged["doc_id"], judged["start"], judged["end"], judged["slogan"])]
    live = pd.Series(live, index=judged.index)
    return pd.DataFrame([_figure("precision", "distinct slogans (first use, random sample)", int(correct[live].sum()),
                                 int(live.sum()), int((~live).sum()), path.name)], columns=FIGURE_COLUMNS)


def slogan_recall(mentions: pd.DataFrame, texts: Mapping[str, str], *, listed: pd.DataFrame | None = None,
                  passages: pd.DataFrame | None = None) -> pd.DataFrame:
    """Recall of the slogan detector on passages read by hand: the slogans a reader listed that it finds.

    A listed slogan (``doc_id, start, end``: its characters in the cleaned text) is found when a
    mention of the detector overlaps it.

    Args:
        mentions: :func:`govreports.measures.slogans.corpus_slogan_mentions` of the corpus read (the seeds).
        texts: ``doc_id → cleaned text`` (each passage's opening words are checked against it).
        listed, passages: default :data:`SLOGAN_RECALL_FILE`, :data:`SLOGAN_RECALL_PASSAGES_FILE`.

    Returns:
        Two rows (:data:`FIGURE_COLUMNS`), ``measure = recall``: every listed use, and the uses
        whose note says ``clear`` (borderline ones left out); ``n_stale`` counts listed uses whose
        words are no longer at their offsets.

    Raises:
        ValueError: naming the file, if a passage's text no longer opens with its recorded words.
    """
    listed = read_judgements(SLOGAN_RECALL_FILE) if listed is None else listed
    passages = read_judgements(SLOGAN_RECALL_PASSAGES_FILE) if passages is None else passages
    for row in passages.itertuples(index=False):
        text = texts.get(row.doc_id, "")
        if not text[int(row.start):].startswith(row.opening):
            raise ValueError(f"{SLOGAN_RECALL_PASSAGES_FILE}: passage of {row.doc_id} at {row.start} no longer "
                             f"opens with {row.opening!r}")
    spans: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in zip(mentions["doc_id"], mentions["start"], mentions["end"]):
        spans.setdefault(doc_id, []).append((int(start), int(end)))
    live, found = [], []
    for row in listed.itertuples(index=False):
        start, end = int(row.start), int(row.end)
        live.append(texts.get(row.doc_id, "")[start:end] == row.surface)
        found.append(live[-1] and any(s < end and start < e for s, e in spans.get(row.doc_id, ())))
    live, found = pd.Series(live, index=listed.index), pd.Series(found, index=listed.index)
    clear = listed["note"].str.startswith("clear")
    n_chars = sum(int(r.end) - int(r.start) for r in passages.itertuples(index=False))
    where = f"{len(passages)} passages read by hand ({n_chars} characters)"
    rows = [_figure("recall", f"slogans listed in {where}", int(found.sum()), int(live.sum()),
                    int((~live).sum()), SLOGAN_RECALL_FILE.name),
            _figure("recall", "the clear ones of them (borderline left out)", int(found[clear].sum()),
                    int(live[clear].sum()), int((~live[clear]).sum()), SLOGAN_RECALL_FILE.name)]
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


def missed_slogans(mentions: pd.DataFrame, texts: Mapping[str, str], listed: pd.DataFrame | None = None) -> pd.DataFrame:
    """The slogans listed by hand that the detector does not find (``doc_id, start, end, surface, note``)."""
    listed = read_judgements(SLOGAN_RECALL_FILE) if listed is None else listed
    spans = {}
    for doc_id, start, end in zip(mentions["doc_id"], mentions["start"], mentions["end"]):
        spans.setdefault(doc_id, []).append((int(start), int(end)))
    keep = [not any(s < int(r.end) and int(r.start) < e for s, e in spans.get(r.doc_id, ()))
            for r in listed.itertuples(index=False)]
    return listed[keep].reset_index(drop=True)


# --- themes -----------------------------------------------------------------------------------------

def _token_lists(tokens: pd.DataFrame) -> dict[str, tuple[list[str], list[bool]]]:
    """``doc_id → (tokens in text order, whether each is a counted term)``."""
    lists = {}
    for doc_id, group in tokens.sort_values(["doc_id", "position"], kind="stable").groupby("doc_id", sort=False):
        terms = group["is_term"].tolist() if "is_term" in group.columns else [True] * len(group)
        lists[doc_id] = (group["token"].tolist(), terms)
    return lists


def theme_sample(tokens: pd.DataFrame, themes: Mapping[str, Iterable[str]], *, n: int = 20,
                 seed: int = THEME_SAMPLE_SEED, width: int = CONTEXT_TOKENS) -> pd.DataFrame:
    """Draw matches of each theme dictionary to judge, with their context in tokens.

    A match is what :func:`govreports.measures.themes.theme_attention` counts: a counted term (not a stop
    word) that is a term of the theme.

    Args:
        tokens: :func:`govreports.measures.tokens.tokens_table` with ``terms_only=False`` (every token, so the
            context reads as the report does).
        themes: ``{theme: terms}`` (:func:`govreports.measures.themes.load_themes`).
        n: matches per theme (all if fewer).
        seed: the random seed (one generator, themes in sorted order).
        width: tokens of context on each side.

    Returns:
        ``theme, doc_id, position, term, left, right``, by theme then document and position
        (``position``: the token's index in the report's full segmentation).
    """
    rng = random.Random(seed)
    lists = _token_lists(tokens)
    rows = []
    for theme in sorted(themes):
        terms = set(themes[theme])
        hits = [(doc_id, i) for doc_id, (toks, counted) in lists.items()
                for i, tok in enumerate(toks) if counted[i] and tok in terms]
        for doc_id, i in sorted(rng.sample(hits, min(n, len(hits)))):
            toks = lists[doc_id][0]
            rows.append({"theme": theme, "doc_id": doc_id, "position": i, "term": toks[i],
                         "left": "".join(toks[max(0, i - width) : i]).replace("\n", " "),
                         "right": "".join(toks[i + 1 : i + 1 + width]).replace("\n", " ")})
    return pd.DataFrame(rows, columns=["theme", "doc_id", "position", "term", "left", "right"])


def theme_precision(tokens: pd.DataFrame | None = None, judged: pd.DataFrame | None = None) -> pd.DataFrame:
    """Precision of each theme dictionary from its hand-judged sample.

    Args:
        tokens: the token table the sample was drawn from; when given, a judged row whose token at
            ``position`` is no longer ``term`` is stale.
        judged: default :data:`THEME_PRECISION_FILE`.

    Returns:
        One row per theme (:data:`FIGURE_COLUMNS`), ``measure = precision``, ``what`` the theme;
        ``source`` names the judgement file and the dictionary's own stated source
        (:func:`govreports.measures.themes.theme_sources`).
    """
    path = THEME_PRECISION_FILE
    judged = read_judgements(path) if judged is None else judged
    relevant = _judged(judged["relevant"], path, "relevant")
    live = pd.Series(True, index=judged.index)
    if tokens is not None:
        words = {doc_id: toks for doc_id, (toks, _) in _token_lists(tokens).items()}
        live = pd.Series([int(p) < len(words.get(d, [])) and words[d][int(p)] == t
                          for d, p, t in zip(judged["doc_id"], judged["position"], judged["term"])], index=judged.index)
    from govreports.measures.themes import theme_sources

    sources = dict(zip(*theme_sources()[["theme", "source"]].T.values))
    rows = []
    for theme in sorted(set(judged["theme"])):
        mine = judged["theme"] == theme
        source = f"{path.name}; dictionary: {sources.get(theme) or 'no source stated'}"
        rows.append(_figure("precision", theme, int(relevant[mine & live].sum()), int((mine & live).sum()),
                            int((mine & ~live).sum()), source))
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


def validity_table(corpus) -> pd.DataFrame:
    """Every recomputed figure for the corpus the judgements were made on (the seeds).

    Args:
        corpus: :func:`govreports.pipeline.corpus.load_corpus` of the seeds.

    Returns:
        Slogan precision, slogan recall, then each theme's precision (:data:`FIGURE_COLUMNS`).
    """
    from govreports.measures.slogans import corpus_slogan_mentions
    from govreports.measures.tokens import tokens_table

    reports = corpus.reports()
    mentions = corpus_slogan_mentions(reports)
    texts = {d.doc_id: d.text for d in reports}
    tokens = tokens_table(reports, terms_only=False)
    return pd.concat([slogan_precision(mentions), slogan_recall(mentions, texts), theme_precision(tokens)],
                     ignore_index=True)
