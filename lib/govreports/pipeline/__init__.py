"""The pipeline: load → split → clean → structure → metadata → duplicates, and the corpus it builds."""
