"""safe_yaml.py reads YAML with libyaml where PyYAML has it, composing the nodes itself (its limits kept):
the same nodes, data and diagnostics as PyYAML's own reader gives."""

import pytest
import yaml

from briefpress import safe_yaml
from briefpress.diagnostics import BuildError

TEXTS = [
    "title: A Brief\nshort_title: 'Brief'\nauthors:\n  - name: \"A. Author\"\n    bio: |\n      Line one.\n      Line two.\n",
    "date: 2024-05-01\nkeywords: [security, policy, 'Kosovo']\nempty:\nnull_value: ~\nyes_no: yes\nnumber: 3.5\n",
    "base: &b {colour: '#004b87', size: 10pt}\nprint:\n  <<: *b\n  margin: 20mm\nlist: &l\n- one\n- two\nagain: *l\n",
    "text: >\n  folded\n  lines\nunicode: \"\\u00eb \\u00e7 — «quoted»\"\nplain: ëç text, a colon:no space\n",
    "- a\n- b:\n    - c\n    - {d: e}\n",
]


def _nodes(node):
    """What a reader of the nodes uses: kind, tag, value, style and where each starts and ends."""
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style, marks)
    if isinstance(node, yaml.SequenceNode):
        return ("sequence", node.tag, marks, [_nodes(item) for item in node.value])
    return ("mapping", node.tag, marks, [(_nodes(k), _nodes(v)) for k, v in node.value])


def _pure(monkeypatch):
    monkeypatch.setattr(safe_yaml, "_with_libyaml", lambda loader_class: None)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
@pytest.mark.parametrize("loader", [safe_yaml.LimitedLoader, safe_yaml.TextDatesLoader])
@pytest.mark.parametrize("text", TEXTS)
def test_libyaml_composes_the_nodes_and_data_pyyamls_reader_does(monkeypatch, text, loader):
    fast = safe_yaml._with_libyaml(loader)
    assert fast is not None
    composed = fast(text)
    try:
        node = composed.get_single_node()
    finally:
        composed.dispose()
    data = safe_yaml.load(text, "x.yaml", "metadata", loader_class=loader)
    _pure(monkeypatch)
    assert _nodes(node) == _nodes(safe_yaml.compose(text, loader))
    assert data[0] == safe_yaml.load(text, "x.yaml", "metadata", loader_class=loader)[0]


@pytest.mark.parametrize("text", ["title: [unclosed\nnext: 1\n", "a: 1\n b: 2\n", "key: 'quote\n", "\tindent: tab\n",
                                  "a: 1\na: 2\n- item\n"])
def test_a_syntax_error_is_reported_as_pyyamls_reader_reports_it(monkeypatch, text):
    with pytest.raises(BuildError) as fast:
        safe_yaml.load(text, "m.yaml", "metadata")
    _pure(monkeypatch)
    with pytest.raises(BuildError) as pure:
        safe_yaml.load(text, "m.yaml", "metadata")
    assert [(d.code, d.message, str(d.location)) for d in fast.value.diagnostics] == \
        [(d.code, d.message, str(d.location)) for d in pure.value.diagnostics]


def test_the_limits_hold_when_libyaml_reads_the_text():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)},"
        f" *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    deep = "a: " + "[" * 60 + "]" * 60 + "\n"
    for text, words in ((bomb, "alias bomb"), (deep, "nesting deeper")):
        with pytest.raises(BuildError) as found:
            safe_yaml.load(text, "m.yaml", "metadata")
        [diagnostic] = found.value.diagnostics
        assert diagnostic.code == "yaml.limit" and words in diagnostic.message


def test_without_libyaml_pyyamls_reader_reads_it(monkeypatch):
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    monkeypatch.setattr(safe_yaml, "_FAST", {})
    assert safe_yaml._with_libyaml(safe_yaml.LimitedLoader) is None
    assert safe_yaml.load(TEXTS[0], "m.yaml", "metadata")[0]["short_title"] == "Brief"
