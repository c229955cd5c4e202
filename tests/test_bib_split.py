"""bib/split.py reads every text exactly as bibtexparser's own splitter does (same blocks, keys, values,
lines, failures), only faster: compared on hand-picked shapes and on random BibTeX-like text."""
import random

import bibtexparser
import pytest

from briefpress.bib.split import split


def blocks(library):
    out = []
    for b in library.blocks:
        fields = [(f.key, f.value, f.start_line) for f in getattr(b, "fields", [])]
        inner = getattr(b, "ignore_error_block", None)
        out.append((type(b).__name__, b.start_line, b.raw, getattr(b, "key", None), getattr(b, "entry_type", None),
                    getattr(b, "value", None), getattr(b, "comment", None), fields,
                    str(getattr(b, "error", "")), inner and [(f.key, f.value, f.start_line) for f in inner.fields]))
    return out


def same(text):
    assert blocks(split(text)) == blocks(bibtexparser.parse_string(text, parse_stack=[]))


SHAPES = [
    "@article{a, title = {A {B} {{C}}}, year = 2020, month = jan # { 1},\n  note = \"x {y} z\"}",
    "@book{b,\n  title = {T},\n}\n\n@misc{c, title={U}}",
    '@misc{q, title = "say {"}hi{"} now", author = "A and B"}',
    "@misc{e, title = {escaped \\{ and \\} and \\\\}, note = {a \\, b}}",
    "@misc{e2, title = {a \\} b}}",  # an escaped closing brace: bibtexparser's reading, whatever TeX says
    "@misc{at, note = {mail me@example.org or @ home}, title = {T}}",
    "@misc{blk, note = {x\n@article{inner, title = {I}}",  # a block start inside a value: an aborted block
    "@misc{bs, note = {line ends in a backslash \\\n next}, title = {T}}",
    "@misc(paren, title = {T}, note = {a)b})",
    "@misc{deep, title = {1{2{3{4{5{6{7{8}}}}}}}}}",
    "@misc{dup, title = {A}, Title = {B}, title = {C}}",
    "@misc{, title = {no key}}",
    "@misc{k title = {no comma}}",
    "@misc{k, title = {unclosed}\n\n@book{next, title = {N}}",
    "@misc{k, = {no name}}",
    "@misc{k, title = {A},, year = {2}}",
    "@misc{k, title {no equals}}",
    "@string{x = {X}}\n@preamble{\"p\"}\n@comment{c}\n% a comment\n@misc{k, title = x # {y}}",
    "@misc{k,\r\n  title = {crlf},\r\n  year = {2020}\r\n}",
    "@misc{k, title = {T}} trailing text @ here\n@misc{l, title = {U}}",
    "@misc{k, title = {T}, note = {\"unbalanced quote in braces}, year = 2}",
    "@misc{k, title = \"quote with }\" , year = 2}",
    "@misc{k, title = {T}\n",
]


@pytest.mark.parametrize("text", SHAPES)
def test_shapes_split_as_bibtexparser_splits_them(text):
    same(text)


def test_random_text_splits_as_bibtexparser_splits_it():
    rng = random.Random(10)
    pieces = ["@misc{k", "@book{", ",", " ", "\n", "=", "{", "}", '"', "#", "\\", "@", "(", ")", "title", "a",
              "{\\'e}", '{"}', "\\{", "\\}", "\\\n", "year = 2020", "note = {x}", "%", "\r\n"]
    for _ in range(3000):
        same("".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))))


def test_generated_entries_split_as_bibtexparser_splits_them():
    rng = random.Random(3)
    values = ["{Plain}", "{With {Nested {Braces}}}", '"quoted {x}"', "jan", "2020", "{A} # { B}", "{\\'e\\\"o}",
              "{50\\%}", "{multi\n  line}", "{a, b = c}", '{"in braces"}']
    entries = []
    for i in range(400):
        fields = ",\n  ".join(f"f{j} = {rng.choice(values)}" for j in range(rng.randint(0, 8)))
        entries.append(f"@{rng.choice(['article', 'Book', 'misc'])}{{k{i},\n  {fields}{rng.choice(['', ','])}\n}}")
    same("\n\n".join(entries))


def test_ordinary_entries_do_not_need_bibtexparsers_slow_path(monkeypatch):
    def slow(*args):
        raise AssertionError("fell back to the mark-by-mark walk")
    monkeypatch.setattr(bibtexparser.splitter.Splitter, "_move_to_end_of_entry", slow)
    library = split("@article{a,\n  author = {Hoxha, Ilirjana},\n  title = {A {B} \\emph{C}},\n  year = 2020,\n}\n")
    assert [(f.key, f.value, f.start_line) for f in library.entries[0].fields] == [
        ("author", "{Hoxha, Ilirjana}", 1), ("title", "{A {B} \\emph{C}}", 2), ("year", "2020", 3)]
