"""The locale layer: labels per language (sr-Cyrl from sr-Latn), theme overrides, CLDR dates, quotation
marks, Serbian transliteration and collation by the language's alphabet."""
import re
from pathlib import Path

import pytest

import briefpress
from briefpress import locale
from briefpress.locale.collation import sort_key
from briefpress.locale.translit import to_cyrillic, to_latin


def test_every_language_has_every_label_and_term_of_english():
    en = locale.load("en")
    for tag in ("sq", "sr-Latn", "sr-Cyrl"):
        own = locale._data(locale.canonical(tag))
        assert set(own["labels"]) == set(en.labels), tag
        assert set(own["chicago"]) == set(en.terms), tag


def test_every_language_file_reads_the_same_with_libyaml_as_with_pure_python_yaml():
    # the build reads them with libyaml where PyYAML has it (faster); both must give the same data
    import yaml
    files = sorted(Path(locale.__file__).parent.glob("*.yaml"))
    assert len(files) > 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert locale._data.__wrapped__(path.stem) == yaml.load(text, Loader=yaml.SafeLoader), path.name


def test_every_term_the_code_asks_for_is_in_the_english_data_file():
    """A term missing from en.yaml would print in English in every language."""
    en = locale.load("en")
    source = "".join(p.read_text(encoding="utf-8") for p in Path(briefpress.__file__).parent.rglob("*.py"))
    asked = set(re.findall(r"""\bterm\((["'])(.+?)\1\)""", source))
    assert asked, "no term() call found: the pattern is out of date"
    missing = {word for _, word in asked if word not in en.terms and word[:1].lower() + word[1:] not in en.terms}
    assert not missing


@pytest.mark.parametrize("tag, toc, refs, ed", [
    ("en", "Table of Contents", "References", "ed."),
    ("en-US", "Table of Contents", "References", "ed."),
    ("sq", "Përmbajtja", "Bibliografia", "red."),
    ("sr-Latn", "Sadržaj", "Literatura", "ur."),
    ("sr-Cyrl", "Садржај", "Литература", "ур."),
    ("sr", "Садржај", "Литература", "ур."),  # CLDR: Serbian without a script is Cyrillic
])
def test_labels_and_terms_by_language(tag, toc, refs, ed):
    labels = locale.load(tag)
    assert (labels["toc_title"], labels["references"], labels.term("ed.")) == (toc, refs, ed)


def test_a_capitalised_term_comes_from_its_lower_case_key():
    assert locale.load("sq").term("Edited by") == "Redaktuar nga"
    assert locale.load("en").term("Accessed") == "Accessed"


def test_cyrillic_labels_keep_acronyms_and_placeholders():
    labels = locale.load("sr-Cyrl")
    assert labels("barcode_alt", isbn="978-3") == "EAN-13 бар-код за ISBN 978-3"
    assert labels("about", name="KCSS") == "О издавачу KCSS"


def test_transliteration_both_ways():
    assert to_cyrillic("Ljubljana, Njegoš, džep, Đorđe") == "Љубљана, Његош, џеп, Ђорђе"
    assert to_latin("Љубљана, Његош, џеп, Ђорђе") == "Ljubljana, Njegoš, džep, Đorđe"


def test_theme_labels_override_for_all_languages_or_one():
    overrides = {"references": "Works Cited", "sq": {"references": "Burimet"}, "sr-Latn": {"notes": "Beleške"}}
    assert locale.load("en", overrides)["references"] == "Works Cited"
    assert locale.load("sq", overrides)["references"] == "Burimet"
    assert locale.load("sr-Cyrl", overrides)["notes"] == "Белешке"  # sr-Latn's, transliterated
    assert locale.load("en")["references"] == "References"  # the data itself is untouched


