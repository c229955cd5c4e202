"""Note numbers: the PDF (read with PDFium) + the Document's notes -> an error when a note prints a number
not its own, or a title-block note's mark is missing (``pdf.note-number``).

The numbers are not in the HTML: the stylesheet's footnote counter prints them (``::footnote-call`` in the
text, ``::footnote-marker`` before the note's text), and each part of a paper laid out in parts starts that
counter from the notes before it (``printing/parts.py``), so a wrong count prints wrong numbers with no
other sign. Each note's call is read at its anchor (``fnref-N``, the named destination just before the
call: the call is the text object that starts there, on the line under the anchor's top), its text at the
page foot at ``fn-N`` (the marker starts its first line, or hangs left of it: what hangs there is read, unless
another note begins on that line). A number is the digits of that one text object (any script's decimal digits); a text object with no digits (a theme that marks notes with symbols, a
right-to-left line) is not read, never an error: what can be read must be right.
The title block's notes are marked († ‡ §) by the template, not by a counter: :func:`check_title_marks`
only checks that each mark is printed with its note.
"""

from __future__ import annotations

import ctypes
import math
import re

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .diagnostics import Diagnostic, SourceLocation, error

NUMBER = re.compile(r"^\W*(\d+)\W*$")  # a call "12", a marker "12. ", "[12]"
SLACK = 1.5  # points: a glyph's ink may start a little left of the anchor or rise above its box's top
REACH = 6.0  # points right of the anchor where the call's text object may start (the digit's side bearing)
DEPTH = 40.0  # points under the anchor's top where its line may lie (a call in a large heading)
HANG = 30.0  # points left of a note's box where its marker may hang (a theme's hanging indent of notes)


def named_places(doc: pdfium.PdfDocument) -> dict[str, tuple[int, float, float]]:
    """Named destination (every element id) -> (0-based page index, x, y of the element's top left; NaN
    where the destination gives none, which no text object is then found at)."""
    out: dict[str, tuple[int, float, float]] = {}
    has = [ctypes.c_int() for _ in range(3)]
    at = [ctypes.c_float() for _ in range(3)]
    for i in range(raw.FPDF_CountNamedDests(doc.raw)):
        size = ctypes.c_long(0)
        raw.FPDF_GetNamedDest(doc.raw, i, None, ctypes.byref(size))
        buf = ctypes.create_string_buffer(size.value)
        dest = raw.FPDF_GetNamedDest(doc.raw, i, buf, ctypes.byref(size))
        name = buf.raw[:size.value].decode("utf-16-le").rstrip("\x00")
        # A destination with no x, y of its own (not /XYZ: /Fit, /FitH) leaves the last one's in ``at``
        placed = raw.FPDFDest_GetLocationInPage(dest, *map(ctypes.byref, has), *map(ctypes.byref, at))
        x, y = (at[k].value if placed and has[k].value else math.nan for k in (0, 1))
        out[name] = (raw.FPDFDest_GetDestPageIndex(doc.raw, dest), x, y)
    return out


def printed_numbers(places: dict, pages: list, notes) -> dict[int, tuple[int | None, int | None]]:
    """Each note's number -> (the number printed at its call, the number its text at the page foot starts
    with); None where nothing was read. ``pages``: :func:`.page_bounds.text_objects`."""
    return _by_note(read_numbers(places, pages, [n.number for n in notes]), notes)


def _by_note(read: dict, notes) -> dict[int, tuple[int | None, int | None]]:
    return {n.number: (read.get(f"fnref-{n.number}"), read.get(f"fn-{n.number}")) for n in notes}


