"""`python -m briefpress`: the command line (:mod:`briefpress.cli`), its exit code the process's."""

import sys

from .cli import main

sys.exit(main())
