"""The print package (src/briefpress/printing) has no import cycle, and every module imports."""
import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "briefpress" / "printing"


def _imports(path: Path, module: str) -> set[str]:
    """The package's modules that ``module`` imports (at any depth of its code, lazy imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:  # from .layout import x
                found.add(node.module.split(".")[0])
            elif node.level == 1:  # from . import layout
                found.update(alias.name for alias in node.names)
            elif node.level == 0 and (node.module or "").startswith("briefpress.printing."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[2] for a in node.names if a.name.startswith("briefpress.printing."))
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    return (found & modules) - {module}


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph (a list of modules, first repeated at the end), or None."""
    state: dict[str, str] = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt, path + [nxt])):
                return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_print_package_has_no_import_cycle():
    graph = {p.stem: _imports(p, p.stem) for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert {"model", "layout", "parts", "workers", "merge", "weasyprint_fix"} <= set(graph)
    assert "layout" in graph["in_worker"] and "model" in graph["parts"]  # the graph is read, not empty
    assert cycle(graph) is None, f"import cycle: {' -> '.join(cycle(graph))}"
    assert graph["model"] == set()  # the values import nothing of the package (pickled across processes)


@pytest.mark.parametrize("name", sorted(p.stem for p in PACKAGE.glob("*.py")))
def test_every_module_imports(name):
    importlib.import_module(f"briefpress.printing{'' if name == '__init__' else '.' + name}")


def test_no_test_helpers_in_the_package():
    for path in PACKAGE.glob("*.py"):
        assert "def render_pdf" not in path.read_text(), path.name  # tests/printing_helpers.py holds it


def test_a_pdf_builds_own_process_imports_neither_weasyprint_nor_package_metadata(tmp_path):
    """The workers lay the paper out and say which WeasyPrint and pydyf lay it out (layout.ready, for a part's
    key): the build's process imports neither WeasyPrint (~0.3 s) nor importlib.metadata (~45 ms)."""
    import json
    import subprocess
    import sys
    from conftest import ROOT
    script = ("import json, sys\nfrom briefpress.cli import main\n"
              f"code = main(['build', '--out', {str(tmp_path / 'out')!r}, {str(ROOT)!r}])\n"
              "print(json.dumps([code, sorted(sys.modules)]))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout.splitlines()[-1])
    assert code == 0 and (tmp_path / "out" / "serbian-security-doctrine.pdf").exists()
    assert [m for m in ("weasyprint", "importlib.metadata", "pydyf") if m in modules] == []
