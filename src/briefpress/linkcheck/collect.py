"""Collect: the project's text (:class:`~briefpress.project.Sources`) -> every link the paper
relies on, each with where it came from.

From the bibliography files: ``url`` and ``doi`` (as https://doi.org/<doi>) with the
entry key and the field's file and line. From the manuscript: inline links, autolinks
and bare URLs, with file:line:col.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from ..diagnostics import BuildError, LineIndex, SourceLocation
from ..project import Project, Sources

INLINE = re.compile(r"\]\(\s*<?(https?://[^\s)>]+)>?")
AUTOLINK = re.compile(r"<(https?://[^\s>]+)>")
BARE = re.compile(r"(?<![<(\w/])https?://[^\s<>\]\)]+")
# A URL normalize() would leave as it is but for its fragment: lower-case, no user, no IPv6 literal
PLAIN = re.compile(r"(https?)://([a-z0-9.-]+)(?::([1-9][0-9]{0,4}))?(/[^?#]*|)(\?[^#]*|)(?:#.*)?\Z", re.S)


@dataclass(frozen=True)
class Link:
    """One link in the paper and where it is."""

    url: str  # as written (a DOI as https://doi.org/...)
    location: SourceLocation
    key: str = ""  # BibTeX key, for links from the bibliography
    doi: str = ""  # the bare DOI, checked through the handle API
    accessed: str = ""  # BibTeX urldate: the archive snapshot nearest to it is suggested


def normalize(url: str) -> str:
    """The URL to request: lower-case scheme and host, no default port, no fragment."""
    url = url.strip()
    plain = PLAIN.match(url)
    if plain and not ("\t" in url or "\n" in url or "\r" in url):  # urlsplit drops those anywhere
        # The usual case, a tenth of urlsplit's time: on 10,000 links this came before the first request.
        scheme, host, port, path, query = plain.groups()
        if not port or (int(port) <= 65535 and port != ("443" if scheme == "https" else "80")):
            return f"{scheme}://{host}{':' + port if port else ''}{path or '/'}{query if len(query) > 1 else ''}"
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), _netloc(parts.scheme, parts.netloc), parts.path or "/", parts.query, ""))


@functools.lru_cache(maxsize=1024)
def _netloc(scheme: str, netloc: str) -> str:
    """Host (lower-case), port (unless the default) and user, worked out once per site: parsing
    them took half of normalize()'s time, which on 10,000 links came before the first request."""
    parts = SplitResult(scheme, netloc, "", "", "")
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # out of range: left as written, for the check to call the URL malformed
        return netloc.lower()
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    return f"{parts.username}@{netloc}" if parts.username else netloc


def fragment(url: str) -> str:
    return urlsplit(url).fragment


def collect(project: Sources | Project) -> list[Link]:
    links: list[Link] = []
    entries = {}
    if project.bibliographies:
        from ..bib.read import read_bibliographies  # the BibTeX reader is a tenth of a second's imports
        bibliography = read_bibliographies(project.bibliographies)
        errors = [d for d in bibliography.problems if d.severity == "error"]
        if errors:
            raise BuildError(errors)
        entries = bibliography.entries
    for entry in entries.values():
        where = {name: SourceLocation(entry.path, entry.field_lines.get(name) or entry.line, 1) for name in ("url", "doi")}
        if entry.get("url"):
            links.append(Link(entry.get("url"), where["url"], entry.key, accessed=entry.get("urldate")))
        if entry.get("doi"):
            doi = entry.get("doi")
            links.append(Link(f"https://doi.org/{doi}", where["doi"], entry.key, doi))
    for chapter in project.chapters:
        line_col = LineIndex(chapter.text)
        seen: set[int] = set()
        for pattern in (INLINE, AUTOLINK, BARE):
            for m in pattern.finditer(chapter.text):
                start = m.start(1) if pattern.groups else m.start()
                if start in seen:
                    continue
                seen.add(start)
                url = (m.group(1) if pattern.groups else m.group()).rstrip(".,;:!?'\"")
                links.append(Link(url, SourceLocation(chapter.name, *line_col(start))))
    # the fields of SourceLocation's order, not the dataclass's comparison (it builds two tuples each time)
    return sorted(links, key=lambda l: (l.location.path, l.location.line, l.location.col, l.url))
