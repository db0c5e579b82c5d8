"""Evaluation: metrics, a runner over question sets, reports and comparisons (`python -m eval run|compare`)."""
