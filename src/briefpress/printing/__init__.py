"""The print edition: Document + theme -> a verified-ready PDF, laid out a section per part on two
cores, the parts an earlier build laid out from the same HTML reused.

Modules, in the order a build uses them (none imports a later one; ``test_printing_imports``
checks the package has no import cycle):

- :mod:`.model`: the values passed between them (``PrintPart``, ``LaidOut``, ``Written``,
  ``Rendered``, ``Hints``); imports nothing heavy, so results unpickle without WeasyPrint.
- :mod:`.weasyprint_fix`: the one change made to WeasyPrint 70's line layout (footnote policy),
  applied explicitly by :func:`.layout.prepare`.
- :mod:`.pango_extra`: the Pango functions WeasyPrint does not declare that two of the edits below ask.
- :mod:`.compression`: the parts' PDF streams compressed at zlib's default level, not pydyf's 9,
  applied by :func:`.layout.prepare` too, as are :mod:`.png_data` (PNG figures' own data),
  :mod:`.kept_layouts` (a line's text layout kept until it is drawn), :mod:`.line_drawing` (WeasyPrint's
  line drawing with briefpress's edits: a line's glyphs read in one unpack), :mod:`.written_once`
  (each object of a part's PDF serialized once; these three leave the bytes as they were),
  :mod:`.leaders` (a leader's copies of its string drawn as one text, every glyph where it was),
  :mod:`.computed_styles` (a property nothing sets: its parent's or initial value, taken a short way),
  :mod:`.font_keys` (a style's font key made once, a font's Pango description once),
  :mod:`.justified_lines` (a justified line's text keeps the layout it was measured with) and
  :mod:`.line_tries` (a line's try for the next word skipped where it cannot fit).
- :mod:`.stubs`: while a part is written, the fonts the build gave subset are embedded as stubs
  (WeasyPrint's ``Font.subset`` wrapped), which the merge replaces.
- :mod:`.libraries`: WeasyPrint imported without ctypes' library search (Linux).
- :mod:`.style`: the theme's print stylesheet parsed once per process, its rules before its
  fonts are known; what the layout may fetch (project files, ``data:`` URLs).
- :mod:`.layout`: one part's print HTML -> laid-out pages -> PDF bytes (WeasyPrint), reading
  project files only, embedding a stub for each font given subset (:mod:`briefpress.fonts`).
- :mod:`.leftovers`: the temporary folders of a pool claimed by their maker; the folders of one
  killed outright (SIGKILL), whose claim nobody holds, swept away by the next pool.
- :mod:`.preload`: what the forkserver imports: :mod:`.layout`, then a small page laid out once;
  for a build, then the build's stylesheet (its rules first), parsed once for every worker.
- :mod:`.cores`: how many workers (a process per core a container may use, two to eight).
- :mod:`.forkserver`: multiprocessing's forkserver started for a pool, Ctrl-C blocked.
- :mod:`.in_worker`: what a worker process does: its start, then each job named by a string.
- :mod:`.later`: a job given while the pool starts -> a future at once, handed over by a thread.
- :mod:`.workers`: where layout jobs run: a ``ProcessPoolExecutor`` of a process per core forked
  from a forkserver that has WeasyPrint imported and warmed (for one build, or kept warm by the
  live preview), or this process; the stylesheet, parsed by the forkserver for a build (its rules
  as soon as the theme is read, :meth:`.workers.Workers.parse_rules`, then its fonts, subset for the
  text the manuscript suggests), else by each
  worker when the build sends it (:meth:`.workers.Workers.parse_style`), before its first part; it
  goes to them in a file, not with every part (:meth:`.workers.Workers.part`).
- :mod:`.merge`: the parts' PDFs + the build's fonts -> one PDF (pikepdf), one copy of each
  font (the real font for a part's stub), reduced to the glyphs drawn.
- :mod:`.jobs`: a part's HTML -> its ``Written``, from a worker or, unchanged, from an earlier
  build (found by a key: the HTML and whatever else decides the part's bytes).
- :mod:`.parts`: which parts (the front, a part per page-starting section), their predicted first
  page and note numbers, when a part is laid out again, which are reused; returns a ``Rendered``.

Importing the package imports nothing: WeasyPrint is loaded only where a layout runs.
"""
