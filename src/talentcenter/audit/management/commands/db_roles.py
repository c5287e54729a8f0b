"""Create the two PostgreSQL roles talentcenter runs with, so the audit trail survives the app's own account.

- the **migration owner** owns the schema (every table, sequence and function) and runs
  ``talentcenter migrate`` (``DATABASE_MIGRATE_URL``);
- the **runtime role** is what the application connects as (``DATABASE_URL``): ordinary reads and
  writes on every table, sequences, and on the audit trail (``audit_auditevent``) only INSERT and
  SELECT. Not owning anything, it cannot TRUNCATE, ALTER, DISABLE TRIGGER or DROP; the trigger
  refuses row UPDATE and DELETE even to the owner.

Run it once with a superuser's (or a CREATEROLE owner's) URL as ``DATABASE_URL``, and again after
restoring a dump; it is idempotent and prints what it changed. Default privileges make the tables
later migrations create (as the owner) open to the runtime role too. Passwords are read from
``TALENTCENTER_DB_OWNER_PASSWORD`` and ``TALENTCENTER_DB_RUNTIME_PASSWORD`` when set (never from the
command line). SQLite has no roles: there the command says so and does nothing.
"""

from __future__ import annotations

import os
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

AUDIT_TABLE = "audit_auditevent"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
RUNTIME_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
AUDIT_TABLE_REFUSED = "UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"
PASSWORD_VARIABLES = {"owner": "TALENTCENTER_DB_OWNER_PASSWORD", "runtime": "TALENTCENTER_DB_RUNTIME_PASSWORD"}


class Command(BaseCommand):
    help = (
        "Create or repair the PostgreSQL roles: a migration owner that owns the schema and a runtime "
        "role that may only insert into and read the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", default="talentcenter_owner", help="The migration owner's role name.")
        parser.add_argument("--runtime", default="talentcenter_app", help="The application's runtime role name.")
        parser.add_argument("--schema", default="public", help="The schema talentcenter's tables are in.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The Django database alias to connect with.")

    def handle(self, *args: Any, **options: Any) -> None:
        owner, runtime, schema = options["owner"], options["runtime"], options["schema"]
        for name in (owner, runtime, schema):
            if not ROLE_NAME.match(name):
                raise CommandError(f"{name!r} is not a plain lower-case PostgreSQL name.")
        if owner == runtime:
            raise CommandError("The owner and the runtime role must be two different roles.")
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            self.stdout.write(
                f"The database is {connection.vendor}, which has no roles: nothing to do. "
                "The audit trail is protected there by the ORM guards and a trigger (docs/architecture.md)."
            )
            return
        with transaction.atomic(using=options["database"]), connection.cursor() as cursor:
            done = RoleSetup(cursor, owner=owner, runtime=runtime, schema=schema).apply()
        for line in done:
            self.stdout.write(line)


