"""Briefing: turn news-article seeds into a clean, searchable, dated briefing site."""

__version__ = "0.1.0"
