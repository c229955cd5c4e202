"""Cross-references: entries with ``crossref`` / ``xdata`` -> entries with the inherited fields filled in.

biblatex's default inheritance rules: a child gets every field of its parent it does not have,
except the ones that identify the parent (``ids``, ``crossref``, ``xref``, ``entryset``,
``entrysubtype``, ``label``, ``shorthand``, ``sortkey``, ...); the parent's title becomes the
child's ``booktitle`` (book -> inbook, collection -> incollection, proceedings -> inproceedings),
``maintitle`` (mv* -> book, collection, proceedings) or ``journaltitle`` (periodical -> article);
the parent's author of a book is also the child's ``bookauthor``. ``xdata`` copies every field
as is. Names (editor, ...) inherit like fields. Takes and returns ``{key: Entry}``, plus diagnostics
for missing parents and cycles.
"""

from __future__ import annotations

from dataclasses import replace

from ..diagnostics import Diagnostic, SourceLocation
from .model import Entry

NOT_INHERITED = frozenset({"ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label",
                           "options", "presort", "related", "relatedoptions", "relatedstring", "relatedtype",
                           "shorthand", "shorthandintro", "sortkey"})
TITLES_AS = {  # (parent types, child types) -> parent's title fields -> child's
    (("mvbook", "book"), ("inbook", "bookinbook", "suppbook")): "book",
    (("mvcollection", "mvreference"), ("collection", "reference", "incollection", "inreference",
                                       "suppcollection")): "main",
    (("mvproceedings",), ("proceedings", "inproceedings")): "main",
    (("mvbook",), ("book",)): "main",
    (("collection", "reference"), ("incollection", "inreference", "suppcollection")): "book",
    (("proceedings",), ("inproceedings",)): "book",
    (("periodical",), ("article", "suppperiodical")): "journal",
}
TITLE_FIELDS = ("title", "subtitle", "titleaddon")
RENAME = {"book": {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"},
          "main": {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"},
          "journal": {"title": "journaltitle", "subtitle": "journalsubtitle"}}
DROPPED_WITH_TITLE = ("shorttitle", "sorttitle", "indextitle", "indexsorttitle")


def _rule(parent: str, child: str) -> str:
    for (parents, children), rule in TITLES_AS.items():
        if parent in parents and child in children:
            return rule
    return ""


def _merge(child: Entry, parent: Entry, rule: str, copy_all: bool) -> Entry:
    fields, names = dict(child.fields), dict(child.names)
    for name, value in parent.fields.items():
        target = name
        if not copy_all:
            if name in NOT_INHERITED:
                continue
            if rule and name in DROPPED_WITH_TITLE:
                continue
            if rule:
                target = RENAME[rule].get(name, name)
        fields.setdefault(target, value)
    for role, people in parent.names.items():
        names.setdefault(role, people)
        if rule == "book" and role == "author" and parent.type in ("book", "mvbook"):
            names.setdefault("bookauthor", people)
    et_al = child.et_al | frozenset(r for r in parent.et_al if r not in child.names)
    return replace(child, fields=fields, names=names, et_al=et_al)


def resolve(entries: dict[str, Entry]) -> tuple[dict[str, Entry], list[Diagnostic]]:
    problems: list[Diagnostic] = []
    done: dict[str, Entry] = {}

    def get(key: str, trail: tuple) -> Entry:
        if key in done:
            return done[key]
        entry = entries[key]
        if "crossref" not in entry.fields and "xdata" not in entry.fields:  # nearly every entry
            done[key] = entry
            return entry
        for kind in ("xdata", "crossref"):
            for parent_key in [k.strip() for k in entry.get(kind).split(",") if k.strip()] if kind == "xdata" \
                    else [entry.get(kind).strip()] if entry.get(kind).strip() else []:
                loc = SourceLocation(entry.path, entry.field_lines.get(kind, entry.line), 1)
                if parent_key not in entries:
                    problems.append(Diagnostic("warning", "bib.crossref", f"'{key}': {kind} '{parent_key}' is not "
                                               "in the bibliography; nothing is inherited", loc))
                    continue
                if parent_key in trail or parent_key == key:
                    problems.append(Diagnostic("warning", "bib.crossref", f"'{key}': {kind} '{parent_key}' leads "
                                               "back to this entry; the loop is not followed", loc))
                    continue
                parent = get(parent_key, trail + (key,))
                entry = _merge(entry, parent, _rule(parent.type, entry.type) if kind == "crossref" else "",
                               copy_all=kind == "xdata")
        done[key] = entry
        return entry

    out = {key: get(key, ()) for key in entries}
    # @xdata entries only hold data for others: never cited, never listed
    return {k: e for k, e in out.items() if e.type != "xdata"}, problems
