"""Writes for guides and notices: each one locks what it changes and writes an audit event.

Every save of a guide is a new :class:`GuideRevision`; publishing points the public at the current
revision (Korean and English both complete), and remembers the values of the parameters it cites,
so that a later change to them flags the guide for review and tells its editors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from talentcenter.accounts.enums import Role
from talentcenter.accounts.models import User
from talentcenter.audit import events
from talentcenter.guides import citations
from talentcenter.guides.enums import GuideStatus, NoticeKind
from talentcenter.guides.models import Guide, GuideRevision, Notice
from talentcenter.guides.policies import can_edit_guides
from talentcenter.guides.workflow import GUIDE_TRANSITIONS, NOTICE_TRANSITIONS
from talentcenter.notifications.services import notice_path, notify_users
from talentcenter.policy.engine.programmes import PROGRAMMES

TEXT_FIELDS = ("title_ko", "title_en", "summary_ko", "summary_en", "body_ko", "body_en", "steps_ko", "steps_en")
# Paths under /notices/ that are pages of their own, not notices.
RESERVED_NOTICE_SLUGS = frozenset({"feed"})
REQUIRED_TO_PUBLISH = ("title_ko", "title_en", "summary_ko", "summary_en", "body_ko", "body_en")


@dataclass(frozen=True)
class GuideText:
    """What an editor writes in one save."""

    title_ko: str = ""
    title_en: str = ""
    summary_ko: str = ""
    summary_en: str = ""
    body_ko: str = ""
    body_en: str = ""
    steps_ko: str = ""
    steps_en: str = ""
    parameters: tuple[str, ...] = ()


def _require_editor(actor: User) -> None:
    if not can_edit_guides(actor):
        raise PermissionDenied


def _check_parameters(names: list[str]) -> None:
    unknown = sorted(set(names) - set(citations.known_parameters()))
    if unknown:
        raise ValidationError(
            {"parameters": _("Unknown rule parameters: %(names)s.") % {"names": ", ".join(unknown)}}, code="unknown"
        )


def _check_programme(programme: str) -> None:
    if programme and programme not in PROGRAMMES:
        raise ValidationError({"programme": _("Unknown programme.")}, code="unknown")


def _new_revision(
    *, guide: Guide, actor: User | None, text: dict[str, Any], note: str, restored_from: int | None = None
) -> GuideRevision:
    number = (guide.revisions.aggregate(top=Max("number"))["top"] or 0) + 1
    revision = GuideRevision(
        guide=guide, number=number, note=note, restored_from=restored_from, created_by=actor, **text
    )
    revision.parameters = citations.cited_names(revision)
    _check_parameters(revision.parameters)
    revision.save()
    guide.current_revision = revision
    guide.save(update_fields=["current_revision", "updated_at"])
    return revision


@transaction.atomic
def guide_create(
    *, actor: User, slug: str, programme: str = "", position: int = 100, text: GuideText, note: str = ""
) -> Guide:
    """A new guide (a draft) with its first revision."""
    _require_editor(actor)
    if Guide.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This identifier is already used.")}, code="unique")
    _check_programme(programme)
    guide = Guide.objects.create(slug=slug, programme=programme, position=position)
    revision = _new_revision(guide=guide, actor=actor, text=_text_fields(text), note=note)
    events.record(actor=actor, action="guides.guide_created", subject=guide, changes={"revision": revision.number})
    return guide


def _text_fields(text: GuideText) -> dict[str, Any]:
    # Browsers send a textarea's lines with CRLF: keep LF, so that a diff shows only real changes.
    fields: dict[str, Any] = {name: getattr(text, name).replace("\r\n", "\n").strip() for name in TEXT_FIELDS}
    fields["parameters"] = list(dict.fromkeys(text.parameters))
    return fields


@transaction.atomic
def guide_save(
    *,
    actor: User,
    guide: Guide,
    text: GuideText,
    note: str = "",
    programme: str | None = None,
    position: int | None = None,
) -> GuideRevision:
    """Save the editor's text as a new revision (the published one is untouched until publishing)."""
    _require_editor(actor)
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    changed: dict[str, list[Any]] = {}
    if programme is not None and programme != guide.programme:
        _check_programme(programme)
        changed["programme"] = [guide.programme, programme]
        guide.programme = programme
    if position is not None and position != guide.position:
        changed["position"] = [guide.position, position]
        guide.position = position
    if changed:
        guide.save(update_fields=["programme", "position", "updated_at"])
    revision = _new_revision(guide=guide, actor=actor, text=_text_fields(text), note=note)
    events.record(
        actor=actor, action="guides.guide_saved", subject=guide, changes={"revision": revision.number, **changed}
    )
    return revision


