"""Report: a link-check :class:`~briefpress.linkcheck.run.Report` -> text, JSON, JUnit XML or Markdown.

Every line names where the link is (BibTeX key and line, or file:line:col), the
URL, the status and what to do about it.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from .check import BROKEN, EXCLUDED, OK, REDIRECTED, UNCERTAIN

ORDER = (BROKEN, UNCERTAIN, REDIRECTED, EXCLUDED, OK)
ADVICE = {
    BROKEN: "fix or replace the URL (an archived copy, e.g. the Wayback Machine, may do)",
    UNCERTAIN: "the site did not let us check; open it in a browser",
    REDIRECTED: "update the reference to the new address",
    EXCLUDED: "not checked (excluded in [tool.briefpress.linkcheck])",
    OK: "",
}


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


def text(report, verbose: bool = False) -> str:
    lines = []
    for verdict in ORDER:
        occs = [o for o in report.occurrences if o.result.verdict == verdict]
        if not occs or (verdict == OK and not verbose):
            continue
        lines.append(f"{verdict.upper()} ({len(occs)})" + (f" — {ADVICE[verdict]}" if ADVICE[verdict] else ""))
        for o in occs:
            detail = o.result.message or "ok"
            cached = " (cached)" if o.result.cached else ""
            lines.append(f"  {where(o)}: {o.link.url}\n      {_status(o.result)} {detail}{cached}")
    counts = summary_counts(report)
    lines.append(f"{len(report.occurrences)} links, {len(report.results)} unique URLs, {report.requested} requested "
                 f"in {report.elapsed:.1f} s: " + ", ".join(f"{counts[v]} {v}" for v in ORDER))
    return "\n".join(lines) + "\n"


def as_json(report) -> str:
    return json.dumps({
        "summary": {**summary_counts(report), "links": len(report.occurrences), "unique": len(report.results),
                    "requested": report.requested, "seconds": round(report.elapsed, 3)},
        "links": [{"url": o.link.url, "file": o.link.location.path, "line": o.link.location.line,
                   "column": o.link.location.col, "key": o.link.key or None, "verdict": o.result.verdict,
                   "status": o.result.status, "message": o.result.message, "final_url": o.result.final_url or None,
                   "cached": o.result.cached, "advice": ADVICE[o.result.verdict] or None}
                  for o in report.occurrences],
    }, indent=1, ensure_ascii=False) + "\n"


def junit(report, fail_on_uncertain: bool = False) -> str:
    """One test case per link occurrence, named by where it is, for CI dashboards."""
    suite = ET.Element("testsuite", name="briefpress.linkcheck", tests=str(len(report.occurrences)),
                       time=f"{report.elapsed:.3f}")
    failures = skipped = 0
    for o in report.occurrences:
        case = ET.SubElement(suite, "testcase", classname=o.link.location.path, name=f"{where(o)} {o.link.url}")
        r = o.result
        message = f"{_status(r)} {r.message}".strip()
        if r.verdict == BROKEN or (r.verdict == UNCERTAIN and fail_on_uncertain):
            failures += 1
            ET.SubElement(case, "failure", message=message, type=r.verdict).text = ADVICE[r.verdict]
        elif r.verdict in (UNCERTAIN, EXCLUDED):
            skipped += 1
            ET.SubElement(case, "skipped", message=message)
        elif r.verdict == REDIRECTED:
            ET.SubElement(case, "system-out").text = message
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
    for o in sorted(problems, key=lambda o: ORDER.index(o.result.verdict)):
        cell = lambda s: str(s).replace("|", "\\|")  # noqa: E731
        lines.append(f"| {o.result.verdict} | `{cell(where(o))}` | {cell(o.link.url)} | "
                     f"{cell(_status(o.result))} {cell(o.result.message)} | {cell(ADVICE[o.result.verdict])} |")
    return "\n".join(lines) + "\n"
