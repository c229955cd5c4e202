"""Hyphenation patterns read faster (printing/hyphenation.py): the same patterns as pyphen's own reading."""

from pathlib import Path

import pyphen
import pytest

from briefpress.printing import hyphenation


def _read(reader, path: Path) -> pyphen.HyphDict:
    found = pyphen.HyphDict.__new__(pyphen.HyphDict)
    reader(found, path)
    return found


def _same(a: pyphen.HyphDict, b: pyphen.HyphDict) -> None:
    assert a.maxlen == b.maxlen
    assert a.patterns == b.patterns
    for key, (_, values) in a.patterns.items():  # nonstandard hyphens: DataInts with the same data
        assert [(type(v), getattr(v, "data", None)) for v in values] == \
            [(type(v), getattr(v, "data", None)) for v in b.patterns[key][1]], key


@pytest.mark.parametrize("path", sorted(set(pyphen.LANGUAGES.values()), key=str), ids=lambda p: p.name)
def test_every_dictionary_pyphen_ships_is_read_as_pyphen_reads_it(path):
    _same(_read(hyphenation._init, path), _read(hyphenation._ORIGINAL, path))


def test_lines_the_fast_reading_leaves_to_pyphen_are_read_as_pyphen_reads_them(tmp_path):
    dic = tmp_path / "hyph_xx.dic"
    dic.write_text("UTF-8\n"
                   "LEFTHYPHENMIN 2\n% a comment\n\n"
                   ".ab4c\n"            # letters and digits
                   "a0b\n"              # only zeros: skipped
                   "abc\n"              # no digit: skipped
                   "1a2\n"              # digits at both ends
                   "x^^e9y3\n"          # an escaped character (é)
                   "c1f/ff=f,1,2\n"     # a nonstandard hyphen
                   "d12e\n"             # two digits in a row
                   "\u00e53\u0663b\n"   # a digit outside ASCII (Arabic-Indic three)
                   "  .zz5  \n", encoding="utf-8")
    ours, theirs = _read(hyphenation._init, dic), _read(hyphenation._ORIGINAL, dic)
    _same(ours, theirs)
    assert set(ours.patterns) >= {".abc", "a", "xéy", "cf", "de", "\u00e5b", ".zz"}
    assert "ab" not in ours.patterns and "abc" not in ours.patterns


def test_it_is_in_place_for_weasyprint_and_hyphenates_as_before(monkeypatch):
    monkeypatch.setattr(pyphen.HyphDict, "__init__", hyphenation._ORIGINAL)
    monkeypatch.setattr(pyphen, "hdcache", {})
    before = pyphen.Pyphen(lang="en_US").inserted("characteristically internationalisation")
    monkeypatch.setattr(pyphen, "hdcache", {})
    assert hyphenation.apply() is True
    assert pyphen.HyphDict.__init__ is hyphenation._init
    assert pyphen.Pyphen(lang="en_US").inserted("characteristically internationalisation") == before


def test_a_pyphen_that_reads_otherwise_is_left_as_it_is(monkeypatch):
    def other_reading(self, path):  # another release's code
        self.patterns = {}

    monkeypatch.setattr(hyphenation, "_ORIGINAL", other_reading)
    monkeypatch.setattr(pyphen.HyphDict, "__init__", other_reading)
    assert hyphenation.apply() is False
    assert pyphen.HyphDict.__init__ is other_reading
