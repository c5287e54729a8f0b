"""pg_trgm for the search's trigram similarity (Korean has no stemmer). On SQLite the operation
does nothing (Django skips extensions on other databases) and the search falls back to icontains."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("guides", "0001_initial")]

    operations = [TrigramExtension()]
