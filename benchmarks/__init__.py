"""Scripts that measure Briefing on shared benchmark data and print the figures."""
