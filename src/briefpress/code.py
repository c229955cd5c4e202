"""Code: the Python-Markdown settings for code (takes nothing, returns extensions and their configs).

Fenced blocks (```` ``` ```` and ``~~~``, with a language: ```` ```python ```` or ```` ``` {.python} ````)
are highlighted with Pygments into ``<div class="highlight"><pre><code>`` with class-named
tokens (``k``, ``s``, ``c``…), styled by templates/common/code.css.j2 in the theme's monospace
font; no language guessing, so the same text always gets the same colours. Inline code needs
nothing beyond Markdown itself; its font comes from the same stylesheet.
"""

from __future__ import annotations

EXTENSIONS = ["fenced_code", "codehilite"]
CONFIGS = {"codehilite": {"css_class": "highlight", "guess_lang": False, "use_pygments": True,
                          "linenums": False, "wrapcode": True}}
