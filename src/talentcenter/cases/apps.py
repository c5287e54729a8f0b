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
        from talentcenter.cases.models import Case
        from talentcenter.foundation import display
        from talentcenter.foundation.i18n import current_language
        from talentcenter.policy.engine.inputs import code_name

        # The KOTRA technology field is a code of the reference data, named in the page's language.
        display.register_value(Case, "technology_field", lambda code: code_name(str(code), current_language()))
        # Trails written before the audit used field names say "party" and "invited".
        from talentcenter.cases.enums import Party

        fields = Case._meta
        display.register_value(
            Case,
            "party",
            lambda value: display.choice_label(Party, value),
            label=fields.get_field("started_by_party").verbose_name,
        )
        display.register_value(
            Case,
            "invited",
            display.shown,
            label=fields.get_field("invited_email").verbose_name,
        )
