"""Writes, one module per part of the app (import from the module, e.g. ``services.openings``):

- ``openings``: create, edit, publish, unpublish, close (and the daily automatic closing); keeps
  the opening's matching index row in step.
- ``pipeline``: the company moves applicants between stages and writes notes.
- ``applications``: the talent applies in one step and withdraws.
- ``searches``: saved searches and their e-mail alerts.
- ``requests``: talent requests, the curated shortlist, the talent's agreement and the release log.
"""
