"""Our Chicago notes and bibliography entries against pandoc's citeproc with the CMOS 18 CSL style
(chicago-notes-bibliography), stored by bench/citeproc.py, one JSON file per bibliography: the reader's test
corpus tests/fixtures/bib/corpus.bib, the formatter's one entry per source type
tests/fixtures/bib/chicago-types.bib, and the KCSS paper's references.bib. Ours is the plain CMOS 18 style
(chicago.CMOS), without the KCSS house switches. Two comparisons:
- "bib" (tests/golden/citeproc/*.json): pandoc reads the .bib itself, so its BibTeX reader and citeproc
  are compared with our reader and formatter (what issue #10 measures);
- "csl" (tests/golden/citeproc/formatter/*.json): pandoc formats the CSL-JSON our reader's entries export
  to (bib.to_csl.to_csl), so both formatters get the same data and only the formatters are compared.

Compared after normalising only presentation, never content (punctuation, word order, case, link text
and italics all count):
- HTML: <em>/<i> become '*' (italics must match); a link becomes its printed text; every other tag is
  dropped (citeproc wraps quoted titles and braced words in <span>), entities are decoded;
- quote marks: curly and straight double quotes are one mark, curly and straight single quotes and
  apostrophes another (the glyph, not which mark or where it stands);
- whitespace: runs collapse to one space;
- our full note gets the final period and capital the note adds (note_text.format_citation).
Every form that still differs must be listed in tests/golden/citeproc/disagreements.yaml with the
CMOS 18 rule that decides it (its header has the figures per bibliography). Measured, entries identical
in both forms: 67.0% when pandoc reads the .bib, 77.1% formatter only. The issue's target, 90%, is NOT
met: what is left is citeproc's or pandoc's reader's error against a CMOS 18 rule;
AGREEMENT_FLOOR guards both figures. A source the plain style cites in notes only (chicago.notes_only)
has no bibliography entry, as in citeproc's reference list.
"""
import html
import json
import re
from pathlib import Path

import pytest
import yaml

from briefpress import chicago
from briefpress.bib.model import plain
from briefpress.bibliography import read_bibliography

HERE = Path(__file__).parent
CORPORA = {"corpus": HERE / "fixtures/bib/corpus.bib", "chicago-types": HERE / "fixtures/bib/chicago-types.bib",
           "references": HERE.parent / "references.bib"}
# "bib": pandoc reads the .bib (reader + formatter, the comparison); "csl": pandoc formats the CSL-JSON
# our reader's entries export to (formatter only: both formatters get the same data)
COMPARISONS = {"bib": HERE / "golden/citeproc", "csl": HERE / "golden/citeproc/formatter"}
GOLDEN = {"bib": {}, "csl": {}}
ENTRIES, UNREAD, FILES = {}, set(), {}  # UNREAD: entries pandoc cannot parse (e.g. @article(key, ...))
for _name, _bib in CORPORA.items():
    _entries = read_bibliography(_bib.read_text(encoding="utf-8"), _bib.name)[0]
    ENTRIES.update(_entries)
    for _how, _dir in COMPARISONS.items():
        _golden = json.loads((_dir / f"{_name}.json").read_text(encoding="utf-8"))
        # an @xdata block is data for other entries, not a source: citeproc lists it, we never print it
        GOLDEN[_how].update({k: v for k, v in _golden["entries"].items() if k in _entries})
        UNREAD.update(k for k in _entries if any(k in line for line in _golden.get("pandoc_cannot_read", [])))
    FILES[_name] = [k for k in json.loads((HERE / f"golden/citeproc/{_name}.json").read_text(encoding="utf-8"))["entries"]
                    if k in _entries]
REVIEWED = yaml.safe_load((HERE / "golden/citeproc/disagreements.yaml").read_text(encoding="utf-8")) or []
DISAGREE = {key: {"forms": forms, "rule": group["rule"]} for group in REVIEWED for key, forms in group["entries"].items()}
FORMS = ("note", "bib")  # listed as note / bib (pandoc read the .bib) and csl-note / csl-bib (formatter only)
AGREEMENT_FLOOR = {"bib": 0.670, "csl": 0.770}  # measured at the review: see the figures in disagreements.yaml
_LINK = re.compile(r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.S)


