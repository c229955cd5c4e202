"""The braces an exporter puts round whole fields: Web of Science doubles every field's, Mendeley every
title's. Takes an entry's raw BibTeX fields (``name -> value`` without the outer delimiters) and drops the
exporter's pair round its titles, in place."""

from __future__ import annotations

from .exporters import TITLE_FIELDS


def unbrace(raw: dict[str, str]) -> None:
    """Web of Science doubles every field's braces (``Title = {{Trust in courts}}``), Mendeley every title's:
    around a title they are the exporter's, not a writer's case protection, so the title is title-cased as
    any other (the braces inside, ``{{The {EU} and trade}}``, still protect)."""
    for name in TITLE_FIELDS[:4]:
        value = raw.get(name, "")
        if value[:1] == "{" and value[-1:] == "}" and _closes_at_end(value):
            raw[name] = value[1:-1]


def _closes_at_end(value: str) -> bool:
    depth = 0
    for i, c in enumerate(value):
        depth += (c == "{") - (c == "}")
        if depth == 0:
            return i == len(value) - 1
    return False
