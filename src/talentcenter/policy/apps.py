from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "talentcenter.policy"
    verbose_name = _("Policy engine")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The engine gives message keys (policy/engine/messages.py); the boundary translates them
        # with Django's catalogues and django-countries' names.
        from talentcenter.policy.engine import messages
        from talentcenter.policy.translation import country_name, gettext_in

        messages.install(gettext=gettext_in, country_name=country_name)
