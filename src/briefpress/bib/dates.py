"""Dates as people write them -> ISO 8601 / EDTF level 0 (the model's form), or None.

Takes ``date``-like text (``2024``, ``2024-07``, ``2024-07-19``, ``2019/2020``, ``2020-01/``,
``2024-07-19T10:00``, ``July 2024``, ``19 July 2024``, ``July 19, 2024``) or BibTeX's year + month
(+ day), month as a number, a name or an abbreviation (``jan``, ``Jan.``, ``January``, ``janvier``).
Returns ``None`` when the text is not a date; the caller keeps the raw value and warns.
``entry_dates`` does this for one BibTeX entry's fields and returns its warnings.
"""

from __future__ import annotations

import functools
import re

from ..diagnostics import Diagnostic, SourceLocation

DATE_FIELDS = ("date", "urldate", "origdate", "eventdate")
SEASONS = ("21", "22", "23", "24")
# a year written as the state of the work or its lack of a date: printed as written (as citeproc does), no warning
WORDS = frozenset({"forthcoming", "in press", "inpress", "n.d.", "n. d.", "nd", "no date", "undated"})

MONTHS = {name: i for i, names in enumerate((
    ("january", "jan", "janvier", "januar", "janar", "januari", "enero", "gennaio"),
    ("february", "feb", "février", "fevrier", "februar", "shkurt", "febbraio", "febrero"),
    ("march", "mar", "mars", "märz", "marz", "mart", "mars", "marzo"),
    ("april", "apr", "avril", "prill", "abril", "aprile"),
    ("may", "mai", "maj", "mayo", "maggio"),
    ("june", "jun", "juin", "juni", "qershor", "jun", "junio", "giugno"),
    ("july", "jul", "juillet", "juli", "korrik", "jul", "julio", "luglio"),
    ("august", "aug", "août", "aout", "gusht", "avgust", "agosto"),
    ("september", "sep", "sept", "septembre", "shtator", "septembar", "septiembre", "settembre"),
    ("october", "oct", "octobre", "oktober", "tetor", "oktobar", "octubre", "ottobre"),
    ("november", "nov", "novembre", "nëntor", "novembar", "noviembre"),
    ("december", "dec", "décembre", "decembre", "dezember", "dhjetor", "decembar", "diciembre", "dicembre"),
), 1) for name in names}
DAYS = re.compile(r"\s*([^\W\d_]+)\.?\s+(\d{1,2})(?:\s*(?:-{1,2}|–)\s*(\d{1,2}))?\s*,?\s*")
ISO = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


def _valid(y: str, m: str | None, d: str | None) -> str | None:
    if m is not None and not 1 <= int(m) <= 12:
        return None
    if d is not None and not 1 <= int(d) <= (29 if int(m) == 2 else 30 if int(m) in (4, 6, 9, 11) else 31):
        return None
    return y + (f"-{m}" if m else "") + (f"-{d}" if d else "")


def month_number(text: str) -> int | None:
    t = text.strip().strip(".").lower()
    if t.isdigit():
        return int(t) if 1 <= int(t) <= 12 else None
    return MONTHS.get(t)


def _one(text: str) -> str | None:
    text = text.strip().rstrip("?~%")  # biblatex's EDTF qualifiers (uncertain, approximate): the date stands
    text = re.sub(r"^(\d{4})(?:-XX)?-XX$", r"\1", re.sub(r"^(\d{4}-\d{2})-XX$", r"\1", text))  # EDTF unspecified
    m = ISO.match(text)
    if m and m.group(2) in SEASONS and not m.group(3):
        return text[:7]  # EDTF's seasons (2019-21: spring 2019), as biblatex reads them
    if m:
        return _valid(*m.groups())
    m = re.match(r"^(\d{4})/(\d{1,2})(?:/(\d{1,2}))?$", text)  # 2024/7/19 is a date, not a range
    if m and int(m.group(2)) <= 12:
        return _valid(m.group(1), f"{int(m.group(2)):02d}", f"{int(m.group(3)):02d}" if m.group(3) else None)
    words = re.findall(r"[^\W\d_]+\.?|\d+", text)
    nums = [w for w in words if w.isdigit()]
    names = [w for w in words if not w.isdigit()]
    if len(names) == 1 and month_number(names[0]) and 1 <= len(nums) <= 2:
        year = [n for n in nums if len(n) == 4]
        day = [n for n in nums if len(n) <= 2]
        if len(year) == 1 and len(day) == len(nums) - 1:
            return _valid(year[0], f"{month_number(names[0]):02d}", f"{int(day[0]):02d}" if day else None)
    return None


