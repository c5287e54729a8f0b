"""Demo data: a seeded, realistic generator, the fixed demo accounts, and the ``totp`` helper."""
