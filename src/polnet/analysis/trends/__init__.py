"""Trends and statistics: checks, hits, notices and diffusions over time and by country, post
and kind, as tables, Vega-Lite charts, CSV and images (`docs/analysis.md`)."""
