"""How the apps above privacy take part in a person's rights without privacy importing them.

privacy sits just above accounts so that every app that shows personal data (talent,
organizations, documents, cases, jobs, policy) can call ``services.record_personal_data_access``.
The data those apps hold reaches the privacy pages through the hooks below, registered once at
start-up by an app above them (today ``web.personal_data``, from ``WebConfig.ready``):

- ``export_sections``: name -> function(user) returning plain JSON data for the download;
- ``erasers``: functions(user) run inside the account-deletion transaction to erase or
  anonymise that app's personal fields (records kept for their legal retention stay);
- ``consent_withdrawn``: functions(user, purpose) run inside the withdrawal transaction, e.g.
  hiding the talent profile from companies when provision to companies is withdrawn;
- ``viewer_organisations``: function(user ids) -> {user id: organisation name}, to say which
  company read a person's data in "who saw me".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from talentcenter.accounts.models import User
from talentcenter.privacy.enums import Purpose

ExportSection = Callable[[User], Any]
Eraser = Callable[[User], None]
WithdrawalHook = Callable[[User, Purpose], None]
OrganisationResolver = Callable[[Iterable[int]], dict[int, str]]


@dataclass
class Hooks:
    export_sections: dict[str, ExportSection] = field(default_factory=dict)
    erasers: dict[str, Eraser] = field(default_factory=dict)
    consent_withdrawn: dict[str, WithdrawalHook] = field(default_factory=dict)
    viewer_organisations: OrganisationResolver | None = None


hooks = Hooks()


def register_export_section(name: str, section: ExportSection) -> None:
    hooks.export_sections[name] = section


def register_eraser(name: str, eraser: Eraser) -> None:
    hooks.erasers[name] = eraser


def register_withdrawal_hook(name: str, hook: WithdrawalHook) -> None:
    hooks.consent_withdrawn[name] = hook


def register_viewer_organisations(resolver: OrganisationResolver) -> None:
    hooks.viewer_organisations = resolver
