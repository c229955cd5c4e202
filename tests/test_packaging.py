"""Packaging: a wheel carries the themes (fonts, templates, shared styles) and the locale files, so an
installed briefpress builds a brief outside the repository (`pipx install .`, then `briefpress new`)."""
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    source = tmp_path_factory.mktemp("source")  # setuptools writes build/ beside the sources: not the checkout's
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "templates", source / "templates")
    shutil.copytree(ROOT / "src", source / "src", symlinks=True,  # the package's link to templates/
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    # Offline: the test extra brings a setuptools new enough for the SPDX licence string.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(source)], check=True, capture_output=True)
    return next(out.glob("briefpress-*.whl"))


def test_the_wheel_carries_every_theme_file_and_the_locales(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    themes = [p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()]
    assert themes and all(f"briefpress/{t}" in names for t in themes)
    assert {"briefpress/locale/en.yaml", "briefpress/locale/sq.yaml", "briefpress/locale/sr-Latn.yaml"} <= names


def test_an_installed_briefpress_builds_a_new_brief_outside_the_repository(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    script = ("import sys; from briefpress import project; from briefpress.cli import main; "
              "print(project.PACKAGE_TEMPLATES); "
              "sys.exit(main(['new', 'brief']) or main(['build', '--format', 'html', 'brief']))")
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith(str(target))  # the themes came with the package
    assert not (tmp_path / "brief" / "templates").exists()
    html = next((tmp_path / "brief" / "build").glob("*.html")).read_text(encoding="utf-8")
    assert "@font-face" in html and "data:font/ttf;base64," in html  # the theme's fonts, inlined
