from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "talentcenter.inquiries"
    label = "inquiries"
    verbose_name = _("Inquiries and petitions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from talentcenter.inquiries.personal_data import register

        register()
