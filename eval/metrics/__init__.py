"""Metric families, one module each; every function takes plain dicts/lists so it can be tested by hand."""
