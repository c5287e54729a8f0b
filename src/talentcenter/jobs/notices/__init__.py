"""In-app notices and e-mails, one module per part: ``openings`` (pipeline, invitations to apply),
``applications`` (applied, withdrawn, saved-search alerts), ``requests`` (talent requests and shortlists)."""
