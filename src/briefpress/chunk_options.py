"""A chunk's options as Quarto and R Markdown write them -> values (:mod:`briefpress.chunks` decides
what they print): R Markdown's header (``{r label, fig.cap="A plot", echo=FALSE}``: R literals only;
an R expression cannot be read without running R), Quarto's ``#|`` lines (YAML), and the few that
decide what is printed (``echo``, ``eval``, ``include``, ``output``; knitr's ``results`` and
``fig.show``). Option names are Quarto's (``fig.cap`` -> ``fig-cap``).
"""

from __future__ import annotations

import re


def _r_value(text: str):
    """An R literal -> its value; anything else (an expression) -> None."""
    text = text.strip()
    if text in ("TRUE", "T"):
        return True
    if text in ("FALSE", "F"):
        return False
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1].replace('\\"', '"').replace("\\'", "'")
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text) if "." in text else int(text)
    return None


def _r_args(text: str) -> list[str]:
    """``a, b="x, y", c=f(1, 2)`` -> its arguments (commas inside quotes and parentheses kept)."""
    out, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote and text[i - 1] != "\\" else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [a.strip() for a in out if a.strip()]


def header_options(rest: str) -> tuple[dict, list[str]]:
    """R Markdown's header ``label, fig.cap="…", echo=FALSE`` -> (options, options that are R
    expressions and cannot be read without running R)."""
    options, unread = {}, []
    for n, arg in enumerate(_r_args(rest)):
        if "=" not in arg:
            if n == 0:
                options["label"] = arg.strip("\"'")
            continue
        key, value = (s.strip() for s in arg.split("=", 1))
        key = key.replace(".", "-").replace("_", "-")
        read = _r_value(value)
        if read is None:
            unread.append(key)
        else:
            options[key] = read
    return options, unread


def yaml_options(lines: list[str]) -> tuple[dict, list[str]]:
    """Quarto's ``#|`` lines (without ``#|``) -> (options, ``["#|"]`` when they are no YAML). Read with the
    project's limits (:mod:`briefpress.safe_yaml`), dates as text (2021-13-01 is no crash)."""
    from . import safe_yaml
    from .diagnostics import BuildError
    try:
        data, _ = safe_yaml.load("\n".join(lines), "#|", "quarto", loader_class=safe_yaml.TextDatesLoader)
    except BuildError:
        return {}, ["#|"]
    if not isinstance(data, dict):
        return {}, []
    return {str(k).replace(".", "-"): v for k, v in data.items()}, []


def settings_of(options: dict) -> dict:
    """The options that decide what is printed, as values."""
    out = {k: options[k] for k in ("echo", "eval", "include", "output") if k in options}
    results = options.get("results")
    if results == "hide":
        out["output"] = False
    elif results == "asis":
        out["output"] = "asis"
    if options.get("fig-show") == "hide":
        out["output"] = False
    return out
