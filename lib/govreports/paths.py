"""Every path the project uses, in one place.

``ROOT`` is the repository checkout (the package is installed editable from ``lib/``).
The corpus folder defaults to ``seeds/`` and can be pointed elsewhere with the environment
variable ``CORPUS`` (notebooks and the command line both honour it), so no notebook ever spells
a relative path like ``'../seeds'``.
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
