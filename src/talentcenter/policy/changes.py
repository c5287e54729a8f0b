"""Who is told when policy staff publish changed parameters.

The policy app sits below the apps that describe its rules (guides cite parameters), so it cannot
call them; they register a listener here when Django starts (``AppConfig.ready``). A listener is
called inside the publishing transaction, with the names of the parameters the variant changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from talentcenter.accounts.models import User


class ParameterListener(Protocol):
    def __call__(self, *, names: frozenset[str], change: str, actor: User | None) -> object: ...


_LISTENERS: list[Callable[..., object]] = []


def listen_to_parameter_changes(listener: ParameterListener) -> None:
    """Register ``listener`` once (``ready`` may run more than once in tests)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def parameters_changed(*, names: frozenset[str], change: str, actor: User | None) -> None:
    """Tell every listener that the parameters ``names`` changed; ``change`` names the change
    (the variant's name) in the words staff read."""
    if not names:
        return
    for listener in list(_LISTENERS):
        listener(names=names, change=change, actor=actor)
