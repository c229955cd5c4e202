"""The reader render_inline reuses for notes: each note rendered as by a reader of its own."""

import threading

from briefpress.markdown_ext import _markdown, render_inline

FIGURE_NOTE = "Text <span>raw</span> and more\n\n![Cap *it*](y.png)"


def fresh(text: str) -> str:
    html = _markdown().convert(text).strip()
    return html[3:-4] if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1 else html


def test_a_figure_in_a_note_keeps_the_notes_raw_html():
    # the figure's caption is rendered by render_inline while the note itself is being rendered
    html = render_inline(FIGURE_NOTE)
    assert html == fresh(FIGURE_NOTE)
    assert "<span>raw</span>" in html and "\x02" not in html


def test_a_listing_in_a_note_keeps_what_came_before():
    text = "See <span>this</span>:\n\nListing: A *listing* {#lst:a}\n\n```python\nx = 1\n```"
    assert render_inline(text) == fresh(text)


def test_nothing_of_a_note_carries_into_the_next():
    notes = ["See [x][r].\n\n[r]: http://a.example", "And [x][r].", "*[HTML]: Hyper\n\nHTML", "HTML",
             "# Heading {#h}", "# Heading {#h}", FIGURE_NOTE, "plain"]
    assert [render_inline(n) for n in notes] == [fresh(n) for n in notes]


def test_threads_render_alike():
    texts = [f"Note *{i}* with <span>raw {i}</span>\n\n![Figure {i}](f.png)" for i in range(40)]
    results = {}

    def work(k):
        results[k] = [render_inline(t) for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = [fresh(t) for t in texts]
    assert all(r == expected for r in results.values())
