"""Each object of a part's PDF serialized once while pydyf writes it, applied by :func:`apply` (called
by :func:`.layout.prepare`). The same bytes.

pydyf 0.13 writes a PDF given an identifier (every part has one, :func:`.layout.identifier`) by
serializing every object, then serializing them all again to hash them for the /ID's second element:
every page's content stream joined and compressed twice, the object stream too. That second pass was
~9% of writing the KCSS paper (58 ms of 0.64 s of CPU). Here, during a write, the serialized bytes
of each numbered object (one in the PDF's object list, alive for the whole write) are kept the first
time they are asked for, and the hash reads those. Unnumbered objects (a stream's own dictionary,
made afresh each time) are serialized as before: a key by ``id()`` would outlive them.

Only on the pydyf release it was written for (0.13), whose writer is known to change no object once
it has started; otherwise nothing changes and :func:`apply` returns False.
"""

from __future__ import annotations

import functools
import threading

import pydyf

SUPPORTED = "0.13."
ORIGINAL_WRITE = pydyf.PDF.write
_CLASSES = (pydyf.Dictionary, pydyf.Stream, pydyf.Array, pydyf.String)
ORIGINAL_DATA = {cls: cls.data for cls in _CLASSES}  # each class's own property
_writing = threading.local()  # the write under way in this thread: object id -> its bytes


def _kept(original: property) -> property:
    serialize = original.fget

    @functools.wraps(serialize)  # its source, as inspect reads it, is pydyf's (compression.applies reads it)
    def data(self):
        kept = getattr(_writing, "objects", None)
        if kept is None or self.number is None:
            return serialize(self)
        found = kept.get(id(self))
        if found is None:
            found = kept[id(self)] = serialize(self)
        return found

    return property(data, doc=original.__doc__)


def _write(self, output, version=b"1.7", identifier=False, compress=False):
    outer = getattr(_writing, "objects", None)
    _writing.objects = {}
    try:
        return ORIGINAL_WRITE(self, output, version, identifier, compress)
    finally:
        _writing.objects = outer


def applies() -> bool:
    return pydyf.__version__.startswith(SUPPORTED) and all(isinstance(p, property) for p in ORIGINAL_DATA.values())


def apply() -> bool:
    """Put the kept serializations in place, once; True when they are."""
    if getattr(pydyf.PDF.write, "briefpress_once", False):
        return True
    if not applies():
        return False
    for cls, original in ORIGINAL_DATA.items():
        cls.data = _kept(original)
    _write.briefpress_once = True
    pydyf.PDF.write = _write
    return True
