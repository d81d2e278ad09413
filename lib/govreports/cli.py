"""Command line: ``govreports COMMAND [--corpus DIR]`` (or ``python -m govreports``) prints tables as CSV.

Commands:
    documents   one row per document (the documents table), and one per file that was not loaded
    files       one row per file seen, and what became of it
    audit       every character cleaning removed, with where and why
    sentences   one row per sentence of the reports, with its part
    keywords    term frequencies per report: count, rate per 10,000 characters, share [--top N]
    slogans     one row per slogan (提法): uses, reports, cities, first year, an example [--min-docs N]
    targets     one row per growth target of each report, with the quote that states it
    compare     distinctive terms per city (log-odds with an informative Dirichlet prior) [--top N]
    results     one row per headline result of the year reviewed (GDP, revenue, income), with its quote
    panel       one row per place × target year × indicator: target, superior's target, outcome, met
    kwic TERM   every use of a term in its context [--window N]
    counts      term counts grouped by a document variable [--by city|year|admin_level|...]
    text ID     the cleaned text of one document
    export DIR  every table as CSV, Parquet and Stata, the dfm, the codebook and a manifest [--excel]
    dfm DIR     the document-feature matrix: dfm.mtx, dfm_features.csv, dfm_docvars.csv [--excel]

Every table command writes UTF-8 CSV to standard output (``> table.csv`` opens in Stata, R and
pandas; each command's ``--help`` lists its columns, from :mod:`govreports.codebook`); a cell holding a line break of any kind (``\n``, ``\r``) is quoted; ``--excel`` writes it for
Excel (a BOM, and no text cell that Excel would run as a formula). On standard error
every command says which corpus folder it read and what it found, then prints each warning (a
file not loaded, a note of the corpus, a token-cache problem) on one line; ``--quiet`` silences
both. A bad argument (unknown document id, missing folder, malformed ``metadata.csv``, a
nonsense number) or an unexpected internal error prints a one-line error, naming what was being
done and on which file, and exits with status 2; never a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for annotations only
    import pandas as pd

import argparse
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

from govreports import codebook, paths
from govreports.documents import analysed
from govreports.export import write_csv_chunks
from govreports.pipeline.corpus import DOCUMENT_COLUMNS, Corpus, ProcessingError, UnknownDocumentError, load_corpus
from govreports.pipeline.load import CorpusFolderError, SettingError
from govreports.pipeline.metadata import MetadataFileError
from govreports.progress import silenced

#: Errors that are the user's input, printed as they are.
INPUT_ERRORS = (CorpusFolderError, UnknownDocumentError, MetadataFileError, SettingError, ProcessingError)


def _number(kind: type, minimum: float, what: str) -> Callable[[str], float]:
    """An argparse ``type`` that accepts a ``kind`` number of at least ``minimum``."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {what}, not {text!r}") from None
        if not (value >= minimum and value < 1e12):  # also rejects nan and inf
            raise argparse.ArgumentTypeError(f"must be {what}, not {text!r}")
        return value
    parse.__name__ = what  # argparse names the type in its messages
    return parse


non_negative_int = _number(int, 0, "a whole number from 0")
positive_int = _number(int, 1, "a whole number from 1")


