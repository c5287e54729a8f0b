"""The talent profile wizard: thin views over the talent services.

Every step saves through a service on submit. A form that fails validation, in the form or in the
service, is rendered again with what the person typed, so a draft is never lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from talentcenter.accounts.enums import ConsentKind
from talentcenter.accounts.models import User
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.accounts.selectors import consent_current
from talentcenter.foundation.forms import add_service_errors
from talentcenter.talent import services
from talentcenter.talent.enums import ProfileStep
from talentcenter.talent.forms import (
    EducationForm,
    ExperienceForm,
    LanguageForm,
    LanguageLevelForm,
    PersonalForm,
    PreferencesForm,
    SkillForm,
    SkillProficiencyForm,
)
from talentcenter.talent.models import Education, Experience, LanguageEntry, SkillEntry, TalentProfile
from talentcenter.talent.policies import access_own_profile_entry, can_start_talent_profile
from talentcenter.talent.selectors import talent_profile_detail, talent_profile_of_user

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STEPS = list(ProfileStep)


def _dashboard_url() -> str:
    return reverse("web:dashboard")


def _my_profile(request: HttpRequest) -> TalentProfile:
    """The signed-in person's profile with everything on it, created on first use."""
    profile = talent_profile_of_user(user_id=signed_in_user(request).pk)
    if profile is None:
        created = services.talent_profile_get_or_create(user=signed_in_user(request))
        profile = talent_profile_detail(profile_id=created.pk)
    return profile


def _done_steps(profile: TalentProfile) -> set[ProfileStep]:
    done = set()
    if profile.family_name and profile.given_name and profile.birth_date and profile.nationality:
        done.add(ProfileStep.PERSONAL)
    if profile.educations.all():
        done.add(ProfileStep.EDUCATION)
    if profile.experiences.all():
        done.add(ProfileStep.EXPERIENCE)
    if profile.skills.all():
        done.add(ProfileStep.SKILLS)
    if profile.desired_industries.all():
        done.add(ProfileStep.PREFERENCES)
    if profile.completed_at:
        done.add(ProfileStep.REVIEW)
    return done


def _step_url(step: ProfileStep) -> str:
    return reverse("talent:step", kwargs={"step": step.value})


def _step_context(profile: TalentProfile, current: ProfileStep) -> dict[str, Any]:
    done = _done_steps(profile)
    index = STEPS.index(current)
    return {
        "profile": profile,
        "step": current,
        "step_number": index + 1,
        "step_total": len(STEPS),
        "steps": [
            {
                "label": str(step.label),
                "url": _step_url(step),
                "state": "active" if step == current else "done" if step in done else "",
            }
            for step in STEPS
        ],
        "previous_step": STEPS[index - 1] if index > 0 else None,
        "next_step": STEPS[index + 1] if index + 1 < len(STEPS) else None,
        "previous_url": _step_url(STEPS[index - 1]) if index > 0 else None,
        "next_url": _step_url(STEPS[index + 1]) if index + 1 < len(STEPS) else None,
    }


def _after_save(request: HttpRequest, step: ProfileStep, *, saved: bool) -> HttpResponse:
    """Where a submit leads: the dashboard ("later"), this step ("add"), or the next step."""
    action = request.POST.get("action", "next")
    if action == "later":
        messages.success(request, _("Your profile is saved. Come back whenever you like to continue."))
        return redirect(_dashboard_url())
    if saved:
        messages.success(request, _("Saved."))
    if action.startswith("add") or STEPS.index(step) + 1 == len(STEPS):
        return redirect(_step_url(step))
    return redirect(_step_url(STEPS[STEPS.index(step) + 1]))


def _with_errors(*forms_on_page: forms.BaseForm) -> list[forms.BaseForm]:
    return [form for form in forms_on_page if form.errors]


def _save(form: forms.BaseForm, save: Callable[[dict[str, Any]], object]) -> bool:
    """Validate the form, then call the service; put the service's errors back on the form."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The overview of my profile; a person without one gets one and starts at the first step."""
    existing = talent_profile_of_user(user_id=signed_in_user(request).pk)
    if existing is None:
        if not can_start_talent_profile(signed_in_user(request)):
            return render(request, "talent/not_a_talent.html", status=403)
        services.talent_profile_get_or_create(user=signed_in_user(request))
        return redirect(_step_url(ProfileStep.PERSONAL))
    done = _done_steps(existing)
    resume = next((step for step in STEPS if step not in done), ProfileStep.REVIEW)
    return render(
        request,
        "talent/profile.html",
        {
            "profile": existing,
            "missing": services.profile_missing_parts(existing),
            "resume_step": resume,
            "resume_url": _step_url(resume),
            **_consents(request),
        },
    )


