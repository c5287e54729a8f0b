from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "talentcenter.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from talentcenter.privacy import receivers  # noqa: F401  (connects the sign-in signals)
