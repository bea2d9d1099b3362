"""Benchmark harness at province scale: synthetic data, page timings, reference SQL, reminders.

`manage.py bench` drives it; the pieces are importable so tests can generate a tiny province.
"""
