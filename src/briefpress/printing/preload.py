"""What the workers' forkserver imports before forking them (:mod:`.workers`): :mod:`.layout`, which
imports WeasyPrint, then one small page laid out and written (:func:`.layout.warm_up`), so every
worker starts with what a first part otherwise pays for. Importing it is its whole purpose.

Without its C libraries (no Pango) WeasyPrint cannot be imported: the forkserver must live on all the
same (it would end and the build with it, as an internal error), so the first job meets the error and
:func:`.workers.run` reports it as one diagnostic saying what to install."""

try:
    from .layout import warm_up
except OSError:
    pass
else:
    warm_up()
