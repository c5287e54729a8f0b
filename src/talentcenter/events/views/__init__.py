"""The events pages: the public list and event pages, a talent's registrations, a company's
booths (``public``, ``talent``, ``company``) and the staff's back office (``backoffice``)."""
