"""The pathfinder: a public, anonymous self-check in four steps and an explained answer.

Nothing is stored while someone answers: every step posts the answers so far in a signed hidden
field (``pathfinder_state``), and each response renders the next step with a new token. Only a
signed-in person who presses "Save this result" gets an ``Assessment`` row (and an audit event).
A tampered or expired token restarts the check with a polite notice; no input leads to a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pydantic import ValidationError as PydanticValidationError

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.i18n import current_language
from talentcenter.policy import pathfinder_forms as pf
from talentcenter.policy.citing import cited_in_answer
from talentcenter.policy.engine import PROGRAMMES, ApplicantIn
from talentcenter.policy.engine.inputs import facts_dated_after
from talentcenter.policy.enums import AssessmentKind
from talentcenter.policy.models import Assessment
from talentcenter.policy.pathfinder_state import state_dump, state_load
from talentcenter.policy.policies import access_assessment
from talentcenter.policy.selectors import applicant_data_from_profile, assessment_person, self_checks_of_user
from talentcenter.policy.selectors_rules import PROGRAMME_LABELS
from talentcenter.policy.services import assessment_in_language, assessment_record, assessment_run
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_access
from talentcenter.reference.enums import ListKind
from talentcenter.talent.models import TalentProfile
from talentcenter.talent.selectors import talent_profile_of_user

STEP_LABELS = {
    1: gettext_lazy("About you"),
    2: gettext_lazy("Education"),
    3: gettext_lazy("Experience"),
    4: gettext_lazy("Job offer and language"),
    5: gettext_lazy("Your answer"),
}
ANSWER_STEP = 5
FORM_STEPS = (1, 2, 3, 4)
OFFER_STEP = 4
STEP_TEMPLATES = {
    1: "policy/pathfinder/step_about.html",
    2: "policy/pathfinder/step_education.html",
    3: "policy/pathfinder/step_experience.html",
    4: "policy/pathfinder/step_offer.html",
}
ROW_PREFIXES = {2: "education", 3: "experience"}
ROW_FIELDS = {2: list(pf.DegreeForm.base_fields), 3: list(pf.JobForm.base_fields)}
ROW_FORMS: dict[int, type[forms.Form]] = {2: pf.DegreeForm, 3: pf.JobForm}
ROW_LIMITS = {2: pf.MAX_DEGREES, 3: pf.MAX_JOBS}
SECTIONS = {
    1: {"person"},
    2: {"education"},
    3: {"experience"},
    4: {"offer", "languages", "government_programme", "recommendations"},
}
MAX_DRAFT_KEYS = 200
MAX_DRAFT_VALUE = 1000

STATUS_LABELS = {
    "eligible": gettext_lazy("Eligible"),
    "needs_review": gettext_lazy("Needs review"),
    "not_eligible": gettext_lazy("Not eligible"),
    "not_in_force": gettext_lazy("Not in force on this date"),
}
STATUS_BADGES = {
    "eligible": "bg-light-success",
    "needs_review": "bg-light-warning",
    "not_eligible": "bg-light-danger",
    "not_in_force": "bg-light-gray",
}
CRITERION_LABELS = {
    "met": gettext_lazy("Met"),
    "not_met": gettext_lazy("Not met"),
    "needs_review": gettext_lazy("Needs review"),
}
CRITERION_BADGES = {"met": "bg-light-success", "not_met": "bg-light-danger", "needs_review": "bg-light-warning"}


# State ------------------------------------------------------------------------------------------


def _today() -> str:
    return timezone.localdate().isoformat()


def _new_state(applicant: dict[str, Any] | None = None, focus: str = "") -> dict[str, Any]:
    """A fresh self-check; ``focus`` is the programme a guide sent the visitor to check (the answer
    opens on it), empty for none."""
    return {"applicant": applicant or {}, "as_of": _today(), "step": 1, "drafts": {}, "focus": focus}


def _focus_of(value: Any) -> str:
    """A programme code from a link (``?programme=ktech-pass``) or the state, or "" if unknown."""
    return value if isinstance(value, str) and value in PROGRAMMES else ""


def _read_state(token: str) -> dict[str, Any] | None:
    """The posted state if it is ours, fresh and well-formed; otherwise None (start again)."""
    state = state_load(token)
    if state is None:
        return None
    applicant, as_of, step = state.get("applicant"), state.get("as_of"), state.get("step")
    drafts = state.get("drafts", {})
    if not isinstance(applicant, dict) or not isinstance(as_of, str) or not isinstance(drafts, dict):
        return None
    if not isinstance(step, int) or step not in STEP_LABELS:
        return None
    try:
        date.fromisoformat(as_of)
    except ValueError:
        return None
    return {
        "applicant": applicant,
        "as_of": as_of,
        "step": step,
        "drafts": drafts,
        "focus": _focus_of(state.get("focus")),
    }


def _draft_of(step: int, data: QueryDict) -> dict[str, str]:
    """What was typed on a step that did not validate, kept so that going back loses nothing."""
    prefix = ROW_PREFIXES.get(step)
    names = set(pf.AboutForm.base_fields if step == 1 else pf.OfferForm.base_fields if step == 4 else [])
    kept: dict[str, str] = {}
    for key, value in data.items():
        if len(kept) >= MAX_DRAFT_KEYS:
            break
        if (prefix and key.startswith(f"{prefix}-")) or key in names:
            kept[key] = str(value)[:MAX_DRAFT_VALUE]
    return kept


# Forms of a step --------------------------------------------------------------------------------


def _row_data(prefix: str, rows: list[dict[str, Any]], minimum: int) -> dict[str, str]:
    """Rows as a formset would post them (at least ``minimum`` rows, blank ones at the end)."""
    rows = [*rows, *({} for _ in range(max(0, minimum - len(rows))))]
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        for name, value in row.items():
            if value is True:
                data[f"{prefix}-{index}-{name}"] = "on"
            elif value not in (None, False, ""):
                data[f"{prefix}-{index}-{name}"] = str(value)
    return data


def _stored_data(step: int, state: dict[str, Any]) -> dict[str, str]:
    """The state's answers for a step, as that step's form would post them."""
    applicant = state["applicant"]
    if step == 1:
        return {key: str(value) for key, value in pf.about_initial(applicant).items() if value}
    if step == 2:
        return _row_data("education", pf.degrees_initial(applicant), 1)
    if step == 3:
        return _row_data("experience", pf.jobs_initial(applicant), 0)
    return {key: str(value) for key, value in pf.offer_initial(applicant, state["as_of"]).items() if value}


def _build(step: int, state: dict[str, Any], data: QueryDict | dict[str, str] | None) -> forms.BaseForm | Any:
    """The form (steps 1 and 4) or formset (steps 2 and 3), bound to ``data`` or showing the state."""
    applicant = state["applicant"]
    if step == 1:
        return pf.AboutForm(data, initial=None if data is not None else pf.about_initial(applicant))
    if step == 2:
        initial = None if data is not None else pf.degrees_initial(applicant)
        return pf.DegreeFormSet(data, initial=initial, prefix="education")
    if step == 3:
        # A first blank row invites the first position; blank rows are skipped on submit.
        initial = None if data is not None else (pf.jobs_initial(applicant) or [{}])
        return pf.JobFormSet(data, initial=initial, prefix="experience")
    return pf.OfferForm(data, initial=None if data is not None else pf.offer_initial(applicant, state["as_of"]))


def _apply(step: int, state: dict[str, Any], bound: Any) -> dict[str, Any]:
    """The state with this step's cleaned answers written into the applicant."""
    applicant = dict(state["applicant"])
    as_of = state["as_of"]
    if step == 1:
        applicant = pf.about_apply(applicant, bound.cleaned_data)
    elif step == 2:
        applicant = pf.degrees_apply(applicant, bound.rows())
    elif step == 3:
        applicant = pf.jobs_apply(applicant, bound.rows())
    else:
        applicant = pf.offer_apply(applicant, bound.cleaned_data)
        as_of = bound.cleaned_data["as_of"].isoformat()
    drafts = {key: value for key, value in state["drafts"].items() if key != str(step)}
    return {**state, "applicant": applicant, "as_of": as_of, "drafts": drafts}


