"""The policy back office: parameter sets, variants, simulations and reference editions.

Thin views over the policy and reference services. Every view is guarded by
``policy_manager_required``: anonymous visitors are sent to sign in, signed-in people who are not
policy analysts or administrators get 403, and ``StaffSecondFactorMiddleware`` has already made
sure staff passed a second factor in this session.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.audit.selectors import audit_timeline_for
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.i18n import current_language, in_language
from talentcenter.foundation.views import role_required
from talentcenter.policy import selectors, selectors_rules, services
from talentcenter.policy.citing import cited
from talentcenter.policy.engine.inputs import industry_codes
from talentcenter.policy.engine.parameters import Parameter, ParameterError, ParameterSet, baseline
from talentcenter.policy.engine.programmes import TRACKS
from talentcenter.policy.engine.sources import source_from_text
from talentcenter.policy.enums import SimulationStatus, VariantStatus
from talentcenter.policy.forms import (
    EditionImportForm,
    ParameterChoiceForm,
    SimulationStartForm,
    VariantCreateForm,
    VariantRemoveValueForm,
    VariantValueForm,
    format_bands,
)
from talentcenter.policy.models import ParameterVariant, Simulation
from talentcenter.policy.policies import can_manage_policy, can_view_assessment_statistics, can_view_simulation_rows
from talentcenter.policy.translation import translated
from talentcenter.reference import services as reference_services
from talentcenter.reference.enums import IndustryScheme, ListKind
from talentcenter.reference.models import Industry, ListEdition

PROGRAMME_LABELS: dict[str, Promise] = {
    "common": gettext_lazy("Common figures"),
    "ktech-pass": gettext_lazy("K-Tech Pass"),
    "top-tier-visa": gettext_lazy("Top-tier visa (F-2-T)"),
    "kotra-recommendation": gettext_lazy("KOTRA employment recommendation (E-7)"),
    "e7-1": gettext_lazy("E-7-1 professional visa"),
    "other": gettext_lazy("Other routes"),
}
UNIT_LABELS: dict[str, Promise] = {
    "krw": gettext_lazy("Korean won"),
    "multiple": gettext_lazy("Multiple of per-capita GNI"),
    "share": gettext_lazy("Share"),
    "years": gettext_lazy("Years"),
    "level": gettext_lazy("Level"),
    "points": gettext_lazy("Points"),
    "bands": gettext_lazy("Point bands"),
    "codes": gettext_lazy("Code list"),
    "date": gettext_lazy("Date"),
    "number": gettext_lazy("Number"),
}
STATUS_LABELS: dict[str, Promise] = {
    "eligible": gettext_lazy("Eligible"),
    "needs_review": gettext_lazy("Needs review"),
    "not_eligible": gettext_lazy("Not eligible"),
    "not_in_force": gettext_lazy("Not in force"),
}
STATUS_BY_CODE = {0: "not_eligible", 1: "needs_review", 2: "eligible", 3: "not_in_force"}
SEGMENT_DIMENSIONS: dict[str, Promise] = {
    "industry": gettext_lazy("Industry"),
    "company_size": gettext_lazy("Company size"),
    "nationality": gettext_lazy("Nationality"),
    "degree_tier": gettext_lazy("Degree tier"),
}
FLIPS_SHOWN = 1000
FLIPS_PER_PAGE = 50
HIDDEN = f"<{selectors.SMALL_CELL}"


# --- access -----------------------------------------------------------------------------------


policy_manager_required = role_required(can_manage_policy, refuse=PermissionDenied)
statistics_reader_required = role_required(can_view_assessment_statistics, refuse=PermissionDenied)


def _page(request: HttpRequest, items: Any, per_page: int | None = None) -> Page:
    return Paginator(items, per_page or settings.TALENTCENTER_PAGE_SIZE).get_page(request.GET.get("page"))


SERVICE_FIELDS = {"baseline_variant": "baseline"}


# --- presenting parameters --------------------------------------------------------------------


def code_labels() -> dict[str, str]:
    """Names of the industry and field codes parameters list (one query)."""
    labels: dict[str, str] = {}
    preference: dict[str, int] = {IndustryScheme.KTECH_PASS: 0, IndustryScheme.KOTRA: 1, IndustryScheme.NST: 2}
    industries = sorted(Industry.objects.all(), key=lambda industry: preference.get(industry.scheme, 3))
    for industry in industries:
        labels.setdefault(industry.code, industry.name)
    return labels


def _number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.4f}".rstrip("0").rstrip(".")


def value_text(unit: str, value: Any, labels: Mapping[str, str]) -> str:
    """A parameter value as staff read it."""
    if value is None:
        return _("No value (does not apply)")
    try:
        if unit == "krw":
            return _("KRW %(amount)s") % {"amount": _number_text(value)}
        if unit == "multiple":
            return _("%(multiple)s× per-capita GNI") % {"multiple": _number_text(value)}
        if unit == "share":
            return f"{_number_text(value)} ({_number_text(round(float(value) * 100, 2))} %)"
        if unit == "date":
            return value.isoformat() if isinstance(value, date) else str(value)
        if unit == "codes":
            return ", ".join(labels.get(code, code) for code in value)
        if unit == "bands":
            return "; ".join(
                _("from %(minimum)s: %(points)s points")
                % {"minimum": _number_text(minimum), "points": _number_text(points)}
                for minimum, points in value
            )
        return _number_text(value)
    except (TypeError, ValueError):
        return str(value)


def _dated_rows(parameter: Parameter, today: date, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    current = parameter.at(today)
    language = current_language()
    return [
        {
            "effective_from": dated.effective_from,
            "value": value_text(parameter.unit, dated.value, labels),
            "sources": cited(dated.cited(), language),
            "note": in_language(dated.note_ko, dated.note_en, language=language),
            "in_force": dated is current,
        }
        for dated in parameter.values
    ]


def parameter_groups(parameter_set: ParameterSet, today: date, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Parameters by programme, each with its dated values and the one in force today."""
    groups: dict[str, list[dict[str, Any]]] = {}
    language = current_language()
    for parameter in parameter_set.parameters.values():
        groups.setdefault(parameter.programme, []).append(
            {
                "name": parameter.name,
                "label": parameter.label(language),
                "unit": UNIT_LABELS.get(parameter.unit, parameter.unit),
                "values": _dated_rows(parameter, today, labels),
            }
        )
    return [
        {"key": key, "label": PROGRAMME_LABELS.get(key, key), "parameters": parameters}
        for key, parameters in groups.items()
    ]


