from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConciergeConfig(AppConfig):
    name = "talentcenter.concierge"
    label = "concierge"
    verbose_name = _("Settlement concierge")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from talentcenter.audit.actions import ACTION_LABELS
        from talentcenter.concierge import privacy, receivers
        from talentcenter.concierge.enums import ACTION_LABELS as CONCIERGE_ACTION_LABELS

        ACTION_LABELS.update(CONCIERGE_ACTION_LABELS)
        receivers.connect()
        privacy.register()
