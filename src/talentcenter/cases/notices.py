"""Who is told what at each step of a case, in the app and by e-mail in their own language.

The transition services call these inside their transaction; the notices are written at once
(so they roll back with the change) and the e-mails are sent by a task after the commit
(``notifications.services.notify_users``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from talentcenter.accounts.models import User
from talentcenter.cases.enums import CaseType
from talentcenter.cases.models import Case, EvaluatorAssignment, InformationRequest
from talentcenter.notifications.services import notice_path, notify_users
from talentcenter.organizations.selectors import company_recipients


def case_link(case: Case) -> str:
    """The case in the parties' portal."""
    return notice_path("cases:detail", pk=case.pk)


def backoffice_link(case: Case) -> str:
    return notice_path("cases_backoffice:detail", case_id=case.pk)


def evaluation_link(assignment: EvaluatorAssignment) -> str:
    return notice_path("evaluations:detail", assignment_id=assignment.pk)


def _talent_users(case: Case) -> list[User]:
    """The talent, or — while the case is an invitation — whoever has proved they own the address
    invited (nobody, when no account has it yet: the invitation waits for them)."""
    if case.talent_id is not None:
        return [case.profile.user]
    if not case.invited_email:
        return []
    return list(
        User.objects.filter(emailaddress__email__iexact=case.invited_email, emailaddress__verified=True).distinct()
    )


def _company_users(case: Case) -> list[User]:
    return company_recipients(company_id=case.company_id)


def _parties(case: Case) -> list[User]:
    return [*_talent_users(case), *_company_users(case)]


def _type(case: Case) -> str:
    return str(CaseType(case.case_type).label)


def case_started(case: Case) -> None:
    if case.started_by_party == "talent":
        notify_users(
            _company_users(case),
            kind="case.started",
            title=lambda: _("{name} asks you to confirm a job offer ({reference})").format(
                name=case.profile.full_name, reference=case.reference
            ),
            body=lambda: _(
                "{name} has started a {kind} with your company. Check the offer (job title, salary) and confirm it "
                "so the application can be submitted."
            ).format(name=case.profile.full_name, kind=_type(case)),
            link=case_link(case),
        )
    else:
        notify_users(
            _talent_users(case),
            kind="case.started",
            title=lambda: _("{company} has started an application for you ({reference})").format(
                company=case.company.name, reference=case.reference
            ),
            body=lambda: _(
                "{company} has started a {kind} for you. Agree to it and upload your documents so it can be submitted."
            ).format(company=case.company.name, kind=_type(case)),
            link=case_link(case),
        )


def invited(case: Case) -> None:
    """The person invited, in the app and by e-mail, if an account has proved it owns the address."""
    notify_users(
        _talent_users(case),
        kind="case.invited",
        title=lambda: _("{company} invites you to an application ({reference})").format(
            company=case.company.name, reference=case.reference
        ),
        body=lambda: _(
            "{company} would like to start a {kind} for you. Nothing of your profile is shared with the company "
            "unless you accept. Accept to share your profile with it for this application, or decline."
        ).format(company=case.company.name, kind=_type(case)),
        link=case_link(case),
    )


def invitation_answered(case: Case) -> None:
    """The company learns that the invitation was accepted (the talent's name with it) or declined
    (nothing else)."""

    def title() -> str:
        if case.talent_id is None:
            return _("Your invitation {reference} was declined").format(reference=case.reference)
        return _("{name} accepted your invitation ({reference})").format(
            name=case.profile.full_name, reference=case.reference
        )

    def body() -> str:
        if case.talent_id is None:
            return _("The application is closed.")
        return _("The talent has shared their profile with your company for this application.")

    notify_users(
        _company_users(case),
        kind="case.declined" if case.talent_id is None else "case.accepted",
        title=title,
        body=body,
        link=case_link(case),
    )


