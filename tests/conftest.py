"""Shared fixtures: the seed corpus (loaded once per test session), private caches and a copy of the seeds."""


import pytest

from govreports import paths
from govreports.pipeline.corpus import load_corpus

SEEDS = paths.SEEDS_DIR


@pytest.fixture(scope="session")
def seed_corpus():
    return load_corpus(SEEDS)


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """A token cache of the test's own, and the default tokenizer."""
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVREPORTS_TOKENIZER", raising=False)



@pytest.fixture
def private_store(tmp_path, monkeypatch):
    """A cache (token cache and table store) of the test's own, the store switched on."""
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVREPORTS_STORE", raising=False)
    monkeypatch.delenv("GOVREPORTS_TOKENIZER", raising=False)
    return tmp_path / "cache" / "tables"


@pytest.fixture
def seeds_copy(tmp_path):
    """The seed files copied to a folder of the test's own (to be edited)."""
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def one_process(monkeypatch):
    """``GOVREPORTS_WORKERS=1``: every stage runs in the test's process (so calls can be counted)."""
    monkeypatch.setenv("GOVREPORTS_WORKERS", "1")
