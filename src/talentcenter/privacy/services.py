"""Writes on privacy: consents, the access log and the deletion of an account.

Each write runs in one transaction with an audit event. Consents of the purposes that the talent
profile also asks about (provision to companies, news e-mails) are mirrored into
``accounts.ConsentRecord`` so that the profile's preferences page shows the same answer; the
mirror the other way is ``receivers.mirror_profile_consent``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any, Final, Literal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentcenter.accounts.enums import ConsentKind, Role
from talentcenter.accounts.models import ApiToken, User
from talentcenter.accounts.selectors import consent_current
from talentcenter.accounts.services import api_token_revoke, consent_record, user_grant_role
from talentcenter.audit import events
from talentcenter.audit.models import AuditEvent
from talentcenter.notifications.models import Notification
from talentcenter.privacy.enums import (
    CONSENT_TEXT_VERSION,
    OPTIONAL_PURPOSES,
    REQUIRED_PURPOSES,
    AccessWhat,
    Purpose,
    SignupRole,
    ViewerKind,
)
from talentcenter.privacy.models import Consent
from talentcenter.privacy.registry import hooks

ACCESS_ACTION: Final = "personal_data.viewed"
# One row per viewer, person and kind of data in this window: reading a profile ten times in a
# minute says nothing more than reading it once, and a useful log stays short.
ACCESS_LOG_WINDOW: Final = timedelta(minutes=5)

# The purposes the talent profile's preferences also record (accounts.ConsentRecord).
MIRRORED: Final = {
    Purpose.TERMS: ConsentKind.TERMS,
    Purpose.SERVICE: ConsentKind.PRIVACY,
    Purpose.THIRD_PARTY_COMPANIES: ConsentKind.PROFILE_SHARING,
    Purpose.MARKETING: ConsentKind.MARKETING,
}
SIGNUP_ROLES: Final = {SignupRole.PROFESSIONAL: Role.TALENT, SignupRole.COMPANY: Role.COMPANY_MEMBER}


def _mirror(user: User, purpose: Purpose, granted: bool) -> None:
    kind = MIRRORED.get(purpose)
    if kind is not None and consent_current(user=user, kind=kind) != granted:
        consent_record(user=user, kind=kind, granted=granted)


def _give(user: User, purpose: Purpose, *, actor: User | None) -> Consent | None:
    """Record the consent unless one is in force; None when nothing changed."""
    if Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).exists():
        return None
    consent = Consent.objects.create(user=user, purpose=purpose, version=CONSENT_TEXT_VERSION, given_at=timezone.now())
    events.record(
        actor=actor, action="privacy.consent_given", subject=user, changes={purpose.value: CONSENT_TEXT_VERSION}
    )
    return consent


def _withdraw(user: User, purpose: Purpose, *, actor: User | None) -> Consent | None:
    consent = Consent.objects.select_for_update().filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()
    if consent is None:
        return None
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    events.record(actor=actor, action="privacy.consent_withdrawn", subject=user, changes={purpose.value: False})
    return consent


@transaction.atomic
def signup_consents_record(*, user: User, optional: Iterable[Purpose], role: SignupRole) -> list[Consent]:
    """What a person agreed to when signing up, and the role they signed up for.

    Every required purpose is recorded (the sign-up form does not let anyone through without them);
    the optional ones only when ticked.
    """
    chosen = set(optional)
    if not chosen <= set(OPTIONAL_PURPOSES):
        raise ValidationError(_("Choose optional consents from the list."), code="invalid")
    given = []
    for purpose in (*REQUIRED_PURPOSES, *[p for p in OPTIONAL_PURPOSES if p in chosen]):
        consent = _give(user, purpose, actor=user)
        if consent is not None:
            given.append(consent)
        _mirror(user, purpose, True)
    user_grant_role(user=user, role=SIGNUP_ROLES[SignupRole(role)], actor=user)
    return given


@transaction.atomic
def consents_required_ensure(*, user: User) -> None:
    """The required consents, for accounts made outside sign-up (the demo, the command line)."""
    for purpose in REQUIRED_PURPOSES:
        _give(user, purpose, actor=user)
        _mirror(user, purpose, True)


@transaction.atomic
def consent_give(*, actor: User, purpose: Purpose) -> Consent | None:
    User.objects.select_for_update().filter(pk=actor.pk).first()
    consent = _give(actor, Purpose(purpose), actor=actor)
    _mirror(actor, Purpose(purpose), True)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, purpose: Purpose) -> Consent | None:
    """Withdraw an optional consent; the apps concerned act on it in the same transaction
    (withdrawing provision to companies hides the talent profile from them)."""
    purpose = Purpose(purpose)
    if purpose in REQUIRED_PURPOSES:
        raise ValidationError(
            _("This consent is needed to use the service. To withdraw it, delete your account."), code="required"
        )
    User.objects.select_for_update().filter(pk=actor.pk).first()
    consent = _withdraw(actor, purpose, actor=actor)
    for hook in hooks.consent_withdrawn.values():
        hook(actor, purpose)
    _mirror(actor, purpose, False)
    return consent


def mirror_from_profile(*, user: User, purpose: Purpose, granted: bool) -> None:
    """The talent profile recorded an answer on one of the mirrored purposes: follow it."""
    with transaction.atomic():
        if granted:
            _give(user, purpose, actor=user)
        else:
            _withdraw(user, purpose, actor=user)


# --- The access log ---------------------------------------------------------------------------


def viewer_kind(viewer: User) -> ViewerKind:
    """How the person read about is told who read: by organisation, never by a staff member's name."""
    roles = viewer.role_names
    if viewer.is_superuser or roles & {Role.STAFF_REVIEWER, Role.CONCIERGE, Role.ADMINISTRATOR}:
        return ViewerKind.CENTER_STAFF
    if Role.EXTERNAL_EVALUATOR in roles:
        return ViewerKind.EVALUATOR
    if Role.POLICY_ANALYST in roles:
        return ViewerKind.ANALYST
    if Role.COMPANY_MEMBER in roles:
        return ViewerKind.COMPANY
    return ViewerKind.OTHER


