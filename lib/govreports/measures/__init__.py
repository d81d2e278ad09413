"""Measures of one report: tokens, keywords, slogans, targets and results, and their validation."""
