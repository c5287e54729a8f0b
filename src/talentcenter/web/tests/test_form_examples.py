"""An example shown beside a field passes that field's own validation.

A help text that says "e.g. 123-45-67890" for a business registration number whose check digit
is wrong teaches people to type something the form then refuses. So every field of every form in
the project whose help text, placeholder or error message shows an example (English "e.g." or
"for example", Korean "예:") declares the values it shows in the form's ``shown_examples``
(``{"field": ("example", ...)}``, set on the class or, for a field built in ``__init__``, on the
instance). This test finds those fields in both languages, fails on an undeclared one, checks each
text shows one of the declared values (so text and declaration cannot drift apart), and submits
each declared value to the form: the field must come back without an error.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.utils import translation

import talentcenter
from talentcenter.documents.models import IssuedDocument
from talentcenter.organizations.models import Company

pytestmark = pytest.mark.django_db

EXAMPLE_MARKER = re.compile(r"e\.g\.|for example|예:", re.IGNORECASE)

# Forms whose constructor needs arguments: what to build them with.
CONSTRUCTOR_ARGUMENTS: dict[str, list[dict[str, Any]]] = {
    "CompanyStartForm": [{"companies": Company.objects.none()}],
    "TalentRequestForm": [{"companies": Company.objects.none()}],
    "ParameterChoiceForm": [{"grouped_choices": []}],
    "AuditFilterForm": [{"actions": []}],
    "BoothForm": [{"company_id": 0}],
    "EventFilterForm": [{"cities": [], "industries": []}],
    "RegistrationForm": [{"questions": []}],
    "PlaceInterviewForm": [{"talents": [], "booths": [], "slots": []}],
    "CandidateFilterForm": [{"openings": []}],
    "AvailabilityForm": [{"slots": []}],
    "StaffAvailabilityForm": [{"talents": [], "booths": []}],
    # Forms that name the document they revoke: an unsaved one will do.
    "RevocationConfirmForm": [{"document": IssuedDocument(serial="KTP-2026-000001", holder_name_latin="Jane Doe")}],
    "RevokeForm": [{"document": IssuedDocument(serial="KTP-2026-000001", holder_name_latin="Jane Doe")}],
    # The value field depends on the parameter's unit: one form per unit.
    "VariantValueForm": [
        {"parameter": SimpleNamespace(unit=unit)}
        for unit in ("krw", "level", "years", "points", "number", "multiple", "share", "date", "codes", "bands")
    ],
}


def _form_classes() -> list[type[forms.BaseForm]]:
    # Every module, not only those named forms: views and back offices define forms too, and which
    # of them an earlier test happened to import must not decide what this test sees.
    for module in pkgutil.walk_packages(talentcenter.__path__, "talentcenter."):
        if not any(part in module.name for part in (".tests", ".migrations", ".management", "__main__")):
            importlib.import_module(module.name)
    found: set[type[forms.BaseForm]] = set()
    pending = [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("talentcenter.") and ".tests." not in subclass.__module__:
                found.add(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def _built(form_class: type[forms.BaseForm], data: dict[str, Any] | None = None) -> Iterator[forms.BaseForm]:
    for arguments in CONSTRUCTOR_ARGUMENTS.get(form_class.__name__, [{}]):
        yield form_class(data, **arguments) if data is not None else form_class(**arguments)


def _shown_texts(field: forms.Field) -> list[str]:
    texts = [field.help_text, field.widget.attrs.get("placeholder", ""), *field.error_messages.values()]
    texts += [getattr(validator, "message", "") for validator in field.validators]
    # A message that fills its example in from the field's own limits (Django's step size) is right by construction.
    texts = [text for text in texts if "%(" not in str(text)]
    return [str(text) for text in texts if text]


def _fields_with_examples() -> list[tuple[str, int, str]]:
    """(form class path, constructor variant, field name) of every field that shows an example."""
    fields = set()
    for form_class in _form_classes():
        for language in ("en", "ko"):
            with translation.override(language):
                for variant, form in enumerate(_built(form_class)):
                    for name, field in form.fields.items():
                        if any(EXAMPLE_MARKER.search(text) for text in _shown_texts(field)):
                            fields.add((f"{form_class.__module__}.{form_class.__name__}", variant, name))
    return sorted(fields)


def _form_class(path: str) -> type[forms.BaseForm]:
    module, name = path.rsplit(".", 1)
    form_class: type[forms.BaseForm] = getattr(importlib.import_module(module), name)
    return form_class


def _form(path: str, variant: int, data: dict[str, Any] | None = None) -> forms.BaseForm:
    return list(_built(_form_class(path), data))[variant]


def test_the_scan_finds_the_fields_that_show_examples() -> None:
    found = {(path.rsplit(".", 1)[-1], name) for path, _variant, name in _fields_with_examples()}

    assert ("CompanyRegisterForm", "business_registration_number") in found
    assert ("PersonalForm", "phone") in found
    assert ("VariantValueForm", "value") in found  # a field built in __init__


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_example_shown_beside_a_field_is_declared_and_passes_the_fields_validation(language: str) -> None:
    problems = []
    with translation.override(language):
        for path, variant, name in _fields_with_examples():
            form = _form(path, variant)
            declared = getattr(form, "shown_examples", {}).get(name, ())
            where = f"{path}[{variant}].{name}"
            if not declared:
                problems.append(f"{where}: shows an example but declares none in shown_examples")
                continue
            for text in _shown_texts(form.fields[name]):
                if EXAMPLE_MARKER.search(text) and not any(example in text for example in declared):
                    problems.append(f"{where}: the text {text!r} shows none of {declared}")
            for example in declared:
                bound = _form(path, variant, {name: example})
                bound.is_valid()
                if name in bound.errors:
                    problems.append(f"{where}: the example {example!r} is refused: {bound.errors[name]}")
    assert problems == [], "\n".join(problems)
