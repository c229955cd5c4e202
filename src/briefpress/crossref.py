"""Cross-references in pandoc-crossref syntax: ``@fig:id``, ``@tbl:id``, ``@sec:id``, ``@eq:id``,
``[@fig:a; @fig:b]``, ``[-@fig:id]`` (the number only).

- :func:`mark` (before citations are parsed): Markdown -> the same text with the ``@`` of each
  cross-reference replaced by a marker of the same length, so it is never read as a citation.
- :func:`registry` (after numbering): the chapters' HTML -> every numbered target, id -> (kind,
  number), in reading order. Any construct takes part by giving its element an ``id`` and a
  ``data-number`` (headings, figures, tables, equations), whichever module made it.
- :func:`resolve`: HTML with markers + registry -> links reading "Figure 2", "Tables 1 and 2", "3".
- lint's checks of the references are :mod:`.crossref_checks`.
- :func:`finish`: the document pass the build runs: images embedded, figures numbered, references
  resolved, in chapters and notes.
"""

from __future__ import annotations

import html as htmlmod
import re
from dataclasses import replace
from pathlib import Path, PurePosixPath

from . import locale
from .diagnostics import BuildError, error
from .rawlatex import PAD, XREF_MARK, blanked

# each kind's label keys (briefpress.locale): singular, plural
PREFIXES = {"fig": ("figure", "figures"), "tbl": ("table", "tables"), "sec": ("section", "sections"),
            "eq": ("equation", "equations"), "lst": ("listing", "listings"),
            # Quarto's theorems (briefpress.quarto_divs), written thm-x only
            "thm": ("theorem", "theorems"), "lem": ("lemma", "lemmas"), "cor": ("corollary", "corollaries"),
            "prp": ("proposition", "propositions"), "cnj": ("conjecture", "conjectures"),
            "def": ("definition", "definitions"), "exm": ("example", "examples"), "exr": ("exercise", "exercises")}
TAG_KINDS = {"figure": "fig", "table": "tbl", "h1": "sec", "h2": "sec", "h3": "sec", "h4": "sec",
             "h5": "sec", "h6": "sec"}
ID = r"[\w](?:[\w]|[:.\-/](?=[\w]))*"
# pandoc-crossref writes fig:x, Quarto fig-x: both are cross-references, never citation keys
THEOREMS = "thm|lem|cor|prp|cnj|def|exm|exr"
AT = re.compile(rf"(?<![\w@\\])@(?=(?:[Ff]ig|[Tt]bl|[Ss]ec|[Ee]q|[Ll]st)[:-]\w|(?:{THEOREMS})-\w)")
KIND = re.compile(rf"^(fig|tbl|sec|eq|lst)[:-]\w|^({THEOREMS})-\w")
ONE = re.compile(rf"(-?){XREF_MARK}({ID})")
GROUP = re.compile(rf"\[\s*(-?{XREF_MARK}{ID}(?:\s*;\s*-?{XREF_MARK}{ID})*)\s*\]")
# Quarto's [Figure -@fig-x], [see @fig-x]: words, then the references, in one bracket
PREFIXED = re.compile(rf"\[([^\[\]<>{XREF_MARK}]*[^\s\[\]<>{XREF_MARK}])\s+(-?{XREF_MARK}{ID}"
                      rf"(?:\s*;\s*-?{XREF_MARK}{ID})*)\s*\]")
TAG = re.compile(r"<(\w+)((?:\s+[\w:-]+(?:=\"[^\"]*\")?)*)\s*/?>")
ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
IN_TAG = re.compile(rf"<[^<>{XREF_MARK}]*{XREF_MARK}[^<>]*>")  # a tag whose attribute holds a reference


def mark(text: str) -> str:
    """Cross-references' '@' -> the marker (outside code, math, comments and raw HTML)."""
    if "@" not in text:
        return text
    masked = blanked(text)
    out = list(text)
    for m in AT.finditer(masked):
        out[m.start()] = XREF_MARK
    return "".join(out)


def _canonical(ident: str) -> str:
    # pandoc-crossref: @Fig:x refers to fig:x (capitalised in the output, as every reference here is).
    m = re.match(r"([A-Za-z]+)([:-])(.+)", ident)
    return f"{m.group(1).lower()}{m.group(2)}{m.group(3)}" if m and m.group(1).lower() in PREFIXES else ident


