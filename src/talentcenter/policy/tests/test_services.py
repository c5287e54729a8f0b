"""Policy services against the database: stored assessments replay, variants are guarded and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import override

from talentcenter.audit.models import AuditEvent
from talentcenter.policy import selectors, services
from talentcenter.policy.engine import ENGINE_VERSION, ApplicantIn, baseline
from talentcenter.policy.enums import AssessmentKind, VariantStatus
from talentcenter.policy.models import Assessment, ParameterVariant
from talentcenter.reference.enums import ListKind
from talentcenter.reference.services import list_edition_import

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 1, 5)


def applicant(**changes: Any) -> ApplicantIn:
    data: dict[str, Any] = {
        "education": [{"level": "doctorate", "field": "electrical engineering", "institution": "MIT", "country": "US"}],
        "experience": [{"organization": "Samsung Electronics", "field": "semiconductor", "start": "2015-01-01"}],
        "offer": {
            "industry": "semiconductor",
            "technology_field": "digital_electronics",
            "annual_salary_krw": 160_000_000,
            "occupation": "2211",
            "company_size": "large",
            "region": "Seoul",
        },
    }
    data.update(changes)
    return ApplicantIn.model_validate(data)


def record(actor: Any, **changes: Any) -> Assessment:
    return services.assessment_record(
        actor=actor, applicant=applicant(**changes), as_of=AS_OF, programmes=["ktech-pass"], language="en"
    )


# Assessments ------------------------------------------------------------------------------------


def test_official_assessment_keeps_version_snapshot_and_trace(staff: Any) -> None:
    assessment = record(staff)

    assert assessment.kind == AssessmentKind.OFFICIAL
    assert assessment.engine_version == ENGINE_VERSION
    assert assessment.parameter_snapshot.digest == baseline().digest
    assert assessment.parameter_snapshot.content == baseline().as_dict()
    assert assessment.catalogue_version == selectors.catalogue_version()
    assert assessment.summary == {
        "ktech-pass/standard": "eligible",
        "ktech-pass/qualitative": "not_in_force",
        "ktech-pass/government-programme": "not_in_force",
    }
    standard = assessment.result["results"][0]
    salary = next(item for item in standard["criteria"] if item["id"] == "salary")
    assert salary["threshold"] == "KRW 149,865,000"
    assert {parameter["name"] for parameter in salary["parameters"]} == {
        "gni.per_capita_krw",
        "ktech_pass.salary_gni_multiple",
    }
    assert assessment.result["parameter_set"] == {"id": "baseline", "digest": baseline().digest}
    assert services.assessment_replays_identically(assessment)

    event = AuditEvent.objects.get(action="policy.assessment_recorded")
    assert (event.subject_id, event.actor) == (str(assessment.pk), staff)
    assert event.changes["summary"] == assessment.summary


def test_same_parameters_share_one_snapshot(staff: Any) -> None:
    first, second = record(staff), record(staff, offer=None)
    assert first.parameter_snapshot_id == second.parameter_snapshot_id


def test_changed_baseline_does_not_change_a_stored_replay(staff: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assessment = record(staff)
    stricter = baseline().with_overrides(
        "baseline",
        {"ktech_pass.salary_gni_multiple": [{"from": "2025-04-02", "value": 5, "source": "a future release"}]},
    )
    monkeypatch.setattr(services, "baseline", lambda: stricter)

    today = services.assessment_run(applicant(), as_of=AS_OF, programmes=["ktech-pass"], language="en")
    assert today["results"][0]["status"] == "not_eligible"  # the new baseline does change fresh answers
    replay = services.assessment_replay(assessment)
    assert replay["results"][0]["status"] == "eligible"
    assert services.assessment_replays_identically(assessment)


def test_replay_of_a_variant_uses_the_variant(staff: Any) -> None:
    variant = baseline().with_overrides(
        "variant:lower",
        {"ktech_pass.salary_gni_multiple": [{"from": "2025-04-02", "value": 2, "source": "a proposal"}]},
    )
    assessment = services.assessment_record(
        actor=staff,
        applicant=applicant(offer={"industry": "semiconductor", "annual_salary_krw": 100_000_000}),
        as_of=AS_OF,
        programmes=["ktech-pass"],
        parameter_set=variant,
        language="en",
    )
    assert assessment.summary["ktech-pass/standard"] == "eligible"
    assert assessment.parameter_snapshot.digest == variant.digest
    assert services.assessment_replays_identically(assessment)


def test_official_assessment_by_a_non_staff_user_writes_nothing(talent: Any) -> None:
    assessments, events = Assessment.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        record(talent)
    assert Assessment.objects.count() == assessments
    assert AuditEvent.objects.count() == events


def test_policy_analyst_cannot_record_an_official_assessment(policy_analyst: Any) -> None:
    with pytest.raises(PermissionDenied):
        record(policy_analyst)
    assert not Assessment.objects.exists()


def test_anonymous_self_check_cannot_be_saved() -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.assessment_record(
            actor=AnonymousUser(), applicant=applicant(), as_of=AS_OF, kind=AssessmentKind.SELF_CHECK
        )
    assert not Assessment.objects.exists()
    assert not AuditEvent.objects.filter(action="policy.self_check_saved").exists()


def test_talent_saves_a_self_check(talent: Any) -> None:
    assessment = services.assessment_record(
        actor=talent, applicant=applicant(), as_of=AS_OF, kind=AssessmentKind.SELF_CHECK, language="en"
    )
    assert assessment.kind == AssessmentKind.SELF_CHECK
    assert AuditEvent.objects.filter(action="policy.self_check_saved", subject_id=str(assessment.pk)).count() == 1


# Variants ---------------------------------------------------------------------------------------


@pytest.fixture
def draft(policy_analyst: Any) -> ParameterVariant:
    return services.variant_create(actor=policy_analyst, slug="lower-salary", name="Lower salary")


def variant_events(variant: ParameterVariant) -> int:
    return AuditEvent.objects.filter(subject_type="policy.parametervariant", subject_id=str(variant.pk)).count()


def test_draft_edit_is_audited_with_before_and_after(policy_analyst: Any, draft: ParameterVariant) -> None:
    first = services.variant_set_value(
        actor=policy_analyst,
        variant=draft,
        parameter="ktech_pass.salary_gni_multiple",
        effective_from=date(2027, 1, 1),
        value=2.5,
        source="Draft decree",
    )
    entry = {"from": "2027-01-01", "value": 2.5, "source": "Draft decree", "note_en": "", "note_ko": ""}
    assert first.overrides == {"ktech_pass.salary_gni_multiple": [entry]}

    services.variant_set_value(
        actor=policy_analyst,
        variant=draft,
        parameter="ktech_pass.salary_gni_multiple",
        effective_from=date(2027, 1, 1),
        value=2,
        source="Second draft",
    )
    draft.refresh_from_db()
    replaced = {**entry, "value": 2, "source": "Second draft"}
    assert draft.overrides == {"ktech_pass.salary_gni_multiple": [replaced]}
    assert draft.parameter_set().resolve(date(2027, 1, 1)).value("ktech_pass.salary_gni_multiple") == 2.0

    changes = [
        event.changes
        for event in AuditEvent.objects.filter(action="policy.variant_changed", subject_id=str(draft.pk)).order_by("id")
    ]
    assert changes == [
        {"parameter": "ktech_pass.salary_gni_multiple", "from": "2027-01-01", "value": [[], [entry]]},
        {"parameter": "ktech_pass.salary_gni_multiple", "from": "2027-01-01", "value": [[entry], [replaced]]},
    ]

    services.variant_remove_value(
        actor=policy_analyst, variant=draft, parameter="ktech_pass.salary_gni_multiple", effective_from=date(2027, 1, 1)
    )
    draft.refresh_from_db()
    assert draft.overrides == {}
    last = AuditEvent.objects.filter(action="policy.variant_changed", subject_id=str(draft.pk)).order_by("id").last()
    assert last is not None
    assert last.changes["value"] == [[replaced], []]


@pytest.mark.parametrize(
    ("parameter", "value", "source", "field"),
    [
        ("ktech_pass.salary_gni_multiple", "three", "Draft decree", "value"),
        ("ktech_pass.salary_gni_multiple", -1, "Draft decree", "value"),
        ("gni.per_capita_krw", True, "Draft decree", "value"),
        ("ktech_pass.industries", "semiconductor", "Draft decree", "value"),
        ("ktech_pass.qualitative.degree_points", [[6]], "Draft decree", "value"),
        ("no.such.parameter", 1, "Draft decree", "parameter"),
        ("ktech_pass.salary_gni_multiple", 2.5, "   ", "source"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(
    policy_analyst: Any, draft: ParameterVariant, parameter: str, value: Any, source: str, field: str
) -> None:
    events = variant_events(draft)
    with pytest.raises(ValidationError) as raised:
        services.variant_set_value(
            actor=policy_analyst,
            variant=draft,
            parameter=parameter,
            effective_from=date(2027, 1, 1),
            value=value,
            source=source,
        )
    assert field in raised.value.message_dict
    draft.refresh_from_db()
    assert draft.overrides == {}
    assert variant_events(draft) == events


def test_published_variant_refuses_edits(policy_analyst: Any, draft: ParameterVariant) -> None:
    services.variant_set_value(
        actor=policy_analyst,
        variant=draft,
        parameter="ktech_pass.salary_gni_multiple",
        effective_from=date(2027, 1, 1),
        value=2.5,
        source="Draft decree",
    )
    published = services.variant_publish(actor=policy_analyst, variant=draft)
    assert published.status == VariantStatus.PUBLISHED
    assert published.digest == published.parameter_set().digest
    overrides, events = published.overrides, variant_events(published)

    with pytest.raises(ValidationError) as raised:
        services.variant_set_value(
            actor=policy_analyst,
            variant=published,
            parameter="ktech_pass.salary_gni_multiple",
            effective_from=date(2027, 1, 1),
            value=2,
            source="Too late",
        )
    assert raised.value.code == "published"
    with pytest.raises(ValidationError):
        services.variant_remove_value(
            actor=policy_analyst,
            variant=published,
            parameter="ktech_pass.salary_gni_multiple",
            effective_from=date(2027, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.variant_publish(actor=policy_analyst, variant=published)
    published.refresh_from_db()
    assert published.overrides == overrides
    assert variant_events(published) == events


def test_only_policy_managers_edit_variants(staff: Any, talent: Any, draft: ParameterVariant) -> None:
    events = variant_events(draft)
    for actor in (staff, talent):
        with pytest.raises(PermissionDenied):
            services.variant_set_value(
                actor=actor,
                variant=draft,
                parameter="ktech_pass.salary_gni_multiple",
                effective_from=date(2027, 1, 1),
                value=2.5,
                source="Draft decree",
            )
        with pytest.raises(PermissionDenied):
            services.variant_create(actor=actor, slug=f"by-{actor.pk}", name="Not allowed")
    draft.refresh_from_db()
    assert draft.overrides == {}
    assert variant_events(draft) == events
    assert ParameterVariant.objects.count() == 1


def test_variant_slug_is_unique(policy_analyst: Any, draft: ParameterVariant) -> None:
    with pytest.raises(ValidationError) as raised:
        services.variant_create(actor=policy_analyst, slug=draft.slug, name="Again")
    assert "slug" in raised.value.message_dict
    assert ParameterVariant.objects.count() == 1


# Reference lists --------------------------------------------------------------------------------

NEW_EDITION = """# QS World University Rankings 2027 (test edition)
rank,name,country_iso2,source_url
1,Example Tech University (ETU),KR,https://example.org/qs-2027
2,Massachusetts Institute of Technology (MIT),US,https://example.org/qs-2027
"""


@override("en")
def test_catalogue_picks_up_a_newly_imported_edition(staff: Any) -> None:
    before = selectors.catalogue()
    assert before.university("Example Tech University", date(2026, 7, 1)).rank is None

    list_edition_import(
        kind=ListKind.QS_WORLD,
        edition="2027",
        csv_text=NEW_EDITION,
        entries_expected=1500,
        published_on=date(2026, 6, 10),
        actor=staff,
    )

    after = selectors.catalogue()
    assert after is not before
    standing = after.university("ETU", date(2026, 7, 1))
    assert (standing.rank, standing.basis) == (1, "QS World University Rankings 2027")
    assert after.university("ETU", date(2026, 6, 9)).rank is None  # not before its publication

    result = services.assessment_run(
        applicant(education=[{"level": "master", "field": "physics", "institution": "Example Tech University"}]),
        as_of=date(2026, 7, 1),
        programmes=["ktech-pass"],
        language="en",
    )
    degree = next(item for item in result["results"][0]["criteria"] if item["id"] == "degree")
    assert degree["status"] == "met"
    assert degree["evidence"] == ["Example Tech University: rank 1, QS World University Rankings 2027"]
    assert {"kind": "qs_world", "edition": "2027", "partial": True} in result["reference_lists"]


def test_catalogue_is_reused_while_nothing_changes() -> None:
    assert selectors.catalogue() is selectors.catalogue()


def test_evidence_does_not_depend_on_the_language_that_built_the_catalogue() -> None:
    selectors._catalogue_cache.clear()
    with override("ko"):
        korean_first = selectors.catalogue().university("MIT", AS_OF).basis
    selectors._catalogue_cache.clear()
    with override("en"):
        english_first = selectors.catalogue().university("MIT", AS_OF).basis
    assert korean_first == english_first
