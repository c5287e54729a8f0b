"""Writes on the talent profile. Every change is validated, audited and saved at once, so a
profile can be left at any step and resumed later."""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum
from typing import Any, Final, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentcenter.accounts.enums import ConsentKind, Role
from talentcenter.accounts.models import User
from talentcenter.accounts.selectors import consent_current
from talentcenter.accounts.services import consent_record, user_grant_role
from talentcenter.audit import events
from talentcenter.reference.enums import IndustryScheme
from talentcenter.reference.models import Industry, Skill
from talentcenter.talent import policies
from talentcenter.talent.enums import CEFR_LEVELS, LANGUAGE_TEST_LEVELS, LanguageTest, Visibility
from talentcenter.talent.models import Education, Experience, LanguageEntry, SkillEntry, TalentProfile
from talentcenter.talent.signals import profile_changed

PERSONAL_FIELDS = [
    "family_name",
    "given_name",
    "name_hangul",
    "birth_date",
    "nationality",
    "country_of_residence",
    "phone",
    "contact_email",
    "headline",
]
EDUCATION_FIELDS = ["level", "field", "institution", "country", "completed_on"]
EXPERIENCE_FIELDS = ["organization", "organization_kind", "role", "field", "started_on", "ended_on", "is_postdoctoral"]
OLDEST_AGE_YEARS = 100
YOUNGEST_AGE_YEARS = 15


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _own(profile: TalentProfile, actor: User) -> TalentProfile:
    """Lock the profile for the change, and make sure it is the actor's own."""
    locked = TalentProfile.objects.select_for_update().get(pk=profile.pk)
    if locked.user_id != actor.pk:
        raise PermissionDenied
    return locked


def profile_search_document(*, given_name: str, family_name: str, name_hangul: str, email: str, headline: str) -> str:
    """The lower-cased text the back-office search looks in; the demo generator fills it the same way."""
    parts = [given_name, family_name, name_hangul, email, headline]
    return " ".join(part for part in parts if part).lower()[:500]


def _refresh_derived(profile: TalentProfile) -> None:
    """Keep the two columns the back office filters and searches on in step with the profile."""
    profile.highest_education_level = profile.educations.aggregate(top=Max("level"))["top"]
    profile.search_document = profile_search_document(
        given_name=profile.given_name,
        family_name=profile.family_name,
        name_hangul=profile.name_hangul,
        email=profile.user.email,
        headline=profile.headline,
    )
    profile.save(update_fields=["highest_education_level", "search_document", "updated_at"])
    _changed(profile)


def _changed(profile: TalentProfile) -> None:
    """Tell the listeners (the matching index) inside this transaction that the profile changed."""
    profile_changed.send(sender=TalentProfile, profile_id=profile.pk)


class _Keep(Enum):
    KEEP = "keep"


KEEP: Final = _Keep.KEEP


def _clean_instance(instance: models.Model, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def _check_dates_in_range(*, field: str, value: date | None, earliest: date, latest: date) -> None:
    if value is not None and not (earliest <= value <= latest):
        raise ValidationError(
            {field: _("Enter a date between %(earliest)s and %(latest)s.") % {"earliest": earliest, "latest": latest}}
        )


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}


@transaction.atomic
def talent_profile_get_or_create(*, user: User) -> TalentProfile:
    """The person's profile, started (with the talent role) on first use; staff and company people
    are refused (``policies.can_start_talent_profile``)."""
    existing = TalentProfile.objects.filter(user=user).first()
    if existing is not None:
        return existing
    if not policies.can_start_talent_profile(user):
        raise PermissionDenied(_("Talent profiles are for professionals. This account is not one."))
    profile, created = TalentProfile.objects.get_or_create(user=user, defaults={"contact_email": user.email})
    if created:
        user_grant_role(user=user, role=Role.TALENT, actor=user)
        events.record(actor=user, action="talent.profile_created", subject=profile)
        _refresh_derived(profile)
    return profile