class RoleSetup:
    """The statements, each run only when the database is not already so (hence idempotent)."""

    def __init__(self, cursor: Any, *, owner: str, runtime: str, schema: str) -> None:
        self.cursor = cursor
        self.owner, self.runtime, self.schema = owner, runtime, schema
        self.done: list[str] = []

    def _one(self, sql: str, params: Any = None) -> Any:
        self.cursor.execute(sql, params)
        row = self.cursor.fetchone()
        return row[0] if row else None

    def _all(self, sql: str, params: Any = None) -> list[Any]:
        self.cursor.execute(sql, params)
        return list(self.cursor.fetchall())

    def apply(self) -> list[str]:
        database = self._one("SELECT current_database()")
        for kind, role in (("owner", self.owner), ("runtime", self.runtime)):
            self._role(kind, role)
        self.cursor.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {self.owner}, {self.runtime}')
        self.cursor.execute(f"GRANT USAGE, CREATE ON SCHEMA {self.schema} TO {self.owner}")
        self.cursor.execute(f"GRANT USAGE ON SCHEMA {self.schema} TO {self.runtime}")
        self.cursor.execute(f"REVOKE CREATE ON SCHEMA {self.schema} FROM PUBLIC, {self.runtime}")
        self._ownership()
        audit_before = self._audit_privileges()
        self._privileges()
        self._audit_table(audit_before)
        if not self.done:
            self.done.append(f"Nothing to change: {self.owner} owns the schema and {self.runtime} is the runtime role.")
        return self.done

    def _role(self, kind: str, role: str) -> None:
        exists = self._one("SELECT count(*) FROM pg_roles WHERE rolname = %s", [role])
        if not exists:
            self.cursor.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS")
            self.done.append(f"Created the {kind} role {role}.")
        else:
            flags = self._one(
                "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls OR NOT rolcanlogin "
                "FROM pg_roles WHERE rolname = %s",
                [role],
            )
            if flags:
                self.cursor.execute(f"ALTER ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS")
                self.done.append(f"Took the superuser, create and bypass rights from {role} and let it log in.")
        password = os.environ.get(PASSWORD_VARIABLES[kind], "")
        if password:
            self.cursor.execute(f"ALTER ROLE {role} PASSWORD %s", [password])
            self.done.append(f"Set the password of {role} from {PASSWORD_VARIABLES[kind]}.")

    def _ownership(self) -> None:
        objects = self._all(
            """
            SELECT c.relkind, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND pg_get_userbyid(c.relowner) <> %s
              AND NOT (c.relkind = 'S' AND EXISTS (
                  SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
            ORDER BY c.relname
            """,
            [self.schema, self.owner],
        )
        keyword = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
        for relkind, name in objects:
            self.cursor.execute(f'ALTER {keyword[relkind]} {self.schema}."{name}" OWNER TO {self.owner}')
        if objects:
            self.done.append(f"Gave {len(objects)} tables, views and sequences to {self.owner}.")
        functions = self._all(
            """
            SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = %s AND pg_get_userbyid(p.proowner) <> %s
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
            """,
            [self.schema, self.owner],
        )
        for (signature,) in functions:
            self.cursor.execute(f"ALTER FUNCTION {signature} OWNER TO {self.owner}")
        if functions:
            self.done.append(f"Gave {len(functions)} functions (the audit trigger's among them) to {self.owner}.")

    def _privileges(self) -> None:
        missing = self._one(
            """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relname <> %s
              AND NOT has_table_privilege(%s, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
            """,
            [self.schema, AUDIT_TABLE, self.runtime],
        )
        self.cursor.execute(f"GRANT {RUNTIME_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {self.schema} TO {self.runtime}")
        self.cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {self.schema} TO {self.runtime}")
        if missing:
            self.done.append(f"Granted {self.runtime} reading and writing on {missing} tables.")
        defaults = self._one(
            """
            SELECT count(*) FROM pg_default_acl a JOIN pg_namespace n ON n.oid = a.defaclnamespace
            WHERE n.nspname = %s AND pg_get_userbyid(a.defaclrole) = %s
              AND array_to_string(a.defaclacl, ',') LIKE %s
            """,
            [self.schema, self.owner, f"%{self.runtime}=%"],
        )
        for statement in (
            f"GRANT {RUNTIME_TABLE_PRIVILEGES} ON TABLES TO {self.runtime}",
            f"GRANT USAGE, SELECT ON SEQUENCES TO {self.runtime}",
        ):
            self.cursor.execute(f"ALTER DEFAULT PRIVILEGES FOR ROLE {self.owner} IN SCHEMA {self.schema} {statement}")
        if defaults < 2:
            self.done.append(f"Tables and sequences {self.owner} creates from now on are open to {self.runtime}.")

    def _audit_privileges(self) -> dict[str, bool] | None:
        """What the runtime role may do to the audit table (None when there is none yet)."""
        table = f"{self.schema}.{AUDIT_TABLE}"
        if not self._one("SELECT to_regclass(%s) IS NOT NULL", [table]):
            return None
        return {
            privilege: bool(self._one("SELECT has_table_privilege(%s, %s, %s)", [self.runtime, table, privilege]))
            for privilege in ("SELECT", "INSERT", *AUDIT_TABLE_REFUSED.split(", "))
        }

    def _audit_table(self, before: dict[str, bool] | None) -> None:
        if before is None:
            self.done.append(f"There is no {AUDIT_TABLE} yet: run `talentcenter migrate`, then this command again.")
            return
        table = f"{self.schema}.{AUDIT_TABLE}"
        self.cursor.execute(f"REVOKE ALL ON {table} FROM PUBLIC")
        self.cursor.execute(f"REVOKE {AUDIT_TABLE_REFUSED} ON {table} FROM {self.runtime}")
        self.cursor.execute(f"GRANT SELECT, INSERT ON {table} TO {self.runtime}")
        if before != self._audit_privileges():
            self.done.append(f"{self.runtime} may only insert into and read {AUDIT_TABLE}.")
