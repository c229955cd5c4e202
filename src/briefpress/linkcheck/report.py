"""Report: a link-check :class:`~briefpress.linkcheck.run.Report` -> text, JSON, JUnit XML or Markdown.

Every line names where the link is (BibTeX key and line, or file:line:col), the
URL, the status and what to do about it (advice.py: the same advice in every
format), with the redirect chain hop by hop and the archived copy when one was found.
"""

from __future__ import annotations

import json

from .advice import advice, notes
from .check import BROKEN, EXCLUDED, OK, REDIRECTED, UNCERTAIN

ORDER = (BROKEN, UNCERTAIN, REDIRECTED, EXCLUDED, OK)


def where(occ) -> str:
    loc = str(occ.link.location)
    return f"{loc} [{occ.link.key}]" if occ.link.key else loc


def _status(result) -> str:
    return str(result.status) if result.status else "-"


def summary_counts(report) -> dict[str, int]:
    counts = {v: 0 for v in ORDER}
    for occ in report.occurrences:
        counts[occ.result.verdict] += 1
    return counts


def _advice(report, result) -> str:
    return advice(result, report.transient_limit)


def text(report, verbose: bool = False) -> str:
    lines = []
    by_verdict: dict[str, list] = {v: [] for v in ORDER}
    for o in report.occurrences:  # one pass, each result's notes worked out once (10,000 links: 3 passes each)
        by_verdict[o.result.verdict].append((o, notes(o.result)))
    for verdict in ORDER:
        occs = by_verdict[verdict]
        quiet = verdict == OK and not verbose
        shown = [(o, n) for o, n in occs if n] if quiet else occs
        if not shown:
            continue
        lines.append(f"{verdict.upper()} ({len(occs)}{f', {len(shown)} with a note' if quiet else ''})")
        for o, noted in shown:
            r = o.result
            cached = " (cached)" if r.cached else ""
            lines.append(f"  {where(o)}: {o.link.url}\n      {_status(r)} {r.message or 'ok'}{cached}")
            lines += [f"      {n}" for n in noted]
            if _advice(report, r):
                lines.append(f"      → {_advice(report, r)}")
    counts = {v: len(by_verdict[v]) for v in ORDER}
    lines.append(f"{len(report.occurrences)} links, {len(report.results)} unique URLs, {report.requested} checked "
                 f"with {report.requests} requests in {report.elapsed:.1f} s: "
                 + ", ".join(f"{counts[v]} {v}" for v in ORDER))
    return "\n".join(lines) + "\n"


def as_json(report) -> str:
    """One link per line: readable, diffable, and written by json's C encoder (indent= is not)."""
    summary = {**summary_counts(report), "links": len(report.occurrences), "unique": len(report.results),
               "requested": report.requested, "requests": report.requests, "seconds": round(report.elapsed, 3)}
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per link as json.dumps makes
    links = [encode(link) for link in _json_links(report)]
    return (f'{{"summary": {json.dumps(summary)},\n"links": [\n' + ",\n".join(links) + "\n]}\n")


def _json_links(report) -> list[dict]:
    return [{"url": o.link.url, "file": o.link.location.path, "line": o.link.location.line,
             "column": o.link.location.col, "key": o.link.key or None, "verdict": o.result.verdict,
             "class": o.result.kind or None, "status": o.result.status, "message": o.result.message,
             "final_url": o.result.final_url or None, "cached": o.result.cached,
             "redirects": [{"url": u, "status": s} for u, s in o.result.chain],
             "archive": {"url": o.result.archive_url, "date": o.result.archive_date or None}
             if o.result.archive_url else None,
             "failing_runs": o.result.transient_runs or None,
             "notes": notes(o.result), "advice": _advice(report, o.result) or None}
            for o in report.occurrences]


def junit(report, uncertain: str = "pass") -> str:
    """One test case per link occurrence, named by where it is, for CI dashboards.

    Uncertain links pass with a visible note (system-out and properties), or fail
    with ``uncertain="failure"``; excluded links are skipped.
    """
    import xml.etree.ElementTree as ET  # only this format needs it

    suite = ET.Element("testsuite", name="briefpress.linkcheck", tests=str(len(report.occurrences)),
                       time=f"{report.elapsed:.3f}")
    failures = skipped = 0
    for o in report.occurrences:
        case = ET.SubElement(suite, "testcase", classname=o.link.location.path, name=f"{where(o)} {o.link.url}")
        r = o.result
        message = f"{_status(r)} {r.message}".strip()
        what = "\n".join([_advice(report, r)] + notes(r)).strip()
        if r.verdict != OK or notes(r):
            props = ET.SubElement(case, "properties")
            for name, value in (("verdict", r.verdict), ("class", r.kind), ("status", _status(r)),
                                ("advice", _advice(report, r)), ("archive", r.archive_url)):
                if value:
                    ET.SubElement(props, "property", name=name, value=value)
        if r.verdict == BROKEN or (r.verdict == UNCERTAIN and uncertain == "failure"):
            failures += 1
            ET.SubElement(case, "failure", message=f"{message}: {_advice(report, r)}", type=r.verdict).text = what
        elif r.verdict == EXCLUDED:
            skipped += 1
            ET.SubElement(case, "skipped", message=message)
        elif r.verdict != OK or notes(r):
            ET.SubElement(case, "system-out").text = f"{r.verdict.upper()}: {message}\n{what}".strip()
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    suite.set("errors", "0")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


def markdown(report) -> str:
    counts = summary_counts(report)
    lines = ["## Link check", "", " · ".join(f"**{counts[v]}** {v}" for v in ORDER), ""]
    problems = [o for o in report.occurrences if o.result.verdict in (BROKEN, UNCERTAIN, REDIRECTED)]
    if not problems:
        lines.append("All links are fine.")
        return "\n".join(lines) + "\n"
    lines += ["| verdict | where | URL | status | what to do |", "| --- | --- | --- | --- | --- |"]
    cell = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    for o in sorted(problems, key=lambda o: ORDER.index(o.result.verdict)):
        r = o.result
        status = "<br>".join(cell(x) for x in [f"{_status(r)} {r.message}"] + notes(r))
        lines.append(f"| {r.verdict} | `{cell(where(o))}` | {cell(o.link.url)} | {status} | "
                     f"{cell(_advice(report, r))} |")
    return "\n".join(lines) + "\n"
