"""The list pages' cheap parts make the same markup as what they replace."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.urls import reverse

from talentcenter.foundation.rows import PreparedChoices, QuickSelect, url_maker

CHOICES: list[tuple[Any, Any]] = [
    ("", "All"),
    ("ES", "Spain"),
    ("KR", 'Korea <South> & "Republic"'),
    ("Groups", [("a", "Ä'á"), ("b", "B")]),
    (3, "Three"),
]


def _normal(html: str) -> str:
    return re.sub(r"\s*\n\s*", "", html)


@pytest.mark.parametrize("value", ["", "ES", "KR", "a", "3", 3, None, "missing", ["ES", "KR"]])
@pytest.mark.parametrize("prepared", [False, True], ids=["list", "prepared"])
def test_a_quick_select_writes_what_django_s_select_writes(value: Any, prepared: bool) -> None:
    # given the same choices and attributes
    attrs = {"class": "krds-form-select", "aria-describedby": "x_helptext", "required": True, "disabled": False}
    quick = QuickSelect(attrs=attrs, choices=PreparedChoices(CHOICES) if prepared else CHOICES)
    django = forms.Select(attrs=attrs, choices=CHOICES)
    # when / then
    assert _normal(quick.render("country", value, attrs={"id": "id_country"})) == _normal(
        django.render("country", value, attrs={"id": "id_country"})
    )


def test_prepared_choices_are_not_normalised_again_by_a_field() -> None:
    # given
    choices = PreparedChoices([("", "All"), ("ES", "Spain")])
    # when
    field = forms.ChoiceField(choices=choices, widget=QuickSelect)
    # then the field keeps them as they are, and still validates against them
    assert field.choices is choices
    assert field.clean("ES") == "ES"
    with pytest.raises(forms.ValidationError):
        field.clean("FR")


@pytest.mark.parametrize("pk", [1, 42, 2_000_000_000])
def test_url_maker_gives_what_reverse_gives(pk: int) -> None:
    assert url_maker("backoffice:talent_detail")(pk) == reverse("backoffice:talent_detail", args=[pk])
    assert url_maker("cases_backoffice:detail")(pk) == reverse("cases_backoffice:detail", args=[pk])
