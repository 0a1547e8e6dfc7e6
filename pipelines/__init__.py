"""Oversight: police-governance reports in, a tested DuckDB warehouse of their figures out."""

from pipelines import compiled

__version__ = "0.1.0"

# Parsing and extraction run compiled only while their extensions match their source.
compiled.install()