def kind_of(ident: str) -> str:
    """'fig' for fig:x (pandoc-crossref) and fig-x (Quarto); '' for any other id."""
    m = KIND.match(ident)
    return (m.group(1) or m.group(2)) if m else ""


def registry(htmls) -> dict[str, tuple[str, str, str]]:
    """id -> (kind prefix, number, text) for every element with an id, in reading order.
    Numbered ones carry ``data-number``; an unnumbered heading is referred to by its title."""
    found: dict[str, tuple[str, str, str]] = {}
    for html in htmls:
        for m in TAG.finditer(html):
            attrs = dict(ATTR.findall(m.group(2)))
            ident = attrs.get("id")
            if not ident or ident in found:
                continue
            prefix = kind_of(ident)
            kind = prefix or ("lst" if "listing" in attrs.get("class", "").split() else TAG_KINDS.get(m.group(1), ""))
            text = ""
            if m.group(1) in TAG_KINDS and kind == "sec" and "data-number" not in attrs:
                end = html.find(f"</{m.group(1)}>", m.end())
                text = htmlmod.unescape(re.sub(r"<[^>]+>", "", html[m.end():end])).strip()
            found[ident] = (kind, attrs.get("data-number", ""), text)
    return found


def _words(refs: list[str]) -> str:
    return refs[0] if len(refs) == 1 else ", ".join(refs[:-1]) + f" {locale.labels()['and']} " + refs[-1]



def _render(items: list[tuple[bool, str]], reg: dict, missing: list) -> str:
    """[(suppressed, id)] -> 'Figures 1 and 2' (kinds grouped in order), numbers linked."""
    runs: list[tuple[str, bool, list[str]]] = []
    for suppressed, ident in items:
        ident = _canonical(ident)
        if ident not in reg:
            missing.append(ident)
            continue
        kind, number, text = reg[ident]
        link = f'<a class="xref" href="#{htmlmod.escape(ident)}">{number or text or ident}</a>'
        name = kind if number and kind in PREFIXES else ""
        if runs and runs[-1][0] == name and runs[-1][1] == suppressed:
            runs[-1][2].append(link)
        else:
            runs.append((name, suppressed, [link]))
    out = []
    for name, suppressed, links in runs:
        labels = locale.labels()  # a paper's own prefix (Quarto's fig-prefix) names its references
        label = "" if suppressed or not name else \
            ((labels.get(f"{PREFIXES[name][0]}-prefix") or labels[PREFIXES[name][len(links) > 1]]) + "\u00a0")
        out.append(label + _words(links))
    return _words(out) if out else "??"


def resolve(html: str, reg: dict, missing: list) -> str:
    """Markers -> linked references (in a tag's attribute, a figure's alt text: their words, no link); unknown ids
    are appended to ``missing``."""
    if XREF_MARK not in html:
        return html.replace(PAD, "")

    def group(refs: str) -> str:  # '-@fig:a; @fig:b' (marked)
        return _render([(p.lstrip().startswith("-"), ONE.search(p).group(2)) for p in refs.split(";")], reg, missing)

    def text(html: str) -> str:
        html = GROUP.sub(lambda m: group(m.group(1)), html)
        html = PREFIXED.sub(lambda m: m.group(1) + " " + group(m.group(2)), html)
        return ONE.sub(lambda m: _render([(bool(m.group(1)), m.group(2))], reg, missing), html)

    def attribute(m: re.Match) -> str:  # a figure's alt text (its caption's words): the reference as words, no link
        # the value holds no '<' of its own (escaped): the tags are the links the references made
        return '"' + htmlmod.escape(htmlmod.unescape(re.sub(r"<[^>]+>", "", text(m.group(1))))) + '"'
    html = IN_TAG.sub(lambda t: re.sub(r'"([^"]*)"', attribute, t.group()), html)
    return text(html).replace(PAD, "")


def references_in(text: str):
    """(offset, id) of each cross-reference in Markdown already through :func:`mark`."""
    for m in ONE.finditer(text):
        start = m.start() - (text[m.start() - 1:m.start()] == "[")  # '[-@fig:x]' is where its '[' is
        yield start, _canonical(m.group(2))


