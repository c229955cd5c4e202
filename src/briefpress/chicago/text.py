"""Small text helpers for the Chicago formatter: rich-text escaping, typographic quotes, dates,
page ranges (CMOS 9.64 in the 17th ed.), links (DOI, arXiv, URL). Everything takes and returns HTML fragments."""

from __future__ import annotations

import functools
import re
from html import escape

from ..locale import current, human_date, term

TAG = re.compile(r"(<[^>]+>)")
_APOS = re.compile(r"(?<=\w)'(?=\w)|(?<=s)'(?=\s|$)")
_ELISION = re.compile(r"'(?=\d\d(?:s)?\b)(?![^']*')")  # a year cut short: "BSC '19", "the '90s" (no closing quote after)
_OPEN_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[“—–-]))'")
_OPEN_DOUBLE = re.compile(r'(?:(?<=^)|(?<=[\s(\[‘—–-]))"')
_TAGS = re.compile(r"<[^>]+>")
_YEAR = re.compile(r"\d{4}")
_DIGITS = re.compile(r"\d")
SEASONS = ("21", "22", "23", "24")  # EDTF's spring, summer, autumn, winter, as biblatex reads them
_COMMA = re.compile(r"\s*,\s*")
_DASH = re.compile(r"\s*-{1,2}\s*")
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:)", re.I)
_EDITION = re.compile(r"\bed(ition|n\b|\.)", re.I)
_FIRST_CHAR = re.compile(r"(?:^|>)([^<\s])")


@functools.lru_cache(maxsize=16384)  # names, journals and publishers recur; titles pass once per form
def smart(text: str) -> str:
    """Straight quotes and apostrophes -> typographic, in the text between tags only."""
    if "'" not in text and '"' not in text:
        return text
    parts = TAG.split(text) if "<" in text else [text]
    before = ""
    for i in range(0, len(parts), 2):
        t = parts[i]
        if "'" in t or '"' in t:  # most pieces have none: the quotes were in a tag's attributes
            parts[i] = _smart_piece(before + t)[len(before):]
        before = parts[i][-1:] or before
    return "".join(parts)


def _smart_piece(t: str) -> str:
    """One run of text; its first character may be the last one before a tag ("'<b>War</b>'": the second
    mark follows a word, so it closes)."""
    t = _ELISION.sub("’", _APOS.sub("’", t))
    t = _OPEN_SINGLE.sub("‘", t).replace("'", "’")
    return _OPEN_DOUBLE.sub("“", t).replace('"', "”")


def plain_html(text: str) -> str:
    """Plain text (names, literal fields) -> HTML."""
    return smart(escape(text or "", quote=False))


# words, then a date: "in press 2026-05-04" (chicago.extras.with_status). The words end where the last run of
# spaces begins, so a long field without a date is tried once per run, not once per pair of characters
_STATED_DATE = re.compile(r"(\D*[^\d\s])\s+(-?\d{1,4}(?:[-/][\dX]{1,4})*[~?%]?)")
_LETTER = re.compile(r"[^\W\d]")


def _stated(value: str):
    m = _STATED_DATE.fullmatch(value or "")
    return m if m and _LETTER.search(m.group(1)) else None


def date_text(value: str) -> str:
    """ISO / EDTF date or range -> 'March 1, 2025'; ranges shortened: 'April–May 2023', 'October 6–7, 2022',
    '2010–2012'; a year before 1 as 'BC' (EDTF -0350 is 351 BC); a date after a publication state
    (chicago.extras.with_status) after its words, 'pre-published May 4, 2023'."""
    stated = _stated(value)
    if stated:
        return f"{escape(stated.group(1))} {date_text(stated.group(2))}"
    return _date_text(value, current()) if value else ""


def dated(value: str, form) -> str:
    """A date with its verb, ``form(date_text(value))``: "released May 4, 2020"; a publication state before the date
    stands for the verb, "pre-published May 4, 2020", as citeproc prints it ("released pre-published …" read wrong)."""
    if not value:
        return ""
    return date_text(value) if _stated(value) or value[:1].isalpha() else form(date_text(value))


