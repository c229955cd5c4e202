"""House switches for the Chicago formatter: theme.yaml's ``bibliography: house:`` -> a :class:`Style`.

Where CMOS 18 allows more than one form, the defaults (:data:`CMOS`) are the forms of the CSL style
for CMOS 18 (``chicago-notes-bibliography``), so the plain formatter reads as citeproc does; a theme
keeps its house forms by naming them. The formatter takes the style as an argument, never a global.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Style:
    # a journal article without volume or issue: "Journal (2024): 1–16" (house) rather than
    # "Journal, 2024, 1–16" with the full date, as a magazine (CMOS 18 14.74 leaves the punctuation open)
    journal_date_in_parentheses: bool = False
    # a report: "Title (Working paper no. 5, Institution, June 2022)" (house) rather than
    # "Title, Working paper no. 5 (Institution, 2022)", the report's series like a book's (CMOS 18 14.116)
    report_facts_in_parentheses: bool = False
    # a journal issue dated by its year only, "Journal 7 (2020)", rather than with the month the entry gives,
    # "Journal 7 (June 2020)" (CMOS 18 14.74 allows the month or season, as the CSL style prints it)
    journal_year_only: bool = False
    # an unsigned web page is listed under its owner in the bibliography (CMOS 18 14.104); false keeps
    # the note's order, title first
    website_owner_leads: bool = True
    # an unsigned news article's or web page's short note is its title alone, "“Talks Resume,” 3", rather than led
    # by the paper or the owner that leads its bibliography entry, "Koha Ditore, “Talks Resume,” 3" (the CSL style)
    unsigned_short_title_only: bool = False
    # a short note keeps the whole main title (before the subtitle) rather than cutting a longer one to
    # four words (CMOS 18 13.33: "usually" shortened); a ``shorttitle`` field always wins
    short_titles_whole: bool = False
    # a bibliography entry by the same names as the one before opens with a 3-em dash; CMOS 18 13.73
    # now recommends repeating the names, but keeps the dash as an option
    repeated_names_dash: bool = False
    # letters and other personal communications, interviews, unpublished manuscripts and papers read at
    # meetings, posters, field notes (when the reader cannot retrieve them) and social media posts are cited
    # in full in the notes and left out of the reference list (CMOS 18 14.106, 14.110, 14.111, 14.114,
    # 14.115), as the CSL style does; true lists them in the reference list too
    list_notes_only: bool = False

    @classmethod
    def from_settings(cls, settings: dict | None) -> Style:
        """A theme's settings -> its style; unknown or non-boolean switches are theme_config's to report."""
        bibliography = (settings or {}).get("bibliography")
        house = bibliography.get("house") if isinstance(bibliography, dict) else None
        if not isinstance(house, dict):
            return CMOS
        return cls(**{k: v for k, v in house.items() if k in OPTIONS and isinstance(v, bool)})


OPTIONS = tuple(f.name for f in fields(Style))
CMOS = Style()