def _consents(request: HttpRequest) -> dict[str, bool]:
    return {
        "consent_profile_sharing": consent_current(user=signed_in_user(request), kind=ConsentKind.PROFILE_SHARING),
        "consent_marketing": consent_current(user=signed_in_user(request), kind=ConsentKind.MARKETING),
    }


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in ProfileStep.values:
        raise Http404
    current = ProfileStep(step)
    profile = _my_profile(request)
    handler = STEP_HANDLERS[current]
    return handler(request, profile, _step_context(profile, current))


def _personal(request: HttpRequest, profile: TalentProfile, context: dict[str, Any]) -> HttpResponse:
    if request.method == "POST":
        form = PersonalForm(request.POST)
        if _save(
            form,
            lambda data: services.talent_profile_update_personal(
                profile=profile, actor=signed_in_user(request), **data
            ),
        ):
            return _after_save(request, ProfileStep.PERSONAL, saved=True)
    else:
        form = PersonalForm(instance=profile)
    return render(request, "talent/step_personal.html", {**context, "form": form, "error_forms": _with_errors(form)})


def _entry_step(
    request: HttpRequest,
    profile: TalentProfile,
    context: dict[str, Any],
    *,
    step: ProfileStep,
    form_classes: dict[str, type[forms.BaseForm]],
    adders: dict[str, Callable[..., object]],
    template: str,
) -> HttpResponse:
    """A step that lists entries and adds new ones. "Continue" with untouched forms just moves on;
    anything typed is validated and saved first."""
    if request.method == "POST":
        action = request.POST.get("action", "next")
        bound = {name: form_class(request.POST, prefix=name) for name, form_class in form_classes.items()}
        targets = [name for name, form in bound.items() if form.has_changed() or action == f"add_{name}"]
        saved_any = False
        failed = False
        for name in targets:
            adder = adders[name]

            def add(data: dict[str, Any], adder: Callable[..., object] = adder) -> object:
                return adder(profile=profile, actor=signed_in_user(request), **data)

            if _save(bound[name], add):
                saved_any = True
                bound[name] = form_classes[name](prefix=name)
            else:
                failed = True
        if not failed:
            return _after_save(request, step, saved=saved_any)
        # The entries saved before the failure are shown in the list; reload it.
        context = _step_context(talent_profile_detail(profile_id=profile.pk), step)
        entry_forms = bound
    else:
        entry_forms = {name: form_class(prefix=name) for name, form_class in form_classes.items()}
    return render(
        request,
        template,
        {
            **context,
            **{f"{name}_form": form for name, form in entry_forms.items()},
            "error_forms": _with_errors(*entry_forms.values()),
        },
    )


def _education(request: HttpRequest, profile: TalentProfile, context: dict[str, Any]) -> HttpResponse:
    return _entry_step(
        request,
        profile,
        context,
        step=ProfileStep.EDUCATION,
        form_classes={"education": EducationForm},
        adders={"education": services.education_add},
        template="talent/step_education.html",
    )


def _experience(request: HttpRequest, profile: TalentProfile, context: dict[str, Any]) -> HttpResponse:
    return _entry_step(
        request,
        profile,
        context,
        step=ProfileStep.EXPERIENCE,
        form_classes={"experience": ExperienceForm},
        adders={"experience": services.experience_add},
        template="talent/step_experience.html",
    )


def _add_skill(*, profile: TalentProfile, actor: User, skill: str, proficiency: int) -> object:
    return services.skill_set(profile=profile, actor=actor, skill_code=skill, proficiency=proficiency)


def _skills(request: HttpRequest, profile: TalentProfile, context: dict[str, Any]) -> HttpResponse:
    return _entry_step(
        request,
        profile,
        context,
        step=ProfileStep.SKILLS,
        form_classes={"skill": SkillForm, "language": LanguageForm},
        adders={"skill": _add_skill, "language": services.language_set},
        template="talent/step_skills.html",
    )


def _preferences(request: HttpRequest, profile: TalentProfile, context: dict[str, Any]) -> HttpResponse:
    if request.method == "POST":
        form = PreferencesForm(request.POST)

        def save(data: dict[str, Any]) -> object:
            return services.talent_preferences_update(
                profile=profile,
                actor=signed_in_user(request),
                desired_industry_codes=data["desired_industries"],
                visibility=data["visibility"],
                consent_profile_sharing=data["consent_profile_sharing"],
                consent_marketing=data["consent_marketing"],
                desired_salary_krw=data["desired_salary_krw"],
            )

        if _save(form, save):
            return _after_save(request, ProfileStep.PREFERENCES, saved=True)
    else:
        form = PreferencesForm(
            initial={
                "desired_industries": [industry.code for industry in profile.desired_industries.all()],
                "visibility": profile.visibility,
                "desired_salary_krw": profile.desired_salary_krw,
                **_consents(request),
            }
        )
    return render(request, "talent/step_preferences.html", {**context, "form": form, "error_forms": _with_errors(form)})


