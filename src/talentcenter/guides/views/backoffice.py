"""The center's pages for guides and notices: /backoffice/guides/.

Guides: the list (with the ones to review after a rule change first), a new guide, editing (every
save a revision), a preview of the latest revision as the public would see it, the history with a
line-by-line comparison of any two revisions, restore, publish and withdraw, and "reviewed".
Notices: the list, write, change, publish and withdraw. Center staff only (404 for others).
"""

from __future__ import annotations

import difflib
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talentcenter.accounts.request_user import signed_in_user
from talentcenter.foundation.forms import add_service_errors
from talentcenter.foundation.views import act_and_return, role_required
from talentcenter.guides import citations, selectors, services
from talentcenter.guides.forms import GuideForm, NoticeForm, WithdrawForm
from talentcenter.guides.models import Guide, GuideRevision
from talentcenter.guides.policies import access_guide_for_editing, access_notice_for_editing, can_edit_guides
from talentcenter.guides.services import TEXT_FIELDS, publish_problems
from talentcenter.guides.views.public import guide_page_context

editor_required = role_required(can_edit_guides)
SECTION = "guides"


def _guide_url(guide: Guide) -> str:
    return reverse("guides_backoffice:detail", kwargs={"guide_id": guide.pk})


@require_GET
@editor_required
def guide_list(request: HttpRequest) -> HttpResponse:
    review_only = request.GET.get("review") == "1"
    rows = selectors.guide_rows_for_editors(review_only=review_only)
    rows.sort(key=lambda row: not row.needs_review)
    notices = list(selectors.notices_for_editors()[:50])
    return render(
        request,
        "guides/backoffice/list.html",
        {"rows": rows, "review_only": review_only, "notices": notices, "section": SECTION},
    )


def _initial(guide: Guide) -> dict[str, Any]:
    revision = guide.current_revision
    initial: dict[str, Any] = {"slug": guide.slug, "programme": guide.programme, "position": guide.position}
    if revision is not None:
        initial.update({name: getattr(revision, name) for name in TEXT_FIELDS})
        initial["parameters"] = "\n".join(revision.parameters)
    return initial


