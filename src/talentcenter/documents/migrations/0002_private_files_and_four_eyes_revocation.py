"""Four-eyes revocation with a public reason category, and random names for the issued PDFs.

Documents revoked before categories existed get "other reasons"; their note stays internal.
The issued PDFs stored under their serial (``issued/<year>/<serial>.pdf``) get a random name.

Each file is copied to ``issued/<random>.pdf`` and its row pointed there; the old files are deleted
only once the transaction has committed, so a failed migration leaves every row pointing at a file
that exists (at worst with an orphan copy). A row whose file is missing is left as it is. Case
uploads keep their old names: nothing serves ``/media/`` any more, so they are reachable only
through the permission-checked views, and new uploads get random names.
"""

import secrets
from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import migrations, models, transaction


def categorise_earlier_revocations(apps, schema_editor):
    """Documents revoked before categories existed say "Other reasons"; their note stays internal."""
    apps.get_model("documents", "IssuedDocument").objects.filter(status="revoked").update(revocation_category="other")


def rename_issued_files(apps: Any, schema_editor: Any) -> None:
    issued_document = apps.get_model("documents", "IssuedDocument")
    replaced: list[str] = []
    for document in issued_document.objects.exclude(file="").only("pk", "serial", "file").iterator():
        old_name = document.file.name
        if document.serial not in old_name or not default_storage.exists(old_name):
            continue
        with default_storage.open(old_name, "rb") as handle:
            new_name = default_storage.save(f"issued/{secrets.token_urlsafe(32)}.pdf", handle)
        issued_document.objects.filter(pk=document.pk).update(file=new_name)
        replaced.append(old_name)
    if replaced:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in replaced])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="issueddocument",
            name="documents_revocation_consistent",
        ),
        migrations.AddField(
            model_name="issueddocument",
            name="requested_revocation_category",
            field=models.CharField(
                blank=True,
                choices=[
                    ("issued_in_error", "Issued in error"),
                    ("superseded", "Replaced by a newer document"),
                    ("obtained_by_deception", "Obtained with false information"),
                    ("holders_request", "At the holder's request"),
                    ("case_reopened", "The application was reopened for a new review"),
                    ("other", "Other reasons"),
                ],
                max_length=30,
                verbose_name="requested reason for revocation",
            ),
        ),
        migrations.AddField(
            model_name="issueddocument",
            name="requested_revocation_note",
            field=models.TextField(blank=True, verbose_name="note on the requested revocation"),
        ),
        migrations.AddField(
            model_name="issueddocument",
            name="revocation_category",
            field=models.CharField(
                blank=True,
                choices=[
                    ("issued_in_error", "Issued in error"),
                    ("superseded", "Replaced by a newer document"),
                    ("obtained_by_deception", "Obtained with false information"),
                    ("holders_request", "At the holder's request"),
                    ("case_reopened", "The application was reopened for a new review"),
                    ("other", "Other reasons"),
                ],
                max_length=30,
                verbose_name="reason for revocation",
            ),
        ),
        migrations.AddField(
            model_name="issueddocument",
            name="revocation_requested_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="revocation requested at"),
        ),
        migrations.AddField(
            model_name="issueddocument",
            name="revocation_requested_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="revocation requested by",
            ),
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="revocation_reason",
            field=models.TextField(blank=True, verbose_name="internal note on the revocation"),
        ),
        migrations.RunPython(categorise_earlier_revocations, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="issueddocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("revocation_category", ""),
                        ("revocation_reason", ""),
                        ("revoked_at__isnull", True),
                        ("revoked_by__isnull", True),
                        ("status", "valid"),
                    ),
                    models.Q(
                        (
                            "revocation_category__in",
                            [
                                "issued_in_error",
                                "superseded",
                                "obtained_by_deception",
                                "holders_request",
                                "case_reopened",
                                "other",
                            ],
                        ),
                        ("revocation_requested_at__isnull", True),
                        ("revoked_at__isnull", False),
                        ("status", "revoked"),
                        models.Q(("revocation_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="documents_revocation_consistent",
            ),
        ),
        migrations.AddConstraint(
            model_name="issueddocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("requested_revocation_category", ""),
                        ("requested_revocation_note", ""),
                        ("revocation_requested_at__isnull", True),
                        ("revocation_requested_by__isnull", True),
                    ),
                    models.Q(
                        (
                            "requested_revocation_category__in",
                            [
                                "issued_in_error",
                                "superseded",
                                "obtained_by_deception",
                                "holders_request",
                                "case_reopened",
                                "other",
                            ],
                        ),
                        ("revocation_requested_at__isnull", False),
                        ("revocation_requested_by__isnull", False),
                        models.Q(("requested_revocation_note", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="documents_revocation_request_complete",
            ),
        ),
        migrations.RunPython(rename_issued_files, migrations.RunPython.noop, elidable=True),
    ]
