"""How to cite the publication itself: Metadata -> its Chicago reference (the credits page's "How to
cite this publication", in the edition's language), ``CITATION.cff`` (CFF 1.2.0), BibTeX, RIS and
schema.org JSON-LD (``Report``, for the web edition's head).

The Chicago form comes from the same formatter as the paper's references (:mod:`briefpress.chicago`),
fed an ``@report`` entry made from the metadata; the other forms are written directly. Each file is
built from the metadata only, so the same input gives the same bytes."""

from __future__ import annotations

import json
import re
from html import escape

import yaml

from . import chicago, locale
from .bib.model import Entry
from .bib.names import parse_name
from .markdown_ext import inline_rich
from .metadata import Metadata


def publication_entry(meta: Metadata) -> Entry:
    """The brief as a biblatex ``@report`` (authors, title, publisher as institution, date, DOI, ISBN)."""
    fields = {"title": inline_rich(meta.title), "date": meta.date or "", "langid": meta.language}
    if meta.subtitle:
        # a subtitle whose citations are notes is HTML with their marks: its text is what it cites as
        fields["subtitle"] = escape(meta.subtitle_text, quote=False) if hasattr(meta.subtitle, "striptags") \
            else inline_rich(meta.subtitle)
    if meta.publisher:
        fields["institution"] = escape(meta.publisher.name, quote=False)
    if meta.doi:
        fields["doi"] = meta.doi
    if meta.isbn:
        fields["isbn"] = meta.isbn
    return Entry(key=meta.slug, type="report", fields=fields,
                 names={"author": tuple(parse_name(a.name) for a in meta.authors)})


def how_to_cite(meta: Metadata) -> str:
    """The brief's bibliography entry in Chicago form (HTML), in the edition's language."""
    with locale.using(meta.language):
        html = chicago.bibliography_entry(publication_entry(meta))
    return locale.requote(html, meta.language, citation=True)


def _people(meta: Metadata) -> list[dict]:
    out = []
    for person in meta.authors:
        name = parse_name(person.name)
        if name.is_organisation or not name.given:
            out.append({"name": person.name})
            continue
        one = {"family-names": " ".join(p for p in (name.particle, name.family) if p), "given-names": name.given}
        if getattr(person, "orcid", ""):
            one["orcid"] = f"https://orcid.org/{person.orcid}"
        out.append(one)
    return out


def citation_cff(meta: Metadata) -> str:
    """``CITATION.cff`` (Citation File Format 1.2.0) describing the publication."""
    language = meta.language.split("-")[0].lower()
    cited = {"type": "report", "title": meta.title_text, "authors": _people(meta)}
    data: dict = {"cff-version": "1.2.0",
                  "message": "If you cite this publication, please cite it as below.",
                  "title": meta.title_text, "authors": _people(meta)}
    if meta.iso_date:
        data["date-released"] = meta.iso_date  # CFF wants a whole date: the first of the month or year
        cited["year"] = int(meta.iso_date[:4])
        if meta.date and len(meta.date) >= 7:
            cited["month"] = int(meta.date[5:7])
    if meta.doi:
        data["doi"] = cited["doi"] = meta.doi
    if meta.keywords:
        data["keywords"] = list(meta.keywords)
    if meta.publisher:
        cited["publisher"] = {"name": meta.publisher.name}
        cited["institution"] = {"name": meta.publisher.name}
    if meta.isbn:
        cited["isbn"] = meta.isbn
    cited["languages"] = [language]
    data["preferred-citation"] = cited
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


_BIB_SPECIAL = re.compile(r"([&%$#_{}])")


def _bib(text: str) -> str:
    return _BIB_SPECIAL.sub(r"\\\1", text).replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def bibtex(meta: Metadata) -> str:
    """A biblatex ``@report`` entry for the publication (``<slug>.bib``)."""
    names = " and ".join(_bib(parse_name(a.name).family_first()) if not parse_name(a.name).is_organisation
                         else "{" + _bib(a.name) + "}" for a in meta.authors)
    fields = [("author", names), ("title", "{" + _bib(meta.title_text) + "}")]
    if meta.subtitle:
        fields.append(("subtitle", _bib(meta.subtitle_text)))
    if meta.publisher:
        fields.append(("institution", _bib(meta.publisher.name)))
    if meta.date:
        fields.append(("date", meta.date))
    for name, value in (("doi", meta.doi), ("isbn", meta.isbn)):
        if value:
            fields.append((name, value))
    fields.append(("langid", locale.langid(meta.language)))
    if meta.keywords:
        fields.append(("keywords", _bib(", ".join(meta.keywords))))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@report{{{meta.slug},\n{body}\n}}\n"


def ris(meta: Metadata) -> str:
    """The publication as an RIS record (``<slug>.ris``; Zotero, EndNote, Mendeley)."""
    lines = [("TY", "RPRT")]
    lines += [("AU", parse_name(a.name).family_first()) for a in meta.authors]
    lines.append(("TI", meta.title_text + (f": {meta.subtitle_text}" if meta.subtitle else "")))
    if meta.date:
        lines.append(("PY", meta.date[:4]))
        parts = meta.date.split("-")
        lines.append(("DA", "/".join(parts + [""] * (3 - len(parts))) + "/"))
    if meta.publisher:
        lines.append(("PB", meta.publisher.name))
    if meta.doi:
        lines += [("DO", meta.doi), ("UR", f"https://doi.org/{meta.doi}")]
    if meta.isbn:
        lines.append(("SN", meta.isbn))
    lines.append(("LA", meta.language))
    lines += [("KW", k) for k in meta.keywords]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\r\n" if tag == "ER" else f"{tag}  - {value}\r\n"
                   for tag, value in lines)


def json_ld(meta: Metadata) -> str:
    """schema.org ``Report`` as JSON-LD, safe to put in a ``<script>`` element."""
    data: dict = {"@context": "https://schema.org", "@type": "Report", "name": meta.title_text,
                  "inLanguage": meta.language,
                  "author": [{"@type": "Person", "name": a.name} for a in meta.authors]}
    if meta.subtitle:
        data["alternativeHeadline"] = meta.subtitle_text
    if meta.date:
        data["datePublished"] = meta.date
    if meta.publisher:
        data["publisher"] = {"@type": "Organization", "name": meta.publisher.name}
    if meta.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": meta.doi}
        data["url"] = f"https://doi.org/{meta.doi}"
    if meta.isbn:
        data["isbn"] = meta.isbn
    if meta.keywords:
        data["keywords"] = list(meta.keywords)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("</", "<\\/")


def files(meta: Metadata, only_edition: bool = True) -> dict[str, bytes]:
    """The citation files written next to the outputs: name -> bytes. One edition has ``CITATION.cff``;
    each of several language editions its ``<slug>.cff`` (they share the output folder)."""
    cff = "CITATION.cff" if only_edition else f"{meta.slug}.cff"
    return {cff: citation_cff(meta).encode(), f"{meta.slug}.bib": bibtex(meta).encode(),
            f"{meta.slug}.ris": ris(meta).encode()}
