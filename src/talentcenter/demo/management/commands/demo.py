"""`talentcenter demo`: load the reference data, the demo accounts and seeded demo data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from talentcenter.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from talentcenter.demo.generator import DEFAULT_COMPANIES, DEFAULT_PROFILES, DEFAULT_SEED, demo_load


def accounts_table() -> str:
    """The demo accounts as a plain-text table, printed at the end of every run."""
    rows = [("e-mail", "password", "role", "TOTP secret", "note")]
    rows += [
        (account.email, DEMO_PASSWORD, account.role, account.totp_secret or "-", account.note)
        for account in DEMO_ACCOUNTS
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = []
    for number, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Load demo data: reference lists, fixed demo accounts, talent profiles and companies. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
        parser.add_argument(
            "--profiles", type=int, default=DEFAULT_PROFILES, help="talent profiles (default %(default)s)"
        )
        parser.add_argument("--companies", type=int, default=DEFAULT_COMPANIES, help="companies (default %(default)s)")
        parser.add_argument("--batch-size", type=int, default=1000, help="rows per transaction (default %(default)s)")
        parser.add_argument(
            "--without-cases",
            action="store_true",
            help="skip the demo applications (K-Tech Pass and KOTRA cases in every status)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo data is made-up people and companies: it is never loaded in production.")
        if options["profiles"] < 0 or options["companies"] < 0 or options["batch_size"] < 1:
            raise CommandError("--profiles and --companies must be 0 or more, --batch-size at least 1.")
        verbose = options["verbosity"] >= 2
        result = demo_load(
            seed=options["seed"],
            profiles=options["profiles"],
            companies=options["companies"],
            batch_size=options["batch_size"],
            cases=not options["without_cases"],
            progress=(lambda message: self.stdout.write(message)) if verbose else None,
        )
        if result.profiles_created or result.companies_created or result.cases_created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data loaded in {result.seconds:.1f} s: {result.profiles_created:,} talent profiles, "
                    f"{result.companies_created:,} companies and {result.cases_created} applications added "
                    f"(seed {options['seed']})."
                )
            )
        else:
            self.stdout.write(
                f"Demo data already loaded ({result.profiles_total:,} generated talent profiles, "
                f"{result.companies_total:,} companies); nothing to add."
            )
        self.stdout.write("")
        self.stdout.write("Demo accounts (staff sign in with a TOTP code: `talentcenter totp <e-mail>` prints it):")
        self.stdout.write(accounts_table())
