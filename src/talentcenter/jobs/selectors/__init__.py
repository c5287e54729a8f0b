"""Reads, one module per part of the app: ``board`` (the public job board), ``company``
(openings and pipelines of a company), ``talent`` (a talent's applications, saved searches,
recommendations) and ``requests`` (talent requests and shortlists)."""
