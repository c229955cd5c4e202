"""BibTeX / biblatex text (one file, and the ``@string`` macros of the files read before it) ->
:class:`~.model.Entry` values, with every problem found.

bibtexparser 2 splits the file into blocks (:mod:`.split`, with no middleware: its LaTeX decoding is
slow and its name splitting loses ``and others``); the steps after it are explicit, in this order:

1. ``@string`` macros (and the month macros ``jan``..``dec``) and ``#`` concatenation (:mod:`.macros`);
2. field names lower case, duplicates (any case) reported at the field's line;
3. type and field aliases to biblatex's vocabulary (``journal`` -> ``journaltitle``, ...); style
   control entries (``@IEEEtranBSTCTL``) are not sources and are skipped; an exporter's kind of work
   in ``type`` and a chapter's book in ``journal`` read as what they mean (:mod:`.exporters`);
4. names (:mod:`.names`), dates (:mod:`.dates`), literal fields as written, opaque fields (abstract,
   file, managers' bookkeeping) as written, the rest LaTeX -> rich text (:mod:`.latex`; HTML / JATS
   markup, fields in capitals and titles' final periods tidied by :mod:`.exporters`). Each unknown
   LaTeX command is one warning per file, at its first use.

Returns ``(entries, problems, lost_keys, strings)``: ``lost_keys`` are keys of entries the parser could
not read (seen as ``@type{key,`` in a failed block, or an entry type of two words), so their citations
are not also "unknown"; ``strings`` are the file's own ``@string`` macros, for the files after it.
bibtexparser's own log lines are silenced: each failure becomes one Diagnostic with file:line:col.
"""

from __future__ import annotations

import logging
import re

from bibtexparser.model import (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry as BibEntry,
                                ImplicitComment, ParsingFailedBlock, String)

from ..diagnostics import Diagnostic, SourceLocation, error
from . import bibtex_checks, bibtex_text, caps, dates, exporters, keyless, name_caps
from .bibtex_checks import loc
from .braces import unbrace
from .latex import collapse, literal, one_url, to_plain, to_rich
from .macros import TooLong, evaluate
from .model import DOI_PREFIX, LITERAL_FIELDS, NAME_ROLES, OPAQUE_FIELDS, Entry, Name
from .names import parse_names
from .split import split
from ..atomic import once

# bibtexparser's warnings become Diagnostics, never log lines: its records are dropped where they are made
# (a filter on each of its loggers survives logging reconfiguration, which a 'propagate' flag does not).
for _name in [n for n in list(logging.root.manager.loggerDict) if n.startswith("bibtexparser")] + ["bibtexparser"]:
    logging.getLogger(_name).addFilter(lambda record: False)

TYPES = frozenset("""article book mvbook inbook bookinbook suppbook booklet collection mvcollection incollection
suppcollection dataset manual misc online patent periodical suppperiodical proceedings mvproceedings
inproceedings reference mvreference inreference report set software thesis unpublished xdata customa customb
customc customd custome customf artwork audio bibnote commentary image jurisdiction legislation legal letter
movie music performance review standard video""".split())
CONTROL_TYPES = frozenset({"ieeetranbstctl"})
TYPE_ALIASES = {"techreport": ("report", "techreport"), "phdthesis": ("thesis", "phdthesis"),
                "mastersthesis": ("thesis", "mathesis"), "conference": ("inproceedings", ""),
                "electronic": ("online", ""), "www": ("online", ""), "webpage": ("online", ""),
                "interview": ("misc", "interview")}
FIELD_ALIASES = {"journal": "journaltitle", "address": "location", "school": "institution",
                 "annote": "annotation", "archiveprefix": "eprinttype", "primaryclass": "eprintclass",
                 "key": "sortkey", "hyphenation": "langid", "pdf": "file", "lastchecked": "urldate",
                 "articleno": "eid"}  # ACM's article number, where the pages go (CMOS 18 14.71)
NAME_FIELDS = frozenset(NAME_ROLES) | {"shortauthor", "shorteditor", "namea", "nameb", "namec", "sortname"}
PLAIN_FIELDS = frozenset({"year", "month", "day", "date", "urldate", "origdate", "eventdate", "crossref", "xref",
                          "xdata", "ids", "entryset", "related", "keywords", "langid",
                          "entrysubtype", "eprinttype", "eprintclass", "pagination", "bookpagination",
                          "pubstate", "gender", "sortkey", "presort", "label", "options", "editortype"})