def _object_key(obj: models.Model | None) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}" if obj is not None else ""


def record_personal_data_access(
    *,
    viewer: User,
    subject: User,
    what: str,
    obj: models.Model | None = None,
    via: Literal["web", "api"] = "web",
) -> AuditEvent | None:
    """Log that ``viewer`` read ``subject``'s personal data (``what``, an ``AccessWhat`` value).

    A person reading their own data is not logged. At most one row per viewer, person and ``what``
    is written in ``ACCESS_LOG_WINDOW``: one indexed SELECT and at most one INSERT. Runs in the
    caller's transaction when there is one. Returns the event, or None when nothing was written.
    """
    what = AccessWhat(what).value
    if viewer.pk == subject.pk:
        return None
    since = timezone.now() - ACCESS_LOG_WINDOW
    recent = AuditEvent.objects.filter(
        subject_type=User._meta.label_lower,
        subject_id=str(subject.pk),
        occurred_at__gte=since,
        action=ACCESS_ACTION,
        actor_id=viewer.pk,
        changes__what=what,
    )
    if recent.exists():
        return None
    return events.record(
        actor=viewer,
        action=ACCESS_ACTION,
        subject=subject,
        changes={"what": what, "via": via, "object": _object_key(obj), "viewer_kind": viewer_kind(viewer).value},
    )


def record_personal_data_list_access(
    *, viewer: User, subjects: Iterable[User], what: str, via: Literal["web", "api"] = "web"
) -> int:
    """Log a list read: one row per listed person (so each sees it in "who saw me"), but at most
    one per viewer, person and ``what`` in ``ACCESS_LOG_WINDOW``. Returns how many rows were written."""
    return record_list_access_of_people(
        viewer=viewer, people={person.pk: str(person) for person in subjects}, what=what, via=via
    )


