"""Everything that changes state in the policy engine: assessments, variants, simulations.

Each service runs in one transaction, checks what it must, and writes an audit event.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.audit import events
from talentcenter.foundation.i18n import current_language, language_of
from talentcenter.policy import selectors
from talentcenter.policy.changes import parameters_changed
from talentcenter.policy.engine import ApplicantIn, ParameterSet, baseline, explain, prepare, tracks_for
from talentcenter.policy.engine.evaluate import ENGINE_VERSION
from talentcenter.policy.engine.fields import classifier
from talentcenter.policy.engine.parameters import ParameterError, coerce_value
from talentcenter.policy.engine.pools import MAX_BYTES as POOL_MAX_BYTES
from talentcenter.policy.engine.pools import (
    Pool,
    PoolError,
    applicants_from_csv,
    decode_upload,
    pool_from_applicants,
    pool_from_csv,
)
from talentcenter.policy.engine.simulation import simulate
from talentcenter.policy.engine.synthetic import synthetic_pool
from talentcenter.policy.enums import AssessmentKind, PoolKind, SimulationStatus, VariantStatus
from talentcenter.policy.models import Assessment, ParameterSnapshot, ParameterVariant, Simulation
from talentcenter.policy.policies import can_manage_policy, can_record_official_assessment
from talentcenter.policy.translation import translated
from talentcenter.talent.models import TalentProfile


def assessment_run(
    applicant: ApplicantIn,
    *,
    as_of: date,
    programmes: list[str] | None = None,
    parameter_set: ParameterSet | None = None,
    language: str | None = None,
    lists: selectors.ReferenceLists | None = None,
) -> dict[str, Any]:
    """An explained answer, not stored (the anonymous self-check, the API and the CLI), in the
    reader's ``language``: the engine answers with message keys, translated here once for every caller.
    ``lists``: the ranked lists to read (default: the stored ones)."""
    language = language_of(language) if language else current_language()
    tracks = tracks_for(programmes)
    lists = lists or selectors.reference_lists()
    prepared = prepare(applicant, as_of, lists.catalogue, classifier())
    result: dict[str, Any] = translated(
        explain(prepared, parameter_set or baseline(), as_of, tracks, language), language
    )
    result["language"] = language
    result["reference_lists"] = lists.in_force(as_of)
    return result


def assessment_run_many(
    applicants: Iterable[ApplicantIn],
    *,
    as_of: date,
    programmes: list[str] | None = None,
    language: str | None = None,
    lists: selectors.ReferenceLists | None = None,
) -> Iterator[dict[str, Any]]:
    """One explained answer per applicant, in order (the CLI's files of many applicants): the lists
    and parameters are read once for the whole file."""
    lists = lists or selectors.reference_lists()
    parameter_set = baseline()
    for applicant in applicants:
        yield assessment_run(
            applicant, as_of=as_of, programmes=programmes, parameter_set=parameter_set, language=language, lists=lists
        )


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
    actor: User,
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
    """Run a stored assessment again with its stored input, date and parameter snapshot.

    The ranked lists are read as they are now; ``reference_lists_changed`` says whether an edition
    was imported or replaced since, which is the only way a replay can differ.
    """
    applicant = ApplicantIn.model_validate(assessment.applicant)
    result = assessment_run(
        applicant,
        as_of=assessment.as_of,
        programmes=list(assessment.programmes) or None,
        parameter_set=assessment.parameter_snapshot.parameter_set(),
        language=assessment.result.get("language"),
    )
    result["reference_lists_changed"] = selectors.catalogue_version() != assessment.catalogue_version
    return result


def assessment_in_language(assessment: Assessment, *, language: str) -> dict[str, Any]:
    """A stored answer to show on a page in ``language``.

    Saved in that language: as stored. Otherwise the same run in ``language`` (the stored input,
    date and parameter snapshot: the same statuses, in the reader's words), unless a ranked list
    changed since it was saved, when only the stored answer is true to what was answered then.
    """
    if assessment.result.get("language") == language or selectors.catalogue_version() != assessment.catalogue_version:
        return assessment.result
    return assessment_run(
        ApplicantIn.model_validate(assessment.applicant),
        as_of=assessment.as_of,
        programmes=list(assessment.programmes) or None,
        parameter_set=assessment.parameter_snapshot.parameter_set(),
        language=language,
    )


def assessment_replays_identically(assessment: Assessment) -> bool:
    return assessment_replay(assessment)["results"] == assessment.result["results"]


# Parameter variants --------------------------------------------------------------------------


def _require_manager(actor: User) -> None:
    if not can_manage_policy(actor):
        raise PermissionDenied


def _require_draft(variant: ParameterVariant) -> None:
    if variant.status != VariantStatus.DRAFT:
        raise ValidationError(_("A published variant cannot be changed; copy it to a new draft."), code="published")


@transaction.atomic
def variant_create(
    *, actor: User, slug: str, name: str, description: str = "", copy_of: ParameterVariant | None = None
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
    actor: User,
    variant: ParameterVariant,
    parameter: str,
    effective_from: date,
    value: Any,
    source: str,
    note: str = "",
    until: date | None = None,
) -> ParameterVariant:
    """Add (or replace, for the same date) one dated value of one parameter in a draft; ``until``
    is the last day it applies when it is published for a period (after it, no value: review)."""
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
    if until is not None and until < effective_from:
        raise ValidationError({"until": _("The last day cannot be before the first.")}, code="invalid")
    before = list(variant.overrides.get(parameter, []))
    kept = [item for item in before if item["from"] != effective_from.isoformat()]
    entry = {
        "from": effective_from.isoformat(),
        "value": value,
        "source": source.strip(),
        "note_en": note,
        "note_ko": note,
    }
    if until is not None:
        entry["until"] = until.isoformat()
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
    *, actor: User, variant: ParameterVariant, parameter: str, effective_from: date
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
def variant_publish(*, actor: User, variant: ParameterVariant) -> ParameterVariant:
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
    parameters_changed(names=frozenset(variant.overrides), change=variant.name, actor=actor)
    return variant


# Simulations ---------------------------------------------------------------------------------
# Baseline versus variant over a pool, started by policy staff and run by a background task.


logger = logging.getLogger(__name__)

SYNTHETIC_POOL_MAX = 1_000_000
SEED_MAX = 2_147_483_647
PROGRESS_STEP = 10


def _pool_problems(error: PoolError) -> list[str]:
    return [line for line in pool_error_text(error).splitlines() if line.strip()]


def pool_error_text(error: PoolError, language: str | None = None) -> str:
    """What is wrong with a pool, in the reader's language (the engine's message translated)."""
    text: str = translated(getattr(error, "text", str(error)), language)
    return text


def _read_upload(pool_file: Any) -> bytes:
    size = getattr(pool_file, "size", None)
    if isinstance(size, int) and size > POOL_MAX_BYTES:
        raise PoolError(_("The file is larger than {size} MB.").format(size=POOL_MAX_BYTES // (1024 * 1024)))
    if hasattr(pool_file, "seek"):
        pool_file.seek(0)
    if hasattr(pool_file, "chunks"):
        return b"".join(pool_file.chunks())
    raw = pool_file.read()
    return raw if isinstance(raw, bytes) else str(raw).encode("utf-8")


def simulation_start(
    *,
    actor: User,
    name: str,
    variant: ParameterVariant,
    baseline_variant: ParameterVariant | None = None,
    as_of: date,
    pool_kind: str,
    pool_size: int = 0,
    pool_file: Any = None,
    seed: int = 2026,
) -> Simulation:
    """Queue a what-if simulation; the pool is checked now so a bad file or size never reaches the worker.

    Only policy managers may run simulations (they read every stored application in aggregate).
    The file is validated before the transaction opens, so a large upload holds no lock.
    """
    _require_manager(actor)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name or len(name) > 120:
        errors["name"] = [_("Give the simulation a name of at most 120 characters.")]
    for field_name, chosen in (("variant", variant), ("baseline_variant", baseline_variant)):
        if chosen is None:
            continue
        try:
            chosen.parameter_set()
        except (ParameterError, KeyError, TypeError) as error:
            errors[field_name] = [_("This variant's parameters are malformed: %(error)s") % {"error": error}]
    if not isinstance(seed, int) or not 0 <= seed <= SEED_MAX:
        errors["seed"] = [_("The seed must be a whole number from 0 to 2,147,483,647.")]
    raw: bytes | None = None
    if pool_kind == PoolKind.SYNTHETIC:
        if not isinstance(pool_size, int) or not 1 <= pool_size <= SYNTHETIC_POOL_MAX:
            errors["pool_size"] = [_("A synthetic pool has from 1 to 1,000,000 applicants.")]
    elif pool_kind == PoolKind.CSV:
        if pool_file is None:
            errors["pool_file"] = [_("Choose the CSV file of the pool.")]
        else:
            try:
                raw = _read_upload(pool_file)
                applicants, _labels = applicants_from_csv(decode_upload(raw))
            except PoolError as error:
                errors["pool_file"] = _pool_problems(error)
            else:
                pool_size = len(applicants)
    elif pool_kind == PoolKind.STORED:
        pool_size = selectors.simulation_stored_pool_size()
        if pool_size == 0:
            errors["pool_kind"] = [_("There are no stored applications to simulate yet.")]
    else:
        errors["pool_kind"] = [_("Choose a pool of applicants.")]
    if errors:
        raise ValidationError(errors)
    return _simulation_create(
        actor=actor,
        name=name,
        variant=variant,
        baseline_variant=baseline_variant,
        as_of=as_of,
        pool_kind=pool_kind,
        pool_size=pool_size,
        raw=raw,
        seed=seed,
    )


@transaction.atomic
def _simulation_create(
    *,
    actor: User,
    name: str,
    variant: ParameterVariant,
    baseline_variant: ParameterVariant | None,
    as_of: date,
    pool_kind: str,
    pool_size: int,
    raw: bytes | None,
    seed: int,
) -> Simulation:
    simulation = Simulation(
        name=name,
        variant=variant,
        baseline_variant=baseline_variant,
        as_of=as_of,
        pool_kind=pool_kind,
        pool_size=pool_size,
        seed=seed,
        status=SimulationStatus.QUEUED,
        created_by=actor,
    )
    if raw is not None:
        simulation.pool_file.save("pool.csv", ContentFile(raw), save=False)
    simulation.save()
    events.record(
        actor=actor,
        action="policy.simulation_started",
        subject=simulation,
        changes={
            "variant": variant.slug,
            "baseline": baseline_variant.slug if baseline_variant else "",
            "as_of": as_of,
            "pool_kind": pool_kind,
            "pool_size": pool_size,
            "seed": seed,
        },
    )
    from talentcenter.policy.tasks import run_simulation

    simulation_id = simulation.pk
    transaction.on_commit(lambda: run_simulation.enqueue(simulation_id=simulation_id))
    return simulation


def _progress_reporter(simulation_id: int) -> Callable[[int], None]:
    """Save progress every ~10% with an UPDATE, so the page polling from another process sees it."""
    last = [0]

    def report(percent: int) -> None:
        percent = max(0, min(99, int(percent)))
        if percent - last[0] >= PROGRESS_STEP:
            last[0] = percent
            Simulation.objects.filter(pk=simulation_id, status=SimulationStatus.RUNNING).update(progress=percent)

    return report


def simulation_pool(simulation: Simulation, *, progress: Callable[[int], None] | None = None) -> Pool:
    """The pool a simulation runs over, built from its kind (synthetic, uploaded CSV or stored)."""
    if simulation.pool_kind == PoolKind.SYNTHETIC:
        return synthetic_pool(simulation.pool_size, seed=simulation.seed, as_of=simulation.as_of)
    if simulation.pool_kind == PoolKind.CSV:
        if not simulation.pool_file:
            raise PoolError(_("The uploaded pool file is missing."))
        with simulation.pool_file.open("rb") as handle:
            text = decode_upload(handle.read())
        return pool_from_csv(
            text, as_of=simulation.as_of, catalogue=selectors.catalogue(), classifier=classifier(), progress=progress
        )
    applicants, labels = selectors.simulation_stored_applicants()
    return pool_from_applicants(
        applicants, labels, simulation.as_of, selectors.catalogue(), classifier(), kind="stored", progress=progress
    )


def _simulation_compute(simulation: Simulation) -> dict[str, Any]:
    report = _progress_reporter(simulation.pk)
    baseline_set = selectors.parameter_set_for(simulation.baseline_variant)
    variant_set = simulation.variant.parameter_set()
    # Building a CSV or stored pool (name matching) takes the first 30%; the comparison the rest.
    pool = simulation_pool(simulation, progress=lambda percent: report(percent * 30 // 100))
    return simulate(
        pool,
        baseline_set,
        variant_set,
        simulation.as_of,
        progress=lambda percent: report(30 + percent * 70 // 100),
    )


def simulation_run(*, simulation_id: int) -> Simulation:
    """Run a queued simulation (the task's body). Idempotent: a run that ended is not redone.

    The long computation runs outside any transaction; status, progress and result are written
    with single UPDATEs so other processes see them as they happen.
    """
    with transaction.atomic():
        simulation = (
            Simulation.objects.select_for_update(of=("self",))
            .select_related("variant", "baseline_variant")
            .get(pk=simulation_id)
        )
        if simulation.status in {SimulationStatus.FINISHED, SimulationStatus.FAILED}:
            return simulation
        Simulation.objects.filter(pk=simulation_id).update(
            status=SimulationStatus.RUNNING, progress=0, error="", started_at=timezone.now()
        )
    simulation.refresh_from_db()
    try:
        result = _simulation_compute(simulation)
    except (PoolError, ParameterError, ValueError) as error:
        Simulation.objects.filter(pk=simulation_id).update(
            status=SimulationStatus.FAILED,
            error=translated(getattr(error, "text", str(error)))[:5000],
            finished_at=timezone.now(),
        )
    except Exception:
        logger.exception("simulation %s failed", simulation_id)
        Simulation.objects.filter(pk=simulation_id).update(
            status=SimulationStatus.FAILED,
            error=_("The simulation stopped on an unexpected error; the server log has the details."),
            finished_at=timezone.now(),
        )
    else:
        Simulation.objects.filter(pk=simulation_id).update(
            status=SimulationStatus.FINISHED,
            progress=100,
            result=translated(result),
            pool_size=result["pool"]["size"],
            finished_at=timezone.now(),
        )
    simulation.refresh_from_db()
    return simulation
