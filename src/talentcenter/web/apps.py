from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "talentcenter.web"
    label = "web"
    verbose_name = _("Web site")

    def ready(self) -> None:
        from talentcenter.web import personal_data

        personal_data.register()
