"""Talent-request releases become snapshots: the released parts of the profile are copied into the
shortlist entry when the talent agrees, and erased when the talent withdraws (a new status).
Releases made before this migration get their snapshot from the profile as it is now (the best copy
there is), in the snapshot format of version 1."""

from django.conf import settings
from django.db import migrations, models

PARTS = ["name", "contact", "nationality_headline", "education", "experience", "skills", "languages"]


def _day(value):
    return value.isoformat() if value is not None else None


def snapshot_existing_releases(apps, schema_editor):
    ShortlistEntry = apps.get_model("jobs", "ShortlistEntry")
    ProfileRelease = apps.get_model("jobs", "ProfileRelease")
    ProfileRelease.objects.update(parts=PARTS)
    for entry in ShortlistEntry.objects.filter(status="released").select_related("profile__user"):
        profile = entry.profile
        taken_at = entry.answered_at or entry.created_at
        entry.snapshot = {
            "version": 1,
            "taken_at": taken_at.isoformat(),
            "name": " ".join(part for part in (profile.given_name, profile.family_name) if part),
            "name_hangul": profile.name_hangul,
            "email": profile.contact_email or profile.user.email,
            "phone": profile.phone,
            "nationality": str(profile.nationality or ""),
            "headline": profile.headline,
            "education": [
                {
                    "level": item.level,
                    "field": item.field,
                    "institution": item.institution,
                    "completed_on": _day(item.completed_on),
                }
                for item in profile.educations.order_by("-level", "-completed_on", "id")
            ],
            "experience": [
                {
                    "organization": item.organization,
                    "role": item.role,
                    "field": item.field,
                    "started_on": _day(item.started_on),
                    "ended_on": _day(item.ended_on),
                }
                for item in profile.experiences.order_by("-started_on", "id")
            ],
            "skills": [
                {
                    "code": item.skill.code,
                    "name_en": item.skill.name_en,
                    "name_ko": item.skill.name_ko,
                    "proficiency": item.proficiency,
                }
                for item in profile.skills.select_related("skill").order_by("-proficiency", "skill_id")
            ],
            "languages": [
                {"language": item.language, "test": item.test, "level": item.level}
                for item in profile.languages.order_by("language")
            ],
        }
        entry.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_board_trigram_index"),
        ("organizations", "0001_initial"),
        ("talent", "0003_desired_salary"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="shortlistentry",
            name="shortlist_status_valid",
        ),
        migrations.AddField(
            model_name="profilerelease",
            name="first_viewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="first opened by the company"),
        ),
        migrations.AddField(
            model_name="profilerelease",
            name="last_viewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last opened by the company"),
        ),
        migrations.AddField(
            model_name="profilerelease",
            name="parts",
            field=models.JSONField(blank=True, default=list, verbose_name="released parts"),
        ),
        migrations.AddField(
            model_name="profilerelease",
            name="snapshot_version",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="snapshot version"),
        ),
        migrations.AddField(
            model_name="profilerelease",
            name="withdrawn_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="withdrawn at"),
        ),
        migrations.AddField(
            model_name="shortlistentry",
            name="snapshot",
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name="released data"),
        ),
        migrations.AlterField(
            model_name="shortlistentry",
            name="status",
            field=models.CharField(
                choices=[
                    ("proposed", "Proposed by the center"),
                    ("invited", "Waiting for the talent's agreement"),
                    ("released", "Agreed: profile shared with the company"),
                    ("declined", "Declined by the talent"),
                    ("removed", "Removed by the center"),
                    ("withdrawn", "Withdrawn by the talent"),
                ],
                default="proposed",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddIndex(
            model_name="profilerelease",
            index=models.Index(fields=["profile", "-released_at"], name="jobs_releases_of_profile_idx"),
        ),
        migrations.AddConstraint(
            model_name="shortlistentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["proposed", "invited", "released", "declined", "removed", "withdrawn"])
                ),
                name="shortlist_status_valid",
            ),
        ),
        migrations.RunPython(snapshot_existing_releases, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="shortlistentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("snapshot__isnull", False), ("status", "released")),
                    models.Q(models.Q(("status", "released"), _negated=True), ("snapshot__isnull", True)),
                    _connector="OR",
                ),
                name="shortlist_snapshot_only_while_released",
            ),
        ),
    ]
