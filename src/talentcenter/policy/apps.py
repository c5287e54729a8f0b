from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "talentcenter.policy"
    verbose_name = _("Policy engine")
    default_auto_field = "django.db.models.BigAutoField"
