"""Forms, one module per part of the app: ``openings`` (the company's opening editor and pipeline),
``talent`` (application, saved searches, board filters) and ``requests`` (talent requests and curation)."""