def _add_applicant_error(step: int, bound: Any, location: tuple[Any, ...], messages: Mapping[str, Any]) -> bool:
    """Put one error of the interchange model on this step's form, with the message for its field
    in ``messages``; False when the location is not in this step's section."""
    if not location or location[0] not in SECTIONS[step]:
        return False
    if step in ROW_PREFIXES:
        index = location[1] if len(location) > 1 and isinstance(location[1], int) else None
        field = location[2] if len(location) > 2 and isinstance(location[2], str) else None
        if index is None or index >= len(bound.forms):
            bound.non_form_errors().append(str(pf.GENERIC_MESSAGE))
            return True
        target = bound.forms[index]
    else:
        target = bound
        field = location[1] if len(location) > 1 and isinstance(location[1], str) else None
        if location[0] == "languages":
            field = "topik_level"
        elif location[0] == "government_programme":
            field = "government_programme"
    message = str(messages.get(field or "", pf.GENERIC_MESSAGE))
    if field in target.fields:
        if not target.has_error(field):
            target.add_error(field, message)
    else:
        target.add_error(None, message)
    return True


def _add_applicant_errors(step: int, bound: Any, error: PydanticValidationError) -> bool:
    """Put the interchange model's errors for this step's section on the form; True if any."""
    found = False
    for item in error.errors():
        found = _add_applicant_error(step, bound, tuple(item.get("loc", ())), pf.FIELD_MESSAGES) or found
    return found


