"""Population-decline areas (인구감소지역), the dated reference list the F-2-R visa reads.

The list (``reference/data/population_decline_areas.csv``) names each area by province and city,
county or district, in Korean and in English. A job's place is given as ``region`` (province) and
``district``; several districts share a name (서구 is in Busan, Daegu and Incheon), so an area is
certain only when both are given and match, and a district that is not on the list at all, in any
province, is certainly not an area.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from talentcenter.policy.engine.inputs import REFERENCE_DATA_DIR

FALSE, UNKNOWN, TRUE = 0, 1, 2

# Province names as people write them -> the list's short Korean name.
_PROVINCES: dict[str, tuple[str, ...]] = {
    "부산": ("busan", "부산광역시", "busan metropolitan city"),
    "대구": ("daegu", "대구광역시", "daegu metropolitan city"),
    "인천": ("incheon", "인천광역시", "incheon metropolitan city"),
    "경기": ("gyeonggi", "경기도", "gyeonggi do", "gyeonggi province"),
    "강원": ("gangwon", "강원도", "강원특별자치도", "gangwon do", "gangwon province", "gangwon state"),
    "충북": ("chungbuk", "충청북도", "chungcheongbuk do", "north chungcheong", "north chungcheong province"),
    "충남": ("chungnam", "충청남도", "chungcheongnam do", "south chungcheong", "south chungcheong province"),
    "전북": ("jeonbuk", "전라북도", "전북특별자치도", "jeollabuk do", "north jeolla", "jeonbuk state"),
    "전남": ("jeonnam", "전라남도", "jeollanam do", "south jeolla", "south jeolla province"),
    "경북": ("gyeongbuk", "경상북도", "gyeongsangbuk do", "north gyeongsang", "north gyeongsang province"),
    "경남": ("gyeongnam", "경상남도", "gyeongsangnam do", "south gyeongsang", "south gyeongsang province"),
}
_SUFFIX = re.compile(r"[\s-]*(gun|si|gu|county|city|district)$")
# Gunwi-gun moved from Gyeongbuk to Daegu on 1 July 2023; either province names it.
_ALSO_IN = {("경북", "군위군"): "대구"}


def _key(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("_", " ").casefold().split())


def province_key(text: str) -> str | None:
    key = _key(text)
    for short, names in _PROVINCES.items():
        if key == short or key in names:
            return short
    return None


def district_keys(text: str) -> set[str]:
    """The forms a district may be written in: 평창군 / 평창, Pyeongchang-gun / Pyeongchang (County)."""
    key = _key(text)
    forms = {key, _SUFFIX.sub("", key)}
    if len(key) > 2 and key[-1] in "시군구":
        forms.add(key[:-1])
    return forms


@dataclass(frozen=True)
class Area:
    province: str
    district_ko: str
    district_en: str
    designated_from: date
    designated_until: date | None

    def in_force(self, as_of: date) -> bool:
        return self.designated_from <= as_of and (self.designated_until is None or as_of <= self.designated_until)


@cache
def decline_areas() -> tuple[Area, ...]:
    lines = (REFERENCE_DATA_DIR / "population_decline_areas.csv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(line for line in lines if line.strip() and not line.startswith("#"))
    return tuple(
        Area(
            province=row["province_ko"],
            district_ko=row["district_ko"],
            district_en=row["district_en"],
            designated_from=date.fromisoformat(row["designated_from"]),
            designated_until=date.fromisoformat(row["designated_until"]) if row["designated_until"] else None,
        )
        for row in rows
    )


@cache
def in_decline_area(region: str, district: str, as_of: date) -> int:
    """TRUE, FALSE or UNKNOWN: is the job's place a population-decline area on the date?

    Not known without a district; a district on the list but with no province, or with one that
    is not recognised, needs review; a district that is on the list nowhere (in any form) is not
    an area.
    """
    if not district.strip():
        return UNKNOWN
    wanted = district_keys(district)
    named = [
        area
        for area in decline_areas()
        if wanted & (district_keys(area.district_ko) | district_keys(area.district_en)) and area.in_force(as_of)
    ]
    if not named:
        return FALSE
    province = province_key(region) if region.strip() else None
    if province is None:
        return UNKNOWN
    provinces = {area.province for area in named} | {
        also for area in named if (also := _ALSO_IN.get((area.province, area.district_ko)))
    }
    return TRUE if province in provinces else FALSE
