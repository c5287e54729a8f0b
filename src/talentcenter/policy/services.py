"""Everything that changes state in the policy engine: assessments, variants, simulations.

Each service runs in one transaction, checks what it must, and writes an audit event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from talentcenter.audit import events
from talentcenter.policy import selectors
from talentcenter.policy.engine import ApplicantIn, ParameterSet, baseline, explain, prepare, tracks_for
from talentcenter.policy.engine.evaluate import ENGINE_VERSION
from talentcenter.policy.engine.fields import classifier
from talentcenter.policy.engine.parameters import ParameterError, coerce_value
from talentcenter.policy.enums import AssessmentKind, VariantStatus
from talentcenter.policy.models import Assessment, ParameterSnapshot, ParameterVariant
from talentcenter.policy.policies import can_manage_policy, can_record_official_assessment
from talentcenter.talent.models import TalentProfile


def assessment_run(
    applicant: ApplicantIn,
    *,
    as_of: date,
    programmes: list[str] | None = None,
    parameter_set: ParameterSet | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """An explained answer, not stored (the anonymous self-check, the API and the CLI)."""
    language = language or get_language() or "ko"
    tracks = tracks_for(programmes)
    prepared = prepare(applicant, as_of, selectors.catalogue(), classifier())
    with override(language):
        result = explain(prepared, parameter_set or baseline(), as_of, tracks, language)
    result["language"] = language
    result["reference_lists"] = [
        {"kind": edition.kind, "edition": edition.edition, "partial": edition.is_partial}
        for edition in selectors.editions_in_force(as_of)
    ]
    return result


def parameter_snapshot_for(parameter_set: ParameterSet) -> ParameterSnapshot:
    snapshot, _created = ParameterSnapshot.objects.get_or_create(
        digest=parameter_set.digest, defaults={"set_id": parameter_set.id, "content": parameter_set.as_dict()}
    )
    return snapshot


def _summary(result: dict[str, Any]) -> dict[str, str]:
    return {f"{item['programme']}/{item['track']}": item["status"] for item in result["results"]}


@transaction.atomic
def assessment_record(
    *,
    actor: Any,
    applicant: ApplicantIn,
    as_of: date,
    kind: AssessmentKind = AssessmentKind.OFFICIAL,
    subject: TalentProfile | None = None,
    programmes: list[str] | None = None,
    parameter_set: ParameterSet | None = None,
    language: str | None = None,
) -> Assessment:
    """Run and keep an assessment with engine version, parameter snapshot and full trace."""
    if kind == AssessmentKind.OFFICIAL and not can_record_official_assessment(actor):
        raise PermissionDenied
    if kind == AssessmentKind.SELF_CHECK and not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    parameter_set = parameter_set or baseline()
    result = assessment_run(
        applicant, as_of=as_of, programmes=programmes, parameter_set=parameter_set, language=language
    )
    assessment = Assessment.objects.create(
        kind=kind,
        subject=subject,
        created_by=actor,
        as_of=as_of,
        programmes=list(programmes or []),
        applicant=applicant.model_dump(mode="json"),
        engine_version=ENGINE_VERSION,
        parameter_snapshot=parameter_snapshot_for(parameter_set),
        catalogue_version=selectors.catalogue_version(),
        result=result,
        summary=_summary(result),
    )
    action = "policy.assessment_recorded" if kind == AssessmentKind.OFFICIAL else "policy.self_check_saved"
    events.record(
        actor=actor, action=action, subject=assessment, changes={"as_of": as_of, "summary": assessment.summary}
    )
    return assessment


def assessment_replay(assessment: Assessment) -> dict[str, Any]:
    """Run a stored assessment again with its stored input, date and parameter snapshot."""
    applicant = ApplicantIn.model_validate(assessment.applicant)
    return assessment_run(
        applicant,
        as_of=assessment.as_of,
        programmes=list(assessment.programmes) or None,
        parameter_set=assessment.parameter_snapshot.parameter_set(),
        language=assessment.result.get("language"),
    )


def assessment_replays_identically(assessment: Assessment) -> bool:
    return assessment_replay(assessment)["results"] == assessment.result["results"]


# Parameter variants --------------------------------------------------------------------------


def _require_manager(actor: Any) -> None:
    if not can_manage_policy(actor):
        raise PermissionDenied


def _require_draft(variant: ParameterVariant) -> None:
    if variant.status != VariantStatus.DRAFT:
        raise ValidationError(_("A published variant cannot be changed; copy it to a new draft."), code="published")


@transaction.atomic
def variant_create(
    *, actor: Any, slug: str, name: str, description: str = "", copy_of: ParameterVariant | None = None
) -> ParameterVariant:
    _require_manager(actor)
    if ParameterVariant.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This identifier is already used.")}, code="unique")
    variant = ParameterVariant.objects.create(
        slug=slug,
        name=name,
        description=description,
        overrides=dict(copy_of.overrides) if copy_of else {},
        created_by=actor,
    )
    events.record(
        actor=actor,
        action="policy.variant_created",
        subject=variant,
        changes={"copy_of": copy_of.slug if copy_of else ""},
    )
    return variant


@transaction.atomic
def variant_set_value(
    *,
    actor: Any,
    variant: ParameterVariant,
    parameter: str,
    effective_from: date,
    value: Any,
    source: str,
    note: str = "",
) -> ParameterVariant:
    """Add (or replace, for the same date) one dated value of one parameter in a draft."""
    _require_manager(actor)
    variant = ParameterVariant.objects.select_for_update().get(pk=variant.pk)
    _require_draft(variant)
    base = baseline()
    if parameter not in base.parameters:
        raise ValidationError({"parameter": _("Unknown parameter.")}, code="unknown")
    if not source.strip():
        raise ValidationError({"source": _("Every value needs a source.")}, code="required")
    try:
        coerce_value(parameter, base[parameter].unit, value)
    except ParameterError as error:
        raise ValidationError(
            {"value": _("This value does not fit the parameter: %(error)s") % {"error": error}}
        ) from error
    before = list(variant.overrides.get(parameter, []))
    kept = [item for item in before if item["from"] != effective_from.isoformat()]
    entry = {
        "from": effective_from.isoformat(),
        "value": value,
        "source": source.strip(),
        "note_en": note,
        "note_ko": note,
    }
    variant.overrides = {**variant.overrides, parameter: sorted([*kept, entry], key=lambda item: item["from"])}
    variant.parameter_set()  # raises if the combination is malformed
    variant.save(update_fields=["overrides", "updated_at"])
    events.record(
        actor=actor,
        action="policy.variant_changed",
        subject=variant,
        changes={"parameter": parameter, "from": effective_from, "value": [before, variant.overrides[parameter]]},
    )
    return variant


@transaction.atomic
def variant_remove_value(
    *, actor: Any, variant: ParameterVariant, parameter: str, effective_from: date
) -> ParameterVariant:
    _require_manager(actor)
    variant = ParameterVariant.objects.select_for_update().get(pk=variant.pk)
    _require_draft(variant)
    before = list(variant.overrides.get(parameter, []))
    after = [item for item in before if item["from"] != effective_from.isoformat()]
    overrides = dict(variant.overrides)
    if after:
        overrides[parameter] = after
    else:
        overrides.pop(parameter, None)
    variant.overrides = overrides
    variant.save(update_fields=["overrides", "updated_at"])
    events.record(
        actor=actor,
        action="policy.variant_changed",
        subject=variant,
        changes={"parameter": parameter, "from": effective_from, "value": [before, after]},
    )
    return variant


@transaction.atomic
def variant_publish(*, actor: Any, variant: ParameterVariant) -> ParameterVariant:
    """Freeze a draft; its snapshot is stored so assessments under it can be replayed."""
    _require_manager(actor)
    variant = ParameterVariant.objects.select_for_update().get(pk=variant.pk)
    _require_draft(variant)
    parameter_set = variant.parameter_set()
    parameter_snapshot_for(parameter_set)
    variant.status = VariantStatus.PUBLISHED
    variant.digest = parameter_set.digest
    variant.save(update_fields=["status", "digest", "updated_at"])
    events.record(actor=actor, action="policy.variant_published", subject=variant, changes={"digest": variant.digest})
    return variant
