from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "talentcenter.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from talentcenter.audit.actions import ACTION_LABELS
        from talentcenter.privacy import receivers  # noqa: F401  (connects the sign-in signals)
        from talentcenter.privacy.enums import ACTION_LABELS as PRIVACY_ACTION_LABELS

        # The audit trail shows these actions in words, like every other app's.
        ACTION_LABELS.update(PRIVACY_ACTION_LABELS)

        # ... and the details of an access, recorded under the person whose data was read.
        from django.utils.translation import gettext_lazy

        from talentcenter.accounts.models import User
        from talentcenter.foundation import display
        from talentcenter.privacy.enums import AccessWhat, ViewerKind

        channels = {"web": gettext_lazy("Website"), "api": "API"}
        display.register_value(User, "what", lambda value: display.choice_label(AccessWhat, value), label=_("What"))
        display.register_value(
            User, "viewer_kind", lambda value: display.choice_label(ViewerKind, value), label=_("Kind of viewer")
        )
        display.register_value(User, "object", display.object_text, label=_("Record read"))
        display.register_value(User, "via", lambda value: str(channels.get(value, value)), label=_("Channel"))
