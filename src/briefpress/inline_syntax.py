"""Python-Markdown extension: inline syntax read as pandoc's Markdown reads it, where Python-Markdown
reads it otherwise.

- ``&copy;`` and ``&#8212;`` are characters; ``&notaname;``, which HTML does not know, is text as typed
  (passed on raw, a browser read ``&not`` and printed "¬aname;", and XHTML has no such entity);
- ``<www.example.org>``, ``<e.g.>``: a tag's name holds no dot, so this is text (it was read as a tag
  and the sanitiser dropped it with its words);
- ``<urn:isbn:0451450523>``, ``<doi:10.1000/182>``, ``<tel:+15551234>``, ``<mailto:a@b.org>``: a link, its
  text the URI whole, as pandoc links a URI of a scheme it knows without ``//`` (Python-Markdown read the
  first as a tag, which the sanitiser dropped, and left the others as text or printed a mailto's address);
- dashes and ellipses read from left to right, as pandoc reads them: ``----`` is "—-" and ``....`` "…."
  (SmartyPants left a run of four or more as typed);
- a reference link's two brackets touch: ``[a] [b]`` with both defined is two links (Python-Markdown
  took it for one link, text "a" to b's target, and lost "[b]");
- after an abbreviation of pandoc's list ("Dr.", "e.g.", "p.", "vol."…) the space is a no-break space, as
  pandoc's ``smart`` sets it: "Dr. Smith" and "p. 5" never break apart at a line's end.
"""

from __future__ import annotations

import re
from html import escape
from html.entities import html5

from markdown.extensions import Extension
from markdown.extensions.smarty import SubstituteTextPattern
from markdown.inlinepatterns import (ENTITY_RE, HTML_RE, IMAGE_REFERENCE_RE, REFERENCE_RE, AutolinkInlineProcessor,
                                     HtmlInlineProcessor, ImageReferenceInlineProcessor, ReferenceInlineProcessor)

_NAME = "[a-zA-Z][^\\s\"'<>@]*+"
assert _NAME in HTML_RE  # Python-Markdown's pattern for a tag's name, replaced below
TAG_RE = HTML_RE.replace(_NAME, "[a-zA-Z][a-zA-Z0-9:_-]*+", 1)
_TOUCHING = re.compile(r"\[([^\]]*)\]", re.DOTALL | re.UNICODE)  # Python-Markdown's, without its '\s?'
# Schemes of pandoc's list (IANA's and doi, isbn, pmid…) that are written without '//'; those with it
# Python-Markdown links already. Another 'name:' in angle brackets is a tag (Word's <o:p>); javascript: and
# data:, which pandoc links too, stay tags, for the sanitiser to refuse.
SCHEMES = ("about bitcoin callto cid doi fax geo im info isbn issn magnet mailto mid news "
           "openpgp4fpr pmid sip sips sms tag tel urn xmpp").split()
URI_RE = r"<((?i:%s):[^\s<>]+)>" % "|".join(SCHEMES)


# pandoc's (its data file 'abbreviations'): the space after one is a no-break space
ABBREVIATIONS = ("Mr Mrs Ms Capt Dr Prof Gen Gov e.g i.e Sgt St vol vs Sen Rep Pres Hon Rev Ph.D M.D M.A p pp ch chap "
                 "sec cf cp").split()
ABBREVIATION_RE = r"(?<![\w.])(%s)\. (?=\S|$)" % "|".join(re.escape(a) for a in ABBREVIATIONS)


class _Entity(HtmlInlineProcessor):
    def handleMatch(self, m, data):
        if m.group(1)[1] == "#" or m.group(1)[1:] in html5:
            return super().handleMatch(m, data)
        return self.md.htmlStash.store(escape(m.group(1), quote=False)), m.start(0), m.end(0)


class _Reference(ReferenceInlineProcessor):
    RE_LINK = _TOUCHING


class _ImageReference(ImageReferenceInlineProcessor):
    RE_LINK = _TOUCHING


class InlineSyntaxExtension(Extension):
    def extendMarkdown(self, md):
        # in the places and priorities of the patterns they replace
        md.inlinePatterns.register(_Reference(REFERENCE_RE, md), "reference", 170)
        md.inlinePatterns.register(AutolinkInlineProcessor(URI_RE, md), "pandoc-uri", 121)
        md.inlinePatterns.register(_ImageReference(IMAGE_REFERENCE_RE, md), "image_reference", 140)
        md.inlinePatterns.register(HtmlInlineProcessor(TAG_RE, md), "html", 90)
        md.inlinePatterns.register(_Entity(ENTITY_RE, md), "entity", 80)
        if "smarty" in md.treeprocessors:  # its patterns, in their names and priorities, without lookarounds
            smarty = md.treeprocessors["smarty"].inlinePatterns
            for name, pattern, priority in (("smarty-em-dashes", "---", 50), ("smarty-en-dashes", "--", 45),
                                            ("smarty-ellipses", r"\.\.\.", 10)):
                if name in smarty:
                    smarty.register(SubstituteTextPattern(pattern, smarty[name].replace, md), name, priority)
            smarty.register(SubstituteTextPattern(ABBREVIATION_RE, [1, ".\u00a0"], md), "abbreviations", 60)


def makeExtension(**kwargs):
    return InlineSyntaxExtension(**kwargs)
