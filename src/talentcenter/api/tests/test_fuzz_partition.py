"""Each API operation is fuzzed in process by exactly one test: the app's own fuzz test when its
path is one of ``fuzzing.DEDICATED``, the generic one otherwise."""

from __future__ import annotations

import re

from talentcenter.api.urls import api
from tests.fuzzing import DEDICATED

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def operations() -> list[str]:
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method in item
        if method in HTTP_METHODS
    ]


def test_no_operation_is_fuzzed_by_two_dedicated_tests() -> None:
    # Given every operation of the document
    every_operation = operations()

    # When each is matched against the dedicated tests' path patterns
    owners = {
        operation: [name for name, pattern in DEDICATED.items() if re.search(pattern, operation.split(" ", 1)[1])]
        for operation in every_operation
    }

    # Then none has two owners (no owner means the generic test takes it), and each dedicated test
    # has operations to fuzz
    assert len(every_operation) > 100
    assert {operation: names for operation, names in owners.items() if len(names) > 1} == {}
    assert {name for names in owners.values() for name in names} == set(DEDICATED)
    assert sum(1 for names in owners.values() if not names) > 30