def offer_confirmed(case: Case) -> None:
    notify_users(
        _talent_users(case),
        kind="case.offer_confirmed",
        title=lambda: _("{company} confirmed the offer ({reference})").format(
            company=case.company.name, reference=case.reference
        ),
        body=lambda: _("The hiring company has confirmed the job offer of your application."),
        link=case_link(case),
    )


def consent_given(case: Case) -> None:
    notify_users(
        _company_users(case),
        kind="case.consent_given",
        title=lambda: _("{name} agreed to the application ({reference})").format(
            name=case.profile.full_name, reference=case.reference
        ),
        body=lambda: _("The talent has agreed to the application and can now upload their documents."),
        link=case_link(case),
    )


def submitted(case: Case) -> None:
    due = case.due_on.isoformat() if case.due_on else "-"
    notify_users(
        _parties(case),
        kind="case.submitted",
        title=lambda: _("Application {reference} submitted").format(reference=case.reference),
        body=lambda: _(
            "The Global Talent Center has received the application. We aim to decide by {due} (working days, "
            "Korean public holidays excluded)."
        ).format(due=due),
        link=case_link(case),
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

    notify_users(
        _parties(case),
        kind="case.information_requested",
        title=lambda: _("Documents or corrections needed for {reference}").format(reference=case.reference),
        body=body,
        link=case_link(case),
    )


def request_answered(case: Case, request: InformationRequest) -> None:
    notify_users(
        [case.reviewer],
        kind="case.request_answered",
        title=lambda: _("{reference}: the applicant has answered your request").format(reference=case.reference),
        body=lambda: request.answer_note or _("New documents were uploaded."),
        link=backoffice_link(case),
    )


def evaluator_assigned(assignment: EvaluatorAssignment) -> None:
    case = assignment.case
    notify_users(
        [assignment.evaluator],
        kind="case.evaluator_assigned",
        title=lambda: _("New application to evaluate: {reference}").format(reference=case.reference),
        body=lambda: _(
            "You have been asked to evaluate a {kind}. Declare any conflict of interest before you open the file."
        ).format(kind=_type(case)),
        link=evaluation_link(assignment),
    )


def evaluator_recused(assignment: EvaluatorAssignment) -> None:
    case = assignment.case
    notify_users(
        [case.reviewer],
        kind="case.evaluator_recused",
        title=lambda: _("{reference}: an evaluator declared a conflict of interest").format(reference=case.reference),
        body=lambda: _("Assign another evaluator so the quorum can be reached."),
        link=backoffice_link(case),
    )


def evaluation_submitted(assignment: EvaluatorAssignment) -> None:
    case = assignment.case
    notify_users(
        [case.reviewer],
        kind="case.evaluation_submitted",
        title=lambda: _("{reference}: an evaluator has scored the application").format(reference=case.reference),
        body=lambda: _("Scores are shown once the quorum is reached."),
        link=backoffice_link(case),
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

    notify_users(_parties(case), kind=f"case.{case.decision}", title=title, body=body, link=case_link(case))


def issued(case: Case) -> None:
    serial = case.issued_document.serial if case.issued_document else "-"
    notify_users(
        _parties(case),
        kind="case.issued",
        title=lambda: _("Your document for {reference} is ready").format(reference=case.reference),
        body=lambda: _(
            "Document {serial} has been issued. Download it from the application page; anyone can check it with "
            "its QR code."
        ).format(serial=serial),
        link=case_link(case),
    )


def reopened(case: Case) -> None:
    notify_users(
        _parties(case),
        kind="case.reopened",
        title=lambda: _("Application {reference} reopened").format(reference=case.reference),
        body=lambda: _(
            "The center has reopened the application for another review. Any document issued for it has been revoked."
        ),
        link=case_link(case),
    )


def withdrawn(case: Case, actor: User) -> None:
    notify_users(
        [*_parties(case), case.reviewer],
        kind="case.withdrawn",
        title=lambda: _("Application {reference} withdrawn").format(reference=case.reference),
        body=lambda: _("The application was withdrawn by {person}.").format(person=actor.display_name or actor.email),
        link=case_link(case),
        skip=actor,
    )
