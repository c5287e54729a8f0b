"""Pages: ``board`` (public job board), ``company`` (openings, applicants, ranked candidates),
``talent`` (apply, my applications, saved searches, recommendations), ``requests`` (talent
requests: the company's side) and ``backoffice`` (talent requests: the center's side)."""
