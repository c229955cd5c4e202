"""briefpress: Markdown + BibTeX to a publication-ready PDF.

The flow, stage by stage, is stated once in :mod:`briefpress.pipeline`.
"""

__version__ = "0.1.0"
