"""Print markup: the HTML of a chapter -> what WeasyPrint's print layout needs of it: each note in place of
its call (WeasyPrint floats it to the page foot), the note's blocks as spans (it sits inside a paragraph),
bookmark labels, list starts as counters; and whether a theme's print template writes the stylesheet as
it is (:func:`writes_sheet_as_is`, so that :func:`briefpress.render_html.render_print` may put it in place
of ``SHEET_SLOT``). Used by :mod:`briefpress.render_html` (the print HTML) and :mod:`briefpress.epub`.
"""

from __future__ import annotations

import re
import weakref

from .document import NOTE_TOKEN, Document

SHEET_SLOT = "\x00briefpress: the print stylesheet\x00"  # where render_print puts it, once the template is rendered



def print_notes(html: str, document: Document) -> str:
    notes = {n.number: n for n in document.notes}

    def note(m):
        n = notes[int(m.group(1))]
        body = _inline_blocks(_one_line(n.html))
        return f'<a class="note-ref" id="fnref-{n.number}"></a><span class="footnote" id="fn-{n.number}">{body}</span>'
    return NOTE_TOKEN.sub(note, html)


def _one_line(html: str) -> str:
    """A note's line ends (an inline note typed over lines) as spaces, but in its code: WeasyPrint 70 breaks a
    footnote's line at each, where the paragraph's text runs on."""
    if "\n" not in html:
        return html
    return "".join(part if n % 2 else part.replace("\n", " ") for n, part in enumerate(re.split(r"(<pre\b.*?</pre>)", html, flags=re.S)))


NOTE_BLOCK = re.compile(r"<(/?)(p|div|ul|ol|li|pre|blockquote|dl|dt|dd|figure|figcaption|table|caption|thead|tbody|"
                        r"tfoot|tr|td|th|h[1-6]|hr)\b([^>]*)>")


def _inline_blocks(html: str) -> str:
    """A note of several paragraphs (a list, code) in print: its blocks as ``<span class="fn-p">``…, which
    the common stylesheet sets as blocks (a list in its style; its ``start`` as a ``counter-set``). The note sits inside the paragraph of its call, and an HTML
    parser closes that paragraph at the note's first ``<p>``: the note's text would spill into the
    body and the note print empty."""
    if "<" not in html or not NOTE_BLOCK.search(html):
        return html

    def span(m):
        end, tag, attrs = m.groups()
        if end:
            return "</span>"
        if "class=" in attrs:
            attrs = re.sub(r'class="([^"]*)"', rf'class="fn-{tag} \1"', attrs, count=1)
        else:
            attrs = f' class="fn-{tag}"' + attrs
        if tag == "ol" and (start := re.search(r'\bstart="(-?\d+)"', attrs)):  # as _list_starts does
            attrs += f' style="counter-set: list-item {int(start.group(1)) - 1}"'
        return f"<span{attrs}>" + ("</span>" if tag == "hr" else "")
    # the line breaks between blocks would each be a line of their own inside the note's spans
    html = re.sub(r"\s*(" + NOTE_BLOCK.pattern + r")\s*", r"\1", html)
    return NOTE_BLOCK.sub(span, html)


def bookmarks(html: str) -> str:
    # WeasyPrint reads bookmark labels from data-bookmark: "3.1 Title".
    def add(m):
        tag, attrs, inner = m.group(1), m.group(2), m.group(3)
        number = re.search(r'data-number="([^"]+)"', attrs)
        text = re.sub(r"<[^>]+>", "", re.sub(r'<span class="number">[^<]*</span>', "", NOTE_TOKEN.sub("", inner))).strip()
        label = f"{number.group(1)} {text}" if number else text
        return f'<{tag}{attrs} data-bookmark="{label.replace(chr(34), "&quot;")}">{inner}</{tag}>'
    return re.sub(r"<(h[12])([^>]*)>(.*?)</\1>", add, html, flags=re.S)


def list_starts(html: str) -> str:
    """WeasyPrint reads ``<ol start>`` only among presentational hints, which the print stage leaves off
    (the theme's stylesheet alone decides): a list from "3." or "(c)" would be numbered from 1."""
    return re.sub(r'<ol([^>]*?) start="(-?\d+)"',
                  lambda m: f'<ol{m.group(1)} start="{m.group(2)}" style="counter-reset: list-item {int(m.group(2)) - 1}"',
                  html)


def writes_sheet_as_is(env) -> bool:
    """Whether the print template, and every template it reads, writes ``css`` only as ``{{ css | safe }}``
    (as briefpress's themes do), so that the stylesheet put in place of a stand-in gives the same page.
    Read from the templates' syntax trees, which the compiler keeps (theme_templates.NotingCompiler), and
    read again only when one of those templates is compiled anew (edited): asked for every part of the
    paper, reading the trees took 1.5 ms a part, most of the HTML's making (~20 ms of a build's process
    beside the layout)."""
    from jinja2 import TemplateError

    from .diagnostics import BuildError
    known = _AS_IS.get(env)
    try:
        if known is not None and all(env.get_template(name, parent) is template
                                     for (name, parent), template in known[0]):
            return known[1]
    except (TemplateError, BuildError, OSError):
        return False
    read: list = []
    answer = _writes_sheet_as_is(env, read)
    if answer is not None:
        _AS_IS[env] = (tuple(read), answer)
    return bool(answer)


_AS_IS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # environment -> (templates read, answer)


def _writes_sheet_as_is(env, read: list) -> bool | None:
    """:func:`writes_sheet_as_is` read from the trees; ``read`` receives each ``((name, parent),
    template)`` read; None: not known (a template that fails, which rendering reports)."""
    from jinja2 import TemplateError, meta as jinja_meta, nodes

    from .diagnostics import BuildError
    todo, seen = [("print.html.j2", None)], set()
    try:
        while todo:
            name, parent = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            read.append(((name, parent), env.get_template(name, parent)))  # an included one as its includer loads it
            tree = env.compiled[name][0]
            used = sum(1 for n in tree.find_all(nodes.Name) if n.name == "css")
            as_is = sum(1 for out in tree.find_all(nodes.Output) for n in out.nodes
                        if isinstance(n, nodes.Filter) and n.name == "safe" and not (n.args or n.kwargs)
                        and isinstance(n.node, nodes.Name) and n.node.name == "css")
            if used != as_is:
                return False
            for included in jinja_meta.find_referenced_templates(tree):
                if included is None:  # named as it renders
                    return False
                todo.append((included, name))
    except (TemplateError, BuildError, OSError, KeyError):
        return None  # rendered with the stylesheet, which reports what is wrong with the template
    return True
