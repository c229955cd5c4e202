"""Sanitise: raw HTML in the Markdown -> diagnostics at file:line:col, and clean HTML in every output.

A policy brief has no use for active content, and an EPUB or web page that carries it is a
hazard. One allowlist (:data:`TAGS`, :data:`ATTRIBUTES`, :data:`URL_SCHEMES`) serves twice:

- :func:`active_content` (lint, hence every build) reads the chapter with the standard
  library's HTML tokenizer, which knows where each tag is, and reports as errors scripts,
  iframes, objects, embeds, forms, ``<link>``, ``<base>``, ``<meta>``, ``<style>``, event
  handlers (``onclick=``), ``javascript:``/``vbscript:``/``data:`` URLs and ``url()`` in a
  style; other tags outside the allowlist are warnings (their text is kept, the tag dropped).
- :class:`SanitizeExtension` (Python-Markdown) passes every piece of raw HTML the author
  wrote through nh3 (the ammonia sanitiser) with the same allowlist before it reaches the
  HTML, so no output (PDF, EPUB, web edition) can carry what the check would refuse.

Markdown itself can carry the same: ``[x](javascript:...)``, a reference definition, or an
attribute list (``{: onclick="..."}``). :func:`active_markdown` reports those, and a tree
processor drops such attributes from every element Markdown made.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser

import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .code import Masking
from .diagnostics import Diagnostic, SourceLocation, error
from .inline_syntax import SCHEMES

ACTIVE = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
          "select", "textarea", "option", "link", "base", "meta", "style", "noscript", "template", "portal",
          "audio", "video", "source", "track", "svg", "math", "canvas", "dialog", "slot"}
VOID = {"br", "hr", "img", "wbr", "col"}
TAGS = set(nh3.ALLOWED_TAGS) - {"area", "map"}
ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
ATTRIBUTES["*"] = {"id", "class", "lang", "dir", "title", "role", "style"}
ATTRIBUTES.setdefault("a", set()).update({"href", "hreflang"})
GENERIC_PREFIXES = {"aria-", "data-"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data",
                  "background", "cite", "longdesc", "usemap", "ping", "manifest", "codebase"}
STYLE_PROPERTIES = {"color", "background-color", "font-weight", "font-style", "font-variant", "font-size",
                    "text-align", "text-decoration", "text-transform", "vertical-align", "white-space",
                    "letter-spacing", "word-spacing", "width", "max-width", "margin", "margin-left",
                    "margin-right", "margin-top", "margin-bottom", "padding", "border", "display",
                    # a page break written as HTML (<div style="page-break-after: always"></div>), as Markdown
                    # meant for a browser's or wkhtmltopdf's print carries it
                    "page-break-before", "page-break-after", "break-before", "break-after"}
ACTIVE_STYLE = re.compile(r"url\s*\(|expression\s*\(|@import|behavior\s*:|-moz-binding|javascript:", re.I)
ACTIVE_URL = re.compile(r"^\s*(javascript|vbscript|livescript|data)\s*:", re.I)
_CONTROLS = "".join(map(chr, range(33)))
# Where '<' is no tag: code (fenced and inline), autolinks (inline_syntax's: <urn:…>; <www.example.org>, a
# name with a dot, is text) and \<; masked with spaces to keep columns.
# the lookahead: a fence's line start, else the characters the other alternatives start with (3-5x faster); and \< (a literal '<'), a link's <destination>
MASK = Masking(r"(?s)(?:(?m:^)|(?=[`<\\]))(?:", r"|(?<!`)(`+)(?=`{0,2}(?!`))(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)|<(?:https?|ftp|(?i:%s)):[^>\s]*>|<[A-Za-z][^\s<>/]*\.[^\s<>]*>|<[^<>\s@]+@[^<>\s]+>"
                  r"|\\[\\<]|(?<=\]\()<[^<>\n]*>)" % "|".join(SCHEMES), re.M)
# A reference definition's <destination> is no tag ([image1]: <data:image/png;base64,…>, as Google Docs writes)
DEFINITION = re.compile(r"(?m)(?<=\]:)[ \t]*<[^<>\s]*>(?=[ \t]*$)")


def clean(html: str) -> str:
    """nh3 with the allowlist: what may pass into an output."""
    return nh3.clean(html, tags=TAGS, clean_content_tags=ACTIVE - {"svg", "math", "audio", "video"},
                     attributes=ATTRIBUTES, generic_attribute_prefixes=GENERIC_PREFIXES, url_schemes=URL_SCHEMES,
                     filter_style_properties=STYLE_PROPERTIES, link_rel=None, strip_comments=True)


@functools.lru_cache(maxsize=512)  # asked for each chapter by lint's checks and the build's, four times
def masked(text: str) -> str:
    return MASK.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


class _Finder(HTMLParser):
    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name, self.found = name, []

    def _loc(self) -> SourceLocation:
        line, col = self.getpos()
        return SourceLocation(self.name, line, col + 1)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag, attrs):
        loc = self._loc()
        if tag in ACTIVE:
            what = "http-equiv " if tag == "meta" and any(k == "http-equiv" for k, _ in attrs) else ""
            self.found.append(error("html.active", f"raw <{tag}> {what}is active content and is not allowed in "
                                    "a publication; remove it", loc))
            return
        if tag not in TAGS:
            self.found.append(Diagnostic("warning", "html.tag-removed", f"raw <{tag}> is not kept in the output "
                                         "(its text is); use Markdown or an allowed tag", loc))
        for key, value in attrs:
            value = value or ""
            if key.startswith("on"):
                self.found.append(error("html.event-handler", f"event handler '{key}=' on <{tag}> runs script; "
                                        "remove it", loc))
            elif key in URL_ATTRIBUTES and ACTIVE_URL.match(value):
                scheme = value.split(":", 1)[0].strip().lower()
                self.found.append(error("html.active-url", f"'{scheme}:' URL in {key}= of <{tag}> is not allowed; "
                                        "link to an http(s) address or a file in the project", loc))
            elif key == "style" and ACTIVE_STYLE.search(value):
                self.found.append(error("html.active-style", f"style on <{tag}> loads or runs something "
                                        f"({ACTIVE_STYLE.search(value).group().strip()}); remove it", loc))


def active_content(text: str, name: str) -> list[Diagnostic]:
    """Every tag of raw HTML in a chapter outside the allowlist, at its line and column."""
    finder = _Finder(name)
    try:
        finder.feed(DEFINITION.sub(lambda m: " " * len(m.group()), masked(text)))
        finder.close()
    except (AssertionError, ValueError):  # the tokenizer gave up on a malformed tail: what it found stands
        pass
    return finder.found


# a link's or a reference definition's destination (its scheme may be typed with character references)
MD_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?\s*([^\s<>()]+)|^ {0,3}\[[^\]\n]+\]:\s*<?\s*([^\s<>]+)", re.M)
DATA_IMAGE = re.compile(r"image/(png|jpeg|gif|webp);base64,", re.I)  # after 'data:': pixels only, no script
ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
ATTR = re.compile(r"""([\w:-]+)=("[^"]*"|'[^']*'|[^\s}]+)""")  # as attr_list reads them: no spaces


