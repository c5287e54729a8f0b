"""Start-up checks of the cases settings: a typo in ``TALENTCENTER_BLIND_REVIEW`` would quietly
show applicants by name to the evaluators of a track meant to be blind."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error


def check_blind_review_setting(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from talentcenter.cases.blind import known_entries, setting_entries

    unknown = sorted(setting_entries() - known_entries())
    return [
        Error(
            f"TALENTCENTER_BLIND_REVIEW names {entry!r}, which is neither a case type nor a K-Tech Pass type/track.",
            hint="Use e.g. ktech_pass/qualitative or kotra_recommendation.",
            id="cases.E001",
        )
        for entry in unknown
    ]