def number_html(htmls) -> list[str]:
    """Figures, Quarto's theorems and listings numbered across the HTML strings in reading order: the
    build (:func:`finish`) and lint (:func:`.crossref_checks.problems`) number them in one way."""
    from . import figures, listings, quarto_divs

    return listings.number_html(quarto_divs.number_html(figures.number_html(list(htmls))))


def finish(chapters, notes, sources):
    """The build's pass after notes are numbered: images into data: URIs, figures numbered, every
    cross-reference resolved. ``sources``: the chapters' SourceFiles (images are found from their
    folder). Chapters and notes are returned anew (``html`` replaced)."""
    from . import images, pandoc_ids

    def folders(source):  # (the file's folder, the project root): the name is relative to the root
        if source.path is None:  # text made in memory
            return Path.cwd(), Path.cwd()
        path = source.path.resolve()
        return path.parent, path.parents[len(PurePosixPath(source.name).parts) - 1]
    where = {s.name: folders(s) for s in sources}  # images are found from their own file's folder
    # (a single file may hold several chapters: they are matched to their source by name)
    chapters = [replace(c, html=images.embed(c.html, *where[c.name])) if "<img" in c.html and c.name in where else c
                for c in chapters]
    notes = [replace(n, html=images.embed(n.html, *where[n.location.path]))
             if "<img" in n.html and n.location.path in where else n for n in notes]
    numbered = number_html([c.html for c in chapters])
    chapters = [replace(c, html=h) if h is not c.html else c for c, h in zip(chapters, numbered)]
    reg = registry(c.html for c in chapters)
    # a note's numbered equations too (numbered where the note is called, mathtex.number_with_notes)
    reg.update((k, v) for k, v in registry(n.html for n in notes).items() if v[1] and k not in reg)
    missing: list[str] = []
    chapters = [replace(c, html=resolve(c.html, reg, missing)) for c in chapters]
    notes = [replace(n, html=resolve(n.html, reg, missing)) for n in notes]
    targets = heading_targets(chapters)
    chapters = [replace(c, html=heading_references(c.html, targets)) for c in chapters]
    notes = [replace(n, html=heading_references(n.html, targets)) for n in notes]
    names = pandoc_ids.aliases((h.title_text, h.id) for c in chapters for h in c.headings if h.id)
    chapters = [replace(c, html=pandoc_ids.resolve(c.html, names, reg)) for c in chapters]
    notes = [replace(n, html=pandoc_ids.resolve(n.html, names, reg)) for n in notes]
    if missing:
        raise BuildError([error("crossref.unknown", f"no figure, table, section or equation has the id '{i}'")
                          for i in sorted(set(missing))])
    return chapters, notes



IMPLICIT = re.compile(r"\[([^\[\]<>\n]+)\](?:\[([^\[\]<>\n]*)\])?")
PIECE = re.compile(r"(<(/?)(a|code|pre|math|script|style)\b[^>]*>)|(<[^>]*>)|([^<]+)")


def heading_targets(chapters) -> dict[str, str]:
    """A heading's text (case and spacing aside) -> its id; of two headings with one text, the first,
    as pandoc links to the first."""
    targets: dict[str, str] = {}
    for heading in (h for c in chapters for h in c.headings if h.id):
        targets.setdefault(_name(heading.title_text), heading.id)
    return targets


def heading_references(html: str, targets: dict[str, str]) -> str:
    """pandoc's implicit heading references: ``[Methods]``, ``[the methods][Methods]``, ``[Methods][]``
    (left by Markdown as bracketed text, no reference of that name being defined) -> a link to the
    heading of that text anywhere in the paper, case and spacing aside. ``targets``: name -> id."""
    if "[" not in html or not targets:
        return html
    out, skipping = [], 0
    for m in PIECE.finditer(html):
        if m.group(1):  # a tag inside which brackets are no references
            skipping += -1 if m.group(2) else (0 if m.group(1).endswith("/>") else 1)
            out.append(m.group())
        elif m.group(5) and not skipping and "[" in m.group(5):
            out.append(IMPLICIT.sub(lambda r: _heading_link(r, targets), m.group(5)))
        else:
            out.append(m.group())
    return "".join(out)


def _heading_link(m: re.Match, targets: dict[str, str]) -> str:
    target = targets.get(_name(htmlmod.unescape(m.group(2) or m.group(1))))
    return m.group() if target is None else f'<a href="#{target}">{m.group(1)}</a>'


def _name(text: str) -> str:
    return " ".join(text.split()).casefold()
