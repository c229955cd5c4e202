"""Manuscripts as authors write them for pandoc, read as pandoc 3.9 reads them (its -t html the
reference); each case here was read wrongly, or too slowly, before."""
import random
import re

from briefpress.lint import lint_path
from briefpress.markdown_ext import render_chapter

UNCLOSED_PAPER = "# A\n\nBefore [@known].\n\n" + "```python\n" * 3000 + "\nAfter [@stranger].\n"
BIB = "@book{known, author = {Writer, Ann}, title = {A Book}, year = {2001}, publisher = {Press}}\n"


def test_a_file_of_fences_never_closed_is_read_as_pandoc_reads_it_text_the_citation_after_them_found(tmp_path):
    """3,000 lines each opening a fence never closed (each line was read to the end from every one of them:
    ~11 s). pandoc prints them as text (a fence never closed opens no code block) and reads the citation
    after them; the lint warns once, at the first."""
    (tmp_path / "refs.bib").write_text(BIB)
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\nbibliography: refs.bib\n---\n\n" + UNCLOSED_PAPER)
    found = sorted((d.code, d.location.line) for d in lint_path(paper) if d.code in ("code.unclosed", "cite.unknown-key"))
    assert found == [("cite.unknown-key", 3011), ("code.unclosed", 10)]
    html, _ = render_chapter(UNCLOSED_PAPER)
    assert "<pre" not in html and html.count("python") == 3000


FENCE_LINES = ["```", "````", "~~~", "~~~~", "```py", "~~~ {.r}", "> ```", "  ```", "    ```", "\t~~~", "text",
               "", "`a` and ``b``", "```~", "``` `x`", "~~~~~ ", "<!-- a", "-->", "``` x ```", "~~~`"]


def _texts(seed: int, count: int = 3000):
    rng = random.Random(seed)
    for _ in range(count):
        yield "\n".join(rng.choice(FENCE_LINES) for _ in range(rng.randint(0, 10))) + rng.choice(["", "\n"])


def test_the_masks_find_what_their_whole_pattern_finds_fences_closed_or_not():
    """The masks (citations, math, raw LaTeX, images, links, sanitising) try their pattern only where a
    fenced block starts: the same matches, groups and replacement as the pattern alone."""
    from briefpress import citations, rawlatex
    from briefpress.code import FENCED
    for mask, before, after in ((citations.MASK, r"(?s)(?:(?m:^)|(?=[`<(]))(?:", r"|(?<!`)(`+)(?=`{0,2}(?!`))"
                                 r"(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)|<!--.*?-->|<https?:[^>\s]*>|(?<=\])\([^)\s]*\))"),
                                (rawlatex.MASK, None, None)):
        whole = re.compile(before + FENCED + after) if before else mask.whole
        for text in _texts(1):
            assert [(m.span(), m.groups()) for m in mask.finditer(text)] == \
                [(m.span(), m.groups()) for m in whole.finditer(text)], text
            end = len(text) // 2
            assert [m.span() for m in mask.finditer(text, 1, end)] == [m.span() for m in whole.finditer(text, 1, end)]
            assert mask.sub(lambda m: "<" + m.group() + ">", text) == whole.sub(lambda m: "<" + m.group() + ">", text)


def test_fences_blanked_blanks_the_blocks_a_line_closes_and_leaves_a_fence_never_closed():
    from briefpress.quarto import fences_blanked
    reference = re.compile(r"(?ms)^[ \t]{0,3}(`{3,}(?!`)|~{3,}(?!~)).*?^[ \t]{0,3}\1[`~]*[ \t]*$")
    for text in _texts(2):
        assert fences_blanked(text) == reference.sub(lambda m: re.sub(r"[^\n]", "\0", m.group()), text), text
    assert fences_blanked("```r\nx\n```\n\n```\nopen\n") == "\0\0\0\0\n\0\n\0\0\0\n\n```\nopen\n"


