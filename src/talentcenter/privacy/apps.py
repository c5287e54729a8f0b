from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "talentcenter.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from talentcenter.audit.actions import ACTION_LABELS
        from talentcenter.privacy import receivers  # noqa: F401  (connects the sign-in signals)
        from talentcenter.privacy.enums import ACTION_LABELS as PRIVACY_ACTION_LABELS

        # The audit trail shows these actions in words, like every other app's.
        ACTION_LABELS.update(PRIVACY_ACTION_LABELS)
