"""`python -m benchmarks`: the speed benchmark (benchmarks/perf.py)."""

from .perf import main

raise SystemExit(main())
