"""Building blocks shared by the routers: strict inputs, plain text, pagination."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from annotated_types import GroupedMetadata
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.params import functions as param_functions
from pydantic import AfterValidator, BeforeValidator, ConfigDict

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000
FORBIDDEN_CHARACTERS = frozenset("<>\x00")


class InputSchema(Schema):
    """Every request body: unknown fields are refused, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")


def _plain(value: str) -> str:
    if any(char in FORBIDDEN_CHARACTERS for char in value):
        raise ValueError(_("Remove the characters < and >; markup is not allowed here."))
    if any(ord(char) < 32 and char not in "\t\n\r" for char in value):
        raise ValueError(_("Remove the control characters."))
    return value


@dataclass(frozen=True)
class PlainText(GroupedMetadata):
    """A string without markup or control characters, of bounded length.

    Written as ``Annotated[str, PlainText(80)]``, so type checkers see a ``str``.
    """

    max_length: int
    min_length: int = 0

    def __iter__(self) -> Iterator[object]:
        yield Field(min_length=self.min_length, max_length=self.max_length)
        yield AfterValidator(_plain)


class Pagination(LimitOffsetPagination):
    """``limit`` (1–100, default 25) and ``offset``; the answer carries ``items`` and ``count``."""

    class Input(Schema):
        limit: int = Field(25, ge=1, le=MAX_LIMIT, description="How many items to return.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


MAX_ID = 2**63 - 1
# A database id in a path: a positive 64-bit integer, so a huge number is a 422, not an overflow.
ObjectId = Annotated[int, param_functions.Path(..., ge=1, le=MAX_ID)]


def _whole_number(value: Any) -> Any:
    # JSON has no integer enums or booleans in disguise: "30", 30.0 and true are not 30.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(_("Enter a whole number."))
    return value


def _boolean(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError(_("Enter true or false."))
    return value


def _date_text(value: Any) -> Any:
    if not isinstance(value, str | date):
        raise ValueError(_("Enter a valid date (YYYY-MM-DD)."))
    return value


# An integer (or integer enum) that must arrive as a JSON integer: ``Annotated[int, WholeNumber]``.
WholeNumber = BeforeValidator(_whole_number)
StrictBoolean = Annotated[bool, BeforeValidator(_boolean)]
DateText = Annotated[date, BeforeValidator(_date_text)]
