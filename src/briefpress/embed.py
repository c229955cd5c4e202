"""Quarto's ``{{< embed notebook.ipynb#fig-x >}}``: a Jupyter notebook's saved output, read without
running anything -> one line of Markdown (:mod:`briefpress.quarto` calls :func:`replacement`).

The notebook (inside the project) is JSON; the cell is the code cell whose ``#|`` lines say
``label: fig-x``. Its first image output (PNG, JPEG, GIF or SVG, as the notebook saved it, decoded
as any image is: :mod:`briefpress.images`) becomes a figure, ``![fig-cap](data:…){#fig-x}``, numbered
and referable as any. A cell without an image saved (never run, or a table or text output) prints a
note in its place and is a warning (``quarto.embed-output``); a missing notebook or cell, a file
outside the project or one that is not a notebook is an error (``quarto.embed``).
"""

from __future__ import annotations

import base64
import functools
import json
from pathlib import Path

from .diagnostics import Diagnostic, error

MAX_BYTES = 64 * 1024 * 1024  # a notebook with its saved figures; larger is no notebook of a paper
IMAGES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")


@functools.lru_cache(maxsize=8)
def _cells(path: Path, _stamp: tuple):
    """A notebook's cells, read once while the file is unchanged: a paper embeds several figures of one
    notebook, and a notebook with its saved images runs to megabytes."""
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(value) -> str:
    """nbformat's multiline text: a string or a list of strings (anything else read as text, not a crash)."""
    return "".join(map(str, value)) if isinstance(value, list) else str(value)


def replacement(args: str, base: Path, root: Path, where) -> tuple[str, list[Diagnostic]]:
    """The shortcode's arguments (``nb.ipynb#label``) -> (its Markdown, diagnostics)."""
    from . import images
    from .chunk_options import yaml_options
    from .diagnostics import relative
    from .quarto import inside
    target = (args.split() or [""])[0].strip("\"'")
    file, _, label = target.partition("#")
    path = (root / file.lstrip("/")) if file.startswith("/") else base / file
    if not inside(path, root):
        return "", [error("quarto.embed", f"'{file}' is outside the project; copy the notebook into it", where)]
    name = relative(path, root)
    if not label or not path.is_file():
        what = "name the cell: {{< embed notebook.ipynb#fig-x >}}" if path.is_file() else f"no such notebook: '{name}'"
        return "", [error("quarto.embed", what, where)]
    try:
        st = path.stat()
        if st.st_size > MAX_BYTES:
            raise ValueError("too large")
        cells = _cells(path, (st.st_mtime_ns, st.st_size))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return "", [error("quarto.embed", f"'{name}' is not a Jupyter notebook (nbformat 4 JSON)", where)]
    for cell in cells if isinstance(cells, list) else ():
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        lines = _text(cell.get("source", "")).split("\n")
        options, _ = yaml_options([line.split("|", 1)[1].lstrip() for line in lines if line.startswith("#|")])
        if str(options.get("label", "")) != label:
            continue
        caption = options.get("fig-cap") or options.get("tbl-cap") or ""
        caption = " ".join(caption.split()) if isinstance(caption, str) else ""
        for output in cell.get("outputs") or ():
            data = output.get("data") if isinstance(output, dict) else None
            kind = next((k for k in IMAGES if isinstance(data, dict) and k in data), None)
            if not kind:
                continue
            raw = _text(data[kind])
            try:
                blob = raw.encode() if kind == "image/svg+xml" else base64.b64decode(raw, validate=False)
                image = images._svg(blob) if kind == "image/svg+xml" else images._raster(blob)
            except (images.ImageProblem, ValueError) as exc:
                return "", [error("quarto.embed", f"the image of cell '{label}' in '{name}': {exc}", where)]
            return f"![{caption or label}]({images.data_uri(image)}){{#{label}}}", []
        return (f"*[The output of cell ‘{label}’ of {name} is not in the notebook as an image; it was not run "
                "for this edition.]*", [Diagnostic("warning", "quarto.embed-output", f"cell '{label}' of '{name}' "
                                                  "has no saved image output (run the notebook and save it, or "
                                                  "write the output in Markdown)", where)])
    return "", [error("quarto.embed", f"no code cell of '{name}' is labelled '{label}' (#| label: {label})", where)]
