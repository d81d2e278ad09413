"""Progress bars: shown on a terminal and for long stages in a kernel; silent under CI, pipes, --quiet."""

from __future__ import annotations

import io
import sys

import pytest

from govreports import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("GOVREPORTS_PROGRESS", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    "env, tty, kernel, total, shown",
    [
        ({}, True, False, 10, True),                       # a terminal: shown (after the delay)
        ({}, False, False, 10_000, False),                 # a pipe or a log file: never
        ({"CI": "true"}, True, False, 10_000, False),      # CI: never
        ({"GOVREPORTS_PROGRESS": "0"}, True, False, 10_000, False),
        ({"GOVREPORTS_PROGRESS": "1"}, False, False, 3, True),
        ({}, False, True, 11, False),                      # the seeds in a notebook (nbval): never
        ({}, False, True, 13_000, True),                   # a big corpus in JupyterLab
        ({}, False, True, None, False),
    ],
)
def test_when_a_bar_is_shown(clean_env, env, tty, kernel, total, shown):
    for name, value in env.items():
        clean_env.setenv(name, value)
    clean_env.setattr(sys, "stderr", Terminal() if tty else io.StringIO())
    if kernel:
        clean_env.setitem(sys.modules, "ipykernel", object())
    assert progress.show_progress(total) is shown


def test_quiet_silences_even_a_terminal(clean_env):
    clean_env.setattr(sys, "stderr", Terminal())
    with progress.silenced(True):
        assert not progress.show_progress(10_000)
        with progress.silenced(False):  # an inner block cannot switch it back on
            assert not progress.show_progress(10_000)
    assert progress.show_progress(10_000)


def test_a_silent_stage_gets_its_items_unchanged(clean_env):
    items = ["两山", "八八战略"]
    clean_env.setattr(sys, "stderr", io.StringIO())
    assert progress.progress(items, desc="load") is items


def test_a_shown_bar_yields_every_item_in_order(clean_env):
    clean_env.setenv("GOVREPORTS_PROGRESS", "1")
    clean_env.setattr(progress, "DELAY_SECONDS", 0)
    stream = Terminal()
    clean_env.setattr(sys, "stderr", stream)
    assert list(progress.progress(iter(range(5)), total=5, desc="load", unit="file")) == [0, 1, 2, 3, 4]
    assert "load" in stream.getvalue()


def test_the_command_line_prints_no_bar_when_quiet(clean_env, capsys):
    from govreports.cli import main

    clean_env.setenv("GOVREPORTS_PROGRESS", "1")
    clean_env.setattr(progress, "DELAY_SECONDS", 0)
    assert main(["files"]) == 0
    assert "load" in capsys.readouterr().err  # the bar, forced on
    assert main(["files", "--quiet"]) == 0
    assert capsys.readouterr().err == ""
