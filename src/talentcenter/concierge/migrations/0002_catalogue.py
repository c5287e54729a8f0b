"""Seed the settlement-service catalogue, so a fresh database offers it (staff edit it afterwards)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from talentcenter.concierge.catalogue import catalogue_rows

    service_model = apps.get_model("concierge", "SettlementService")
    existing = set(service_model.objects.values_list("code", flat=True))
    service_model.objects.bulk_create([service_model(**row) for row in catalogue_rows() if row["code"] not in existing])


class Migration(migrations.Migration):
    dependencies = [("concierge", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
