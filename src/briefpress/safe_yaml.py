"""Safe YAML: text -> (data, node tree), within limits, or diagnostics at file:line:col.

Every YAML file briefpress reads (metadata.yaml, front matter, theme.yaml) goes through
:func:`load`. PyYAML's SafeLoader runs no code, but an alias bomb ("billion laughs": nine
aliases nesting nine more) is cheap to parse and explodes once walked, and deep nesting
overflows Python's stack. :class:`LimitedLoader` therefore refuses, while composing and before
anything is built: a document over ``MAX_BYTES``, more than ``MAX_NODES`` nodes counting every
alias expanded where it is used, nesting deeper than ``MAX_DEPTH``, and an alias inside its own
anchor. Each limit is far above what a real metadata or theme file needs.
"""

from __future__ import annotations

import re

import yaml

from .diagnostics import BuildError, SourceLocation, error

MAX_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 40


class LimitError(yaml.MarkedYAMLError):
    pass


SURROGATE = re.compile("[\ud800-\udfff]")


class LimitedLoader(yaml.SafeLoader):
    """SafeLoader that counts composed nodes (aliases expanded) and nesting depth."""

    max_nodes, max_depth = MAX_NODES, MAX_DEPTH  # a bibliography's loader allows more values (bib/csl.py)

    def __init__(self, stream):
        super().__init__(stream)
        self._limits()

    def _limits(self) -> None:
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id(anchored node) -> its expanded size, once composed
        self._total = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = self.anchors.get(event.anchor)
            if node is not None and id(node) not in self._sizes:  # its anchor is still being composed
                raise LimitError("while reading YAML", None, f"the alias '*{event.anchor}' is used inside "
                                 "its own anchor (a loop)", event.start_mark)
            self._count(self._sizes.get(id(node), 1), event.start_mark)
            return super().compose_node(parent, index)
        event = self.peek_event()
        self._depth += 1
        if self._depth > self.max_depth:
            raise LimitError("while reading YAML", None, f"nesting deeper than {self.max_depth} levels",
                             event.start_mark)
        before = self._total
        self._count(1, event.start_mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if getattr(event, "anchor", None) is not None:
            self._sizes[id(node)] = self._total - before
        return node

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if isinstance(value, str) and SURROGATE.search(value):  # "\uD800": text no file or font can hold
            try:  # a pair written as two escapes, as JSON writes them ("\uD83D\uDE00"): one character
                return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            except UnicodeDecodeError:
                pass
            raise yaml.MarkedYAMLError("while reading YAML", None, "an escape such as \\uD800 makes half of a "
                                       "UTF-16 pair (a lone surrogate), which is no character; write the "
                                       "character itself", node.start_mark)
        return value

    def _count(self, n: int, mark) -> None:
        self._total += n
        if self._total > self.max_nodes:
            raise LimitError("while reading YAML", None, f"more than {self.max_nodes:,} values once aliases are "
                             "expanded (an alias bomb?)", mark)


class TextDatesLoader(LimitedLoader):
    """Dates stay text (metadata_fields.parse_date reads them): a bad one is a diagnostic, not a crash."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in LimitedLoader.yaml_implicit_resolvers.items()}


def compose(text: str, loader_class=LimitedLoader):
    """The node tree of ``text`` (for line and column of keys), within the limits. The text is read by
    libyaml where PyYAML has it (:func:`_with_libyaml`), the nodes composed here as ever (the limits
    kept); text that libyaml finds wrong is read again by PyYAML's own reader, whose message and place
    the diagnostic gives, as it always did."""
    fast = _with_libyaml(loader_class)
    if fast is not None:
        loader = fast(text)
        try:
            return loader.get_single_node()
        except LimitError:
            raise
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


_FAST: dict[type, type] = {}


def _with_libyaml(loader_class: type) -> type | None:
    """``loader_class`` reading its events with libyaml (PyYAML's ``CParser``: the scanner and parser in C,
    ~4 times faster, e.g. 8 -> 2 ms for a theme's settings), composing them in Python as ``loader_class``
    does, its limits counted; None without libyaml."""
    if loader_class not in _FAST:
        parser = getattr(getattr(yaml, "_yaml", None), "CParser", None) if yaml.__with_libyaml__ else None
        if parser is None:
            return None

        def init(self, stream):
            parser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._limits()
        def compose_scalar_node(self, anchor):
            node = loader_class.compose_scalar_node(self, anchor)
            node.style = node.style or None  # a plain scalar's, as PyYAML's reader gives it ('' from libyaml)
            return node
        composer = yaml.composer.Composer  # libyaml's own composer would skip compose_node, and the limits
        _FAST[loader_class] = type(f"Fast{loader_class.__name__}", (parser, loader_class), {
            "__init__": init, "get_single_node": composer.get_single_node, "check_node": composer.check_node,
            "get_node": composer.get_node, "compose_scalar_node": compose_scalar_node})
    return _FAST[loader_class]


def load(text: str, path: str, prefix: str, first_line: int = 1, loader_class=LimitedLoader):
    """YAML text -> (data, root node or None). Syntax errors and broken limits -> BuildError with
    ``{prefix}.yaml-syntax`` / ``yaml.limit`` at their line and column (``first_line``: where the
    text starts in its file, for front matter)."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise BuildError([error("yaml.limit", f"the file is larger than {MAX_BYTES // 1024} KB; a "
                                "YAML settings file is a few KB", SourceLocation(path, 1, 1))])
    if not text.strip():
        return {}, None
    try:
        node = compose(text, loader_class)
        loader = loader_class("")
        try:
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except LimitError as exc:
        raise BuildError([error("yaml.limit", f"YAML refused: {exc.problem}", _where(exc, path, first_line))]) from None
    except yaml.MarkedYAMLError as exc:
        raise BuildError([error(f"{prefix}.yaml-syntax", f"invalid YAML: {exc.problem or exc.context}; fix "
                                "the syntax here", _where(exc, path, first_line))]) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise BuildError([error(f"{prefix}.yaml-syntax", f"invalid YAML: {exc}", SourceLocation(path, 1, 1))]) from None
    return data, node


def _where(exc: yaml.MarkedYAMLError, path: str, first_line: int = 1) -> SourceLocation:
    mark = exc.problem_mark or exc.context_mark
    return SourceLocation(path, mark.line + first_line, mark.column + 1) if mark else SourceLocation(path, first_line, 1)


def positions(node) -> dict[str, tuple[int, int]]:
    """Line and column of every mapping key and list item, addressed as 'publisher.name' / 'files.0'."""
    out: dict[str, tuple[int, int]] = {}

    def walk(node, prefix):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                path = f"{prefix}{key.value}"
                out[path] = (key.start_mark.line + 1, key.start_mark.column + 1)
                walk(value, path + ".")
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                out[f"{prefix}{i}"] = (item.start_mark.line + 1, item.start_mark.column + 1)
                walk(item, f"{prefix}{i}.")

    if node is not None:
        walk(node, "")
    return out
