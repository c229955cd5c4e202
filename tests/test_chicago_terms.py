"""The Chicago words of biblatex's fields (editor types, pubstate, related works, an original publication,
a program's version) print in the paper's language: an Albanian or German paper's note and bibliography
entry carry that language's words and none of the English ones; the English forms stay as they were."""
import re
from pathlib import Path

import pytest

from briefpress import chicago, locale
from briefpress.bib.model import plain
from briefpress.bib.related import RELATED_TYPES
from briefpress.bibliography import read_bibliography
from briefpress.chicago import extras, roles
from briefpress.locale import using

BIB = r"""
@collection{lead, editor = {Berisha, Lule}, editortype = {compiler}, title = {Këngë malësie},
  publisher = {Rilindja}, date = {1978}}
@book{after, author = {Hoxha, Arta}, title = {Qytetet e vogla}, editor = {Krasniqi, Ben}, editortype = {compiler},
  publisher = {Toena}, date = {2020}}
@book{soon, author = {Gashi, Drita}, title = {Kufijtë e rinj}, publisher = {Dukagjini}, pubstate = {forthcoming}}
@article{press, author = {Gashi, Drita}, title = {Ligji i ri}, journaltitle = {Studime}, volume = {4},
  pubstate = {forthcoming}, date = {2026}}
@book{reprint, author = {Leka, Besim}, title = {Historia e re}, publisher = {Onufri}, date = {2019},
  related = {first}, relatedtype = {reprintof}}
@book{first, author = {Leka, Besim}, title = {Historia e vjetër}, publisher = {Naim Frashëri}, date = {1965}}
@book{orig, author = {Leka, Besim}, title = {Rruga}, publisher = {Onufri}, date = {2019}, origtitle = {Die Straße},
  origpublisher = {Suhrkamp}, origdate = {1990}}
"""

# key -> (words English prints, Albanian, German): each in the note and in the bibliography entry
EXPECTED = {
    "lead": (("comp.",), ("përp.",), ("Zusammenst.",)),
    "after": (("comp. Ben", "Compiled by Ben"), ("përp. Ben", "Përpiluar nga Ben"),
              ("Zusammenst. Ben", "Zusammengestellt von Ben")),
    "soon": (("forthcoming",), ("në botim",), ("im Erscheinen",)),
    "press": (("forthcoming 2026",), ("në botim 2026",), ("im Erscheinen 2026",)),
    "reprint": (("eprint of Historia e vjetër",), ("ibotim i Historia e vjetër",), ("Nachdruck von Historia e vjetër",)),
    "orig": (("riginally published as Die Straße",), ("otuar fillimisht si Die Straße",),
             ("rsprünglich erschienen als Die Straße",)),
}
ENGLISH = re.compile(r"\b(comp|compiled|forthcoming|reprint|originally|published)\b", re.I)


def _forms(language: str) -> dict[str, tuple[str, str]]:
    entries, problems = read_bibliography(BIB, "refs.bib")
    assert not [p for p in problems if p.severity == "error"], problems
    with using(language):
        return {key: (plain(chicago.full_note(e, "")), plain(chicago.bibliography_entry(e)))
                for key, e in entries.items() if key in EXPECTED}


@pytest.mark.parametrize("language, column", [("en", 0), ("sq", 1), ("de", 2)])
def test_the_fields_words_in_the_papers_language(language, column):
    for key, (note, bib) in _forms(language).items():
        words = EXPECTED[key][column]
        assert words[0] in note, (key, note)
        assert words[-1] in bib, (key, bib)
        if language != "en":  # not one English word left (the titles are Albanian, the names too)
            assert not ENGLISH.search(note) and not ENGLISH.search(bib), (key, note, bib)


def test_the_english_forms_stay_as_cmos_prints_them():
    forms = _forms("en")
    assert forms["after"] == ("Arta Hoxha, Qytetet e vogla, comp. Ben Krasniqi (Toena, 2020)",
                              "Hoxha, Arta. Qytetet e vogla. Compiled by Ben Krasniqi. Toena, 2020.")
    assert forms["reprint"][1] == ("Leka, Besim. Historia e re. Onufri, 2019. "
                                   "Reprint of Historia e vjetër (Naim Frashëri, 1965).")


def test_serbian_cyrillic_takes_the_latin_words_transliterated():
    forms = _forms("sr-Cyrl")
    assert "прир. Ben" in forms["after"][0] and "Прир. Ben" in forms["after"][1]
    assert "у припреми за штампу" in forms["soon"][0]


def test_every_word_the_formatter_asks_for_is_a_term_of_english():
    """A literal passed to term() in the formatter that English lacks would print in English in every
    language without the language test noticing it."""
    en = locale._data("en")["chicago"]
    source = "".join(p.read_text(encoding="utf-8") for p in Path(chicago.__file__).parent.glob("*.py"))
    asked = {w for _, w in re.findall(r"""\b(?:term|placed)\((['"])(.+?)\1[,)]""", source)}
    assert len(asked) > 20
    # and the tables whose words reach term() through a variable
    asked |= {w for row in roles.EDITOR_TYPES.values() for w in row} | {w for row in roles.OTHER_ROLES for w in row[1:]}
    asked |= set(RELATED_TYPES.values()) | set(extras.STATUS.values())
    missing = [w for w in asked if w not in en and w[:1].lower() + w[1:] not in en]
    assert missing == []


def test_an_undated_chapter_in_german_and_albanian():
    entries, _ = read_bibliography(r"""@incollection{ch, author = {Gashi, Drita}, title = {Kufiri}, chapter = {3},
      booktitle = {Libri i madh}, publisher = {Onufri}}""", "refs.bib")
    entry = entries["ch"]
    for language, words in (("de", ("Kap. 3 in Libri", "o. J.")), ("sq", ("kap. 3 në Libri", "pa datë")),
                            ("en", ("chap. 3 in Libri", "n.d."))):
        with using(language):
            note = plain(chicago.full_note(entry, ""))
        assert all(w in note for w in words), (language, note)
