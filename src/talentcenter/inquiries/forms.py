"""Forms of the petition pages: the public form (with its honeypot), rating, and staff actions."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from talentcenter.inquiries.enums import InquiryCategory
from talentcenter.inquiries.models import MAX_ANSWER, MAX_BODY, MAX_SUBJECT

HONEYPOT = "website"


class InquiryForm(forms.Form):
    category = forms.ChoiceField(label=_("Kind of petition"), choices=InquiryCategory.choices, widget=forms.RadioSelect)
    subject = forms.CharField(label=pgettext_lazy("title", "Subject"), max_length=MAX_SUBJECT)
    body = forms.CharField(
        label=_("Your petition"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Up to 5,000 characters. Do not write your resident or alien registration number."),
    )
    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send a link to confirm it; your petition is received once you open it."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: one PDF, JPEG or PNG file of up to 5 MB."),
    )
    # Hidden from people (and from assistive technology); only robots fill it in.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the center uses my name and e-mail address to handle this petition."),
    )

    def __init__(self, *args: object, signed_in_email: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if signed_in_email:
            self.fields["email"].initial = signed_in_email
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("Answers go to the address of your account.")


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well did the answer help you?"),
        coerce=int,
        choices=[(5, _("5 — very well")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 — not at all"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Assignee"), coerce=int)

    def __init__(self, *args: object, staff: Iterable[tuple[int, str]] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["assignee"].choices = list(staff)  # type: ignore[attr-defined]


class ExtendForm(forms.Form):
    working_days = forms.IntegerField(label=_("Extend by (working days)"), min_value=1, max_value=14)
    reason = forms.CharField(
        label=_("Reason, sent to the petitioner"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class TransferForm(forms.Form):
    agency = forms.CharField(label=_("Agency it belongs to"), max_length=200)
    reason = forms.CharField(
        label=_("Reason, sent to the petitioner"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 10}))


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What to change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class FaqForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=InquiryCategory.choices)
    question_ko = forms.CharField(label=_("Question (Korean)"), max_length=300, required=False)
    question_en = forms.CharField(label=_("Question (English)"), max_length=300, required=False)
    answer_ko = forms.CharField(
        label=_("Answer (Korean)"), max_length=MAX_ANSWER, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    answer_en = forms.CharField(
        label=_("Answer (English)"), max_length=MAX_ANSWER, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *InquiryCategory.choices]
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    q = forms.CharField(label=_("Receipt number or subject"), required=False, max_length=100)

    def __init__(self, *args: object, **kwargs: object) -> None:
        from talentcenter.inquiries.enums import InquiryStatus

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *[(value, label) for value, label in InquiryStatus.choices if value != InquiryStatus.UNVERIFIED],
        ]
