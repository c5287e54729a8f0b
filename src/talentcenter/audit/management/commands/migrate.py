"""Django's ``migrate``, connected as the migration owner when ``DATABASE_MIGRATE_URL`` is set.

The application runs as a runtime role that may not change the schema nor the audit trail
(``talentcenter db-roles``); migrations need the owner of the schema, and tables they create are
owned by it, so the default privileges ``db-roles`` granted cover them.
"""

from __future__ import annotations

from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Connects as DATABASE_MIGRATE_URL (the schema owner) when it is set."

    def handle(self, *args: Any, **options: Any) -> None:
        migrate_url = getattr(settings, "DATABASE_MIGRATE_URL", "")
        if migrate_url and options.get("database", DEFAULT_DB_ALIAS) == DEFAULT_DB_ALIAS:
            connect_as_owner(migrate_url)
            if options["verbosity"] >= 1:
                user = connections[DEFAULT_DB_ALIAS].settings_dict.get("USER", "")
                self.stdout.write(f"Migrating as the schema owner ({user}, from DATABASE_MIGRATE_URL).")
        super().handle(*args, **options)


def connect_as_owner(migrate_url: str) -> None:
    """Point the default connection at the owner's URL: the next query connects with it."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.close()
    owner = dj_database_url.parse(migrate_url)
    for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT"):
        connection.settings_dict[key] = owner.get(key, "")
    connection.settings_dict["OPTIONS"] = {**connection.settings_dict.get("OPTIONS", {}), **owner.get("OPTIONS", {})}
