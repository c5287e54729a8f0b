from django.db import models
from django.utils.translation import gettext_lazy as _


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class NoticeKind(models.TextChoices):
    NOTICE = "notice", _("Notice")
    NEWS = "news", _("News")


class HitKind(models.TextChoices):
    """What a search result is, in the order the search page shows them."""

    GUIDE = "guide", _("Guides")
    FAQ = "faq", _("Frequently asked questions")
    NOTICE = "notice", _("Notices and news")