def active_url(value: str):
    """ACTIVE_URL's match of a URL as a browser reads it: character references decoded (``&#106;avascript:``,
    ``javascript&colon;``, which an ``href`` keeps as typed), tabs and newlines dropped, controls before it."""
    return ACTIVE_URL.match(re.sub(r"[\t\n\r]", "", html.unescape(value)).lstrip(_CONTROLS))


def active_markdown(text: str, name: str) -> list[Diagnostic]:
    """javascript:, vbscript: and data: links, and event handlers or url() in attribute lists."""
    plain, out = masked(text), []

    def at(offset):
        line = text.count("\n", 0, offset) + 1
        return SourceLocation(name, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)

    for m in MD_LINK.finditer(plain):
        active = active_url(m.group(2) or m.group(3))
        scheme = active.group(1).lower() if active else ""
        # an image's data: passes (Google Docs writes them as reference definitions)
        if active and not (scheme == "data" and (m.group(1) or DATA_IMAGE.match(active.string, active.end()))):
            out.append(error("link.active-url", f"'{scheme}:' link is not allowed in a publication; link to an "
                             "http(s) address or a file in the project", at(m.start())))
    for m in ATTR_LIST.finditer(plain):
        for a in ATTR.finditer(m.group()):
            key, value = a.group(1).lower(), a.group(2).strip("'\"")
            if key.startswith("on") or (key in URL_ATTRIBUTES and active_url(value)) or (
                    key == "style" and ACTIVE_STYLE.search(value)):
                out.append(error("html.attribute", f"attribute '{key}=' in {{…}} adds active content; remove it",
                                 at(m.start() + a.start())))
    return out


