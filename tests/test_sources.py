"""The sources themselves: every module of briefpress and every test compiles without a warning (an
invalid escape such as '\\>' in a docstring is a DeprecationWarning today and a SyntaxError in a later
Python), and says what it is for in its docstring."""
import ast
import warnings
from pathlib import Path

from conftest import ROOT

SOURCES = sorted((ROOT / "src" / "briefpress").rglob("*.py")) + sorted((ROOT / "tests").glob("*.py"))


def test_every_source_compiles_without_a_warning():
    found = []
    for path in SOURCES:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        found += [f"{path.relative_to(ROOT)}:{w.lineno}: {w.message}" for w in caught]
    assert found == []


def test_every_module_has_a_docstring():
    missing = [str(p.relative_to(ROOT)) for p in SOURCES if "src" in p.parts
               and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert missing == []
