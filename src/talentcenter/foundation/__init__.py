"""The foundation layer: small building blocks every app uses and that know no app.

Nothing here imports another ``talentcenter`` package, so any app, domain or interface, may import
from it (import-linter keeps it at the bottom of the layers).
"""