def test_fenced_code_prints_the_blocks_it_printed_a_fence_never_closed_stays_text():
    html, _ = render_chapter("```python\nprint(1)\n```\n\n~~~~\nnever closed\n\n````\nx = 2\n````\n\n```py\n")
    assert re.findall(r"<pre>(.*?)</pre>", re.sub(r"<span[^>]*>|</span>", "", html), re.S) == [
        "<code>print(1)\n</code>", "<code>x = 2\n</code>"]
    # pandoc: '~~~~' opening no fence is text, one empty subscript ('~~' opens no strikeout)
    assert "<p><sub></sub>\nnever closed</p>" in html and "<p>```py</p>" in html


SUPPRESS_BIB = """@book{doe2001, author = {Doe, Jane}, title = {Rivers and Roads}, year = {2001},
  publisher = {Hill Press}, address = {Boston}}
@book{roe2003, editor = {Roe, Sam}, title = {Harbours}, year = {2003}, publisher = {Quay Books}}
"""


def _notes(text: str) -> list[str]:
    from briefpress.bibliography import parse_bibliography
    from briefpress.document import build_document
    from briefpress.metadata import load_metadata
    from briefpress.source_files import SourceFile
    meta = load_metadata("title: T\nlanguage: en\n", "m.yaml", strict=False)
    document = build_document(meta, [SourceFile(None, "manuscript/01.md", text)], parse_bibliography(SUPPRESS_BIB, "r.bib"))
    return [re.sub(r"<[^>]+>", "", n.html) for n in document.notes]


def test_suppress_author_leaves_the_names_out_of_the_note_in_the_text_and_in_a_footnote():
    """pandoc 3.9 + chicago-notes-bibliography.csl: the names the text gave are left out, first note and later
    ones; a citation in a footnote's sentence is set in parentheses (author-in-text: not)."""
    assert _notes("# A\n\nDoe argues this [-@doe2001, 12].[^n]\n\nLater [-@doe2001]. Roe's book [-@roe2003].\n\n"
                  "[^n]: As Doe says [-@doe2001, 14], roads matter; see [@roe2003, 2] and @doe2001 [15].\n") == [
        "Rivers and Roads (Hill Press, 2001), 12.",
        "As Doe says (Rivers and Roads, 14), roads matter; see (Sam Roe, ed., Harbours (Quay Books, 2003), 2) "
        "and Doe, Rivers and Roads, 15.",
        "Rivers and Roads.", "Harbours."]


def test_a_page_and_its_note_are_one_locator_set_as_chicago_sets_it():
    """'12 n. 3' printed '12, n. 3' (the note read as a suffix, after a comma); citeproc prints it as written,
    CMOS 18 14.55 '12n3'. After a comma the author separates them: kept, as pandoc prints it."""
    assert _notes("# A\n\nA [@doe2001, 12 n. 3]. B [@doe2001, p. 12 nn. 3-4]. C [@doe2001, 12, n. 3]. "
                  "D [@doe2001, n. 5].\n") == [
        "Jane Doe, Rivers and Roads (Hill Press, 2001), 12n3.", "Doe, Rivers and Roads, 12nn3–4.",
        "Doe, Rivers and Roads, 12, n. 3.", "Doe, Rivers and Roads, n. 5."]


GRID_CODE = """# A

Text [@doe2001].

+----------------------+----------------------+
| Call `x              | ~~~ {.r}             |
| @roe2003` here       | f(@doe2001)          |
|                      | ~~~                  |
+----------------------+----------------------+
| See [@roe2003].      | `[@doe2001]`         |
+----------------------+----------------------+
"""


def test_code_in_a_grid_table_cell_stays_code_its_at_signs_no_citations():
    """pandoc 3.9: the cells' inline code and fenced block print as code; the citation beside them is one.
    A fenced block in the second column (not at a line's start) was read for citations: 'f(c1)' printed."""
    from briefpress.citations import extract_all
    assert [c.items[0].key for c in extract_all(GRID_CODE, "t.md").citations] == ["doe2001", "roe2003"]
    html, _ = render_chapter(GRID_CODE)
    text = re.sub(r"<[^>]+>", "", html)
    assert "f(@doe2001)" in text and "[@doe2001]" in text and "@roe2003" in text