def record_list_access_of_people(
    *, viewer: User, people: Mapping[int, str], what: str, via: Literal["web", "api"] = "web"
) -> int:
    """:func:`record_personal_data_list_access` for a list read as plain values: ``people`` maps each
    listed account's id to how it is named (``str(user)``: the display name, else the e-mail).

    Written as one statement, an INSERT of the listed people not logged in the window (``INSERT ...
    SELECT ... WHERE NOT EXISTS``): a list page costs the same one query whether its people were
    logged already or not, so its query count is fixed (issue 14)."""
    what = AccessWhat(what).value
    people = {pk: label for pk, label in people.items() if pk != viewer.pk}
    if not people:
        return 0
    now = timezone.now()
    subject_type = User._meta.label_lower
    connection = connections[AuditEvent.objects.db]
    table, quote = AuditEvent._meta.db_table, connection.ops.quote_name
    # Who was logged in the window: compiled by the ORM (the JSON lookup differs by database), then
    # tied to each listed person, which the (subject_type, subject_id, occurred_at) index serves.
    recent = (
        AuditEvent.objects.filter(
            subject_type=subject_type,
            occurred_at__gte=now - ACCESS_LOG_WINDOW,
            action=ACCESS_ACTION,
            actor_id=viewer.pk,
            changes__what=what,
        )
        .order_by()
        .values("subject_id")
    )
    recent_sql, recent_params = recent.query.sql_with_params()
    fields = {field.name: field for field in AuditEvent._meta.concrete_fields}
    names = {name: quote(str(field.column)) for name, field in fields.items()}
    columns = ("occurred_at", "actor", "actor_label", "action", "subject_type", "changes", "reason")
    constants = [
        fields["occurred_at"].get_db_prep_save(now, connection),
        viewer.pk,
        viewer.email,
        ACCESS_ACTION,
        subject_type,
        fields["changes"].get_db_prep_save(
            {"what": what, "via": via, "object": "", "viewer_kind": viewer_kind(viewer).value}, connection
        ),
        "",
    ]
    ids, labels = [str(pk) for pk in people], [label[:300] for label in people.values()]
    listed_params: list[Any]
    if connection.vendor == "postgresql":
        # Two arrays: the statement's text is the same for any number of people (psycopg keeps it).
        listed, listed_params = (
            "unnest(%s::varchar[], %s::varchar[]) AS listed (subject_id, subject_label)",
            [ids, labels],
        )
    else:
        rows = " UNION ALL ".join(["SELECT %s AS subject_id, %s AS subject_label"] * len(people))
        listed, listed_params = (
            f"({rows}) AS listed",
            [value for pair in zip(ids, labels, strict=True) for value in pair],
        )
    # Only quoted names and placeholders are written into the statement; every value is a parameter.
    statement = (
        f"INSERT INTO {quote(table)} ({', '.join(names[name] for name in columns)}, "  # noqa: S608
        f"{names['subject_id']}, {names['subject_label']}) "
        f"SELECT {', '.join(['%s'] * len(columns))}, listed.subject_id, listed.subject_label "
        f"FROM {listed} "
        f"WHERE NOT EXISTS ({recent_sql} AND {quote(table)}.{names['subject_id']} = listed.subject_id)"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*constants, *listed_params, *recent_params])
        return max(cursor.rowcount, 0)


# --- Deleting an account ----------------------------------------------------------------------


@transaction.atomic
def account_delete(*, actor: User, password: str) -> User:
    """Delete the actor's own account after checking their password.

    The account is deactivated and its personal fields erased; each app erases its own through
    the registered erasers, in this transaction. Applications and issued documents are kept for
    their legal retention (they belong to the public record of a decision), as is the audit trail.
    """
    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.is_active:
        raise ValidationError(_("This account is already deleted."), code="conflict")
    if not user.check_password(password):
        raise ValidationError({"password": _("The password is not correct.")}, code="invalid")
    for eraser in hooks.erasers.values():
        eraser(user)
    now = timezone.now()
    for consent in Consent.objects.select_for_update().filter(user=user, withdrawn_at__isnull=True):
        consent.withdrawn_at = now
        consent.save(update_fields=["withdrawn_at"])
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        api_token_revoke(token=token, actor=user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    user.groups.clear()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.display_name = ""
    user.organisation = ""
    user.set_unusable_password()
    user.is_active = False
    user.save(update_fields=["email", "display_name", "organisation", "password", "is_active"])
    events.record(actor=user, action="account.deleted", subject=user, changes={"erased_by": sorted(hooks.erasers)})
    return user
