"""Advice: a link's :class:`Result` -> what an editor should do about it, in plain words.

One sentence per failure class (errors.py), the same in every report format:
a page that is gone is replaced (with its archived copy when one was found), a
transient failure is tried again later, a certificate problem is named as such, a
permanent move gives the new address. ``notes`` adds what is worth seeing even when
nothing fails: the redirect chain hop by hop, fragments that could not be checked.
"""

from __future__ import annotations

from .check import BROKEN, EXCLUDED, OK, REDIRECTED, UNCERTAIN
from .errors import ANCHOR, BLOCKED, CONNECTION, DNS, GONE, LOOP, OFFLINE, TLS, TRANSIENT


def advice(result, transient_limit: int = 1) -> str:
    verdict, kind = result.verdict, result.kind
    if verdict == OK:
        return ""
    if verdict == EXCLUDED:
        return "not checked (excluded in [tool.briefpress.linkcheck])"
    if verdict == REDIRECTED:
        return f"update the reference to {result.final_url}"
    if kind == TRANSIENT:
        runs = result.transient_runs
        if verdict == BROKEN and transient_limit > 1:
            return (f"the server has failed {runs} runs in a row: if it stays down, replace the link"
                    + _archived(result))
        if verdict == BROKEN:
            return "the server failed: try again later; if it stays down, replace the link" + _archived(result)
        if runs and transient_limit > 1:
            return (f"try again later: the server failed this time; it counts as broken after {transient_limit} "
                    f"failing runs in a row (this is {runs})")
        return "try again later: the server asks us to slow down or failed this time"
    if kind == OFFLINE:
        return "no host name could be resolved: check the network and run the check again"
    if kind == BLOCKED:
        return "the site did not let us check: open it in a browser"
    if verdict == UNCERTAIN:
        return "not checked this time: run the check again"
    if kind == TLS:
        return ("certificate problem: the site's HTTPS is misconfigured; tell its owner, "
                "or cite an archived copy" + _archived(result))
    if kind == CONNECTION:
        return "the server could not be reached: check the address; if the site is gone, replace the link" \
            + _archived(result)
    if kind == LOOP:
        return "the site redirects without end: open it in a browser; if it fails there too, replace the link"
    if kind == ANCHOR:
        return "the page is there, the anchor is not: link to the page or to an anchor that exists" \
            + _archived(result)
    if kind == DNS:
        return "the site's name no longer exists: replace the link" + _archived(result)
    if kind == GONE or kind == "":
        return "the page is gone: replace the link" + _archived(result)
    return "replace the link"


def _archived(result) -> str:
    if not result.archive_url:
        return ""
    when = f" from {result.archive_date}" if result.archive_date else ""
    return f" (archived copy{when}: {result.archive_url})"


def chain(result) -> str:
    """The redirect chain hop by hop: 'a (301) → b (308) → c (404)'."""
    return " → ".join(f"{url} ({status})" for url, status in result.chain)


def notes(result) -> list[str]:
    out = []
    if result.chain:
        out.append("redirects: " + chain(result))
    for frag in result.unchecked_fragments:
        what = result.content_type.split(";", 1)[0] or "this content"
        out.append(f"#{frag} not checked: {what} has no anchors to check")
    return out
