"""Chicago 18 for every source type, on bib.model entries: each field Chicago prints for a type appears
in the full note and the bibliography entry; name lists, headline style, page ranges, rich text, links,
sorting."""
import re

import pytest

from briefpress import chicago
from briefpress.bib.model import Entry, Name, plain
from briefpress.chicago.text import page_range
from briefpress.chicago.titles import headline, quoted

A = (Name("Hoxha", "Arbër"), Name("Đorđević", "Milica"))
ED = (Name("Ker-Lindsay", "James"),)
TR = (Name("Morrison", "Derek"),)
ORG = (Name("Kosovo Police", literal=True),)


def entry(type_, names=None, **fields) -> Entry:
    return Entry(key="k", type=type_, fields=fields, names=names or {})


# type -> (entry, the words each form must show). Names are checked by family name; "@bib" marks words
# only the bibliography shows; "-" words neither shows (CMOS 18 drops a chapter's page range from the
# bibliography, 14.8, and a newspaper's pages, 14.89: a note cites its own page).
CASES = {
    "article-journal": (entry("article", {"author": A}, title="Border Regimes", journaltitle="Journal of Security",
                              volume="18", number="2", date="2023", pages="321--328", doi="10.5937/x1"),
                        ["Hoxha", "Đorđević", "Border Regimes", "Journal of Security", "18", "no. 2", "2023",
                         "321–28", "https://doi.org/10.5937/x1"]),
    "article-magazine": (entry("article", {"author": A[:1]}, title="Quiet Rearmament", journaltitle="The Atlantic",
                               entrysubtype="magazine", date="2023-10-12", url="https://example.com/a"),
                         ["Hoxha", "Quiet Rearmament", "The Atlantic", "October 12, 2023", "https://example.com/a"]),
    "article-newspaper": (entry("article", {}, title="Talks Stall", journaltitle="Balkan Insight",
                                entrysubtype="newspaper", date="2022-08-08", pages="4"),
                          ["Talks Stall", "Balkan Insight", "August 8, 2022", "-, 4"]),
    "book": (entry("book", {"author": A[:1], "translator": TR}, title="Regions and Powers", subtitle="A Study",
                   edition="2", volume="2", series="Studies in Security", number="14", publisher="Routledge",
                   date="2013"),
             ["Hoxha", "Regions and Powers: A Study", "Morrison", "2nd ed.", "ol. 2", "Studies in Security 14",
              "Routledge", "2013"]),
    "book-volumes": (entry("book", {"author": A[:1]}, title="A History", volumes="3", publisher="OUP", date="2020"),
                     ["Hoxha", "A History", "3 vols.", "OUP", "2020"]),
    "collection": (entry("collection", {"editor": ED}, title="Kosovo and Recognition", publisher="Routledge",
                         date="2019"),
                   ["Ker-Lindsay", "ed.", "Kosovo and Recognition", "Routledge", "2019"]),
    "incollection": (entry("incollection", {"author": A[:1], "editor": ED}, title="Minority Rights",
                           booktitle="Kosovo and Recognition", publisher="Routledge", date="2019", pages="45--67"),
                     ["Hoxha", "Minority Rights", "Kosovo and Recognition", "Ker-Lindsay", "Routledge", "2019",
                      "-45–67"]),
    "inbook": (entry("inbook", {"author": A[:1], "bookauthor": ED}, title="The Road to War", booktitle="Kosovo",
                     publisher="OUP", date="2008", pages="79--100"),
               ["Hoxha", "The Road to War", "Kosovo", "Ker-Lindsay", "OUP", "2008", "-79–100"]),
    "proceedings": (entry("proceedings", {"editor": ED}, title="Proceedings of the Forum", publisher="KCSS",
                          date="2022", volume="3"),
                    ["Ker-Lindsay", "Proceedings of the Forum", "KCSS", "2022", "ol. 3"]),
    "inproceedings": (entry("inproceedings", {"author": A, "editor": ED}, title="Detecting Disinformation",
                            booktitle="Proceedings of the Workshop", publisher="ACL", date="2023", pages="12--21"),
                      ["Hoxha", "Detecting Disinformation", "Proceedings of the Workshop", "Ker-Lindsay", "ACL",
                       "2023", "-12–21"]),
    "thesis-phd": (entry("thesis", {"author": A[:1]}, title="Statebuilding", type="phdthesis",
                         institution="University of Sussex", date="2020"),
                   ["Hoxha", "Statebuilding", "PhD diss.", "University of Sussex", "2020"]),
    "thesis-ma": (entry("thesis", {"author": A[:1]}, title="Attitudes", type="mathesis", institution="CEU",
                        date="2017"),
                  ["Hoxha", "Attitudes", "aster’s thesis", "CEU", "2017"]),
    "report-tech": (entry("report", {"author": A[:1]}, title="Cyber Capacity", type="techreport", number="7",
                          institution="KCSS", date="2023"),
                    ["Hoxha", "Cyber Capacity", "echnical", "eport", "o. 7", "KCSS", "2023"]),
    "report-working": (entry("report", {"author": A[:1]}, title="Radicalisation", type="Working paper", number="5",
                             institution="PAVE", date="2022"),
                       ["Hoxha", "Radicalisation", "orking", "aper", "o. 5", "PAVE", "2022"]),
    "manual": (entry("manual", {"author": ORG}, title="Manual on Policing", edition="3", organization="Kosovo Police",
                     date="2018"),
               ["Kosovo Police", "Manual on Policing", "3rd ed.", "2018"]),
    "online": (entry("online", {"author": A[:1]}, title="Five Lessons", organization="Prishtina Insight",
                     date="2023-01-15", url="https://example.com/five"),
               ["Hoxha", "Five Lessons", "Prishtina Insight", "January 15, 2023", "https://example.com/five"]),
    "online-undated": (entry("online", {}, title="About the Force", organization="Ministry of Defence",
                             url="https://example.com/ksf", urldate="2024-05-02"),
                       ["About the Force", "Ministry of Defence", "ccessed May 2, 2024", "https://example.com/ksf"]),
    "misc": (entry("misc", {"author": A[:1]}, title="Field Notes", howpublished="Unpublished field notes",
                   location="Mitrovica", date="2021"),
             ["Hoxha", "Field Notes", "npublished field notes", "Mitrovica", "2021"]),
    "software": (entry("software", {"author": A[:1]}, title="PolicyCorpus", version="1.4", publisher="Zenodo",
                       date="2022", doi="10.5281/zenodo.1"),
                 ["Hoxha", "PolicyCorpus", "1.4", "Zenodo", "2022", "https://doi.org/10.5281/zenodo.1"]),
    "dataset": (entry("dataset", {"author": A[:1]}, title="Crime Statistics", version="3", publisher="Dataverse",
                      date="2021", url="https://example.com/d"),
                ["Hoxha", "Crime Statistics", "ersion 3", "Dataverse", "2021", "https://example.com/d"]),
    "patent": (entry("patent", {"author": A[:1]}, title="Device for Detecting Landmines", number="US 10,123,456",
                     date="2019-11-12"),
               ["Hoxha", "Device for Detecting Landmines", "US 10,123,456", "November 12, 2019"]),
    "unpublished": (entry("unpublished", {"author": A[:1]}, title="Women in the Force",
                          note="Paper presented at the Annual Conference", location="Skopje", date="2022-05"),
                    ["Hoxha", "Women in the Force", "aper presented at the Annual Conference", "Skopje", "May 2022"]),
    "jurisdiction": (entry("jurisdiction", {}, title="Sejdić and Finci v. Bosnia and Herzegovina", number="27996/06",
                           institution="European Court of Human Rights", date="2009-12-22"),
                     ["Sejdić and Finci v. Bosnia and Herzegovina", "27996/06", "European Court of Human Rights",
                      "December 22, 2009"]),
    "legislation": (entry("legislation", {}, title="Law on the Security Force", number="08/L-199",
                          date="2023-06-23"),
                    ["Law on the Security Force", "08/L-199", "2023"]),
    "video": (entry("video", {"author": ORG}, title="The Chilling Story", organization="YouTube", date="2020-02-02",
                    url="https://example.com/v"),
              ["Kosovo Police", "The Chilling Story", "YouTube video", "February 2, 2020", "https://example.com/v"]),
    "audio": (entry("audio", {"author": A[:1]}, title="Episode 12", organization="Balkan Talks Podcast",
                    date="2023-04-03", url="https://example.com/12"),
              ["Hoxha", "Episode 12", "Balkan Talks Podcast", "April 3, 2023", "https://example.com/12"]),
    "standard": (entry("standard", {"author": ORG}, title="Business Continuity", number="ISO 22301:2019",
                       publisher="ISO", date="2019"),
                 ["Kosovo Police", "Business Continuity", "ISO 22301:2019", "ISO", "2019"]),
    "periodical": (entry("periodical", {"editor": ED}, title="Kosovo Security Review", volume="9", number="1",
                         date="2024"),
                   ["Ker-Lindsay", "Kosovo Security Review", "9", "no. 1", "2024"]),
    "letter": (entry("letter", {"author": A[:1]}, title="Letter to the Secretary-General", date="1998-03-05"),
               ["Hoxha", "Letter to the Secretary-General", "March 5, 1998"]),
    "eprint": (entry("online", {"author": A[:1]}, title="Language Models", date="2021", eprint="2101.00001",
                     eprinttype="arXiv"),
               ["Hoxha", "Language Models", "2021", "https://arxiv.org/abs/2101.00001"]),
    "book-in-multivolume": (entry("book", {"author": A[:1]}, title="Der Balkan", maintitle="Die Kriege", volume="2",
                                  publisher="Springer", date="2011", origdate="-0350"),
                            ["Hoxha", "Die Kriege", "ol. 2, Der Balkan", "351 BC", "Springer", "2011"]),
    "manual-version": (entry("manual", {"author": ORG}, title="Typesetting", version="1.4", organization="TUG",
                             date="2018", location="Oslo"),
                       ["Kosovo Police", "Typesetting", "ersion 1.4", "TUG", "2018"]),
    "chapter-number": (entry("inbook", {"author": A[:1]}, title="Background", booktitle="A History", chapter="2",
                             series="Studies", number="4", publisher="CUP", date="2018", pages="15--40"),
                       ["Hoxha", "Background", "hap. 2 in A History", "Studies 4", "CUP", "2018", "-15–40"]),
    "article-eid-new-series": (entry("article", {"author": A[:1]}, title="Observation", journaltitle="Studies",
                                     series="newseries", volume="82", date="2023-04/2023-05", eid="102611"),
                               ["Hoxha", "Observation", "Studies, n.s., 82", "April–May 2023", "102611"]),
    "article-forthcoming": (entry("article", {"author": A[:1]}, title="Cyber", journaltitle="Policy",
                                  pubstate="forthcoming", date="2024"),
                            ["Hoxha", "Cyber", "Policy, forthcoming 2024"]),
    "special-issue": (entry("periodical", {"editor": ED}, title="Security Review", issuetitle="Hybrid Threats",
                            volume="4", number="2", date="2020"),
                      ["Ker-Lindsay", "Hybrid Threats", "Security Review 4, no. 2 (2020)"]),
    "law-gazette": (entry("legislation", {}, title="Zakon o odbrani", journaltitle="Službeni glasnik", number="116/2007",
                          date="2007", langid="serbian"),
                    ["Zakon o odbrani", "no. 116/2007", "Službeni glasnik", "2007"]),
    "case-reporter": (entry("jurisdiction", {}, title="Accordance", journaltitle="ICJ Reports", pages="403",
                            institution="International Court of Justice", date="2010-07-22"),
                      ["Accordance", "ICJ Reports 403", "International Court of Justice", "July 22, 2010"]),
    "film": (entry("movie", {"editor": ED}, editortype="director", title="Cold Summer", publisher="RTK", date="2005"),
             ["Ker-Lindsay", "Cold Summer", "RTK", "2005"]),
    "proceedings-event": (entry("proceedings", {"editor": ED}, title="Proceedings of the Conference", venue="Prishtina",
                                eventdate="2022-10-06/2022-10-07", publisher="KCSS", date="2022"),
                          ["Ker-Lindsay", "Proceedings of the Conference", "October 6–7, 2022", "Prishtina", "KCSS"]),
    "unpublished-talk": (entry("unpublished", {"author": A[:1]}, title="Other Means", eventtitle="ISA Convention",
                               howpublished="Paper presented", venue="Nashville", date="2022-03-30"),
                         ["Hoxha", "Other Means", "aper presented, ISA Convention", "Nashville", "March 30, 2022"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_printed_field_appears_in_the_note_and_the_bibliography(name):
    e, words = CASES[name]
    note, bib = plain(chicago.full_note(e)), plain(chicago.bibliography_entry(e))
    for word in words:
        if word.startswith("@bib"):
            assert word[4:] in bib and word[4:] not in note, word
        elif word.startswith("-"):
            assert word[1:] not in bib and word[1:] not in note, word
        else:
            assert word in note, (word, note)
            assert word in bib, (word, bib)
    assert bib.endswith(".") and not note.endswith(".")
    assert plain(chicago.short_note(e, "12")).endswith("12")


def test_arxiv_and_doi_are_links():
    e, _ = CASES["eprint"]
    assert '<a class="url" href="https://arxiv.org/abs/2101.00001">https://arxiv.org/abs/2101.00001</a>' in chicago.full_note(e)
    e, _ = CASES["article-journal"]
    assert 'href="https://doi.org/10.5937/x1"' in chicago.bibliography_entry(e)


def test_accessed_date_only_without_a_publication_date():
    e, _ = CASES["online"]
    dated = Entry("k", "online", {**e.fields, "urldate": "2024-01-01"}, e.names)
    assert "accessed" not in chicago.full_note(dated).lower()


def test_human_names_for_report_and_thesis_types_never_raw_keys():
    for t, kind in (("report", "resreport"), ("report", "techreport"), ("thesis", "phdthesis")):
        text = chicago.full_note(entry(t, {}, title="T", type=kind, date="2020"))
        assert kind not in text


NAMES = tuple(Name(f"F{i}", f"G{i}") for i in range(8))


def test_notes_cut_three_or_more_names_to_the_first_and_et_al():
    # CMOS 18 14.76 (the 17th edition cut at four); the CMOS 18 CSL style agrees (et-al-min="3")
    assert chicago.names_note(NAMES[:2]) == "G0 F0 and G1 F1"
    assert chicago.names_note(NAMES[:3]) == "G0 F0 et al."
    assert chicago.names_short(NAMES[:3]) == "F0 et al."


def test_the_bibliography_lists_six_and_cuts_seven_to_three():
    assert chicago.names_bib(NAMES[:6]) == "F0, G0, G1 F1, G2 F2, G3 F3, G4 F4, and G5 F5"
    assert chicago.names_bib(NAMES[:7]) == "F0, G0, G1 F1, G2 F2, et al."
    assert chicago.names_bib(NAMES[:2]) == "F0, G0, and G1 F1"


def test_and_others_is_et_al_in_every_form():
    e = Entry("k", "book", {"title": "T", "date": "2020"}, {"author": NAMES[:2]}, et_al=frozenset({"author"}))
    assert chicago.full_note(e).startswith("G0 F0 et al.,")
    assert chicago.bibliography_entry(e).startswith("F0, G0, G1 F1, et al.")
    assert chicago.short_note(e).startswith("F0 et al.,")


def test_particles_and_suffixes():
    e = entry("book", {"author": (Name("Beethoven", "Ludwig", particle="van"), Name("King", "Martin Luther",
                                                                                  suffix="Jr."))},
              title="T", date="2020")
    assert chicago.full_note(e).startswith("Ludwig van Beethoven and Martin Luther King Jr.,")
    assert chicago.bibliography_entry(e).startswith("Beethoven, Ludwig van, and Martin Luther King Jr.")
    assert chicago.short_note(e).startswith("van Beethoven and King,")


def test_editors_lead_without_authors():
    e, _ = CASES["collection"]
    assert chicago.full_note(e).startswith("James Ker-Lindsay, ed., <em>")
    assert chicago.bibliography_entry(e).startswith("Ker-Lindsay, James, ed. <em>")
    assert chicago.lead_names(e) == "Ker-Lindsay, James"


@pytest.mark.parametrize("raw, want", [
    ("a theory of the state in the age of the internet", "A Theory of the State in the Age of the Internet"),
    # CMOS 18: prepositions of five or more letters are capitalised (the 17th edition lowercased them)
    ("measuring trust In police across seven cities", "Measuring Trust in Police Across Seven Cities"),
    ("friends or foes within the brotherhood: notes from the war about peace",
     "Friends or Foes Within the Brotherhood: Notes from the War About Peace"),
    ("on war: a study of the art", "On War: A Study of the Art"),
    ("what they fought for", "What They Fought For"),
    ("the long shadow of 1999", "The Long Shadow of 1999"),
    ('NATO and the <span class="nocase">iPhone</span> in the U.S.', 'NATO and the <span class="nocase">iPhone</span> in the U.S.'),
    ("the eBay model", "The eBay Model"),
    # "up"/"out" may be adverbs ("Taking Up Arms") or prepositions ("a Page out of"): kept as written
    ("fighters are taking Up arms", "Fighters Are Taking Up Arms"),
    ("taking a page out of the book", "Taking a Page out of the Book"),
    ('the <span class="nocase">von Neumann</span> machine', 'The <span class="nocase">von Neumann</span> Machine'),
    ("online and offline (de)radicalisation", "Online and Offline (De)radicalisation"),
    ("cross-border cooperation as a goal", "Cross-Border Cooperation as a Goal"),
    ('<i>moby-dick</i> and the sea', "<i>Moby-Dick</i> and the Sea"),
    ("anti-corruption and co-operation in self-government", "Anti-corruption and Co-operation in Self-Government"),
    ('a bound of <span class="math inline">\\(o(q^4) in the\\)</span> case', 'A Bound of <span class="math inline">\\(o(q^4) in the\\)</span> Case'),
])
def test_headline_style(raw, want):
    assert headline(raw) == want


def test_only_english_titles_are_recased():
    fr = entry("book", {}, title="la politique étrangère", langid="french", date="2020")
    en = entry("book", {}, title="the foreign policy", date="2020")
    # sentence style (CMOS 18 chapter 11): the first word capitalised, the rest as written
    assert "<em>La politique étrangère</em>" in chicago.full_note(fr)
    assert "<em>The Foreign Policy</em>" in chicago.full_note(en)


@pytest.mark.parametrize("raw, want", [
    ("321--328", "321–28"), ("101-108", "101–8"), ("1100--1113", "1100–1113"), ("1087-1089", "1087–89"),
    ("498--532", "498–532"), ("71-72", "71–72"), ("96--117", "96–117"), ("808-833", "808–33"),
    ("1103-1104", "1103–4"), ("xii--xv", "xii–xv"), ("12, 14--18", "12, 14–18"), ("e1234", "e1234"),
])
def test_page_ranges_in_cmos_form(raw, want):
    assert page_range(raw) == want


def test_a_quotation_in_a_quoted_title_takes_single_quotes_with_the_comma_inside():
    assert quoted("Tadić on Serbia’s <q>Four Pillars</q>", ",") == "“Tadić on Serbia’s ‘Four Pillars,’”"
    assert quoted("Did They Create Kosovo?", ",") == "“Did They Create Kosovo?”"


def test_italics_inside_an_italic_title_are_roman_and_html_is_not_escaped_twice():
    e = entry("book", {}, title="The Meaning of <i>Moby-Dick</i> &amp; Its Critics", date="2020")
    note = chicago.full_note(e)
    assert "<em>The Meaning of </em>Moby-Dick<em> &amp; Its Critics</em>" in note
    assert "&amp;amp;" not in note


def test_sorting_collates_letters_with_diacritics_in_place_and_ignores_leading_articles():
    def book(family, title="T"):
        return entry("book", {"author": (Name(family, "X"),)} if family else {}, title=title, date="2000")
    books = [book("Žižek"), book("Zhou"), book("Čolović"), book("Cohen"), book("Dunn"), book("Šapić"),
             book("Sejdiu"), book(None, "The Kosovo Report"), book("Lange")]
    order = [plain(chicago.bibliography_entry(b)).split(".")[0] for b in sorted(books, key=chicago.sort_key)]
    assert order == ["Cohen, X", "Čolović, X", "Dunn, X", "The Kosovo Report", "Lange, X", "Šapić, X",
                     "Sejdiu, X", "Zhou, X", "Žižek, X"]


def test_same_author_sorts_by_title():
    a = entry("book", {"author": A[:1]}, title="Zeta", date="1990")
    b = entry("book", {"author": A[:1]}, title="An Alpha", date="2020")
    assert sorted([a, b], key=chicago.sort_key) == [b, a]


BAD = re.compile(r",\s*[,.]|\.\s*\.|\(\s*\)|\( |\s,|^\s|\s$|  |“,|“\.|<em></em>")


@pytest.mark.parametrize("name", sorted(CASES))
def test_missing_fields_degrade_gracefully(name):
    """Drop each field and each name list in turn: the forms stay well punctuated."""
    e, _ = CASES[name]
    variants = [Entry("k", e.type, {f: v for f, v in e.fields.items() if f != drop}, e.names) for drop in e.fields]
    variants += [Entry("k", e.type, e.fields, {r: n for r, n in e.names.items() if r != drop}) for drop in e.names]
    variants.append(Entry("k", e.type, {}, {}))
    for v in variants:
        for text in (chicago.full_note(v, "12"), chicago.short_note(v, "12"), chicago.bibliography_entry(v)):
            assert not BAD.search(plain(text)), (v.fields, v.names, text)


def test_a_repeated_lead_is_repeated_or_in_the_house_style_becomes_a_3_em_dash_and_keeps_ed():
    from briefpress.note_text import reference_list
    a = entry("book", {"author": A[:1]}, title="Alpha", date="2000")
    b = entry("book", {"author": A[:1]}, title="Beta", date="1990")
    c = entry("collection", {"editor": A[:1]}, title="Gamma", date="2001")
    d = entry("book", {"author": A}, title="Delta", date="2001")
    entries, order = {"a": a, "b": b, "c": c, "d": d}, ["b", "c", "a", "d"]
    refs = reference_list(entries, order, style=chicago.Style(repeated_names_dash=True))
    assert [plain(r.html)[:12] for r in refs] == ["Hoxha, Arbër", "⸻. Beta. 199", "⸻, ed. Gamma", "Hoxha, Arbër"]
    refs = reference_list(entries, order)  # CMOS 18 13.73 recommends repeating the names
    assert [plain(r.html)[:12] for r in refs] == ["Hoxha, Arbër"] * 4


def test_a_film_leads_the_bibliography_with_its_director():
    e, _ = CASES["film"]
    assert chicago.full_note(e).startswith("<em>Cold Summer</em>, directed by James Ker-Lindsay")
    assert chicago.bibliography_entry(e).startswith("Ker-Lindsay, James, dir. <em>Cold Summer</em>.")


def test_a_title_without_a_language_takes_the_papers():
    e = entry("book", {}, title="energy security", date="2020")  # nothing in the title tells its language
    fr = entry("book", {}, title="energy security", date="2020", langid="english")
    words = entry("book", {}, title="the foreign policy", date="2020")  # English by its words (bib.language)
    assert chicago.in_paper_language({"e": e}, "en")["e"] is e
    sq = chicago.in_paper_language({"e": e, "fr": fr, "words": words}, "sq")
    assert "<em>Energy security</em>" in chicago.full_note(sq["e"])  # an Albanian paper: sentence style
    assert "<em>Energy Security</em>" in chicago.full_note(sq["fr"])  # its own language wins
    assert "<em>The Foreign Policy</em>" in chicago.full_note(sq["words"])  # and so does its title's


def test_short_titles_are_cut_to_four_words_unless_the_house_keeps_them_whole():
    from briefpress.chicago.titles import short_title
    # CMOS 18 13.33: the main title, a leading article dropped, four words or fewer, cut where a phrase ends
    assert short_title({"title": "Poverty and Inequality in Latin America: The Impact"}) == "Poverty and Inequality"
    assert short_title({"title": "The Literature of Harlem"}) == "Literature of Harlem"
    assert short_title({"title": "Study Spaces and Academic Performance"}) == "Study Spaces and Academic Performance"
    assert short_title({"title": "The Chilling Story of Serbia’s Human Slaughterhouse"}) == "Chilling Story"
    assert short_title({"title": "Tadić on Serbia’s ‘Four Pillars of Diplomacy’"}).endswith("Diplomacy’")  # quotation whole
    assert short_title({"title": "La Yougoslavie après la Yougoslavie"}, "french") == "La Yougoslavie après la Yougoslavie"
    assert short_title({"title": "A Long Title of Many Words", "shorttitle": "Long"}) == "Long"
    math = '<span class="math inline">\\(\\mathcal{O}(n \\log n)\\)</span>'
    assert short_title({"title": f"An {math} Model of Alliance Formation"}) == f"{math} Model"  # cut where a phrase ends, not inside "Alliance Formation"
    assert short_title({"title": "Ties <em>within</em> the Balkan Security Community"}).endswith("Community")
    e = entry("book", {"author": A[:1]}, title="The Principles of Good Neighbourliness in Law", publisher="P", date="1996")
    assert plain(chicago.short_note(e, "3")) == "Hoxha, Principles of Good Neighbourliness, 3"
    whole = chicago.Style(short_titles_whole=True)
    assert plain(chicago.short_note(e, "3", style=whole)) == "Hoxha, The Principles of Good Neighbourliness in Law, 3"


def test_a_masters_thesis_is_lower_case_in_the_note_and_capitalised_in_the_bibliography():
    # CMOS 18 14.113: "(master’s thesis, University, year)"; the bibliography's sentence starts "Master’s thesis."
    thesis = CASES["thesis-ma"][0]
    assert "(master’s thesis, CEU, 2017)" in chicago.full_note(thesis)
    assert "”. Master’s thesis, CEU, 2017." in chicago.bibliography_entry(thesis).replace(".”", "”.")
    phd = CASES["thesis-phd"][0]
    assert "(PhD diss., University of Sussex, 2020)" in chicago.full_note(phd)
    written = entry("thesis", {"author": A[:1]}, title="T", type="Magisterarbeit", institution="FU Berlin", date="2001")
    assert "(Magisterarbeit, FU Berlin, 2001)" in chicago.full_note(written)  # a type as written is kept


def test_a_special_issue_says_so_before_the_journal():
    # CMOS 18 14.77 (the 17th ed.'s 14.183): ed., “Issue Title,” special issue, Journal 4, no. 2 (2020)
    issue = CASES["special-issue"][0]
    assert "“Hybrid Threats,” special issue, <em>Security Review</em> 4, no. 2 (2020)" in chicago.full_note(issue)
    assert "“Hybrid Threats.” Special issue, <em>Security Review</em> 4, no. 2 (2020)." in chicago.bibliography_entry(issue)


def test_unpublished_misc_material_is_quoted_and_fully_dated():
    # titles of unpublished works in quotation marks; interviews, posters: description, place, full date
    poster = entry("misc", {"author": A[:1]}, title="Red Flags", howpublished="Poster at the Open Contracting Forum",
                   location="Prishtina", date="2019-05-04")
    assert chicago.full_note(poster) == "Arbër Hoxha, “Red Flags,” poster at the Open Contracting Forum, Prishtina, May 4, 2019"
    assert chicago.bibliography_entry(poster).endswith("“Red Flags.” Poster at the Open Contracting Forum, Prishtina, May 4, 2019.")
    talk = Entry(key="k", type="misc", source_type="interview", fields={"title": "On Neutrality", "date": "2019-09-05",
                                                                         "editoratype": "interviewer"},
                 names={"author": A[:1], "editora": (Name("Nilsson", "Erik"),)})
    assert chicago.full_note(talk) == "Arbër Hoxha, “On Neutrality,” interview by Erik Nilsson, September 5, 2019"
    published = entry("misc", {"author": A[:1]}, title="Codebook", organization="KCSS", date="2023-02-01")
    assert chicago.full_note(published) == "Arbër Hoxha, <em>Codebook</em>, KCSS, 2023"  # a document: its year


def test_a_journal_issue_is_dated_with_its_month_unless_the_house_keeps_the_year():
    from dataclasses import replace
    article = entry("article", {"author": A[:1]}, title="T", journaltitle="Review", volume="7", date="2020-06-15",
                    pages="33--59")
    assert "<em>Review</em> 7 (June 2020): 33–59" in chicago.full_note(article)  # CMOS 18 14.74, as citeproc
    house = replace(chicago.CMOS, journal_year_only=True)
    assert "<em>Review</em> 7 (2020): 33–59" in chicago.full_note(article, style=house)
    issue = replace(article, fields={**article.fields, "number": "2"})
    assert "<em>Review</em> 7, no. 2 (2020): 33–59" in chicago.full_note(issue)  # the issue number is enough


def test_a_films_description_follows_its_publication_facts_as_the_medium():
    """CMOS 18 14.165: title, director, (studio, year), then what the recording is; in a note in lower case,
    in the bibliography a sentence of its own. Never before the studio, where the original release year goes."""
    film = entry("video", {"editor": ED}, editortype="director", title="The Bridge at Mitrovica", publisher="RTK",
                 date="2019", howpublished="Documentary film")
    assert plain(chicago.full_note(film)) == "The Bridge at Mitrovica, directed by James Ker-Lindsay (RTK, 2019), documentary film"
    assert plain(chicago.bibliography_entry(film)) == "Ker-Lindsay, James, dir. The Bridge at Mitrovica. RTK, 2019. Documentary film."
    dvd = entry("movie", {"editor": ED}, editortype="director", title="Cold Summer", publisher="RTK", date="2005",
                howpublished="DVD")
    assert plain(chicago.full_note(dvd, "1:02")).endswith("(RTK, 2005), DVD, 1:02")
