"""Bibliographies: BibTeX, biblatex, CSL-JSON and CSL-YAML files -> :class:`~.model.Entry` values.

``model`` holds the values every reader returns and every formatter reads.
"""
