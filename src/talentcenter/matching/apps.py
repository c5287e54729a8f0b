from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "talentcenter.matching"
    label = "matching"
    verbose_name = _("Matching")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from talentcenter.talent.models import TalentProfile
        from talentcenter.talent.signals import profile_changed

        profile_changed.connect(_profile_changed, dispatch_uid="matching.profile_changed")
        pre_delete.connect(_profile_deleted, sender=TalentProfile, dispatch_uid="matching.profile_deleted")


def _profile_changed(sender: Any, *, profile_id: int, **kwargs: Any) -> None:
    """Keep the profile's index row in step, in the talent service's own transaction."""
    from talentcenter.matching.services import profile_vector_refresh

    profile_vector_refresh(profile_id=profile_id)


def _profile_deleted(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """A deleted profile leaves a tombstone, so every process drops it from its copy."""
    from talentcenter.matching.services import profile_vector_remove

    profile_vector_remove(profile_id=instance.pk)
