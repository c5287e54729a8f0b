"""The one display layer: every value shown to a person, in words of the page's language.

Pages, e-mails, PDFs and the audit timeline never show what the code stores: an enum value becomes
its label, a country code the country's name, a language code the language's name, an amount of
won is grouped and says "원" (Korean) or "KRW" (English), a date uses the project's format, a
boolean says yes or no, a model instance its own display string (never ``app_label.model pk``),
and a field key its model's ``verbose_name``. Template filters of the same names sit in
``web/templatetags/site_tags.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django_countries import countries

from talentcenter.foundation.i18n import current_language

EMPTY = "–"


def choice_label(choices: type[models.Choices], value: Any) -> str:
    """The label of ``value`` in ``choices`` (a TextChoices or IntegerChoices), or the value itself
    when the choices do not know it (a value written by an older version is still shown)."""
    if value in (None, ""):
        return EMPTY
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def country_name(code: Any) -> str:
    """The name of an ISO 3166-1 alpha-2 country in the page's language (``PL`` → 폴란드 / Poland)."""
    text = str(code or "").strip().upper()
    if not text:
        return EMPTY
    return str(countries.name(text) or text)


def language_name(code: Any) -> str:
    """The name of a language code in the page's language (``ko`` → 한국어 / Korean)."""
    text = str(code or "").strip()
    if not text:
        return EMPTY
    try:
        info = get_language_info(text)
    except KeyError:
        return text
    return str(info["name_local"] if current_language() == "ko" and text.startswith("ko") else info["name_translated"])


def money(amount: Any) -> str:
    """An amount of Korean won, grouped: ``150,000,000원`` in Korean, ``KRW 150,000,000`` in English."""
    if amount in (None, ""):
        return EMPTY
    whole = int(Decimal(str(amount)))
    if current_language() == "ko":
        return f"{whole:,}원"
    return f"KRW {whole:,}"


def date_text(value: Any) -> str:
    """A date (``Y-m-d``) or a date and time (``Y-m-d H:i``, local time); ISO text is parsed first."""
    if value in (None, ""):
        return EMPTY
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "Y-m-d H:i")
    return formats.date_format(value, "Y-m-d")


def yes_no(value: Any) -> str:
    return _("Yes") if value else _("No")


def _fields_named(model: type[models.Model], key: str) -> list[Any]:
    """``model``'s field ``key``, then the same-named fields of the models that point at it (an
    audit event about a case also records changes of its records and evaluator assignments)."""
    found = []
    for candidate in [model] + [relation.related_model for relation in model._meta.related_objects]:
        try:
            found.append(candidate._meta.get_field(key))
        except FieldDoesNotExist:
            continue
    return found


def _related_model_named(model: type[models.Model], key: str) -> type[models.Model] | None:
    for relation in model._meta.related_objects:
        if (relation.related_model._meta.model_name or "").endswith(key.replace("_", "")):
            return relation.related_model
    return None


def _capitalised(text: Any) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def field_label(model: type[models.Model] | models.Model | None, key: str) -> str:
    """The ``verbose_name`` of ``model``'s field ``key`` (or of a model pointing at it, or the name of
    such a model), capitalised; a key nothing knows is turned into words rather than shown with
    underscores."""
    if model is not None:
        model_class = model if isinstance(model, type) else type(model)
        registered = _KEY_LABELS.get((model_class._meta.label_lower, key))
        if registered is not None:
            return _capitalised(registered)
        fields = [field for field in _fields_named(model_class, key) if getattr(field, "verbose_name", None)]
        if fields:
            return _capitalised(fields[0].verbose_name)
        related = _related_model_named(model_class, key)
        if related is not None:
            return _capitalised(related._meta.verbose_name)
    return key.replace("_", " ").capitalize()


def shown(value: Any) -> str:
    """Any value in words: the dispatcher the generic renderings (audit changes, detail lists) use."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, models.Choices):
        return str(value.label)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime | date):
        return date_text(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, int | Decimal):
        return formats.number_format(value, force_grouping=True)
    if isinstance(value, Mapping):
        return ", ".join(f"{str(key).replace('_', ' ')}: {shown(item)}" for key, item in value.items())
    if isinstance(value, Iterable) and not isinstance(value, str):
        return ", ".join(shown(item) for item in value)
    return str(value)


def model_of(label: str) -> type[models.Model] | None:
    """The model an ``app_label.model`` label names (as the audit trail stores subjects), or None."""
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


# Values of model fields that only an upper app can put in words (``cases`` names its industry and
# technology-field codes), registered at start-up: ``(app_label.model, field) -> formatter``.
_VALUE_FORMATTERS: dict[tuple[str, str], Callable[[Any], str]] = {}
_KEY_LABELS: dict[tuple[str, str], Any] = {}


def register_value(model: type[models.Model], key: str, formatter: Callable[[Any], str], *, label: Any = None) -> None:
    """Show the values of ``model``'s field (or audit key) ``key`` through ``formatter`` wherever
    they are shown, and the key as ``label`` when it is not a field of the model."""
    _VALUE_FORMATTERS[(model._meta.label_lower, key)] = formatter
    if label is not None:
        _KEY_LABELS[(model._meta.label_lower, key)] = label


def object_text(key: Any) -> str:
    """An ``app_label.model:pk`` key in words, without a query: the model's name and the number."""
    label, _sep, pk = str(key or "").partition(":")
    model = model_of(label) if label else None
    if model is None:
        return shown(key)
    return f"{_capitalised(model._meta.verbose_name)} {pk}".strip()


def field_value(model: type[models.Model] | None, key: str, value: Any) -> str:
    """A stored value of ``model``'s field ``key`` in words: through a registered formatter, a
    choice through its label (of the subject's field, or of a model pointing at it whose choices
    know the value), a country code through its name, a model label through the model's name;
    anything else through :func:`shown`. No query is made."""
    if model is not None and value not in (None, ""):
        formatter = _VALUE_FORMATTERS.get((model._meta.label_lower, key))
        if formatter is not None:
            return formatter(value)
        for field in _fields_named(model, key):
            for stored, label in getattr(field, "flatchoices", None) or ():
                if str(stored) == str(value):
                    return str(label)
            if field.get_internal_type() == "CountryField":
                return country_name(value)
        if isinstance(value, str) and "." in value and (named := model_of(value)) is not None:
            return _capitalised(named._meta.verbose_name)
    return shown(value)


def change_rows(
    model: type[models.Model] | None, changes: Mapping[str, Any] | None
) -> list[tuple[str, str, str | None]]:
    """Audit changes as ``(field label, old, new)`` rows (``new`` is None for a plain value rather
    than an ``[old, new]`` pair), every part in words."""
    rows: list[tuple[str, str, str | None]] = []
    for key, value in (changes or {}).items():
        label = field_label(model, key)
        if isinstance(value, list | tuple) and len(value) == 2:
            rows.append((label, field_value(model, key, value[0]), field_value(model, key, value[1])))
        else:
            rows.append((label, field_value(model, key, value), None))
    return rows


def subject_text(label: str, pk: Any) -> str:
    """What an ``app_label.model`` + id pair (an audit subject, a document's "issued for") stands
    for, in words: the instance's own display string, or the model's name and the number when it is
    gone; never ``cases.case 16``."""
    if not label or pk in (None, ""):
        return EMPTY
    model = model_of(label)
    if model is None:
        return str(pk)
    instance = model._default_manager.filter(pk=pk).first()
    if instance is not None:
        return str(instance)
    name = str(model._meta.verbose_name)
    return f"{name[:1].upper()}{name[1:]} {pk}"
