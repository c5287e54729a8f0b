"""The jobs API routers, assembled in talentcenter/api/urls.py: ``openings`` (public board and the
company's openings, applicants and candidates), ``talent`` (applications, saved searches,
recommendations), ``requests`` (talent requests, for companies and for staff)."""
