"""Saved searches (services.searches): the criteria checks, the limits, owner-only changes, and the
e-mail alerts: only new and matching openings, one digest in the owner's language, idempotent,
delivered over real SMTP."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from talentcenter.audit.models import AuditEvent
from talentcenter.jobs.enums import OpeningStatus, Region, Sponsorship
from talentcenter.jobs.models import SavedSearch
from talentcenter.jobs.services.searches import (
    MAX_SAVED_SEARCHES,
    clean_criteria,
    saved_search_alerts_send,
    saved_search_create,
    saved_search_delete,
    saved_search_update,
)
from talentcenter.jobs.tests.talent_support import korean_user, occupation, opening
from talentcenter.notifications.enums import EmailStatus
from talentcenter.notifications.models import OutboundEmail
from tests.factories import TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}


def search_made_days_ago(user: Any, days: int = 3, **values: Any) -> SavedSearch:
    search = saved_search_create(actor=user, **{"name": "Fabs near Seoul", "criteria": {}, **values})
    SavedSearch.objects.filter(pk=search.pk).update(created_at=timezone.now() - days * DAY)
    search.refresh_from_db()
    return search


def digests() -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(template="jobs_saved_search_digest").order_by("pk"))


# --- The criteria ------------------------------------------------------------------------------


def test_the_board_filters_are_checked_and_kept_normalised():
    occupation()  # 2211 is in the reference data
    cleaned = clean_criteria(
        {
            "q": "  process   engineer ",
            "industry": "semiconductor",
            "region": "gyeonggi",
            "salary_min": "90,000,000",
            "occupation": "2211",
            "sponsorship": "either",
        }
    )
    assert cleaned == {
        "q": "process engineer",
        "industry": "semiconductor",
        "region": "gyeonggi",
        "salary_min": 90_000_000,
        "occupation": "2211",
        "sponsorship": "either",
    }
    assert clean_criteria({"q": "", "region": None}) == {}


@pytest.mark.parametrize(
    ("criteria", "field"),
    [
        ({"page": "2"}, "criteria"),
        ({"industry": "fishing"}, "industry"),
        ({"region": "tokyo"}, "region"),
        ({"salary_min": "a lot"}, "salary_min"),
        ({"salary_min": 2_000_000_001}, "salary_min"),
        ({"salary_min": "-5"}, "salary_min"),
        ({"salary_min": True}, "salary_min"),
        ({"occupation": "9999"}, "occupation"),
        ({"sponsorship": "none"}, "sponsorship"),
        ({"q": "x" * 201}, "q"),
        ({"sponsorship": "sometimes"}, "sponsorship"),
        ({"q": "<script>"}, "q"),
    ],
)
def test_unknown_keys_and_invalid_values_are_refused(criteria: dict[str, Any], field: str, talent: Any):
    with pytest.raises(ValidationError) as refused:
        saved_search_create(actor=talent, name="Mine", criteria=criteria)

    assert field in refused.value.message_dict
    assert not SavedSearch.objects.exists()


def test_a_search_is_saved_with_an_audit_event(talent: Any):
    search = saved_search_create(actor=talent, name="  Fabs   near Seoul ", criteria={"region": "seoul"}, alert=False)

    assert (search.name, search.criteria, search.alert, search.user_id) == (
        "Fabs near Seoul",
        {"region": "seoul"},
        False,
        talent.pk,
    )
    event = AuditEvent.objects.get(action="jobs.saved_search_created")
    assert event.subject_id == str(search.pk) and event.changes["criteria"] == {"region": "seoul"}


def test_names_are_unique_per_person(talent: Any, other_talent: Any):
    saved_search_create(actor=talent, name="Fabs", criteria={})

    with pytest.raises(ValidationError) as refused:
        saved_search_create(actor=talent, name="Fabs", criteria={"region": "busan"})
    assert "name" in refused.value.message_dict

    saved_search_create(actor=other_talent, name="Fabs", criteria={})
    assert SavedSearch.objects.count() == 2


def test_at_most_twenty_searches_per_person(talent: Any):
    for number in range(MAX_SAVED_SEARCHES):
        saved_search_create(actor=talent, name=f"Search {number}", criteria={})

    with pytest.raises(ValidationError) as refused:
        saved_search_create(actor=talent, name="One more", criteria={})

    assert "at most 20" in refused.value.messages[0]
    assert SavedSearch.objects.filter(user=talent).count() == MAX_SAVED_SEARCHES


def test_the_owner_renames_refilters_and_turns_alerts_off_and_on(talent: Any):
    search = saved_search_create(actor=talent, name="Fabs", criteria={"region": "seoul"})
    saved_search_create(actor=talent, name="Taken", criteria={})

    updated = saved_search_update(actor=talent, search=search, name="Seoul fabs", criteria={"region": "busan"})
    assert (updated.name, updated.criteria) == ("Seoul fabs", {"region": "busan"})
    event = AuditEvent.objects.get(action="jobs.saved_search_updated")
    assert event.changes["name"] == ["Fabs", "Seoul fabs"]

    with pytest.raises(ValidationError):
        saved_search_update(actor=talent, search=search, name="Taken")
    with pytest.raises(ValidationError):
        saved_search_update(actor=talent, search=search, criteria={"colour": "blue"})
    assert SavedSearch.objects.get(pk=search.pk).name == "Seoul fabs"

    saved_search_update(actor=talent, search=search, alert=False)
    before = timezone.now()
    turned_on = saved_search_update(actor=talent, search=search, alert=True)
    # Back on: it starts from now, not with everything published while it was off.
    assert turned_on.alert and turned_on.last_alerted_at is not None and turned_on.last_alerted_at >= before


def test_only_the_owner_changes_or_deletes_a_search(talent: Any, other_talent: Any, company_member: Any, staff: Any):
    search = saved_search_create(actor=talent, name="Fabs", criteria={})

    for actor in (other_talent, company_member, staff):
        with pytest.raises(PermissionDenied):
            saved_search_update(actor=actor, search=search, name="Mine now")
        with pytest.raises(PermissionDenied):
            saved_search_delete(actor=actor, search=search)

    assert SavedSearch.objects.get(pk=search.pk).name == "Fabs"
    saved_search_delete(actor=talent, search=search)
    assert not SavedSearch.objects.exists()
    assert AuditEvent.objects.filter(action="jobs.saved_search_deleted", subject_id=str(search.pk)).exists()


# --- The alerts --------------------------------------------------------------------------------


def test_only_new_matching_openings_are_sent_once(talent: Any):
    # Given a search for semiconductor jobs in Gyeonggi made three days ago
    search = search_made_days_ago(talent, criteria={"industry": "semiconductor", "region": "gyeonggi"})
    now = timezone.now()
    fresh = opening(title_en="Etch engineer", published_at=now - DAY)
    opening(title_en="Old etch engineer", published_at=now - 5 * DAY)  # before the search
    opening(title_en="Busan etch engineer", region=Region.BUSAN, published_at=now - DAY)  # elsewhere
    opening(title_en="Draft etch engineer", status=OpeningStatus.DRAFT)
    opening(
        title_en="Closed etch engineer", closing_date=timezone.localdate() - DAY, published_at=now - DAY
    )  # past its closing date

    # When the alerts run
    assert saved_search_alerts_send(now=now) == 1

    # Then one digest lists only the new matching opening, and the search moved on
    [digest] = digests()
    assert digest.to == talent.email and digest.language == "en"
    assert "Etch engineer" in digest.body_text
    for other in ("Old etch", "Busan etch", "Draft etch", "Closed etch"):
        assert other not in digest.body_text
    assert f"/en/jobs/{fresh.pk}/" in digest.body_text
    assert 'your search "Fabs near Seoul"' in digest.subject.replace("“", '"').replace("”", '"')
    search.refresh_from_db()
    assert search.last_alerted_at is not None

    # And running again sends nothing new; a later opening comes in the next digest only
    assert saved_search_alerts_send(now=now) == 0
    assert saved_search_alerts_send(now=now + DAY) == 0
    later = opening(title_en="Later engineer", published_at=now + DAY + DAY / 2)
    assert saved_search_alerts_send(now=now + 2 * DAY) == 1
    assert len(digests()) == 2
    assert "Later engineer" in digests()[1].body_text and "Etch engineer" not in digests()[1].body_text
    assert str(later.pk) in digests()[1].body_text


def test_the_digest_is_in_the_owners_language_and_lists_at_most_ten(settings: Any):
    settings.SITE_URL = "https://talent.example"
    owner = korean_user()
    TalentProfileFactory(user=owner)
    search_made_days_ago(owner, name="반도체", criteria={"q": "engineer"})
    now = timezone.now()
    for number in range(12):
        opening(title_en=f"Engineer {number}", title_ko=f"엔지니어 {number}", published_at=now - DAY)

    assert saved_search_alerts_send(now=now) == 1

    [digest] = digests()
    assert digest.language == "ko"
    assert "엔지니어" in digest.body_text and "Engineer 1" not in digest.body_text  # Korean titles
    assert len(re.findall(r"https://talent\.example/ko/jobs/\d+/", digest.body_text)) == 10
    assert "반도체" in digest.subject and "12" in digest.subject
    assert "https://talent.example/ko/jobs/my/searches/" in digest.body_text
    assert "엔지니어 11" in digest.body_html  # newest first: the last made is listed


def test_the_english_digest(talent: Any):
    search_made_days_ago(talent, criteria={"sponsorship": Sponsorship.KTECH_PASS, "salary_min": 100_000_000})
    now = timezone.now()
    opening(title_en="Well paid", salary_max_krw=150_000_000, published_at=now - DAY)
    opening(title_en="Underpaid", salary_min_krw=50_000_000, salary_max_krw=60_000_000, published_at=now - DAY)
    opening(title_en="No sponsorship", sponsorship=Sponsorship.NONE, salary_max_krw=150_000_000, published_at=now - DAY)

    assert saved_search_alerts_send(now=now) == 1

    [digest] = digests()
    assert "Hello" in digest.body_text and "1 new opening" in digest.subject
    assert "Well paid" in digest.body_text
    assert "Underpaid" not in digest.body_text and "No sponsorship" not in digest.body_text


def test_searches_with_alerts_off_or_inactive_owners_are_not_sent(talent: Any):
    search_made_days_ago(talent, alert=False)
    gone = UserFactory(is_active=False)
    SavedSearch.objects.create(user=gone, name="x", criteria={}, alert=True)
    SavedSearch.objects.filter(user=gone).update(created_at=timezone.now() - 3 * DAY)
    opening(published_at=timezone.now() - DAY)

    assert saved_search_alerts_send(now=timezone.now()) == 0
    assert digests() == []


def test_no_new_opening_sends_nothing_but_moves_the_search_on(talent: Any):
    search = search_made_days_ago(talent, criteria={"region": "jeju"})
    opening(published_at=timezone.now() - DAY)

    assert saved_search_alerts_send(now=timezone.now()) == 0

    search.refresh_from_db()
    assert search.last_alerted_at is not None and digests() == []


def test_the_task_sends_the_digest_over_smtp_after_the_commit(
    talent: Any, smtp_settings: Any, immediate_tasks: None, django_capture_on_commit_callbacks: Any
):
    from talentcenter.jobs.tasks import send_saved_search_alerts

    search_made_days_ago(talent)
    opening(title_en="Yield engineer", published_at=timezone.now() - DAY)

    with django_capture_on_commit_callbacks(execute=True):
        result = send_saved_search_alerts.enqueue()

    assert result.return_value == 1
    [email] = digests()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    [message] = smtp_settings.messages
    assert message["To"] == talent.email
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    assert "Yield engineer" in text.get_payload(decode=True).decode()


def test_the_digest_reaches_the_locmem_outbox(
    talent: Any, immediate_tasks: None, django_capture_on_commit_callbacks: Any
):
    search_made_days_ago(talent)
    opening(title_en="Yield engineer", published_at=timezone.now() - DAY)

    with django_capture_on_commit_callbacks(execute=True):
        saved_search_alerts_send(now=timezone.now())

    [message] = mail.outbox
    assert message.to == [talent.email] and "Yield engineer" in message.body
    assert message.alternatives and "Yield engineer" in message.alternatives[0][0]


def test_alerts_match_as_the_board_does_skill_names_and_any_sponsorship(talent: Any):
    # "lithography" names a skill of the taxonomy: openings asking for it match without the word
    search_made_days_ago(talent, criteria={"q": "photolithography", "sponsorship": "any"})
    now = timezone.now()
    opening(title_en="Scanner specialist", skills=("semi.lithography",), published_at=now - DAY)
    opening(
        title_en="Unsponsored scanner",
        skills=("semi.lithography",),
        sponsorship=Sponsorship.NONE,
        published_at=now - DAY,
    )
    opening(title_en="Etch specialist", published_at=now - DAY)

    assert saved_search_alerts_send(now=now) == 1

    [digest] = digests()
    assert "Scanner specialist" in digest.body_text
    assert "Unsponsored" not in digest.body_text and "Etch specialist" not in digest.body_text
