"""The theme's house requirements (bibliography.require in theme.yaml) are warnings; --strict makes them fail."""
import io

from briefpress.bib.checks import house_style
from briefpress.bib.read import read_text
from briefpress.cli import main

REQUIRE = {"article": ["title", "journaltitle", "date"], "article/newspaper": ["title", "journaltitle", "url"],
           "online/social": ["author", "organization", "url"]}


def test_requirements_by_type_and_subtype():
    bib = read_text("@article{j, title = {T}, date = {2020}}\n"
                    "@article{n, title = {T}, journaltitle = {J}, entrysubtype = {newspaper}}\n"
                    "@online{s, entrysubtype = {social}, author = {Doe, Jane}, organization = {X}, "
                    "url = {https://x.org}}\n@book{b, title = {T}}\n", "r.bib")
    found = [(d.code, d.severity, d.location.line, d.message.split("'")[3]) for d in house_style(bib.entries, REQUIRE)]
    assert found == [("bib.house-style", "warning", 1, "journaltitle"), ("bib.house-style", "warning", 2, "url")]


def test_the_kcss_paper_keeps_its_strictness(project_copy):
    bib = project_copy / "references.bib"
    text = bib.read_text()
    assert "  journaltitle = {Nationalities Papers},\n" in text
    bib.write_text(text.replace("  journaltitle = {Nationalities Papers},\n", ""))
    out = io.StringIO()
    assert main(["lint", str(project_copy)], stdout=out, stderr=io.StringIO()) == 0
    assert "warning: entry 'nemec2024friends' (article) has no 'journaltitle'; the house style needs it " \
           "[bib.house-style]" in out.getvalue()
    assert main(["lint", "--strict", str(project_copy)], stdout=io.StringIO(), stderr=io.StringIO()) == 1


def test_the_kcss_paper_is_clean_under_strict(project_copy):
    out = io.StringIO()
    assert main(["lint", "--strict", str(project_copy)], stdout=out, stderr=io.StringIO()) == 0, out.getvalue()


def test_a_malformed_requirement_setting_is_a_diagnostic(project_copy):
    theme = project_copy / "templates" / "kcss" / "theme.yaml"
    theme.write_text(theme.read_text().replace("    article: [title, journaltitle, date]\n", "    article: title\n"))
    out = io.StringIO()
    assert main(["lint", str(project_copy)], stdout=out, stderr=io.StringIO()) == 1
    assert "templates/kcss/theme.yaml: error: bibliography.require must map" in out.getvalue()
