"""LaTeX field text -> rich text: accents, punctuation, markup, case protection, math."""
import pytest

from briefpress.bib.latex import literal, to_plain, to_rich


@pytest.mark.parametrize("tex, text", [
    (r'{\"O}zt{\"u}rk', "Öztürk"), (r'\"{O}', "Ö"), (r"{\c{C}}elik", "Çelik"), (r"Aks{\i}n", "Aksın"),
    (r"\v{c}", "č"), (r"\'{e}", "é"), (r"\~n", "ñ"), (r"Espa\~{n}a", "España"), (r"\ss", "ß"), (r"\o", "ø"),
    (r"\aa", "å"), (r"\l", "ł"), (r"\AE", "Æ"), (r"Wa{\l}{\k{e}}sa", "Wałęsa"), (r"\c C", "Ç"), (r"\'{\i}", "í"),
    (r"{\DJ}or{\dj}evi{\'c}", "Đorđević"), (r"\H{o}", "ő"), (r"\u{g}", "ğ"), (r"{\.I}stanbul", "İstanbul"),
])
def test_accents_in_every_form(tex, text):
    assert to_rich(tex) == text


def test_dashes_spaces_and_escaped_characters():
    assert to_rich(r"1--20, a---b, c~d") == "1–20, a—b, c\u00a0d"
    assert to_rich(r"\& \% \$ \_ \#") == "&amp; % $ _ #"
    assert to_rich("``quoted'' text") == "“quoted” text"
    assert to_rich("  many\n   spaces  ") == "many spaces"


def test_markup_commands():
    assert to_rich(r"\textit{A} \emph{B} \textbf{C}") == "<i>A</i> <i>B</i> <b>C</b>"
    assert to_rich(r"\mkbibquote{D} and \enquote{E}") == "<q>D</q> and <q>E</q>"
    assert to_rich(r"\textsc{nato}") == '<span class="smallcaps">nato</span>'
    assert to_rich(r"CO\textsubscript{2} 2\textsuperscript{nd}") == "CO<sub>2</sub> 2<sup>nd</sup>"
    assert to_rich(r"{\em Declared} italics") == "<i>Declared</i> italics"
    assert to_rich(r"see \url{https://x.org/a_b%20}") == "see https://x.org/a_b%20"
    assert to_rich(r"\href{https://x.org}{the site}") == "the site"


def test_tex_logos_and_hyphens_do_not_vanish():
    assert to_rich(r"\TeX{} and \LaTeX\ tables") == "TeX and LaTeX tables"
    assert to_rich(r"methodology\hyphen independent") == "methodology-independent"
    assert to_rich(r"input\slash output") == "input/output"
    assert to_rich(r"hy\-phen") == "hy\u00adphen"  # a soft hyphen, as TeX's \- is


def test_braces_protect_case_but_not_around_an_accent_command():
    assert to_rich("The {NATO} Summit") == 'The <span class="nocase">NATO</span> Summit'
    assert to_rich(r"{\"O}zt{\"u}rk") == "Öztürk"  # a special character, not case protection
    assert to_rich("{Whole Title}") == '<span class="nocase">Whole Title</span>'
    assert to_rich(r"\emph{The {USA}}") == '<i>The <span class="nocase">USA</span></i>'
    assert to_rich("{{Double}}") == '<span class="nocase">Double</span>'


def test_math_is_kept_as_tex_in_a_math_span():
    assert to_rich(r"An $\mathcal{O}(q^4)$ bound") == \
        r'An <span class="math inline">\(\mathcal{O}(q^4)\)</span> bound'
    assert to_rich(r"$a<b$") == r'<span class="math inline">\(a&lt;b\)</span>'


def test_html_is_escaped():
    assert to_rich("<b>bold</b> & co") == "&lt;b&gt;bold&lt;/b&gt; &amp; co"


def test_unknown_commands_keep_their_argument_and_are_reported():
    unknown = set()
    assert to_rich(r"\foo{kept} text \bar", unknown) == "kept text"
    assert unknown == {r"\foo", r"\bar"}
    assert to_rich(r"\noopsort{1999}Title \selectlanguage{serbian}Naslov") == "Title Naslov"


def test_deep_or_broken_input_does_not_raise():
    assert to_rich("{" * 3000 + "x" + "}" * 3000) == "x"
    assert to_rich(r"unclosed {brace \emph{x") == 'unclosed <span class="nocase">brace <i>x</i></span>'
    assert to_rich("$open math") == r'<span class="math inline">\(open math\)</span>'
    assert to_rich("\\") == ""


def test_plain_and_literal():
    assert to_plain(r"Kar{\v{c}}i{\'c} \emph{x}") == "Karčić x"
    assert literal(r"https://x.org/a\_b\%20") == ("https://x.org/a_b%20", True)
    assert literal("https://x.org/a_b~c") == ("https://x.org/a_b~c", False)
