"""The parts' PDF streams compressed at zlib's default level, applied by :func:`apply` (called by
:func:`.layout.prepare`).

pydyf 0.13, which writes WeasyPrint's PDFs, compresses every stream at level 9. For page content
streams that is slow for little: writing the KCSS paper in one piece took 0.85 s of CPU at level 9
and 0.61 s at the default level (6), for streams 3% larger. pydyf is given a view of ``zlib`` whose
``compressobj`` uses the default level; nothing else changes. The level decides a part's bytes, so
a part's key names it (:mod:`.jobs`); on a pydyf release that does not compress so, nothing is
changed and :func:`apply` returns False, as on an installation of pydyf without its source (only
compiled modules), whose compression cannot be read.
"""

from __future__ import annotations

import inspect
import zlib

import pydyf

LEVEL = zlib.Z_DEFAULT_COMPRESSION
_CALL = "zlib.compressobj(level=9)"


class _Zlib:
    """zlib as pydyf sees it: the same, but for the level of ``compressobj``."""

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level=LEVEL, *args, **kwargs):
        return zlib.compressobj(LEVEL, *args, **kwargs)


def applies() -> bool:
    """Whether :func:`apply` puts the view in place (or has): pydyf compresses as this module knows."""
    if isinstance(pydyf.zlib, _Zlib):
        return True
    try:
        source = inspect.getsource(pydyf.Stream.data.fget)
    except (OSError, TypeError):  # no source to read: a pydyf left as it is, not a failed layout job
        return False
    return pydyf.zlib is zlib and _CALL in source


def apply() -> bool:
    """Give pydyf the view of zlib above, once; True when it is in place."""
    if not applies():
        return False
    if not isinstance(pydyf.zlib, _Zlib):
        pydyf.zlib = _Zlib()
    return True
