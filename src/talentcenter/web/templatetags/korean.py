"""``{{ value|josa:"을/를" }}``: a value followed by the Korean particle its last word takes."""

from __future__ import annotations

from typing import Any

from django import template

from talentcenter.foundation.i18n import current_language
from talentcenter.foundation.korean import PARTICLES, particle

register = template.Library()


@register.filter(is_safe=True)
def josa(value: Any, pair: str) -> str:
    """``value`` and, on a Korean page, the form of ``pair`` (``"을/를"``, ``"은/는"``, ``"이/가"``,
    ``"과/와"``, ``"으로/로"``) that follows it: ``석사를``, ``서울로``. Other languages get ``value``
    alone, so the filter can sit in a ``{% blocktranslate with %}`` shared by both languages."""
    if pair not in PARTICLES:
        raise template.TemplateSyntaxError(f"josa: unknown particle pair {pair!r}")
    text = str(value)
    return text + particle(text, pair) if current_language() == "ko" else text