def parameter_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    language = current_language()
    groups: dict[str, list[tuple[str, str]]] = {}
    for parameter in baseline().parameters.values():
        groups.setdefault(parameter.programme, []).append((parameter.name, parameter.label(language)))
    return [(str(PROGRAMME_LABELS.get(key, key)), choices) for key, choices in groups.items()]


def known_codes(parameter: Parameter, variant: ParameterVariant, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """The codes a code-list parameter may take: those it had, and the scheme they come from."""
    latest = list(parameter.values[-1].value or []) if parameter.values else []
    seen: list[str] = list(latest)
    for dated in parameter.values:
        seen += list(dated.value or [])
    for raw in variant.overrides.get(parameter.name, []):
        if isinstance(raw.get("value"), list):
            seen += [str(code) for code in raw["value"]]
    for scheme_codes in industry_codes().values():
        if seen and set(seen) <= scheme_codes:
            seen += sorted(scheme_codes)
            break
    unique = list(dict.fromkeys(seen))
    return [(code, f"{labels[code]} ({code})" if code in labels else code) for code in unique]


def _variant_parameter_set(variant: ParameterVariant) -> ParameterSet | None:
    try:
        return variant.parameter_set()
    except ParameterError:
        return None


def changed_parameters(variant: ParameterVariant, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """For each changed parameter: per date, the baseline value and the variant's value."""
    base = baseline()
    varied = _variant_parameter_set(variant)
    language = current_language()
    changes = []
    for name, raw_values in sorted(variant.overrides.items()):
        if name not in base.parameters:
            continue
        parameter = base[name]
        added = {str(raw.get("from")): raw for raw in raw_values if isinstance(raw, Mapping)}
        dates = sorted({dated.effective_from for dated in parameter.values} | {date.fromisoformat(d) for d in added})
        rows = []
        for day in dates:
            in_base = parameter.at(day)
            in_variant = varied[name].at(day) if varied is not None else None
            raw = added.get(day.isoformat())
            written = raw or {}
            rows.append(
                {
                    "effective_from": day,
                    "baseline": value_text(parameter.unit, in_base.value, labels) if in_base else "–",
                    "variant": value_text(parameter.unit, in_variant.value, labels) if in_variant else "–",
                    "added": raw is not None,
                    "sources": cited([source_from_text(str(written["source"]))]) if written.get("source") else (),
                    "note": in_language(
                        str(written.get("note_ko", "")), str(written.get("note_en", "")), language=language
                    ),
                }
            )
        changes.append({"name": name, "label": parameter.label(language), "unit": parameter.unit, "rows": rows})
    return changes


def _values_text(unit: str, raw_values: Any, labels: Mapping[str, str]) -> str:
    if not isinstance(raw_values, list) or not raw_values:
        return "–"
    parts = []
    for raw in raw_values:
        if isinstance(raw, Mapping):
            parts.append(f"{raw.get('from', '?')}: {value_text(unit, raw.get('value'), labels)}")
    return "; ".join(parts) or "–"


def variant_history(variant: ParameterVariant, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """The variant's audit events, with each change of a value written as staff read values."""
    base = baseline()
    language = current_language()
    history = []
    for event in audit_timeline_for(subject=variant):
        changes = event.changes if isinstance(event.changes, Mapping) else {}
        lines: list[tuple[str, str]] = []
        name = str(changes.get("parameter", ""))
        value = changes.get("value")
        if event.action == "policy.variant_changed" and name in base.parameters and isinstance(value, list):
            parameter = base[name]
            before, after = [*value, None, None][:2]
            lines = [
                (_("Parameter"), f"{parameter.label(language)} ({name})"),
                (_("Effective from"), str(changes.get("from", ""))),
                (_("Before"), _values_text(parameter.unit, before, labels)),
                (_("After"), _values_text(parameter.unit, after, labels)),
            ]
        elif event.action == "policy.variant_created":
            lines = [(_("Copied from"), str(changes.get("copy_of") or "–"))]
        elif event.action == "policy.variant_published":
            lines = [(_("Digest"), str(changes.get("digest", "")))]
        else:
            lines = [(str(key), str(item)) for key, item in changes.items()]
        history.append({"event": event, "lines": lines})
    return history


# --- parameter sets and variants --------------------------------------------------------------


@require_GET
@policy_manager_required
def index(request: HttpRequest) -> HttpResponse:
    shipped = baseline()
    today = timezone.localdate()
    variants = list(selectors.variant_list())
    return render(
        request,
        "policy/backoffice/index.html",
        {
            "section": "policy_parameters",
            "baseline": shipped,
            "today": today,
            "groups": parameter_groups(shipped, today, code_labels()),
            "variants": [{"variant": variant, "changed": len(variant.overrides)} for variant in variants],
        },
    )


@require_http_methods(["GET", "POST"])
@policy_manager_required
def variant_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = VariantCreateForm(request.POST)
        if form.is_valid():
            try:
                variant = services.variant_create(
                    actor=signed_in_user(request),
                    slug=form.cleaned_data["slug"],
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    copy_of=form.cleaned_data["copy_of"],
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names=SERVICE_FIELDS)
            else:
                messages.success(request, _("The variant is created. Change its parameters, then publish it."))
                return redirect("policy_backoffice:variant_detail", slug=variant.slug)
        status = 400
    else:
        form = VariantCreateForm(initial={"copy_of": request.GET.get("copy_of", "")[:60]})
        status = 200
    return render(
        request, "policy/backoffice/variant_create.html", {"section": "policy_parameters", "form": form}, status=status
    )


def _variant(slug: str) -> ParameterVariant:
    return get_object_or_404(ParameterVariant.objects.select_related("created_by"), slug=slug)


def _render_variant_detail(
    request: HttpRequest, variant: ParameterVariant, *, error: str = "", status: int = 200
) -> HttpResponse:
    labels = code_labels()
    return render(
        request,
        "policy/backoffice/variant_detail.html",
        {
            "section": "policy_parameters",
            "variant": variant,
            "is_draft": variant.status == VariantStatus.DRAFT,
            "changes": changed_parameters(variant, labels),
            "history": variant_history(variant, labels),
            "simulations": variant.simulations.order_by("-created_at")[:10],
            "error": error,
        },
        status=status,
    )


@require_GET
@policy_manager_required
def variant_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_variant_detail(request, _variant(slug))


@require_http_methods(["GET", "POST"])
@policy_manager_required
def variant_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a dated value to one parameter of a draft: choose the parameter, then type the value."""
    variant = _variant(slug)
    if variant.status != VariantStatus.DRAFT:
        messages.error(request, _("A published variant cannot be changed; copy it to a new draft."))
        return redirect("policy_backoffice:variant_detail", slug=variant.slug)
    source = request.POST if request.method == "POST" else request.GET
    choice_form = ParameterChoiceForm(
        {"parameter": source.get("parameter", "")} if source.get("parameter") else None,
        grouped_choices=parameter_choices(),
    )
    labels = code_labels()
    context: dict[str, Any] = {"section": "policy_parameters", "variant": variant, "choice_form": choice_form}
    status = 200
    if choice_form.is_valid():
        parameter = baseline()[choice_form.cleaned_data["parameter"]]
        codes = known_codes(parameter, variant, labels) if parameter.unit == "codes" else None
        if request.method == "POST":
            form = VariantValueForm(request.POST, parameter=parameter, known_codes=codes)
            if form.is_valid():
                try:
                    services.variant_set_value(
                        actor=signed_in_user(request),
                        variant=variant,
                        parameter=parameter.name,
                        effective_from=form.cleaned_data["effective_from"],
                        value=form.cleaned_data["typed_value"],
                        source=form.cleaned_data["source"],
                        note=form.cleaned_data["note"],
                        until=form.cleaned_data.get("until"),
                    )
                except ValidationError as error:
                    add_service_errors(form, error, field_names=SERVICE_FIELDS)
                else:
                    messages.success(
                        request,
                        _("%(parameter)s: the value from %(date)s is saved.")
                        % {
                            "parameter": parameter.label(current_language()),
                            "date": form.cleaned_data["effective_from"],
                        },
                    )
                    return redirect("policy_backoffice:variant_detail", slug=variant.slug)
            status = 400
        else:
            form = VariantValueForm(parameter=parameter, known_codes=codes, initial=_value_initial(parameter, variant))
        varied = _variant_parameter_set(variant)
        context |= {
            "parameter": parameter,
            "parameter_label": parameter.label(current_language()),
            "unit_label": UNIT_LABELS.get(parameter.unit, parameter.unit),
            "form": form,
            "baseline_rows": _dated_rows(parameter, timezone.localdate(), labels),
            "variant_rows": _dated_rows(varied[parameter.name], timezone.localdate(), labels) if varied else [],
            "is_changed": parameter.name in variant.overrides,
        }
    elif request.method == "POST":
        status = 400
    return render(request, "policy/backoffice/variant_edit.html", context, status=status)


def _value_initial(parameter: Parameter, variant: ParameterVariant) -> dict[str, Any]:
    """The form starts from the value in force today, so a change is an edit, not retyping."""
    varied = _variant_parameter_set(variant) or baseline()
    dated = varied[parameter.name].at(timezone.localdate())
    if dated is None or dated.value is None:
        return {}
    value = dated.value
    if parameter.unit == "codes":
        return {"value": list(value)}
    if parameter.unit == "bands":
        return {"value": format_bands(value)}
    if parameter.unit == "date":
        return {"value": value}
    return {"value": int(value) if isinstance(value, float) and value.is_integer() else value}


@require_POST
@policy_manager_required
def variant_remove_value(request: HttpRequest, slug: str) -> HttpResponse:
    variant = _variant(slug)
    form = VariantRemoveValueForm(request.POST)
    if not form.is_valid():
        return _render_variant_detail(request, variant, error=_("Choose a value to remove."), status=400)
    try:
        services.variant_remove_value(
            actor=signed_in_user(request),
            variant=variant,
            parameter=form.cleaned_data["parameter"],
            effective_from=form.cleaned_data["effective_from"],
        )
    except ValidationError as error:
        return _render_variant_detail(request, variant, error=" ".join(error.messages), status=400)
    messages.success(request, _("The value is removed from the variant."))
    return redirect("policy_backoffice:variant_detail", slug=variant.slug)


@require_http_methods(["GET", "POST"])
@policy_manager_required
def variant_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publishing freezes a variant; a confirmation page says so before it happens."""
    variant = _variant(slug)
    error = ""
    if request.method == "POST":
        try:
            services.variant_publish(actor=signed_in_user(request), variant=variant)
        except (ValidationError, ParameterError) as problem:
            error = " ".join(problem.messages) if isinstance(problem, ValidationError) else str(problem)
        else:
            messages.success(request, _("The variant is published. It can no longer be changed."))
            return redirect("policy_backoffice:variant_detail", slug=variant.slug)
    elif variant.status != VariantStatus.DRAFT:
        return redirect("policy_backoffice:variant_detail", slug=variant.slug)
    return render(
        request,
        "policy/backoffice/variant_publish.html",
        {
            "section": "policy_parameters",
            "variant": variant,
            "changes": changed_parameters(variant, code_labels()),
            "error": error,
        },
        status=400 if error else 200,
    )


# --- recorded assessments, in aggregate -------------------------------------------------------


@require_GET
@statistics_reader_required
def assessment_statistics(request: HttpRequest) -> HttpResponse:
    """Official assessments counted by programme, track and status; never one person's answer."""
    statistics = selectors_rules.assessment_statistics_with_labels()
    for row in statistics["tracks"]:
        row["rate_text"] = _percent(row["eligible_rate"])
        row["cells"] = [row["statuses"][status] for status in STATUS_LABELS]
    return render(
        request,
        "policy/backoffice/assessment_statistics.html",
        {
            "section": "policy_parameters",
            "statistics": statistics,
            "status_labels": list(STATUS_LABELS.values()),
            "small_cell": selectors.SMALL_CELL,
            "largest_hidden": selectors.SMALL_CELL - 1,
        },
    )


# --- simulations ------------------------------------------------------------------------------


@require_GET
@policy_manager_required
def simulation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "policy/backoffice/simulations.html",
        {"section": "policy_simulations", "page": _page(request, selectors.simulation_list())},
    )


@require_http_methods(["GET", "POST"])
@policy_manager_required
def simulation_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SimulationStartForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                simulation = services.simulation_start(
                    actor=signed_in_user(request),
                    name=data["name"],
                    variant=data["variant"],
                    baseline_variant=data["baseline_variant"],
                    as_of=data["as_of"],
                    pool_kind=data["pool_kind"],
                    pool_size=data["pool_size"] or 0,
                    pool_file=data["pool_file"],
                    seed=data["seed"],
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names=SERVICE_FIELDS)
            else:
                messages.success(request, _("The simulation is queued."))
                return redirect("policy_backoffice:simulation_detail", pk=simulation.pk)
        status = 400
    else:
        form = SimulationStartForm(initial={"variant": request.GET.get("variant", "")[:60]})
        status = 200
    return render(
        request,
        "policy/backoffice/simulation_start.html",
        {"section": "policy_simulations", "form": form},
        status=status,
    )


def _simulation(pk: int) -> Simulation:
    return get_object_or_404(Simulation.objects.select_related("variant", "baseline_variant", "created_by"), pk=pk)


def _is_running(simulation: Simulation) -> bool:
    return simulation.status in {SimulationStatus.QUEUED, SimulationStatus.RUNNING}


@require_GET
@policy_manager_required
def simulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    simulation = _simulation(pk)
    context: dict[str, Any] = {
        "section": "policy_simulations",
        "simulation": simulation,
        "running": _is_running(simulation),
    }
    if simulation.status == SimulationStatus.FINISHED:
        viewer = signed_in_user(request)
        context |= simulation_result_context(request, selectors.simulation_result_for(viewer, simulation))
        context["rows_shown"] = can_view_simulation_rows(viewer, simulation)
    return render(request, "policy/backoffice/simulation_detail.html", context)


@require_GET
@policy_manager_required
def simulation_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The status box alone, polled by htmx; when the run has ended the whole page is reloaded."""
    simulation = _simulation(pk)
    response = render(
        request,
        "policy/backoffice/_simulation_status.html",
        {"simulation": simulation, "running": _is_running(simulation)},
    )
    if not _is_running(simulation) and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_GET
@policy_manager_required
def simulation_flips_csv(request: HttpRequest, pk: int) -> HttpResponse:
    simulation = _simulation(pk)
    if simulation.status != SimulationStatus.FINISHED or not can_view_simulation_rows(
        signed_in_user(request), simulation
    ):
        raise Http404
    response = HttpResponse(selectors.simulation_flips_csv(simulation), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="simulation-{simulation.pk}-flips.csv"'
    return response


def _count(counts: Any, key: str) -> int:
    try:
        return max(int(counts.get(key, 0)), 0)
    except (AttributeError, TypeError, ValueError):
        return 0


def _shown(counts: Any, key: str) -> int | None:
    """A count, or ``None`` where the result given to this viewer suppressed it (shown as HIDDEN)."""
    if isinstance(counts, Mapping) and key in counts and counts[key] is None:
        return None
    return _count(counts, key)


def _text(count: int | None) -> int | str:
    return HIDDEN if count is None else count


def _rate(eligible: int, considered: int) -> float | None:
    return None if considered <= 0 else round(100.0 * eligible / considered, 1)


def _side(counts: Any) -> dict[str, Any]:
    shown = {key: _shown(counts, key) for key in STATUS_LABELS}
    numbers = {key: count for key, count in shown.items() if count is not None}
    if len(numbers) < len(shown):  # a rate would give a hidden count away
        return {key: _text(count) for key, count in shown.items()} | {"total": None, "rate": None}
    total = sum(numbers.values())
    considered = total - numbers["not_in_force"]
    return {**numbers, "total": total, "rate": _rate(numbers["eligible"], considered)}


BAR_WIDTH = 200


def _bar(rate: float | None) -> int:
    return 0 if rate is None else max(0, min(BAR_WIDTH, round(BAR_WIDTH * rate / 100)))


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.1f} %"


def _status_label(value: Any) -> str:
    if isinstance(value, int) and value in STATUS_BY_CODE:
        value = STATUS_BY_CODE[value]
    return str(STATUS_LABELS.get(str(value), value))


def _tracks(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    labels = {track.key: translated(track.label) for track in TRACKS}
    tracks = []
    for raw in result.get("tracks") or []:
        if not isinstance(raw, Mapping):
            continue
        key = str(raw.get("key", ""))
        before, after = _side(raw.get("baseline") or {}), _side(raw.get("variant") or {})
        change = None if before["rate"] is None or after["rate"] is None else round(after["rate"] - before["rate"], 1)
        tracks.append(
            {
                "key": key,
                "label": labels.get(key) or str(raw.get("label") or key),
                "baseline": before,
                "variant": after,
                "gained": _text(_shown(raw, "gained")),
                "lost": _text(_shown(raw, "lost")),
                "change": change,
                "baseline_bar": _bar(before["rate"]),
                "variant_bar": _bar(after["rate"]),
                "baseline_text": _percent(before["rate"]),
                "variant_text": _percent(after["rate"]),
            }
        )
    return tracks


def _segments(result: Mapping[str, Any], track: str) -> list[dict[str, Any]]:
    segments = result.get("segments") or {}
    sections = []
    for dimension, label in SEGMENT_DIMENSIONS.items():
        rows = []
        for raw in segments.get(dimension) or [] if isinstance(segments, Mapping) else []:
            if not isinstance(raw, Mapping) or str(raw.get("track", "")) != track:
                continue
            total = _shown(raw, "total")
            before, after = _shown(raw, "baseline_eligible"), _shown(raw, "variant_eligible")
            rows.append(
                {
                    "label": str(raw.get("label") or raw.get("segment") or "–"),
                    "total": _text(total),
                    "baseline": _text(before),
                    "variant": _text(after),
                    "baseline_rate": _percent(None if total is None or before is None else _rate(before, total)),
                    "variant_rate": _percent(None if total is None or after is None else _rate(after, total)),
                    "difference": "–" if before is None or after is None else after - before,
                }
            )
        sections.append({"key": dimension, "label": label, "rows": rows})
    return sections


def simulation_result_context(request: HttpRequest, result: Any) -> dict[str, Any]:
    """What the result page shows, read defensively: a malformed result is reported, not a 500."""
    if not isinstance(result, Mapping) or not result.get("tracks"):
        return {"result_problem": True}
    tracks = _tracks(result)
    keys = [track["key"] for track in tracks]
    chosen = request.GET.get("track", "")
    if chosen not in keys:
        chosen = keys[0] if keys else ""
    track_labels = {track["key"]: track["label"] for track in tracks}
    flips = [flip for flip in (result.get("flips") or [])[:FLIPS_SHOWN] if isinstance(flip, Mapping)]
    rows = [
        {
            "row": flip.get("row", ""),
            "track": track_labels.get(str(flip.get("track", "")), flip.get("track", "")),
            "from": _status_label(flip.get("from")),
            "to": _status_label(flip.get("to")),
            "industry": flip.get("industry", ""),
            "company_size": flip.get("company_size", ""),
            "nationality": flip.get("nationality", ""),
            "degree_tier": flip.get("degree_tier", ""),
        }
        for flip in flips
    ]
    pool = result.get("pool") if isinstance(result.get("pool"), Mapping) else {}
    timing = result.get("timing") if isinstance(result.get("timing"), Mapping) else {}
    seconds = timing.get("seconds") if timing else None
    return {
        "tracks": tracks,
        "chosen_track": chosen,
        "chosen_track_label": track_labels.get(chosen, ""),
        "track_choices": [(track["key"], track["label"]) for track in tracks],
        "segments": _segments(result, chosen),
        "flips_page": _page(request, rows, FLIPS_PER_PAGE),
        "flips_total": _count(result, "flips_total") or len(rows),
        "flips_hidden": _shown(result, "flips_total") is None,
        "small_cell": selectors.SMALL_CELL,
        "largest_hidden": selectors.SMALL_CELL - 1,
        "flips_shown": len(rows),
        "pool_size": _count(pool, "size"),
        "seconds": seconds if isinstance(seconds, int | float) and math.isfinite(seconds) else None,
        "result_baseline": result.get("baseline") if isinstance(result.get("baseline"), Mapping) else {},
        "result_variant": result.get("variant") if isinstance(result.get("variant"), Mapping) else {},
    }


# --- reference editions -----------------------------------------------------------------------


def _editions_context() -> dict[str, Any]:
    editions = list(ListEdition.objects.annotate(entry_count=Count("entries")).order_by("kind", "-published_on"))
    today = timezone.localdate()
    in_force: dict[str, int] = {}
    for edition in sorted(
        (edition for edition in editions if edition.published_on and edition.published_on <= today),
        key=lambda edition: edition.published_on or date.min,
    ):
        in_force[edition.kind] = edition.pk
    groups = [
        {
            "kind": kind,
            "label": label,
            "editions": [edition for edition in editions if edition.kind == kind],
            "in_force": next((edition for edition in editions if edition.pk == in_force.get(kind)), None),
        }
        for kind, label in ListKind.choices
    ]
    return {"section": "policy_editions", "groups": groups, "in_force_ids": set(in_force.values()), "today": today}


@require_GET
@policy_manager_required
def edition_list(request: HttpRequest) -> HttpResponse:
    return render(request, "policy/backoffice/editions.html", _editions_context())


@require_http_methods(["GET", "POST"])
@policy_manager_required
def edition_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = EditionImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            rows = data["csv_file"]
            replaced = ListEdition.objects.filter(kind=data["kind"], edition=data["edition"]).exists()
            try:
                edition = reference_services.list_edition_import(
                    kind=data["kind"],
                    edition=data["edition"],
                    csv_text=rows.text,
                    entries_expected=data["entries_expected"],
                    published_on=data["published_on"],
                    name_column=rows.name_column,
                    actor=signed_in_user(request),
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names=SERVICE_FIELDS)
            except (ValueError, KeyError):
                form.add_error("csv_file", _("The file could not be read as a ranking."))
            else:
                message = (
                    _("%(edition)s is replaced: %(count)s entries.")
                    if replaced
                    else _("%(edition)s is imported: %(count)s entries.")
                )
                messages.success(request, message % {"edition": edition, "count": rows.count})
                return redirect("policy_backoffice:editions")
        status = 400
    else:
        form = EditionImportForm()
        status = 200
    return render(
        request,
        "policy/backoffice/edition_import.html",
        {"section": "policy_editions", "form": form},
        status=status,
    )
