"""The company's pages under ``/jobs/manage/``: its openings with applicant counts, the opening
editor, publish / unpublish / close, the applicants pipeline (moves, notes, history) and the
ranked candidates with "invite to apply".

A person may belong to several companies: the list takes ``?company=<id>`` (the first company by
name otherwise), as the cases portal lets a member choose the hiring company. Openings and
applications of a company the user does not belong to are missing (404); members of a company
not verified yet see its list but may not act (403, with where the verification stands:
``organizations.policies.CompanyNotVerified``). Every change is one service call; a
:class:`TransitionNotAllowed` (someone else moved it meanwhile) becomes a message and a reload.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.workflow import TransitionNotAllowed
from talentcenter.jobs import policies, queries, workflow
from talentcenter.jobs.enums import ApplicationStage, OpeningStatus
from talentcenter.jobs.forms.openings import (
    CloseForm,
    InviteForm,
    MoveForm,
    NoteForm,
    OpeningForm,
    language_formset,
    languages_from,
    skill_formset,
    skills_from,
)
from talentcenter.jobs.models import JobApplication, Opening
from talentcenter.jobs.selectors import company as selectors
from talentcenter.jobs.services import openings as opening_services
from talentcenter.jobs.services import pipeline
from talentcenter.jobs.views.board import opening_facts
from talentcenter.matching.selectors import rank_candidates
from talentcenter.organizations.models import Company
from talentcenter.organizations.policies import CompanyNotVerified
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_access, record_personal_data_list_access
from talentcenter.talent.models import TalentProfile

CANDIDATE_LIMIT = 50
CANDIDATES_PER_PAGE = 10
PAGE_SIZE = 25


def _company_from(request: HttpRequest, value: str | None) -> tuple[Company, list[Company]]:
    """The company the page is about (``value`` is its id), among the user's companies."""
    companies = list(selectors.companies_of_user(request.user))
    if not companies:
        raise PermissionDenied(_("Only members of a registered company can manage openings."))
    chosen = next((company for company in companies if str(company.pk) == (value or "")), companies[0])
    return chosen, companies


def _opening(request: HttpRequest, opening_id: int) -> Opening:
    return policies.access_opening_for_company(user=request.user, opening_id=opening_id)


def _to_opening(opening: Opening) -> HttpResponse:
    return redirect("jobs:manage_opening", opening_id=opening.pk)


def _to_application(application: JobApplication) -> HttpResponse:
    return redirect("jobs:manage_application", application_id=application.pk)


# --- The list -----------------------------------------------------------------------------------
@login_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    """The company's openings, newest first, with their applicants per stage."""
    company, companies = _company_from(request, request.GET.get("company"))
    status = request.GET.get("status", "")
    if status not in OpeningStatus.values:
        status = ""
    page = Paginator(selectors.company_openings(company.pk, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "opening": opening,
            "counts": [
                (stage, ApplicationStage(stage).label, getattr(opening, selectors.stage_count_name(stage)))
                for stage in selectors.PIPELINE_STAGES
            ],
        }
        for opening in page.object_list
    ]
    return render(
        request,
        "jobs/company/list.html",
        {
            "company": company,
            "companies": companies,
            "can_act": company.is_verified,
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": OpeningStatus.choices,
            "stages": [(stage, ApplicationStage(stage).label) for stage in selectors.PIPELINE_STAGES],
        },
    )


