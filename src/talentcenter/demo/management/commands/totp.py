"""`talentcenter totp <email>`: print the current TOTP code of a user (demo and tests only)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talentcenter.demo.totp import TotpUnavailable, totp_current_code


class Command(BaseCommand):
    help = "Print the current 6-digit TOTP code of a user's authenticator (refused in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            code = totp_current_code(email=options["email"])
        except TotpUnavailable as error:
            raise CommandError(str(error)) from error
        self.stdout.write(code)
