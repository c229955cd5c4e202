"""The LaTeX commands a bibliography field may hold, and what each becomes (tables read by :mod:`.latex`).

Takes nothing; holds, by command name: accents (a combining character), symbols and letters (their text;
the astronomy journals' macros, \\apj, and the TeX world's logos, \\MF, included), one-argument commands
that wrap their text in markup, leave it as it is, or drop it, declarations (``{\\em ...}``), and the
commands whose argument is literal or whose second argument is the text.
"""

from __future__ import annotations

ACCENTS = {  # command -> combining character
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}
SYMBOLS = {
    "i": "ı", "j": "ȷ", "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ",
    "AE": "Æ", "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
    "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ", "textendash": "–", "textemdash": "—", "ldots": "…",
    "dots": "…", "textellipsis": "…", "S": "§", "P": "¶", "copyright": "©", "textcopyright": "©",
    "textregistered": "®", "texttrademark": "™", "pounds": "£", "textsterling": "£", "euro": "€",
    "texteuro": "€", "textdegree": "°", "guillemotleft": "«", "guillemotright": "»", "guillemetleft": "«",
    "guillemetright": "»", "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“",
    "textquotedblright": "”", "quotesinglbase": "‚", "quotedblbase": "„", "textbackslash": "\\",
    "textasciitilde": "~", "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
    "textbullet": "•", "textperiodcentered": "·", "textasciicircum": "^", "textdollar": "$",
    "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX", "XeTeX": "XeTeX",
    "LuaTeX": "LuaTeX", "hyphen": "-", "slash": "/", "textslash": "/", "nobreakspace": "\u00a0",
    "space": " ", "quad": "\u2003", "qquad": "\u2003\u2003", "enspace": "\u2002", "thinspace": "\u2009",
    "textnumero": "№", "textperthousand": "‰", "textonehalf": "½", "textdagger": "†",
    "dag": "†", "ddag": "‡", "textsection": "§", "textparagraph": "¶", "textexclamdown": "¡",
    "textquestiondown": "¿", "ij": "ĳ", "IJ": "Ĳ", "relax": "", "par": " ",
    "noindent": "", "protect": "", "unskip": "", "newblock": " ", "break": " ", "linebreak": " ",
    "allowbreak": "", "bibnamedash": "—", "ppno": "", "nopp": "", "isdot": "", "adddot": ".",
    "addcomma": ",", "addcolon": ":", "addspace": " ", "addperiod": ".",
}
# The AAS journal macros that ADS exports write (journal = {\\apj}), as the journals' names (CMOS 14.70:
# the full title); aas_macros.sty prints abbreviations, but a Chicago reference spells journals out.
JOURNALS = {
    "aj": "Astronomical Journal", "actaa": "Acta Astronomica", "araa": "Annual Review of Astronomy and Astrophysics",
    "apj": "Astrophysical Journal", "apjl": "Astrophysical Journal Letters",
    "apjs": "Astrophysical Journal Supplement Series", "ao": "Applied Optics", "apss": "Astrophysics and Space Science",
    "aap": "Astronomy and Astrophysics", "aapr": "Astronomy and Astrophysics Review",
    "aaps": "Astronomy and Astrophysics Supplement Series", "azh": "Astronomicheskii Zhurnal",
    "baas": "Bulletin of the American Astronomical Society", "caa": "Chinese Astronomy and Astrophysics",
    "cjaa": "Chinese Journal of Astronomy and Astrophysics", "icarus": "Icarus",
    "jcap": "Journal of Cosmology and Astroparticle Physics", "jrasc": "Journal of the Royal Astronomical Society of Canada",
    "memras": "Memoirs of the Royal Astronomical Society", "mnras": "Monthly Notices of the Royal Astronomical Society",
    "na": "New Astronomy", "nar": "New Astronomy Reviews", "pra": "Physical Review A", "prb": "Physical Review B",
    "prc": "Physical Review C", "prd": "Physical Review D", "pre": "Physical Review E",
    "prl": "Physical Review Letters", "pasa": "Publications of the Astronomical Society of Australia",
    "pasp": "Publications of the Astronomical Society of the Pacific",
    "pasj": "Publications of the Astronomical Society of Japan", "psj": "Planetary Science Journal",
    "qjras": "Quarterly Journal of the Royal Astronomical Society", "rmxaa": "Revista Mexicana de Astronomía y Astrofísica",
    "skytel": "Sky and Telescope", "solphys": "Solar Physics", "sovast": "Soviet Astronomy",
    "ssr": "Space Science Reviews", "zap": "Zeitschrift für Astrophysik", "nat": "Nature",
    "iaucirc": "IAU Circulars", "aplett": "Astrophysics Letters", "apspr": "Astrophysics and Space Physics Reviews",
    "bain": "Bulletin of the Astronomical Institutes of the Netherlands", "fcp": "Fundamentals of Cosmic Physics",
    "gca": "Geochimica et Cosmochimica Acta", "grl": "Geophysical Research Letters",
    "jcp": "Journal of Chemical Physics", "jgr": "Journal of Geophysical Research",
    "jqsrt": "Journal of Quantitative Spectroscopy and Radiative Transfer",
    "maps": "Meteoritics and Planetary Science", "nphysa": "Nuclear Physics A", "physrep": "Physics Reports",
    "physscr": "Physica Scripta", "planss": "Planetary and Space Science", "procspie": "Proceedings of the SPIE",
    "rnaas": "Research Notes of the American Astronomical Society",
}
SYMBOLS.update({name: title for name, title in JOURNALS.items() if name not in SYMBOLS})
# The logos and names of TeX's world, as TUGboat's and the TeX Users Group's bibliographies write them
# (tugboat.def); \Dash is TUGboat's em dash.
SYMBOLS.update({
    "MF": "METAFONT", "METAFONT": "METAFONT", "MP": "MetaPost", "METAPOST": "MetaPost", "MetaPost": "MetaPost",
    "AMS": "AMS", "AmS": "AMS", "AMSTeX": "AMS-TeX", "AmSTeX": "AMS-TeX", "AMSLaTeX": "AMS-LaTeX",
    "AmSLaTeX": "AMS-LaTeX", "LAMSTeX": "LAMS-TeX", "SliTeX": "SliTeX", "PiCTeX": "PiCTeX", "eTeX": "e-TeX",
    "pdfTeX": "pdfTeX", "pdfLaTeX": "pdfLaTeX", "XeLaTeX": "XeLaTeX", "LuaLaTeX": "LuaLaTeX", "ConTeXt": "ConTeXt",
    "TUB": "TUGboat", "TUGboat": "TUGboat", "TUG": "TUG", "PS": "PostScript", "PDF": "PDF", "XML": "XML",
    "HTML": "HTML", "SGML": "SGML", "CTAN": "CTAN", "VAX": "VAX", "TikZ": "TikZ", "LyX": "LyX", "MiKTeX": "MiKTeX",
    "TeXLive": "TeX Live", "BibLaTeX": "BibLaTeX", "Dash": "\u2014", "La": "La", "tug": "TUG",
    "Thanh": "Hàn Thế Thành",
})
ESCAPES = {"&": "&", "%": "%", "$": "$", "_": "_", "#": "#", "{": "{", "}": "}", " ": " ",
           ",": "\u2009", ";": "\u2004", ":": "\u2005", "!": "", "-": "\u00ad", "/": "", "\\": " ",
           "@": "", "textbackslash": "\\", "'": "'", "\n": " ", "\t": " "}
