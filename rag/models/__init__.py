"""Offline model weights: which model a name means (registry), how the defaults are built and
verified (provision, e5_rebuild). Embedding itself lives in rag/embed.py."""
