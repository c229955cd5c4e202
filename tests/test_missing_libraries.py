"""A machine without Pango (WeasyPrint's C libraries): `briefpress build` says what to install, as one
diagnostic with exit 1, instead of the forkserver's traceback and an internal error. Simulated with a
stand-in `weasyprint` package that fails to import as the real one does when Pango is missing."""
import os
import subprocess
import sys

from conftest import ROOT

FAILING = ("raise OSError(\"cannot load library 'pango-1.0-0': pango-1.0-0: cannot open shared object file: "
           "No such file or directory\")\n")


def _without_pango(tmp_path) -> dict:
    fake = tmp_path / "fake" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(FAILING, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake.parent), str(ROOT / "src")])}


def test_a_build_without_pango_is_one_error_saying_what_to_install(tmp_path):
    out = tmp_path / "out"
    args = [sys.executable, "-m", "briefpress.cli", "build", "--format", "pdf", "--out", str(out), str(ROOT)]
    done = subprocess.run(args, capture_output=True, text=True, env=_without_pango(tmp_path), timeout=300)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.endswith("[pdf.weasyprint-libraries]")]
    assert len(errors) == 1 and "pango-1.0-0" in errors[0] and "install Pango" in errors[0]
    assert not out.exists()  # nothing written


def test_the_same_error_when_the_layout_runs_in_this_process(tmp_path):
    script = ("from pathlib import Path\nfrom briefpress.diagnostics import BuildError\n"
              "from briefpress.pipeline import build\ntry:\n"
              f"    build(Path({str(ROOT)!r}), ('pdf',), Path({str(tmp_path / 'out')!r}), parallel=False)\n"
              "except BuildError as exc:\n    print([d.code for d in exc.diagnostics])\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=_without_pango(tmp_path), timeout=300)
    assert done.stdout.strip() == "['pdf.weasyprint-libraries']", done.stderr
