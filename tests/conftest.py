"""Shared fixtures: the seed corpus, loaded once per test session."""


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

