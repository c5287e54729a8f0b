"""The audit trail survives the application's own database account (PostgreSQL roles).

The test creates the two roles in the test database's cluster under names unique to this test
database (parallel runs and workers do not collide), works as the runtime role with ``SET ROLE``,
and leaves nothing behind: roles, ownership and grants are all made inside the test's transaction,
which is rolled back at its end (PostgreSQL's CREATE ROLE and GRANT are transactional), and the
roles are dropped explicitly should anything have been committed.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

import talentcenter
from talentcenter.audit import events
from talentcenter.audit.models import AuditEvent
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db
AUDIT = AuditEvent._meta.db_table
INSUFFICIENT_PRIVILEGE = "42501"


def _role_names() -> tuple[str, str]:
    tag = hashlib.sha256(str(connection.settings_dict["NAME"]).encode()).hexdigest()[:12]
    return f"tc_test_{tag}_owner", f"tc_test_{tag}_app"


@pytest.fixture
def roles() -> Iterator[tuple[str, str]]:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no database roles; the ORM guards and the UPDATE trigger protect the trail there.")
    owner, runtime = _role_names()
    yield owner, runtime
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


@contextmanager
def acting_as(role: str) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def refused(sql: str) -> str:
    """Run ``sql`` in a savepoint and return the SQLSTATE it fails with."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    return getattr(caught.value.__cause__, "sqlstate", "")


def run_db_roles(owner: str, runtime: str) -> str:
    # The test's rows are still in its open transaction: check their deferred foreign keys now, as a
    # commit would, since PostgreSQL cannot change a table's owner with such checks pending.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    out = io.StringIO()
    call_command("db_roles", owner=owner, runtime=runtime, stdout=out)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return out.getvalue()


def test_the_runtime_role_may_add_to_the_trail_but_not_change_or_remove_it(roles: tuple[str, str]) -> None:
    owner, runtime = roles
    event = events.record(actor=None, action="company.verified", subject=CompanyFactory())
    # Given the roles made by the command
    output = run_db_roles(owner, runtime)
    assert f"Created the owner role {owner}." in output
    assert f"Created the runtime role {runtime}." in output
    # When the application works as the runtime role
    with acting_as(runtime):
        # Then it records and reads events
        added = events.record(actor=None, action="company.rejected", subject=CompanyFactory())
        assert set(AuditEvent.objects.values_list("pk", flat=True)) >= {event.pk, added.pk}
        # And it cannot change, empty or unprotect the trail: refused for lack of privilege, not by the trigger
        for statement in (
            f"TRUNCATE {AUDIT}",
            f"UPDATE {AUDIT} SET reason = 'rewritten' WHERE id = {event.pk}",
            f"DELETE FROM {AUDIT} WHERE id = {event.pk}",
            f"ALTER TABLE {AUDIT} DISABLE TRIGGER audit_event_no_update",
            f"ALTER TABLE {AUDIT} DISABLE TRIGGER ALL",
            f"DROP TRIGGER audit_event_no_update ON {AUDIT}",
            f"DROP TABLE {AUDIT}",
            f"ALTER TABLE {AUDIT} RENAME TO audit_old",
            f"ALTER TABLE {AUDIT} OWNER TO {runtime}",
            "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$ BEGIN RETURN NEW; END; "
            "$$ LANGUAGE plpgsql",
            "CREATE TABLE escape_hatch (id int)",
        ):
            assert refused(statement) == INSUFFICIENT_PRIVILEGE, statement
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_the_runtime_role_still_does_the_applications_work(roles: tuple[str, str]) -> None:
    owner, runtime = roles
    run_db_roles(owner, runtime)
    with acting_as(runtime):
        # inserts and updates on a regular table, with its sequence
        user = UserFactory(email="before@example.org")
        user.email = "after@example.org"
        user.save()
        assert type(user).objects.get(pk=user.pk).email == "after@example.org"
        CompanyFactory()
    # A table a later migration creates (as the owner) is open to the runtime role by default privileges
    with acting_as(owner), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE later_migration (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v int)")
    with acting_as(runtime), connection.cursor() as cursor:
        cursor.execute("INSERT INTO later_migration (v) VALUES (1)")
        cursor.execute("UPDATE later_migration SET v = 2")
        cursor.execute("SELECT v FROM later_migration")
        assert cursor.fetchone() == (2,)


def test_the_command_is_idempotent(roles: tuple[str, str]) -> None:
    owner, runtime = roles
    run_db_roles(owner, runtime)
    assert run_db_roles(owner, runtime).strip() == (
        f"Nothing to change: {owner} owns the schema and {runtime} is the runtime role."
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = %s", [AUDIT])
        assert cursor.fetchone() == (owner,)


def test_on_sqlite_the_command_says_there_are_no_roles() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL behaviour is tested above")
    out = io.StringIO()
    call_command("db_roles", stdout=out)
    assert "has no roles: nothing to do" in out.getvalue()


def test_migrate_connects_as_the_owner_from_database_migrate_url(roles: tuple[str, str]) -> None:
    # Given a runtime URL that cannot connect and the owner's URL that can (the test database)
    settings = connection.settings_dict
    owner_url = f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:{settings['PORT']}"
    environment = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nowhere",
        "DATABASE_MIGRATE_URL": f"{owner_url}/{settings['NAME']}",
        "PYTHONPATH": str(Path(talentcenter.__file__).parent.parent),
    }
    # When migrate runs, it connects with DATABASE_MIGRATE_URL (and finds nothing to do) ...
    migrate = subprocess.run(
        [sys.executable, "-m", "talentcenter", "migrate", "--plan"], env=environment, capture_output=True, text=True
    )
    assert migrate.returncode == 0, migrate.stderr
    # ... while every other command works as DATABASE_URL, the runtime role
    other = subprocess.run(
        [sys.executable, "-m", "talentcenter", "showmigrations", "audit"],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert other.returncode != 0
