"""The policy engine over HTTP: assess an applicant, read the rules in force, and (staff) record,
read and replay official assessments.

The body of an assessment is the interchange format (:class:`ApplicantIn`, the same one the CLI
reads) plus ``as_of`` and ``programmes``. Ninja validates it first; it is then validated again in
pydantic's strict JSON mode so that nothing the OpenAPI document forbids slips through by coercion
(``"3"`` for 3, ``0`` for a date, ``"true"`` for true): the document and the validation agree.

The engine's answer is large (every criterion with its parameters and sources), so it is written
to JSON once, straight from the dictionary the engine built; the response schemas below document
it, and the tests check every answer against them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, TypeVar

import pydantic
import pydantic_core
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict

from talentcenter.accounts.api_auth import OPTIONAL, SIGNED_IN
from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.api.errors import ApiError, ErrorCode
from talentcenter.foundation.api.schemas import DateText, ObjectId
from talentcenter.foundation.i18n import current_language
from talentcenter.policy import policies, selectors, selectors_rules, services
from talentcenter.policy.engine import ENGINE_VERSION, PROGRAMMES, TRACKS, ApplicantIn, baseline
from talentcenter.policy.engine.inputs import ISO_DATE, NotJson, parse_strictly, refuse_facts_dated_after
from talentcenter.policy.engine.parameters import ParameterError
from talentcenter.policy.models import Assessment
from talentcenter.policy.translation import translated
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_access
from talentcenter.talent import policies as talent_policies

router = Router(tags=["policy"])
staff_router = Router()

ProgrammeId = Literal[PROGRAMMES]  # type: ignore[valid-type]
StatusName = Literal["eligible", "not_eligible", "needs_review", "not_in_force"]
EARLIEST_DATE = date(1950, 1, 1)
LATEST_DATE = date(2100, 12, 31)
AsOf = Annotated[
    date | None,
    pydantic.Field(
        default=None,
        description="The date the rules are applied as of (YYYY-MM-DD, 1950–2100); today in Korea when omitted.",
    ),
]


# --- Input ------------------------------------------------------------------------------------
class AssessmentIn(ApplicantIn):
    """One applicant in the interchange format, and what to assess them for."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, title="AssessmentIn")

    as_of: AsOf = None
    programmes: list[ProgrammeId] = pydantic.Field(
        default_factory=list,
        max_length=len(PROGRAMMES),
        description="Programme ids (see GET /api/v1/programmes); every programme when empty.",
    )

    @pydantic.field_validator("as_of")
    @classmethod
    def _as_of_in_range(cls, value: date | None) -> date | None:
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValueError(_("Enter a date between 1950 and 2100."))
        return value

    def applicant(self) -> ApplicantIn:
        """The applicant alone (what an official assessment stores and replays)."""
        return ApplicantIn.model_construct(
            self.model_fields_set & set(ApplicantIn.model_fields),
            **{name: getattr(self, name) for name in ApplicantIn.model_fields},
        )

    def programme_list(self) -> list[str] | None:
        return list(dict.fromkeys(self.programmes)) or None

    def as_of_date(self) -> date:
        return self.as_of or timezone.localdate()


