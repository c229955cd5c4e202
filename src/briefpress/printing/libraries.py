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

Its PDF writer also imports fontTools' subsetter and variable-font instancer at start (about 0.1 s of
the forkserver's CPU, beside the build's own start), which it calls only for a font it subsets
itself without HarfBuzz-Subset or for a variable font: the build's fonts are neither (they come
subset, :mod:`.stubs`). Both load when first used instead (:func:`_deferred_fonttools`).
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import importlib.util
import io
import sys
import threading
import types

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
            with contextlib.redirect_stdout(io.StringIO()), _deferred_fonttools():  # WeasyPrint prints its advice before it raises
                import weasyprint
            return weasyprint
        except OSError:
            for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
                del sys.modules[name]
        finally:
            ctypes.util.find_library = search
        import weasyprint
        return weasyprint


INSTANCER = "fontTools.varLib.instancer"


@contextlib.contextmanager
def _deferred_fonttools():
    """While WeasyPrint is imported: ``fontTools.subset`` a module that loads on first use (the standard
    library's ``LazyLoader``), and ``fontTools.varLib.instancer`` a stand-in whose one function,
    ``instantiateVariableFont``, the only name WeasyPrint takes from it, imports the module when called.
    The stand-in is gone afterwards: any later import gets the module itself."""
    if "fontTools.subset" not in sys.modules and importlib.util.find_spec("fontTools") is not None:
        spec = importlib.util.find_spec("fontTools.subset")
        spec.loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        sys.modules["fontTools"].subset = module
    stand_in = None
    if INSTANCER not in sys.modules:
        stand_in = sys.modules[INSTANCER] = types.ModuleType(INSTANCER)

        def instantiateVariableFont(*args, **kwargs):  # noqa: N802 (fontTools' name)
            return importlib.import_module(INSTANCER).instantiateVariableFont(*args, **kwargs)
        stand_in.instantiateVariableFont = instantiateVariableFont
    try:
        yield
    finally:
        if stand_in is not None and sys.modules.get(INSTANCER) is stand_in:
            del sys.modules[INSTANCER]
