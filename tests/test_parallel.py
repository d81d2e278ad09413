"""Tests for govreports.parallel: results in order, and only a window of jobs in flight."""

from __future__ import annotations

import pandas as pd
import pytest

from govreports.parallel import (
    IN_FLIGHT_PER_WORKER,
    batched,
    concatenated_tables,
    document_source,
    joined_tables,
    map_in_processes,
    source_text,
)


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_the_order_of_the_items(workers):
    items = ["两山", "八八战略", "", "共同富裕示范区"] * 5
    assert list(map_in_processes(len, items, workers=workers)) == [2, 4, 0, 7] * 5


def test_only_a_window_of_items_is_taken_before_the_first_result():
    taken = []

    def items():
        for i in range(100):
            taken.append(i)
            yield "两山" * i

    results = map_in_processes(len, items(), workers=2)
    assert next(results) == 0
    assert len(taken) <= IN_FLIGHT_PER_WORKER * 2 + 1
    assert list(results) == [2 * i for i in range(1, 100)]
    assert len(taken) == 100


@pytest.mark.parametrize("size", [1, 3, 16])
def test_batches_are_the_items_in_order(size):
    items = ["两山", "八八战略", "", "共同富裕示范区", "六稳"] * 3
    batches = batched(items, size)
    assert [item for batch in batches for item in batch] == items
    assert all(len(batch) == size for batch in batches[:-1]) and 1 <= len(batches[-1]) <= size


def _table(text: str) -> pd.DataFrame:
    """A table of a text's characters: strings, or nothing but ``None`` (object) for 〇."""
    if text == "〇":
        return pd.DataFrame({"c": [None], "n": [0]})
    return pd.DataFrame({"c": list(text), "n": range(len(text))})


@pytest.mark.parametrize("texts", [["两山", "", "八八战略"], ["", ""], ["六稳"], ["两山", "〇", "六稳", ""]],
                         ids=["some empty", "all empty", "one", "strings and None"])
def test_tables_joined_by_batch_concatenate_as_the_tables(texts):
    tables = [_table(text) for text in texts]
    empty = _table("")
    counted = []
    rows, lengths = concatenated_tables([joined_tables(tables[:2]), joined_tables(tables[2:])], empty,
                                        lambda items: (counted.append(n) or n for n in items))
    assert lengths == counted == [len(table) for table in tables]
    full = [table for table in tables if len(table)]
    if full:  # the rule: the tables with rows concatenated
        pd.testing.assert_frame_equal(rows, pd.concat(full, ignore_index=True))
    else:
        assert rows is empty


def test_a_single_item_is_done_in_this_process():
    import os

    pids = list(map_in_processes(lambda _: os.getpid(), [["两山", "六稳"]], workers=2))
    assert pids == [os.getpid()]  # a lambda cannot be sent to a worker: it ran here


def test_the_collector_is_thawed_after_a_pool():
    import gc

    assert list(map_in_processes(len, ["两山", "八八战略"], workers=2)) == [2, 4]
    assert gc.get_freeze_count() == 0


def test_a_document_is_sent_as_its_text_unless_it_is_lean():
    from types import SimpleNamespace

    kept = SimpleNamespace(text="两山", text_id=None)
    lean = SimpleNamespace(text="八八战略", text_id="k#0")
    assert document_source(kept) == "两山" and document_source(lean) is lean
    assert [source_text(document_source(doc)) for doc in (kept, lean)] == ["两山", "八八战略"]
