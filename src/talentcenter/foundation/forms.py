"""Putting a service's ``ValidationError`` on the form that was sent.

Services raise ``ValidationError({"field": ...})`` for problems with one input and a plain
``ValidationError`` for the request as a whole; a page shows the first beside its field and the
second on top of the form, so the person sees what to correct where they typed it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.BaseForm,
    error: ValidationError,
    *,
    field_names: Mapping[str, str] | None = None,
    default_field: str | None = None,
) -> dict[str, list[str]]:
    """Put ``error`` on ``form``: each field's errors on that field, the rest on top of the form.

    ``field_names`` maps a service's argument name to the form's field where they differ
    (``{"baseline_variant": "baseline"}``). ``default_field`` is the field an error for no field
    in particular belongs to, when the form has one input (a reason, a note).

    Returns the messages that found no field on the form, by the service's field name (the
    top of the form has them too), so a page can also show them beside a formset.
    """
    field_names = field_names or {}
    if not hasattr(error, "error_dict"):
        form.add_error(default_field if default_field in form.fields else None, error)
        return {}
    unplaced: dict[str, list[str]] = {}
    for name, errors in error.error_dict.items():
        field = field_names.get(name, name)
        if field in form.fields:
            form.add_error(field, errors)
        else:
            form.add_error(None, errors)
            unplaced[name] = [message for each in errors for message in each.messages]
    return unplaced
