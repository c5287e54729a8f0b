"""Demo talent requests of the demo company (company@demo.talentcenter.kr), made through the services:

1. "Advanced packaging engineers" — being curated by the demo staff member, with a shortlist on
   which the demo talent (talent@demo.talentcenter.kr) is invited: sign in as the talent to answer.
2. "Machine learning engineers for yield analytics" — shortlist sent, one candidate agreed, so the
   company sees a released profile (the best-ranked discoverable profile other than the demo talent,
   or the demo talent when the index holds nobody else).

Idempotent: nothing is made when the demo company already has these requests.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from talentcenter.accounts.models import User
from talentcenter.demo.accounts import COMPANY_EMAIL, STAFF_EMAIL, TALENT_EMAIL, VERIFIED_COMPANY_BRN
from talentcenter.jobs import queries
from talentcenter.jobs.models import TalentRequest
from talentcenter.jobs.services import requests as services
from talentcenter.organizations.models import Company
from talentcenter.talent.models import TalentProfile

CURATED_TITLE = "Advanced packaging engineers"
RELEASED_TITLE = "Machine learning engineers for yield analytics"

CURATED_CRITERIA: dict[str, Any] = {
    "skills": [
        {"code": "semi.packaging", "weight": 5, "required": True},
        {"code": "semi.process_integration", "weight": 3, "required": False},
    ],
    "min_education_level": 40,
    "min_years": 5,
    "languages": [{"language": "en", "level": 4, "required": True}],
    "industry": "semiconductor",
    "salary_min_krw": 70_000_000,
    "salary_max_krw": 120_000_000,
    "nationalities": [],
}
RELEASED_CRITERIA: dict[str, Any] = {
    "skills": [
        {"code": "ai.machine_learning", "weight": 5, "required": True},
        {"code": "common.python", "weight": 3, "required": False},
    ],
    "min_education_level": 30,
    "min_years": 2,
    "languages": [],
    "industry": "semiconductor",
    "salary_min_krw": None,
    "salary_max_krw": None,
    "nationalities": [],
}


def _released_candidate(talent_request: TalentRequest, demo_talent: TalentProfile) -> int:
    from talentcenter.matching.selectors import rank_candidates

    query = queries.criteria_query(talent_request.criteria, exclude_profile_ids=frozenset({demo_talent.pk}))
    for match in rank_candidates(query, limit=5, explain=False, visa=False):
        if services.is_discoverable_profile(match.profile_id):
            return match.profile_id
    return demo_talent.pk


def demo_talent_requests_ensure() -> int:
    """Create the two demo talent requests unless they exist; returns how many were made."""
    company = Company.objects.filter(business_registration_number=VERIFIED_COMPANY_BRN).first()
    users = {user.email: user for user in User.objects.filter(email__in=[COMPANY_EMAIL, STAFF_EMAIL, TALENT_EMAIL])}
    if company is None or len(users) < 3:
        return 0
    owner, staff, talent_user = users[COMPANY_EMAIL], users[STAFF_EMAIL], users[TALENT_EMAIL]
    demo_talent = TalentProfile.objects.filter(user=talent_user).first()
    if demo_talent is None or not services.is_discoverable_profile(demo_talent.pk):
        return 0
    existing = set(
        TalentRequest.objects.filter(company=company, title__in=[CURATED_TITLE, RELEASED_TITLE]).values_list(
            "title", flat=True
        )
    )
    made = 0
    with transaction.atomic():
        if CURATED_TITLE not in existing:
            curated = services.talent_request_create(
                actor=owner,
                company=company,
                title=CURATED_TITLE,
                description=(
                    "Our new fan-out wafer-level packaging line in Pyeongtaek needs two senior engineers "
                    "(hybrid bonding, CoWoS-class integration). English at work; Korean is a plus."
                ),
                criteria=CURATED_CRITERIA,
                headcount=2,
            )
            curated = services.talent_request_start_curating(actor=staff, talent_request=curated)
            entry = services.shortlist_add(
                actor=staff,
                talent_request=curated,
                profile_id=demo_talent.pk,
                note_for_talent=(
                    "Your hybrid bonding work at imec and CoWoS integration at TSMC match their new line closely."
                ),
            )
            services.shortlist_invite(actor=staff, entry=entry)
            made += 1
        if RELEASED_TITLE not in existing:
            released = services.talent_request_create(
                actor=owner,
                company=company,
                title=RELEASED_TITLE,
                description="Yield prediction models for our memory fab, with the process engineers.",
                criteria=RELEASED_CRITERIA,
                headcount=1,
            )
            released = services.talent_request_start_curating(actor=staff, talent_request=released)
            profile_id = _released_candidate(released, demo_talent)
            entry = services.shortlist_add(
                actor=staff,
                talent_request=released,
                profile_id=profile_id,
                note_for_talent="Machine learning for manufacturing data is what they need.",
            )
            entry = services.shortlist_invite(actor=staff, entry=entry)
            services.talent_request_send_shortlist(actor=staff, talent_request=released)
            agreeing = TalentProfile.objects.select_related("user").get(pk=profile_id).user
            services.shortlist_agree(actor=agreeing, entry=entry)
            made += 1
    return made
