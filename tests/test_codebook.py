"""The codebook: one description per column, the same in --help and README, matching the real tables."""

import subprocess
import sys
from pathlib import Path

import pytest

from govreports import codebook, paths
from govreports.cli import TABLE_COMMANDS, build_parser

README = paths.ROOT / "README.md"


def test_every_table_command_has_a_codebook_and_nothing_else_does():
    assert list(codebook.CODEBOOK) == list(TABLE_COMMANDS)


@pytest.mark.parametrize("command", list(codebook.CODEBOOK))
def test_codebook_describes_each_column_once(command):
    columns = codebook.CODEBOOK[command].columns
    assert len(columns) == len(set(columns))


#: Arguments a command cannot do without.
REQUIRED = {"kwic": ["八八战略"]}


@pytest.mark.parametrize("command, options", [(name, []) for name in codebook.CODEBOOK] + [("compare", ["--top", "2"])])
def test_codebook_columns_are_the_tables_columns(seed_corpus, command, options):
    args = build_parser().parse_args([command, *REQUIRED.get(command, []), *options])
    table = TABLE_COMMANDS[command][1](seed_corpus, args)
    given = {option for option in options if option.startswith("--")}
    expected = [name for entry in codebook.CODEBOOK[command].entries if not entry.only_with or entry.only_with in given
                for name in entry.names]
    assert sorted(table.columns) == sorted(expected)


@pytest.mark.parametrize("command", list(codebook.CODEBOOK))
def test_readme_holds_the_codebook_as_printed_by_the_module(command):
    section = codebook.markdown(command)
    assert section in README.read_text(encoding="utf-8"), (
        f"README.md's codebook of {command!r} differs from govreports/codebook.py: "
        "paste the output of `.venv/bin/python -m govreports.codebook`")


@pytest.mark.parametrize("command", list(codebook.CODEBOOK))
def test_command_help_lists_every_column_in_plain_text(command, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    out = capsys.readouterr().out
    assert "`" not in out
    for name in codebook.CODEBOOK[command].columns:
        assert f"  {name}" in out or f", {name}" in out
    assert codebook.CODEBOOK[command].heading in out


def test_top_level_help_is_plain_text_and_names_every_command(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    out = capsys.readouterr().out
    assert "`" not in out
    for name in [*TABLE_COMMANDS, "text DOC_ID"]:
        assert f"\n  {name} " in out


@pytest.mark.parametrize(
    "markdown, plain",
    [
        ("`count / n_tokens`", "count / n_tokens"),
        ("e.g. 王纲, 代市长", "e.g. 王纲, 代市长"),
        ("`%`, `亿元` … as written", "%, 亿元 … as written"),
    ],
)
def test_plain_drops_backticks_only(markdown, plain):
    assert codebook.plain(markdown) == plain


def test_console_script_is_installed_beside_python():
    script = Path(sys.executable).with_name("govreports")
    assert script.exists(), f"{script} missing: `make setup` installs it (pyproject.toml [project.scripts])"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("usage: govreports COMMAND")