@functools.lru_cache(maxsize=4096)  # dates recur, and CLDR formatting (Babel) is slow
def _date_text(value: str, language: str) -> str:
    start, _, end = value.partition("/")
    start, end = start.strip("?~%"), end.strip("?~%")
    if not end:
        return escape(_one_date(start))
    if not start:
        return escape(_one_date(end))
    a, b = _one_date(start), _one_date(end)
    if start[:4] != end[:4] or start.startswith("-"):
        return escape(f"{a}–{b}")
    if language != "en" and not language.startswith("en-"):  # CLDR forms: no English range shortening
        return escape(a if a == b else f"{a}–{b}")
    if len(start) == len(end) == 7 and start != end:  # April–May 2023; Summer–Autumn 2021, as citeproc
        return escape(f"{a.split()[0]}–{b}")
    day_first = a[:1].isdigit()  # British: "6 October 2022" (CLDR's en-GB)
    if len(start) == len(end) == 10 and start[:7] == end[:7] and start != end:  # October 6–7, 2022; 6–7 October 2022
        return escape(f"{int(start[8:])}–{b}" if day_first else f"{a.split(',')[0]}–{int(end[8:])}, {end[:4]}")
    if len(start) == len(end) == 10 and start != end:  # March 15–April 2, 2020 (CMOS 6.83); 15 March–2 April 2020
        return escape(f"{a.rsplit(' ', 1)[0]}–{b}" if day_first else f"{a.split(',')[0]}–{b}")
    return escape(a if a == b else f"{a}–{b}")


def _one_date(value: str) -> str:
    """One ISO / EDTF date -> its words: a season ('2019-21': 'Spring 2019'), a year before 1 ('-0044-03-15':
    'March 15, 45 BC': EDTF counts 0 as 1 BC, as citeproc does)."""
    if value.startswith("-") and value[1:5].isdigit():
        bc = f"{1 + int(value[1:5])} BC"
        # the day and month as the language writes them, with any year standing in for the one before 1
        return human_date("2000" + value[5:]).replace("2000", bc) if value[5:] else bc
    if value[5:7] in SEASONS and len(value) == 7:
        season = (term("Spring"), term("Summer"), term("Autumn"), term("Winter"))[SEASONS.index(value[5:7])]
        return f"{season} {value[:4]}"
    return human_date(value)


def year(value: str) -> str:
    """The year of a date, a range of years as '2010–2012'; a date written as words ('forthcoming', 'in
    press') as written, as citeproc prints it."""
    stated = _stated(value)
    if stated:  # 'forthcoming 2026-05-04' -> 'forthcoming 2026' (chicago.extras.with_status)
        return f"{escape(stated.group(1))} {year(stated.group(2))}"
    if (value or "")[:1].isalpha():  # words, not a date: 'forthcoming'
        return escape(value)
    start, _, end = (value or "").partition("/")
    if start.startswith("-"):
        return date_text(start[:5])
    a, b = _YEAR.match(start), _YEAR.match(end)
    if a and b and a.group(0) != b.group(0):
        return f"{a.group(0)}–{b.group(0)}"
    if not a and not b and value and not _DIGITS.search(value):
        return escape(value)
    return a.group(0) if a else (b.group(0) if b else "")


_RANGE = re.compile(r"^(\d+)\s*(?:-{1,3}|–|—)\s*(\d+)$")


def page_range(pages: str) -> str:
    """'321--328' -> '321–28' (CMOS 9.64); other page text keeps its words, dashes become en dashes."""
    pages = (pages or "").strip()
    out = []
    for part in _COMMA.split(pages):
        m = _RANGE.match(part)
        out.append(abbreviate(m.group(1), m.group(2)) if m else _DASH.sub("–", part))
    return ", ".join(out)


