"""WeasyPrint imported without its slowest step on Linux (:func:`import_weasyprint` -> the module).

WeasyPrint 70 looks each C library up (GObject, Pango, HarfBuzz, Fontconfig…) under several names,
the platform-neutral ones first; cffi opens a name directly and, when that fails, asks
``ctypes.util.find_library``, which on Linux runs ``ldconfig`` and ``gcc`` for each name: about
0.3 s of the worker processes' start (most of WeasyPrint's import), spent on names that are not
files. While WeasyPrint is imported here, that search finds nothing at once for the importing
thread (any other thread still searches), so the Linux file names further down its lists
(``libpango-1.0.so.0``) are opened directly by the dynamic loader: the libraries the search would
have found. Should one not load that way, WeasyPrint is imported again with the search as it was.
Other platforms import WeasyPrint as it is.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import sys
import threading

_lock = threading.Lock()  # one import at a time: each restores the search it found


def import_weasyprint():
    with _lock:
        if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
            import weasyprint
            return weasyprint
        search, importer = ctypes.util.find_library, threading.get_ident()

        def no_search(name):
            return None if threading.get_ident() == importer else search(name)

        ctypes.util.find_library = no_search
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its advice before it raises
                import weasyprint
            return weasyprint
        except OSError:
            for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
                del sys.modules[name]
        finally:
            ctypes.util.find_library = search
        import weasyprint
        return weasyprint
