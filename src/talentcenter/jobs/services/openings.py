"""Writing openings: create, edit, publish, unpublish, close, and the daily automatic closing.

Each service runs in one transaction, locks the opening row, checks the actor on the locked row
(``jobs.policies``), changes it, writes the audit event ``jobs.opening_<verb>`` and keeps two
derived things in step with it: ``Opening.search_text`` (what the job board's words search) and
the opening's row in the matching index (``matching.services.opening_vector_put``; open only while
published and not past its closing date). Statuses change only through ``OPENING_TRANSITIONS``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events
from talentcenter.jobs import policies, queries, workflow
from talentcenter.jobs.enums import CloseReason, OpeningStatus, Region, Sponsorship
from talentcenter.jobs.models import Opening, OpeningLanguage, OpeningSkill
from talentcenter.matching import services as matching_services
from talentcenter.organizations.models import Company
from talentcenter.reference.enums import AdvancedIndustry
from talentcenter.reference.models import Occupation, Skill
from talentcenter.talent.enums import EducationLevel, SpokenLanguage

SALARY_FLOOR = 10_000_000
SALARY_CEILING = 2_000_000_000
MAX_SKILLS = 20
MAX_LANGUAGES = 10
MAX_YEARS = 40
LATEST_START_YEARS = 3
LATEST_CLOSING_DAYS = 366
TEXT_LIMITS = {
    "title_ko": 160,
    "title_en": 160,
    "description_ko": 20_000,
    "description_en": 20_000,
    "location_detail": 120,
}
# What a company may set on an opening (``occupation`` is a KSCO code, "" for none).
OPENING_FIELDS = (
    "title_ko",
    "title_en",
    "description_ko",
    "description_en",
    "industry",
    "occupation",
    "min_education_level",
    "min_years",
    "salary_min_krw",
    "salary_max_krw",
    "region",
    "location_detail",
    "start_date",
    "closing_date",
    "sponsorship",
)
AUDITED_FIELDS = [field if field != "occupation" else "occupation_id" for field in OPENING_FIELDS]

SkillInput = tuple[str, int, bool]  # (skill code, weight 1-5, required)
LanguageInput = tuple[str, int, bool]  # (language code, minimum level 1-6, required)


# --- Helpers ----------------------------------------------------------------------------------
def today() -> date:
    return timezone.localdate()


def lock_opening(opening: Opening | int) -> Opening:
    opening_id = opening if isinstance(opening, int) else opening.pk
    return Opening.objects.select_for_update(of=("self",)).select_related("company", "occupation").get(pk=opening_id)


def _require_company_actor(actor: User, company_id: int) -> None:
    if not policies.can_act_for_company(actor, company_id):
        raise PermissionDenied(_("Only members of a verified company can manage its openings."))


def search_text_of(opening: Opening, skills: Iterable[Skill]) -> str:
    """Both titles and descriptions, the company's names and the skills' names (both languages,
    synonyms too), lower-cased: what the job board's words match."""
    parts = [
        opening.title_ko,
        opening.title_en,
        opening.company.name_ko,
        opening.company.name_en,
        opening.location_detail,
    ]
    if opening.occupation_id is not None and opening.occupation is not None:
        parts += [opening.occupation.title_en, opening.occupation.title_ko]
    for skill in skills:
        parts += [skill.name_en, skill.name_ko, *skill.synonym_list]
    parts += [opening.description_ko, opening.description_en]
    return " ".join(" ".join((part or "").split()) for part in parts if part).lower()


def _index(opening: Opening) -> None:
    """Write the opening's matching row from what is now in the database (inside the transaction)."""
    fresh = Opening.objects.select_related("company", "occupation").prefetch_related("skills__skill", "languages")
    matching_services.opening_vector_put(queries.opening_record(fresh.get(pk=opening.pk)))


def _audit(
    actor: User | None, verb: str, opening: Opening, changes: dict[str, Any] | None = None, reason: str = ""
) -> None:
    events.record(actor=actor, action=f"jobs.opening_{verb}", subject=opening, changes=changes or {}, reason=reason)


