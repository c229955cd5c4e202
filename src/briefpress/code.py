"""Code: the Python-Markdown settings for code (takes nothing, returns extensions and their configs).

Fenced blocks (```` ``` ```` and ``~~~``, with a language: ```` ```python ```` or ```` ``` {.python} ````)
are highlighted with Pygments into ``<div class="highlight"><pre><code>`` with class-named
tokens (``k``, ``s``, ``c``…), styled by templates/common/code.css.j2 in the theme's monospace
font; no language guessing, so the same text always gets the same colours. Inline code needs
nothing beyond Markdown itself; its font comes from the same stylesheet.
"""

from __future__ import annotations

# A fenced block as pandoc closes it: by a fence of the same character at least as long (a '````' block
# may show '```' lines), in a block quote or an item too; a backtick fence's info string holds no backtick.
# Read a line at a time: a fence never closed is looked for to the end (Python-Markdown does the same).
# For the patterns that blank code before reading the text around it (citations, notes, math, LaTeX).
FENCED = r"(?ms:^[ \t>]*(?P<fence>`{3,}(?=[^`\n]*$)|~{3,})[^\n]*\n(?:[^\n]*\n)*?[ \t>]*(?P=fence)[`~]*[ \t]*$)"

EXTENSIONS = ["fenced_code", "codehilite"]
CONFIGS = {"codehilite": {"css_class": "highlight", "guess_lang": False, "use_pygments": True,
                          "linenums": False, "wrapcode": True}}
