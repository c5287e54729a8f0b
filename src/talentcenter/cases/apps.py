from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "talentcenter.cases"
    label = "cases"
    verbose_name = _("Cases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from talentcenter.cases.checks import check_blind_review_setting

        checks.register(check_blind_review_setting)
        from talentcenter.cases import access_log

        access_log.register()