@require_http_methods(["GET", "POST"])
@editor_required
def guide_create(request: HttpRequest) -> HttpResponse:
    form = GuideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guide = services.guide_create(
                actor=signed_in_user(request),
                slug=form.cleaned_data["slug"],
                programme=form.cleaned_data["programme"],
                position=form.cleaned_data["position"],
                text=form.text(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_guide_url(guide))
    return render(request, "guides/backoffice/edit.html", _edit_context(form, None), status=400 if form.errors else 200)


def _edit_context(form: GuideForm, guide: Guide | None) -> dict[str, Any]:
    return {
        "form": form,
        "guide": guide,
        "section": SECTION,
        "known_parameters": sorted(citations.known_parameters().items()),
    }


@require_http_methods(["GET", "POST"])
@editor_required
def guide_edit(request: HttpRequest, guide_id: int) -> HttpResponse:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    form = GuideForm(request.POST or None, initial=_initial(guide), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_save(
                actor=signed_in_user(request),
                guide=guide,
                text=form.text(),
                note=form.cleaned_data["note"],
                programme=form.cleaned_data["programme"],
                position=form.cleaned_data["position"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_guide_url(guide))
    return render(
        request, "guides/backoffice/edit.html", _edit_context(form, guide), status=400 if form.errors else 200
    )


@require_GET
@editor_required
def guide_detail(request: HttpRequest, guide_id: int) -> HttpResponse:
    """The latest revision as the public would see it, with what stops it being published."""
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    revision = guide.current_revision
    context: dict[str, Any] = {"guide": guide, "section": SECTION, "withdraw_form": WithdrawForm()}
    if revision is not None:
        context.update(guide_page_context(guide, revision))
        context["problems"] = publish_problems(revision)
        context["moved"] = citations.moved(revision.parameters, guide.reviewed_values) if guide.reviewed_values else []
    context["unpublished_changes"] = guide.published_revision_id != guide.current_revision_id
    return render(request, "guides/backoffice/detail.html", context)


def _diff(old: GuideRevision, new: GuideRevision) -> list[dict[str, Any]]:
    """Per field that differs, its lines marked added, removed or kept."""
    labels = {field.name: field.verbose_name for field in GuideRevision._meta.concrete_fields}
    changes = []
    for name in (*TEXT_FIELDS, "parameters"):
        before, after = getattr(old, name), getattr(new, name)
        if name == "parameters":
            before, after = "\n".join(before), "\n".join(after)
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before.splitlines(), after.splitlines()):
            if line.startswith("? "):
                continue
            marker = line[:1]
            lines.append({"kind": {"+": "added", "-": "removed"}.get(marker, "kept"), "text": line[2:]})
        changes.append({"label": labels[name], "lines": lines})
    return changes


@require_GET
@editor_required
def guide_history(request: HttpRequest, guide_id: int) -> HttpResponse:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    revisions = list(selectors.guide_revisions(guide))
    by_number = {revision.number: revision for revision in revisions}

    def number(key: str, default: int) -> int:
        try:
            return int(request.GET.get(key, default))
        except ValueError:
            return default

    newest = revisions[0].number if revisions else 0
    new = by_number.get(number("to", newest))
    old = by_number.get(number("from", (new.number - 1) if new else 0))
    changes = _diff(old, new) if old and new and old.number != new.number else []
    return render(
        request,
        "guides/backoffice/history.html",
        {"guide": guide, "revisions": revisions, "old": old, "new": new, "changes": changes, "section": SECTION},
    )


@require_POST
@editor_required
def guide_publish(request: HttpRequest, guide_id: int) -> HttpResponse:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    return act_and_return(
        request,
        lambda: services.guide_publish(actor=signed_in_user(request), guide=guide),
        done=_("The guide is published."),
        to=_guide_url(guide),
    )


@require_POST
@editor_required
def guide_withdraw(request: HttpRequest, guide_id: int) -> HttpResponse:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return act_and_return(
        request,
        lambda: services.guide_withdraw(actor=signed_in_user(request), guide=guide, reason=reason),
        done=_("The guide is withdrawn from the public."),
        to=_guide_url(guide),
    )


@require_POST
@editor_required
def guide_restore(request: HttpRequest, guide_id: int) -> HttpResponse:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    try:
        number = int(request.POST.get("number", ""))
    except ValueError:
        number = 0
    return act_and_return(
        request,
        lambda: services.guide_restore(actor=signed_in_user(request), guide=guide, number=number),
        done=_("The revision is restored as the newest one. Publish it to show it."),
        to=_guide_url(guide),
    )


@require_POST
@editor_required
def guide_reviewed(request: HttpRequest, guide_id: int) -> HttpResponse:
    guide = access_guide_for_editing(user=request.user, guide_id=guide_id)
    return act_and_return(
        request,
        lambda: services.guide_mark_reviewed(actor=signed_in_user(request), guide=guide),
        done=_("The guide is marked as reviewed against the rules in force."),
        to=_guide_url(guide),
    )


@require_http_methods(["GET", "POST"])
@editor_required
def notice_edit(request: HttpRequest, notice_id: int | None = None) -> HttpResponse:
    notice = access_notice_for_editing(user=request.user, notice_id=notice_id) if notice_id else None
    initial = (
        {name: getattr(notice, name) for name in ("slug", "kind", "title_ko", "title_en", "body_ko", "body_en")}
        if notice
        else {}
    )
    form = NoticeForm(request.POST or None, initial=initial, editing=notice is not None)
    if request.method == "POST" and form.is_valid():
        actor = signed_in_user(request)
        try:
            if notice is None:
                notice = services.notice_create(actor=actor, slug=form.cleaned_data["slug"], text=form.text())
            else:
                services.notice_change(actor=actor, notice=notice, text=form.text())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("guides_backoffice:list")
    return render(
        request,
        "guides/backoffice/notice_edit.html",
        {"form": form, "notice": notice, "section": SECTION},
        status=400 if form.errors else 200,
    )


@require_POST
@editor_required
def notice_publish(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = access_notice_for_editing(user=request.user, notice_id=notice_id)
    return act_and_return(
        request,
        lambda: services.notice_publish(actor=signed_in_user(request), notice=notice),
        done=_("The notice is published."),
        to="guides_backoffice:list",
    )


@require_POST
@editor_required
def notice_withdraw(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = access_notice_for_editing(user=request.user, notice_id=notice_id)
    return act_and_return(
        request,
        lambda: services.notice_withdraw(actor=signed_in_user(request), notice=notice),
        done=_("The notice is withdrawn from the public."),
        to="guides_backoffice:list",
    )


urlpatterns = [
    path("", guide_list, name="list"),
    path("new/", guide_create, name="create"),
    path("<int:guide_id>/", guide_detail, name="detail"),
    path("<int:guide_id>/edit/", guide_edit, name="edit"),
    path("<int:guide_id>/history/", guide_history, name="history"),
    path("<int:guide_id>/publish/", guide_publish, name="publish"),
    path("<int:guide_id>/withdraw/", guide_withdraw, name="withdraw"),
    path("<int:guide_id>/restore/", guide_restore, name="restore"),
    path("<int:guide_id>/reviewed/", guide_reviewed, name="reviewed"),
    path("notices/new/", notice_edit, name="notice_create"),
    path("notices/<int:notice_id>/edit/", notice_edit, name="notice_edit"),
    path("notices/<int:notice_id>/publish/", notice_publish, name="notice_publish"),
    path("notices/<int:notice_id>/withdraw/", notice_withdraw, name="notice_withdraw"),
]
