"""After the event (issue 15, part 5): the funnel counted in the database in a fixed number of
queries, certificates of attendance issued once per attendee through the documents app (the PDF
read back in both languages, its public verification, the talent's download, revocation), and the
staff's CSV per talent with formulas neutralised and the export logged."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from talentcenter.audit.models import AuditEvent
from talentcenter.cases.enums import CaseType, Party
from talentcenter.cases.models import Case
from talentcenter.documents.enums import DocumentKind
from talentcenter.documents.holders import holder_of
from talentcenter.documents.services import document_revoke
from talentcenter.events.enums import InterviewStatus, RegistrationStatus
from talentcenter.events.funnel import event_funnel
from talentcenter.events.models import Event, Interview, InterviewSlot, TalentRegistration
from talentcenter.events.services import certificates, interviews
from talentcenter.events.services.booths import booth_register
from talentcenter.events.services.registrations import registration_cancel, talent_register
from talentcenter.events.tests.support import event, staff_user
from talentcenter.jobs.enums import ApplicationStage
from talentcenter.jobs.models import JobApplication
from talentcenter.jobs.tests.talent_support import opening
from tests.api import ApiClient, token_for
from tests.factories import CompanyFactory, MembershipFactory, TalentProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://talentcenter.example"
    settings.TALENTCENTER_API_THROTTLE_RATES = {**settings.TALENTCENTER_API_THROTTLE_RATES, "verification": ""}


def past_fair() -> dict[str, Any]:
    """A fair that ended yesterday, with five registrations:

    0. held an interview, an offer from the booth's company, a KOTRA case started: every step;
    1. held an interview and an offer, no case;
    2. held an interview (a "=formula" for a name);
    3. confirmed, interview scheduled but not held (a case, but not attending: not in the funnel's
       last step);
    4. cancelled.
    Plus an offer to an opening that was at no booth of the fair, which does not count.
    """
    fair = event(talent_capacity=10, company_capacity=2)
    names = ["Amina", "Bora", '=HYPERLINK("http://x")', "Dara", "Eun"]
    registrations = [talent_register(actor=TalentProfileFactory(given_name=name).user, event=fair) for name in names]
    company = CompanyFactory()
    member = MembershipFactory(company=company).user
    job = opening(company)
    booth = booth_register(actor=member, event=fair, company=company, opening_ids=[job.pk], interviewers_per_slot=2)
    organiser = staff_user()
    interviews.interview_slots_plan(actor=organiser, event=fair, starts_at=fair.starts_at, count=2, minutes=30)
    for number in range(4):
        interviews.interview_place(
            actor=organiser, event=fair, registration=registrations[number], booth=booth, slot_index=number % 2
        )
    registration_cancel(actor=registrations[4].profile.user, registration=registrations[4])
    Interview.objects.filter(registration__in=registrations[:3]).update(status=InterviewStatus.HELD)
    # The fair is over: its dates (and its slots) moved back by 32 days.
    shift = datetime.timedelta(days=32)
    Event.objects.filter(pk=fair.pk).update(
        starts_at=fair.starts_at - shift,
        ends_at=fair.ends_at - shift,
        registration_opens_at=fair.registration_opens_at - shift,
        registration_closes_at=fair.registration_closes_at - shift,
    )
    for slot in InterviewSlot.objects.filter(event=fair):
        InterviewSlot.objects.filter(pk=slot.pk).update(starts_at=slot.starts_at - shift, ends_at=slot.ends_at - shift)
    fair.refresh_from_db()
    for registration in registrations[:2]:
        JobApplication.objects.create(opening=job, profile=registration.profile, stage=ApplicationStage.OFFER)
    JobApplication.objects.create(opening=opening(), profile=registrations[2].profile, stage=ApplicationStage.OFFER)
    cases = [
        Case.objects.create(
            reference=f"KRL-TEST-{number}",
            case_type=CaseType.KOTRA_RECOMMENDATION,
            started_by_party=Party.COMPANY,
            talent=registrations[number].profile,
            company=company,
            created_by=member,
        )
        for number in (0, 3)
    ]
    return {"event": fair, "registrations": registrations, "booth": booth, "cases": cases, "staff": organiser}


def test_the_funnel_counts_each_step_in_two_queries_and_shows_on_the_staff_page_and_in_the_api(
    django_assert_num_queries: Any,
) -> None:
    world = past_fair()
    fair = world["event"]

    with django_assert_num_queries(2):
        funnel = event_funnel(fair)

    assert [(step.key, step.count) for step in funnel.steps] == [
        ("registered", 5),
        ("confirmed", 4),
        ("checked_in", 3),
        ("interviewed", 3),
        ("offer", 2),
        ("case_started", 1),
    ]
    assert [step.rate_of_previous for step in funnel.steps] == [1.0, 0.8, 0.75, 1.0, 0.6667, 0.5]
    assert funnel.steps[-1].rate_of_registered == 0.2
    assert funnel.cases == [world["cases"][0]]

    staff = world["staff"]
    from conftest import staff_client_with_second_factor

    page = staff_client_with_second_factor(staff).get(f"/en/backoffice/events/{fair.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<tr data-step="case_started">' in html
    assert f'href="/en/backoffice/cases/{world["cases"][0].pk}/"' in html
    assert f'href="/en/backoffice/cases/{world["cases"][1].pk}/"' not in html

    answer = ApiClient(token=token_for(staff)).get(f"staff/events/{fair.pk}/funnel")
    assert answer.status_code == 200
    body = answer.json()
    assert [(step["step"], step["count"]) for step in body["steps"]][-2:] == [("offer", 2), ("case_started", 1)]
    assert body["cases"] == [
        {
            "id": world["cases"][0].pk,
            "reference": "KRL-TEST-0",
            "case_type": "kotra_recommendation",
            "status": "draft",
            "created_at": body["cases"][0]["created_at"],
        }
    ]
    talent_answer = ApiClient(token=token_for(world["registrations"][0].profile.user)).get(
        f"staff/events/{fair.pk}/funnel"
    )
    assert talent_answer.status_code in (401, 403, 404)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_certificates_are_issued_once_per_attendee_verified_publicly_and_downloaded_by_their_talent(
    tmp_path: Path,
) -> None:
    world = past_fair()
    fair, registrations, staff = world["event"], world["registrations"], world["staff"]

    run = certificates.attendance_certificates_issue(actor=staff, event=fair)
    again = certificates.attendance_certificates_issue(actor=staff, event=fair)

    assert len(run.issued) == 3 and run.existing == 0 and not run.skipped
    assert again.issued == [] and again.existing == 3
    documents = {int(document.subject_id): document for document in run.issued}
    assert sorted(documents) == [registration.pk for registration in registrations[:3]]
    assert AuditEvent.objects.filter(action="events.attendance_certificates_issued").count() == 2
    document = documents[registrations[0].pk]
    assert document.kind == DocumentKind.ATTENDANCE_CERTIFICATE and document.serial.startswith("ATT-")
    assert not document.expires
    assert holder_of(document) == registrations[0].profile.user  # for the access log of staff reads

    # The PDF in Korean and English, rendered and read back.
    path = Path(document.file.path)
    text = " ".join(_pdf_text(path).split())
    dates = certificates.event_dates(fair)
    for expected in [
        "행사 참가 확인서",
        "Certificate of Attendance",
        document.serial,
        "Amina Garcia",
        f"위 사람이 {dates} COEX, Seoul에서 열린 「글로벌 인재 페어」에 참가하였음을 확인합니다.",
        f"This certifies that the person named above attended Global Talent Fair at COEX, Seoul on {dates}.",
        "글로벌 인재 페어 / Global Talent Fair",
        "면접 횟수 Interviews held 1",
    ]:
        assert expected in text, expected
    assert "Valid until" not in text
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page.png").stat().st_size > 1000

    # Its public verification, in both languages.
    english = Client().get(f"/en/verify/{document.serial}/").content.decode()
    korean = Client().get(f"/ko/verify/{document.serial}/").content.decode()
    assert 'data-state="valid"' in english
    assert "Certificate of attendance" in english and "Global Talent Fair" in english and dates in english
    assert "does not expire" in english and "Amina" not in english
    assert "행사 참가 확인서" in korean and "글로벌 인재 페어" in korean

    # The talent downloads theirs from "My events" (page and API); someone who did not attend cannot.
    talent = Client()
    talent.force_login(registrations[0].profile.user)
    mine = talent.get("/en/events/my/").content.decode()
    assert f"/en/events/my/{registrations[0].pk}/certificate/" in mine
    download = talent.get(f"/en/events/my/{registrations[0].pk}/certificate/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == path.read_bytes()
    api = ApiClient(token=token_for(registrations[0].profile.user))
    assert api.get(f"me/events/{registrations[0].pk}/certificate").content == path.read_bytes()
    absent = Client()
    absent.force_login(registrations[3].profile.user)
    assert absent.get(f"/en/events/my/{registrations[3].pk}/certificate/").status_code == 404
    assert "certificate/" not in absent.get("/en/events/my/").content.decode()
    assert talent.get(f"/en/events/my/{registrations[1].pk}/certificate/").status_code == 404  # not theirs

    # Revoked through the documents app: gone for the talent, and the next run issues a new one.
    document_revoke(actor=UserFactory(is_superuser=True), document=document, reason="Issued to the wrong person")
    assert talent.get(f"/en/events/my/{registrations[0].pk}/certificate/").status_code == 404
    assert len(certificates.attendance_certificates_issue(actor=staff, event=fair).issued) == 1


def test_staff_export_the_funnel_per_talent_with_formulas_neutralised_and_the_export_logged() -> None:
    world = past_fair()
    fair, staff = world["event"], world["staff"]
    from conftest import staff_client_with_second_factor

    response = staff_client_with_second_factor(staff).get(f"/en/backoffice/events/{fair.pk}/funnel.csv")

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Arrival", "Name", "E-mail", "Status"]
    assert len(rows) == 6
    by_name = {row[1].split()[0]: row for row in rows[1:]}
    assert by_name["Amina"][3] == "Confirmed" and by_name["Amina"][11] == "KRL-TEST-0" and by_name["Amina"][9]
    assert by_name["Dara"][6] == "" and by_name["Dara"][10]  # not checked in; a case of their own
    assert by_name['\'=HYPERLINK("http://x")'][8] == "1"
    assert by_name["Eun"][3] == "Cancelled"
    logged = AuditEvent.objects.filter(action="personal_data.viewed", actor=staff, changes__what="export")
    assert logged.count() == 5
    assert TalentRegistration.objects.filter(event=fair, status=RegistrationStatus.CONFIRMED).count() == 4

    outsider = Client()
    outsider.force_login(world["registrations"][0].profile.user)
    assert outsider.get(f"/en/backoffice/events/{fair.pk}/funnel.csv").status_code == 404
    assert outsider.post(f"/en/backoffice/events/{fair.pk}/certificates/").status_code == 404
    assert not timezone.now() < fair.ends_at


def test_a_large_events_certificates_are_issued_by_the_task_worker(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
    settings.TALENTCENTER_EVENTS_CERTIFICATES_IN_REQUEST_MAX = 2
    world = past_fair()
    api = ApiClient(token=token_for(world["staff"]))

    # When staff ask for three certificates, more than the request issues: 202, the worker issues them
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.post(f"staff/events/{world['event'].pk}/certificates")

    assert answer.status_code == 202, answer.content
    assert answer.json() == {"issued": [], "existing": 0, "skipped": 0, "queued": 3}
    issued = certificates.certificates_of([registration.pk for registration in world["registrations"]])
    assert sorted(issued) == [registration.pk for registration in world["registrations"][:3]]
    assert AuditEvent.objects.filter(action="events.attendance_certificates_queued").count() == 1

    # Asking again issues nothing more, in the request
    again = api.post(f"staff/events/{world['event'].pk}/certificates")
    assert again.status_code == 200 and again.json()["existing"] == 3 and again.json()["issued"] == []