@pytest.mark.parametrize("tag, day, month", [
    ("en", "March 7, 2025", "March 2025"),
    ("sq", "7 mars 2025", "mars 2025"),
    ("sr-Latn", "7. mart 2025", "mart 2025"),
    ("sr-Cyrl", "7. март 2025", "март 2025"),
])
def test_dates_from_cldr(tag, day, month):
    assert locale.human_date("2025-03-07", tag) == day
    assert locale.human_date("2025-03", tag) == month
    assert locale.human_date("2025", tag) == "2025"


def test_quotes_by_language_keep_apostrophes():
    text = "“A ‘quoted’ title,” Master’s"
    assert locale.requote(text, "en") == text
    assert locale.requote(text, "sq") == "«A “quoted” title,» Master’s"
    assert locale.requote(text, "sr-Cyrl") == "„A ‘quoted’ title“, Master’s"  # Serbian: the comma after the mark


def test_note_tokens_survive_requoting():
    text = "“Quoted.”\ue000n1\ue001 and ‘x’\ue000n2\ue001"
    assert locale.requote(text, "sq") == "«Quoted.»\ue000n1\ue001 and “x”\ue000n2\ue001"


def _sorted(words, tag):
    return sorted(words, key=lambda w: sort_key(w, tag))


def test_albanian_alphabet_order():
    words = ["Zhuri", "Zog", "Shala", "Sula", "Gjika", "Gora", "Llazi", "Lulo", "Ëndërr", "Ezra", "Çela", "Cuni",
             "Dhima", "Duka", "Rrahmani", "Rusi", "Xhaka", "Xani", "Thaçi", "Tahiri", "Njeri", "Nuro"]
    assert _sorted(words, "sq") == ["Cuni", "Çela", "Duka", "Dhima", "Ezra", "Ëndërr", "Gora", "Gjika", "Lulo",
                                    "Llazi", "Nuro", "Njeri", "Rusi", "Rrahmani", "Sula", "Shala", "Tahiri",
                                    "Thaçi", "Xani", "Xhaka", "Zog", "Zhuri"]
    # in English (DUCET) the same letters sort with their base letters
    assert _sorted(["Çela", "Cuni"], "en") == ["Çela", "Cuni"]


def test_serbian_latin_alphabet_order():
    words = ["Žarko", "Zorić", "Šarić", "Sava", "Ljubić", "Lukić", "Đorđević", "Džajić", "Dinić", "Ćosić",
             "Čolić", "Cvetić", "Njegoš", "Nikolić"]
    assert _sorted(words, "sr-Latn") == ["Cvetić", "Čolić", "Ćosić", "Dinić", "Džajić", "Đorđević", "Lukić",
                                         "Ljubić", "Nikolić", "Njegoš", "Sava", "Šarić", "Zorić", "Žarko"]


def test_serbian_cyrillic_azbuka_order_before_latin():
    words = ["Smith", "Шарић", "Џајић", "Чолић", "Цвијић", "Ћосић", "Тодоровић", "Њего", "Ненад", "Љубић",
             "Лукић", "Јовић", "Ивић", "Ђорђевић", "Дуловић"]
    assert _sorted(words, "sr") == ["Дуловић", "Ђорђевић", "Ивић", "Јовић", "Лукић", "Љубић", "Ненад", "Њего",
                                    "Тодоровић", "Ћосић", "Цвијић", "Чолић", "Џајић", "Шарић", "Smith"]


def test_case_only_breaks_ties():
    assert _sorted(["dhima", "Dhima", "Duka"], "sq") == ["Duka", "dhima", "Dhima"]


def test_source_language_from_langid():
    assert locale.bcp47("english") == "en"
    assert locale.bcp47("albanian") == "sq"
    assert locale.bcp47("serbian", "Водни ресурси") == "sr-Cyrl"
    assert locale.bcp47("serbian", "Vodni resursi") == "sr-Latn"
    assert locale.bcp47("") == ""


