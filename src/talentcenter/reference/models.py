"""Reference data with editions, loaded from the CSV files shipped in ``reference/data``.

A list marked partial is honest about it: a name missing from a partial edition is *unknown*,
never "not on the list".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from talentcenter.foundation.i18n import in_language
from talentcenter.reference.enums import GniStatus, IndustryScheme, ListKind


class BilingualName(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_ko, self.name_en)


class Industry(BilingualName):
    scheme = models.CharField(_("scheme"), max_length=20, choices=IndustryScheme.choices)
    code = models.SlugField(_("code"), max_length=60)
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["scheme", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="industry_unique_code")]


class Skill(BilingualName):
    """One skill of the taxonomy. ``parent`` is the broader skill it is a kind of (PyTorch is a deep
    learning framework); ``related`` are neighbouring skills (computer vision and ADAS sensors);
    ``synonyms`` are other names that mean it, in English and Korean, separated by ``|``."""

    code = models.CharField(_("code"), max_length=80, unique=True)
    category = models.CharField(_("category"), max_length=40, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("broader skill"),
    )
    related = models.ManyToManyField("self", symmetrical=True, blank=True, verbose_name=_("related skills"))
    synonyms = models.CharField(
        _("synonyms"), max_length=500, blank=True, help_text=_("Other names, separated by |, e.g. DL|딥 러닝.")
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["category", "name_en"]

    @property
    def synonym_list(self) -> list[str]:
        return [name.strip() for name in self.synonyms.split("|") if name.strip()]


class ListEdition(models.Model):
    """One published edition of a ranking or list, e.g. QS World University Rankings 2026."""

    kind = models.CharField(_("kind"), max_length=40, choices=ListKind.choices)
    edition = models.CharField(_("edition"), max_length=40)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    entries_expected = models.PositiveIntegerField(_("entries in the full list"))
    is_partial = models.BooleanField(_("partial"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("list edition")
        verbose_name_plural = _("list editions")
        ordering = ["kind", "-edition"]
        constraints = [models.UniqueConstraint(fields=["kind", "edition"], name="list_edition_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.edition}"


class ListEntry(models.Model):
    """A ranked university or company within an edition, with the source that confirms it."""

    edition = models.ForeignKey(ListEdition, on_delete=models.CASCADE, related_name="entries")
    rank = models.PositiveIntegerField(_("rank"))
    rank_label = models.CharField(_("rank as published"), max_length=10)
    name = models.CharField(_("name"), max_length=300)
    country = models.CharField(_("country"), max_length=2)
    source_url = models.URLField(_("source"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["edition", "rank", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="list_entry_unique_name")]

    def __str__(self) -> str:
        return f"{self.rank_label} {self.name}"


class GniFigure(models.Model):
    """Bank of Korea per-capita GNI for one year, as published in one release (a vintage)."""

    year = models.PositiveIntegerField(_("year"))
    krw = models.BigIntegerField(_("KRW"), null=True, blank=True)
    usd = models.PositiveIntegerField(_("USD"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=GniStatus.choices)
    release_date = models.CharField(_("release date"), max_length=10)
    source_url = models.URLField(_("source"), max_length=1000)

    class Meta:
        verbose_name = _("per-capita GNI figure")
        verbose_name_plural = _("per-capita GNI figures")
        ordering = ["year", "release_date"]
        constraints = [
            models.UniqueConstraint(fields=["year", "status", "release_date", "usd"], name="gni_unique_vintage")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.krw or '-'} KRW ({self.status}, {self.release_date})"


class Occupation(models.Model):
    """An E-7-1 occupation with its Ministry of Justice occupation code."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    group = models.CharField(_("group"), max_length=100)
    needs_recommendation = models.CharField(_("needs a recommendation"), max_length=10)
    source_url = models.CharField(_("source"), max_length=500)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"
