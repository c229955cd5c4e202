"""Bridge from the house reader's ``bibliography.Entry`` (plain text, authors only) to the model the
formatter reads (``bib.model.Entry``: rich text, name roles). Goes away with the new reader."""

from __future__ import annotations

import re
from html import escape

from ..bib import model

_ALIASES = {"journal": "journaltitle", "address": "location", "school": "institution"}


def name_of(n) -> model.Name:
    if isinstance(n, model.Name):
        return n
    particle, family = "", n.family
    m = re.match(r"^((?:[a-z]+\s)+)(\S.*)$", family) if n.given else None
    if m:  # "von Weizsäcker": the lower-case particle is not part of the family name
        particle, family = m.group(1).strip(), m.group(2)
    return model.Name(family=family, given=n.given, particle=particle, literal=not n.given)


_PARTS = re.compile(r"first=\[(.*?)\], von=\[(.*?)\], last=\[(.*?)\], jr=\[(.*?)\]")


def _words(s: str) -> str:
    return " ".join(re.findall(r"'([^']*)'", s))


def _split_names(text: str) -> tuple[model.Name, ...]:
    if "NameParts(" in text:  # a name field the house reader split but did not keep
        return tuple(model.Name(family=_words(la), given=_words(fi), particle=_words(vo), suffix=_words(jr))
                     for fi, vo, la, jr in _PARTS.findall(text))
    out = []
    for part in re.split(r"\s+and\s+|;\s*", text):
        part = part.strip()
        if not part:
            continue
        if "," in part:
            family, given = (s.strip() for s in part.split(",", 1))
        elif " " in part:
            given, family = part.rsplit(" ", 1)
        else:
            family, given = part, ""
        out.append(model.Name(family=family, given=given, literal=not given))
    return tuple(out)


def to_model(entry) -> model.Entry:
    if isinstance(entry, model.Entry):
        return entry
    fields, names = {}, {}
    for key, value in entry.fields.items():
        key = _ALIASES.get(key, key)
        if key in ("author", "editor", "translator"):
            continue
        fields[key] = value if key in model.LITERAL_FIELDS else escape(value, quote=False)
    if "date" not in fields and "year" in fields:
        fields["date"] = fields["year"]
    if entry.authors:
        names["author"] = tuple(name_of(n) for n in entry.authors)
    for role in ("editor", "translator"):
        if entry.get(role):
            names[role] = _split_names(entry.get(role))
    etype = {"techreport": "report", "phdthesis": "thesis", "mastersthesis": "thesis",
             "conference": "inproceedings"}.get(entry.type, entry.type)
    if entry.type == "phdthesis":
        fields.setdefault("type", "phdthesis")
    elif entry.type == "mastersthesis":
        fields.setdefault("type", "mathesis")
    return model.Entry(key=entry.key, type=etype, fields=fields, names=names, line=entry.line,
                       source_type=entry.type)