def publish_problems(revision: GuideRevision) -> list[str]:
    """Why ``revision`` may not be published yet (empty when it may)."""
    problems = []
    labels = {
        field.name: str(field.verbose_name)
        for field in GuideRevision._meta.get_fields()
        if hasattr(field, "verbose_name")
    }
    for name in REQUIRED_TO_PUBLISH:
        if not getattr(revision, name).strip():
            problems.append(_("“%(field)s” is empty: both languages are needed to publish.") % {"field": labels[name]})
    if len(revision.steps("ko")) != len(revision.steps("en")):
        problems.append(_("The Korean and English steps must have the same number of lines."))
    return problems


@transaction.atomic
def guide_publish(*, actor: User, guide: Guide) -> Guide:
    """Show the current revision to the public (Korean and English both complete)."""
    _require_editor(actor)
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    revision = guide.current_revision
    if revision is None:
        raise ValidationError(_("This guide has no text yet."), code="empty")
    problems = publish_problems(revision)
    if problems:
        raise ValidationError(problems, code="incomplete")
    if guide.status == GuideStatus.PUBLISHED and guide.published_revision_id == revision.pk:
        raise ValidationError(_("This revision is already the published one."), code="conflict")
    before = guide.published_revision.number if guide.published_revision else None
    if guide.status == GuideStatus.DRAFT:
        GUIDE_TRANSITIONS.move(guide, "publish")
    guide.published_revision = revision
    guide.published_at = timezone.now()
    guide.reviewed_values = citations.snapshot(revision.parameters)
    guide.needs_review = False
    guide.review_reason = ""
    guide.save()
    events.record(
        actor=actor, action="guides.guide_published", subject=guide, changes={"revision": [before, revision.number]}
    )
    return guide