def test_a_raw_figure_with_an_id_and_no_caption_is_numbered_as_a_markdown_figure_is():
    """'<figure id="fig:x">' without '<figcaption>' was left unnumbered ('@fig:x' printed its id, a warning);
    a Markdown figure always has a caption and a number: this one gets the number, its caption the label."""
    from briefpress import figures
    html = ('<figure class="figure" id="fig:a"><img alt="A"><figcaption>A</figcaption></figure>\n'
            '<figure id="fig:b">\n<img src="b.png" alt="Bare">\n</figure>\n'
            '<figure id="fig:c"><img src="c.png"><figcaption>Cee</figcaption></figure>\n<figure><img alt="d"></figure>')
    out = figures.number_html([html])[0]
    assert re.findall(r'id="(fig:\w)" data-number="(\d)"', out) == [("fig:a", "1"), ("fig:b", "2"), ("fig:c", "3")]
    assert '<img src="b.png" alt="Bare">\n<figcaption><span class="figure-label">Figure 2</span></figcaption></figure>' in out
    assert '<img alt="Cee" src="c.png">' in out and out.endswith("<figure><img alt=\"d\"></figure>")


def test_bookdown_text_references_are_substituted_outside_code_their_definition_taken_out():
    """bookdown: '(ref:label) text' in a paragraph of its own, '(ref:label)' in a figure's caption (or a chunk's
    fig.cap) -> the text; pandoc alone printed both as typed. Lines hold; in code and unknown: as written."""
    from briefpress.text_refs import substitute
    text = ("(ref:cap-a) A map of *rivers*.\n\n![(ref:cap-a)](a.png){#fig-a}\n\n```{r b, fig.cap='(ref:cap-a)'}\nplot(1)\n```\n\n"
            "```\n(ref:cap-a) kept\n```\n\n`(ref:cap-a)` and (ref:nope).\n\nText (ref:cap-b) not a definition.\n")
    assert substitute(text, "t.md")[0].split("\n") == [
        "", "", "![A map of *rivers*.](a.png){#fig-a}", "", "```{r b, fig.cap='A map of *rivers*.'}", "plot(1)", "```",
        "", "```", "(ref:cap-a) kept", "```", "", "`(ref:cap-a)` and (ref:nope).", "", "Text (ref:cap-b) not a definition.", ""]
    from briefpress.quarto import prepare  # every file is read through it, for build and lint alike
    html, _ = render_chapter(prepare("# A\n\n(ref:x) Spending by year.\n\n![(ref:x)](a.png)\n", "t.md")[0])
    assert "(ref:" not in html and "Spending by year." in html


def test_a_note_that_opens_with_a_citation_prints_it_as_its_citation_not_in_parentheses():
    """pandoc 3.9 + chicago-notes-bibliography.csl: a footnote that is only a citation, '[^1]: [@k, 7]', prints
    'Jane Doe, *Title* (Press, 2001), 7.' (no parentheses, its period); one that opens with it the same,
    the text after it following; a citation later in the note, or in its second paragraph, in parentheses."""
    assert _notes("# A\n\nOne.[^1] Two.[^2] Three.[^3] Four.[^4]\n\n[^1]: [@roe2003, 7]\n\n[^2]: [@doe2001; @roe2003].\n\n"
                  "[^3]: [see @doe2001, 3] and more.\n\n[^4]: First.\n\n    [@roe2003, 4] second.\n") == [
        "Sam Roe, ed., Harbours (Quay Books, 2003), 7.",
        "Jane Doe, Rivers and Roads (Hill Press, 2001); Roe, Harbours.",
        "see Doe, Rivers and Roads, 3 and more.",
        "First.\n(Roe, Harbours, 4) second."]


