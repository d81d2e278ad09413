"""The library's layout: each concept has one home (issue 11).

These tests read the package's source (with :mod:`ast`), not its behaviour: a second definition
of a shared name, a second copy of a pattern, an environment variable for a path read outside
``paths``, or a comment rule for the data files written outside ``datafiles`` fails here, so the layout stays what the
README's "How the library works" says it is.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from govreports import paths

MODULES = sorted(p for p in paths.PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)

#: Names several modules may each define for themselves: a command's entry point, type variables.
OWN_NAMES = {"main", "T", "R"}


def _name(path: Path) -> str:
    return path.relative_to(paths.PACKAGE_DIR).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _top_level_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _compiled_patterns(tree: ast.Module) -> set[str]:
    """The literal patterns passed to ``re.compile`` anywhere in a module."""
    found = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "compile"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.add(node.args[0].value)
    return found


def test_the_package_has_modules_in_every_stage_package():
    packages = {p.parent.name for p in MODULES if p.parent != paths.PACKAGE_DIR}
    assert {"pipeline", "measures", "compare", "plots", "report"} <= packages


def test_no_name_is_defined_in_two_modules():
    homes = defaultdict(list)
    for path in MODULES:
        for name in _top_level_names(_tree(path)) - OWN_NAMES:
            homes[name].append(_name(path))
    twice = {name: where for name, where in homes.items() if len(where) > 1}
    assert twice == {}


def test_no_pattern_is_written_in_two_modules():
    homes = defaultdict(list)
    for path in MODULES:
        for pattern in _compiled_patterns(_tree(path)):
            homes[pattern].append(_name(path))
    twice = {pattern: where for pattern, where in homes.items() if len(where) > 1}
    assert twice == {}


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_a_module_says_what_it_is_not_which_notebook_uses_it(path):
    docstring = ast.get_docstring(_tree(path)) or ""
    assert docstring, f"{_name(path)} has no docstring"
    assert not re.search(r"notebooks? \d\d", docstring.split("\n\n")[0]), docstring.split("\n\n")[0]


def test_path_settings_are_read_in_paths_only():
    readers = defaultdict(list)
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        for variable in re.findall(r"environ(?:\.get)?\(\s*[\"'](GOVREPORTS_\w*(?:DIR|CACHE|FIGURES|STORE_DIR)|CORPUS)[\"']", text):
            readers[variable].append(_name(path))
    assert readers, "no path setting found: the pattern of this test is out of date"
    assert {v: sorted(set(w)) for v, w in readers.items()} == {v: ["paths.py"] for v in readers}


def test_the_comment_rule_of_the_data_files_is_written_once():
    rule = re.compile(r"""startswith\(\s*["']#["']|["']#["']\s+in\b|(?:split|partition)\(\s*["']#["']""")
    writers = sorted(_name(p) for p in MODULES if rule.search(p.read_text(encoding="utf-8")))
    assert writers == ["datafiles.py"]
