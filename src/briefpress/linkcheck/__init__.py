"""Link checking: a separate command, never part of the build.

    collect (references.bib + manuscript -> links with file:line)
    -> cache (skip URLs verified within max-age; count transient failures in a row)
    -> check (each unique URL once: schedule.py shares the run fairly across hosts,
       client.py speaks HTTP/1.1 (connection.py reads answers with httptools; on uvloop
       where installed), fragments.py judges fragments by content type, errors.py names
       failures)
    -> archive (with --suggest-archive: the nearest Wayback Machine snapshot of each broken link)
    -> report (terminal, JSON, JUnit, Markdown; advice.py says what to do, per failure class)

``run.py`` states that order; the CLI only parses arguments and prints. The command
reads only the chapters and references (``project.load_sources``: no metadata, no YAML
reader) and imports only this path (no BibTeX reader without a bibliography, nothing of
the build). Its dataclasses have docstrings: for one without, ``dataclass`` works out a
signature with ``inspect`` at import, time every run would spend before its first request.
"""
