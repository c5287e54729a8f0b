"""Demo events, made by the demo staff member through the events services:

1. a past Global Talent Fair at COEX (Seoul) with its registrations and booths, checked in at the
   door (every booth, four talents in five), and its outcomes: interviews held (and a few missed),
   offers from the booths' companies, a KOTRA case started, and certificates of attendance issued,
   so that its funnel shows real numbers;
2. the open Global Talent Fair at COEX: registration open now, screening questions, booths of the
   demo company (company@demo.talentcenter.kr) and generated companies, generated talents
   registered (the demo talent is not, to try it);
3. one upcoming roadshow per city, each in its venue's time zone: New York, Silicon Valley (San
   Jose), London (few seats: a waiting list) and Singapore. The demo talent is registered for New
   York.

Registrations go through ``talent_register`` and ``booth_register`` while each window is open;
the past fair is then moved back in time (its dates only). Deterministic: the people are the first
generated talents and companies by id, the dates follow the day of the run. Idempotent: an event
whose slug exists is left alone.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from talentcenter.accounts.models import User
from talentcenter.demo.accounts import COMPANY_EMAIL, STAFF_EMAIL, TALENT_EMAIL
from talentcenter.demo.plan import TALENT_EMAIL_DOMAIN
from talentcenter.events.enums import EventKind
from talentcenter.events.models import Event, EventSession, InterviewSlot
from talentcenter.events.services import booths as booth_services
from talentcenter.events.services import events as event_services
from talentcenter.events.services import registrations as registration_services
from talentcenter.jobs.enums import OpeningStatus
from talentcenter.jobs.models import Opening
from talentcenter.organizations.enums import CompanyStatus
from talentcenter.organizations.models import Company, CompanyMembership
from talentcenter.reference.enums import IndustryScheme
from talentcenter.reference.models import Industry

KOREA = zoneinfo.ZoneInfo("Asia/Seoul")
PAST_FAIR = "global-talent-fair-coex-past"
OPEN_FAIR = "global-talent-fair-coex"

SUMMARY_FAIR_EN = (
    "Korea's largest recruitment fair for overseas professionals in the advanced industries. Meet "
    "hiring companies in one-to-one interviews, hear about the K-Tech Pass and the Top-tier visa, and "
    "talk to the center's settlement advisers."
)
SUMMARY_FAIR_KO = (
    "첨단산업 분야 해외 전문 인력을 위한 국내 최대 채용 박람회입니다. 채용 기업과 1:1 면접을 하고, "
    "K-테크패스와 최우수 인재 비자 안내를 듣고, 센터의 정착 상담을 받을 수 있습니다."
)
SUMMARY_ROADSHOW_EN = (
    "Korean companies in the advanced industries come to {city} to meet engineers and researchers. "
    "Interviews by appointment, and a briefing on working and living in Korea."
)
SUMMARY_ROADSHOW_KO = (
    "첨단산업 분야 한국 기업이 {city_ko}에서 엔지니어와 연구자를 만납니다. "
    "사전 예약 면접과 한국 취업·생활 설명회가 열립니다."
)


@dataclass(frozen=True)
class Plan:
    slug: str
    kind: str
    title_en: str
    title_ko: str
    venue: str
    address: str
    city: str
    city_ko: str
    country: str
    zone: str
    days_ahead: int
    talent_capacity: int
    company_capacity: int
    industries: tuple[str, ...]
    talents: int
    companies: int
    questions: tuple[tuple[str, str, bool], ...] = field(default=())
    with_demo_talent: bool = False


FAIR_QUESTIONS = (
    ("When could you start working in Korea?", "언제부터 한국에서 근무할 수 있습니까?", True),
    ("Which companies would you most like to meet?", "가장 만나고 싶은 기업은 어디입니까?", False),
)
ROADSHOW_QUESTIONS = (("Which role are you looking for?", "어떤 직무를 찾고 있습니까?", False),)

PLANS = (
    Plan(
        PAST_FAIR,
        EventKind.FAIR,
        "Global Talent Fair (spring)",
        "글로벌 인재 채용 박람회 (봄)",
        "COEX Hall C",
        "513 Yeongdong-daero, Gangnam-gu",
        "Seoul",
        "서울",
        "KR",
        "Asia/Seoul",
        -60,
        500,
        40,
        ("semiconductor", "ai", "secondary_battery"),
        24,
        6,
        with_demo_talent=True,
    ),
    Plan(
        OPEN_FAIR,
        EventKind.FAIR,
        "Global Talent Fair",
        "글로벌 인재 채용 박람회",
        "COEX Hall B",
        "513 Yeongdong-daero, Gangnam-gu",
        "Seoul",
        "서울",
        "KR",
        "Asia/Seoul",
        45,
        800,
        60,
        ("semiconductor", "ai", "secondary_battery", "robotics", "bio"),
        30,
        8,
        FAIR_QUESTIONS,
    ),
    Plan(
        "roadshow-new-york",
        EventKind.ROADSHOW,
        "Korea Tech Careers roadshow: New York",
        "코리아 테크 커리어 로드쇼: 뉴욕",
        "Convene, 360 Madison Avenue",
        "360 Madison Avenue, New York, NY 10017",
        "New York",
        "뉴욕",
        "US",
        "America/New_York",
        60,
        150,
        12,
        ("ai", "semiconductor"),
        10,
        4,
        ROADSHOW_QUESTIONS,
        with_demo_talent=True,
    ),
    Plan(
        "roadshow-silicon-valley",
        EventKind.ROADSHOW,
        "Korea Tech Careers roadshow: Silicon Valley",
        "코리아 테크 커리어 로드쇼: 실리콘밸리",
        "San Jose McEnery Convention Center",
        "150 W San Carlos St, San Jose, CA 95113",
        "San Jose",
        "새너제이",
        "US",
        "America/Los_Angeles",
        63,
        200,
        15,
        ("semiconductor", "ai", "advanced_mobility"),
        10,
        4,
        ROADSHOW_QUESTIONS,
    ),
    Plan(
        "roadshow-london",
        EventKind.ROADSHOW,
        "Korea Tech Careers roadshow: London",
        "코리아 테크 커리어 로드쇼: 런던",
        "ExCeL London",
        "Royal Victoria Dock, 1 Western Gateway, London E16 1XL",
        "London",
        "런던",
        "GB",
        "Europe/London",
        75,
        6,
        4,
        ("bio", "ai"),
        9,
        3,
        ROADSHOW_QUESTIONS,
    ),
    Plan(
        "roadshow-singapore",
        EventKind.ROADSHOW,
        "Korea Tech Careers roadshow: Singapore",
        "코리아 테크 커리어 로드쇼: 싱가포르",
        "Marina Bay Sands Expo",
        "10 Bayfront Avenue, Singapore 018956",
        "Singapore",
        "싱가포르",
        "SG",
        "Asia/Singapore",
        90,
        120,
        10,
        ("secondary_battery", "display", "robotics"),
        8,
        3,
    ),
)


def _at(day: datetime.date, hour: int, minute: int, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def _sessions(day: datetime.date, zone: zoneinfo.ZoneInfo, *, fair: bool) -> list[dict[str, Any]]:
    rows = [
        ("Opening and visa briefing", "개회 및 비자 설명회", (10, 0), (10, 45), "Main stage", "메인 무대", False),
        ("Interviews, morning round", "오전 면접", (11, 0), (12, 30), "Interview zone", "면접 구역", False),
        ("Lunch break", "점심시간", (12, 30), (13, 30), "", "", True),
        ("Interviews, afternoon round", "오후 면접", (13, 30), (16, 30), "Interview zone", "면접 구역", False),
    ]
    if fair:
        rows.append(
            (
                "Living in Korea: settlement clinic",
                "한국 생활 정착 상담",
                (16, 30),
                (17, 30),
                "Seminar room 1",
                "세미나실 1",
                False,
            )
        )
    return [
        {
            "title_en": title_en,
            "title_ko": title_ko,
            "starts_at": _at(day, *start, zone),
            "ends_at": _at(day, *end, zone),
            "room": room_en,
            "is_break": is_break,
        }
        for title_en, title_ko, start, end, room_en, _room_ko, is_break in rows
    ]


def _generated_talents(count: int, skip: int) -> list[User]:
    return list(
        User.objects.filter(email__endswith=f"@{TALENT_EMAIL_DOMAIN}", talent_profile__isnull=False).order_by("pk")[
            skip : skip + count
        ]
    )


def _companies(count: int, skip: int, *, with_demo_company: bool) -> list[tuple[Company, User]]:
    """Verified companies with a member: the demo company first when asked, then generated ones by id."""
    memberships = (
        CompanyMembership.objects.filter(company__status=CompanyStatus.VERIFIED)
        .select_related("company", "user")
        .order_by("company_id", "pk")
    )
    demo = memberships.filter(user__email=COMPANY_EMAIL).first()
    others: dict[int, tuple[Company, User]] = {}
    for membership in memberships.exclude(company__memberships__user__email=COMPANY_EMAIL)[: (count + skip) * 3]:
        others.setdefault(membership.company_id, (membership.company, membership.user))
    chosen = list(others.values())[skip : skip + count]
    if with_demo_company and demo is not None:
        chosen = [(demo.company, demo.user), *chosen[: max(count - 1, 0)]]
    return chosen


def _make(plan: Plan, staff: User, now: datetime.datetime, offset: int) -> Event:
    zone = zoneinfo.ZoneInfo(plan.zone)
    past = plan.days_ahead < 0
    # Registrations are taken through the services, so every event is made upcoming with its window
    # open; the past fair is moved back afterwards.
    day = (now + datetime.timedelta(days=abs(plan.days_ahead))).astimezone(zone).date()
    while day.weekday() >= 5:  # on a working day
        day += datetime.timedelta(days=1)
    opened = now.astimezone(KOREA).replace(hour=9, minute=0, second=0, microsecond=0) - datetime.timedelta(days=7)
    industries = list(
        Industry.objects.filter(scheme=IndustryScheme.KTECH_PASS, code__in=plan.industries).values_list("pk", flat=True)
    )
    event = event_services.event_create(
        actor=staff,
        slug=plan.slug,
        kind=plan.kind,
        title_en=plan.title_en,
        title_ko=plan.title_ko,
        summary_en=(SUMMARY_FAIR_EN if plan.kind == EventKind.FAIR else SUMMARY_ROADSHOW_EN.format(city=plan.city)),
        summary_ko=(
            SUMMARY_FAIR_KO if plan.kind == EventKind.FAIR else SUMMARY_ROADSHOW_KO.format(city_ko=plan.city_ko)
        ),
        venue_name=plan.venue,
        venue_address=plan.address,
        city=plan.city,
        country=plan.country,
        time_zone=plan.zone,
        starts_at=_at(day, 10, 0, zone),
        ends_at=_at(day, 17, 30, zone) if plan.kind == EventKind.FAIR else _at(day, 16, 30, zone),
        talent_capacity=plan.talent_capacity,
        company_capacity=plan.company_capacity,
        registration_opens_at=opened,
        registration_closes_at=_at(day, 0, 0, zone) - datetime.timedelta(days=3),
        target_industries=industries,
        sessions=_sessions(day, zone, fair=plan.kind == EventKind.FAIR),
        screening_questions=[
            {"text_en": text_en, "text_ko": text_ko, "required": required}
            for text_en, text_ko, required in plan.questions
        ],
    )
    event_services.event_publish(actor=staff, event=event, now=now)
    people = _generated_talents(plan.talents, offset)
    if plan.with_demo_talent:
        demo_talent = User.objects.filter(email=TALENT_EMAIL, talent_profile__isnull=False).first()
        if demo_talent is not None:
            people.insert(0, demo_talent)
    questions = list(event.screening_questions.all())
    for number, person in enumerate(people):
        answers = {str(question.pk): ("Within three months" if question.required else "") for question in questions}
        if questions and number % 3 == 0:
            answers[str(questions[-1].pk)] = "Saebit Semiconductor"
        registration_services.talent_register(actor=person, event=event, screening_answers=answers, now=now)
    companies = _companies(plan.companies, offset % 5, with_demo_company=plan.slug in (OPEN_FAIR, PAST_FAIR))
    for number, (company, member) in enumerate(companies):
        # Up to three of the company's published openings, one per title (the demo's companies
        # post some titles more than once).
        titles = {
            (title_ko, title_en): pk
            for title_ko, title_en, pk in Opening.objects.filter(company=company, status=OpeningStatus.PUBLISHED)
            .order_by("-pk")
            .values_list("title_ko", "title_en", "pk")
        }
        openings = sorted(titles.values())[:3]
        booth_services.booth_register(
            actor=member,
            event=event,
            company=company,
            opening_ids=openings,
            interviewers_per_slot=1 + number % 3,
            now=now,
        )
    if plan.slug == OPEN_FAIR:
        _interview_grid(event, staff, day, zone)
    if plan.slug == PAST_FAIR:
        _past_interviews(event, staff, day, zone)
    if past:
        _move_back(event, days=abs(plan.days_ahead) * 2)
        _check_ins(event, staff)
    if plan.slug == PAST_FAIR:
        _past_outcomes(event, staff)
    return event


def _past_interviews(event: Event, staff: User, day: datetime.date, zone: zoneinfo.ZoneInfo) -> None:
    """The past fair's interviews, placed by hand while it was still ahead: up to twelve talents,
    the demo talent first, each with one booth, two rounds of half-hour slots."""
    from talentcenter.events.enums import RegistrationStatus
    from talentcenter.events.models import BoothRegistration, TalentRegistration
    from talentcenter.events.services import interviews

    interviews.interview_slots_plan(actor=staff, event=event, starts_at=_at(day, 11, 0, zone), count=4, minutes=30)
    talents = list(
        TalentRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).order_by("arrival")[:12]
    )
    booths = list(
        BoothRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).order_by("arrival")
    )
    for number, registration in enumerate(talents):
        if not booths:
            break
        booth, round_ = booths[number % len(booths)], number // len(booths)
        if round_ < 4:
            interviews.interview_place(
                actor=staff, event=event, registration=registration, booth=booth, slot_index=round_
            )


def _past_outcomes(event: Event, staff: User) -> None:
    """What came of the past fair, so that its funnel shows real numbers: three of every four
    interviews marked held by staff (every fourth a no-show), offers from the booths' companies to the first three
    talents interviewed (through the jobs pipeline), a KOTRA recommendation case started for one of
    them, and the certificates of attendance issued."""
    from django.core.exceptions import ValidationError

    from talentcenter.cases.enums import CaseType
    from talentcenter.cases.services import application as case_services
    from talentcenter.events.enums import InterviewStatus
    from talentcenter.events.models import Interview
    from talentcenter.events.services.certificates import attendance_certificates_issue
    from talentcenter.events.services.schedules import interview_mark
    from talentcenter.jobs.services.applications import application_submit
    from talentcenter.jobs.services.pipeline import application_move

    event.refresh_from_db()  # moved back
    meetings = list(
        Interview.objects.filter(event=event).select_related("registration__profile__user", "booth").order_by("pk")
    )
    held = [meeting for number, meeting in enumerate(meetings) if number % 4 != 3]
    for meeting in meetings:
        outcome = InterviewStatus.HELD if meeting in held else InterviewStatus.NO_SHOW
        interview_mark(actor=staff, interview=meeting, outcome=outcome, now=event.ends_at)
    offered: list[Interview] = []
    for meeting in held:
        if len(offered) == 3:
            break
        opening = meeting.booth.openings.order_by("pk").first()
        talent = meeting.registration.profile.user
        if opening is None:
            continue
        try:
            application = application_submit(actor=talent, opening=opening)
            application = application_move(
                actor=meeting.booth.registered_by, application=application, transition="invite_to_interview"
            )
            application_move(actor=meeting.booth.registered_by, application=application, transition="make_offer")
        except ValidationError:  # applied before, or the opening closed: no offer from this one
            continue
        offered.append(meeting)
    for meeting in offered:
        talent = meeting.registration.profile.user
        if talent.email == TALENT_EMAIL:  # the demo talent has cases of their own
            continue
        try:
            invitation = case_services.case_invite(
                actor=meeting.booth.registered_by,
                case_type=CaseType.KOTRA_RECOMMENDATION,
                company=meeting.booth.company,
                email=talent.email,
                job_title=str(meeting.booth.openings.order_by("pk").first() or "Engineer")[:160],
                annual_salary_krw=72_000_000,
                start_date=(timezone.localdate() + datetime.timedelta(days=120)),
                occupation_code="2211",
                technology_field="digital_electronics",
            )
            case_services.case_accept(actor=talent, case=invitation)
        except ValidationError:
            continue
        break
    attendance_certificates_issue(actor=staff, event=event)


def _check_ins(event: Event, staff: User) -> None:
    """The past fair's door: every booth and four talents in five checked in with their tickets,
    in the first hour of the fair."""
    from talentcenter.events.enums import RegistrationStatus
    from talentcenter.events.services.checkin import ticket_check_in

    event.refresh_from_db()
    codes = [
        *event.booth_registrations.filter(status=RegistrationStatus.CONFIRMED)
        .order_by("arrival")
        .values_list("ticket_code", flat=True),
        *[
            code
            for number, code in enumerate(
                event.talent_registrations.filter(status=RegistrationStatus.CONFIRMED)
                .order_by("arrival")
                .values_list("ticket_code", flat=True)
            )
            if number % 5 != 4
        ],
    ]
    for number, code in enumerate(codes):
        moment = event.starts_at + datetime.timedelta(minutes=number % 60)
        ticket_check_in(actor=staff, event=event, code=code, now=moment)


def _interview_grid(event: Event, staff: User, day: datetime.date, zone: zoneinfo.ZoneInfo) -> None:
    """The open fair's interview grid: half-hour slots through both interview rounds (lunch as two
    breaks), each booth's shortlist of the first registrants, a few talents' wishes, and an instant
    draft on the grid for staff to improve with the optimiser."""
    from talentcenter.events.enums import RegistrationStatus
    from talentcenter.events.models import BoothRegistration, TalentRegistration
    from talentcenter.events.services import interviews

    interviews.interview_slots_plan(
        actor=staff, event=event, starts_at=_at(day, 11, 0, zone), count=11, minutes=30, breaks=(3, 4)
    )
    talents = list(
        TalentRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("event", "profile__user")
        .order_by("arrival")
    )
    booths = list(
        BoothRegistration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("company")
        .order_by("arrival")
    )
    for number, booth in enumerate(booths):
        member = booth.registered_by
        for registration in talents[number % 3 :: 2][:6]:
            interviews.interest_shortlist(actor=member, booth=booth, registration=registration)
    for number, registration in enumerate(talents[:8]):
        if booths and registration.profile.user.email != TALENT_EMAIL:
            booth = booths[number % len(booths)]
            interviews.interest_wish(actor=registration.profile.user, registration=registration, booth=booth)
    interviews.interview_grid_solve(actor=staff, event=event, draft=True)


def _move_back(event: Event, *, days: int) -> None:
    """The past fair's dates, moved back by ``days`` (its registrations stay as they were taken)."""
    shift = datetime.timedelta(days=days)
    Event.objects.filter(pk=event.pk).update(
        starts_at=event.starts_at - shift,
        ends_at=event.ends_at - shift,
        registration_opens_at=event.registration_opens_at - shift,
        registration_closes_at=event.registration_closes_at - shift,
        published_at=(event.published_at or timezone.now()) - shift,
    )
    for session in EventSession.objects.filter(event=event):
        EventSession.objects.filter(pk=session.pk).update(
            starts_at=session.starts_at - shift, ends_at=session.ends_at - shift
        )
    for slot in InterviewSlot.objects.filter(event=event):
        InterviewSlot.objects.filter(pk=slot.pk).update(starts_at=slot.starts_at - shift, ends_at=slot.ends_at - shift)
    registered = event.registration_opens_at - shift + datetime.timedelta(days=1)
    event.talent_registrations.update(registered_at=registered, status_changed_at=registered)
    event.booth_registrations.update(registered_at=registered, status_changed_at=registered)


def demo_events_ensure(now: datetime.datetime | None = None) -> int:
    """Make the demo events that are missing; returns how many were made."""
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        return 0
    now = now or timezone.now()
    made = 0
    for offset, plan in enumerate(PLANS):
        if Event.objects.filter(slug=plan.slug).exists():
            continue
        with transaction.atomic():
            _make(plan, staff, now, offset * 7)
        made += 1
    return made