def _add_dated_errors(step: int, bound: Any, applicant: ApplicantIn, as_of: date) -> bool:
    """A date of birth or a completion after the date to assess: on that field (steps 1 and 2), or
    on the date to assess when step 4 moves it before them. True if any."""
    dated_after = facts_dated_after(applicant, as_of)
    if not dated_after:
        return False
    if step == OFFER_STEP:
        bound.add_error("as_of", pf.AS_OF_BEFORE_FACTS_MESSAGE)
        return True
    messages = {field: text % {"as_of": as_of.isoformat()} for field, text in pf.DATED_AFTER_MESSAGES.items()}
    found = False
    for location, _message in dated_after:
        found = _add_applicant_error(step, bound, location, messages) or found
    return found


def _validated(step: int, state: dict[str, Any], bound: Any) -> dict[str, Any] | None:
    """The new state when the step's forms and the interchange model accept it; else None."""
    if not bound.is_valid():
        return None
    candidate = _apply(step, state, bound)
    try:
        applicant = ApplicantIn.model_validate(candidate["applicant"])
    except PydanticValidationError as error:
        if _add_applicant_errors(step, bound, error):
            return None
        return candidate
    if _add_dated_errors(step, bound, applicant, date.fromisoformat(candidate["as_of"])):
        return None
    return candidate


def _first_invalid_step(state: dict[str, Any]) -> tuple[int, Any] | None:
    """Before the answer: every step checked again as if posted (a prefilled profile may lack things)."""
    for step in FORM_STEPS:
        bound = _build(step, state, _stored_data(step, state))
        if _validated(step, state, bound) is None:
            return step, bound
    return None


# Rendering --------------------------------------------------------------------------------------


def _steps(current: int) -> list[dict[str, Any]]:
    return [
        {"label": str(label), "state": "active" if number == current else "done" if number < current else ""}
        for number, label in STEP_LABELS.items()
    ]


ROW_LABELS = {2: gettext_lazy("Degree"), 3: gettext_lazy("Position")}


def _error_items(step: int, bound: Any) -> list[dict[str, str]]:
    """Every error of the step for the summary at the top, each linked to its field and naming the row."""
    if not bound.is_bound:
        return []
    forms_with_names = (
        [(bound, "")]
        if isinstance(bound, forms.BaseForm)
        else [(form, f"{ROW_LABELS[step]} {index + 1}") for index, form in enumerate(bound.forms)]
    )
    items: list[dict[str, str]] = []
    for form, row in forms_with_names:
        prefix = f"{row} · " if row else ""
        items.extend({"text": f"{prefix}{error}", "href": ""} for error in form.non_field_errors())
        for field in form:
            items.extend(
                {"text": f"{prefix}{field.label}: {error}", "href": f"#{field.id_for_label}"} for error in field.errors
            )
    return items


def _profile_of(request: HttpRequest) -> TalentProfile | None:
    if not request.user.is_authenticated:
        return None
    return talent_profile_of_user(user_id=cast(int, request.user.pk))