def abbreviate(first: str, second: str) -> str:
    """CMOS 9.64: all digits below 100 and after multiples of 100; changed part only after
    101-109 in each hundred; otherwise at least two digits, more as needed."""
    a, b = int(first), int(second)
    if a == b:  # "97--97", a one-page article as some files write it: that page
        return first
    if b <= a or len(second) != len(first) or a < 100 or a % 100 == 0:
        return f"{first}–{second}"
    same = 0
    while same < len(first) and first[same] == second[same]:
        same += 1
    keep = len(first) - same
    if a % 100 >= 10:
        keep = max(keep, 2)
    return f"{first}–{second[-keep:]}"


def anchor(href: str, text: str = "") -> str:
    return f'<a class="url" href="{escape(href)}">{escape(text or href, quote=False)}</a>'


def link(fields) -> str:
    """DOI first (CMOS prefers it), then an eprint (arXiv as its https://arxiv.org/abs/ID), then the URL."""
    doi = fields.get("doi", "")
    if doi:
        doi = _DOI_PREFIX.sub("", doi)
        return anchor(f"https://doi.org/{doi}")
    eprint, written = fields.get("eprint", ""), _TAGS.sub("", fields.get("eprinttype", "")).strip()
    kind = written.lower()
    if eprint and kind == "arxiv":  # printed as its URL, as every link (CMOS 18 chapter 13), as citeproc
        # an id written "arXiv:2305.01234" (as arXiv's own BibTeX and Google Scholar write it) is its id after the prefix
        return anchor(f"https://arxiv.org/abs/{ARXIV_PREFIX.sub('', eprint)}")
    if eprint and kind in ("hdl", "handle"):
        return anchor(f"https://hdl.handle.net/{eprint}")
    url = fields.get("url", "")
    if url:
        return anchor(url)
    if eprint:
        # a server biblatex has no key for is named as written ("SSRN 3801234"); one written in lower case, as its
        # key would be, in its own capitals (it began "Ssrn" a bibliography sentence)
        label = {"jstor": "JSTOR", "pubmed": "PMID", "googlebooks": "Google Books", "ssrn": "SSRN", "osf": "OSF",
                 "hal": "HAL", "repec": "RePEc", "biorxiv": "bioRxiv", "medrxiv": "medRxiv"}.get(kind, written)
        return escape(f"{label} {eprint}".strip(), quote=False)
    return ""


ARXIV_PREFIX = re.compile(r"^\s*arxiv\s*:\s*", re.I)


def url_printed(fields, printed: str) -> bool:
    """The link printed is a URL (an arXiv or handle eprint's too), not a DOI nor an eprint's bare label."""
    return not fields.get("doi") and printed.startswith("<a")


def ordinal(number: str) -> str:
    """'2' -> '2nd', '11' -> '11th' (English)."""
    n = int(number)
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def ordinal_edition(edition: str) -> str:
    """'2' -> '2nd ed.' (British '2nd edn'); 'Revised' -> 'rev. ed.'; other words as written (CMOS 18 14.16)."""
    e = _TAGS.sub("", edition or "").strip()
    if not e:
        return ""
    english = current().startswith("en")
    if e.isdigit() and not english:  # the language's form: "bot. 2", "2. izd."
        return term("{n}. ed.").format(n=int(e))
    form = term("{n}. ed.") if english else "{n} ed."  # English "{n} ed.", British "{n} edn"
    if e.isdigit():
        return form.format(n=ordinal(e))
    if e.lower() in ("revised", "rev.", "rev"):
        return form.format(n="rev.")
    return edition if _EDITION.search(e) else form.format(n=edition)


_MIXED = re.compile(r"[a-z]+[A-Z]")  # arXiv, eKosova, iPhone: a name that keeps its lower-case first letter


def cap_first(html: str) -> str:
    """Capitalise the first letter of a fragment (a bibliography sentence)."""
    first = html[:1]
    if first.isalpha():  # the common case, without the search for the first character after tags
        return first.upper() + html[1:] if first.islower() and not _MIXED.match(html) else html
    if html.startswith("<a "):
        return html
    m = _FIRST_CHAR.search(html)
    if not m or not m.group(1).islower():
        return html
    i = m.start(1)
    if _MIXED.match(html, i):
        return html
    return html[:i] + html[i].upper() + html[i + 1:]
