"""The engine's texts in the reader's language: the boundary between the pure engine and the site.

The engine (``policy.engine``) returns :class:`~talentcenter.policy.engine.messages.Message`
values: English msgids with their arguments. Every answer that reaches a person — the API, the
CLI, the pathfinder's pages and PDF, a simulation's result — passes through :func:`translated`
here once, in the reader's language; the lookups below are what ``PolicyConfig.ready`` installs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.functional import lazy
from django_countries import countries

from talentcenter.foundation.i18n import current_language, language_of
from talentcenter.policy.engine.messages import translate


# The catalogues do not change while a process runs, so each (text, language) is looked up once:
# activating a language for every message of an answer cost more than the engine's rules did.
@lru_cache(maxsize=16_384)
def gettext_in(msgid: str, language: str) -> str:
    """``msgid`` from the site's catalogue in ``language``."""
    with translation.override(language_of(language)):
        return translation.gettext(msgid)


@lru_cache(maxsize=4_096)
def country_name(code: str, language: str) -> str:
    """A country's name in ``language`` (django-countries), or the code when it has none."""
    with translation.override(language_of(language)):
        return str(countries.name(code)) or code


@receiver(setting_changed)
def _forget_lookups(*, setting: str, **kwargs: Any) -> None:
    """A test that changes the languages or catalogues sees the change."""
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N", "COUNTRIES_OVERRIDE"}:
        gettext_in.cache_clear()
        country_name.cache_clear()


def translated(value: Any, language: str | None = None) -> Any:
    """``value`` (an engine answer, a label, a simulation's result) with its messages in
    ``language``, the current language when not given."""
    return translate(value, language_of(language) if language else current_language())


# A message in the language of the page it ends up on (form choices built at import time).
translated_lazy = lazy(translated, str)