KEY_SEEN = re.compile(r"@\s*([a-zA-Z]+)\s*[{(]\s*([^\s,{}()\"#%'=]+)\s*,")
# \url{…}, or a bare URL; a sentence's period after it ("\url{…}.") is the note's, not the URL's (a link to "….")
HOW_URL = re.compile(r"\s*(?:\\url\s*\{([^{}]*)\}|(https?://[^\s{}\\]+?))\.?\s*")
# several DOIs (a run of separators taken whole, from its start: no quadratic retries on a long one)
DOI_SPLIT = re.compile(r"(?<![\s,;])" + once(r"[\s,;]+") + r"(?=(?:doi\s*:\s*|https?://(?:dx\.)?doi\.org/)?10\.)", re.I)
LINE_COMMENT = re.compile(r"(?m)^\s*%.*$")
UNKNOWN_VALUE = re.compile(r"\{?\?+(?:\s*(?:-{1,3}|–)\s*\?+)?\}?")


def read_bibtex(text: str, path: str, macros: tuple = ()) -> tuple[list[Entry], list[Diagnostic], frozenset, tuple]:
    """``macros``: the ``@string``s of the files read before this one, as (name, value) pairs (IEEEtran's
    ``\\bibliography{IEEEabrv,refs}``: the journal names are in the first file). Returns the entries, the
    problems, the lost keys and this file's own ``@string``s."""
    lines = text.split("\n")
    problems: list[Diagnostic] = []
    if not text.strip() or not LINE_COMMENT.sub("", text).strip():
        return [], [Diagnostic("warning", "bib.empty", "the bibliography file is empty: no entries; add "
                               "entries or remove the file from the project", SourceLocation(path, 1, 1))], \
            frozenset(), ()
    # bibtexparser 2.1 takes any block starting '@comment' for a comment, biblatex's @commentary too:
    # it is renamed (same length, so lines and columns hold) and named back below.
    text = bibtex_text.commentary(text)
    if "%" in text:
        text = bibtex_text.comments_between_fields(text)
    text = keyless.mark(text)  # EndNote's entries without a key: given one, below
    try:
        library = split(text)
    except Exception as exc:  # bibtexparser has no contract for every input; no traceback reaches the user
        return [], [error("bib.parse", f"cannot read this file ({type(exc).__name__}); check its syntax",
                          SourceLocation(path, 1, 1))], frozenset(m.group(2) for m in KEY_SEEN.finditer(text)), ()
    strings: dict[str, str] = dict(macros)
    own: dict[str, str] = {}
    entries: list[Entry] = []
    lost: set[str] = set()
    commands: dict[str, list] = {}  # unknown LaTeX command -> [line of its first use, entry key, entries using it]
    expanded, budget = 0, max(20_000_000, 2 * len(text))  # characters of @string text, all macros
    # Mendeley's header: every title is exported in doubled braces
    mendeley = text[:60].lstrip().startswith("Automatically generated by Mendeley Desktop")
    for block in library.blocks:
        if isinstance(block, String):
            try:
                value = evaluate(block.value, strings, set())
            except TooLong as exc:  # a macro bomb: reported once, the macro left empty
                problems.append(error("bib.too-long", f"@string '{block.key}': {exc}; write the text out or "
                                      "shorten it", loc(path, lines, block.start_line or 0)))
                value = ""
            expanded += len(value)
            if expanded > budget:  # many macros each under the limit: the same bomb, spread out
                if expanded - len(value) <= budget:
                    problems.append(error("bib.too-long", f"@string '{block.key}': the @string macros expand to "
                                          f"more than {budget:,} characters in all; write the text out",
                                          loc(path, lines, block.start_line or 0)))
                value = ""
            strings[block.key.lower()] = own[block.key.lower()] = value
        elif isinstance(block, BibEntry):
            entries += _entry(block, strings, path, lines, problems, commands, mendeley)
        elif isinstance(block, (DuplicateFieldKeyBlock, DuplicateBlockKeyBlock)):
            # Read the entry anyway: duplicate fields are reported at their lines, duplicate keys by read.py.
            entries += _entry(block.ignore_error_block, strings, path, lines, problems, commands, mendeley)
        elif isinstance(block, ParsingFailedBlock):
            raw = block.raw or ""
            found = [m.group(2) for m in KEY_SEEN.finditer(raw)
                     if m.group(1).lower() not in ("string", "comment", "preamble")]
            lost.update(found)
            where, quote = loc(path, lines, block.start_line or 0), bibtex_text.KEY_QUOTE.match(raw)
            if quote and "\n" not in quote.group(0):  # at the key's quote, where pandoc stops too
                where = SourceLocation(path, where.line, where.col + quote.end(1) - 1)
            problems.append(error("bib.parse", bibtex_text.failure(block, raw, found), where))
        elif isinstance(block, ImplicitComment) and "@" in block.comment:
            for at, key, written in bibtex_text.not_entries(block.comment):
                lost.add(key)
                line = (block.start_line or 0) + block.comment.count("\n", 0, at)
                problems.append(error("bib.parse", f"'{written}' is not read as an entry: an entry type is one word "
                                      "(@article, @book, ...); write @type{key, ...}", loc(path, lines, line)))
    problems += [bibtex_checks.unknown_command(name, path, lines, *where) for name, where in commands.items()]
    entries = keyless.named(entries, path, problems)
    if not entries and not problems and not own:
        problems.append(Diagnostic("warning", "bib.empty", "the bibliography file has no entries (only comments, "
                                   "@string or @preamble)", SourceLocation(path, 1, 1)))
    return entries, problems, frozenset(lost), tuple(own.items())