WRAP = {  # command with one argument -> (open, close)
    "emph": ("<i>", "</i>"), "textit": ("<i>", "</i>"), "textsl": ("<i>", "</i>"), "mkbibemph": ("<i>", "</i>"),
    "mkbibitalic": ("<i>", "</i>"), "textbf": ("<b>", "</b>"), "mkbibbold": ("<b>", "</b>"),
    "textsc": ('<span class="smallcaps">', "</span>"), "mkbibquote": ("<q>", "</q>"),
    "enquote": ("<q>", "</q>"), "textquote": ("<q>", "</q>"), "textsuperscript": ("<sup>", "</sup>"),
    "mkbibsuperscript": ("<sup>", "</sup>"), "textsubscript": ("<sub>", "</sub>"),
    "mkbibsubscript": ("<sub>", "</sub>"), "NoCaseChange": ('<span class="nocase">', "</span>"),
    "nocap": ('<span class="nocase">', "</span>"), "booktitle": ("<i>", "</i>"),
    # a package's, program's or file's name keeps its case (TUGboat's \\pkg{babel})
    **{name: ('<span class="nocase">', "</span>") for name in ("pkg", "pgm", "progname", "file", "env", "cls")},
}
TRANSPARENT = {  # commands whose one argument is the text
    "textup", "textnormal", "textrm", "textsf", "texttt", "textmd", "mbox", "hbox", "fbox", "text",
    "uppercase", "MakeUppercase", "lowercase", "MakeLowercase", "MakeSentenceCase", "mkbibparens",
    "mkbibbrackets", "citetitle", "underline", "uline", "sout", "footnote", "mkbibfootnote", "textlatin",
    "textgreek", "textcyrillic", "textenglish", "textserbian", "textalbanian", "textturkish", "textgerman",
    "textfrench", "acro", "bibcorporate", "bibliteral",
    "APACcitebtitle", "APACciteatitle",
}
DROPPED = {"selectlanguage", "hyphenation", "label", "index", "nocite", "vspace", "hspace", "phantom",
           "noopsort", "setlength", "APACSortNoop", "bibnodot", "cite"}  # commands whose argument is not text: \noopsort{1999} only sorts
LITERAL_ARG = {"url", "nolinkurl", "path", "doi"}
DECLARATIONS = {"em": ("<i>", "</i>"), "it": ("<i>", "</i>"), "itshape": ("<i>", "</i>"), "sl": ("<i>", "</i>"),
                "slshape": ("<i>", "</i>"), "bf": ("<b>", "</b>"), "bfseries": ("<b>", "</b>"),
                "sc": ('<span class="smallcaps">', "</span>"), "scshape": ('<span class="smallcaps">', "</span>"),
                "rm": ("", ""), "upshape": ("", ""), "normalfont": ("", ""), "sffamily": ("", ""),
                "ttfamily": ("", ""), "tt": ("", ""), "sf": ("", ""), "mdseries": ("", ""),
                "small": ("", ""), "footnotesize": ("", ""), "large": ("", ""), "Large": ("", ""),
                "scriptsize": ("", ""), "tiny": ("", ""), "normalsize": ("", ""),
                "smc": ('<span class="smallcaps">', "</span>"), "ssf": ("", ""), "slnine": ("", "")}
# Commands taking two arguments whose second is the text (the first is dropped).
SECOND_ARG = {"href", "foreignlanguage", "textcolor", "hyperref", "mkbibacro"}
