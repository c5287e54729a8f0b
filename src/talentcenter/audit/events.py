"""Small functions that write audit events; every state-changing service calls one.

They run inside the caller's transaction, so an event exists exactly when its change does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from talentcenter.audit.models import AuditEvent

# Who did it: a person, or nobody (``None`` or the anonymous user) for the system itself.
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # countries, lazy strings and other value objects


def diff(*, before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ, as ``{field: [old, new]}``."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in sorted(set(before) | set(after))
        if _plain(before.get(key)) != _plain(after.get(key))
    }


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {field: _plain(getattr(instance, field)) for field in fields}


def record(
    *,
    actor: Actor,
    action: str,
    subject: models.Model,
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event describing what ``actor`` did to ``subject``."""
    person = actor if isinstance(actor, AbstractBaseUser) and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor_id=person.pk if person else None,
        actor_label=str(getattr(person, "email", "") or "system"),
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        subject_label=str(subject)[:300],
        changes={key: _plain(value) for key, value in (changes or {}).items()},
        reason=reason,
    )
