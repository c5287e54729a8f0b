"""A list endpoint's rows as ninja's paginator slices them, with the page it hands out logged.

``@paginate`` counts the rows, then slices one page of them; only that page is read, so only the
people on it are logged — with one list call (one SELECT for the throttle, one bulk INSERT), one
row per person, so that each sees the read in "who saw me".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, Literal, TypeVar

from django.db.models import Model, QuerySet

from talentcenter.accounts.models import User
from talentcenter.privacy.enums import AccessWhat
from talentcenter.privacy.services import record_personal_data_list_access

Row = TypeVar("Row", bound=Model)


class LoggedPage(Generic[Row]):
    """``rows`` for ``@paginate``: ``people(page)`` names the persons whose data the page shows."""

    def __init__(
        self,
        rows: QuerySet[Row],
        *,
        viewer: User,
        people: Callable[[list[Row]], Iterable[User]],
        what: AccessWhat,
        via: Literal["web", "api"] = "api",
    ) -> None:
        self.rows = rows
        self.viewer = viewer
        self.people = people
        self.what = what
        self.via: Literal["web", "api"] = via

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        # ninja counts with ``rows.all().count()`` and falls back on len() (this is no QuerySet).
        return self.count()

    def __getitem__(self, index: slice) -> list[Row]:
        page = list(self.rows[index])
        record_personal_data_list_access(viewer=self.viewer, subjects=self.people(page), what=self.what, via=self.via)
        return page
