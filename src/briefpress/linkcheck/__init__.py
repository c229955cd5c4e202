"""Link checking: a separate command, never part of the build.

    collect (references.bib + manuscript -> links with file:line)
    -> cache (skip URLs verified within max-age)
    -> check (each unique URL once, asynchronously, politely)
    -> report (terminal, JSON, JUnit, Markdown)

``run.py`` states that order; the CLI only parses arguments and prints.
"""
