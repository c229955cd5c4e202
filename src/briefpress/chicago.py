"""Chicago notes-bibliography (18th ed.): Entry -> HTML for full notes, short notes, bibliography.

One formatter per source kind (journal, news, webpage, social, report, legal,
video). Each returns the parts of the reference; the three forms are assembled
from those parts, so a kind is described once.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape

from .bib.model import Entry, Name, plain
from .metadata import human_date

ITALIC_TITLE_KINDS = ("report", "legal")


def kind(entry: Entry) -> str:
    """The house-style source kind that picks the formatter."""
    sub = entry.get("entrysubtype").lower()
    if entry.type == "article":
        return "news" if sub in ("newspaper", "magazine") else "journal"
    if entry.type == "online":
        return "social" if sub == "social" else "webpage"
    return {"report": "report", "jurisdiction": "legal", "video": "video", "movie": "video", "audio": "video",
            "book": "report", "thesis": "report", "collection": "report", "proceedings": "report",
            "manual": "report", "legislation": "legal"}.get(entry.type, "webpage")


def _e(rich: str) -> str:
    # Fields are rich text (already escaped HTML). Typographic apostrophes, as the Markdown text gets
    # from SmartyPants.
    return re.sub(r"(?<=\w)'(?=\w)", "’", rich or "")


def _p(text: str) -> str:
    """Plain text (names, dates, URLs) -> escaped HTML with typographic apostrophes."""
    return _e(escape(text or "", quote=False))


def date_text(value: str) -> str:
    return _p(human_date(value or ""))


def year(value: str) -> str:
    return (value or "")[:4]


def link(entry: Entry) -> str:
    doi = entry.get("doi")
    url = f"https://doi.org/{doi}" if doi else entry.get("url")
    if not url:
        return ""
    return f'<a class="url" href="{escape(url)}">{_p(url)}</a>'


def quoted(title: str, closing: str) -> str:
    """Title in double quotes with the following punctuation inside, as Chicago wants."""
    title = _e(title)
    if title[-1:] in "?!":
        closing = ""
    if title.endswith("’"):  # nested quotation: punctuation goes inside both marks
        return f"“{title[:-1]}{closing}’”"
    return f"“{title}{closing}”"


def names_note(authors: tuple[Name, ...]) -> str:
    names = [_p(a.given_first()) for a in authors]
    if len(names) >= 3:
        return f"{names[0]} et al."
    return " and ".join(names)


def names_short(authors: tuple[Name, ...]) -> str:
    names = [_p(a.family) for a in authors]
    if len(names) >= 3:
        return f"{names[0]} et al."
    return " and ".join(names)


def names_bib(authors: tuple[Name, ...]) -> str:
    shown = list(authors[:3]) if len(authors) > 6 else list(authors)
    parts = [_p(shown[0].family_first())] + [_p(a.given_first()) for a in shown[1:]]
    if len(authors) > 6:
        return ", ".join(parts) + ", et al."
    if len(parts) == 1:
        return parts[0]
    # "Family, Given, and Given Family": the inverted first name makes the comma before "and" needed.
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def _facts(entry: Entry) -> tuple[list[str], str]:
    """Publication facts after the title, and the note's parenthetical, per kind."""
    kind_, date = kind(entry), date_text(entry.get("date"))
    container = _e(entry.get("journaltitle"))
    if kind_ == "journal":
        vol = ", ".join(x for x in (entry.get("volume"), f"no. {entry.get('number')}" if entry.get("number") else "") if x)
        head = f"<em>{container}</em>" + (f" {_e(vol)}" if vol else "") + f" ({year(entry.get('date'))})"
        return [head], ""
    if kind_ == "news":
        return [x for x in (f"<em>{container}</em>" if entry.authors or container else "", date) if x], ""
    if kind_ in ("webpage", "social", "video"):
        site = _e(entry.get("organization"))
        label = {"video": "video", "social": ""}.get(kind_, "")
        return [x for x in (" ".join(y for y in (site, label) if y), date) if x], ""
    # report and legal: "(Type no. N, Institution, Date)"
    kind_no = " ".join(x for x in (_e(entry.get("type")), f"no. {_e(entry.get('number'))}" if entry.get("number") else "") if x)
    inside = ", ".join(x for x in (kind_no, _e(entry.get("institution")), date) if x)
    return [], inside


