"""Synthetic documents (see corpus.py)."""
