"""Blocks as print sets them: a definition list's term stays with its definition across a page break,
and a list nested in an item adds no space of its own after it."""
import pypdfium2 as pdfium
import pytest

from briefpress.pipeline import build


def _pdf(tmp_path, body: str, theme: str = "article") -> bytes:
    (tmp_path / "p.md").write_text("---\ntitle: Blocks\n---\n\n# One\n\n" + body, encoding="utf-8")
    result = build(tmp_path / "p.md", ("pdf",), tmp_path / "out", theme=theme)
    return result.outputs["pdf"].read_bytes()


def _lines(pdf: bytes) -> list[tuple[int, str, float]]:
    """Each word's (page, word, baseline height from the page's foot), in reading order."""
    doc = pdfium.PdfDocument(pdf)
    found = []
    try:
        for number in range(len(doc)):
            text = doc[number].get_textpage()
            chars = text.count_chars()
            whole = text.get_text_range(0, chars)
            start = None
            for i in range(len(whole) + 1):
                inside = i < len(whole) and whole[i].isalnum()
                if inside and start is None:
                    start = i
                elif not inside and start is not None:
                    found.append((number, whole[start:i], text.get_charbox(start)[1]))
                    start = None
    finally:
        doc.close()
    return found


@pytest.mark.parametrize("filler", [30, 34, 38, 42])
def test_a_term_is_never_the_last_line_of_a_page(tmp_path, filler):
    """Page breaks fall among forty terms after paragraphs of four lengths: each term is printed on
    the page of its definition (it ended a page, its definition on the next, before the rule)."""
    text = " ".join(["Filler words to push the list down the page."] * filler)
    terms = "".join(f"Term{k}\n:   Meaning{k} of the term, in a few words.\n\n" for k in range(40))
    words = _lines(_pdf(tmp_path, f"{text}\n\n{terms}"))
    page = {word: p for p, word, _ in words}
    assert len(set(page.values())) > 1  # the list crosses a page
    for k in range(40):
        assert page[f"Term{k}"] == page[f"Meaning{k}"], k


@pytest.mark.parametrize("theme", ["article", "kcss"])
def test_a_nested_list_ends_with_its_item_s_spacing(tmp_path, theme):
    """The line after a nested list is as far below its last item as an item is below the one before."""
    body = ("1. Alpha item;\n2. Bravo item:\n   a. Charlie item,\n   b. Delta item;\n3. Echo item.\n\n"
            "- Foxtrot item\n    - Golf item\n    - Hotel item\n- India item\n")
    words = _lines(_pdf(tmp_path, body, theme))
    y = {word: height for _, word, height in words}
    assert abs((y["Alpha"] - y["Bravo"]) - (y["Delta"] - y["Echo"])) < 0.5
    assert abs((y["Golf"] - y["Hotel"]) - (y["Hotel"] - y["India"])) < 0.5