def _lead(entry: Entry, form: str) -> str:
    """Author part; an unsigned item is led by its title, as Chicago wants."""
    if not entry.authors:
        return ""
    return {"note": names_note, "bib": names_bib, "short": names_short}[form](entry.authors)


def _commas(segments: list[str]) -> str:
    """Join note segments with commas; a quoted title already carries its comma."""
    out = ""
    for seg in (s for s in segments if s):
        if not out:
            out = seg
        else:
            out += (" " if out.endswith(("”", ",”")) else ", ") + seg
    return out


def _title_segment(entry: Entry, paren: str, more: bool, short: bool = False) -> str:
    title = entry.get("title")
    if short:
        title = entry.get("shorttitle") or re.split(r":\s", title, maxsplit=1)[0]
    if not title:
        return ""
    if kind(entry) in ITALIC_TITLE_KINDS:
        return f"<em>{_e(title)}</em>" + (f" ({paren})" if paren else "")
    return quoted(title, "," if more else "")


def full_note(entry: Entry, locator: str = "", label: str = "") -> str:
    facts, paren = _facts(entry)
    url = link(entry)
    if kind(entry) == "journal":
        tail = _locator(locator, label) if locator else _e(entry.get("pages"))
        facts = [facts[0] + (f": {tail}" if tail else "")]
        locator = ""
    loc = _locator(locator, label) if locator else ""
    more = bool(facts or loc or url)
    return _commas([_lead(entry, "note"), _title_segment(entry, paren, more)] + facts + [loc, url])


def _locator(locator: str, label: str) -> str:
    if label in ("", "page"):
        return _e(locator)
    abbrev = {"chapter": "chap.", "section": "sec.", "paragraph": "para.", "figure": "fig.",
              "volume": "vol.", "note": "n.", "line": "line", "column": "col.", "folio": "fol.",
              "number": "no.", "part": "pt.", "book": "bk.", "article": "art."}.get(label, label)
    return f"{abbrev} {_e(locator)}"


def short_note(entry: Entry, locator: str = "", label: str = "") -> str:
    loc = _locator(locator, label) if locator else ""
    if kind(entry) == "social" and not entry.get("title"):
        return _commas([names_short(entry.authors), _e(entry.get("organization")),
                        date_text(entry.get("date")), loc])
    return _commas([_lead(entry, "short"), _title_segment(entry, "", bool(loc), short=True), loc])


def bibliography_entry(entry: Entry) -> str:
    """One reference-list entry, ending with a period."""
    facts, paren = _facts(entry)
    lead = _lead(entry, "bib")
    if kind(entry) == "news" and not lead:
        # Unsigned news: the paper stands in the author's place (CMOS 14.91).
        lead, facts = facts[0], facts[1:]
    if kind(entry) == "journal" and entry.get("pages"):
        facts = [facts[0] + f": {_e(entry.get('pages'))}"]
    if kind(entry) in ITALIC_TITLE_KINDS:
        title = [f"<em>{_e(entry.get('title'))}</em>", paren]
    else:
        title = [quoted(entry.get("title"), ".")] if entry.get("title") else []
    return _sentences([lead] + title + [", ".join(facts), link(entry)])


def _sentences(groups: list[str]) -> str:
    out = ""
    for g in (g for g in groups if g):
        if out and not re.search(r"[.?!][’”]*$", out):
            out += "."
        out += (" " if out else "") + g
    return out if re.search(r"[.?!][’”]*$", out) else out + "."


def sort_key(entry: Entry) -> tuple:
    lead = entry.authors[0].family_first() if entry.authors else plain(entry.get("journaltitle") or entry.get("title"))
    folded = unicodedata.normalize("NFKD", lead).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"^(the|a|an) ", "", folded)
    return (folded, entry.get("date"), entry.get("title").lower())
