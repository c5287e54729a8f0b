"""The OpenAPI document and the interactive docs, which must work under the strict CSP."""

from __future__ import annotations

import re

from tests.api import ApiClient


def test_the_openapi_document_is_3_1_and_documents_the_error_contract(anonymous: ApiClient) -> None:
    response = anonymous.get("openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert set(document["components"]["securitySchemes"]) == {"BearerTokenAuth", "SessionAuth"}
    error = document["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"code", "message", "fields"}
    profile_patch = document["paths"]["/api/v1/me/profile"]["patch"]["responses"]
    assert set(profile_patch) == {"200", "400", "401", "403", "404", "409", "422", "429"}


def test_the_docs_page_loads_its_assets_from_this_site_only(anonymous: ApiClient) -> None:
    response = anonymous.get("docs")

    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(source.startswith("/static/") for source in sources), sources
    assert "<script>" not in html  # no inline script: the CSP allows 'self' only
    assert "script-src 'self'" in response["Content-Security-Policy"]
