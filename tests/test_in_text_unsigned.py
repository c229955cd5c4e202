"""An unsigned piece cited in the text (``@key says``) as citeproc prints it (pandoc 3.9 --citeproc with
chicago-notes-bibliography.csl): the paper or site that stands for its author in the text, left out of the note."""
import re

from briefpress.bib.model import plain
from briefpress.bib.read import read_text
from briefpress.chicago.style import CMOS
from briefpress.document import build_document
from briefpress.metadata import load_metadata
from briefpress.project import SourceFile

BIB = """@article{news, title = {Talks Resume}, journal = {Koha Ditore}, entrysubtype = {newspaper}, date = {2023-02-10}}
@online{page, title = {Statement on the Dialogue}, organization = {Ministry of Foreign Affairs},
  url = {https://example.org/s}, date = {2021-03-04}}
@book{doe, author = {Doe, Jane}, title = {Rivers}, publisher = {Hill Press}, date = {2001}}
@book{anon, title = {A Guide to the Region}, publisher = {Hill Press}, date = {2010}}
"""


def document(text: str):
    meta = load_metadata("title: T\nlanguage: en\ntheme: article\n", "m.yaml", strict=False)
    return build_document(meta, [SourceFile(None, "manuscript/01.md", "# One\n\n" + text)],
                          read_text(BIB, "refs.bib").citable(), style=CMOS)


def text_and_notes(text: str) -> tuple[str, list[str]]:
    d = document(text)
    body = re.sub("\ue000n(\\d+)\ue001", r"[\1]", plain(d.chapters[0].html.split("</h1>", 1)[1]))  # the note calls
    return " ".join(body.split()), [plain(n.html) for n in d.notes]


def test_an_unsigned_piece_cited_in_the_text_is_named_by_its_paper_and_its_note_leaves_the_paper_out():
    # before: "Koha Ditore, “Talks Resume”² says" and the note "Koha Ditore, “Talks Resume.”": the paper twice, the
    # title in the sentence. citeproc: "Koha Ditore² says", note "“Talks Resume.”" (its first note, as ours, the full
    # one; it prints no name in the text there, a sentence without its subject: ours names the paper there too)
    body, notes = text_and_notes("@news says so. @news says more. @page says. @page [para. 2] says.\n")
    assert body.startswith("Koha Ditore[1] says so. Koha Ditore[2] says more. Ministry of Foreign Affairs[3] says. "
                           "Ministry of Foreign Affairs[4] says.")
    assert notes == ["“Talks Resume,” Koha Ditore, February 10, 2023.", "“Talks Resume.”",
                     "“Statement on the Dialogue,” Ministry of Foreign Affairs, March 4, 2021, https://example.org/s.",
                     "“Statement on the Dialogue,” para. 2."]


def test_a_bracketed_citation_and_one_in_a_footnotes_sentence_keep_the_paper():
    # a bracketed citation names it in the note; inside a footnote the whole citation is the sentence's, as in pandoc
    _, notes = text_and_notes("A [@news]. B [@news, 3].[^n]\n\n[^n]: As @news says.\n")
    assert notes == ["“Talks Resume,” Koha Ditore, February 10, 2023.", "Koha Ditore, “Talks Resume,” 3.",
                     "As Koha Ditore, “Talks Resume” says."]


def test_signed_and_untitled_lead_sources_in_the_text_are_as_before():
    body, notes = text_and_notes("@doe says. @doe says. @anon says.\n")
    assert body.startswith("Doe[1] says. Doe[2] says. Guide to the Region[3] says.")
    assert notes == ["Jane Doe, Rivers (Hill Press, 2001).", "Doe, Rivers.", "A Guide to the Region (Hill Press, 2010)."]
