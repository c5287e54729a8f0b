import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from talentcenter.audit import events
from talentcenter.audit.models import AuditEvent, AuditTrailIsAppendOnly
from talentcenter.audit.selectors import audit_timeline_for
from tests.factories import CompanyFactory, UserFactory


def test_record_writes_actor_subject_and_changes(db: None) -> None:
    actor = UserFactory()
    company = CompanyFactory()

    event = events.record(actor=actor, action="company.verified", subject=company, changes={"status": ["a", "b"]})

    assert event.actor == actor
    assert event.actor_label == actor.email
    assert (event.subject_type, event.subject_id) == ("organizations.company", str(company.pk))
    assert event.changes == {"status": ["a", "b"]}
    assert audit_timeline_for(subject=company) == [event]


def test_the_orm_refuses_to_change_or_delete_an_event(db: None) -> None:
    event = events.record(actor=None, action="x.happened", subject=CompanyFactory())

    event.action = "x.rewritten"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="x.rewritten")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "x.happened"


def test_the_database_itself_refuses_raw_updates_and_deletes(db: None) -> None:
    event = events.record(actor=None, action="x.happened", subject=CompanyFactory())
    table = AuditEvent._meta.db_table

    statements = [f"UPDATE {table} SET action = 'x' WHERE id = %s"]
    if connection.vendor == "postgresql":
        statements.append(f"DELETE FROM {table} WHERE id = %s")
    for statement in statements:
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])

    assert AuditEvent.objects.get(pk=event.pk).action == "x.happened"


def test_diff_lists_only_changed_fields() -> None:
    assert events.diff(before={"a": 1, "b": 2}, after={"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}
