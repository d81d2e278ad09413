"""Tests for govreports.parallel: results in order, and only a window of jobs in flight."""

from __future__ import annotations

import pytest

from govreports.parallel import IN_FLIGHT_PER_WORKER, map_in_processes


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
