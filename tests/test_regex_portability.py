"""No regular expression of briefpress uses a possessive repeat or an atomic group: Python 3.11.0-3.11.4 matched
a possessive repeat of a part that may backtrack wrongly (CPython gh-106052), and Debian 12's Python is 3.11.2,
where BibTeX was split otherwise than bibtexparser splits it (tests/test_bib_split.py failed there). Such a part
is written with atomic.once, which reads the same on every Python 3.11."""

import importlib
import pkgutil
import re
from re import _parser as parser

import briefpress
from briefpress.atomic import once

UNSAFE = {parser.POSSESSIVE_REPEAT, parser.ATOMIC_GROUP}


def _unsafe(items) -> bool:
    for op, arg in items:
        if op in UNSAFE:
            return True
        for value in arg if isinstance(arg, (list, tuple)) else (arg,):
            if isinstance(value, parser.SubPattern) and _unsafe(value.data):
                return True
            if isinstance(value, (list, tuple)) and any(isinstance(v, parser.SubPattern) and _unsafe(v.data)
                                                        for v in value):
                return True
    return False


def _patterns():
    for info in pkgutil.walk_packages(briefpress.__path__, "briefpress."):
        if info.name.endswith(("__main__", "printing.preload")):
            continue  # running it is its purpose (the CLI; the forkserver's preload)
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                yield f"{info.name}.{name}", value


def test_the_check_finds_a_possessive_repeat_and_an_atomic_group():
    assert _unsafe(parser.parse(r"(?:a|ab)*+c").data) and _unsafe(parser.parse(r"x(?>a|ab)c").data)
    assert not _unsafe(parser.parse(once(r"(?:a|ab)*") + "c").data)


def test_no_pattern_of_briefpress_repeats_possessively_or_groups_atomically():
    found = [(name, p.pattern[:80]) for name, p in _patterns() if _unsafe(parser.parse(p.pattern, p.flags).data)]
    assert found == []


def test_once_is_atomic():
    # atomic: the repeat takes the whole run and gives none back, so 'a' after it finds none left
    assert re.fullmatch(once("a*") + "a", "aaa") is None and re.fullmatch("a*a", "aaa")
    assert re.fullmatch(once(r"(?:\{[^{}]*\}|[^{}])*") + r"\}", "{x}y}").group(0) == "{x}y}"