# --- Validation -------------------------------------------------------------------------------
def _int_or_none(value: Any, field: str, errors: dict[str, list[str]]) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        errors.setdefault(field, []).append(_("Enter a whole number."))
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(_("Enter a whole number."))
        return None


def _date_or_none(value: Any, field: str, errors: dict[str, list[str]]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault(field, []).append(_("Enter a valid date (YYYY-MM-DD)."))
        return None


def _clean_fields(values: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    """Types, choices and lengths of the given fields (cross-field rules come after)."""
    unknown = set(values) - set(OPENING_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: {fields}.").format(fields=", ".join(sorted(unknown))))
    cleaned: dict[str, Any] = {}
    for field, limit in TEXT_LIMITS.items():
        if field in values:
            text = str(values[field] or "").strip()
            if len(text) > limit:
                errors.setdefault(field, []).append(
                    _("Use at most {limit} characters (now {length}).").format(limit=limit, length=len(text))
                )
            cleaned[field] = text
    choices = {
        "industry": ("", *AdvancedIndustry.values),
        "region": ("", *Region.values),
        "sponsorship": tuple(Sponsorship.values),
    }
    for field, allowed in choices.items():
        if field in values:
            value = str(values[field] or "")
            if field == "sponsorship" and not value:
                value = Sponsorship.NONE
            if value not in allowed:
                errors.setdefault(field, []).append(_("Select a valid choice."))
            cleaned[field] = value
    if "occupation" in values:
        code = values["occupation"]
        if isinstance(code, Occupation):
            cleaned["occupation"] = code
        elif code in (None, ""):
            cleaned["occupation"] = None
        else:
            occupation = Occupation.objects.filter(code=str(code)[:10]).first()
            if occupation is None:
                errors.setdefault("occupation", []).append(
                    _("Choose an occupation from the E-7 list (its KSCO code, e.g. 2211).")
                )
            cleaned["occupation"] = occupation
    if "min_education_level" in values:
        level = _int_or_none(values["min_education_level"], "min_education_level", errors)
        if level is not None and level not in EducationLevel.values:
            errors.setdefault("min_education_level", []).append(_("Select a valid choice."))
        cleaned["min_education_level"] = level
    if "min_years" in values:
        years = _int_or_none(values["min_years"], "min_years", errors) or 0
        if not 0 <= years <= MAX_YEARS:
            errors.setdefault("min_years", []).append(
                _("Enter between 0 and {maximum} years.").format(maximum=MAX_YEARS)
            )
        cleaned["min_years"] = years
    for field in ("salary_min_krw", "salary_max_krw"):
        if field in values:
            amount = _int_or_none(values[field], field, errors)
            if amount is not None and not SALARY_FLOOR <= amount <= SALARY_CEILING:
                errors.setdefault(field, []).append(
                    _("Enter a yearly salary between 10,000,000 and 2,000,000,000 won (KRW).")
                )
            cleaned[field] = amount
    for field in ("start_date", "closing_date"):
        if field in values:
            cleaned[field] = _date_or_none(values[field], field, errors)
    return cleaned


def _check_dates(opening: Opening, changed: set[str], errors: dict[str, list[str]], *, now: date) -> None:
    closing, start = opening.closing_date, opening.start_date
    if "closing_date" in changed and closing is not None:
        if closing < now:
            errors.setdefault("closing_date", []).append(_("The closing date cannot be in the past."))
        elif closing > now + timedelta(days=LATEST_CLOSING_DAYS):
            errors.setdefault("closing_date", []).append(_("The closing date can be at most a year from today."))
    if "start_date" in changed and start is not None:
        if start < now:
            errors.setdefault("start_date", []).append(_("The start date cannot be in the past."))
        elif start > now + timedelta(days=365 * LATEST_START_YEARS):
            errors.setdefault("start_date", []).append(
                _("The start date can be at most {years} years from today.").format(years=LATEST_START_YEARS)
            )
    if ({"start_date", "closing_date"} & changed) and start is not None and closing is not None and start < closing:
        errors.setdefault("start_date", []).append(_("The start date cannot be before the closing date."))


def _check_opening(opening: Opening, changed: set[str], errors: dict[str, list[str]]) -> None:
    if not opening.title_ko and not opening.title_en:
        errors.setdefault("title_ko", []).append(_("Enter a title in Korean or in English."))
    low, high = opening.salary_min_krw, opening.salary_max_krw
    if low is not None and high is not None and low > high:
        errors.setdefault("salary_max_krw", []).append(
            _("The top of the salary range cannot be lower than its bottom.")
        )
    if "region" in changed and not opening.region:
        errors.setdefault("region", []).append(_("Choose where the job is."))
    _check_dates(opening, changed, errors, now=today())


def clean_skills(skills: Sequence[Any]) -> list[tuple[Skill, int, bool]]:
    """(code, weight, required) triples, checked against the taxonomy; 1 to 20, each once."""
    items = list(skills)
    if not 1 <= len(items) <= MAX_SKILLS:
        raise ValidationError(
            {"skills": _("Name between 1 and {maximum} skills from the list.").format(maximum=MAX_SKILLS)}
        )
    problems: list[str] = []
    codes: list[str] = []
    parsed: list[tuple[str, int, bool]] = []
    for item in items:
        try:
            code, weight, required = item
        except (TypeError, ValueError):
            raise ValidationError(
                {"skills": _("Give each skill as its code, a weight and whether it is required.")}
            ) from None
        code = str(code or "").strip()
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 5:
            problems.append(_("The weight of a skill is a whole number from 1 to 5."))
            continue
        if code in codes:
            problems.append(_("Each skill can be named once."))
            continue
        codes.append(code)
        parsed.append((code, weight, bool(required)))
    found = {skill.code: skill for skill in Skill.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        problems.append(_("Unknown skills: {codes}. Choose skills from the list.").format(codes=", ".join(unknown)))
    if problems:
        raise ValidationError({"skills": sorted(set(problems), key=problems.index)})
    return [(found[code], weight, required) for code, weight, required in parsed]


def clean_languages(languages: Sequence[Any]) -> list[tuple[str, int, bool]]:
    """(language, minimum level 1-6, required) triples; each language once."""
    items = list(languages)
    if len(items) > MAX_LANGUAGES:
        raise ValidationError({"languages": _("Name at most {maximum} languages.").format(maximum=MAX_LANGUAGES)})
    problems: list[str] = []
    seen: set[str] = set()
    cleaned: list[tuple[str, int, bool]] = []
    for item in items:
        try:
            code, level, required = item
        except (TypeError, ValueError):
            raise ValidationError(
                {"languages": _("Give each language as its code, a minimum level and whether it is required.")}
            ) from None
        code = str(code or "")
        if code not in SpokenLanguage.values:
            problems.append(_("Choose languages from the list."))
            continue
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 6:
            problems.append(_("The level of a language is a whole number from 1 to 6."))
            continue
        if code in seen:
            problems.append(_("Each language can be named once."))
            continue
        seen.add(code)
        cleaned.append((code, level, bool(required)))
    if problems:
        raise ValidationError({"languages": sorted(set(problems), key=problems.index)})
    return cleaned


def _add_errors(errors: dict[str, list[str]], error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        errors.setdefault(field, []).extend(messages)


def _validate(
    opening: Opening,
    values: dict[str, Any],
    *,
    skills: Sequence[Any] | None,
    languages: Sequence[Any] | None,
    creating: bool,
) -> tuple[list[tuple[Skill, int, bool]] | None, list[tuple[str, int, bool]] | None]:
    """Apply ``values`` to ``opening`` (unsaved) and check everything; one ValidationError with
    every problem by field."""
    errors: dict[str, list[str]] = {}
    cleaned = _clean_fields(values, errors)
    changed = set()
    for field, value in cleaned.items():
        current = getattr(opening, field, None)
        if creating or current != value:
            changed.add(field)
        setattr(opening, field, value)
    if creating:
        changed |= {"region"}
    _check_opening(opening, changed, errors)
    clean_skill_list: list[tuple[Skill, int, bool]] | None = None
    clean_language_list: list[tuple[str, int, bool]] | None = None
    if skills is not None:
        try:
            clean_skill_list = clean_skills(skills)
        except ValidationError as error:
            _add_errors(errors, error)
    if languages is not None:
        try:
            clean_language_list = clean_languages(languages)
        except ValidationError as error:
            _add_errors(errors, error)
    if errors:
        raise ValidationError(errors)
    return clean_skill_list, clean_language_list


def publish_problems(opening: Opening, *, now: date) -> dict[str, list[str]]:
    """What stops ``opening`` (as saved, skills included) from being public."""
    problems: dict[str, list[str]] = {}
    if not opening.company.is_verified:
        problems.setdefault("company", []).append(
            _("The company must be verified by the center before its openings can be published.")
        )
    if not (opening.description_ko.strip() or opening.description_en.strip()):
        problems.setdefault("description_ko", []).append(_("Describe the position before publishing it."))
    if not opening.industry:
        problems.setdefault("industry", []).append(_("Choose the industry before publishing."))
    if not opening.region:
        problems.setdefault("region", []).append(_("Choose where the job is before publishing."))
    if not opening.skills.filter(required=True).exists():
        problems.setdefault("skills", []).append(_("Mark at least one skill as required before publishing."))
    if opening.closing_date is not None and opening.closing_date < now:
        problems.setdefault("closing_date", []).append(
            _("The closing date has passed: set a new one before publishing.")
        )
    return problems


def _write_children(
    opening: Opening,
    skills: list[tuple[Skill, int, bool]] | None,
    languages: list[tuple[str, int, bool]] | None,
) -> None:
    if skills is not None:
        opening.skills.all().delete()
        OpeningSkill.objects.bulk_create(
            [
                OpeningSkill(opening=opening, skill=skill, weight=weight, required=required)
                for skill, weight, required in skills
            ]
        )
    if languages is not None:
        opening.languages.all().delete()
        OpeningLanguage.objects.bulk_create(
            [
                OpeningLanguage(opening=opening, language=code, minimum_level=level, required=required)
                for code, level, required in languages
            ]
        )


def _children_snapshot(opening: Opening) -> dict[str, Any]:
    return {
        "skills": [
            [code, weight, required]
            for code, weight, required in opening.skills.order_by("skill__code").values_list(
                "skill__code", "weight", "required"
            )
        ],
        "languages": [
            [code, level, required]
            for code, level, required in opening.languages.order_by("language").values_list(
                "language", "minimum_level", "required"
            )
        ],
    }


def _refresh_search_text(opening: Opening) -> None:
    skills = Skill.objects.filter(pk__in=opening.skills.values("skill_id")).order_by("code")
    opening.search_text = search_text_of(opening, skills)
    Opening.objects.filter(pk=opening.pk).update(search_text=opening.search_text)


# --- Services ---------------------------------------------------------------------------------
@transaction.atomic
def opening_create(
    *,
    actor: User,
    company: Company,
    skills: Sequence[Any] = (),
    languages: Sequence[Any] = (),
    **fields: Any,
) -> Opening:
    """A draft opening of ``company`` (members of a verified company)."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    _require_company_actor(actor, company.pk)
    opening = Opening(company=company, created_by=actor, status=OpeningStatus.DRAFT)
    fields.setdefault("sponsorship", Sponsorship.NONE)
    clean_skill_list, clean_language_list = _validate(
        opening, fields, skills=skills, languages=languages, creating=True
    )
    opening.save()
    _write_children(opening, clean_skill_list, clean_language_list)
    _refresh_search_text(opening)
    _audit(
        actor,
        "create",
        opening,
        {**events.snapshot(opening, AUDITED_FIELDS), **_children_snapshot(opening)},
    )
    _index(opening)
    return opening


@transaction.atomic
def opening_update(
    *,
    actor: User,
    opening: Opening,
    skills: Sequence[Any] | None = None,
    languages: Sequence[Any] | None = None,
    **fields: Any,
) -> Opening:
    """Change an opening (not a closed one). A published opening stays public, so it must still
    meet what publishing asks for; every change is in the audit trail."""
    opening = lock_opening(opening)
    _require_company_actor(actor, opening.company_id)
    if opening.status == OpeningStatus.CLOSED:
        raise workflow.OPENING_TRANSITIONS.not_allowed(opening, "update")
    before = {**events.snapshot(opening, AUDITED_FIELDS), **_children_snapshot(opening)}
    clean_skill_list, clean_language_list = _validate(
        opening, fields, skills=skills, languages=languages, creating=False
    )
    opening.save()
    _write_children(opening, clean_skill_list, clean_language_list)
    if opening.status == OpeningStatus.PUBLISHED:
        problems = publish_problems(opening, now=today())
        if problems:
            raise ValidationError(problems)
    _refresh_search_text(opening)
    after = {**events.snapshot(opening, AUDITED_FIELDS), **_children_snapshot(opening)}
    changes = events.diff(before=before, after=after)
    if changes:
        _audit(actor, "update", opening, {**changes, "status": opening.status})
    _index(opening)
    return opening


@transaction.atomic
def opening_publish(*, actor: User, opening: Opening) -> Opening:
    """Make a draft or unpublished opening public on the job board and in the matching index."""
    opening = lock_opening(opening)
    _require_company_actor(actor, opening.company_id)
    old, new = workflow.OPENING_TRANSITIONS.move(opening, "publish")
    problems = publish_problems(opening, now=today())
    if problems:
        raise ValidationError(problems, code="not_ready")
    opening.published_at = opening.published_at or timezone.now()
    opening.save(update_fields=["status", "published_at", "updated_at"])
    _audit(actor, "publish", opening, {"status": [old, new]})
    _index(opening)
    return opening


@transaction.atomic
def opening_unpublish(*, actor: User, opening: Opening) -> Opening:
    """Take a published opening off the board (its applicants stay); it can be published again."""
    opening = lock_opening(opening)
    _require_company_actor(actor, opening.company_id)
    old, new = workflow.OPENING_TRANSITIONS.move(opening, "unpublish")
    opening.save(update_fields=["status", "updated_at"])
    _audit(actor, "unpublish", opening, {"status": [old, new]})
    _index(opening)
    return opening


def _close(actor: User | None, opening: Opening, reason: str) -> None:
    old, new = workflow.OPENING_TRANSITIONS.move(opening, "close")
    opening.close_reason = reason
    opening.closed_at = timezone.now()
    opening.save(update_fields=["status", "close_reason", "closed_at", "updated_at"])
    _audit(actor, "close", opening, {"status": [old, new], "close_reason": reason}, reason=reason)
    _index(opening)


@transaction.atomic
def opening_close(*, actor: User, opening: Opening, reason: str) -> Opening:
    """Close an opening for good: filled or cancelled (the deadline closes it by itself)."""
    opening = lock_opening(opening)
    _require_company_actor(actor, opening.company_id)
    if reason not in CloseReason.values:
        raise ValidationError({"reason": _("Choose why the opening is closed.")})
    _close(actor, opening, reason)
    return opening


def openings_close_due(*, today: date) -> int:
    """Close every published or unpublished opening whose closing date is before ``today`` (reason:
    deadline). One transaction per opening, each locked and checked again; running it twice closes
    nothing more. Returns how many were closed."""
    due = list(
        Opening.objects.filter(status__in=[OpeningStatus.PUBLISHED, OpeningStatus.UNPUBLISHED], closing_date__lt=today)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    closed = 0
    for opening_id in due:
        with transaction.atomic():
            opening = lock_opening(opening_id)
            if opening.status not in (OpeningStatus.PUBLISHED, OpeningStatus.UNPUBLISHED):
                continue
            if opening.closing_date is None or opening.closing_date >= today:
                continue
            _close(None, opening, CloseReason.DEADLINE)
            closed += 1
    return closed
