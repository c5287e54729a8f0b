"""Print a talent's and a staff member's API token, for running the fuzzer against a server.

The two accounts are made on first use (``fuzz-talent@…`` and ``fuzz-staff@…``, on a reserved
domain) and reused afterwards; every run adds fresh tokens. Refused in production.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.accounts.services import api_token_create, user_grant_role
from talentcenter.talent.services import talent_profile_get_or_create

TALENT_EMAIL = "fuzz-talent@talentcenter.invalid"
STAFF_EMAIL = "fuzz-staff@talentcenter.invalid"


class Command(BaseCommand):
    help = "Create a talent's and a staff member's API token and print them as shell variables."

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Fuzzing tokens are for development and CI, never for production.")
        talent, _created = User.objects.get_or_create(email=TALENT_EMAIL)
        talent_profile_get_or_create(user=talent)
        staff, _created = User.objects.get_or_create(email=STAFF_EMAIL)
        user_grant_role(user=staff, role=Role.STAFF_REVIEWER)
        _token, talent_secret = api_token_create(user=talent, name="fuzz")
        _token, staff_secret = api_token_create(user=staff, name="fuzz")
        self.stdout.write(f"TALENT_TOKEN={talent_secret}")
        self.stdout.write(f"STAFF_TOKEN={staff_secret}")
