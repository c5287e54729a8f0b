"""Explainable, visa-aware matching of talent profiles and job openings (docs/matching.md).

The index keeps one row per profile and per opening in the database (the truth every process
shares) and a NumPy copy in each process that catches up with the rows changed since it last
looked before every query. ``query.py`` and ``records.py`` are the plain-data contract the rest
of the platform (jobs, talent requests, the evaluation set) speaks.
"""
