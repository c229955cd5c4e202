"""TeX macros in a paper, as pandoc's ``latex_macros`` reads them: a file's text -> its definitions
(:func:`definitions`), and a piece of math -> the same with them expanded (:func:`expand`) and its own
definitions taken out (:func:`without_definitions`).

Read: ``\\newcommand``, ``\\renewcommand``, ``\\providecommand`` (``{\\name}`` or ``\\name``, ``[n]``
arguments, ``[default]`` for an optional first one), ``\\def\\name#1#2{…}`` and
``\\DeclareMathOperator{\\name}{text}`` (-> ``\\operatorname{text}``), in math or in the text around it
(where :mod:`briefpress.rawlatex` drops them), anywhere in the file. A definition that keeps
expanding (``\\newcommand{\\x}{\\x}``) is left as written after a bound, and latex2mathml then reports it.
"""

from __future__ import annotations

import re

DEFINE = re.compile(r"\\(newcommand|renewcommand|providecommand|DeclareMathOperator|def)\*?(?![A-Za-z])")
PARAMS = re.compile(r"(?:#\d)*")
CS = re.compile(r"\\([A-Za-z]+)")
PASSES = 50  # expansion rounds: deeper means a definition that never ends
GROWTH = 20_000  # characters an expansion may add: \newcommand{\x}{\x\x} doubles at every round


def definitions(text: str) -> dict[str, tuple[int, str | None, str]]:
    """name -> (number of arguments, default of an optional first one or None, body)."""
    found = {}
    for m in DEFINE.finditer(text):
        read = read_definition(text, m)
        if read:
            name, nargs, default, body, _end = read
            found[name] = (nargs, default, body)
    return found


COMMENT = re.compile(r"(?<!\\)%[^\n]*(?:\n[ \t]*)?")  # TeX's: to the line's end, with the next line's indent


def sources(text: str) -> list[str]:
    """Each definition in ``text`` as written, on one line: without its TeX comments, which on one line
    would hide the rest of it (``\\newcommand{\\norm}[1]{%`` and the body on the next lines)."""
    found = []
    for m in DEFINE.finditer(text):
        read = read_definition(text, m)
        if read:
            found.append(" ".join(COMMENT.sub("", text[m.start():read[4]]).split()))
    return found


def read_definition(text: str, m: re.Match):
    """The definition the DEFINE match ``m`` starts -> (name, nargs, default, body, end), or None."""
    pos = _skip(text, m.end())
    if text.startswith("{", pos):
        inside = group(text, pos, "{", "}")
        if not inside:
            return None
        name, pos = inside[0].strip(), inside[1]
    else:
        cs = CS.match(text, pos)
        if not cs:
            return None
        name, pos = cs.group(), cs.end()
    if not re.fullmatch(r"\\[A-Za-z]+", name):
        return None
    nargs, default = 0, None
    if m.group(1) == "def":
        params = PARAMS.match(text, pos).group()
        nargs, pos = len(params) // 2, pos + len(params)
    elif m.group(1) != "DeclareMathOperator":
        count = group(text, _skip(text, pos), "[", "]")
        if count and count[0].strip().isdigit():
            nargs, pos = int(count[0].strip()), count[1]
            optional = group(text, _skip(text, pos), "[", "]")
            if optional:
                default, pos = optional
    body = group(text, _skip(text, pos), "{", "}")
    if not body:
        return None
    content = rf"\operatorname{{{body[0]}}}" if m.group(1) == "DeclareMathOperator" else body[0]
    return name[1:], nargs, default, content, body[1]


def without_definitions(tex: str) -> str:
    out, pos = [], 0
    for m in DEFINE.finditer(tex):
        read = read_definition(tex, m) if m.start() >= pos else None
        if read:
            out.append(tex[pos:m.start()])
            pos = read[4]
    return "".join(out) + tex[pos:]


def expand(tex: str, macros: dict) -> str:
    if not macros or "\\" not in tex:
        return tex
    limit = len(tex) + GROWTH
    for _ in range(PASSES):
        new = _expand_once(tex, macros)
        if new == tex or len(new) > limit:
            return new if new == tex else tex
        tex = new
    return tex


def _expand_once(tex: str, macros: dict) -> str:
    out, pos = [], 0
    for m in CS.finditer(tex):
        if m.start() < pos or m.group(1) not in macros or (m.start() and tex[m.start() - 1] == "\\"):
            continue
        nargs, default, body = macros[m.group(1)]
        args, end = [], m.end()
        if default is not None:
            optional = group(tex, _skip(tex, end), "[", "]")
            args.append(optional[0] if optional else default)
            end = optional[1] if optional else end
        while len(args) < nargs:
            j = _skip(tex, end)
            braced = group(tex, j, "{", "}") if tex.startswith("{", j) else None
            token = braced or ((CS.match(tex, j).group(), CS.match(tex, j).end()) if CS.match(tex, j)
                              else (tex[j:j + 1], j + 1))
            args.append(token[0])
            end = token[1]
        body = re.sub(r"#(\d)", lambda a: _argument(body, a, args), body)
        before = tex[:m.start()].rstrip()
        # after ^ or _ a macro stands for one group, as TeX reads its expansion
        out.append(tex[pos:m.start()] + (f"{{{body}}}" if before.endswith(("^", "_")) else body))
        pos = end
    return "".join(out) + tex[pos:]


def _argument(body: str, m: re.Match, args: list[str]) -> str:
    n = int(m.group(1))
    arg = args[n - 1] if 0 < n <= len(args) else m.group()
    # TeX substitutes tokens: '\lVert#1' with 'x' is \lVert then x, not the word \lVertx
    if arg[:1].isalpha() and re.search(r"\\[A-Za-z]+$", body[:m.start()]):
        return " " + arg
    return arg


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n":
        pos += 1
    return pos


def group(text: str, pos: int, open_: str, close: str) -> tuple[str, int] | None:
    """The balanced ``open_ … close`` group at ``pos`` -> (inside, end), or None: none opens there, it
    never closes within 2,000 characters, or a blank line comes first (a group never spans
    paragraphs). Also :mod:`briefpress.rawlatex`'s reader of command arguments."""
    if text[pos:pos + 1] != open_:
        return None
    depth = 0
    for i in range(pos, min(len(text), pos + 2000)):
        if text[i] == open_ and text[i - 1:i] != "\\":
            depth += 1
        elif text[i] == close and text[i - 1:i] != "\\":
            depth -= 1
            if depth == 0:
                return text[pos + 1:i], i + 1
        elif text[i] == "\n" and text[i + 1:i + 2] == "\n":
            return None
    return None
