from django.db import models
from django.utils.translation import gettext_lazy as _


class EducationLevel(models.IntegerChoices):
    """Ordered so that a higher value is a higher degree."""

    SECONDARY = 10, _("Secondary school")
    ASSOCIATE = 20, _("Associate degree")
    BACHELOR = 30, _("Bachelor's degree")
    MASTER = 40, _("Master's degree")
    DOCTORATE = 50, _("Doctorate")


class OrganizationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    UNIVERSITY = "university", _("University")
    GOVERNMENT = "government", _("Government")


class Proficiency(models.IntegerChoices):
    BASIC = 1, _("Basic")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")
    EXPERT = 4, _("Expert")


class LanguageTest(models.TextChoices):
    NONE = "none", _("No test (self-assessed)")
    TOPIK = "topik", _("TOPIK")
    KIIP = "kiip", _("Korea Immigration and Integration Program")
    TOEIC = "toeic", _("TOEIC")
    TOEFL_IBT = "toefl_ibt", _("TOEFL iBT")
    IELTS = "ielts", _("IELTS")
    CEFR = "cefr", _("CEFR level")
    NATIVE = "native", _("Native speaker")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me and the Global Talent Center")
    VERIFIED_COMPANIES = "verified_companies", _("Verified companies may find me")


class ProfileStep(models.TextChoices):
    """The steps of the profile wizard, in order."""

    PERSONAL = "personal", _("Personal details")
    EDUCATION = "education", _("Education")
    EXPERIENCE = "experience", _("Experience")
    SKILLS = "skills", _("Skills and languages")
    PREFERENCES = "preferences", _("Preferences and consent")
    REVIEW = "review", _("Review")


# Levels a test can report, checked by the language entry validator.
LANGUAGE_TEST_LEVELS: dict[str, tuple[float, float]] = {
    LanguageTest.TOPIK: (1, 6),
    LanguageTest.KIIP: (0, 5),
    LanguageTest.TOEIC: (10, 990),
    LanguageTest.TOEFL_IBT: (0, 120),
    LanguageTest.IELTS: (0, 9),
}
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


class SpokenLanguage(models.TextChoices):
    KOREAN = "ko", _("Korean")
    ENGLISH = "en", _("English")
    CHINESE = "zh", _("Chinese")
    JAPANESE = "ja", _("Japanese")
    VIETNAMESE = "vi", _("Vietnamese")
    HINDI = "hi", _("Hindi")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    RUSSIAN = "ru", _("Russian")
    ARABIC = "ar", _("Arabic")
    INDONESIAN = "id", _("Indonesian")
    THAI = "th", _("Thai")
    UZBEK = "uz", _("Uzbek")
    MONGOLIAN = "mn", _("Mongolian")
    PORTUGUESE = "pt", _("Portuguese")
    ITALIAN = "it", _("Italian")
    TURKISH = "tr", _("Turkish")
    POLISH = "pl", _("Polish")
    PERSIAN = "fa", _("Persian")