def _entry(block: BibEntry, strings: dict, path: str, lines: list[str], problems: list,
           commands: dict | None = None, mendeley: bool = False) -> list[Entry]:
    line0 = block.start_line or 0
    key = (block.key or "").strip()
    wrong = bibtex_checks.key_problems(key, path, lines, line0)
    problems += wrong
    if any(p.severity == "error" for p in wrong):  # no key, or one with a space: it cannot be cited
        return []
    source_type = block.entry_type.lower().replace("zommentary", "commentary")
    if source_type in CONTROL_TYPES:  # IEEEtran's style switches, not a source
        return []
    etype, implied = TYPE_ALIASES.get(source_type, (source_type, ""))
    if etype not in TYPES:
        problems.append(Diagnostic("warning", "bib.unknown-type", f"'{key}': unknown entry type '@{block.entry_type}'; "
                                   "read as @misc", loc(path, lines, line0)))
        etype = "misc"
    raw: dict[str, str] = {}
    field_lines: dict[str, int] = {}
    macros: set[str] = set()
    for f in block.fields:
        name = f.key.strip().lower()
        fline = (line0 if f.start_line is None else f.start_line) + 1
        if "%" in name:  # a comment line bibtex_text.comments_between_fields left (it counts braces: @article(key, …))
            name = LINE_COMMENT.sub("", name).strip()
        if name in raw:
            col = lines[fline - 1].lower().find(name) + 1 if fline <= len(lines) else 1
            problems.append(bibtex_checks.duplicate(key, name, raw[name], f.value, field_lines[name],
                                       SourceLocation(path, fline, max(col, 1))))
            continue
        value = f.value
        if "#" not in value and value[:1] == "{" and value[-1:] == "}":  # nearly every value
            raw[name] = value[1:-1]
        else:
            try:
                raw[name] = evaluate(value, strings, macros)
            except TooLong as exc:
                problems.append(error("bib.too-long", f"'{key}': field '{name}': {exc}; shorten it",
                                      SourceLocation(path, fline, 1)))
                raw[name] = ""
        field_lines[name] = fline
    for m in sorted(macros):
        problems.append(Diagnostic("warning", "bib.macro", f"'{key}': '{m}' is not a defined @string; "
                                   "its name is used as the text", loc(path, lines, line0)))
    if "address" in raw and "location" in raw and "venue" not in raw:
        # ACM's exports: address is the publisher's place, location the conference's (biblatex's venue)
        raw["venue"], field_lines["venue"] = raw.pop("location"), field_lines.pop("location")
    for alias in FIELD_ALIASES.keys() & raw.keys():
        value, where, target = raw.pop(alias), field_lines.pop(alias), FIELD_ALIASES[alias]
        if target not in raw:
            raw[target], field_lines[target] = value, where
    from_wos = "unique-id" in raw or "web-of-science-categories" in raw
    etype = exporters.kind(etype, raw, from_wos=from_wos)
    exporters.container(etype, raw)
    exporters.bookkeeping_note(etype, raw, from_wos)
    if from_wos or mendeley or "mendeley-groups" in raw or "mendeley-tags" in raw:
        unbrace(raw)
    if implied and "type" not in raw:
        raw["type"] = implied
    for name in ("howpublished", "note"):  # old BibTeX styles had no url field: howpublished or note = {\url{...}}
        how = HOW_URL.fullmatch(raw[name]) if name in raw else None
        # the link, not a note printed as text ("Https://…" opening a sentence); before website(), which tells a web
        # page (a link) from a preprint (none) by it
        if how and "url" not in raw:
            raw["url"], field_lines["url"] = how.group(1) or how.group(2), field_lines[name]
            del raw[name]
    etype = exporters.ssrn(exporters.website(etype, raw), raw)
    fields: dict[str, str] = {}
    names: dict[str, tuple[Name, ...]] = {}
    et_al: set[str] = set()
    unknown: set[str] = set()
    found: dict[str, int] = {}
    for name, value in raw.items():
        if name in OPAQUE_FIELDS:
            value = collapse(value)
            if value:
                fields[name] = value
            continue
        stripped = value.strip()
        if not stripped or stripped == "{}" or UNKNOWN_VALUE.fullmatch(stripped):
            continue  # volume = {} (Google Scholar), pages = "??--??" (unknown, as Beebe's files mark it): no value
        if name in NAME_FIELDS:
            people, others = parse_names(value, unknown)
            if others and not people:  # "and others" alone: an "et al." after no one
                problems.append(Diagnostic("warning", "bib.names", f"'{key}': {name} is only 'others' (et al.), "
                                           "which names no one; the reference is printed without it: give the first "
                                           "name before 'and others'", SourceLocation(path, field_lines[name], 1)))
                continue
            if people:
                names[name] = people
            if others:
                et_al.add(name)
        elif name in LITERAL_FIELDS:
            text, escaped = literal(value)
            if name == "doi":
                first, *more = DOI_SPLIT.split(DOI_PREFIX.sub("", text.strip()))
                text = first
                if more:  # Mendeley and EndNote join a source's DOIs: the first is the link
                    problems.append(Diagnostic("warning", "bib.doi", f"'{key}': the field holds {len(more) + 1} "
                                               "DOIs; the first is the link: give one DOI",
                                               SourceLocation(path, field_lines[name], 1)))
            if name == "url":
                text, wrong = one_url(text)
                if wrong:
                    problems.append(Diagnostic("warning", "bib.url", f"'{key}': " + (
                        "the field holds several URLs; the first is the link: give one URL" if wrong == "several"
                        else "the URL has spaces (broken over lines?); they are removed"),
                        SourceLocation(path, field_lines[name], 1)))
            if escaped and name == "url":
                problems.append(Diagnostic("info", "bib.url", f"'{key}': the URL's LaTeX escapes (\\_, \\&, \\%) are "
                                           "undone (as Zotero and DBLP export them; biblatex takes URLs "
                                           "literally)", SourceLocation(path, field_lines[name], 1)))
            fields[name] = text
        elif name in PLAIN_FIELDS:
            fields[name] = to_plain(value, unknown)
        else:
            fields[name] = to_rich(exporters.markup(value), unknown)
            fields[name] = caps.in_words(name, fields[name])
            if name in exporters.TITLE_FIELDS:
                fields[name] = exporters.final_period(fields[name])
        if unknown:  # each command at the line of the first field using it
            for command in unknown:
                found.setdefault(command, field_lines[name])
            unknown.clear()
    for command, line in found.items():
        if commands is None:
            continue
        if command in commands:
            commands[command][2] += 1
        else:
            commands[command] = [line, key, 1]
    fields = {name: value for name, value in fields.items() if value}
    if names:  # family names in capitals ("GÜVEN, Ahmet"), as DergiPark and some WoS/Scopus exports write them
        names = name_caps.tidy(names, raw, fields.get("title", ""))
    problems += dates.entry_dates(key, fields, field_lines, path)
    return [Entry(key=key, type=etype, fields=fields, names=names, et_al=frozenset(et_al), path=path,
                  line=line0 + 1, source_type=source_type, field_lines=field_lines)]
