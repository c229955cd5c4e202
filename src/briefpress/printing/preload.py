"""What the workers' forkserver imports before forking them (:mod:`.workers`): :mod:`.layout`, which
imports WeasyPrint, then one small page laid out and written (:func:`.layout.warm_up`), so every
worker starts with what a first part otherwise pays for. Importing it is its whole purpose."""

from .layout import warm_up

warm_up()
