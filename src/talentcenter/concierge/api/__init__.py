"""The concierge's API: a person's plan and requests at ``/api/v1/me/concierge``, the desk's queue
at ``/api/v1/staff/concierge``."""
