"""The `talentcenter` console command: manage.py with the project's settings.

Besides every Django command it knows the project's own (``serve``, ``worker``, ``demo``,
``assess``, ``simulate``, ``periodic``, ``import-reference``, ``totp``...); dashes in their names
are accepted for underscores. With no command, ``help``, ``-h`` or ``--help`` it lists the project's
own commands first, then Django's.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict

PROGRAM = "talentcenter"
ALIASES = {
    "worker": ["db_worker", "--queue-name", "*"],
    "import-reference": ["import_reference"],
}
# Commands that are not management commands of our apps, shown with them.
ALIAS_HELP = {"worker": "Run the background tasks (e-mail, issuance, alerts) from every queue."}
HELP_REQUESTS = {"help", "-h", "--help"}
# The order people meet the commands in: run it, fill it, ask it, look after it.
FIRST = ["serve", "worker", "periodic", "demo", "assess", "simulate", "import-reference", "matching-index", "totp"]


def _own_and_django_commands() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Our commands with the first line of their help, and Django's by the app that provides them."""
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    own: dict[str, str] = dict(ALIAS_HELP)
    others: dict[str, list[str]] = defaultdict(list)
    for name, app in get_commands().items():
        if app.startswith(f"{PROGRAM}."):
            help_text = str(load_command_class(app, name).help or "").strip()
            own[name.replace("_", "-")] = help_text.splitlines()[0] if help_text else ""
        else:
            others[app.rpartition(".")[2]].append(name)
    ordered = {name: own[name] for name in FIRST if name in own}
    ordered.update({name: text for name, text in sorted(own.items()) if name not in ordered})
    return ordered, others


def print_help() -> None:
    own, others = _own_and_django_commands()
    width = max(len(name) for name in own) + 2
    lines = [
        f"Usage: {PROGRAM} <command> [options]",
        f"       {PROGRAM} <command> --help    (the options of one command)",
        "",
        "talentcenter's commands:",
        *(f"  {name.ljust(width)}{text}" for name, text in own.items()),
        "",
        "Django's commands:",
    ]
    for app in sorted(others):
        lines.append(f"  [{app}]")
        lines.extend(f"    {name}" for name in sorted(others[app]))
    sys.stdout.write("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    args = list(sys.argv if argv is None else argv)
    if len(args) == 1 or (len(args) == 2 and args[1] in HELP_REQUESTS):
        print_help()
        return
    from django.core.management import execute_from_command_line

    name = args[1]
    if name in ALIASES:
        args[1:2] = ALIASES[name]
    elif not name.startswith("-"):
        args[1] = name.replace("-", "_")
    if len(args) > 2 and args[1] == "help" and not args[2].startswith("-"):
        args[2] = ALIASES.get(args[2], [args[2]])[0].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
