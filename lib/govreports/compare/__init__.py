"""Comparisons between reports: across places, levels of government and years."""
