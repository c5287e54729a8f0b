"""The example applicant of the issue (MIT doctorate, Samsung Electronics, a semiconductor offer)."""

from __future__ import annotations

import copy
from typing import Any

_EXAMPLE: dict[str, Any] = {
    "person": {"birth_date": "1987-03-14", "nationality": "IN"},
    "education": [
        {
            "level": "doctorate",
            "field": "electrical engineering",
            "institution": "Massachusetts Institute of Technology",
            "country": "US",
            "completed": "2014-05-31",
        }
    ],
    "experience": [
        {
            "organization": "Samsung Electronics",
            "kind": "company",
            "field": "semiconductor",
            "start": "2014-07-01",
            "end": None,
            "postdoctoral": False,
        }
    ],
    "offer": {
        "company": "Example Semi Co.",
        "company_size": "sme",
        "industry": "semiconductor",
        "technology_field": "digital_electronics",
        "annual_salary_krw": 160000000,
        "occupation": "2211",
        "region": "Gyeonggi",
    },
    "languages": [{"language": "ko", "test": "TOPIK", "level": 3}],
    "government_programme": None,
    "qualitative_scores": {"technical_expertise": 20, "strategic_value": 10},
}


def example_applicant() -> dict[str, Any]:
    """A fresh copy each time, so a test may change it."""
    return copy.deepcopy(_EXAMPLE)
