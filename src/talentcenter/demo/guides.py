# ruff: noqa: E501  (notice text: one paragraph a line)
"""Demo guides and notices, made by the demo staff member through the guides services:

1. every shipped programme guide, published (the data migration loads them; a database whose
   guides were removed gets them back here);
2. notices and news: the Global Talent Fair's registration, the July 2026 changes to the K-Tech
   Pass, the E-7-1 salary floor for 2026, a holiday closure, and one draft that only staff see.

Idempotent: a notice whose slug exists is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from talentcenter.accounts.models import User
from talentcenter.demo.accounts import STAFF_EMAIL
from talentcenter.guides import seed, services
from talentcenter.guides.enums import NoticeKind
from talentcenter.guides.models import Notice


@dataclass(frozen=True)
class NoticePlan:
    slug: str
    kind: str
    title_ko: str
    title_en: str
    body_ko: str
    body_en: str
    publish: bool = True


PLANS = (
    NoticePlan(
        slug="global-talent-fair-registration",
        kind=NoticeKind.NOTICE,
        title_ko="글로벌 인재 박람회 등록 안내",
        title_en="Global Talent Fair: registration is open",
        body_ko="코엑스에서 열리는 글로벌 인재 박람회 등록을 시작했습니다. 인재 프로필로 등록하고 관심 기업의 부스를 확인하세요.\n\n- 장소: 서울 코엑스\n- 등록: [행사](/events/) 페이지",
        body_en="Registration for the Global Talent Fair at COEX, Seoul, is open. Register with your talent profile and see the booths of the companies you follow.\n\n- Venue: COEX, Seoul\n- Register on the [events](/events/) page",
    ),
    NoticePlan(
        slug="k-tech-pass-july-2026",
        kind=NoticeKind.NEWS,
        title_ko="K-테크패스 정성평가 트랙과 정부 사업 트랙 시행",
        title_en="K-Tech Pass: the qualitative and government-programme tracks start",
        body_ko="2026년 7월 2일부터 100점 평가표의 정성평가 트랙과 정부 사업 트랙이 시행됩니다. 중소기업 채용에는 가점이 있습니다. 자세한 내용은 [K-테크패스 안내](/guides/k-tech-pass/)를 확인하세요.",
        body_en="From 2 July 2026 the qualitative track (a 100-point rubric) and the government-programme track start. Hiring by an SME earns bonus points. See the [K-Tech Pass guide](/guides/k-tech-pass/).",
    ),
    NoticePlan(
        slug="e7-1-salary-floor-2026",
        kind=NoticeKind.NEWS,
        title_ko="2026년 E-7-1 최저 연봉 인상",
        title_en="E-7-1 minimum salary for 2026",
        body_ko="법무부는 2026년 2월부터 E-7-1 최저 연봉을 3,112만 원으로 올렸습니다. [E-7-1 안내](/guides/e-7-1/)를 확인하세요.",
        body_en="From February 2026 the Ministry of Justice raised the E-7-1 minimum salary to KRW 31,120,000. See the [E-7-1 guide](/guides/e-7-1/).",
    ),
    NoticePlan(
        slug="lunar-new-year-closure",
        kind=NoticeKind.NOTICE,
        title_ko="설 연휴 센터 휴무 안내",
        title_en="The center is closed over the Lunar New Year holidays",
        body_ko="설 연휴 기간에는 센터가 문을 닫습니다. 온라인 신청은 계속 받으며, 처리 기간은 근무일로 계산합니다.",
        body_en="The center is closed over the Lunar New Year holidays. Online applications are still received; processing periods count working days.",
    ),
    NoticePlan(
        slug="youth-dream-visa-draft",
        kind=NoticeKind.NEWS,
        title_ko="청년 드림 비자 세부 요건(작성 중)",
        title_en="Youth Dream visa details (draft)",
        body_ko="세부 요건이 공표되면 게시합니다.",
        body_en="To be published when the details are announced.",
        publish=False,
    ),
)


def demo_guides_ensure() -> int:
    """Publish the shipped guides that are missing and make the demo notices; returns how many
    notices were made."""
    seed.load_shipped_guides()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        return 0
    made = 0
    for plan in PLANS:
        if Notice.objects.filter(slug=plan.slug).exists():
            continue
        with transaction.atomic():
            notice = services.notice_create(
                actor=staff,
                slug=plan.slug,
                text=services.NoticeText(
                    kind=plan.kind,
                    title_ko=plan.title_ko,
                    title_en=plan.title_en,
                    body_ko=plan.body_ko,
                    body_en=plan.body_en,
                ),
            )
            if plan.publish:
                services.notice_publish(actor=staff, notice=notice)
        made += 1
    return made
