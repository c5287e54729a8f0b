"""Background tasks of the policy app; they take ids and are idempotent."""

from __future__ import annotations

from django_tasks import task

from talentcenter.policy import services


@task(queue_name="default")
def run_simulation(simulation_id: int) -> str:
    """Run a queued what-if simulation; a finished or failed one is left as it is."""
    return str(services.simulation_run(simulation_id=simulation_id).status)
