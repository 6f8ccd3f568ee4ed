"""Helpers of ``benchmarks/screening.py``: data, in-process runs, baselines, FEBRL4, HTTP, report."""
