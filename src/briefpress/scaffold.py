"""Scaffold: a folder name -> a new brief's files (``briefpress new DIR``), ready to lint and build.

Writes manuscript/metadata.yaml, manuscript/01-introduction.md, references.bib and a Makefile
into an empty or new folder; the theme is the default (kcss) until ``theme:`` names another.
Returns the files written; refuses a folder that already holds files.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from .diagnostics import BuildError, SourceLocation, error
from .output import write_all

METADATA = """# The brief's metadata. Every field: README.md, "Metadata".
title: "Title of the Brief"
short_title: "Short Title"
authors:
  - name: Author Name
    bio: One sentence about the author.
publisher:
  name: Publisher Name
  short_name: PN
  web:
    - example.org
  about: |
    A paragraph about the publisher for the back cover.
date: "{date}"
language: en
"""
CHAPTER = """# Introduction

Write the first section here. A citation becomes a numbered footnote [@example2024, p. 3].

## Background

A sub-heading is numbered 1.1. Each top-level section goes in its own file: 02-name.md, 03-name.md…
"""
BIBLIOGRAPHY = """% The sources. House conventions: README.md, "References".

@report{example2024,
  author      = {Surname, Given},
  title       = {Title of the Report},
  institution = {Issuing Institution},
  date        = {2024},
}
"""
MAKEFILE = """# `make pdf` builds the brief (needs briefpress installed: pip install briefpress).
.PHONY: pdf epub html all lint watch clean

pdf:
\tbriefpress build --format pdf .

epub:
\tbriefpress build --format epub .

html:
\tbriefpress build --format html .

all:
\tbriefpress build --format all .

lint:
\tbriefpress lint .

watch:
\tbriefpress serve .

clean:
\trm -rf build
"""


def new_project(folder: Path, today: datetime.date | None = None) -> list[Path]:
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildError([error("new.not-empty", f"'{folder}' already exists and is not an empty folder; "
                                "choose a new name", SourceLocation(str(folder)))])
    today = today or datetime.date.today()
    files = {folder / "manuscript" / "metadata.yaml": METADATA.format(date=f"{today:%Y-%m}"),
             folder / "manuscript" / "01-introduction.md": CHAPTER,
             folder / "references.bib": BIBLIOGRAPHY,
             folder / "Makefile": MAKEFILE}
    write_all({path: text.encode("utf-8") for path, text in files.items()})
    return list(files)
