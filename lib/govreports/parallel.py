"""Parallel: run a function over many documents on several cores, results in input order.

One helper, used by the stages that work document by document (loading, segmentation, slogan
search). ``workers`` defaults to ``$GOVREPORTS_WORKERS`` (else 1, which runs in this process, so
results and errors are exactly those of a plain loop).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """``$GOVREPORTS_WORKERS`` as a positive number, else 1."""
    try:
        return max(1, int(os.environ.get("GOVREPORTS_WORKERS", "1")))
    except ValueError:
        return 1


def map_in_processes(function: Callable[[T], R], items: Iterable[T], workers: int | None = None) -> Iterator[R]:
    """Yield ``function(item)`` for each item, in order, using ``workers`` processes.

    Args:
        function: a module-level function (it is sent to the worker processes by name).
        items: its inputs; with several workers only a few per worker are in flight at once.
        workers: processes to use; ``None`` means :func:`default_workers`.

    Example:
        >>> list(map_in_processes(len, ["两山", "八八战略"], workers=1))
        [2, 4]
    """
    workers = default_workers() if workers is None else max(1, workers)
    if workers == 1:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(function, items, chunksize=1)
