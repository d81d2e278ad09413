"""Command line: ``python -m govreports COMMAND [--corpus DIR]`` prints tables as CSV.

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
    text ID     the cleaned text of one document

Every table command writes UTF-8 CSV to standard output (``> table.csv`` opens in Stata, R and
pandas). Problems with input files are written to standard error. A bad argument (unknown
document id, missing folder) prints a one-line error and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable

from govreports.corpus import Corpus, UnknownDocumentError, load_corpus
from govreports.load import CorpusFolderError
from govreports.metadata import MetadataFileError

def _keywords(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.keywords import frequency_table

    table = frequency_table(corpus.reports())
    if args.top:
        table = (table.sort_values(["doc_id", "count", "term"], ascending=[True, False, True], kind="stable")
                 .groupby("doc_id", sort=False).head(args.top).reset_index(drop=True))
    return table


def _slogans(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.slogans import slogans_table

    return slogans_table(corpus.reports(), min_docs=args.min_docs)


def _targets(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.targets import targets_table

    return targets_table(corpus.reports())


def _results(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.targets import results_table

    return results_table(corpus.reports())


def _compare(corpus: Corpus, args) -> "pd.DataFrame":
    from govreports.compare import distinctive_terms_table, top_distinctive

    table = distinctive_terms_table(corpus.documents)  # it chooses the comparable documents itself
    return top_distinctive(table, args.top) if args.top else table


#: Table commands: name -> (help, function(corpus, args) -> DataFrame, extra options).
TABLE_COMMANDS: dict[str, tuple[str, Callable, tuple]] = {
    "documents": ("one row per document, and one per file not loaded",
                  lambda corpus, args: corpus.documents_table(include_problems=True), ()),
    "files": ("one row per file seen, and what became of it", lambda corpus, args: corpus.files_table(), ()),
    "audit": ("every removal made by cleaning, with where and why", lambda corpus, args: corpus.audit_table(), ()),
    "sentences": ("one row per sentence of the reports", lambda corpus, args: corpus.sentences_table(), ()),
    "keywords": ("term frequencies per report", _keywords,
                 (("--top", {"type": int, "default": 0, "help": "keep the N most frequent terms of each report (0: all)"}),)),
    "slogans": ("one row per slogan (提法)", _slogans,
                (("--min-docs", {"type": int, "default": 1, "help": "keep slogans used by at least N reports"}),)),
    "targets": ("one row per growth target, with its quote", _targets, ()),
    "compare": ("distinctive terms per city (log-odds, informative Dirichlet prior)", _compare,
                (("--top", {"type": int, "default": 0, "help": "keep the N most distinctive terms of each city (0: all)"}),)),
    "results": ("one row per headline result of the year reviewed, with its quote", _results, ()),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m govreports", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, _, options) in TABLE_COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--corpus", help="corpus folder (default: $CORPUS or seeds/)")
        for flag, kwargs in options:
            command.add_argument(flag, **kwargs)
    text = sub.add_parser("text", help="the cleaned text of one document")
    text.add_argument("doc_id")
    text.add_argument("--corpus", help="corpus folder (default: $CORPUS or seeds/)")
    return parser


def _load(folder: str | None) -> Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(folder, warn=False)
    for problem in corpus.problems:
        print(f"warning: not loaded: {problem}", file=sys.stderr)
    return corpus


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        corpus = _load(args.corpus)
        if args.command == "text":
            sys.stdout.write(corpus.get(args.doc_id).text + "\n")
            return 0
        table = TABLE_COMMANDS[args.command][1](corpus, args)
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    except (CorpusFolderError, UnknownDocumentError, MetadataFileError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `| head` closed the pipe: not an error
        return 0


if __name__ == "__main__":
    sys.exit(main())
