"""Forms of the case back office and of the evaluators' portal.

They check the shape of what was typed; the services decide what is allowed and answer with
``ValidationError`` messages that the views put on these forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from talentcenter.accounts.models import User
from talentcenter.cases import conflicts, queues
from talentcenter.cases.clock import add_working_days
from talentcenter.cases.enums import ALL_STATUSES, CaseType
from talentcenter.documents.forms import revocation_confirmation
from talentcenter.documents.models import IssuedDocument
from talentcenter.foundation.rows import QuickSelect

MAX_REASON_LENGTH = 4000


def _user_label(user: User) -> str:
    return _label(user.email, user.display_name)


def _label(email: str, display_name: str) -> str:
    return f"{display_name} <{email}>" if display_name else email


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Reference or talent name"), max_length=100, required=False)
    # QuickSelect: the queue's filters render on every page (issue 14).
    case_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Every type")), *CaseType.choices], widget=QuickSelect
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Every open status")), *ALL_STATUSES], widget=QuickSelect
    )
    clock = forms.ChoiceField(
        label=_("Processing clock"),
        required=False,
        choices=[("", _("Any")), *((state.value, state.label) for state in queues.CLOCK_STATES)],
        widget=QuickSelect,
    )
    reviewer = forms.ChoiceField(label=_("Reviewer"), required=False, widget=QuickSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (id, label) of each reviewer, read as plain values: the assignment form below the list shows them too.
        self.reviewer_choices = [
            (pk, _label(email, display_name))
            for pk, email, display_name in queues.reviewers().values_list("pk", "email", "display_name")
        ]
        cast(forms.ChoiceField, self.fields["reviewer"]).choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("unassigned", _("Nobody yet")),
            *((str(pk), label) for pk, label in self.reviewer_choices),
        ]

    def filters(self) -> queues.QueueFilters:
        if not self.is_valid():
            return queues.QueueFilters()
        data = self.cleaned_data
        return queues.QueueFilters(
            case_type=data["case_type"],
            status=data["status"],
            clock=data["clock"],
            reviewer=data["reviewer"],
            search=data["q"],
        )


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _user_label(obj)


class AssignForm(forms.Form):
    reviewer = ReviewerChoiceField(
        label=_("Reviewer"), queryset=queues.reviewers(), empty_label=None, widget=QuickSelect
    )
    cases = forms.TypedMultipleChoiceField(label=_("Cases"), coerce=int, choices=[])

    def __init__(self, *args: Any, reviewers: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["reviewer"])
        field.queryset = queues.reviewers()
        if reviewers is not None:  # already read for the page, as (id, label): show them without asking again
            field.choices = reviewers
        # The case ids are checked by the service (it locks each case); here they need only be numbers.
        values = self.data.getlist("cases") if hasattr(self.data, "getlist") else []
        cast(forms.ChoiceField, self.fields["cases"]).choices = [(value, value) for value in values if value.isdigit()]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=MAX_REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(RequiredReasonForm):
    """Reopen a decided case: the reason, and, when the case's issued document is still valid (the
    reopening revokes it), the box that names that document."""

    def __init__(self, *args: Any, revokes: IssuedDocument | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if revokes is not None:
            self.fields["confirm"] = revocation_confirmation(revokes)


DECISION_CHOICES = [("approve", _("Approve")), ("reject", _("Reject"))]


class ActionRadioSelect(forms.RadioSelect):
    """Radio buttons that each name the action they choose (``data-action``), like the case
    page's other controls: the page shows only the decisions the case allows."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"]["data-action"] = option["value"]
        return option


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES, widget=ActionRadioSelect)
    reason = forms.CharField(
        label=_("Reasons for the decision"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Required to reject, and to approve an application the rules leave for review."),
    )


class RecordValidationForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        choices=[("verified", _("Verified")), ("refused", _("Refused"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required to refuse)"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("verdict") == "refused" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the record is refused."))
        return data


class RequestItemForm(forms.Form):
    requirement = forms.ChoiceField(label=_("Document"), required=False)
    instruction = forms.CharField(label=_("What is needed"), max_length=500, required=False)

    def __init__(self, *args: Any, requirement_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["requirement"]).choices = [
            ("", _("A correction (no document)")),
            *(requirement_choices or []),
            ("new", _("A new document")),
        ]


class BaseRequestItemFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        filled = [form for form in self.forms if (form.cleaned_data or {}).get("instruction", "").strip()]
        if not filled:
            raise forms.ValidationError(_("List at least one document or correction."))
        for form in self.forms:
            data = form.cleaned_data or {}
            if data.get("requirement") and not data.get("instruction", "").strip():
                form.add_error("instruction", _("Say what is needed for each item."))


RequestItemFormSet = forms.formset_factory(
    RequestItemForm, formset=BaseRequestItemFormSet, extra=3, max_num=20, validate_max=True
)


def default_respond_by() -> Any:
    return add_working_days(timezone.localdate(), settings.TALENTCENTER_REQUEST_RESPONSE_WORKING_DAYS)


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the applicant"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    respond_by = forms.DateField(
        label=_("Answer by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=default_respond_by,
        required=False,
        help_text=_("Left empty: 10 working days from today."),
    )


class EvaluatorChoiceField(ReviewerChoiceField):
    """Each evaluator with their organisation and what the automatic conflict check finds between
    it and the application (``cases.conflicts``), so staff see a tie before they choose."""

    applicant_organisations: list[tuple[str, str]]

    def label_from_instance(self, obj: User) -> str:
        label = _user_label(obj)
        if obj.organisation:
            label = f"{label} · {obj.organisation}"
        found = conflicts.find_conflicts(obj.organisation, getattr(self, "applicant_organisations", []))
        if found:
            return gettext("{evaluator} (possible conflict of interest: {conflicts})").format(
                evaluator=label, conflicts="; ".join(conflict.describe() for conflict in found)
            )
        return label


class EvaluatorForm(forms.Form):
    evaluator = EvaluatorChoiceField(label=_("External evaluator"), queryset=queues.evaluators())
    conflict_override_reason = forms.CharField(
        label=_("Reason to assign despite a possible conflict of interest"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when the automatic check finds the evaluator's organisation among the applicant's schools "
            "and employers or the hiring company. Kept with the assignment and in the history."
        ),
    )

    def __init__(self, *args: Any, applicant_organisations: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(EvaluatorChoiceField, self.fields["evaluator"])
        field.queryset = queues.evaluators()
        field.applicant_organisations = list(applicant_organisations)


class RecordUseForm(forms.Form):
    filed_on = forms.DateField(label=_("E-7 application filed on"), widget=forms.DateInput(attrs={"type": "date"}))
    application_number = forms.CharField(label=_("E-7 application number"), max_length=40, required=False)


class DeclarationForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        choices=[("no", _("No, I have no conflict of interest")), ("yes", _("Yes, I have a conflict of interest"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Details of the conflict of interest"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when you declare a conflict. Declaring one recuses you from this application."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("conflict") is True and not (data.get("note") or "").strip():
            self.add_error("note", _("Describe the conflict of interest."))
        return data


class ScoreForm(forms.Form):
    technical_expertise = forms.DecimalField(
        label=_("Technical expertise (0 to 20 points)"),
        min_value=Decimal(0),
        max_value=Decimal(20),
        max_digits=4,
        decimal_places=1,
        step_size=Decimal("0.5"),
    )
    strategic_value = forms.DecimalField(
        label=_("Strategic value (0 to 15 points)"),
        min_value=Decimal(0),
        max_value=Decimal(15),
        max_digits=4,
        decimal_places=1,
        step_size=Decimal("0.5"),
    )
    recommends = forms.TypedChoiceField(
        label=_("Do you recommend approval?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class OrganisationForm(forms.Form):
    """Where an external evaluator works or studies, for the automatic conflict check; the service
    (``accounts.services.user_set_organisation``) decides what may be stored."""

    organisation = forms.CharField(
        label=_("Your organisation"),
        max_length=300,
        help_text=_(
            "Where you work or study, as its name is written (for example, Seoul National University). "
            "Several organisations: separate them with a semicolon (;)."
        ),
    )
    shown_examples: ClassVar[dict[str, tuple[str, ...]]] = {"organisation": ("Seoul National University", "서울대학교")}

    def __init__(self, *args: Any, for_staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_staff:
            self.fields["organisation"].label = _("The evaluator's organisation")
            self.fields["organisation"].help_text = _(
                "Where the evaluator works or studies; several organisations separated by a semicolon (;). "
                "Correct it only from what the evaluator told the center: the change is kept in the history."
            )
