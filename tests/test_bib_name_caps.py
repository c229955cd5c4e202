"""Family names exported in capitals (DergiPark, some Web of Science and Scopus exports) are read as names
(bib.name_caps); acronyms, braced corporate names and initials stay. Invented names."""
import pytest

from briefpress import chicago
from briefpress.bibliography import read_bibliography


def names(author: str, title: str = "A study of the region") -> list[str]:
    entries, _ = read_bibliography(f"@article{{k, author = {{{author}}}, title = {{{title}}}, "
                                   "journal = {J}, year = {2020}}", "t.bib")
    return [n.family_first() for n in entries["k"].authors]


@pytest.mark.parametrize("written, read", [
    ("GÜVEN, Ahmet", "Güven, Ahmet"),
    ("ILAZI, RAMADAN", "Ilazi, Ramadan"),
    ("Ahmet GÜVEN", "Güven, Ahmet"),
    ("MCDONALD, JOHN", "McDonald, John"),
    ("O'BRIEN, PATRICK", "O'Brien, Patrick"),
    ("SMITH-JONES, J.-P.", "Smith-Jones, J.-P."),
    ("BERISHA, JP", "Berisha, JP"),  # initials stay
    ("KRASNIQI, JR., ARBEN", "Krasniqi, Arben, Jr."),
    ("ÇELİK, AYŞE", "Çelik, Ayşe"),  # İ: Turkish
    ("LE PEN, MARINE", "Le Pen, Marine"),  # an article capitalised by custom stays in the family name
])
def test_a_name_in_capitals_is_read_as_a_name(written, read):
    assert names(written) == [read]


def test_particles_in_capitals_become_lower_case_particles_as_bibtex_reads_them():
    # "VAN DER BERG, JAN" is read as "van der Berg, Jan" would be: particle 'van der', family 'Berg'
    entries, _ = read_bibliography("@book{k, author = {VAN DER BERG, JAN and DE LA CRUZ, MARIA}, title = {T}, "
                                   "publisher = {P}, year = {2020}}", "t.bib")
    assert chicago.bibliography_entry(entries["k"]).startswith("Berg, Jan van der, and Maria de la Cruz.")
    assert chicago.full_note(entries["k"]).startswith("Jan van der Berg and Maria de la Cruz")


def test_turkish_capitals_keep_the_dotless_i_when_the_entry_is_turkish():
    assert names("KILIÇ, Volkan and YILDIZ, Mehmet", "Görüntü işleme üzerine") == ["Kılıç, Volkan", "Yıldız, Mehmet"]
    # ç but neither ı, ğ, ş nor İ: the I may be ı or i, so the name stays as written
    assert names("KILIÇ, Volkan", "Image captioning") == ["KILIÇ, Volkan"]
    # Albanian ë rules Turkish out
    assert names("ÇELIKU, Arbër", "Siguria") == ["Çeliku, Arbër"]


@pytest.mark.parametrize("written, read", [
    ("{NATO}", "NATO"), ("{OSCE}", "OSCE"), ("NATO", "NATO"), ("{Kosovo Police}", "Kosovo Police"),
    ("OSCE ODIHR", "ODIHR, OSCE"),  # no comma, both in capitals: acronyms as much as a name
    ("Hoxha, Arta", "Hoxha, Arta"), ("KH, Rajesh", "KH, Rajesh"),  # no vowel: initials
    ("IEEE, Standards", "IEEE, Standards"),  # a known acronym
])
def test_organisations_acronyms_and_names_in_their_own_case_stay(written, read):
    assert names(written) == [read]
