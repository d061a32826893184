"""Briefing: turn news-article seeds into a clean, searchable, dated briefing site."""

import os

__version__ = "0.1.0"

# Before numpy is first imported: OpenBLAS starts a thread of its own then, which spins for
# a tenth of a second of CPU that the build's other process wanted (two cores). The
# generator does no dense linear algebra, and works in parallel by processes.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
