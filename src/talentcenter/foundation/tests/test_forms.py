"""``add_service_errors``: a service's errors beside the inputs they are about, the rest on top."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from talentcenter.foundation.forms import add_service_errors


class ReasonForm(forms.Form):
    reason = forms.CharField()
    baseline = forms.CharField(required=False)


def _form() -> ReasonForm:
    form = ReasonForm({"reason": "because"})
    assert form.is_valid()
    return form


def test_a_field_error_goes_on_its_field() -> None:
    # given
    form = _form()

    # when
    unplaced = add_service_errors(form, ValidationError({"reason": "Say more."}))

    # then
    assert form.errors == {"reason": ["Say more."]}
    assert unplaced == {}


def test_an_error_for_a_field_the_form_lacks_goes_on_top_and_is_returned() -> None:
    # given
    form = _form()

    # when
    unplaced = add_service_errors(form, ValidationError({"skills": ["Too many skills.", "Unknown skill x."]}))

    # then
    assert form.errors == {NON_FIELD_ERRORS: ["Too many skills.", "Unknown skill x."]}
    assert unplaced == {"skills": ["Too many skills.", "Unknown skill x."]}


def test_a_service_name_is_mapped_to_the_forms_field() -> None:
    # given
    form = _form()

    # when
    add_service_errors(
        form, ValidationError({"baseline_variant": "Not a draft."}), field_names={"baseline_variant": "baseline"}
    )

    # then
    assert form.errors == {"baseline": ["Not a draft."]}


def test_an_error_about_nothing_in_particular_goes_on_top() -> None:
    # given
    form = _form()

    # when
    unplaced = add_service_errors(form, ValidationError("Already revoked."))

    # then
    assert form.errors == {NON_FIELD_ERRORS: ["Already revoked."]}
    assert unplaced == {}


def test_an_error_about_nothing_in_particular_goes_on_the_default_field_when_given() -> None:
    # given
    form = _form()

    # when
    add_service_errors(form, ValidationError("Already revoked."), default_field="reason")

    # then
    assert form.errors == {"reason": ["Already revoked."]}