def _render_step(
    request: HttpRequest,
    state: dict[str, Any],
    step: int,
    bound: Any = None,
    *,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    state = {**state, "step": step}
    if bound is None:
        draft = state["drafts"].get(str(step))
        bound = _build(step, state, draft if isinstance(draft, dict) else None)
        if isinstance(draft, dict):
            bound.is_valid()
    context: dict[str, Any] = {
        "state_token": state_dump(state),
        "step_number": step,
        "step_total": len(STEP_LABELS),
        "step_label": STEP_LABELS[step],
        "steps": _steps(step),
        "previous_label": STEP_LABELS.get(step - 1),
        "notice": notice,
        "error_items": _error_items(step, bound),
        "can_prefill": step == 1 and not state["applicant"] and _profile_of(request) is not None,
    }
    if isinstance(bound, forms.BaseForm):
        context["form"] = bound
    else:
        context["formset"] = bound
        context["non_form_errors"] = bound.non_form_errors() if bound.is_bound else []
        context["can_add"] = len(bound.forms) < ROW_LIMITS[step]
    return render(request, STEP_TEMPLATES[step], context, status=status)


def _rows_changed(request: HttpRequest, state: dict[str, Any], step: int, action: str) -> HttpResponse:
    """Add or remove a row without validating: the rows are shown again as typed."""
    prefix, fields = ROW_PREFIXES[step], ROW_FIELDS[step]
    try:
        total = int(request.POST.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    total = max(0, min(total, ROW_LIMITS[step]))
    rows: list[dict[str, Any]] = []
    for index in range(total):
        row: dict[str, Any] = {}
        for name in fields:
            value = request.POST.get(f"{prefix}-{index}-{name}")
            if isinstance(ROW_FORMS[step].base_fields.get(name), forms.BooleanField):
                row[name] = value is not None
            else:
                row[name] = str(value or "")[:MAX_DRAFT_VALUE]
        rows.append(row)
    if action == "add" and len(rows) < ROW_LIMITS[step]:
        rows.append({})
    elif action.startswith("remove-"):
        try:
            index = int(action.removeprefix("remove-"))
        except ValueError:
            index = -1
        if 0 <= index < len(rows):
            rows.pop(index)
    if step == 2 and not rows:
        rows.append({})
    formset_class = pf.DegreeFormSet if step == 2 else pf.JobFormSet
    # Shown unbound, with what was typed as initial values: no errors until the person submits.
    return _render_step(request, state, step, formset_class(initial=rows, prefix=prefix))


def _answer_tracks(result: dict[str, Any], focus: str = "") -> list[dict[str, Any]]:
    """The engine's answer shaped for the page: labels, badges, rows, evidence and hints."""
    tracks = []
    for index, track in enumerate(result.get("results", [])):
        status = str(track.get("status", ""))
        criteria = []
        evidence: list[str] = []
        for criterion in track.get("criteria", []):
            criterion_status = str(criterion.get("status", ""))
            parameters: list[dict[str, Any] | None] = []
            for parameter in criterion.get("parameters") or []:
                parameters.append(
                    {
                        "label": parameter.get("label", ""),
                        "display": parameter.get("display", ""),
                        "effective_from": _as_date(parameter.get("effective_from")),
                        "sources": cited_in_answer(parameter),
                        "note": parameter.get("note", ""),
                        "until": _as_date(parameter.get("until")),
                        "estimated": bool(parameter.get("estimated")),
                    }
                )
            for line in criterion.get("evidence") or []:
                if line not in evidence:
                    evidence.append(line)
            criteria.append(
                {
                    "label": criterion.get("label", ""),
                    "input": criterion.get("input", ""),
                    "threshold": criterion.get("threshold"),
                    "parameters": parameters,
                    # One table row per parameter (at least one), the criterion's cells spanning them.
                    "rows": parameters or [None],
                    "points": _number(criterion.get("points")),
                    "max_points": _number(criterion.get("max_points")),
                    "status": criterion_status,
                    "reason": criterion.get("reason", ""),
                    "estimated": bool(criterion.get("estimated")),
                    "status_label": CRITERION_LABELS.get(criterion_status, criterion_status),
                    "badge": CRITERION_BADGES.get(criterion_status, "bg-light-gray"),
                }
            )
        tracks.append(
            {
                "anchor": f"track-{index + 1}",
                "label": track.get("label", ""),
                "status": status,
                "status_label": STATUS_LABELS.get(status, status),
                "badge": STATUS_BADGES.get(status, "bg-light-gray"),
                "points": _number(track.get("points")),
                "max_points": _number(track.get("max_points")),
                "pass_mark": _number(track.get("pass_mark")),
                "pass_mark_estimated": bool(track.get("pass_mark_estimated")),
                "in_force_from": _as_date(track.get("in_force_from")),
                "criteria": criteria,
                "evidence": evidence,
                "hints": list(track.get("hints") or []),
                "programme": track.get("programme", ""),
            }
        )
    opened = next((track for track in tracks if focus and track["programme"] == focus), None) or next(
        (track for track in tracks if track["status"] == "eligible"), tracks[0] if tracks else None
    )
    for track in tracks:
        track["open"] = track is opened
    return tracks


def _as_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _number(value: Any) -> str | None:
    """Points as people write them: 72, not 72.0."""
    if value is None:
        return None
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return None


NOT_GIVEN = gettext_lazy("Not given")
YES_NO = {True: gettext_lazy("Yes"), False: gettext_lazy("No")}


def _shown(field: forms.Field, value: Any, declared: forms.Field) -> str:
    """An answer as the form offered it, in words: a choice's label, yes or no, the text typed.

    An empty choice is named as the form declares it ("I don't know", "None"), not by the "Choose…"
    prompt a select shows; with no such name it was not given."""
    if isinstance(field, forms.BooleanField):
        return str(YES_NO[bool(value)])
    if isinstance(field, forms.ChoiceField):
        choices = declared.choices if value == "" and isinstance(declared, forms.ChoiceField) else field.choices
        label = dict(choices).get(str(value))  # type: ignore[arg-type]
        if label is None or (value == "" and str(label) == str(gettext_lazy("Choose…"))):
            return str(NOT_GIVEN) if value == "" else str(value)
        return str(label)
    return str(value) if value not in (None, "") else str(NOT_GIVEN)


def _rows_of(form: forms.Form, values: Mapping[str, Any], *, skip_empty: bool = False) -> list[dict[str, str]]:
    return [
        {"label": str(field.label), "value": _shown(field, values.get(name, ""), form.base_fields[name])}
        for name, field in form.fields.items()
        if not (skip_empty and values.get(name) in (None, "", False) and not isinstance(field, forms.BooleanField))
    ]


def _answers(applicant: dict[str, Any], as_of: str) -> list[dict[str, Any]]:
    """What the person answered, step by step and in words, for the answer page and a saved check."""
    groups = [{"title": str(STEP_LABELS[1]), "rows": _rows_of(pf.AboutForm(), pf.about_initial(applicant))}]
    for step, form_class, rows in (
        (2, pf.DegreeForm, pf.degrees_initial(applicant)),
        (3, pf.JobForm, pf.jobs_initial(applicant)),
    ):
        row_form = form_class()
        groups.extend(
            {"title": f"{ROW_LABELS[step]} {index + 1}", "rows": _rows_of(row_form, row, skip_empty=True)}
            for index, row in enumerate(rows)
        )
    offer = pf.offer_initial(applicant, as_of)
    form = pf.OfferForm()
    if offer["has_offer"] != "yes":
        kept = {"has_offer", "topik_level", "government_programme", *pf.RECOMMENDATION_FIELDS, "as_of"}
        for name in list(form.fields):
            if name not in kept:
                del form.fields[name]
    groups.append({"title": str(STEP_LABELS[OFFER_STEP]), "rows": _rows_of(form, offer)})
    return groups


def _list_label(kind: Any) -> str:
    try:
        return str(ListKind(kind).label)
    except ValueError:
        return str(kind)


def _answer_context(result: dict[str, Any], focus: str = "") -> dict[str, Any]:
    return {
        "result": result,
        "tracks": _answer_tracks(result, focus),
        "as_of_date": _as_date(result.get("as_of")),
        "reference_lists": [
            {**item, "label": _list_label(item.get("kind"))}
            for item in result.get("reference_lists", [])
            if isinstance(item, dict)
        ],
    }


def _render_answer(request: HttpRequest, state: dict[str, Any]) -> HttpResponse:
    invalid = _first_invalid_step(state)
    if invalid is not None:
        step, bound = invalid
        return _render_step(request, state, step, bound, notice=_("Please complete this step to see your answer."))
    state = {**state, "step": ANSWER_STEP, "drafts": {}}
    try:
        applicant = ApplicantIn.model_validate(state["applicant"])
    except PydanticValidationError:
        return _restart(request)
    result = assessment_run(applicant, as_of=date.fromisoformat(state["as_of"]), language=current_language())
    context = {
        **_answer_context(result, state.get("focus", "")),
        "answers": _answers(state["applicant"], state["as_of"]),
        "state_token": state_dump(state),
        "steps": _steps(ANSWER_STEP),
        "step_label": STEP_LABELS[ANSWER_STEP],
    }
    return render(request, "policy/pathfinder/answer.html", context)


def _restart(request: HttpRequest) -> HttpResponse:
    return _render_step(
        request,
        _new_state(),
        1,
        notice=_(
            "Your answers could not be read: the self-check expired after a day or the page was changed. "
            "Nothing was kept, so please start again."
        ),
    )


# Views ------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def pathfinder(request: HttpRequest) -> HttpResponse:
    """Step 1 on GET; on POST, the step posted (``state.step``) moved by ``action``."""
    if request.method == "GET":
        focus = _focus_of(request.GET.get("programme"))
        if focus:
            return _render_step(
                request,
                _new_state(focus=focus),
                1,
                notice=_("You are checking %(programme)s: the answer opens on it, beside the other routes.")
                % {"programme": PROGRAMME_LABELS.get(focus, focus)},
            )
        return _render_step(request, _new_state(), 1)
    action = str(request.POST.get("action", "next"))[:40]
    if action == "from_profile":
        profile = _profile_of(request)
        if profile is None:
            return _render_step(request, _new_state(), 1, notice=_("Sign in with a talent profile to start from it."))
        return _render_step(
            request,
            _new_state(applicant_data_from_profile(profile)),
            1,
            notice=_("Your profile's details are filled in. Check each step and add your job offer."),
        )
    state = _read_state(str(request.POST.get("state", "")))
    if state is None:
        return _restart(request)
    step = state["step"]
    if action == "restart":
        return _render_step(request, _new_state(), 1)
    if step == ANSWER_STEP:
        if action == "back":
            return _render_step(request, state, 4)
        return _render_step(request, state, 1)
    if step in ROW_PREFIXES and (action == "add" or action.startswith("remove-")):
        return _rows_changed(request, state, step, action)
    bound = _build(step, state, request.POST)
    updated = _validated(step, state, bound)
    if action == "back":
        if updated is None:
            updated = {**state, "drafts": {**state["drafts"], str(step): _draft_of(step, request.POST)}}
        return _render_step(request, updated, max(1, step - 1))
    if updated is None:
        return _render_step(request, state, step, bound)
    if step == FORM_STEPS[-1]:
        return _render_answer(request, updated)
    return _render_step(request, updated, step + 1)


@never_cache
@require_POST
def pathfinder_save(request: HttpRequest) -> HttpResponse:
    """Keep the answer for the signed-in person (the only write of the pathfinder).

    Someone signed out is sent to sign in and back to the start of the self-check (the save
    itself is a POST, which a redirect after signing in could not repeat).
    """
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("policy:pathfinder"))
    state = _read_state(str(request.POST.get("state", "")))
    if state is None:
        return _restart(request)
    try:
        applicant = ApplicantIn.model_validate(state["applicant"])
    except PydanticValidationError:
        return _restart(request)
    assessment = assessment_record(
        actor=request.user,
        applicant=applicant,
        as_of=date.fromisoformat(state["as_of"]),
        kind=AssessmentKind.SELF_CHECK,
        subject=_profile_of(request),
        language=current_language(),
    )
    messages.success(request, _("Your result is saved. You find it under “My saved checks”."))
    return redirect("policy:pathfinder_saved_detail", pk=assessment.pk)


def _saved_checks(request: HttpRequest) -> list[Assessment]:
    return list(self_checks_of_user(request.user).select_related("parameter_snapshot"))


@never_cache
@login_required
@require_GET
def pathfinder_saved(request: HttpRequest) -> HttpResponse:
    """The signed-in person's saved self-checks, newest first."""
    checks = [
        {
            "assessment": assessment,
            "eligible": sum(1 for status in assessment.summary.values() if status == "eligible"),
            "tracks": len(assessment.summary),
        }
        for assessment in _saved_checks(request)
    ]
    return render(request, "policy/pathfinder/saved_list.html", {"checks": checks})


@never_cache
@login_required
@require_GET
def pathfinder_saved_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One saved check as it was answered; anyone but its owner (and staff) gets a 404."""
    assessment = access_assessment(request.user, pk)
    person = assessment_person(assessment)
    if person is not None:
        record_personal_data_access(
            viewer=signed_in_user(request), subject=person, what=AccessWhat.ASSESSMENT, obj=assessment
        )
    state = {**_new_state(assessment.applicant), "as_of": assessment.as_of.isoformat(), "step": ANSWER_STEP}
    context = {
        **_answer_context(assessment_in_language(assessment, language=current_language())),
        "assessment": assessment,
        "answers": _answers(assessment.applicant, assessment.as_of.isoformat()),
        "state_token": state_dump(state),
    }
    return render(request, "policy/pathfinder/saved_detail.html", context)