# --- The editor ---------------------------------------------------------------------------------
def _editor(
    request: HttpRequest,
    *,
    company: Company,
    opening: Opening | None,
    companies: list[Company] | None = None,
) -> HttpResponse:
    lists: dict[str, list[str]] = {"skills": [], "languages": []}
    if request.method == "POST":
        form = OpeningForm(request.POST)
        skills = skill_formset(request.POST)
        languages = language_formset(request.POST)
        if form.is_valid() and skills.is_valid() and languages.is_valid():
            values = form.values()
            try:
                if opening is None:
                    opening = opening_services.opening_create(
                        actor=signed_in_user(request),
                        company=company,
                        skills=skills_from(skills),
                        languages=languages_from(languages),
                        **values,
                    )
                    messages.success(request, _("The opening is saved as a draft. Publish it when it is ready."))
                else:
                    opening = opening_services.opening_update(
                        actor=signed_in_user(request),
                        opening=opening,
                        skills=skills_from(skills),
                        languages=languages_from(languages),
                        **values,
                    )
                    messages.success(request, _("The opening is saved."))
            except TransitionNotAllowed as error:
                messages.error(request, error.messages[0])
                assert opening is not None
                return _to_opening(opening)
            except ValidationError as error:
                # The skills' and languages' problems also go above their tables.
                unplaced = add_service_errors(form, error)
                lists = {"skills": unplaced.get("skills", []), "languages": unplaced.get("languages", [])}
            else:
                return _to_opening(opening)
    else:
        if opening is None:
            form = OpeningForm(initial={"sponsorship": "none", "min_years": 0})
            skills = skill_formset()
            languages = language_formset()
        else:
            form = OpeningForm(initial=OpeningForm.initial_of(opening))
            skills = skill_formset(
                initial=[
                    {"skill": item.skill.code, "weight": item.weight, "required": item.required}
                    for item in opening.skills.select_related("skill")
                ]
            )
            languages = language_formset(
                initial=[
                    {"language": item.language, "minimum_level": item.minimum_level, "required": item.required}
                    for item in opening.languages.all()
                ]
            )
    error_forms = [each for each in (form, *skills.forms, *languages.forms) if each.errors]
    return render(
        request,
        "jobs/company/edit.html",
        {
            "company": company,
            "companies": companies or [],
            "opening": opening,
            "form": form,
            "skills": skills,
            "languages": languages,
            "error_forms": error_forms,
            "skills_errors": lists["skills"],
            "languages_errors": lists["languages"],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def opening_new(request: HttpRequest) -> HttpResponse:
    value = request.POST.get("company") if request.method == "POST" else request.GET.get("company")
    company, companies = _company_from(request, value)
    if not policies.can_act_for_company(request.user, company.pk):
        raise CompanyNotVerified(company)
    verified = [each for each in companies if each.is_verified]
    return _editor(request, company=company, opening=None, companies=verified)


@login_required
@require_http_methods(["GET", "POST"])
def opening_edit(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening = _opening(request, opening_id)
    if opening.status == OpeningStatus.CLOSED:
        messages.error(request, _("A closed opening cannot be changed."))
        return _to_opening(opening)
    return _editor(request, company=opening.company, opening=opening)


# --- One opening: status and pipeline -----------------------------------------------------------
def _opening_context(request: HttpRequest, opening: Opening, **extra: Any) -> dict[str, Any]:
    allowed = {transition.name for transition in workflow.OPENING_TRANSITIONS.allowed(opening.status)}
    return {
        "opening": opening,
        "facts": opening_facts(opening),
        "can_publish": "publish" in allowed,
        "can_unpublish": "unpublish" in allowed,
        "can_close": "close" in allowed,
        "can_edit": opening.status != OpeningStatus.CLOSED,
        "is_open": queries.is_open(opening),
        "close_form": extra.pop("close_form", None) or CloseForm(),
        "action_errors": extra.pop("action_errors", []),
        **extra,
    }


def _pipeline(request: HttpRequest, opening: Opening) -> list[selectors.StageColumn]:
    """The applicants by stage, their read logged for each of them (one list call)."""
    columns = selectors.opening_pipeline(opening)
    record_personal_data_list_access(
        viewer=signed_in_user(request),
        subjects=[application.profile.user for column in columns for application in column.applications],
        what=AccessWhat.JOB_APPLICATION,
    )
    return columns


@login_required
@require_GET
def manage_opening(request: HttpRequest, opening_id: int) -> HttpResponse:
    """The opening's status and actions, and its applicants by stage."""
    opening = _opening(request, opening_id)
    columns = _pipeline(request, opening)
    moves = {
        column.stage: [
            transition for transition in pipeline.company_transitions(column.stage) if transition.name != "reject"
        ]
        for column in columns
    }
    return render(
        request,
        "jobs/company/opening.html",
        _opening_context(
            request,
            opening,
            columns=[(column, moves[column.stage]) for column in columns],
            tab="applicants",
        ),
    )


def _status_action(request: HttpRequest, opening_id: int, action: Any, success: str, **kwargs: Any) -> HttpResponse:
    opening = _opening(request, opening_id)
    try:
        action(actor=signed_in_user(request), opening=opening, **kwargs)
    except TransitionNotAllowed as error:
        messages.error(request, error.messages[0])
        return _to_opening(opening)
    except ValidationError as error:
        opening.refresh_from_db()
        columns = _pipeline(request, opening)
        return render(
            request,
            "jobs/company/opening.html",
            _opening_context(
                request,
                opening,
                columns=[(column, []) for column in columns],
                tab="applicants",
                action_errors=error.messages,
            ),
            status=422,
        )
    messages.success(request, success)
    return _to_opening(opening)


@login_required
@require_POST
def opening_publish(request: HttpRequest, opening_id: int) -> HttpResponse:
    return _status_action(
        request, opening_id, opening_services.opening_publish, _("The opening is published on the job board.")
    )


@login_required
@require_POST
def opening_unpublish(request: HttpRequest, opening_id: int) -> HttpResponse:
    return _status_action(
        request, opening_id, opening_services.opening_unpublish, _("The opening is taken off the job board.")
    )


@login_required
@require_POST
def opening_close(request: HttpRequest, opening_id: int) -> HttpResponse:
    form = CloseForm(request.POST)
    if not form.is_valid():
        opening = _opening(request, opening_id)
        messages.error(request, _("Choose why the opening is closed."))
        return _to_opening(opening)
    return _status_action(
        request,
        opening_id,
        opening_services.opening_close,
        _("The opening is closed."),
        reason=form.cleaned_data["reason"],
    )


# --- Candidates ---------------------------------------------------------------------------------
def _candidates_context(request: HttpRequest, opening: Opening, **extra: Any) -> dict[str, Any]:
    opening = (
        Opening.objects.select_related("company", "occupation")
        .prefetch_related("skills__skill", "languages")
        .get(pk=opening.pk)
    )
    matches = rank_candidates(queries.candidate_query_for_opening(opening), limit=CANDIDATE_LIMIT)
    # One page of the ranking at a time; the rank stays the place in the whole ranking.
    page = Paginator(list(enumerate(matches, start=1)), CANDIDATES_PER_PAGE).get_page(request.GET.get("page"))
    ids = [match.profile_id for _rank, match in page.object_list]
    summaries = selectors.candidate_summaries(ids)
    invited = pipeline.invited_profile_ids(opening_id=opening.pk)
    applied = set(
        JobApplication.objects.filter(opening=opening, profile_id__in=ids).values_list("profile_id", flat=True)
    )
    rows = [
        {
            "rank": rank,
            "match": match,
            "summary": summaries.get(match.profile_id),
            "invited": match.profile_id in invited,
            "applied": match.profile_id in applied,
        }
        for rank, match in page.object_list
        if match.profile_id in summaries
    ]
    return _opening_context(request, opening, rows=rows, page=page, tab="candidates", invite_form=InviteForm(), **extra)


@login_required
@require_GET
def candidates(request: HttpRequest, opening_id: int) -> HttpResponse:
    """The top ranked discoverable profiles for the opening, with why they match."""
    opening = _opening(request, opening_id)
    return render(request, "jobs/company/candidates.html", _candidates_context(request, opening))


@login_required
@require_POST
def candidate_invite(request: HttpRequest, opening_id: int, profile_id: int) -> HttpResponse:
    opening = _opening(request, opening_id)
    form = InviteForm(request.POST)
    target = reverse("jobs:manage_candidates", kwargs={"opening_id": opening.pk})
    page = request.POST.get("page", "")
    if page.isdecimal() and page != "1":
        target += f"?page={int(page)}"  # back to the page the candidate was on
    if not form.is_valid():
        messages.error(request, _("The message is too long."))
        return redirect(target)
    try:
        pipeline.candidate_invite(
            actor=signed_in_user(request), opening=opening, profile_id=profile_id, message=form.cleaned_data["message"]
        )
    except TalentProfile.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The candidate is invited to apply."))
    return redirect(target)


# --- One applicant ------------------------------------------------------------------------------
def _application(request: HttpRequest, application_id: int) -> JobApplication:
    return policies.access_application_for_company(user=request.user, application_id=application_id)


def _render_application(
    request: HttpRequest,
    application: JobApplication,
    *,
    move_form: MoveForm | None = None,
    note_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    loaded = selectors.application_for_page(application.pk)
    assert loaded is not None
    record_personal_data_access(
        viewer=signed_in_user(request), subject=loaded.profile.user, what=AccessWhat.JOB_APPLICATION, obj=loaded
    )
    moves = pipeline.company_transitions(loaded.stage)
    return render(
        request,
        "jobs/company/application.html",
        {
            "application": loaded,
            "opening": loaded.opening,
            "profile": loaded.profile,
            "moves": [transition for transition in moves if transition.name != "reject"],
            "can_reject": any(transition.name == "reject" for transition in moves),
            "move_form": move_form or MoveForm(initial={"transition": "reject"}),
            "note_form": note_form or NoteForm(),
            "notes": selectors.application_notes(loaded),
            "history": [
                {"event": event, "stages": _stage_labels(event.changes.get("stage"))}
                for event in selectors.application_history(loaded)
            ],
            "error_forms": [form for form in (move_form, note_form) if form is not None and form.errors],
        },
        status=status,
    )


def _stage_labels(stages: Any) -> tuple[str, str] | None:
    if not isinstance(stages, list) or len(stages) != 2:
        return None
    labels = dict(ApplicationStage.choices)
    return str(labels.get(stages[0], stages[0])), str(labels.get(stages[1], stages[1]))


@login_required
@require_GET
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    return _render_application(request, _application(request, application_id))


@login_required
@require_POST
def application_move(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            pipeline.application_move(
                actor=signed_in_user(request),
                application=application,
                transition=form.cleaned_data["transition"],
                reason=form.cleaned_data["reason"],
            )
        except TransitionNotAllowed as error:
            messages.error(request, error.messages[0])
            return _to_application(application)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The applicant is moved."))
            if request.POST.get("next") == "pipeline":
                return redirect("jobs:manage_opening", opening_id=application.opening_id)
            return _to_application(application)
    return _render_application(request, application, move_form=form, status=422)


@login_required
@require_POST
def application_note(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            pipeline.application_note_add(
                actor=signed_in_user(request), application=application, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The note is saved."))
            return _to_application(application)
    return _render_application(request, application, note_form=form, status=422)


urlpatterns = [
    path("manage/", manage, name="manage"),
    path("manage/new/", opening_new, name="manage_new"),
    path("manage/<int:opening_id>/", manage_opening, name="manage_opening"),
    path("manage/<int:opening_id>/edit/", opening_edit, name="manage_edit"),
    path("manage/<int:opening_id>/publish/", opening_publish, name="manage_publish"),
    path("manage/<int:opening_id>/unpublish/", opening_unpublish, name="manage_unpublish"),
    path("manage/<int:opening_id>/close/", opening_close, name="manage_close"),
    path("manage/<int:opening_id>/candidates/", candidates, name="manage_candidates"),
    path("manage/<int:opening_id>/candidates/<int:profile_id>/invite/", candidate_invite, name="manage_invite"),
    path("manage/applications/<int:application_id>/", application_detail, name="manage_application"),
    path("manage/applications/<int:application_id>/move/", application_move, name="manage_move"),
    path("manage/applications/<int:application_id>/notes/", application_note, name="manage_note"),
]
