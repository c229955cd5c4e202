"""Entries shaped like the exports of common tools (invented content): each is read without an error."""
import pytest

from briefpress.bib.read import read_text

EXPORTS = {
    "google-scholar": """@article{hoxha2019border,
  title={Border management and trust},
  author={Hoxha, Ilirjana and Krasniqi, Arb{\\"e}r},
  journal={Journal of Southeast European Studies},
  volume={21},
  number={2},
  pages={145--168},
  year={2019},
  publisher={Taylor \\& Francis}
}""",
    "zotero-bbt": """@article{hoxhaBorderManagementTrust2019,
  title = {Border Management and Trust: {{EU}} Facilitation},
  shorttitle = {Border Management and Trust},
  author = {Hoxha, Ilirjana and Krasniqi, Arbër},
  date = {2019-03},
  journaltitle = {Journal of Southeast European Studies},
  shortjournal = {J. Southeast Eur. Stud.},
  volume = {21},
  number = {2},
  pages = {145--168},
  doi = {10.5555/jsee.2019.0212},
  url = {https://example.org/jsee/0212},
  urldate = {2024-05-01},
  langid = {english},
  keywords = {borders,trust},
  file = {/home/user/Zotero/storage/ABCD1234/Hoxha - 2019.pdf}
}""",
    "zotero-bibtex": """@article{hoxha_border_2019,
\ttitle = {Border {Management} and {Trust}},
\tvolume = {21},
\tissn = {1461-3190},
\turl = {https://example.org/jsee/0212},
\tdoi = {10.5555/jsee.2019.0212},
\tlanguage = {en},
\tnumber = {2},
\turldate = {2024-05-01},
\tjournal = {Journal of Southeast European Studies},
\tauthor = {Hoxha, Ilirjana and Krasniqi, Arbër},
\tmonth = mar,
\tyear = {2019},
\tpages = {145--168},
}""",
    "jabref": """% Encoding: UTF-8

@Article{Hoxha2019,
  author    = {Ilirjana Hoxha and Arbër Krasniqi},
  journal   = {Journal of Southeast European Studies},
  title     = {Border Management and Trust},
  year      = {2019},
  month     = {mar},
  number    = {2},
  pages     = {145--168},
  volume    = {21},
  doi       = {10.5555/jsee.2019.0212},
  publisher = {Informa {UK} Limited},
}

@Comment{jabref-meta: databaseType:biblatex;}""",
    "mendeley": """@article{Hoxha2019,
abstract = {We study trust.},
author = {Hoxha, Ilirjana and Krasniqi, Arb{\\"{e}}r},
doi = {10.5555/jsee.2019.0212},
file = {:home/user/Documents/Mendeley/Hoxha2019.pdf:pdf},
issn = {1461-3190},
journal = {Journal of Southeast European Studies},
keywords = {Borders,Trust},
mendeley-groups = {Balkans},
number = {2},
pages = {145--168},
title = {{Border Management and Trust}},
volume = {21},
year = {2019}
}""",
    "web-of-science": """@article{ WOS:000123456700001,
Author = {Hoxha, Ilirjana and Krasniqi, Arber},
Title = {Border Management and Trust},
Journal = {JOURNAL OF SOUTHEAST EUROPEAN STUDIES},
Year = {2019},
Volume = {21},
Number = {2},
Pages = {145-168},
Month = {MAR},
DOI = {10.5555/jsee.2019.0212},
ISSN = {1461-3190},
Unique-ID = {WOS:000123456700001},
}""",
    "dblp": """@inproceedings{DBLP:conf/bsc/HoxhaK19,
  author       = {Ilirjana Hoxha and
                  Arb{\\"{e}}r Krasniqi},
  title        = {Border Management and Trust},
  booktitle    = {Proceedings of the Balkan Security Conference, {BSC} 2019, Prishtina,
                  Kosovo, October 6-7, 2019},
  pages        = {145--168},
  publisher    = {{KCSS}},
  year         = {2019},
  doi          = {10.5555/jsee.2019.0212},
  timestamp    = {Mon, 07 Oct 2019 10:00:00 +0200},
  biburl       = {https://example.org/dblp/rec/conf/bsc/HoxhaK19.bib},
  bibsource    = {dblp computer science bibliography, https://example.org/dblp}
}""",
}


@pytest.mark.parametrize("tool", sorted(EXPORTS))
def test_exports_read_cleanly(tool):
    bib = read_text(EXPORTS[tool], f"{tool}.bib")
    assert not [p for p in bib.problems if p.severity == "error"], bib.problems
    (entry,) = bib.entries.values()
    assert [n.family for n in entry.authors] == ["Hoxha", "Krasniqi"]
    assert entry.authors[1].given in ("Arbër", "Arber")
    assert entry.get("date").startswith("2019")
    assert "Border" in entry.get("title") and "{" not in entry.get("title")
    assert entry.get("journaltitle") or entry.get("booktitle")
    assert entry.get("pages") in ("145–168", "145-168")
