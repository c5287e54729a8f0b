"""Demo petitions (민원) and FAQ entries, made through the inquiries services.

About 60 petitions over every category and status: waiting for e-mail confirmation, received,
assigned, an answer in review, answered (most rated), extended, transferred, and duplicates of an
earlier one. The demo staff member drafts and the second reviewer approves (four eyes). Receipt
dates are then spread over the last four weeks, with the deadlines recomputed, so the queue has
overdue petitions. Six published FAQ entries in both languages. Idempotent: nothing is made when a
petition exists.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from talentcenter.accounts.models import User
from talentcenter.demo.accounts import SECOND_REVIEWER_EMAIL, STAFF_EMAIL
from talentcenter.inquiries import periods, services
from talentcenter.inquiries.enums import InquiryCategory
from talentcenter.inquiries.models import FaqEntry, Inquiry

COUNT = 60
CATEGORIES = list(InquiryCategory.values)

QUESTIONS = [
    (
        "en",
        "D-10 visa after graduation",
        "I graduate from a top-100 university this summer. May I hold a D-10 job-seeking visa, and for how long?",
    ),
    (
        "ko",
        "K-테크패스 연봉 기준 문의",
        "K-테크패스 표준 트랙의 연봉 기준이 1인당 국민총소득의 3배라고 들었습니다. 2026년 기준 금액은 얼마입니까?",
    ),
    (
        "en",
        "Spouse employment on F-2-T",
        "My wife would like to work in Seoul once I hold the F-2-T visa. Does she need a separate permit?",
    ),
    ("ko", "추천서 처리 기간", "KOTRA 고용추천서 신청 후 발급까지 보통 얼마나 걸립니까?"),
    (
        "en",
        "International school admission",
        "Can my children enter an international school outside the quota with the K-Tech Pass?",
    ),
    ("ko", "세제 감면 신청 방법", "소득세 50% 감면은 어디에서 어떻게 신청합니까?"),
    (
        "en",
        "Suggestion: English guide for alien registration",
        "Please publish a step-by-step English guide for alien registration, with the documents to bring.",
    ),
    ("ko", "박람회 부스 배정 불만", "지난 글로벌 인재 박람회에서 부스 위치가 안내와 달라 면접에 지장이 있었습니다."),
]

AGENCIES = ["Ministry of Justice (Immigration)", "National Tax Service", "Ministry of Education"]

FAQ = [
    (
        "inquiry",
        "K-테크패스 연봉 기준은 얼마입니까?",
        "What salary does the K-Tech Pass ask for?",
        "표준 트랙은 1인당 국민총소득의 3배 이상(2025년 149,865,000원)을 요구합니다. "
        "4배 이상이면 학위 또는 경력 요건 하나를 충족하지 않아도 됩니다.",
        "The standard track asks for at least 3 times Korea's per-capita GNI (KRW 149,865,000 in 2025). At 4 times, "
        "the degree or the experience test may be missed.",
    ),
    (
        "inquiry",
        "F-2-T 비자 소지자의 배우자도 일할 수 있습니까?",
        "May the spouse of an F-2-T visa holder work?",
        "네. F-2-T 비자 소지자의 배우자는 별도 허가 없이 취업할 수 있습니다.",
        "Yes. The spouse of an F-2-T holder may work without a separate permit.",
    ),
    (
        "inquiry",
        "KOTRA 고용추천서는 얼마나 걸립니까?",
        "How long does a KOTRA employment recommendation take?",
        "서류가 모두 갖추어지면 보통 약 2주가 걸립니다. 추가 서류를 요청하는 동안에는 처리 기간이 멈춥니다.",
        "Usually about two weeks once the documents are complete. The clock stops while the center waits for more "
        "documents.",
    ),
    (
        "inquiry",
        "영주권(F-5)은 언제 신청할 수 있습니까?",
        "When can I apply for permanent residence (F-5)?",
        "F-2-T 비자로 3년을 체류하면 영주권(F-5)을 신청할 수 있습니다.",
        "After three years on the F-2-T visa you may apply for permanent residence (F-5).",
    ),
    (
        "suggestion",
        "제안은 어떻게 처리됩니까?",
        "What happens to a suggestion?",
        "건의민원은 14근무일 안에 검토 결과를 알려 드립니다.",
        "We tell you the outcome of a suggestion within 14 working days.",
    ),
    (
        "grievance",
        "민원 처리 기간을 연장할 수 있습니까?",
        "Can the center extend the deadline of my petition?",
        "부득이한 경우 한 번만, 원래 처리 기간 범위에서 연장할 수 있으며 그 사유와 새 기한을 알려 드립니다.",
        "Only once and by at most the original period, when it cannot be avoided; we tell you the reason and the new "
        "deadline.",
    ),
]


def _make(index: int, author: User, reviewer: User, now: datetime.datetime) -> Inquiry:
    state = index % 10
    duplicate = state == 9
    # A duplicate asks again what an answered petition (state 4) of the same person asked.
    source = index - 5 if duplicate else index
    language, subject, body = QUESTIONS[source % len(QUESTIONS)]
    category = CATEGORIES[source % len(CATEGORIES)]
    email = f"petitioner{source}@example.org"
    inquiry = services.inquiry_file(
        actor=None,
        category=category,
        subject=subject,
        body=f"{body} ({source + 1})",
        name=f"Petitioner {source + 1}",
        email=email,
        language=language,
    )
    if state == 0:
        return inquiry
    inquiry = services.inquiry_verify(token=services.verification_path(inquiry).rstrip("/").rsplit("/", 1)[1])
    # Spread receipts over the last four weeks (deadlines recomputed), so some are overdue.
    received_at = now - datetime.timedelta(days=(index * 3) % 28, hours=index % 7)
    Inquiry.objects.filter(pk=inquiry.pk).update(
        received_at=received_at,
        due_date=periods.due_date(received_at=received_at, working_days=inquiry.period_working_days),
    )
    inquiry.refresh_from_db()
    if state in {2, 8}:
        services.inquiry_assign(actor=author, inquiry=inquiry, assignee=author)
    if state == 8:
        services.inquiry_extend(
            actor=author, inquiry=inquiry, reason="We are asking the Ministry of Justice for its view.", working_days=5
        )
    if state == 7:
        services.inquiry_transfer(
            actor=author,
            inquiry=inquiry,
            agency=AGENCIES[index % len(AGENCIES)],
            reason="The question concerns a decision of that agency.",
        )
    if state in {3, 4, 5, 6, 9}:
        answer = (
            "답변 드립니다. 자세한 내용은 센터 안내를 참고하세요."
            if language == "ko"
            else "Thank you for asking. Here is what applies in your case; see also the center's guides."
        )
        services.answer_draft(actor=author, inquiry=inquiry, answer=answer)
    if state in {4, 5, 6, 9}:
        services.answer_approve(actor=reviewer, inquiry=inquiry)
    if state in {4, 5}:
        services.inquiry_rate(inquiry=inquiry, rating=5 - index % 3, comment="Clear and quick." if state == 4 else "")
    return inquiry


def demo_inquiries_ensure(now: datetime.datetime | None = None, *, count: int = COUNT) -> int:
    """Make the demo petitions and FAQ entries when there are none; returns how many petitions."""
    author = User.objects.filter(email=STAFF_EMAIL).first()
    reviewer = User.objects.filter(email=SECOND_REVIEWER_EMAIL).first()
    if author is None or reviewer is None or Inquiry.objects.exists():
        return 0
    now = now or timezone.now()
    with transaction.atomic():
        for index in range(count):
            _make(index, author, reviewer, now)
        for category, question_ko, question_en, answer_ko, answer_en in FAQ:
            entry = FaqEntry.objects.create(
                category=category,
                question_ko=question_ko,
                question_en=question_en,
                answer_ko=answer_ko,
                answer_en=answer_en,
            )
            services.faq_set_published(actor=author, entry=entry, published=True)
        answered = Inquiry.objects.filter(answered_at__isnull=False).order_by("pk").first()
        if answered is not None:
            services.faq_create_from_inquiry(actor=author, inquiry=answered)
    return count
