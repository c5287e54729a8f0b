"""The sign-up form (PIPA consents and the role), the consent and the account-deletion forms."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from talentcenter.accounts.models import User
from talentcenter.privacy import services
from talentcenter.privacy.enums import OPTIONAL_PURPOSES, REQUIRED_PURPOSES, Purpose, SignupRole
from talentcenter.privacy.texts import CONSENT_TEXTS

AGREE = _("I agree")


def consent_field_name(purpose: Purpose) -> str:
    return f"consent_{purpose.value}"


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the role and one checkbox per consent (``ACCOUNT_FORMS["signup"]``).

    The required consents must be ticked; the optional ones may be left out. The consents and the
    role are recorded in the same transaction as the account.
    """

    role = forms.ChoiceField(
        label=_("I am signing up as"), choices=SignupRole.choices, widget=forms.RadioSelect, required=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for purpose in (*REQUIRED_PURPOSES, *OPTIONAL_PURPOSES):
            required = purpose in REQUIRED_PURPOSES
            self.fields[consent_field_name(purpose)] = forms.BooleanField(
                label=str(CONSENT_TEXTS[purpose].agree_label),
                required=required,
                error_messages={"required": _("You must agree to this to sign up.")},
            )

    def consent_rows(self) -> list[dict[str, Any]]:
        """Each consent's text beside its checkbox, in the order the form shows them."""
        return [
            {"text": CONSENT_TEXTS[purpose], "field": self[consent_field_name(purpose)], "required": required}
            for purpose, required in [(p, True) for p in REQUIRED_PURPOSES] + [(p, False) for p in OPTIONAL_PURPOSES]
        ]

    @transaction.atomic
    def save(self, request: HttpRequest) -> User:
        user: User = super().save(request)
        return user

    def custom_signup(self, request: HttpRequest, user: User) -> None:
        optional = [p for p in OPTIONAL_PURPOSES if self.cleaned_data.get(consent_field_name(p))]
        services.signup_consents_record(user=user, optional=optional, role=SignupRole(self.cleaned_data["role"]))


class ConsentChangeForm(forms.Form):
    purpose = forms.ChoiceField(choices=[(p.value, p.label) for p in OPTIONAL_PURPOSES])
    decision = forms.ChoiceField(choices=[("give", "give"), ("withdraw", "withdraw")])


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}), strip=False
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased and that this cannot be undone."),
        required=True,
    )
