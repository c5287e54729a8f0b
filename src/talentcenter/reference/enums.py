from django.db import models
from django.utils.translation import gettext_lazy as _


class AdvancedIndustry(models.TextChoices):
    """The 8 advanced industries of the K-Tech Pass and the Top-tier visa (as of October 2025)."""

    SEMICONDUCTOR = "semiconductor", _("Semiconductor")
    DISPLAY = "display", _("Display")
    SECONDARY_BATTERY = "secondary_battery", _("Secondary battery")
    BIO = "bio", _("Bio")
    ROBOTICS = "robotics", _("Robotics")
    DEFENCE = "defence", _("Defence")
    AI = "ai", _("Artificial intelligence")
    ADVANCED_MOBILITY = "advanced_mobility", _("Advanced mobility")


class IndustryScheme(models.TextChoices):
    KTECH_PASS = "ktech_pass", _("K-Tech Pass advanced industries")
    KOTRA = "kotra", _("KOTRA recommendation fields")
    NST = "nst", _("National strategic technologies")


class ListKind(models.TextChoices):
    QS_WORLD = "qs_world", _("QS World University Rankings")
    USNEWS_GLOBAL = "usnews_global", _("U.S. News Best Global Universities")
    THE_WORLD = "the_world", _("THE World University Rankings")
    FORTUNE_GLOBAL_500 = "fortune_global_500", _("Fortune Global 500")


class GniStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("Provisional")
    REVISED = "revised", _("Revised")
