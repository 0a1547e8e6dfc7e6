"""Measure extraction against hand-labelled gold facts (see `scoring`)."""
