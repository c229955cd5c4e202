"""The values of the print stage: what a part prints, what its layout found, what the stage returns.

Nothing here imports WeasyPrint: these values cross process boundaries (pickled) and the
parent unpickles them without the slow import.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

# A build's stylesheet, sent to the forkserver it starts (workers.py -> preload.py): the environment
# variable naming the folder it comes to, and the files there: the stylesheet, or word that none is coming.
AHEAD, AHEAD_PID = "BRIEFPRESS_STYLE_AHEAD", "BRIEFPRESS_STYLE_AHEAD_PID"  # the folder, the build's process
MAIN_PATH = "BRIEFPRESS_MAIN_PATH"  # the script the build runs as, for the forkserver to run once (preload)
STYLE, NO_STYLE = "style.pickle", "no-style"
RULES = "rules.pickle"  # the stylesheet's rules, without its fonts (workers.Workers.parse_rules)
SHEET = "\x00briefpress: the stylesheet of the file named with the job\x00"  # in a part's <style> (workers.Workers.part)
SHARED_SIZE = 16_384  # a part's stylesheet larger than this is sent (and hashed) once, not with every part


def split_sheet(html: str) -> tuple[str, str, str] | None:
    """A part's HTML -> (before its stylesheet, the stylesheet, after it): the first ``<style>``, the
    theme's (the build's fonts in it: hundreds of kB, the same in every part); None when it is small."""
    start = html.find("<style>")
    end = html.find("</style>", start) if start >= 0 else -1
    if end - start < SHARED_SIZE:
        return None
    return html[:start + len("<style>")], html[start + len("<style>"):end], html[end:]


@dataclass(frozen=True)
class PrintPart:
    """What one layout job prints: the front (covers, credits, the TOC with its page numbers
    given), or chapters [first, stop) starting on page ``start_page`` after ``notes_before``
    notes, with the references and back cover when ``back``."""
    front: bool = False
    first: int = 0
    stop: int = 0
    back: bool = False
    start_page: int = 1
    notes_before: int = 0
    toc_pages: dict | None = None  # heading id -> printed page number (front only)


@dataclass(frozen=True)
class LaidOut:
    """One part's layout: its page count, where each element starts, WeasyPrint's warnings."""
    pages: int
    anchors: dict  # element id -> 0-based page index where it starts
    warnings: tuple[str, ...]
    breaks: tuple[str, ...] = ()  # blocks the one-piece fallback had to start on a new page


@dataclass(frozen=True)
class Written:
    """A part laid out and written: its layout, its PDF bytes, and the seconds each step took."""
    laid: LaidOut
    pdf: bytes
    warnings: tuple[str, ...]  # WeasyPrint's warnings while writing
    seconds: dict  # "layout" / "write" -> seconds


@dataclass(frozen=True)
class Hints:
    """What the last build found: the front's page count and each part's, by the name of the chapter
    it starts with. They only save time (a guess the layout checks), never change bytes."""
    front: int  # pages of the front
    pages: dict  # first chapter's name -> pages of its part

    def to_json(self) -> dict:
        return {"front": self.front, "parts": dict(self.pages)}

    @classmethod
    def from_json(cls, data) -> Hints | None:
        def count(value) -> bool:
            return isinstance(value, int) and not isinstance(value, bool) and value > 0
        if isinstance(data, dict) and count(data.get("front")) and isinstance(data.get("parts"), dict) \
                and all(isinstance(k, str) and count(v) for k, v in data["parts"].items()):
            return cls(data["front"], dict(data["parts"]))
        return None


@dataclass(frozen=True)
class Rendered:
    """The print stage's result: the merged PDF and what the EPUB and the verification need."""
    pdf: bytes
    pages: int
    warnings: tuple[str, ...]
    anchors: dict  # element id -> 0-based index of the page where it starts
    timings: dict = field(default_factory=dict)  # "layout <part>", "write <part>", "merge"... -> seconds
    hints: Hints | None = None  # for the next build; the pipeline keeps them once the PDF is verified
    notices: tuple = ()  # info diagnostics (the WeasyPrint patch could not apply)
    parts: dict = field(default_factory=dict)  # part key -> Written: the parts of this PDF, for the next build


def written_to_json(written: Written) -> dict:
    laid = written.laid
    return {"pages": laid.pages, "anchors": laid.anchors, "warnings": list(laid.warnings),
            "breaks": list(laid.breaks), "write_warnings": list(written.warnings),
            "sha256": hashlib.sha256(written.pdf).hexdigest()}


def written_from_json(data, pdf: bytes) -> Written | None:
    """A part kept by an earlier build, or None when the record is not one or the PDF is not the one
    it describes (the parts are written without waiting for the disk: a crash may leave them short)."""
    try:
        if data["sha256"] != hashlib.sha256(pdf).hexdigest():
            return None
        laid = LaidOut(int(data["pages"]), {str(k): int(v) for k, v in dict(data["anchors"]).items()},
                       tuple(map(str, data["warnings"])), tuple(map(str, data["breaks"])))
        return Written(laid, pdf, tuple(map(str, data["write_warnings"])), {})
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


STUB = b"briefpress font stub sha256:"  # in a part's PDF, in place of a font given subset (merge.py)


def stub(font: bytes) -> bytes:
    """What a part embeds for a font given subset: its first 4 bytes (WeasyPrint reads its type from
    them: ``OTTO`` for CFF outlines) and its digest. Each part embedded and compressed the build's whole
    subsets (about 0.5 s of the parts' writing, 1.9 MB for the KCSS paper); the merge
    (:func:`.merge.merge_parts`) reduces the real font, from the build's subsets, to the glyphs drawn."""
    return font[:4] + STUB + hashlib.sha256(font).digest()
