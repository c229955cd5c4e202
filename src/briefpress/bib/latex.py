"""LaTeX field text -> rich text (the HTML fragment of :mod:`.model`) or plain Unicode.

Takes a BibTeX field value with its outer delimiters removed; returns escaped HTML that uses only
the model's elements. Braces that protect case become ``<span class="nocase">``, except a group that
starts with a command (``{\\"O}``, ``{\\em ...}``), which BibTeX treats as a special character.
Math (``$...$``, ``\\(...\\)``) is kept as TeX in a math span. Unknown commands keep their
arguments' text and are reported, so no word silently vanishes.

A small tokenizer instead of pylatexenc: pylatexenc takes seconds on a 5,000-entry file, and a
value without ``\\``, ``{``, ``$``, ``~`` or ``-`` (most of them) takes the fast path.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from html import escape

from .latex_commands import (ACCENTS, DECLARATIONS, DROPPED, ESCAPES, LITERAL_ARG, SECOND_ARG, SYMBOLS,
                             TRANSPARENT, WRAP)
from .model import plain
from ..atomic import once

# A word run may hold spaces (fewer tokens), but never starts with one: a space after a command stays a
# token of its own, as TeX sees it ('\\hyphen independent', '\\emph {x}', '{\\em x}').
TOKEN = re.compile(r"\\(?:[a-zA-Z]+\*?|.|\n|$)|\$\$?|[{}~]|-{2,3}|``|''|`|[ \t\n\r]+"
                   r"|[^\\{}$~\-` \t\n\r'](?:[^\\{}$~\-`\t\n\r' ]| (?! ))*|.", re.S)
SIMPLE_TOKENS = {"~": "\u00a0", "---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d", "`": "\u2018"}
NEEDS_ESCAPE = re.compile(r"[&<>]")
SPECIAL = re.compile(r"[\\{}$~`]|--|''")
LETTER = re.compile(r"[^\W\d_]")
WS = re.compile(r"[ \t\n\r\f\v]+")  # not \s: it would eat the no-break space of '~'


class Decoder:
    """One field value's tokens -> HTML. ``unknown`` collects commands it did not know."""

    def __init__(self, text: str):
        self.tokens = TOKEN.findall(text)
        self.pos = 0
        self.unknown: set[str] = set()

    def next(self) -> str | None:
        if self.pos < len(self.tokens):
            self.pos += 1
            return self.tokens[self.pos - 1]
        return None

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def skip_space(self) -> None:
        while self.peek() is not None and self.peek().isspace():
            self.pos += 1

    def group(self, nocase: bool) -> str:
        """Tokens up to the matching '}' (the '{' already taken)."""
        start = self.peek()
        if start is not None and start.startswith("\\"):
            nocase = False  # {\"O}, {\em x}, {\c{C}}: a special character, not case protection
        inner = self.run(until_brace=True, nocase_inside=True)
        if nocase and inner and LETTER.search(plain(inner) if "<" in inner else inner):
            return f'<span class="nocase">{inner}</span>'
        return inner

    def argument(self, raw: bool = False) -> str:
        """One command argument: a braced group (no case protection) or the next token."""
        self.skip_space()
        tok = self.peek()
        if tok is None or tok == "}":  # '{\\d}': no argument; the group's brace closes the group
            return ""
        if tok == "{":
            self.pos += 1
            if raw:
                return escape(self._raw_until_brace(), quote=False)
            return self.run(until_brace=True, nocase_inside=False)
        if tok.startswith("\\"):
            self.pos += 1
            return self.command(tok, False)
        self.pos += 1
        if " " in tok:  # a word run: the argument is its first word, as if words were tokens
            tok, _, rest = tok.partition(" ")
            self.tokens[self.pos:self.pos] = [" ", rest] if rest else [" "]
        if raw:
            return escape(tok, quote=False)
        # \'e, \"o: only the first character is the argument
        return escape(tok[0], quote=False) + (escape(tok[1:], quote=False) if len(tok) > 1 else "")

    def _raw_until_brace(self) -> str:
        depth, out = 0, []
        while (tok := self.next()) is not None:
            if tok == "{":
                depth += 1
            elif tok == "}":
                if depth == 0:
                    break
                depth -= 1
            out.append(tok)
        return "".join(out)

    def math(self, close: str) -> str:
        out = []
        while (tok := self.next()) is not None and tok != close:
            out.append(tok)
        return '<span class="math inline">\\(' + escape("".join(out).strip(), quote=False) + "\\)</span>"

    def command(self, tok: str, nocase_inside: bool) -> str:
        name = tok[1:]
        if name in ACCENTS:
            arg = self.argument()
            base = plain(arg)
            if name not in ("c", "d", "b", "k"):  # an accent over \i or \j is over a plain i or j
                base = base.replace("ı", "i").replace("ȷ", "j")
            if not base:
                return ACCENTS[name]
            return escape(unicodedata.normalize("NFC", base[0] + ACCENTS[name]) + base[1:], quote=False)
        if name in ESCAPES:
            return escape(ESCAPES[name], quote=False)
        name = name.rstrip("*")  # \enquote*, \textquote*: the same text
        if name in SYMBOLS:
            if self.peek() == "{" and self.pos + 1 < len(self.tokens) and self.tokens[self.pos + 1] == "}":
                self.pos += 2  # \ss{} and \TeX{}
            elif name[-1:].isalpha() and self.peek() is not None and self.peek().isspace():
                self.pos += 1  # a control word eats the space after it: "methodology\hyphen independent"
            return escape(SYMBOLS[name], quote=False)
        if name in ("(", "["):
            return self.math("\\)" if name == "(" else "\\]")
        if name == "ensuremath":  # \ensuremath{\sim}: math, as $\sim$
            return '<span class="math inline">\\(' + self.argument(raw=True).strip() + "\\)</span>"
        if name in WRAP:
            opening, closing = WRAP[name]
            return f"{opening}{self.argument()}{closing}"
        if name in ("cs", "macro"):  # a macro's name, as TUGboat writes it: \\cs{relax}, \\macro{\\relax}
            text = ("\\" if name == "cs" else "") + self.argument(raw=True)
            return f'<span class="nocase">{text}</span>'
        if name in LITERAL_ARG:  # url.sty ignores the spaces of a URL broken over lines
            return WS.sub("", self.argument(raw=True)) if name != "path" else self.argument(raw=True)
        if name in SECOND_ARG:
            self.argument(raw=True)
            return self.argument()
        if name in TRANSPARENT:
            return self.argument()
        if name in DROPPED:
            self.argument(raw=True)
            return ""
        if name in DECLARATIONS:
            opening, closing = DECLARATIONS[name]
            if self.peek() is not None and self.peek().isspace():
                self.pos += 1
            rest = self.run(until_brace=True, nocase_inside=nocase_inside, consume_close=False)
            return f"{opening}{rest}{closing}" if rest else ""
        self.unknown.add("\\" + name)
        if self.peek() is not None and self.peek().isspace():
            self.pos += 1
        return self.argument() if self.peek() == "{" else ""

    def run(self, until_brace: bool = False, nocase_inside: bool = False, consume_close: bool = True) -> str:
        out: list[str] = []
        tokens = self.tokens  # argument() may split a token in place: no cached length
        while self.pos < len(tokens):
            tok = tokens[self.pos]
            first = tok[0]
            if first == "}":
                if until_brace:
                    if consume_close:
                        self.pos += 1
                    break
                self.pos += 1  # a stray closing brace: dropped
                continue
            self.pos += 1
            if first == "{":
                out.append(self.group(nocase=not nocase_inside))
            elif first == "\\":
                out.append(self.command(tok, nocase_inside))
                if tok == "\\Dash" and out[-2:-1] and out[-2].endswith(" "):  # "a \\Dash b": a closed dash
                    out[-2] = out[-2].rstrip(" ")
            elif first == "$":
                out.append(self.math(tok))
            elif tok in SIMPLE_TOKENS:
                out.append(SIMPLE_TOKENS[tok])
            elif first in " \t\n\r":
                out.append(" ")
            elif NEEDS_ESCAPE.search(tok):
                out.append(escape(tok, quote=False))
            else:
                out.append(tok)
        return "".join(out)