def normalise(text: str) -> str:
    text = _LINK.sub(lambda m: m.group(2), text)
    text = re.sub(r"</?(em|i)>", "*", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = re.sub(r"[“”\"]", '"', text)
    text = re.sub(r"[‘’']", "'", text)
    return re.sub(r"\s+", " ", text).strip()


def as_note(text: str) -> str:
    text = text[:1].upper() + text[1:] if not text.startswith("<") else text
    return text if re.search(r"[.?!][’”]*$", re.sub(r"<[^>]+>", "", text)) else text + "."


def ours(key: str) -> dict[str, str]:
    """Our full note and bibliography entry; no entry for a source the plain style cites in notes only, as
    the reference list leaves it out (citeproc's reference list has none for it either)."""
    entry = ENTRIES[key]
    bib = "" if chicago.notes_only(entry) else normalise(chicago.bibliography_entry(entry))
    return {"note": normalise(as_note(chicago.full_note(entry))), "bib": bib}


def differing(how: str = "bib") -> dict[str, list[str]]:
    """Entries whose forms differ from citeproc's, in one comparison: key -> ['note', 'bib'] or, for the
    formatter-only comparison, ['csl-note', 'csl-bib']."""
    out = {}
    prefix = "" if how == "bib" else "csl-"
    for key, ref in GOLDEN[how].items():
        mine = ours(key)
        forms = [prefix + f for f in FORMS if mine[f] != normalise(ref[f])]
        if forms:
            out[key] = forms
    return out


def test_the_golden_covers_the_corpus():
    for how in COMPARISONS:
        assert set(GOLDEN[how]) | UNREAD == set(ENTRIES), how
    assert len(GOLDEN["bib"]) >= 250


def test_normalising_keeps_content():
    assert normalise('<span>“A ‘B’ C,”</span> <i>J</i>') == normalise("“A ‘B’ C,” <em>J</em>") == "\"A 'B' C,\" *J*"
    assert normalise("<em>J</em> 12") != normalise("J 12")  # italics are compared
    assert normalise('<a href="https://arxiv.org/abs/1">arXiv:1</a>') == "arXiv:1"  # the printed text counts


def test_every_disagreement_is_reviewed_with_a_cmos_rule():
    bib, csl = differing("bib"), differing("csl")  # once, not once an entry (each formats every entry)
    diff = {k: bib.get(k, []) + csl.get(k, []) for k in ENTRIES}
    diff = {k: f for k, f in diff.items() if f}
    unlisted = {k: f for k, f in diff.items() if not set(f) <= set(DISAGREE.get(k, {}).get("forms", []))}
    assert not unlisted, "new disagreements with citeproc: " + ", ".join(f"{k} {f}" for k, f in unlisted.items())
    stale = {k: sorted(set(v["forms"]) - set(diff.get(k, []))) for k, v in DISAGREE.items()}
    assert not any(stale.values()), f"listed as disagreeing but now agree: { {k: v for k, v in stale.items() if v} }"
    for key, why in DISAGREE.items():
        assert re.search(r"\bCMOS\b", why["rule"]), key
    assert sum(len(g["entries"]) for g in REVIEWED) == len(DISAGREE), "an entry is listed under two rules"


def agreement(how: str) -> tuple[dict[str, tuple[int, int]], float, float]:
    """Per bibliography (identical, compared), the share of entries identical in both forms, of forms."""
    diff = differing(how)
    per = {name: (sum(1 for k in keys if k in GOLDEN[how] and k not in diff), sum(1 for k in keys if k in GOLDEN[how]))
           for name, keys in FILES.items()}
    return per, 1 - len(diff) / len(GOLDEN[how]), 1 - sum(len(f) for f in diff.values()) / (2 * len(GOLDEN[how]))


def test_agreement_does_not_fall():
    for how, what in (("bib", "pandoc reads the .bib (reader + formatter)"),
                      ("csl", "pandoc formats our reader's CSL-JSON (formatter only)")):
        per, entries, forms = agreement(how)
        print(f"\n{what}: " + ", ".join(f"{name} {same}/{n}" for name, (same, n) in per.items())
              + f"; overall {entries:.1%} of entries identical in both forms, {forms:.1%} of forms")
        assert entries >= AGREEMENT_FLOOR[how], how


@pytest.mark.parametrize("key", sorted(DISAGREE))
def test_listed_disagreements_still_format(key):
    # a notes-only source still has its entry, for a theme that lists it (list_notes_only)
    assert ours(key)["note"] and chicago.bibliography_entry(ENTRIES[key], chicago.Style(list_notes_only=True))


STRAY = re.compile(r",\s*[,.]|\.\s*\.|\(\s*\)|\( |\s,|^\s|\s$|  |“,|“\.|<em></em>")


def test_every_entry_of_the_three_bibliographies_is_well_punctuated():
    for key, entry in ENTRIES.items():
        for text in (chicago.full_note(entry, "12"), chicago.short_note(entry, "12"), chicago.bibliography_entry(entry)):
            assert not STRAY.search(html.unescape(re.sub(r"<(?!/?em>)[^>]+>", "", text))), (key, text)


def test_the_csl_json_export_reads_back_as_the_same_sources():
    # the formatter-only comparison is fair only if the CSL-JSON holds what the entries hold
    from briefpress.bib.csl import read_csl
    from briefpress.bib.to_csl import to_csl
    sources = {k: e for k, e in ENTRIES.items() if e.type != "xdata"}
    back = {e.key: e for e in read_csl(json.dumps([to_csl(e) for e in sources.values()]), "export.json")[0]}
    assert set(back) == set(sources)
    for key, entry in sources.items():
        again = back[key]
        assert again.authors == entry.authors and again.et_al & {"author"} == entry.et_al & {"author"}, key
        assert again.role("editor") == entry.role("editor") or not entry.role("editor"), key
        for name in ("date", "urldate", "doi", "volume", "pages", "edition"):
            assert again.get(name) == entry.get(name), (key, name)
        assert again.get("url") == (entry.get("url") or again.get("url") if entry.get("eprint") else entry.get("url")), key
        own = plain(entry.get("issuetitle") or (entry.get("maintitle") if entry.get("volume") and entry.type == "book"
                                                 else "") or entry.get("title"))
        assert plain(again.get("title")).replace('"', "").startswith(own.replace('"', "")), key  # a <q> is "…"
        assert (again.type == entry.type) or to_csl(entry)["type"] in ("book", "chapter", "webpage", "document",
                                                                       "motion_picture", "broadcast", "manuscript"), key
