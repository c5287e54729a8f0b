"""Who is told what at each step of a case, in the app and by e-mail in their own language.

The transition services call these inside their transaction; the notices are written at once
(so they roll back with the change) and the e-mails are sent by a task after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case, EvaluatorAssignment, InformationRequest
from talentcenter.notifications.services import notify
from talentcenter.organizations.models import CompanyMembership


def case_link(case: Case) -> str:
    return f"/applications/{case.pk}/"


def backoffice_link(case: Case) -> str:
    return f"/backoffice/cases/{case.pk}/"


def evaluation_link(assignment: EvaluatorAssignment) -> str:
    return f"/evaluations/{assignment.pk}/"


def _talent_user(case: Case) -> Any:
    return case.talent.user


def _company_users(case: Case) -> list[Any]:
    return [
        membership.user
        for membership in CompanyMembership.objects.filter(company_id=case.company_id).select_related("user")
    ]


def _parties(case: Case) -> list[Any]:
    return [_talent_user(case), *_company_users(case)]


def _send(users: Iterable[Any], kind: str, title: Any, body: Any, link: str, *, skip: Any = None) -> None:
    seen = set()
    for user in users:
        if user is None or user.pk in seen or (skip is not None and user.pk == skip.pk) or not user.is_active:
            continue
        seen.add(user.pk)
        notify(recipient=user, kind=kind, title=title, body=body, link=link)


def _type(case: Case) -> str:
    return str(CaseType(case.case_type).label)


def case_started(case: Case) -> None:
    if case.started_by_party == "talent":
        _send(
            _company_users(case),
            "case.started",
            lambda: _("{name} asks you to confirm a job offer ({reference})").format(
                name=case.talent.full_name, reference=case.reference
            ),
            lambda: _(
                "{name} has started a {kind} with your company. Check the offer (job title, salary) and confirm it "
                "so the application can be submitted."
            ).format(name=case.talent.full_name, kind=_type(case)),
            case_link(case),
        )
    else:
        _send(
            [_talent_user(case)],
            "case.started",
            lambda: _("{company} has started an application for you ({reference})").format(
                company=case.company.name, reference=case.reference
            ),
            lambda: _(
                "{company} has started a {kind} for you. Agree to it and upload your documents so it can be submitted."
            ).format(company=case.company.name, kind=_type(case)),
            case_link(case),
        )


def offer_confirmed(case: Case) -> None:
    _send(
        [_talent_user(case)],
        "case.offer_confirmed",
        lambda: _("{company} confirmed the offer ({reference})").format(
            company=case.company.name, reference=case.reference
        ),
        lambda: _("The hiring company has confirmed the job offer of your application."),
        case_link(case),
    )


def consent_given(case: Case) -> None:
    _send(
        _company_users(case),
        "case.consent_given",
        lambda: _("{name} agreed to the application ({reference})").format(
            name=case.talent.full_name, reference=case.reference
        ),
        lambda: _("The talent has agreed to the application and can now upload their documents."),
        case_link(case),
    )


def submitted(case: Case) -> None:
    due = case.due_on.isoformat() if case.due_on else "-"
    _send(
        _parties(case),
        "case.submitted",
        lambda: _("Application {reference} submitted").format(reference=case.reference),
        lambda: _(
            "The Global Talent Center has received the application. We aim to decide by {due} (working days, "
            "Korean public holidays excluded)."
        ).format(due=due),
        case_link(case),
    )


def information_requested(case: Case, request: InformationRequest) -> None:
    items = list(request.items.all())

    def body() -> str:
        lines = [
            _("The center needs the following before it can continue, by {date}:").format(
                date=request.respond_by.isoformat()
            )
        ]
        lines += [f"- {item.instruction}" for item in items]
        if request.message:
            lines += ["", request.message]
        lines += ["", _("The processing time does not run while we wait for your answer.")]
        return "\n".join(lines)

    _send(
        _parties(case),
        "case.information_requested",
        lambda: _("Documents or corrections needed for {reference}").format(reference=case.reference),
        body,
        case_link(case),
    )


def request_answered(case: Case, request: InformationRequest) -> None:
    _send(
        [case.reviewer],
        "case.request_answered",
        lambda: _("{reference}: the applicant has answered your request").format(reference=case.reference),
        lambda: request.answer_note or _("New documents were uploaded."),
        backoffice_link(case),
    )


def evaluator_assigned(assignment: EvaluatorAssignment) -> None:
    case = assignment.case
    _send(
        [assignment.evaluator],
        "case.evaluator_assigned",
        lambda: _("New application to evaluate: {reference}").format(reference=case.reference),
        lambda: _(
            "You have been asked to evaluate a {kind}. Declare any conflict of interest before you open the file."
        ).format(kind=_type(case)),
        evaluation_link(assignment),
    )


def evaluator_recused(assignment: EvaluatorAssignment) -> None:
    case = assignment.case
    _send(
        [case.reviewer],
        "case.evaluator_recused",
        lambda: _("{reference}: an evaluator declared a conflict of interest").format(reference=case.reference),
        lambda: _("Assign another evaluator so the quorum can be reached."),
        backoffice_link(case),
    )


def evaluation_submitted(assignment: EvaluatorAssignment) -> None:
    case = assignment.case
    _send(
        [case.reviewer],
        "case.evaluation_submitted",
        lambda: _("{reference}: an evaluator has scored the application").format(reference=case.reference),
        lambda: _("Scores are shown once the quorum is reached."),
        backoffice_link(case),
    )


def decided(case: Case) -> None:
    def title() -> str:
        if case.decision == "approve":
            return _("Application {reference} approved").format(reference=case.reference)
        return _("Application {reference} rejected").format(reference=case.reference)

    def body() -> str:
        if case.decision == "approve":
            return _(
                "The application has been approved. The document is being issued; "
                "you will be told when it can be downloaded."
            )
        return _("The application has been rejected for these reasons:\n{reasons}").format(reasons=case.decision_reason)

    _send(_parties(case), f"case.{case.decision}", title, body, case_link(case))


def issued(case: Case) -> None:
    serial = case.issued_document.serial if case.issued_document else "-"
    _send(
        _parties(case),
        "case.issued",
        lambda: _("Your document for {reference} is ready").format(reference=case.reference),
        lambda: _(
            "Document {serial} has been issued. Download it from the application page; anyone can check it with "
            "its QR code."
        ).format(serial=serial),
        case_link(case),
    )


def reopened(case: Case) -> None:
    _send(
        _parties(case),
        "case.reopened",
        lambda: _("Application {reference} reopened").format(reference=case.reference),
        lambda: _(
            "The center has reopened the application for another review. Any document issued for it has been revoked."
        ),
        case_link(case),
    )


def withdrawn(case: Case, actor: Any) -> None:
    _send(
        [*_parties(case), case.reviewer],
        "case.withdrawn",
        lambda: _("Application {reference} withdrawn").format(reference=case.reference),
        lambda: _("The application was withdrawn by {person}.").format(person=actor.display_name or actor.email),
        case_link(case),
        skip=actor,
    )