def test_the_unclosed_fence_warning_says_what_is_printed_text_not_code(tmp_path):
    """pandoc 3.9 and Python-Markdown open no code block for a fence never closed: its lines print as text.
    The warning said 'everything after it is printed as code', the opposite of what the reader gets."""
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\n---\n\n# A\n\n```python\nx = 1\n\nAfter.\n")
    [warning] = [d for d in lint_path(paper) if d.code == "code.unclosed"]
    assert "printed as text" in warning.message and "as code" not in warning.message
    html, _ = render_chapter("# A\n\n```python\nx = 1\n\nAfter.\n")
    assert "<pre" not in html and "<p>```python\nx = 1</p>" in html


def test_a_tilde_fence_is_found_closed_by_one_look_up_not_one_per_tilde(monkeypatch):
    """A tilde fence is closed by any later line of three tildes or more (FENCED gives tildes back): one look-up.
    It asked once per length from the fence's own down to three: 300 lines of 2,000 tildes and a letter, after
    200 closing lines of other lengths, took ~4 s (~600,000 look-ups) to find the same blocks."""
    from briefpress import code
    small = "~~~~~~ a\nx\n~~~~\n~~~~~~~~x\n~~~\n~~~~~x\ny\n"  # the regex alone: too slow for the large one
    fenced = re.compile(code.FENCED)
    assert code.fence_starts(small) == [m.start() for m in re.finditer("(?m)^", small) if fenced.match(small, m.start())] \
        == [0, 11, 16]
    text = "\n".join("~" * (k + 3) for k in range(200)) + "\n" + "\n".join("~" * 2000 + "x" for _ in range(300)) + "\n"
    calls = []
    real = code.Closers.after
    monkeypatch.setattr(code.Closers, "after", lambda self, *a, **k: calls.append(a) or real(self, *a, **k))
    assert len(code.fence_starts(text)) == 199  # each of the first 200 closed by a later one, the rest never
    assert len(calls) <= text.count("\n")


def test_a_text_reference_in_a_plain_code_blocks_option_line_stays_as_written():
    """Only a chunk's '#|' lines are its options: in a plain code block (```` ``` ````, ```` ```{.yaml} ````) a
    '#| fig-cap: (ref:a)' line is code, shown as typed; it was substituted as a chunk's caption is."""
    from briefpress.text_refs import substitute
    text = ("(ref:a) A map.\n\n```{r}\n#| fig-cap: (ref:a)\nplot(1)\n```\n\n```\n#| fig-cap: (ref:a)\n```\n\n"
            "```{.yaml}\n#| fig-cap: (ref:a)\n```\n")
    assert substitute(text, "t.md")[0].split("\n")[3:] == [
        "#| fig-cap: A map.", "plot(1)", "```", "", "```", "#| fig-cap: (ref:a)", "```", "", "```{.yaml}",
        "#| fig-cap: (ref:a)", "```", ""]
    # a chunk's options are its first lines only (as chunks.py reads them): a '#|' line after its code is code
    text = ("(ref:a) A map.\n\n```{r}\n#| label: fig-a\n#| fig-cap: (ref:a)\nplot(1)\n#| (ref:a) in a comment\n```\n\n"
            "```{ojs}\n//| fig-cap: (ref:a)\nx\n```\n")
    assert substitute(text, "t.md")[0].split("\n")[3:7] + substitute(text, "t.md")[0].split("\n")[10:11] == [
        "#| label: fig-a", "#| fig-cap: A map.", "plot(1)", "#| (ref:a) in a comment", "//| fig-cap: A map."]


def test_a_text_reference_defined_twice_keeps_its_first_text_with_a_warning_at_the_second(tmp_path):
    """bookdown (parse_ref_links) keeps a label's first text and warns of the duplicate, leaving the later
    paragraph as text; the later text had replaced the first here, without a word."""
    from briefpress.text_refs import substitute
    text = "(ref:a) First text.\n\n(ref:a) Second text.\n\n![(ref:a)](a.png)\n"
    out, problems = substitute(text, "t.md")
    assert out.split("\n") == ["", "", "First text. Second text.", "", "![First text.](a.png)", ""]
    assert [(d.code, d.severity, d.location.line, d.location.col) for d in problems] == [
        ("quarto.text-ref-twice", "warning", 3, 1)]
    assert "first text is used" in problems[0].message
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\n---\n\n# A\n\n" + text)
    assert [(d.code, d.location.line) for d in lint_path(paper) if d.code.startswith("quarto.")] == [
        ("quarto.text-ref-twice", 9)]


