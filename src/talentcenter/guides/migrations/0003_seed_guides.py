"""The programme guides the center ships (``guides/seed.py``), published as their first revision."""

from typing import Any

from django.db import migrations
from django.utils import timezone


def seed(apps: Any, schema_editor: Any) -> None:
    from talentcenter.guides import citations, seed

    seed.load_guides(
        apps.get_model("guides", "Guide"),
        apps.get_model("guides", "GuideRevision"),
        snapshot=citations.snapshot,
        now=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [("guides", "0002_trigram_extension")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
