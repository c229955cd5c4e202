"""What bounds a cold `make pdf` on this machine, whatever the pipeline around the layout does.

Prints JSON: ``import_seconds``, a fresh process's wall time to import the layout module (WeasyPrint
with it; no worker lays anything out before that); ``parse_seconds``, a fresh process's wall time to
read, lint and parse the paper (no part's HTML exists before that); and ``layout_cpu_seconds``, the
CPU time WeasyPrint takes to lay out and write the whole paper in one piece, in a process already warm
(imported, one small page laid out), as the workers are. With N cores no cold build is faster than
``max(import, parse) + layout / N`` (what must come first, then the layout shared perfectly), nor
than ``(import + parse + layout) / N`` (all that CPU work packed perfectly), even with no merging or
verification at all. Run by bench/run.py (section "limits"); ``python bench/floor.py`` alone prints them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fresh_process_seconds(code: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return min(times)


def layout_cpu_seconds(runs: int = 3) -> tuple[float, int]:
    from briefpress import pipeline
    from briefpress.fonts import document_text, subset_theme_fonts
    from briefpress.printing import layout
    from briefpress.render_html import render_print

    parsed = pipeline.parse(ROOT)
    document, theme = parsed.document, parsed.theme
    theme = replace(theme, print_fonts=subset_theme_fonts(theme, document_text(document, theme), "print"))
    html = render_print(document, theme)  # the whole paper as one part
    allowed = (parsed.project.root, theme.dir, theme.fonts_dir)
    layout.prepare()
    layout.warm_up()
    best, pages = float("inf"), 0
    for _ in range(runs):
        start = time.process_time()
        written = layout.lay_out_and_write(html, theme.dir, allowed)
        best, pages = min(best, time.process_time() - start), written.laid.pages
    return best, pages


def main() -> None:
    cpu, pages = layout_cpu_seconds()
    print(json.dumps({"import_seconds": round(fresh_process_seconds("import briefpress.printing.layout"), 3),
                      "parse_seconds": round(fresh_process_seconds(
                          "from pathlib import Path; from briefpress import pipeline; pipeline.parse(Path('.'))"), 3),
                      "layout_cpu_seconds": round(cpu, 3), "pages": pages}))


if __name__ == "__main__":
    main()
