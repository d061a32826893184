"""Quality and speed benchmarks: scripts that print figures, run with `python -m benchmarks.<name>`."""
