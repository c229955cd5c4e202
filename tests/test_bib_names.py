"""BibTeX name lists -> Name values, by BibTeX's rules."""
from briefpress.bib.model import Name
from briefpress.bib.names import parse_name, parse_names


def test_the_three_bibtex_forms():
    assert parse_name("Hoxha, Ilirjana") == Name("Hoxha", "Ilirjana")
    assert parse_name("Ilirjana Hoxha") == Name("Hoxha", "Ilirjana")
    assert parse_name("Ludwig van Beethoven") == Name("Beethoven", "Ludwig", "van")
    assert parse_name("van Beethoven, Ludwig") == Name("Beethoven", "Ludwig", "van")
    assert parse_name("King, Jr., Martin Luther") == Name("King", "Martin Luther", suffix="Jr.")
    assert parse_name("Jean de la Fontaine") == Name("Fontaine", "Jean", "de la")
    assert parse_name("de la Fontaine, Jean") == Name("Fontaine", "Jean", "de la")


def test_corporate_names_in_braces_are_literal():
    assert parse_name("{Human Rights Watch}") == Name("Human Rights Watch", literal=True)
    names, _ = parse_names("{Barnes and Noble} and Doe, Jane")
    assert names == (Name("Barnes and Noble", literal=True), Name("Doe", "Jane"))
    assert parse_name("{van Gogh}, Theo") == Name("van Gogh", "Theo")  # braces keep the particle in the family


def test_and_others_is_et_al_not_a_name():
    names, et_al = parse_names("Hoxha, Ilirjana and Krasniqi, Arbër and others")
    assert [n.family for n in names] == ["Hoxha", "Krasniqi"] and et_al
    assert parse_names("Hoxha, Ilirjana AND Krasniqi, Arbër")[0][1].family == "Krasniqi"
    assert parse_names("Hoxha, Ilirjana")[1] is False


def test_accented_hyphenated_and_cyrillic_names():
    assert parse_name(r"{\"O}zt{\"u}rk, Mehmet") == Name("Öztürk", "Mehmet")
    assert parse_name(r"{\"O}zt{\"u}rk Mehmet Ali") == Name("Ali", r"Öztürk Mehmet")  # upper case: no von
    assert parse_name(r"Aks{\i}n, Ay{\c{s}}e") == Name("Aksın", "Ayşe")
    assert parse_name("Jean-Luc Moreau-Dubois") == Name("Moreau-Dubois", "Jean-Luc")
    assert parse_name("Петровић, Јован") == Name("Петровић", "Јован")
    assert parse_name("Јован Петровић") == Name("Петровић", "Јован")
    assert parse_name(r"Jos{\'e} Nu{\~n}ez") == Name("Nuñez", "José")
    assert parse_name("D.~E. Knuth") == Name("Knuth", "D. E.")


def test_lower_case_special_character_starts_a_von_part():
    assert parse_name(r"Jean {\'e}tienne Dupont") == Name("Dupont", "Jean", "étienne")


def test_biblatex_key_value_names():
    assert parse_name("family=Beethoven, given=Ludwig, prefix=van") == Name("Beethoven", "Ludwig", "van")


def test_single_word_is_a_family_name():
    assert parse_name("Aristotle") == Name("Aristotle")


def test_name_rendering_keeps_particles_and_suffixes():
    king, beethoven = parse_name("King, Jr., Martin Luther"), parse_name("Ludwig van Beethoven")
    assert king.given_first() == "Martin Luther King Jr." and king.family_first() == "King, Martin Luther, Jr."
    assert beethoven.family_first() == "Beethoven, Ludwig van"