def collapse(text: str) -> str:
    """Runs of spaces, tabs and newlines -> one space; ends stripped (a no-break space is kept inside)."""
    if "  " not in text and text.isprintable():  # most values: nothing to collapse (no regex pass)
        return text.strip()
    return WS.sub(" ", text).strip()


def to_rich(tex: str, unknown: set | None = None) -> str:
    """A LaTeX field value -> rich text (whitespace collapsed)."""
    if not SPECIAL.search(tex):
        return escape(collapse(tex), quote=False)
    if SIMPLE.fullmatch(tex) and "''" not in tex:
        return _simple(tex)
    html, commands = _decode(tex)
    if unknown is not None and commands:
        unknown |= commands
    return html


# Text whose only LaTeX is brace groups one level deep, dashes and ties (Zotero's 'Border {Management}',
# Mendeley's '{Title}'): the Decoder's output, made by substitution.
_PLAIN = r"[^\\{}$`]*"
SIMPLE = re.compile(once(_PLAIN) + once(r"(?:\{" + once(_PLAIN) + r"\}" + once(_PLAIN) + ")*"))
GROUP = re.compile(r"\{([^{}]*)\}")


def _nocase(m: re.Match) -> str:
    return f'<span class="nocase">{m.group(1)}</span>' if LETTER.search(m.group(1)) else m.group(1)


