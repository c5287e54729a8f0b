"""The API's staff queue reads a page in a fixed number of queries, however many cases it lists."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import staff_client_with_second_factor
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cases import CasePeople, start, walk

pytestmark = pytest.mark.django_db


def test_the_api_queue_costs_the_same_queries_for_one_case_or_many(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    people = CasePeople.create()
    client = staff_client_with_second_factor(people.reviewer)
    counts = []
    for listed in (1, 4):
        while len(client.get("/api/v1/staff/cases").json()["items"]) < listed:
            people.talent = CasePeople.create().talent
            walk(start(people), people, "submitted")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/staff/cases")
        assert len(response.json()["items"]) == listed
        counts.append(len(queries))

    assert counts[0] == counts[1]
