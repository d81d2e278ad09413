"""Progress: a tqdm bar on the stages that go file by file or document by document.

A bar is shown on standard error

* on a terminal, once a stage has run for :data:`DELAY_SECONDS` (short stages show nothing);
* in a Jupyter kernel, for stages over at least :data:`MIN_ITEMS_IN_KERNEL` items, so the seeds'
  notebooks (and nbval, which compares their outputs) never get one;

and never under CI (``$CI`` set), when standard error is not a terminal outside a kernel
(a pipe, a log file), with ``--quiet`` on the command line, or with ``GOVREPORTS_PROGRESS=0``
(``GOVREPORTS_PROGRESS=1`` shows it wherever it can). A bar never changes a result.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: Seconds a stage runs before its bar appears.
DELAY_SECONDS = 2.0
#: In a Jupyter kernel, stages over fewer items than this never show a bar.
MIN_ITEMS_IN_KERNEL = 200


_silenced = [False]


@contextlib.contextmanager
def silenced(quiet: bool = True):
    """Within this block, no bar is shown if ``quiet`` (the command line's ``--quiet``)."""
    before = _silenced[0]
    _silenced[0] = before or quiet
    try:
        yield
    finally:
        _silenced[0] = before


def _setting() -> str:
    return os.environ.get("GOVREPORTS_PROGRESS", "").strip().lower()


def show_progress(total: int | None) -> bool:
    """Say whether a stage over ``total`` items shows a bar here (see the module docstring)."""
    setting = _setting()
    if _silenced[0] or setting in ("0", "no", "off", "false"):
        return False
    if setting in ("1", "yes", "on", "true"):
        return True
    if os.environ.get("CI"):
        return False
    if "ipykernel" in sys.modules:
        return total is not None and total >= MIN_ITEMS_IN_KERNEL
    stream = sys.stderr
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "doc") -> Iterator[T] | Iterable[T]:
    """``items`` with a progress bar when one is shown, else ``items`` unchanged.

    Args:
        items: what the stage goes through.
        total: how many there are (default ``len(items)`` where it has one).
        desc: the stage, shown before the bar (``load``, ``keywords`` ...).
        unit: what one item is (``file``, ``doc``).
    """
    if total is None and hasattr(items, "__len__"):
        total = len(items)
    if not show_progress(total):
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc=desc, unit=unit, delay=DELAY_SECONDS, leave=False, file=sys.stderr,
                dynamic_ncols=True)
