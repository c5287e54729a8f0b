"""The concierge's forms: thin, the services check again and own every rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from talentcenter.concierge.enums import PlanStepStatus, RequestStatus, ServiceCategory, Situation
from talentcenter.concierge.services import MAX_BODY, MAX_COMMENT, MAX_SUBJECT, Upload

UPLOAD_ACCEPT = ".pdf,.jpg,.jpeg,.png"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class _AttachmentMixin(forms.Form):
    attachment = forms.FileField(
        label=_("Attach a file (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
        return upload

    def uploads(self) -> list[Upload]:
        upload = self.cleaned_data.get("attachment")
        return [Upload(name=upload.name, data=upload.read())] if upload else []


class RequestForm(_AttachmentMixin):
    category = forms.ChoiceField(label=_("What do you need help with?"), choices=ServiceCategory.choices)
    subject = forms.CharField(label=pgettext_lazy("title", "Subject"), max_length=MAX_SUBJECT)
    body = forms.CharField(
        label=_("Your request"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Say what you need and by when. Do not send passport numbers here; the desk asks if it needs them."
        ),
    )
    field_order = ["category", "subject", "body", "attachment"]


class MessageForm(_AttachmentMixin):
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 4}))
    field_order = ["body", "attachment"]


class StaffMessageForm(_AttachmentMixin):
    KINDS = [
        ("reply", _("Answer the person")),
        ("ask", _("Answer and wait for the person's reply (the clock stops)")),
        ("note", _("Internal note (the person does not see it)")),
    ]
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 5}))
    kind = forms.ChoiceField(label=_("Kind of message"), choices=KINDS, initial="reply", widget=forms.RadioSelect)
    field_order = ["body", "kind", "attachment"]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with our help?"),
        choices=[
            (5, _("5 – very satisfied")),
            (4, _("4 – satisfied")),
            (3, _("3 – neither")),
            (2, _("2 – dissatisfied")),
            (1, _("1 – very dissatisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanForm(forms.Form):
    situation = forms.ChoiceField(label=_("Your situation"), choices=Situation.choices)
    with_family = forms.BooleanField(label=_("My family comes with me"), required=False)
    entry_date = forms.DateField(
        label=_("Date of entry to Korea"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Alien registration is due within 90 days of this date."),
    )
    visa_start = forms.DateField(
        label=_("Start of your current visa"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Permanent residence (F-5) is possible 3 years after this date."),
    )


class StepForm(forms.Form):
    status = forms.ChoiceField(choices=PlanStepStatus.choices)


class ServiceForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60, help_text=_("Letters, digits and hyphens; unique."))
    category = forms.ChoiceField(label=_("Category"), choices=ServiceCategory.choices)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=10000, initial=100)
    is_active = forms.BooleanField(label=_("Shown to people"), required=False, initial=True)
    situations = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=Situation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: for everybody."),
    )
    title_ko = forms.CharField(label=_("Title (Korean)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    summary_ko = forms.CharField(label=_("Summary (Korean)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    summary_en = forms.CharField(label=_("Summary (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    center_help_ko = forms.CharField(
        label=_("What the center does (Korean)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    center_help_en = forms.CharField(
        label=_("What the center does (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    documents_ko = forms.CharField(
        label=_("Documents needed (Korean)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One document a line."),
    )
    documents_en = forms.CharField(
        label=_("Documents needed (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One document a line."),
    )
    partners_ko = forms.CharField(
        label=_("Partner providers (Korean)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One provider a line."),
    )
    partners_en = forms.CharField(
        label=_("Partner providers (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One provider a line."),
    )


class SlaForm(forms.Form):
    """One service level per category, in working days."""

    def __init__(self, *args: Any, levels: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in ServiceCategory:
            self.fields[category.value] = forms.IntegerField(
                label=category.label, min_value=1, max_value=60, initial=(levels or {}).get(category.value)
            )


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)

    def __init__(self, *args: Any, members: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Nobody")), *((str(user.pk), str(user)) for user in members or [])]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active (new, in progress, waiting)")), ("all", _("All")), *RequestStatus.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *ServiceCategory.choices]
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    q = forms.CharField(label=_("Reference, subject or e-mail"), required=False, max_length=100)

    def __init__(self, *args: Any, members: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("Anybody")),
            ("mine", _("Me")),
            ("none", _("Nobody yet")),
            *((str(user.pk), str(user)) for user in members or []),
        ]