def _review(request: HttpRequest, profile: TalentProfile, context: dict[str, Any]) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        if request.POST.get("action") == "later":
            return _after_save(request, ProfileStep.REVIEW, saved=False)
        try:
            services.talent_profile_complete(profile=profile, actor=signed_in_user(request))
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Your profile is complete. Thank you!"))
            return redirect("talent:profile")
    return render(
        request,
        "talent/step_review.html",
        {
            **context,
            "missing": services.profile_missing_parts(profile),
            "complete_errors": errors,
            **_consents(request),
        },
    )


STEP_HANDLERS: dict[ProfileStep, Callable[[HttpRequest, TalentProfile, dict[str, Any]], HttpResponse]] = {
    ProfileStep.PERSONAL: _personal,
    ProfileStep.EDUCATION: _education,
    ProfileStep.EXPERIENCE: _experience,
    ProfileStep.SKILLS: _skills,
    ProfileStep.PREFERENCES: _preferences,
    ProfileStep.REVIEW: _review,
}


@dataclass(frozen=True)
class EntryKind:
    """How one kind of profile entry is fetched, edited and removed."""

    model: Any
    step: ProfileStep
    title_edit: StrOrPromise
    title_remove: StrOrPromise
    form_class: type[forms.ModelForm] | None = None
    update: Callable[..., object] | None = None
    remove: Callable[..., None] | None = None
    keyword: str = "entry"


def _update_skill(*, entry: SkillEntry, actor: User, proficiency: int) -> SkillEntry:
    return services.skill_set(profile=entry.profile, actor=actor, skill_code=entry.skill.code, proficiency=proficiency)


def _update_language(*, entry: LanguageEntry, actor: User, test: str, level: str) -> LanguageEntry:
    return services.language_set(profile=entry.profile, actor=actor, language=entry.language, test=test, level=level)


ENTRY_KINDS = {
    "education": EntryKind(
        model=Education,
        step=ProfileStep.EDUCATION,
        form_class=EducationForm,
        update=services.education_update,
        remove=services.education_remove,
        keyword="education",
        title_edit=gettext_lazy("Edit education"),
        title_remove=gettext_lazy("Remove education"),
    ),
    "experience": EntryKind(
        model=Experience,
        step=ProfileStep.EXPERIENCE,
        form_class=ExperienceForm,
        update=services.experience_update,
        remove=services.experience_remove,
        keyword="experience",
        title_edit=gettext_lazy("Edit experience"),
        title_remove=gettext_lazy("Remove experience"),
    ),
    "skill": EntryKind(
        model=SkillEntry,
        step=ProfileStep.SKILLS,
        form_class=SkillProficiencyForm,
        update=_update_skill,
        remove=services.skill_remove,
        title_edit=gettext_lazy("Edit skill"),
        title_remove=gettext_lazy("Remove skill"),
    ),
    "language": EntryKind(
        model=LanguageEntry,
        step=ProfileStep.SKILLS,
        form_class=LanguageLevelForm,
        update=_update_language,
        remove=services.language_remove,
        title_edit=gettext_lazy("Edit language"),
        title_remove=gettext_lazy("Remove language"),
    ),
}


def _my_entry(request: HttpRequest, kind: EntryKind, pk: int) -> Any:
    """An entry of the signed-in person's own profile; anyone else's entry does not exist (404)."""
    return access_own_profile_entry(user=signed_in_user(request), model=kind.model, entry_id=pk)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    entry_kind = ENTRY_KINDS[kind]
    if entry_kind.form_class is None or entry_kind.update is None:
        raise Http404
    entry = _my_entry(request, entry_kind, pk)
    update = entry_kind.update
    if request.method == "POST":
        form = entry_kind.form_class(request.POST, instance=entry_kind.model(profile=entry.profile))
        if _save(form, lambda data: update(**{entry_kind.keyword: entry}, actor=signed_in_user(request), **data)):
            messages.success(request, _("Saved."))
            return redirect(_step_url(entry_kind.step))
    else:
        form = entry_kind.form_class(instance=entry)
    return render(
        request,
        "talent/entry_edit.html",
        {
            "form": form,
            "error_forms": _with_errors(form),
            "title": entry_kind.title_edit,
            "entry": entry,
            "back_url": _step_url(entry_kind.step),
            "step": entry_kind.step,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    entry_kind = ENTRY_KINDS[kind]
    entry = _my_entry(request, entry_kind, pk)
    if request.method == "POST" and entry_kind.remove is not None:
        entry_kind.remove(**{entry_kind.keyword: entry}, actor=signed_in_user(request))
        messages.success(request, _("Removed: %(entry)s") % {"entry": entry})
        return redirect(_step_url(entry_kind.step))
    return render(
        request,
        "talent/entry_remove.html",
        {
            "title": entry_kind.title_remove,
            "entry": entry,
            "back_url": _step_url(entry_kind.step),
            "step": entry_kind.step,
        },
    )
