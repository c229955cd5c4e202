"""The roles of the people around a work other than its authors, as CMOS 18 names them: an entry's
editors by biblatex's ``editortype`` (``editora``..``editorc`` by ``editoratype``..``editorctype``), its
translator, and the writers of its introduction, foreword, afterword, notes or commentary.

Takes an :class:`~briefpress.bib.model.Entry`; returns the words to print: ``lead_label`` ('comp.',
'comps.' after names that lead the reference) and ``contributors`` (each role after the title: 'comp. X'
in a note, 'Compiled by X' in the bibliography; 'with a foreword by X').
"""

from __future__ import annotations

from ..bib.model import Entry, plain
from ..locale import placed, put, term
from .names import names_note

# editortype -> (after names, singular; plural; after a title in a note; in the bibliography). CMOS
# abbreviates the common roles ("ed.", "comp.", "trans."); the rarer ones are spelled out, as biblatex's
# English strings and the CSL terms do.
EDITOR_TYPES = {
    "editor": ("ed.", "eds.", "ed.", "Edited by"),
    "compiler": ("comp.", "comps.", "comp.", "Compiled by"),
    "director": ("dir.", "dirs.", "directed by", "Directed by"),
    "organizer": ("org.", "orgs.", "organized by", "Organized by"),
    "organiser": ("org.", "orgs.", "organized by", "Organized by"),
    "founder": ("founder", "founders", "founded by", "Founded by"),
    "continuator": ("cont.", "conts.", "continued by", "Continued by"),
    "redactor": ("red.", "reds.", "redacted by", "Redacted by"),
    "reviser": ("rev.", "revs.", "revised by", "Revised by"),
    "collaborator": ("collab.", "collabs.", "in collaboration with", "In collaboration with"),
    "producer": ("prod.", "prods.", "produced by", "Produced by"),
}
_PLAIN_ROLES = frozenset({"author", "editor", "translator", "bookauthor"})
# the other name lists biblatex prints after the title, worded as CMOS words forewords and introductions
OTHER_ROLES = (("annotator", "annotated by", "Annotated by"),
               ("commentator", "with commentary by", "With commentary by"),
               ("introduction", "with an introduction by", "With an introduction by"),
               ("foreword", "with a foreword by", "With a foreword by"),
               ("afterword", "with an afterword by", "With an afterword by"))


def editor_type(entry: Entry, role: str = "editor") -> str:
    """The role's type as biblatex reads it ('compiler'); 'editor' when unset or unknown, as biblatex prints an
    unknown type's string only when the style defines it. 'interviewer' is the unpublished-material form's."""
    kind = plain(entry.get(f"{role}type")).strip().lower()
    return kind if kind in EDITOR_TYPES else "editor"


def lead_label(entry: Entry) -> tuple[str, str]:
    """('ed.', 'eds.') or the editor type's: what follows editors who lead the reference."""
    one, many, _, _ = EDITOR_TYPES[editor_type(entry)]
    return term(one), term(many)


def editor_words(entry: Entry, role: str = "editor") -> tuple[str, str]:
    """('ed.', 'edited by') or the type's: the words before editors named after a title or in a container."""
    _, _, note, bib = EDITOR_TYPES[editor_type(entry, role)]
    return term(note), term(bib[:1].lower() + bib[1:])


def contributors(entry: Entry, skip_editor: bool) -> list[tuple[str, str]]:
    """Each role after the title, as (note, bibliography) pairs: editors (by type), translators ('ed. and
    trans. X' when the same people), the other editor lists that carry a type, and introduction, foreword,
    afterword, notes and commentary."""
    out = []
    eds = () if skip_editor else entry.role("editor")
    trs = entry.role("translator")
    if eds and eds == trs and editor_type(entry) == "editor":
        n = names_note(eds, "editor" in entry.et_al)
        out.append((f"{placed('ed. and trans.', n)}", f"{placed('Edited and translated by', n)}"))
        eds = trs = ()
    if eds:
        out.append(_pair(entry, "editor", eds))
    if trs:
        n = names_note(trs, "translator" in entry.et_al)
        out.append((f"{placed('trans.', n)}", f"{placed('Translated by', n)}"))
    if not entry.names.keys() - _PLAIN_ROLES:  # most entries: author, editor, translator only
        return out
    for role in ("editora", "editorb", "editorc"):
        # an interviewer is the interview's own form (types.unpublished_misc); an untyped list is left out, as
        # nothing says what these people did
        if entry.role(role) and editor_type(entry, role) != "editor" or (
                entry.role(role) and plain(entry.get(f"{role}type")).strip().lower() == "editor"):
            out.append(_pair(entry, role, entry.role(role)))
    for role, note, bib in OTHER_ROLES:
        if entry.role(role):
            n = names_note(entry.role(role), role in entry.et_al)
            out.append((placed(note, n), placed(bib, n)))
    return out


def _pair(entry: Entry, role: str, names) -> tuple[str, str]:
    note, bib = editor_words(entry, role)
    n = names_note(names, role in entry.et_al)
    return put(note, n), put(bib[:1].upper() + bib[1:], n)