# What the elements {…} attributes attach to may carry as they are (HTML's global attributes and their
# own); any other attribute ({width=50%} on a link, {foo=bar} on a heading) is kept as a data- attribute,
# as pandoc's HTML writer keeps those of a span: as typed they made the EPUB invalid (RSC-005).
ALLOWED = {"id", "class", "lang", "dir", "title", "style", "role"}
OWN = {"a": {"href", "rel", "hreflang", "type", "target", "download"}, "li": {"value"}, "blockquote": {"cite"},
       "ol": {"start", "reversed", "type"},
       **{tag: set() for tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "dt", "dd", "del",
                                 "sub", "sup", "mark", "ul")}}


class _CleanAttributes(Treeprocessor):
    """After attr_list and the inline patterns: no element Markdown made keeps an active attribute, and
    the text elements keep only what HTML allows on them (:data:`OWN`)."""

    def run(self, root):
        for el in root.iter():
            for key in list(el.attrib):
                value = el.attrib[key]
                if key.lower().startswith("on") or (key == "style" and ACTIVE_STYLE.search(value)) or (
                        key in URL_ATTRIBUTES and active_url(value)
                        and not (el.tag == "img" and re.match(r"\s*data:image/(png|jpeg|gif|webp);", value))):
                    del el.attrib[key]
                elif el.tag in OWN and key not in ALLOWED | OWN[el.tag] and not key.startswith(("data-", "aria-")):
                    del el.attrib[key]
                    if re.fullmatch(r"[A-Za-z][\w-]*", key):
                        el.set(f"data-{key.lower()}", value)


class _Source(Preprocessor):
    def run(self, lines):
        self.md.briefpress_source = "\n".join(lines)
        return lines


class _CleanStash(Postprocessor):
    """Runs before Python-Markdown puts raw HTML back: the author's HTML goes through nh3."""

    def run(self, text):
        stash = self.md.htmlStash.rawHtmlBlocks
        source = getattr(self.md, "briefpress_source", "")
        for i, block in enumerate(stash):
            if isinstance(block, str) and block.lstrip().startswith("<") and block.strip() in source:
                stash[i] = _clean_piece(block)
                if not stash[i].strip():  # a comment: no empty paragraph (a blank line in print) in its place
                    placeholder = re.escape(self.md.htmlStash.get_placeholder(i))
                    text = re.sub(rf"<p\b[^>]*>\s*{placeholder}\s*</p>\n?", "", text)
        return text


def _clean_piece(block: str) -> str:
    """A whole block is cleaned as is; a lone start or end tag (inline HTML) keeps its shape."""
    m = re.fullmatch(r"\s*<([A-Za-z][\w-]*)\b[^<>]*>\s*", block)
    if m and m.group(1).lower() in VOID:
        return clean(block)
    if m and not re.search(rf"</{m.group(1)}\s*>", block):
        tag = m.group(1).lower()
        cleaned = clean(block.strip() + f"</{tag}>")
        return cleaned[:-len(f"</{tag}>")] if cleaned.endswith(f"</{tag}>") else cleaned
    end = re.fullmatch(r"\s*</([A-Za-z][\w-]*)\s*>\s*", block)
    if end:
        return block if end.group(1).lower() in TAGS else ""
    return clean(block)


class SanitizeExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(_Source(md), "briefpress-source", 25)  # after whitespace, before raw HTML
        md.postprocessors.register(_CleanStash(md), "briefpress-sanitize", 40)  # raw_html runs at 30
        md.treeprocessors.register(_CleanAttributes(md), "briefpress-attributes", 1)  # attr_list runs at 8
