"""Stubs: while a part's PDF is written (:func:`embedded_as_stubs`), each font the build gave subset
is embedded as a stub (:func:`.model.stub`) instead of being subset again by WeasyPrint.

The build subsets the theme's fonts once (:mod:`briefpress.fonts`) and gives them to every part as
``data:`` URLs. WeasyPrint 70 would subset each again to the glyphs the part draws: its own subsetting
(fontTools without HarfBuzz-Subset) took most of the writing time, and gave each part and each machine
different font bytes. A part embeds a stub (the font's first bytes and its sha256) instead; the merge
(:mod:`.merge`) puts the real font back, reduced once to the glyphs every part draws. Other fonts are
subset as before. A wrapper of WeasyPrint 70's ``Font.subset``, installed on first use; on a release
without that method nothing is changed and each font is embedded as WeasyPrint embeds it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import threading

from .model import stub

_writing = threading.local()  # the digests of the fonts the PDF being written in this thread embeds as stubs


class _Every:
    """Every font, as ``given``: the forkserver's warm-up page (:func:`.layout.warm_up`) is written as the
    parts are, each font a stub, not subset by WeasyPrint (which a part asks of it only for a font the
    build did not give): that was ~14 ms of the warm-up, which a cold build waits for, most of it cffi
    reading a C type for each length of glyph array."""

    def __contains__(self, digest) -> bool:
        return True

    def __bool__(self) -> bool:
        return True


EVERY = _Every()


@contextlib.contextmanager
def embedded_as_stubs(given: frozenset[str]):
    """While the block writes a PDF in this thread, the fonts whose sha256 is in ``given`` are stubs."""
    _writing.fonts = given if _install() else frozenset()
    try:
        yield
    finally:
        _writing.fonts = frozenset()


def _install() -> bool:
    from weasyprint.pdf import fonts

    subset = getattr(fonts.Font, "subset", None)
    if getattr(subset, "briefpress", False):
        return True
    if subset is None or list(inspect.signature(subset).parameters) != ["self", "to_unicode", "hinting"]:
        return False

    @functools.wraps(subset)
    def subset_unless_given(self, to_unicode, hinting):
        given = getattr(_writing, "fonts", ())
        if given and hashlib.sha256(self.file_content).hexdigest() in given:
            # Only a part is written here, never the paper: the merge puts the font back from the build's
            # subsets. Kept whole only where WeasyPrint reads the program again (no glyph list: every
            # width read from it; a variable or colour font instanced or cleaned after this).
            if to_unicode and "fvar" not in self.tables and not (self.png or self.svg or self.colr):
                self.file_content = stub(self.file_content)
            return None
        return subset(self, to_unicode, hinting)

    subset_unless_given.briefpress = True
    fonts.Font.subset = subset_unless_given
    return True
