"""Every path the project uses, and every environment variable it reads, in one place.

``ROOT`` is the repository checkout (the package is installed editable from ``lib/``).
The corpus folder defaults to ``seeds/`` and can be pointed elsewhere with the environment
variable ``CORPUS`` (notebooks and the command line both honour it), so no notebook ever spells
a relative path like ``'../seeds'``.

Environment variables that name a folder are read here, and only here:

``CORPUS``
    the corpus folder (:func:`corpus_dir`; default ``seeds/``).
``GOVREPORTS_CACHE``
    the cache folder (:func:`cache_dir`; default ``~/.cache/govreports``): tokens in
    ``tokens/``, the table store in ``tables/``.
``GOVREPORTS_FIGURES``
    the folder figures are saved to (:func:`figures_dir`; default ``figures/``), so a run on
    another corpus, or the reproducibility test, keeps its figures apart.

Settings are read by the module they set, each documented there; they are listed here so that
one place names them all:

``GOVREPORTS_MAX_FILE_MB``
    size limit of one corpus file (:func:`govreports.pipeline.load.max_file_bytes`; 50).
``GOVREPORTS_WORKERS``
    processes to load and count on (:mod:`govreports.parallel`; 1).
``GOVREPORTS_TOKENIZER``
    the tokenizer backend, ``jieba`` or ``rjieba`` (:mod:`govreports.measures.tokens`).
``GOVREPORTS_STORE``
    ``0`` turns the table store off (:func:`govreports.store.enabled`): a switch, not a
    folder, so it stays with the store; the store's folder is ``cache_dir() / "tables"``.
``GOVREPORTS_PROGRESS``
    ``0`` hides progress bars, ``1`` forces them on (:mod:`govreports.progress`; ``CI`` set
    also hides them).
``MPLBACKEND``
    matplotlib's own; ``make`` sets ``Agg`` for its batch runs and
    :mod:`govreports.report.lab` leaves it out of JupyterLab's environment.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
ROOT = PACKAGE_DIR.parents[1]
SEEDS_DIR = ROOT / "seeds"
NOTEBOOKS_DIR = ROOT / "notebooks"
FIGURES_DIR = ROOT / "figures"
REPORTS_DIR = ROOT / "reports"


def corpus_dir(folder: str | os.PathLike | None = None) -> Path:
    """Return the corpus folder to read.

    Args:
        folder: an explicit folder; if ``None``, the ``CORPUS`` environment variable, else
            ``seeds/``.

    Returns:
        The folder as an absolute ``Path`` (not checked for existence here; the loader does).
    """
    if folder is None:
        folder = os.environ.get("CORPUS") or SEEDS_DIR
    return Path(folder).expanduser().resolve()


def cache_dir() -> Path:
    """Return the token-cache folder: ``$GOVREPORTS_CACHE`` or ``~/.cache/govreports``."""
    env = os.environ.get("GOVREPORTS_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "govreports"


def figures_dir() -> Path:
    """Return the folder figures are saved to: ``$GOVREPORTS_FIGURES`` or ``figures/``."""
    env = os.environ.get("GOVREPORTS_FIGURES")
    return Path(env) if env else FIGURES_DIR


def unwritable_reason(folder: Path) -> str | None:
    """Why ``folder`` cannot be created or written (a file in the way, read-only…), or ``None``.

    Used by the token cache and the table store, each probing its own folder once per process.
    """
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".probe"):
            pass
    except OSError as error:
        return f"{type(error).__name__}: {error.strerror or error}"
    return None
