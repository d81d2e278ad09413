"""Small builders shared by the tests (imported as ``from support import ...``)."""

import pandas as pd

from govreports.measures import keywords


def frequency_rows(rows, n_chars=None):
    """A frequency table from ``(doc_id, term, count)`` rows (totals from the rows themselves).

    Args:
        rows: ``(doc_id, term, count)`` tuples.
        n_chars: characters per document (``{doc_id: n}``); default 10 per counted token.
    """
    table = pd.DataFrame(rows, columns=["doc_id", "term", "count"])
    table["n_tokens"] = table.groupby("doc_id")["count"].transform("sum")
    table["n_chars"] = table["doc_id"].map(n_chars) if n_chars else table["n_tokens"] * 10
    table["rate_per_10k"] = table["count"] / table["n_chars"] * 10_000
    table["share"] = table["count"] / table["n_tokens"]
    return table[keywords.FREQUENCY_COLUMNS]
