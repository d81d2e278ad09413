"""Shared fixtures: the seed corpus, loaded once per test session."""

from pathlib import Path

import pytest

from govreports.corpus import load_corpus

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="session")
def seed_corpus():
    return load_corpus(SEEDS)


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """A token cache of the test's own, and the default tokenizer."""
    monkeypatch.setenv("GOVREPORTS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVREPORTS_TOKENIZER", raising=False)

