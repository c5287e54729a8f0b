"""Stored-pool simulations no longer name assessments in their rows.

Results written before labelled each changed applicant "assessment #<id>". Their rows are relabelled
"A-000001", "A-000002", … in the order the applicants first appear (rows are listed in pool order),
so a saved result names no record; the link to the assessment is not kept anywhere.
"""

import re
from typing import Any

from django.db import migrations

ASSESSMENT_LABEL = re.compile(r"^assessment #\d+$")


def relabel(result: Any) -> bool:
    """Replace the assessment ids in one result's flips; say whether anything changed."""
    flips = result.get("flips") if isinstance(result, dict) else None
    if not isinstance(flips, list):
        return False
    numbers: dict[str, str] = {}
    changed = False
    for flip in flips:
        label = flip.get("row") if isinstance(flip, dict) else None
        if isinstance(label, str) and ASSESSMENT_LABEL.match(label):
            flip["row"] = numbers.setdefault(label, f"A-{len(numbers) + 1:06d}")
            changed = True
    return changed


def relabel_stored_simulations(apps: Any, schema_editor: Any) -> None:
    simulation = apps.get_model("policy", "Simulation")
    for row in simulation.objects.filter(pool_kind="stored").only("pk", "result").iterator():
        if relabel(row.result):
            simulation.objects.filter(pk=row.pk).update(result=row.result)


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]

    operations = [migrations.RunPython(relabel_stored_simulations, migrations.RunPython.noop, elidable=True)]
