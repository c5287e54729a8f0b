"""See api/__init__.py."""

from ninja import Router

router = Router(tags=["jobs"])

staff_router = Router(tags=["staff"])
