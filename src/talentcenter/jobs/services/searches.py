"""Saved job board searches and their e-mail alerts.

A saved search keeps the job board's filters (``q``, ``industry``, ``region``, ``salary_min``,
``occupation``, ``sponsorship``) under a name of its owner's choosing; each is checked here, and
any other key is refused. At most :data:`MAX_SAVED_SEARCHES` per person, names unique per person.

:func:`saved_search_alerts_send` (the ``send_saved_search_alerts`` task, run periodically) sends
each alerting search's owner one digest of the openings published since the last one. Each
search is handled in its own transaction with its row locked (``skip_locked``), so two workers
never send the same alert twice, and ``last_alerted_at`` moves on with the e-mail queued in the
same commit: running it twice sends nothing new.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.accounts.policies import is_signed_in
from talentcenter.audit import events
from talentcenter.jobs.enums import Region, Sponsorship
from talentcenter.jobs.models import SavedSearch
from talentcenter.jobs.notices import applications as notices
from talentcenter.jobs.selectors.board import MAX_QUERY_LENGTH, SPONSORING
from talentcenter.jobs.selectors.talent import saved_search_openings
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.reference.models import Occupation

MAX_SAVED_SEARCHES = 20
NAME_MAX_LENGTH = 80
QUERY_MAX_LENGTH = MAX_QUERY_LENGTH
SALARY_MIN, SALARY_MAX = 0, 2_000_000_000  # 0: no filter (dropped), as on the board
# The board's sponsorship filter: any route, or one route (openings offering either count for both).
SPONSORSHIP_FILTERS = [SPONSORING, Sponsorship.KTECH_PASS, Sponsorship.E7_RECOMMENDATION, Sponsorship.EITHER]
CRITERIA_KEYS = ("q", "industry", "region", "salary_min", "occupation", "sponsorship")
DIGEST_SIZE = 10
# An opening counts for an alert once it has been published this long: a publication whose
# transaction commits a moment after an alert run started is not skipped by it.
SETTLE = timedelta(minutes=2)


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP


def _choice(key: str, value: Any, choices: list[str], message: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValidationError({key: message})
    return value


def clean_criteria(criteria: Any) -> dict[str, Any]:
    """The criteria checked and normalised (empty values dropped); unknown keys are refused."""
    if not isinstance(criteria, dict):
        raise ValidationError({"criteria": _("The search criteria are not valid.")})
    unknown = sorted(str(key) for key in criteria if key not in CRITERIA_KEYS)
    if unknown:
        raise ValidationError(
            {"criteria": _("Unknown search criteria: {keys}.").format(keys=", ".join(unknown))}, code="invalid"
        )
    cleaned: dict[str, Any] = {}
    for key in CRITERIA_KEYS:
        value = criteria.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key == "q":
            if not isinstance(value, str):
                raise ValidationError({"q": _("Enter words to search for.")})
            words = " ".join(value.split())
            if len(words) > QUERY_MAX_LENGTH:
                raise ValidationError(
                    {"q": _("Keep the search words to at most {limit} characters.").format(limit=QUERY_MAX_LENGTH)}
                )
            if any(char in "<>" for char in words):
                raise ValidationError({"q": _("Remove the characters < and >; markup is not allowed here.")})
            cleaned["q"] = words
        elif key == "industry":
            cleaned[key] = _choice(key, value, AdvancedIndustry.values, _("Choose an industry from the list."))
        elif key == "region":
            cleaned[key] = _choice(key, value, Region.values, _("Choose a region from the list."))
        elif key == "sponsorship":
            cleaned[key] = _choice(
                key, value, list(SPONSORSHIP_FILTERS), _("Choose a kind of visa sponsorship from the list.")
            )
        elif key == "salary_min":
            salary = _salary(value)
            if salary:
                cleaned[key] = salary
        elif key == "occupation":
            code = value.strip() if isinstance(value, str) else ""
            if not code or len(code) > 10 or not Occupation.objects.filter(code=code).exists():
                raise ValidationError({"occupation": _("Choose an occupation from the list.")})
            cleaned[key] = code
    return cleaned


def _salary(value: Any) -> int:
    message = _("Enter the lowest annual salary in won (KRW), up to 2,000,000,000.")
    if isinstance(value, bool):
        raise ValidationError({"salary_min": message})
    if isinstance(value, str):
        digits = value.strip().replace(",", "")
        if not digits.isdigit():
            raise ValidationError({"salary_min": message})
        value = int(digits)
    if not isinstance(value, int) or not SALARY_MIN <= value <= SALARY_MAX:
        raise ValidationError({"salary_min": message})
    return value


def clean_name(name: Any) -> str:
    text = " ".join(name.split()) if isinstance(name, str) else ""
    if not text:
        raise ValidationError({"name": _("Give the search a name.")})
    if len(text) > NAME_MAX_LENGTH:
        raise ValidationError({"name": _("Keep the name to at most {limit} characters.").format(limit=NAME_MAX_LENGTH)})
    if any(char in "<>" for char in text):
        raise ValidationError({"name": _("Remove the characters < and >; markup is not allowed here.")})
    return text


def _name_taken() -> ValidationError:
    return ValidationError({"name": _("You already have a saved search with this name. Choose another name.")})


def _require_signed_in(actor: User) -> None:
    if not is_signed_in(actor):
        raise PermissionDenied


def _lock_own(actor: User, search: SavedSearch | int) -> SavedSearch:
    _require_signed_in(actor)
    search_id = search if isinstance(search, int) else search.pk
    locked = SavedSearch.objects.select_for_update().filter(pk=search_id).first()
    if locked is None or locked.user_id != actor.pk:
        raise PermissionDenied
    return locked


def _save_checking_name(search: SavedSearch, **kwargs: Any) -> None:
    try:
        with transaction.atomic():
            search.save(**kwargs)
    except IntegrityError:
        raise _name_taken() from None


@transaction.atomic
def saved_search_create(*, actor: User, name: str, criteria: dict[str, Any], alert: bool = True) -> SavedSearch:
    """Keep the job board's current filters under a name; ``alert`` e-mails new matching openings."""
    _require_signed_in(actor)
    name = clean_name(name)
    criteria = clean_criteria(criteria)
    # The person's row is the lock that keeps two saves at once from passing the limit together.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    searches = SavedSearch.objects.filter(user_id=actor.pk)
    if searches.count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            _("You can keep at most {limit} saved searches. Delete one you no longer need first.").format(
                limit=MAX_SAVED_SEARCHES
            ),
            code="limit",
        )
    if searches.filter(name=name).exists():
        raise _name_taken()
    search = SavedSearch(user_id=actor.pk, name=name, criteria=criteria, alert=bool(alert))
    _save_checking_name(search, force_insert=True)
    events.record(
        actor=actor,
        action="jobs.saved_search_created",
        subject=search,
        changes={"name": name, "criteria": criteria, "alert": search.alert},
    )
    return search