@transaction.atomic
def talent_profile_update_personal(*, profile: TalentProfile, actor: User, **values: Any) -> TalentProfile:
    unknown = set(values) - set(PERSONAL_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    profile = _own(profile, actor)
    before = events.snapshot(profile, PERSONAL_FIELDS)
    for key, value in _normalise(values).items():
        setattr(profile, key, value)
    _clean_instance(profile, exclude=["user"])
    today = timezone.localdate()
    _check_dates_in_range(
        field="birth_date",
        value=profile.birth_date,
        earliest=years_before(today, OLDEST_AGE_YEARS),
        latest=years_before(today, YOUNGEST_AGE_YEARS),
    )
    profile.save()
    changes = events.diff(before=before, after=events.snapshot(profile, PERSONAL_FIELDS))
    if changes:
        events.record(actor=actor, action="talent.personal_updated", subject=profile, changes=changes)
    _refresh_derived(profile)
    return profile


def _validate_education(education: Education) -> None:
    _clean_instance(education, exclude=["profile"])
    today = timezone.localdate()
    _check_dates_in_range(
        field="completed_on",
        value=education.completed_on,
        earliest=date(1940, 1, 1),
        latest=today + timedelta(days=5 * 366),
    )


@transaction.atomic
def education_add(*, profile: TalentProfile, actor: User, **values: Any) -> Education:
    profile = _own(profile, actor)
    education = Education(profile=profile, **_normalise(values))
    _validate_education(education)
    education.save()
    events.record(
        actor=actor,
        action="talent.education_added",
        subject=profile,
        changes=events.snapshot(education, EDUCATION_FIELDS),
    )
    _refresh_derived(profile)
    return education


@transaction.atomic
def education_update(*, education: Education, actor: User, **values: Any) -> Education:
    profile = _own(education.profile, actor)
    education = Education.objects.select_for_update().get(pk=education.pk, profile=profile)
    before = events.snapshot(education, EDUCATION_FIELDS)
    for key, value in _normalise(values).items():
        if key not in EDUCATION_FIELDS:
            raise ValidationError({key: _("This field cannot be changed.")})
        setattr(education, key, value)
    _validate_education(education)
    education.save()
    events.record(
        actor=actor,
        action="talent.education_updated",
        subject=profile,
        changes=events.diff(before=before, after=events.snapshot(education, EDUCATION_FIELDS)),
    )
    _refresh_derived(profile)
    return education


@transaction.atomic
def education_remove(*, education: Education, actor: User) -> None:
    profile = _own(education.profile, actor)
    snapshot = events.snapshot(education, EDUCATION_FIELDS)
    Education.objects.filter(pk=education.pk, profile=profile).delete()
    events.record(actor=actor, action="talent.education_removed", subject=profile, changes=snapshot)
    _refresh_derived(profile)


def _validate_experience(experience: Experience) -> None:
    _clean_instance(experience, exclude=["profile"])
    today = timezone.localdate()
    _check_dates_in_range(field="started_on", value=experience.started_on, earliest=date(1940, 1, 1), latest=today)
    _check_dates_in_range(field="ended_on", value=experience.ended_on, earliest=date(1940, 1, 1), latest=today)
    if experience.ended_on is not None and experience.ended_on < experience.started_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})


@transaction.atomic
def experience_add(*, profile: TalentProfile, actor: User, **values: Any) -> Experience:
    profile = _own(profile, actor)
    experience = Experience(profile=profile, **_normalise(values))
    _validate_experience(experience)
    experience.save()
    events.record(
        actor=actor,
        action="talent.experience_added",
        subject=profile,
        changes=events.snapshot(experience, EXPERIENCE_FIELDS),
    )
    _refresh_derived(profile)
    return experience


@transaction.atomic
def experience_update(*, experience: Experience, actor: User, **values: Any) -> Experience:
    profile = _own(experience.profile, actor)
    experience = Experience.objects.select_for_update().get(pk=experience.pk, profile=profile)
    before = events.snapshot(experience, EXPERIENCE_FIELDS)
    for key, value in _normalise(values).items():
        if key not in EXPERIENCE_FIELDS:
            raise ValidationError({key: _("This field cannot be changed.")})
        setattr(experience, key, value)
    _validate_experience(experience)
    experience.save()
    events.record(
        actor=actor,
        action="talent.experience_updated",
        subject=profile,
        changes=events.diff(before=before, after=events.snapshot(experience, EXPERIENCE_FIELDS)),
    )
    _refresh_derived(profile)
    return experience


@transaction.atomic
def experience_remove(*, experience: Experience, actor: User) -> None:
    profile = _own(experience.profile, actor)
    snapshot = events.snapshot(experience, EXPERIENCE_FIELDS)
    Experience.objects.filter(pk=experience.pk, profile=profile).delete()
    events.record(actor=actor, action="talent.experience_removed", subject=profile, changes=snapshot)
    _refresh_derived(profile)


@transaction.atomic
def skill_set(*, profile: TalentProfile, actor: User, skill_code: str, proficiency: int) -> SkillEntry:
    """Add a skill from the taxonomy, or change the proficiency of one already listed."""
    profile = _own(profile, actor)
    skill = Skill.objects.filter(code=skill_code).first()
    if skill is None:
        raise ValidationError({"skill": _("Choose a skill from the list.")})
    entry = SkillEntry(profile=profile, skill=skill, proficiency=proficiency)
    _clean_instance(entry, exclude=["profile", "skill"])
    entry, _created = SkillEntry.objects.update_or_create(
        profile=profile, skill=skill, defaults={"proficiency": proficiency}
    )
    events.record(actor=actor, action="talent.skill_set", subject=profile, changes={skill.code: proficiency})
    _refresh_derived(profile)
    return entry


@transaction.atomic
def skill_remove(*, entry: SkillEntry, actor: User) -> None:
    profile = _own(entry.profile, actor)
    SkillEntry.objects.filter(pk=entry.pk, profile=profile).delete()
    events.record(actor=actor, action="talent.skill_removed", subject=profile, changes={"skill": entry.skill.code})
    _refresh_derived(profile)


