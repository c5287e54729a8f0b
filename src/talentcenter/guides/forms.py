"""Forms of the guides pages: they check types and lengths; the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from talentcenter.guides.enums import HitKind, NoticeKind
from talentcenter.guides.search import MAX_QUERY
from talentcenter.guides.services import GuideText, NoticeText
from talentcenter.organizations.forms import KrdsFormMixin
from talentcenter.policy.engine.programmes import PROGRAMMES
from talentcenter.policy.selectors_rules import PROGRAMME_LABELS

SLUG_HELP = _("Lower-case letters, digits and hyphens; it becomes the page's address.")


def programme_choices() -> list[tuple[str, Any]]:
    return [("", _("None")), *((code, PROGRAMME_LABELS.get(code, code)) for code in PROGRAMMES)]


class SearchForm(KrdsFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY, required=False)
    kind = forms.ChoiceField(label=_("Show"), choices=[("", _("Everything")), *HitKind.choices], required=False)


class GuideForm(KrdsFormMixin, forms.Form):
    slug = forms.SlugField(label=_("Identifier"), max_length=80, help_text=SLUG_HELP)
    programme = forms.ChoiceField(
        label=_("Programme of the self-check"),
        choices=programme_choices,
        required=False,
        help_text=_("The self-check opens its answer on this programme."),
    )
    position = forms.IntegerField(label=_("Position in the list"), min_value=0, max_value=1000, initial=100)
    title_ko = forms.CharField(label=_("Title (Korean)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    summary_ko = forms.CharField(
        label=_("Summary (Korean)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body_ko = forms.CharField(
        label=_("Text (Korean)"), max_length=40000, required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    body_en = forms.CharField(
        label=_("Text (English)"), max_length=40000, required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    steps_ko = forms.CharField(
        label=_("Steps (Korean), one a line"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    steps_en = forms.CharField(
        label=_("Steps (English), one a line"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    parameters = forms.CharField(
        label=_("Rule parameters cited, one a line"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Parameters written [[name]] in the text are cited too."),
    )
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["slug"].disabled = True

    def text(self) -> GuideText:
        data = self.cleaned_data
        names = tuple(line.strip() for line in data["parameters"].splitlines() if line.strip())
        return GuideText(
            **{
                name: data[name]
                for name in (
                    "title_ko",
                    "title_en",
                    "summary_ko",
                    "summary_en",
                    "body_ko",
                    "body_en",
                    "steps_ko",
                    "steps_en",
                )
            },
            parameters=names,
        )


class NoticeForm(KrdsFormMixin, forms.Form):
    slug = forms.SlugField(label=_("Identifier"), max_length=80, help_text=SLUG_HELP)
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices)
    title_ko = forms.CharField(label=_("Title (Korean)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    body_ko = forms.CharField(label=_("Text (Korean)"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))
    body_en = forms.CharField(label=_("Text (English)"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["slug"].disabled = True

    def text(self) -> NoticeText:
        data = self.cleaned_data
        return NoticeText(**{name: data[name] for name in ("kind", "title_ko", "title_en", "body_ko", "body_en")})


class WithdrawForm(KrdsFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
