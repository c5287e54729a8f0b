from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "talentcenter.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from talentcenter.accounts import receivers  # noqa: F401
