"""Computed styles: WeasyPrint 70's ``ComputedStyle.__missing__`` (a property's computed value, made
the first time it is asked) with a short way for the values most asked, applied by :func:`apply`
(called by :func:`.layout.prepare`).

WeasyPrint computes each property of each element's style when layout first asks for it: ~82,000
values for the KCSS paper, most of them a property the stylesheet does not set, which is the parent's
value (an inherited property) or the initial value. Each went through the whole general path (the
logical property looked up, the value checked for ``var()`` and math functions twice, the text
decoration and ``page`` cases) and took ~8% of a part's layout. Here such a value is taken straight
from the parent or the initial values; every other one (a property the stylesheet or a logical
property sets, the root element's, ``float``, ``display``, ``position``, ``page``, text decorations,
custom properties, an initial value WeasyPrint computes, an inherited math function) goes
WeasyPrint's own way. The values are the same: tests/test_computed_styles.py compares every
property of every element and pseudo-element of a page of constructs, and the PDFs' bytes.

Only on the WeasyPrint release it was written for.
"""

from __future__ import annotations

import weasyprint
from weasyprint import css
from weasyprint.css.computed_values import PHYSICAL_FUNCTIONS
from weasyprint.css.functions import check_math
from weasyprint.css.properties import INHERITED, INITIAL_NOT_COMPUTED, INITIAL_VALUES

SUPPORTED = "70."
ORIGINAL = css.ComputedStyle.__missing__
# asked of WeasyPrint: they set or read more than their own value (see ComputedStyle.__missing__)
OWN_WAY = frozenset({"float", "display", "position", "page"}) | {
    key for key in INITIAL_VALUES if key.startswith("text_decoration_")} | INITIAL_NOT_COMPUTED
# a physical property's logical counterpart in each direction: set, it wins (WeasyPrint's block direction: 'ttb')
LOGICAL = {direction: {key: function(block="ttb", inline=direction) for key, function in PHYSICAL_FUNCTIONS.items()}
           for direction in ("ltr", "rtl")}


def missing(self, key):
    """A property's computed value: the parent's or the initial one for a property nothing sets, else
    WeasyPrint's way."""
    cascaded = self.cascaded
    parent = self.parent_style
    if key in cascaded or key in OWN_WAY or parent is None or key[:2] == "__":
        return ORIGINAL(self, key)
    if key in PHYSICAL_FUNCTIONS and LOGICAL[self["direction"]][key] in cascaded:
        return ORIGINAL(self, key)
    value = parent[key] if key in INHERITED else INITIAL_VALUES[key]
    if check_math(value):  # an inherited math function is solved again for this element
        return ORIGINAL(self, key)
    self[key] = value
    return value


def apply() -> bool:
    """The short way in place, once; True when in place (only on WeasyPrint 70)."""
    if not weasyprint.__version__.startswith(SUPPORTED):
        return False
    css.ComputedStyle.__missing__ = missing
    return True
