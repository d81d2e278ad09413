"""govreports: a tidy corpus of Chinese government work reports, and the tables built on it.

Stages, in the order data flows (one module each):
``load`` (files → decoded text) → ``split`` (one file → documents) → ``clean`` (audited removals
and repairs) → ``metadata`` (city, year, speaker... read from the text) → ``structure`` (parts,
sections, paragraphs, sentences) → ``corpus`` (the whole pipeline and the documents table).
"""

__version__ = "0.1.0"
