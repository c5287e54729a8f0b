"""Guides and notices for center staff over HTTP: ``/api/v1/staff/guides`` and ``/staff/notices``.
service call (a revision per save; publishing needs both languages, 422 otherwise; a refused
transition is 409 ``conflict``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.api.schemas import InputSchema, ObjectId, PlainText
from talentcenter.guides import selectors, services
from talentcenter.guides.enums import GuideStatus, NoticeKind, NoticeStatus
from talentcenter.guides.models import Guide, GuideRevision, Notice
from talentcenter.guides.policies import access_guide_for_editing, access_notice_for_editing

router = Router(tags=["staff"])
notices_router = Router(tags=["staff"])

Title = Annotated[str, PlainText(200)]
Summary = Annotated[str, PlainText(500)]
Body = Annotated[str, PlainText(40000)]
Steps = Annotated[str, PlainText(4000)]
Name = Annotated[str, PlainText(80)]


class RevisionOut(Schema):
    number: int
    title_ko: str
    title_en: str
    summary_ko: str
    summary_en: str
    body_ko: str
    body_en: str
    steps_ko: str
    steps_en: str
    parameters: list[str]
    note: str
    restored_from: int | None
    created_at: datetime


class StaffGuideOut(Schema):
    id: int
    slug: str
    programme: str
    status: GuideStatus
    needs_review: bool
    review_reason: str
    published_revision: int | None
    current: RevisionOut | None


class GuideTextIn(InputSchema):
    title_ko: Title = ""
    title_en: Title = ""
    summary_ko: Summary = ""
    summary_en: Summary = ""
    body_ko: Body = ""
    body_en: Body = ""
    steps_ko: Steps = ""
    steps_en: Steps = ""
    parameters: list[Name] = Field(default_factory=list, max_length=60)
    note: Annotated[str, PlainText(200)] = ""


class GuideCreateIn(GuideTextIn):
    slug: Annotated[str, PlainText(80), Field(pattern=r"^[a-z0-9-]+$")]
    programme: Annotated[str, PlainText(40)] = ""


class RestoreIn(InputSchema):
    number: int = Field(..., ge=1, le=1_000_000)


class WithdrawIn(InputSchema):
    reason: Annotated[str, PlainText(500)]


class StaffNoticeOut(Schema):
    id: int
    slug: str
    kind: NoticeKind
    status: NoticeStatus
    title_ko: str
    title_en: str
    body_ko: str
    body_en: str
    published_at: datetime | None


class NoticeTextIn(InputSchema):
    kind: NoticeKind
    title_ko: Title
    title_en: Title
    body_ko: Body
    body_en: Body


class NoticeCreateIn(NoticeTextIn):
    slug: Annotated[str, PlainText(80), Field(pattern=r"^[a-z0-9-]+$")]


def _revision(revision: GuideRevision | None) -> dict[str, Any] | None:
    if revision is None:
        return None
    fields = ("number", *services.TEXT_FIELDS, "parameters", "note", "restored_from", "created_at")
    return {name: getattr(revision, name) for name in fields}


def _guide(guide: Guide) -> dict[str, Any]:
    guide = Guide.objects.select_related("current_revision", "published_revision").get(pk=guide.pk)
    return {
        "id": guide.pk,
        "slug": guide.slug,
        "programme": guide.programme,
        "status": guide.status,
        "needs_review": guide.needs_review,
        "review_reason": guide.review_reason,
        "published_revision": guide.published_revision.number if guide.published_revision else None,
        "current": _revision(guide.current_revision),
    }


def _text(payload: GuideTextIn) -> services.GuideText:
    return services.GuideText(
        **{name: getattr(payload, name) for name in services.TEXT_FIELDS}, parameters=tuple(payload.parameters)
    )


def _notice(notice: Notice) -> dict[str, Any]:
    fields = ("slug", "kind", "status", "title_ko", "title_en", "body_ko", "body_en", "published_at")
    return {"id": notice.pk, **{name: getattr(notice, name) for name in fields}}


@router.get("", response=list[StaffGuideOut], summary="List every guide")
def guide_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_guide(row.guide) for row in selectors.guide_rows_for_editors()]


@router.post("", response={201: StaffGuideOut}, summary="Create a guide (a draft)")
def guide_create(request: HttpRequest, payload: GuideCreateIn) -> Status[dict[str, Any]]:
    guide = services.guide_create(
        actor=signed_in_user(request),
        slug=payload.slug,
        programme=payload.programme,
        text=_text(payload),
        note=payload.note,
    )
    return Status(201, _guide(guide))


@router.get("/{guide_id}", response=StaffGuideOut, summary="Read a guide with its latest revision")
def guide_read(request: HttpRequest, guide_id: ObjectId) -> dict[str, Any]:
    return _guide(access_guide_for_editing(user=request.user, guide_id=guide_id))


@router.get("/{guide_id}/revisions", response=list[RevisionOut], summary="A guide's revisions, newest first")
def guide_revisions(request: HttpRequest, guide_id: ObjectId) -> list[dict[str, Any] | None]:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    return [_revision(revision) for revision in selectors.guide_revisions(guide)]


@router.post("/{guide_id}/revisions", response={201: StaffGuideOut}, summary="Save a new revision")
def guide_save(request: HttpRequest, guide_id: ObjectId, payload: GuideTextIn) -> Status[dict[str, Any]]:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    services.guide_save(actor=signed_in_user(request), guide=guide, text=_text(payload), note=payload.note)
    return Status(201, _guide(guide))


@router.post("/{guide_id}/publish", response=StaffGuideOut, summary="Publish the latest revision")
def guide_publish(request: HttpRequest, guide_id: ObjectId) -> dict[str, Any]:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    return _guide(services.guide_publish(actor=signed_in_user(request), guide=guide))


@router.post("/{guide_id}/withdraw", response=StaffGuideOut, summary="Withdraw a guide from the public")
def guide_withdraw(request: HttpRequest, guide_id: ObjectId, payload: WithdrawIn) -> dict[str, Any]:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    return _guide(services.guide_withdraw(actor=signed_in_user(request), guide=guide, reason=payload.reason))


@router.post("/{guide_id}/restore", response={201: StaffGuideOut}, summary="Restore an earlier revision")
def guide_restore(request: HttpRequest, guide_id: ObjectId, payload: RestoreIn) -> Status[dict[str, Any]]:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    services.guide_restore(actor=signed_in_user(request), guide=guide, number=payload.number)
    return Status(201, _guide(guide))


@router.post("/{guide_id}/reviewed", response=StaffGuideOut, summary="Mark a guide as reviewed")
def guide_reviewed(request: HttpRequest, guide_id: ObjectId) -> dict[str, Any]:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    return _guide(services.guide_mark_reviewed(actor=signed_in_user(request), guide=guide))


@notices_router.get("", response=list[StaffNoticeOut], summary="List every notice")
def notice_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_notice(notice) for notice in selectors.notices_for_editors()[:200]]


@notices_router.post("", response={201: StaffNoticeOut}, summary="Write a notice (a draft)")
def notice_create(request: HttpRequest, payload: NoticeCreateIn) -> Status[dict[str, Any]]:
    text = services.NoticeText(**payload.dict(exclude={"slug"}))
    return Status(201, _notice(services.notice_create(actor=signed_in_user(request), slug=payload.slug, text=text)))


@notices_router.put("/{notice_id}", response=StaffNoticeOut, summary="Change a notice")
def notice_change(request: HttpRequest, notice_id: ObjectId, payload: NoticeTextIn) -> dict[str, Any]:
    notice = access_notice_for_editing(user=request.user, notice_id=notice_id)
    text = services.NoticeText(**payload.dict())
    return _notice(services.notice_change(actor=signed_in_user(request), notice=notice, text=text))


@notices_router.post("/{notice_id}/publish", response=StaffNoticeOut, summary="Publish a notice")
def notice_publish(request: HttpRequest, notice_id: ObjectId) -> dict[str, Any]:
    notice = access_notice_for_editing(user=request.user, notice_id=notice_id)
    return _notice(services.notice_publish(actor=signed_in_user(request), notice=notice))


@notices_router.post("/{notice_id}/withdraw", response=StaffNoticeOut, summary="Withdraw a notice")
def notice_withdraw(request: HttpRequest, notice_id: ObjectId) -> dict[str, Any]:
    notice = access_notice_for_editing(user=request.user, notice_id=notice_id)
    return _notice(services.notice_withdraw(actor=signed_in_user(request), notice=notice))