class OfficialAssessmentIn(AssessmentIn):
    """An official assessment, optionally of a talent's profile."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, title="OfficialAssessmentIn")

    talent_profile_id: int | None = pydantic.Field(
        default=None, ge=1, le=2**63 - 1, description="The talent the assessment is about, if any."
    )


AssessmentModel = TypeVar("AssessmentModel", bound=AssessmentIn)


def _strictly(model: type[AssessmentModel], request: HttpRequest) -> AssessmentModel:
    """The body validated again in strict mode (ninja validated it in pydantic's lax mode), and a
    birth date or a degree completed after the date assessed refused (naming the field)."""
    try:
        payload = parse_strictly(model, request.body)
        refuse_facts_dated_after(payload, payload.as_of_date(), current_language())
        return payload
    except NotJson:
        raise ApiError(
            status=400, code=ErrorCode.BAD_REQUEST, message=_("The request body is not valid JSON.")
        ) from None
    except pydantic.ValidationError as error:
        errors = [{**item, "loc": ("body", "payload", *item["loc"])} for item in error.errors(include_url=False)]
        raise NinjaValidationError(errors) from None


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise ValueError(_("Enter a valid date (YYYY-MM-DD)."))
    return value


IsoDate = Annotated[DateText, pydantic.BeforeValidator(_iso_date)]


# --- Output -----------------------------------------------------------------------------------
class ParameterSetOut(Schema):
    id: str = Field(description="baseline, or variant:<slug>")
    digest: str = Field(description="Digest of the parameter values used; identical digests, identical rules.")


class SourceOut(Schema):
    kind: Literal["official", "press", "guide", "other", "center"] = Field(
        description="official (a notice or announcement of a ministry, KOTRA, HiKorea, the Bank of Korea), press "
        "(a news report), guide (a private guide), other, or center (the center's working assumption until the "
        "official notice is published); sources are listed in this order."
    )
    url: str = Field(description="Its address; empty for a notice cited by its title and for the center's assumption.")
    title: str = Field(
        description="What a page shows for it: its title, else the site of its address; the center's assumption in "
        "words."
    )


class ParameterValueOut(Schema):
    name: str
    label: str
    value: Any = Field(description="The value in force (number, date, list of codes or of [minimum, points] bands).")
    display: str = Field(description="The value as people read it.")
    effective_from: date | None = Field(description="Since when this value is in force.")
    source: str = Field(description="Where the value is published: the first of `sources`, as an address or in words.")
    sources: list[SourceOut] = Field(
        default_factory=list,
        description="Every source, official first (empty in an answer recorded before sources were listed).",
    )
    note: str
    until: date | None = Field(None, description="The last day the value applies, when it ends (absent otherwise).")
    estimated: bool | None = Field(
        None, description="true when no authority has quoted the value (the center worked it out or assumes it)."
    )
    uncertainty: float | None = Field(
        None, description="Of an estimated value: how much lower the real value may be, as a share (0.05 = 5 %)."
    )
    uncertainty_above: float | None = Field(
        None, description="Of an estimated value: how much higher it may be, when not the same share."
    )
    unpublished: bool | None = Field(
        None, description="true when the last value ended before the date and no next one is published."
    )


class CriterionOut(Schema):
    id: str
    label: str
    met: bool | None = Field(description="null when a person must review it")
    status: Literal["met", "not_met", "needs_review"]
    points: float | None
    max_points: float | None
    input: str = Field(description="The applicant's fact the criterion used, as people read it.")
    threshold: str | None
    parameter: ParameterValueOut | None
    parameters: list[ParameterValueOut]
    source: str
    evidence: list[str] = Field(description="How a name or field was matched (list, edition, rank).")
    hint: str | None = None
    estimated: bool | None = Field(None, description="true when one of its parameters is an estimate.")
    reason: str | None = Field(
        None,
        description="Why it needs review, when the engine knows: no published value for the date, a list not "
        "loaded, or an input within an estimate's uncertainty.",
    )


class TrackResultOut(Schema):
    programme: ProgrammeId
    track: str
    label: str
    status: StatusName
    points: float | None
    max_points: float | None
    points_best_case: float | None = None
    pass_mark: float | None = None
    pass_mark_estimated: bool | None = Field(None, description="true when the pass mark is the center's assumption.")
    in_force_from: date | None = None
    criteria: list[CriterionOut]
    hints: list[str] = Field(description="What would get the applicant over the line.")


class ReferenceListOut(Schema):
    kind: str
    edition: str
    partial: bool


class AssessmentOut(Schema):
    """The engine's explained answer; the keys are stable."""

    as_of: date
    engine_version: str
    parameter_set: ParameterSetOut
    language: str
    results: list[TrackResultOut]
    reference_lists: list[ReferenceListOut] = Field(description="The ranked-list editions in force on the date.")


class RecordedAssessmentOut(Schema):
    id: int
    kind: str
    as_of: date
    programmes: list[str]
    talent_profile_id: int | None
    created_by_id: int | None
    created_at: Any = Field(json_schema_extra={"type": "string", "format": "date-time"})
    engine_version: str
    parameter_set: ParameterSetOut
    catalogue_version: str = Field(description="Version of the ranked lists used.")
    summary: dict[str, StatusName] = Field(description="Status per programme/track.")
    applicant: dict[str, Any] = Field(description="The applicant as submitted (interchange format).")
    result: AssessmentOut = Field(description="The full answer with its trace.")


class StatisticsCellOut(Schema):
    count: int | None = Field(description="The count, or null when it is from 1 to 4 (suppressed).")
    display: str = Field(description='The count as shown: a number, or "<5" when suppressed.')


class TrackStatisticsOut(Schema):
    programme: str
    programme_label: str
    track: str
    track_label: str
    total: StatisticsCellOut = Field(description="Assessments that covered this track.")
    statuses: dict[StatusName, StatisticsCellOut] = Field(description="How many ended in each status.")
    eligible_rate: float | None = Field(
        description="Percent eligible among the assessments the track was in force for; null when a count is hidden."
    )


class AssessmentStatisticsOut(Schema):
    kind: str = Field(description="The kind of assessment counted (official).")
    total: StatisticsCellOut = Field(description="Assessments of this kind.")
    tracks: list[TrackStatisticsOut]


class ReplayOut(Schema):
    identical: bool = Field(description="Whether running it again gives the same results.")
    result: AssessmentOut


class RuleValueOut(Schema):
    effective_from: date
    display: str
    source: str = Field(description="The first of `sources`, as an address or in words.")
    sources: list[SourceOut] = Field(description="Every source, official first.")
    note: str
    in_force: bool = Field(description="Whether this is the value in force on the date.")
    until: date | None = Field(None, description="The last day the value applies, when it ends.")
    estimated: bool = Field(False, description="Whether no authority has quoted it.")


class RuleParameterOut(Schema):
    name: str
    label: str
    unit: str
    value: Any = Field(description="The value in force on the date (null when none is).")
    display: str
    effective_from: date | None = Field(description="Since when the value in force applies.")
    source: str = Field(description="The first source of the value in force, as an address or in words.")
    sources: list[SourceOut] = Field(description="Every source of the value in force, official first.")
    note: str
    derived: str = Field(description="e.g. the salary a GNI multiple amounts to.")
    history: list[RuleValueOut] = Field(description="Every dated value, past and future.")


class RuleTrackOut(Schema):
    track: str
    label: str
    summary: str = Field(description="The rule in plain words, with the values in force.")
    in_force: bool
    in_force_from: date | None
    parameters: list[RuleParameterOut]


class RuleProgrammeOut(Schema):
    programme: ProgrammeId
    label: str
    tracks: list[RuleTrackOut]


class ReferenceEditionOut(Schema):
    kind: str
    edition: str
    partial: bool
    published_on: date | None


class RulesOut(Schema):
    as_of: date
    parameter_set: ParameterSetOut
    programmes: list[RuleProgrammeOut]
    reference_lists: list[ReferenceEditionOut] = Field(description="The ranked-list editions in force on the date.")


class ProgrammeTrackOut(Schema):
    track: str
    label: str


class ProgrammeOut(Schema):
    programme: ProgrammeId
    label: str
    tracks: list[ProgrammeTrackOut]


class RulesQuery(Schema):
    as_of: IsoDate | None = Field(None, description="YYYY-MM-DD (1950–2100); today in Korea when omitted.")


# --- Helpers ----------------------------------------------------------------------------------
def _json_response(data: Any, status: int = 200) -> HttpResponse:
    """JSON written once by pydantic's serializer (NaN becomes null, text stays UTF-8)."""
    content = pydantic_core.to_json(data, inf_nan_mode="null", ensure_ascii=False)
    return HttpResponse(content, status=status, content_type="application/json")


def _run(request: HttpRequest, payload: AssessmentIn) -> dict[str, Any]:
    return services.assessment_run(
        payload.applicant(),
        as_of=payload.as_of_date(),
        programmes=payload.programme_list(),
        language=current_language(),
    )


def _recorded(assessment: Assessment) -> dict[str, Any]:
    snapshot = assessment.parameter_snapshot
    return {
        "id": assessment.pk,
        "kind": assessment.kind,
        "as_of": assessment.as_of.isoformat(),
        "programmes": list(assessment.programmes),
        "talent_profile_id": assessment.subject_id,
        "created_by_id": assessment.created_by_id,
        "created_at": assessment.created_at.isoformat(),
        "engine_version": assessment.engine_version,
        "parameter_set": {"id": snapshot.set_id, "digest": snapshot.digest},
        "catalogue_version": assessment.catalogue_version,
        "summary": assessment.summary,
        "applicant": assessment.applicant,
        "result": assessment.result,
    }


def _rules(as_of: date, language: str) -> dict[str, Any]:
    """The rules page's data (:func:`selectors_rules.rules_on`), with the raw values in force."""
    rules = selectors_rules.rules_on(as_of=as_of, language=language)
    resolved = baseline().resolve(as_of)

    def sources(row: selectors_rules.DatedRow | None) -> list[dict[str, str]]:
        return [
            {"kind": source.kind.value, "url": source.url, "title": source.text}
            for source in (row.sources if row is not None else ())
        ]

    def dated(row: selectors_rules.DatedRow) -> dict[str, Any]:
        return {
            "effective_from": row.effective_from,
            "display": row.display,
            "source": row.source,
            "sources": sources(row),
            "note": row.note,
            "in_force": row.in_force,
            "until": row.until,
            "estimated": row.estimated,
        }

    def parameter(row: selectors_rules.ParameterRow) -> dict[str, Any]:
        current = row.current
        return {
            "name": row.name,
            "label": row.label,
            "unit": row.unit,
            "value": resolved.value(row.name) if current is not None else None,
            "display": current.display if current is not None else "",
            "effective_from": current.effective_from if current is not None else None,
            "source": current.source if current is not None else "",
            "sources": sources(current),
            "note": current.note if current is not None else "",
            "derived": row.derived,
            "history": [dated(item) for item in row.history],
        }

    return {
        "as_of": rules.as_of,
        "parameter_set": {"id": rules.parameter_set_id, "digest": rules.parameter_set_digest},
        "programmes": [
            {
                "programme": programme.code,
                "label": programme.label,
                "tracks": [
                    {
                        "track": track.track,
                        "label": track.label,
                        "summary": track.summary,
                        "in_force": track.in_force,
                        "in_force_from": track.in_force_from,
                        "parameters": [parameter(row) for row in track.parameters],
                    }
                    for track in programme.tracks
                ],
            }
            for programme in rules.programmes
        ],
        "reference_lists": [
            {
                "kind": edition.kind,
                "edition": edition.edition,
                "partial": edition.is_partial,
                "published_on": edition.published_on,
            }
            for edition in rules.editions
        ],
    }


# --- Public -----------------------------------------------------------------------------------
@router.post(
    "/assessments",
    response={200: AssessmentOut},
    auth=OPTIONAL,
    summary="Assess an applicant for every fast track",
)
def assessment_run(request: HttpRequest, payload: AssessmentIn) -> HttpResponse:
    """Status, points and every criterion explained, with the parameter values, their effective
    dates and sources, and hints on what is missing. Nothing is stored. Open to everyone, within
    the rate limit; the answer follows ``Accept-Language`` (ko, en)."""
    payload = _strictly(AssessmentIn, request)
    return _json_response(_run(request, payload))


@router.get("/rules", response=RulesOut, auth=OPTIONAL, summary="Read the rules in force on a date")
def rules_read(request: HttpRequest, query: Query[RulesQuery]) -> HttpResponse:
    """Every programme and track, in force or not on the date, with each parameter's value in
    force, its effective date, source and label (the data of the public rules page)."""
    as_of = query.as_of or timezone.localdate()
    if not EARLIEST_DATE <= as_of <= LATEST_DATE:
        raise ApiError(
            status=422,
            code=ErrorCode.VALIDATION_ERROR,
            message=_("Enter a date between 1950 and 2100."),
            fields={"as_of": [_("Enter a date between 1950 and 2100.")]},
        )
    return _json_response(_rules(as_of, current_language()))


@router.get("/programmes", response=list[ProgrammeOut], auth=OPTIONAL, summary="List programmes and their tracks")
def programme_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The programme ids ``POST /assessments`` accepts, with each track's label."""
    return [
        {
            "programme": programme,
            "label": str(selectors_rules.PROGRAMME_LABELS.get(programme, programme)),
            "tracks": [
                {"track": track.track, "label": translated(track.label)}
                for track in TRACKS
                if track.programme == programme
            ],
        }
        for programme in PROGRAMMES
    ]


# --- Staff: official assessments -------------------------------------------------------------
@staff_router.post("", response={201: RecordedAssessmentOut}, summary="Record an official assessment")
def official_assessment_record(request: HttpRequest, payload: OfficialAssessmentIn) -> HttpResponse:
    """Run and keep the assessment with the engine version, the parameter snapshot and the full
    trace, so that it can be replayed later; written to the audit trail."""
    payload = _strictly(OfficialAssessmentIn, request)
    subject = None
    if payload.talent_profile_id is not None:
        try:
            subject = talent_policies.access_profile_for_viewing(
                user=request.user, profile_id=payload.talent_profile_id
            )
        except Http404:
            raise ApiError(
                status=422,
                code=ErrorCode.VALIDATION_ERROR,
                message=_("There is no talent profile with this id."),
                fields={"talent_profile_id": [_("There is no talent profile with this id.")]},
            ) from None
    assessment = services.assessment_record(
        actor=signed_in_user(request),
        applicant=payload.applicant(),
        as_of=payload.as_of_date(),
        subject=subject,
        programmes=payload.programme_list(),
        language=current_language(),
    )
    return _json_response(_recorded(assessment), status=201)


def _assessment_read(request: HttpRequest, assessment_id: int) -> Assessment:
    """The assessment (404 for what the caller may not see), its read logged for the person it is about."""
    assessment = policies.access_assessment(request.user, assessment_id)
    person = selectors.assessment_person(assessment)
    if person is not None:
        record_personal_data_access(
            viewer=signed_in_user(request), subject=person, what=AccessWhat.ASSESSMENT, obj=assessment, via="api"
        )
    return assessment


# The reads below admit policy analysts too (the router's own authentication admits only casework
# staff), so that an analyst gets the statistics, and 404 for every individual assessment.
@staff_router.get("/statistics", response=AssessmentStatisticsOut, auth=SIGNED_IN, summary="Count recorded assessments")
def official_assessment_statistics(request: HttpRequest) -> HttpResponse:
    """Official assessments counted by programme, track and status; counts from 1 to 4 are shown as
    "<5". For policy analysts, who see aggregates and never one person's assessment."""
    policies.require_assessment_statistics(request.user)
    return _json_response(selectors_rules.assessment_statistics_with_labels())


@staff_router.get(
    "/{assessment_id}", response=RecordedAssessmentOut, auth=SIGNED_IN, summary="Read a recorded assessment"
)
def official_assessment_read(request: HttpRequest, assessment_id: ObjectId) -> HttpResponse:
    """The stored record: input, date, engine version, parameter set id and digest, and trace.
    Casework staff only (reviewers, administrators) and the person who made it; 404 for anyone else."""
    policies.require_staff_assessment_endpoints(request.user)
    return _json_response(_recorded(_assessment_read(request, assessment_id)))


@staff_router.post(
    "/{assessment_id}/replay", response=ReplayOut, auth=SIGNED_IN, summary="Replay a recorded assessment"
)
def official_assessment_replay(request: HttpRequest, assessment_id: ObjectId) -> HttpResponse:
    """Run it again with its stored input, date and parameter snapshot; ``identical`` says whether
    the results are the same as recorded (the result is not stored)."""
    policies.require_staff_assessment_endpoints(request.user)
    assessment = _assessment_read(request, assessment_id)
    try:
        result = services.assessment_replay(assessment)
    except ParameterError as error:
        # The rules changed since it was recorded and read a parameter its snapshot does not have.
        raise ApiError(
            status=409,
            code=ErrorCode.CONFLICT,
            message=_(
                "This assessment cannot be replayed: today's rules (engine %(now)s) need parameters that its "
                "stored parameter set (engine %(then)s) does not have (%(error)s)."
            )
            % {"now": ENGINE_VERSION, "then": assessment.engine_version, "error": error},
        ) from error
    return _json_response({"identical": result["results"] == assessment.result["results"], "result": result})
