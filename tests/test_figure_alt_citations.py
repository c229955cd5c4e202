"""A citation in a figure's caption is in the image's alt text as the caption prints it, in words: pandoc's alt
text is the caption's plain text with its citations rendered ("A map after Smith, see."). The alt text lost it
("A map after , see."): the caption's plain text was taken before the document printed its citations."""
import re

from briefpress.lint import lint_path
from figure_papers import build_all, chapter_xhtml, png, text_of

BIB = """@book{smith2020, author = {Smith, Ann}, title = {Maps of the Coast}, date = {2020}, publisher = {P}}
@book{oneil2019, author = {O'Neil, Bo and Ruiz, Cy}, title = {Roads}, date = {2019}, publisher = {Q}}
"""


def test_the_alt_text_carries_the_captions_citations_in_words_and_makes_no_note(tmp_path):
    png(tmp_path / "map.png")
    (tmp_path / "paper.bib").write_text(BIB)
    (tmp_path / "paper.md").write_text(
        "# Maps\n\nSee @fig:map.\n\n![A map after @smith2020, see [@oneil2019].](map.png){#fig:map}\n\n"
        "![Roads drawn by @oneil2019 [p. 4]](map.png){#fig:roads}\n\nText [-@smith2020].\n")
    _, out = build_all(tmp_path / "paper.md", ("epub", "html"))
    for html in (out["html"], chapter_xhtml(out["epub"])):
        alts = re.findall(r'<img alt="([^"]*)"', html)
        assert [text_of(a) for a in alts] == ["A map after Smith, see.", "Roads drawn by O’Neil and Ruiz"]
        captions = [text_of(c) for c in re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S)]
        assert captions == ["Figure 1: A map after Smith1, see.2", "Figure 2: Roads drawn by O’Neil and Ruiz3"]
        assert "\ue000" not in html
    assert [d for d in lint_path(tmp_path / "paper.md", tmp_path / "paper.bib") if d.severity != "info"] == []
