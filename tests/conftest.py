"""Shared fixtures: the seed corpus, loaded once per test session."""

from pathlib import Path

import pytest

from govreports.corpus import load_corpus

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="session")
def seed_corpus():
    return load_corpus(SEEDS)