def read_numbers(places: dict, pages: list, numbers: list[int], start: int = 0) -> dict[str, int | None]:
    """The number printed at each note's call (``fnref-N``) and text (``fn-N``) that is on ``pages``, the
    :func:`.page_bounds.text_objects` of the pages from index ``start`` on (a verification split
    between processes reads its own pages: verify.py)."""
    wanted: dict[int, list] = {}
    for number in numbers:
        for anchor in (f"fnref-{number}", f"fn-{number}"):
            if anchor in places:
                page, x, y = places[anchor]
                wanted.setdefault(page, []).append((anchor, number, x, y))
    read: dict[str, int | None] = {}
    for index, anchors in wanted.items():
        if not start <= index < start + len(pages):
            continue
        page, _, objects = pages[index - start]
        boxes = [(obj, obj.get_bounds()) for obj in objects]
        textpage = None
        for anchor, number, x, y in anchors:
            marker = anchor.startswith("fn-")
            left = x - (HANG if marker else SLACK)
            below = [(obj, box) for obj, box in boxes
                     if left <= box[0] <= x + REACH and y - DEPTH <= box[3] <= y + SLACK]
            top = max((box[3] for _, box in below), default=0.0)  # the anchor's line: the highest under its top
            line = [c for c in below if c[1][3] >= top - 2 * SLACK]
            at = [c for c in line if c[1][0] >= x - SLACK]
            # A marker may hang left of its note's box (a theme's hanging notes), the note's text then
            # starting at the box, perhaps with a number (a year): what hangs there is the marker, unless
            # another note begins on the line before it (notes run on, footnote-display: inline), whose text
            # that is. The note's own number at either place is right all the same (a wrapped note's tail).
            run_on = marker and any(a.startswith("fn-") and ax < x - SLACK and abs(ay - y) <= 2 * SLACK
                                    for a, _, ax, ay in anchors)
            hang = [c for c in line if c[1][0] < x - SLACK and c[1][2] <= x + SLACK] if marker and not run_on else []
            found = [min(at, key=lambda c: abs(c[1][0] - x))[0]] if at else []
            found += [min(hang, key=lambda c: c[1][0])[0]] if hang else []
            if found:
                textpage = textpage or page.get_textpage()
            printed = [_number(obj, textpage) for obj in found]
            read[anchor] = number if number in printed else (printed or [None])[-1]
    return read


def _number(obj, textpage) -> int | None:
    obj.textpage = textpage
    try:
        text = obj.extract()
    except pdfium.PdfiumError:  # an object with no text
        return None
    match = NUMBER.match(text.strip())
    return int(match.group(1)) if match else None


def check_note_numbers(places: dict, pages: list, notes, read: dict | None = None) -> list[Diagnostic]:
    """One error for the notes that print a number not their own: the first of them, at its source, and
    how many more there are (a counter that starts wrong makes every note after it wrong). ``read``: the
    numbers :func:`read_numbers` read on every page, when the caller has them (``pages`` is then unused)."""
    printed = printed_numbers(places, pages, notes) if read is None else _by_note(read, notes)
    wrong = [n for n in notes if any(p is not None and p != n.number for p in printed[n.number])]
    if not wrong:
        return []
    first = wrong[0]
    call, text = printed[first.number]
    page = places.get(f"fnref-{first.number}", (None,))[0]
    what = []
    if call is not None and call != first.number:
        what.append(f"its call prints {call}")
    if text is not None and text != first.number:
        what.append(f"its text at the page foot starts with {text}")
    more = (f"; {len(wrong) - 1} more notes print a number not their own (notes "
            f"{wrong[1].number}–{wrong[-1].number})" if len(wrong) > 2 else
            f"; note {wrong[1].number} prints a number not its own too" if len(wrong) > 1 else "")
    where = f" on page {page + 1}" if page is not None else ""
    return [error("pdf.note-number", f"note {first.number}{where}: {' and '.join(what)}, expected "
                  f"{first.number}{more}: the print layout numbered the notes wrongly (a theme's footnote "
                  f"counter, or a briefpress bug: please report it)", first.location)]


def check_title_marks(doc: pdfium.PdfDocument, places: dict, metadata, first_heading: str = "") -> list[Diagnostic]:
    """The title block's notes are marked († ‡ §…) by the template, not by a counter: where a theme prints
    the title block (its ``title-block`` id), each mark must be printed at least twice between it and the
    first heading, after the title or the name and before its note; else the note is lost."""
    if not metadata.title_notes or "title-block" not in places:
        return []
    first = places["title-block"][0]
    last = max(first, places.get(first_heading, (first,))[0])
    text = "".join("".join(doc[i].get_textpage().get_text_bounded().split()) for i in range(first, last + 1))
    out = []
    for k, (mark, _) in enumerate(metadata.title_notes):
        if text.count(mark) < 2:
            at = metadata.title_notes_at[k] if k < len(metadata.title_notes_at) else ()
            out.append(error("pdf.note-number", f"the title block's note {mark} is printed {text.count(mark)} "
                             f"time(s) on page {first + 1}, expected twice: after the title or the name, and "
                             f"before its note (the theme's title block leaves it out)",
                             SourceLocation(*at[:3]) if at and at[0] else None))
    return out
