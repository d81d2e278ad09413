"""Parallel: run a function over many documents on several cores, results in input order.

One helper, used by the stages that work document by document (loading, segmentation, slogan
search). ``workers`` defaults to ``$GOVREPORTS_WORKERS`` (else 1, which runs in this process, so
results and errors are exactly those of a plain loop).

Worker processes never outlive the process that started them: on Linux the kernel kills them
when it dies (``PR_SET_PDEATHSIG``), and everywhere a watch thread in each worker exits it
within a second once its parent is gone (so even ``kill -9`` of the main process leaves no
worker running).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


#: Seconds between two checks of a worker's watch thread that its parent is still alive.
PARENT_CHECK_SECONDS = 0.5


def default_workers() -> int:
    """``$GOVREPORTS_WORKERS`` as a positive number, else 1 (with a warning if it is set to nonsense)."""
    setting = os.environ.get("GOVREPORTS_WORKERS", "").strip()
    if not setting:
        return 1
    try:
        workers = int(setting)
    except ValueError:
        workers = 0
    if workers < 1:
        warnings.warn(f"GOVREPORTS_WORKERS={setting!r} is not a positive whole number: using 1 worker", stacklevel=2)
        return 1
    return workers


def _die_with_parent(parent: int) -> None:
    """Worker initializer: end this process when the process ``parent`` is gone."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the kernel kills us when the parent dies
        except (OSError, AttributeError):
            pass  # the watch thread below still does it
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


#: Jobs sent ahead per worker process by :func:`map_in_processes` (enough to keep each busy).
IN_FLIGHT_PER_WORKER = 4


def map_in_processes(function: Callable[[T], R], items: Iterable[T], workers: int | None = None) -> Iterator[R]:
    """Yield ``function(item)`` for each item, in order, using ``workers`` processes.

    Args:
        function: a module-level function (it is sent to the worker processes by name).
        items: its inputs; with several workers only a few per worker are in flight at once. A
            list of one item is done in this process (starting processes would cost more).
        workers: processes to use; ``None`` means :func:`default_workers`.

    Example:
        >>> list(map_in_processes(len, ["两山", "八八战略"], workers=1))
        [2, 4]
    """
    workers = default_workers() if workers is None else max(1, workers)
    if workers == 1 or (isinstance(items, Sized) and len(items) <= 1):  # one job (one file changed): here
        yield from map(function, items)
        return
    from govreports.store import release_memory

    # forked workers share the parent's pages until either writes to one: the freed heap is given
    # back first (a worker allocating into it would copy it), and the parent's objects are frozen
    # out of the collector while the pool runs (a collection in a worker touches every object's
    # header, which copies every page holding one)
    release_memory()
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
            # ``pool.map`` would submit every item at once and hold all results the caller has not
            # read yet; a window of IN_FLIGHT_PER_WORKER jobs per worker keeps memory bounded, in order
            remaining = iter(items)
            pending = deque(pool.submit(function, item) for item in islice(remaining, IN_FLIGHT_PER_WORKER * workers))
            while pending:
                result = pending.popleft().result()
                pending.extend(pool.submit(function, item) for item in islice(remaining, 1))
                yield result
    finally:
        gc.unfreeze()


def map_in_threads(function: Callable[[T], R], items: Iterable[T], workers: int | None = None) -> Iterator[R]:
    """Yield ``function(item)`` for each item, in order, using ``workers`` threads of this process.

    For work that spends its time in code that lets go of the GIL (reading Parquet, Arrow compute,
    numpy on large arrays), where processes would have to send their results back: the table
    pieces of :meth:`govreports.pipeline.corpus.Corpus.sentences_table`. Each thread works on one
    item at a time (two items a thread are sent ahead); the results are those of
    ``map(function, items)``, and an error is raised at its item, as there.

    Args:
        function: any callable (it stays in this process).
        items: its inputs.
        workers: threads to use; ``None`` means :func:`default_workers`; 1 runs the plain ``map``.

    Example:
        >>> list(map_in_threads(len, ["两山", "八八战略", "一"], workers=2))
        [2, 4, 1]
    """
    workers = default_workers() if workers is None else max(1, workers)
    if workers == 1:
        yield from map(function, items)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="govreports") as pool:
        remaining = iter(items)  # two items a thread sent ahead: none waits for the caller to take a result
        pending = deque(pool.submit(function, item) for item in islice(remaining, 2 * workers))
        while pending:
            result = pending.popleft().result()
            pending.extend(pool.submit(function, item) for item in islice(remaining, 1))
            yield result


#: Documents a stage sends to a worker process in one job (:func:`batched`): a shared argument
#: (the slogan lexicon) is pickled once per batch, and results travel together.
DOCUMENTS_PER_JOB = 16


def batched(items: list, size: int) -> list[list]:
    """``items`` cut into consecutive lists of ``size`` (the last one shorter).

    Example:
        >>> batched([1, 2, 3, 4, 5], 2)
        [[1, 2], [3, 4], [5]]
    """
    return [items[i : i + size] for i in range(0, len(items), size)]


def joined_tables(frames: list) -> tuple:
    """Some documents' tables as one: ``(rows, lengths)``, for a worker to send back (:func:`concatenated_tables`).

    One DataFrame pickles in about the time of one of its pieces (≈ 1 ms a table, most of it the
    frame's structure, not its rows), so a batch of 16 reports' tables travels 16 times faster
    as one. ``rows`` holds the rows of the tables that have any, in order (``None`` if none has).
    """
    import pandas as pd

    full = [frame for frame in frames if len(frame)]
    rows = (full[0] if len(full) == 1 else pd.concat(full, ignore_index=True)) if full else None
    return rows, [len(frame) for frame in frames]


def concatenated_tables(joined: Iterable[tuple], empty, counted=None) -> tuple:
    """All documents' tables as one, from what :func:`joined_tables` made of each batch: ``(rows, lengths)``.

    What :func:`govreports.store.stored_rows_whole` takes: the rows of every document in order
    and each one's number of rows, never cut into a table per document. ``empty`` (the caller's
    table without rows) stands for the rows when no document has any. The dtypes of a column are
    those the concatenation of the tables with rows gives it, as ``pd.concat`` of the documents'
    tables would (a batch's own concatenation gives each of its columns the common dtype too).

    Args:
        joined: ``(rows, lengths)`` of each batch, in order.
        empty: a table with the columns and no rows.
        counted: wraps the documents' lengths as they come (a progress bar), if given.
    """
    import pandas as pd

    pieces = []

    def documents():
        for rows, lengths in joined:
            if rows is not None:
                pieces.append(rows)
            yield from lengths

    lengths = list(documents() if counted is None else counted(documents()))
    rows = (pieces[0] if len(pieces) == 1 else pd.concat(pieces, ignore_index=True)) if pieces else empty
    return rows, lengths


def document_source(doc):
    """What a worker process is sent to read a document's text from (:func:`source_text`).

    A lean document (one a loaded corpus reads back from the table store: it has a
    ``text_id``) is sent itself: it pickles in under 1 KB and reads its text back in the worker.
    Any other object is sent as its text (an object of the caller's own may not pickle).

    Example:
        >>> from types import SimpleNamespace
        >>> document_source(SimpleNamespace(text="两山", text_id=None))
        '两山'
    """
    return doc if getattr(doc, "text_id", None) else doc.text


def source_text(source) -> str:
    """The text of what :func:`document_source` made (read back here for a lean document)."""
    return source if isinstance(source, str) else source.text