@transaction.atomic
def saved_search_update(
    *,
    actor: User,
    search: SavedSearch | int,
    name: str | Literal[_Keep.KEEP] = KEEP,
    criteria: dict[str, Any] | Literal[_Keep.KEEP] = KEEP,
    alert: bool | Literal[_Keep.KEEP] = KEEP,
) -> SavedSearch:
    """Rename a saved search, change its criteria or turn its e-mails on or off (owner only).

    Turning the e-mails back on starts from now: openings published while they were off are not
    sent all at once."""
    locked = _lock_own(actor, search)
    before = events.snapshot(locked, ["name", "criteria", "alert"])
    if name is not KEEP:
        locked.name = clean_name(name)
        if SavedSearch.objects.filter(user_id=locked.user_id, name=locked.name).exclude(pk=locked.pk).exists():
            raise _name_taken()
    if criteria is not KEEP:
        locked.criteria = clean_criteria(criteria)
    if alert is not KEEP:
        if not isinstance(alert, bool):
            raise ValidationError({"alert": _("Enter true or false.")})
        if alert and not locked.alert:
            from django.utils import timezone

            locked.last_alerted_at = timezone.now()
        locked.alert = alert
    changes = events.diff(before=before, after=events.snapshot(locked, ["name", "criteria", "alert"]))
    if changes:
        _save_checking_name(locked)
        events.record(actor=actor, action="jobs.saved_search_updated", subject=locked, changes=changes)
    return locked


@transaction.atomic
def saved_search_delete(*, actor: User, search: SavedSearch | int) -> None:
    locked = _lock_own(actor, search)
    events.record(
        actor=actor,
        action="jobs.saved_search_deleted",
        subject=locked,
        changes={"name": locked.name, "criteria": locked.criteria},
    )
    locked.delete()


def saved_search_alerts_send(*, now: datetime) -> int:
    """E-mail each alerting search's owner the openings published since its last alert (or its
    creation) that match it: one digest of up to ten, in the owner's language. Returns how many
    digests were queued. Safe to run twice or on two workers at once."""
    upto = now - SETTLE
    ids = list(SavedSearch.objects.filter(alert=True, user__is_active=True).order_by("pk").values_list("pk", flat=True))
    sent = 0
    for search_id in ids:
        with transaction.atomic():
            search = (
                SavedSearch.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .filter(pk=search_id, alert=True)
                .first()
            )
            if search is None:
                continue  # another worker has it, or it was turned off or deleted meanwhile
            since = search.last_alerted_at or search.created_at
            if since >= upto:
                continue
            try:
                criteria = clean_criteria(search.criteria)
            except ValidationError:
                criteria = None  # e.g. an occupation code removed from the reference data
            if criteria is not None:
                found = saved_search_openings(criteria).filter(published_at__gt=since, published_at__lte=upto)
                total = found.count()
                if total:
                    openings = list(found.select_related("company").order_by("-published_at", "-id")[:DIGEST_SIZE])
                    if notices.saved_search_digest(search, openings, total=total) is not None:
                        sent += 1
            search.last_alerted_at = upto
            search.save(update_fields=["last_alerted_at"])
    return sent
