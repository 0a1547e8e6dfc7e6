"""Oversight: police-governance reports in, a tested DuckDB warehouse of their figures out."""

__version__ = "0.1.0"