def _simple(tex: str) -> str:
    text = escape(tex, quote=False)
    if "-" in text:
        text = text.replace("---", "\u2014").replace("--", "\u2013")
    text = GROUP.sub(_nocase, text.replace("~", "\u00a0"))
    return WS.sub(" ", text).strip()


@functools.lru_cache(maxsize=8192)  # journal, publisher and series names repeat across entries
def _decode(tex: str) -> tuple[str, frozenset]:
    decoder = Decoder(tex)
    try:
        html = decoder.run()
    except RecursionError:  # hundreds of nested braces: no markup is worth a crash
        return escape(WS.sub(" ", re.sub(r"(?<!\\)[{}]", "", tex)).strip(), quote=False), frozenset()
    html = WS.sub(" ", html).strip()
    if not unicodedata.is_normalized("NFC", html):  # an accent without its letter ('Gu{\\d}mund') marks the one before
        html = unicodedata.normalize("NFC", html)
    return html, frozenset(decoder.unknown)


def to_plain(tex: str, unknown: set | None = None) -> str:
    """A LaTeX value -> plain Unicode text (names, dates, keys): markup and braces dropped."""
    if not SPECIAL.search(tex):
        return collapse(tex)
    return WS.sub(" ", plain(to_rich(tex, unknown))).strip()


LITERAL_ESCAPE = re.compile(r"\\{1,2}([_%&#~$])")


def literal(tex: str) -> tuple[str, bool]:
    """A literal field (url, doi): as written, but ``\\_``, ``\\%``... undone (also written twice, ``\\\\%``, as
    some files have), and braces around the whole value dropped (Web of Science: ``DOI = {{10.1/x}}``). Returns
    (text, had escapes)."""
    text = WS.sub(" ", tex).strip()
    while len(text) > 1 and text[0] == "{" and text[-1] == "}" and "{" not in text[1:-1] and "}" not in text[1:-1]:
        text = text[1:-1].strip()
    fixed = LITERAL_ESCAPE.sub(r"\1", text)
    return fixed, fixed != text


LINK_START = re.compile(r"(?:https?|ftp)://", re.I)


def one_url(text: str) -> tuple[str, str]:
    """A ``url`` value -> (the URL, what was wrong). A URL broken over lines (``\\url{http://a/ b}``) is
    joined; of several URLs in one field ("http://a; http://b", as some hand-kept files have) the first
    is the link."""
    starts = [m.start() for m in LINK_START.finditer(text)]
    if len(starts) > 1:
        return WS.sub("", text[:starts[1]]).rstrip(";, "), "several"
    if WS.search(text) and starts == [0]:
        return WS.sub("", text), "spaces"
    return text, ""