def _validate_language_level(test: str, level: str) -> str:
    level = level.strip().upper() if test == LanguageTest.CEFR else level.strip()
    if test in (LanguageTest.NONE, LanguageTest.NATIVE):
        return level[:10]
    if test == LanguageTest.CEFR:
        if level not in CEFR_LEVELS:
            raise ValidationError({"level": _("Give a CEFR level from A1 to C2.")})
        return level
    low, high = LANGUAGE_TEST_LEVELS[test]
    try:
        number = float(level)
    except ValueError:
        number = float("nan")
    if not (low <= number <= high):
        raise ValidationError(
            {
                "level": _("Give a level or score between %(low)s and %(high)s.")
                % {"low": f"{low:g}", "high": f"{high:g}"}
            }
        )
    return f"{number:g}"


@transaction.atomic
def language_set(*, profile: TalentProfile, actor: User, language: str, test: str, level: str = "") -> LanguageEntry:
    profile = _own(profile, actor)
    entry = LanguageEntry(profile=profile, language=language, test=test, level=level[:10])
    _clean_instance(entry, exclude=["profile", "level"])
    level = _validate_language_level(test, level)
    entry, _created = LanguageEntry.objects.update_or_create(
        profile=profile, language=language, defaults={"test": test, "level": level}
    )
    events.record(
        actor=actor, action="talent.language_set", subject=profile, changes={language: f"{test} {level}".strip()}
    )
    _refresh_derived(profile)
    return entry


@transaction.atomic
def language_remove(*, entry: LanguageEntry, actor: User) -> None:
    profile = _own(entry.profile, actor)
    LanguageEntry.objects.filter(pk=entry.pk, profile=profile).delete()
    events.record(actor=actor, action="talent.language_removed", subject=profile, changes={"language": entry.language})
    _refresh_derived(profile)


@transaction.atomic
def talent_preferences_update(
    *,
    profile: TalentProfile,
    actor: User,
    desired_industry_codes: list[str],
    visibility: str,
    consent_profile_sharing: bool,
    consent_marketing: bool,
    desired_salary_krw: int | Literal[_Keep.KEEP] | None = KEEP,
) -> TalentProfile:
    """Desired industries, the lowest salary accepted, who may find the profile, and the consents
    behind that choice. ``desired_salary_krw`` left out keeps the salary; ``None`` clears it."""
    profile = _own(profile, actor)
    salary = profile.desired_salary_krw if desired_salary_krw is KEEP else desired_salary_krw
    if salary is not None:
        field = TalentProfile._meta.get_field("desired_salary_krw")
        try:
            field.run_validators(salary)
        except ValidationError as error:
            raise ValidationError({"desired_salary_krw": error.messages}) from error
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may see your profile.")})
    codes = sorted(set(desired_industry_codes))
    industries = list(Industry.objects.filter(scheme=IndustryScheme.KTECH_PASS, code__in=codes))
    if len(industries) != len(codes):
        raise ValidationError({"desired_industries": _("Choose industries from the list.")})
    if visibility == Visibility.VERIFIED_COMPANIES and not consent_profile_sharing:
        raise ValidationError(
            {
                "consent_profile_sharing": _(
                    "To let companies find you, agree to share your profile with verified companies."
                )
            }
        )
    before = {
        "visibility": profile.visibility,
        "desired_industries": sorted(profile.desired_industries.values_list("code", flat=True)),
        "desired_salary_krw": profile.desired_salary_krw,
    }
    profile.visibility = visibility
    profile.desired_salary_krw = salary
    profile.save(update_fields=["visibility", "desired_salary_krw", "updated_at"])
    profile.desired_industries.set(industries)
    for kind, granted in (
        (ConsentKind.PROFILE_SHARING, consent_profile_sharing),
        (ConsentKind.MARKETING, consent_marketing),
    ):
        if consent_current(user=actor, kind=kind) != granted:
            consent_record(user=actor, kind=kind, granted=granted)
    after = {"visibility": visibility, "desired_industries": codes, "desired_salary_krw": salary}
    changes = events.diff(before=before, after=after)
    if changes:
        events.record(actor=actor, action="talent.preferences_updated", subject=profile, changes=changes)
    _changed(profile)
    return profile


def profile_missing_parts(profile: TalentProfile) -> list[str]:
    """What still stops the profile from being complete, as translated sentences."""
    missing: list[str] = []
    if not (profile.family_name and profile.given_name and profile.birth_date and profile.nationality):
        missing.append(str(_("Personal details: name, date of birth and nationality.")))
    if not profile.educations.exists():
        missing.append(str(_("At least one degree or school.")))
    if not profile.experiences.exists():
        missing.append(str(_("At least one position held.")))
    if not profile.skills.exists():
        missing.append(str(_("At least one skill.")))
    return missing


@transaction.atomic
def talent_profile_complete(*, profile: TalentProfile, actor: User) -> TalentProfile:
    profile = _own(profile, actor)
    missing = profile_missing_parts(profile)
    if missing:
        raise ValidationError(missing, code="profile_incomplete")
    if profile.completed_at is None:
        profile.completed_at = timezone.now()
        profile.save(update_fields=["completed_at", "updated_at"])
        events.record(actor=actor, action="talent.profile_completed", subject=profile)
        _changed(profile)
    return profile
