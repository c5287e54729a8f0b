"""The site's two languages: which one is active, and picking a bilingual value."""

from __future__ import annotations

import pytest
from django.utils import translation

from talentcenter.foundation.i18n import current_language, in_language, language_of


@pytest.mark.parametrize(
    ("code", "language"), [("ko", "ko"), ("ko-kr", "ko"), ("KO", "ko"), ("en", "en"), ("en-gb", "en"), (None, "en")]
)
def test_a_language_code_stands_for_korean_or_english(code: str | None, language: str) -> None:
    assert language_of(code) == language


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_current_language_follows_the_active_translation(language: str) -> None:
    with translation.override(language):
        assert current_language() == language


def test_with_translations_off_the_current_language_is_english_like_the_msgids() -> None:
    with translation.override(None):
        assert current_language() == "en"


def test_a_bilingual_value_is_picked_in_the_current_language() -> None:
    with translation.override("ko"):
        assert in_language("삼성전자", "Samsung Electronics") == "삼성전자"
    with translation.override("en"):
        assert in_language("삼성전자", "Samsung Electronics") == "Samsung Electronics"


def test_a_bilingual_value_is_picked_in_a_given_language() -> None:
    with translation.override("en"):
        assert in_language("삼성전자", "Samsung Electronics", language="ko-kr") == "삼성전자"


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_value_written_in_one_language_only_is_shown_in_both(language: str) -> None:
    assert in_language("", "Samsung Electronics", language=language) == "Samsung Electronics"
    assert in_language("삼성전자", "", language=language) == "삼성전자"