def test_langid_of_an_edition_language():  # the publication's own .bib (cite.bibtex): bcp47's inverse
    assert [locale.langid(t) for t in ("en", "en-GB", "sq", "sr-Latn", "sr-Cyrl", "sr")] == \
        ["english", "english", "albanian", "serbian", "serbianc", "serbianc"]
    assert locale.langid("xx-YY") == "xx-YY"  # no biblatex name: the tag as written
    for tag in ("en", "sq", "sr-Latn", "sr-Cyrl"):
        assert locale.bcp47(locale.langid(tag)) == tag


METADATA = """title: Вода и безбедност
authors:
  - name: Марко Петровић
publisher:
  name: ПЦС
date: 2025-03-07
language: sr-Cyrl
"""


def test_metadata_doi_is_validated_and_normalised():
    from briefpress.diagnostics import BuildError
    from briefpress.metadata import load_metadata
    meta = load_metadata(METADATA + "doi: https://doi.org/10.5555/pcs.2025.1\n", "m.yaml")
    assert meta.doi == "10.5555/pcs.2025.1"
    with pytest.raises(BuildError) as exc:
        load_metadata(METADATA + "doi: 5555/pcs\n", "m.yaml")
    (d,) = exc.value.diagnostics
    assert (d.code, d.location.line) == ("metadata.invalid", 8) and "10.NNNN/suffix" in d.message


def test_metadata_in_cyrillic_gets_a_latin_slug_and_a_localised_date():
    from briefpress.metadata import load_metadata
    meta = load_metadata(METADATA, "m.yaml")
    assert (meta.slug, meta.display_date) == ("voda-i-bezbednost", "7. март 2025")


def _theme(tmp_path, labels: str):
    import shutil
    from pathlib import Path
    kcss = Path(__file__).parents[1] / "templates" / "kcss"
    text = (kcss / "theme.yaml").read_text(encoding="utf-8")
    text += labels
    shutil.copytree(kcss / "fonts", tmp_path / "fonts")  # a theme reads no folder outside templates/
    (tmp_path / "theme.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_theme_labels_are_validated_at_their_line(tmp_path):
    from briefpress.theme_config import checked_settings
    theme = _theme(tmp_path, "labels:\n  references: Works Cited\n  sq:\n    referencse: Burimet\n  notes: 3\n")
    settings, problems = checked_settings(theme)
    assert [(d.code, d.message.split(";")[0]) for d in problems] == [
        ("theme.unknown", "unknown label 'referencse'"), ("theme.invalid", "label 'notes' must be text")]
    lines = (tmp_path / "theme.yaml").read_text().splitlines()
    assert "referencse" in lines[problems[0].location.line - 1]


def test_valid_theme_labels_pass(tmp_path):
    from briefpress.theme_config import checked_settings
    _, problems = checked_settings(_theme(tmp_path, "labels:\n  references: Works Cited\n  sq:\n    notes: Shënimet\n"))
    assert problems == []


def test_ducet_is_read_as_the_line_pattern_reads_it():
    # the collator's fast reading of DUCET (lines split) must give every entry and weight the pattern does
    import os

    import pyuca
    from pyuca.collator import COLL_ELEMENT_PATTERN

    from briefpress.locale import collation

    path = os.path.join(os.path.dirname(pyuca.__file__), f"allkeys-{collation._collator().UCA_VERSION}.txt")
    with open(path, encoding="utf-8") as keys:
        text = keys.read()
    fast, slow = collation.entries(text), dict(collation.ENTRY.findall(text))
    assert len(slow) > 20_000 and fast.keys() == slow.keys()
    weights = [[m.groups() for m in COLL_ELEMENT_PATTERN.finditer(v)] for v in slow.values()]
    assert [[m.groups() for m in COLL_ELEMENT_PATTERN.finditer(fast[k].partition("#")[0])] for k in slow] == weights
    assert collation.implicit_weights(text) == [[int(x, 16) for x in found] for found in collation.IMPLICIT.findall(text)]
    assert collation.implicit_weights(text)
