"""Named transitions between statuses, and the one guarded move that changes a status.

Each status field with a lifecycle (a company's verification, a case, an opening, an application's
stage…) declares one :class:`TransitionMap`: its status enum, the field, and each transition by
name with its label, the statuses it starts from and the status it leads to. A service asks the map
by name; :meth:`TransitionMap.move` is the one place in the code that assigns a status, and a move
the map does not allow from the current status raises :class:`TransitionNotAllowed` (code
``conflict``, 409 in the API). It is what the second of two people pressing the same button at once
gets: the first moved the record, the second finds it in another status under the lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Transition:
    """One named move from any of ``sources`` to ``target``; ``label`` is what its button says."""

    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str


# How a transition is written in a map: (name, label, sources, target).
TransitionRow = tuple[str, str | Promise, Iterable[str], str]


class TransitionNotAllowed(ValidationError):
    """The record is not (or no longer) in a status from which this step starts."""

    def __init__(self, *, transition: str, status: str, status_label: str) -> None:
        super().__init__(
            _(
                "This is now “{status}”, so it cannot be done any more. Reload the page to see its current state."
            ).format(status=status_label),
            code="conflict",
        )
        self.transition = transition
        self.status = status


class TransitionMap(Mapping[str, Transition]):
    """The named transitions of one status field, in the order they are offered.

    Every source and target must be a value of ``statuses``, so a typo fails at import. Permissions
    and the business guards of a step (a reason is given, the checklist is complete…) stay in the
    services; the map only says which status a step may start from and where it leads.
    """

    def __init__(self, statuses: type[models.TextChoices], *rows: TransitionRow, field: str = "status") -> None:
        self.statuses = statuses
        self.field = field
        self._transitions: dict[str, Transition] = {}
        for name, label, sources, target in rows:
            if name in self._transitions:
                raise ValueError(f"The transition {name!r} is declared twice.")
            self._transitions[name] = Transition(
                name=name,
                label=label,
                sources=frozenset(self._status(source, name) for source in sources),
                target=self._status(target, name),
            )

    def _status(self, value: str, transition: str) -> str:
        try:
            return self.statuses(value)
        except ValueError:
            raise ValueError(
                f"The transition {transition!r} names {str(value)!r}, which is not a {self.statuses.__name__}."
            ) from None

    def __getitem__(self, name: str) -> Transition:
        return self._transitions[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._transitions)

    def __len__(self) -> int:
        return len(self._transitions)

    def __repr__(self) -> str:
        return f"<TransitionMap of {self.statuses.__name__}.{self.field}: {', '.join(self._transitions)}>"

    def derive(self, statuses: type[models.TextChoices], *rows: TransitionRow) -> TransitionMap:
        """A map over another status enum that agrees with this one except where ``rows`` say.

        A row named like one of this map's transitions replaces it in place; a row with a new name
        comes right after the row written before it here (at the end when it is the first). So a
        derived map states only its differences, and the order of the shared steps stays the same.
        """
        rows_by_name: dict[str, TransitionRow] = {
            transition.name: (transition.name, transition.label, transition.sources, transition.target)
            for transition in self.values()
        }
        order = list(rows_by_name)
        previous: str | None = None
        for row in rows:
            name = row[0]
            if name not in rows_by_name:
                order.insert(order.index(previous) + 1 if previous is not None else len(order), name)
            rows_by_name[name] = row
            previous = name
        return TransitionMap(statuses, *(rows_by_name[name] for name in order), field=self.field)

    def allowed(self, status: str) -> list[Transition]:
        """The transitions that start from ``status`` (permissions and business guards come on top)."""
        return [transition for transition in self.values() if status in transition.sources]

    def status_label(self, status: str) -> str:
        """The status in words, as its enum says it (the raw value for a status the enum lacks)."""
        try:
            return str(self.statuses(status).label)
        except ValueError:
            return str(status)

    def not_allowed(self, record: Any, name: str) -> TransitionNotAllowed:
        """The refusal of step ``name`` in the record's current status.

        Raised by :meth:`move` for a transition the map refuses, and by services for a step that
        changes no status but needs certain ones (uploading a document to a case under review…)."""
        status: str = getattr(record, self.field)
        return TransitionNotAllowed(transition=name, status=status, status_label=self.status_label(status))

    def target_of(self, record: Any, name: str) -> str:
        """The status transition ``name`` leads the record to, or :class:`TransitionNotAllowed`.

        A service asks this first, before its business guards, so that a record that has moved on is
        a conflict (reload) rather than an invalid input (correct it)."""
        transition = self._transitions.get(name)
        if transition is None or getattr(record, self.field) not in transition.sources:
            raise self.not_allowed(record, name)
        return transition.target

    def move(self, record: Any, name: str) -> tuple[str, str]:
        """Set the record's status by transition ``name``; returns ``(old, new)``.

        Does not save: the service saves and writes its audit event in the same transaction, with
        the row locked, so that the status it checked here is the status it changes."""
        target = self.target_of(record, name)
        old: str = getattr(record, self.field)
        setattr(record, self.field, target)
        return old, target