def test_a_text_reference_label_may_hold_a_slash_as_bookdowns_may():
    """bookdown's labels are letters, digits, '-' and '/' ('(ref:maps/rivers)'); one with '/' was not read."""
    from briefpress.text_refs import substitute
    out, problems = substitute("(ref:maps/rivers) Rivers by year.\n\n![(ref:maps/rivers)](a.png)\n", "t.md")
    assert out.split("\n") == ["", "", "![Rivers by year.](a.png)", ""] and problems == []


def test_a_tilde_fence_right_under_a_line_of_text_is_said_to_be_text_in_pandoc(tmp_path):
    """pandoc 3.9 ends a paragraph at a '```' fence but not at a '~~~' one: 'Para:' / '~~~' / 'code' / '~~~' prints
    '<p>Para: <sub></sub>~ code <sub></sub>~</p>' (in a list item and a quote too). briefpress prints the code
    meant; the difference was silent. A fence after a blank line, a heading, a closed block or a comment is none."""
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\n---\n\n# A\n~~~\nunder a heading\n~~~\n\nPara:\n~~~\ncode\n~~~\n\n- Item:\n  ~~~python\n"
                     "  x\n  ~~~\n\n> Q:\n> ~~~\n> q\n> ~~~\n\nOk:\n```\nfine\n```\n~~~\nafter code\n~~~\n\n<!-- a\n-->\n"
                     "~~~\nafter a comment\n~~~\n\nNever closed:\n~~~\n")
    found = [(d.code, d.location.line, d.location.col) for d in lint_path(paper) if d.code.startswith("code.")]
    assert found == [("code.no-blank-line", 11, 1), ("code.no-blank-line", 16, 3), ("code.no-blank-line", 21, 3),
                     ("code.unclosed", 40, 1)]


def test_a_tilde_fence_short_of_an_items_column_under_its_text_is_no_warning(tmp_path):
    """pandoc 3.9 ends a list at a fence under an item's text short of the item's column, '~~~' as '```', and reads
    a code block ('- Item:' / '~~~', '1. Item:' / ' ~~~', '- a' / '  - b' / '  ~~~', in a quote too), as briefpress
    prints it; lint said pandoc would read it as the item's text (code.no-blank-line). At the item's column it is text."""
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\n---\n\n# A\n\n- Item:\n~~~\ncode\n~~~\n\n1. Item:\n   more\n ~~~\n code\n ~~~\n\n"
                     "- a\n  - b\n  ~~~\n  c\n  ~~~\n\n> - Q:\n> ~~~\n> q\n> ~~~\n\n- Item:\n  ~~~\n  text\n  ~~~\n")
    found = [(d.code, d.location.line, d.location.col) for d in lint_path(paper) if d.code.startswith("code.")]
    assert found == [("code.no-blank-line", 30, 3)]


def test_a_masking_pattern_compiles_its_fenced_form_only_for_a_text_with_a_block():
    """code.Masking: the pattern with FENCED (~1 ms to compile, seven made at import) is compiled when a
    text first holds a fenced block: a paper without code never pays for it. The matches are the
    pattern's own either way."""
    import re

    from briefpress.code import FENCED, Masking

    masking = Masking(r"(?P<dollar>\$[^$\n]+\$)|", "")
    whole = re.compile(r"(?P<dollar>\$[^$\n]+\$)|" + FENCED)
    plain = "Costs $x$ and $y$, no code."
    assert [m.group(0) for m in masking.finditer(plain)] == [m.group(0) for m in whole.finditer(plain)]
    assert "whole" not in vars(masking)  # not compiled
    fenced = "Before $a$.\n\n```\n$not math$\n```\n\nAfter $b$.\n"
    assert [m.group(0) for m in masking.finditer(fenced)] == [m.group(0) for m in whole.finditer(fenced)]
    assert "whole" in vars(masking)