@functools.lru_cache(maxsize=4096)  # a bibliography repeats its years and months
def normalise(text: str) -> str | None:
    """A date or a range -> ISO/EDTF, or None."""
    text = text.strip().replace("–", "/").replace("--", "/")
    if not text:
        return None
    if "/" in text and not re.match(r"^\d{4}/\d{1,2}(/\d{1,2})?$", text):
        start, _, end = text.partition("/")
        a = _one(start) if start.strip() not in ("", "..") else ""
        b = _one(end) if end.strip() not in ("", "..") else ""
        if a is None or b is None or (not a and not b):
            return None
        return f"{a}/{b}"
    return _one(text)


@functools.lru_cache(maxsize=4096)
def from_parts(year: str, month: str = "", day: str = "") -> str | None:
    """BibTeX year + month (+ day) -> ISO, or None when any part does not parse."""
    year = year.strip()
    if not re.fullmatch(r"-?\d{4}", year):
        # "2019--2020", "2024-05": a date in the year field
        return normalise(year) if not month and not day else None
    if not month.strip():
        return year if not day.strip() else None
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", month.strip()):
        return normalise(month)
    number = month_number(month)
    days = DAYS.fullmatch(month) if number is None and not day.strip() else None
    if days and month_number(days.group(1)):  # month = dec # " 5--9," (IEEE): the days of a conference
        m, first, last = month_number(days.group(1)), days.group(2), days.group(3)
        start = _valid(year, f"{m:02d}", f"{int(first):02d}")
        end = _valid(year, f"{m:02d}", f"{int(last):02d}") if last else ""
        return None if start is None or end is None else f"{start}/{end}" if end else start
    span = re.fullmatch(r"\s*([^\W\d_]+\.?|\d{1,2})\s*(?:-{1,2}|–|/)\s*([^\W\d_]+\.?|\d{1,2})\s*", month)
    if number is None and span and not day.strip():  # month = {Jan--Feb}: a range within the year
        a, b = month_number(span.group(1)), month_number(span.group(2))
        return f"{year}-{a:02d}/{year}-{b:02d}" if a and b else None
    if number is None:
        return None
    if not day.strip():
        return _valid(year, f"{number:02d}", None)
    if not day.strip().isdigit():
        return None
    return _valid(year, f"{number:02d}", f"{int(day):02d}")


def entry_dates(key: str, fields: dict, field_lines: dict, path: str) -> list[Diagnostic]:
    """An entry's fields being read (BibTeX): year + month (+ day) -> date; every date field to ISO, in place.
    A date that does not parse keeps its text, with a warning; a month that is not one leaves the year."""
    problems: list[Diagnostic] = []
    year, month, day = fields.pop("year", ""), fields.pop("month", ""), fields.pop("day", "")
    written = [n for n in DATE_FIELDS if fields.get(n)]
    lettered = re.fullmatch(r"\s*(\d{4})([a-z])\s*", year)
    if lettered and "date" not in written:  # "2020a": an author-date list's letter, which notes need not
        year = lettered.group(1)
        problems.append(Diagnostic("info", "bib.date", f"'{key}': year '{lettered.group(0).strip()}': the letter "
                                   f"that tells an author's works of one year apart in author-date citations is "
                                   f"left out (notes and bibliography need none)",
                                   SourceLocation(path, field_lines.get("year") or 0, 1)))
    if "date" not in written and (year or month):
        where = field_lines.get("year") or field_lines.get("month") or 0
        field_lines["date"] = where
        iso = from_parts(year, month, day)
        fields["date"] = iso or " ".join(x for x in (day, month, year) if x)
        if iso is None and from_parts(year):  # month = {????}, {spring}: the year still stands
            fields["date"] = from_parts(year)
            problems.append(Diagnostic("warning", "bib.date", f"'{key}': month '{' '.join(x for x in (day, month) if x)}'"
                                       " is not a month; only the year is printed (write a month name or number)",
                                       SourceLocation(path, field_lines.get("month") or where, 1)))
        elif iso is None and not month and not day and year.strip().lower() in WORDS:
            fields["date"] = year.strip()
        elif iso is None:
            problems.append(Diagnostic("warning", "bib.date", f"'{key}': year/month '{fields['date']}' is not a "
                                       "date; use a four-digit year and a month name or number",
                                       SourceLocation(path, where, 1)))
    for name in written:
        iso = normalise(fields[name])
        if iso is None and fields[name].strip().lower() in WORDS:
            continue
        if iso is None:
            problems.append(Diagnostic("warning", "bib.date", f"'{key}': {name} '{fields[name]}' does not parse; "
                                       "use YYYY, YYYY-MM, YYYY-MM-DD or a range start/end",
                                       SourceLocation(path, field_lines.get(name, 0), 1)))
        else:
            fields[name] = iso
    return problems
