"""On PostgreSQL, a trigram index makes substring search over 100,000 profiles fast."""

from django.db import migrations


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm;")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS talent_profile_search_trgm "
        "ON talent_talentprofile USING gin (search_document gin_trgm_ops);"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS talent_profile_search_trgm;")


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]
    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
