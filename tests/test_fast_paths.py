"""The fast paths around the segmenter give exactly what the plain loops they replace gave."""

from __future__ import annotations

import hashlib
import sys

import pytest

from govreports import keywords, tokens


def test_the_whitespace_pattern_is_str_isspace_on_every_code_point():
    different = [c for c in map(chr, range(sys.maxunicode + 1))
                 if bool(keywords._WHITESPACE.fullmatch(c)) != c.isspace()]
    assert different == []


@pytest.mark.parametrize("text, n", [("各位代表:\n  现在,", 8), ("", 0), ("\u3000两山\u00a0理念\u2028", 4), ("5G 基站", 4)])
def test_count_chars_leaves_out_whitespace(text, n):
    assert keywords.count_chars(text) == n == sum(1 for c in text if not c.isspace())


def _per_token_checksum(key: str, tokens_: list[str]) -> str:
    digest = hashlib.sha256(key.encode("utf-8"))
    for token in tokens_:
        digest.update(b"\0")
        digest.update(token.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@pytest.mark.parametrize("tokens_", [[], ["两山"], ["坚持", "八八战略", "，", "\n", "推进"], ["a\0b", "c"]])
def test_checksum_is_the_per_token_one(tokens_):
    assert tokens._checksum("k" * 64, tokens_) == _per_token_checksum("k" * 64, tokens_)


@pytest.mark.parametrize(
    "raw, n_sentences, expected",
    [
        (["坚持", "八八战略", "\n", "推进", " ", "改革"], 2, [["坚持", "八八战略"], ["推进", "改革"]]),
        (["\n", "两山", "\n"], 3, [[], ["两山"], []]),
        (["两山", "\u3000", "理念"], 1, [["两山", "理念"]]),
        ([], 1, [[]]),
    ],
)
def test_sentences_are_cut_at_each_line_break_token(monkeypatch, raw, n_sentences, expected):
    monkeypatch.setattr(tokens, "_segment_raw", lambda *args: list(raw))
    assert tokens.segment_sentences(["x"] * n_sentences, use_cache=False) == expected
