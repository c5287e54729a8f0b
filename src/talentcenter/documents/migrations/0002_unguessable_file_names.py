"""Give the issued PDFs stored under their serial (``issued/<year>/<serial>.pdf``) a random name.

Each file is copied to ``issued/<random>.pdf`` and its row pointed there; the old files are deleted
only once the transaction has committed, so a failed migration leaves every row pointing at a file
that exists (at worst with an orphan copy). A row whose file is missing is left as it is. Case
uploads keep their old names: nothing serves ``/media/`` any more, so they are reachable only
through the permission-checked views, and new uploads get random names.
"""

import secrets
from typing import Any

from django.core.files.storage import default_storage
from django.db import migrations, transaction


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
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(rename_issued_files, migrations.RunPython.noop, elidable=True)]
