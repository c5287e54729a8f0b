from typing import Any

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
        _register_display()
        # A fresh or flushed database gets the seed catalogue back (never overwriting staff's edits).
        from django.db.models.signals import post_migrate

        post_migrate.connect(_load_catalogue, sender=self, dispatch_uid="concierge.load_catalogue")


def _load_catalogue(sender: Any, **kwargs: Any) -> None:
    from talentcenter.concierge.services import catalogue_load

    catalogue_load()


def _register_display() -> None:
    """The audit trail shows the concierge's changes in words, not codes."""
    from talentcenter.concierge.models import ConciergeRequest
    from talentcenter.concierge.workflow import REQUEST_TRANSITIONS
    from talentcenter.foundation import display

    def transition_label(name: Any) -> str:
        transition = REQUEST_TRANSITIONS.get(str(name))
        return str(transition.label) if transition else str(name)

    display.register_value(ConciergeRequest, "transition", transition_label, label=_("Step"))
    display.register_value(ConciergeRequest, "message", lambda value: f"#{value}", label=_("Message"))
    display.register_value(ConciergeRequest, "attachments", str, label=_("Attachments"))
