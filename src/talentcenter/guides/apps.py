from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "talentcenter.guides"
    verbose_name = _("Guides and notices")

    def ready(self) -> None:
        # Told when policy staff publish changed parameters (policy/changes.py): the guides citing
        # them are flagged for review and their editors are told.
        from talentcenter.guides.services import guides_flag_for_parameters
        from talentcenter.policy.changes import listen_to_parameter_changes

        listen_to_parameter_changes(guides_flag_for_parameters)