def _positive_megabytes(text: str) -> float:
    value = _number(float, 0, "a positive number of MB")(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of MB, not {text!r}")
    return value

def _keywords(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.measures.keywords import frequency_table

    table = frequency_table(corpus.reports(), compact=True)  # labels as codes; the CSV is the same
    if args.top:
        table = (table.sort_values(["doc_id", "count", "term"], ascending=[True, False, True], kind="stable")
                 .groupby("doc_id", sort=False).head(args.top).reset_index(drop=True))
    return table


def _slogans(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.measures.slogans import slogans_table

    return slogans_table(corpus.reports(), min_docs=args.min_docs)


def _targets(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.measures.targets import targets_table

    return targets_table(corpus.reports())


def _results(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.measures.targets import results_table

    return results_table(corpus.reports())


def _compare(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.compare.distinctive import distinctive_terms_table, top_distinctive

    table = distinctive_terms_table(corpus.documents)  # it chooses the comparable documents itself
    return top_distinctive(table, args.top) if args.top else table


#: Table commands: name -> (help, function(corpus, args) -> DataFrame, extra options).
TABLE_COMMANDS: dict[str, tuple[str, Callable, tuple]] = {
    "documents": ("one row per document, and one per file not loaded",
                  lambda corpus, args: corpus.documents_table(include_problems=True), ()),
    "files": ("one row per file seen, and what became of it", lambda corpus, args: corpus.files_table(), ()),
    "audit": ("every removal made by cleaning, with where and why", lambda corpus, args: corpus.audit_table(), ()),
    "sentences": ("one row per sentence of the reports", lambda corpus, args: corpus.sentences_table(compact=True), ()),
    "keywords": ("term frequencies per report", _keywords,
                 (("--top", {"type": non_negative_int, "default": 0, "metavar": "N", "help": "keep the N most frequent terms of each report (0: all)"}),)),
    "slogans": ("one row per slogan (提法)", _slogans,
                (("--min-docs", {"type": positive_int, "default": 1, "metavar": "N", "help": "keep slogans used by at least N reports"}),)),
    "targets": ("one row per growth target, with its quote", _targets, ()),
    "compare": ("distinctive terms per city (log-odds, informative Dirichlet prior)", _compare,
                (("--top", {"type": non_negative_int, "default": 0, "metavar": "N", "help": "keep the N most distinctive terms of each city (0: all)"}),)),
    "results": ("one row per headline result of the year reviewed, with its quote", _results, ()),
}


def _panel(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.compare.panel import panel_table

    return panel_table(corpus.reports())


def _kwic(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.measures.keywords import kwic

    return kwic(corpus.reports(), args.term, window=args.window)


def _counts(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.measures.keywords import counts_by_docvar, frequency_table

    return counts_by_docvar(frequency_table(corpus.reports()), corpus.documents_table(), args.by, top=args.top)


TABLE_COMMANDS.update({
    "panel": ("one row per place × target year × indicator: target, superior's target, outcome", _panel, ()),
    "kwic": ("every use of a term in its context (keyword in context)", _kwic,
             (("term", {"metavar": "TERM", "help": "the word or phrase, e.g. 八八战略"}),
              ("--window", {"type": non_negative_int, "default": 5, "metavar": "N",
                            "help": "tokens shown on each side (default 5)"}))),
    "counts": ("term counts grouped by a document variable", _counts,
               (("--by", {"default": "city", "choices": DOCUMENT_COLUMNS, "metavar": "COLUMN",
                          "help": "a column of the documents table (default city)"}),
                ("--top", {"type": non_negative_int, "default": 0, "metavar": "N",
                           "help": "keep the N most frequent terms of each group (0: all)"}))),
})


def _export(corpus: Corpus, args) -> str:
    from govreports.export import export_corpus

    manifest = export_corpus(corpus, args.folder, excel=args.excel)
    return f"wrote {len(manifest) + 1} files to {args.folder} (corpus version {corpus.version})"


def _dfm(corpus: Corpus, args) -> str:
    from govreports.export import DFM_FILES, write_dfm
    from govreports.measures.keywords import frequency_table

    documents = corpus.documents_table()
    docvars = analysed(documents).reset_index(drop=True)
    write_dfm(frequency_table(corpus.reports()), docvars, args.folder, excel=args.excel)
    return f"wrote {', '.join(DFM_FILES.values())} to {args.folder}"


#: Commands that write files into a folder: name -> (help, function(corpus, args) -> summary line).
FOLDER_COMMANDS: dict[str, tuple[str, Callable]] = {
    "export": ("every table as CSV, Parquet and Stata, the dfm, the codebook and a manifest", _export),
    "dfm": ("the document-feature matrix (Matrix Market) with its features and docvars", _dfm),
}
EXCEL_HELP = "write CSV for Excel: UTF-8 with BOM, text cells starting with = + - @ prefixed with '"


def _add_folder_commands(sub, prog: str) -> None:
    for name, (help_text, _) in FOLDER_COMMANDS.items():
        command = sub.add_parser(name, prog=f"{prog} {name}", description=f"{name} DIR: {help_text}.",
                                 epilog='README.md, section "Exports (Stata, R, Excel, quanteda)", lists the files.')
        command.add_argument("folder", metavar="DIR", help="the folder to write (created if missing)")
        _add_common_options(command)
        command.add_argument("--excel", action="store_true", help=EXCEL_HELP)


def _add_common_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--corpus", metavar="DIR", help="corpus folder (default: $CORPUS, else seeds/)")
    command.add_argument("--quiet", action="store_true",
                         help="print no summary and no warnings on standard error (errors still)")
    command.add_argument("--max-file-mb", type=_positive_megabytes, default=None, metavar="MB",
                         help="files larger than this are listed as not loaded (default: $GOVREPORTS_MAX_FILE_MB or 50)")


#: The top-level ``--help``: plain text, for a terminal.
DESCRIPTION = "Print the tables of a corpus of government work reports as CSV."
EPILOG = """\
Every table command writes UTF-8 CSV to standard output:  govreports documents > documents.csv
The corpus folder is --corpus DIR, else $CORPUS, else the repository's seeds/. On standard
error each command says which folder it read and what it found, then each warning (a file not
loaded, a note of the corpus) on one line; --quiet silences both. A bad argument (unknown
document id, missing folder, malformed metadata.csv) prints a one-line error and exits with
status 2.

"govreports COMMAND --help" lists that table's columns and what they mean (the same codebook
is in README.md, section "Command line", with the Stata, R and Excel import lines)."""
TEXT_HELP = "the cleaned text of one document"


def _prog() -> str:
    """``govreports`` for the console script, ``python -m govreports`` when run as a module."""
    return "python -m govreports" if Path(sys.argv[0]).name == "__main__.py" else "govreports"


def _commands_help() -> str:
    """The list of commands for the top-level ``--help``, one line each."""
    commands = [(name, help_text) for name, (help_text, _, _) in TABLE_COMMANDS.items()]
    commands.append(("text DOC_ID", TEXT_HELP))
    commands += [(f"{name} DIR", help_text) for name, (help_text, _) in FOLDER_COMMANDS.items()]
    width = max(len(name) for name, _ in commands) + 2
    return "commands:\n" + "\n".join(f"  {name:<{width}}{help_text}" for name, help_text in commands)


def build_parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog=_prog(), usage="%(prog)s COMMAND [--corpus DIR] [options]",
                                     description=f"{DESCRIPTION}\n\n{_commands_help()}",
                                     epilog=EPILOG, formatter_class=raw)
    # The commands are listed in the description above, one line each (argparse's own list wraps them).
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", help=argparse.SUPPRESS)
    for name, (help_text, _, options) in TABLE_COMMANDS.items():
        command = sub.add_parser(name, prog=f"{parser.prog} {name}",
                                 description=f"{name}: {help_text}; CSV on standard output.",
                                 epilog=codebook.help_text(name), formatter_class=raw)
        _add_common_options(command)
        for flag, kwargs in options:
            command.add_argument(flag, **kwargs)
        command.add_argument("--excel", action="store_true", help=EXCEL_HELP)
    _add_folder_commands(sub, parser.prog)
    text = sub.add_parser("text", prog=f"{parser.prog} text", description=f"text: {TEXT_HELP}, one paragraph per line.",
                          epilog="DOC_ID is a doc_id of the documents table (govreports documents).",
                          formatter_class=raw)
    text.add_argument("doc_id", metavar="DOC_ID")
    _add_common_options(text)
    return parser


def one_line(message: str) -> str:
    """A message on one line: line breaks and tabs inside it written as ``\\n``, ``\\r``, ``\\t``.

    Example:
        >>> one_line("a.txt\\nb: empty file")
        'a.txt\\\\nb: empty file'
    """
    return message.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def corpus_summary(corpus: Corpus) -> str:
    """One line: the folder read, and how many files and documents it held.

    Example: ``corpus seeds: 5 files (5 loaded, 0 not loaded), 14 documents (11 analysed)``.
    """
    n_files = len(corpus.files) + len(corpus.problems)
    return (f"corpus {corpus.folder}: {n_files} file{'s' if n_files != 1 else ''} "
            f"({len(corpus.files)} loaded, {len(corpus.problems)} not loaded), "
            f"{len(corpus.documents)} document{'s' if len(corpus.documents) != 1 else ''} "
            f"({len(corpus.reports())} analysed)")


def corpus_warnings(corpus: Corpus) -> list[str]:
    """Every warning of a loaded corpus: files not loaded, then the corpus's notes."""
    return [f"not loaded: {problem}" for problem in corpus.problems] + list(corpus.warnings)


class _Stderr:
    """Prints the summary and warnings on standard error, each once and on one line."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.printed: set[str] = set()

    def warn(self, message: str) -> None:
        line = one_line(message)
        if not self.quiet and line not in self.printed:
            self.printed.add(line)
            print(f"warning: {line}", file=sys.stderr, flush=True)

    def info(self, message: str) -> None:
        if not self.quiet:
            print(one_line(message), file=sys.stderr, flush=True)

    def flush_warnings(self, caught: list) -> None:
        for record in caught:
            self.warn(str(record.message))
        caught.clear()


def _run(args, stderr: _Stderr, caught: list, step: list[str]) -> int:
    step[0] = f"loading the corpus folder {paths.corpus_dir(args.corpus)}"
    corpus = load_corpus(args.corpus, warn=False, max_file_mb=args.max_file_mb)
    stderr.info(corpus_summary(corpus))
    for message in corpus_warnings(corpus):
        stderr.warn(message)
    stderr.flush_warnings(caught)
    if args.command in FOLDER_COMMANDS:
        step[0] = f"writing {args.command} files to {args.folder}"
        stderr.info(FOLDER_COMMANDS[args.command][1](corpus, args))
        return 0
    if args.command == "text":
        step[0] = f"writing the text of {args.doc_id}"
        sys.stdout.write(corpus.get(args.doc_id).text + "\n")
    else:
        step[0] = f"computing the {args.command} table of {corpus.folder}"
        table = TABLE_COMMANDS[args.command][1](corpus, args)
        step[0] = f"writing the {args.command} table"
        write_csv_chunks(table, sys.stdout, excel=args.excel)  # a chunk of rows at a time, not the whole text
    sys.stdout.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0, or 2 for an error; never a traceback)."""
    args = build_parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a file name that is not valid UTF-8 must not crash the output
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
    stderr = _Stderr(args.quiet)
    step = ["starting"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        try:
            with silenced(args.quiet):  # --quiet: no progress bars either
                return _run(args, stderr, caught, step)
        except INPUT_ERRORS as err:
            print(f"error: {one_line(str(err))}", file=sys.stderr)
            return 2
        except BrokenPipeError:  # `| head` closed the pipe: not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no complaint at exit
            return 0
        except KeyboardInterrupt:
            print("error: interrupted", file=sys.stderr)
            return 130
        except Exception as err:  # noqa: BLE001 - a bug: say what was being done, without a traceback
            print(f"error: internal error while {step[0]}: {type(err).__name__}: {one_line(str(err))}", file=sys.stderr)
            return 2
        finally:
            stderr.flush_warnings(caught)


if __name__ == "__main__":
    sys.exit(main())