@transaction.atomic
def guide_withdraw(*, actor: User, guide: Guide, reason: str) -> Guide:
    """Take a guide off the public site (its revisions stay)."""
    _require_editor(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")}, code="required")
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    old, new = GUIDE_TRANSITIONS.move(guide, "withdraw")
    guide.save(update_fields=["status", "updated_at"])
    events.record(
        actor=actor, action="guides.guide_withdrawn", subject=guide, changes={"status": [old, new]}, reason=reason
    )
    return guide


@transaction.atomic
def guide_restore(*, actor: User, guide: Guide, number: int) -> GuideRevision:
    """Save an earlier revision's text again as the newest revision (nothing is lost)."""
    _require_editor(actor)
    guide = Guide.objects.select_for_update().get(pk=guide.pk)
    old = guide.revisions.filter(number=number).first()
    if old is None:
        raise ValidationError(_("There is no such revision."), code="not_found")
    text = {name: getattr(old, name) for name in TEXT_FIELDS}
    text["parameters"] = list(old.parameters)
    revision = _new_revision(
        guide=guide,
        actor=actor,
        text=text,
        note=_("Restored revision %(number)s") % {"number": number},
        restored_from=number,
    )
    events.record(
        actor=actor, action="guides.guide_restored", subject=guide, changes={"revision": [number, revision.number]}
    )
    return revision


@transaction.atomic
def guide_mark_reviewed(*, actor: User, guide: Guide) -> Guide:
    """The editor read the guide against the rules in force: clear the flag, remember the values."""
    _require_editor(actor)
    guide = (
        Guide.objects.select_for_update(of=("self",))
        .select_related("published_revision", "current_revision")
        .get(pk=guide.pk)
    )
    revision = guide.published_revision or guide.current_revision
    guide.reviewed_values = citations.snapshot(revision.parameters if revision else [])
    guide.needs_review = False
    guide.review_reason = ""
    guide.save(update_fields=["reviewed_values", "needs_review", "review_reason", "updated_at"])
    events.record(actor=actor, action="guides.guide_reviewed", subject=guide)
    return guide


def guide_editors() -> list[User]:
    """Who writes guides, to be told when the rules they describe change."""
    roles = [Role.STAFF_REVIEWER.value, Role.ADMINISTRATOR.value]
    return list(User.objects.filter(is_active=True, groups__name__in=roles).distinct().order_by("pk"))


@transaction.atomic
def guides_flag_for_parameters(*, names: frozenset[str], change: str, actor: User | None) -> list[Guide]:
    """Flag every guide citing one of ``names`` for review and tell the guide editors which."""
    flagged = []
    for guide in Guide.objects.select_for_update(of=("self",)).select_related("current_revision", "published_revision"):
        cited: set[str] = set()
        for revision in (guide.current_revision, guide.published_revision):
            if revision is not None:
                cited.update(revision.parameters)
        hit = sorted(cited & names)
        if not hit:
            continue
        guide.needs_review = True
        guide.review_reason = _("“%(change)s” changed %(names)s.") % {"change": change, "names": ", ".join(hit)}
        guide.save(update_fields=["needs_review", "review_reason", "updated_at"])
        events.record(
            actor=actor, action="guides.guide_flagged", subject=guide, changes={"parameters": hit}, reason=change
        )
        flagged.append(guide)
    if flagged:
        slugs = ", ".join(guide.slug for guide in flagged)
        notify_users(
            guide_editors(),
            kind="guides.review_needed",
            title=lambda: _("Guides to review after a rule change"),
            body=lambda: (
                _("“%(change)s” changed rule parameters that these guides cite: %(guides)s. Check their text.")
                % {"change": change, "guides": slugs}
            ),
            link=notice_path("guides_backoffice:list") + "?review=1",
            skip=actor,
        )
    return flagged


# Notices ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeText:
    kind: str
    title_ko: str
    title_en: str
    body_ko: str
    body_en: str


def _check_notice(text: NoticeText) -> None:
    if text.kind not in NoticeKind.values:
        raise ValidationError({"kind": _("Unknown kind.")}, code="invalid")
    missing = [name for name in ("title_ko", "title_en", "body_ko", "body_en") if not getattr(text, name).strip()]
    if missing:
        raise ValidationError({name: _("Both languages are needed.") for name in missing}, code="required")


@transaction.atomic
def notice_create(*, actor: User, slug: str, text: NoticeText) -> Notice:
    _require_editor(actor)
    _check_notice(text)
    if slug in RESERVED_NOTICE_SLUGS or Notice.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This identifier is already used.")}, code="unique")
    notice = Notice.objects.create(
        slug=slug, created_by=actor, **{name: getattr(text, name).strip() for name in NoticeText.__dataclass_fields__}
    )
    events.record(actor=actor, action="guides.notice_created", subject=notice)
    return notice


@transaction.atomic
def notice_change(*, actor: User, notice: Notice, text: NoticeText) -> Notice:
    _require_editor(actor)
    _check_notice(text)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    fields = list(NoticeText.__dataclass_fields__)
    before = events.snapshot(notice, fields)
    for name in fields:
        setattr(notice, name, getattr(text, name).strip())
    notice.save()
    events.record(
        actor=actor,
        action="guides.notice_changed",
        subject=notice,
        changes=events.diff(before=before, after=events.snapshot(notice, fields)),
    )
    return notice


@transaction.atomic
def notice_publish(*, actor: User, notice: Notice) -> Notice:
    _require_editor(actor)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    old, new = NOTICE_TRANSITIONS.move(notice, "publish")
    notice.published_at = timezone.now()
    notice.save(update_fields=["status", "published_at", "updated_at"])
    events.record(actor=actor, action="guides.notice_published", subject=notice, changes={"status": [old, new]})
    return notice


@transaction.atomic
def notice_withdraw(*, actor: User, notice: Notice) -> Notice:
    _require_editor(actor)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    old, new = NOTICE_TRANSITIONS.move(notice, "withdraw")
    notice.save(update_fields=["status", "updated_at"])
    events.record(actor=actor, action="guides.notice_withdrawn", subject=notice, changes={"status": [old, new]})
    return notice
