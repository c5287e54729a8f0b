"""The `talentcenter` console command: manage.py with the project's settings.

Besides every Django command it knows the project's own (``serve``, ``demo``, ``worker``,
``import-reference``, ``totp``); dashes in their names are accepted for underscores.
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "worker": ["db_worker", "--queue-name", "*"],
    "import-reference": ["import_reference"],
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1:
        name = args[1]
        if name in ALIASES:
            args[1:2] = ALIASES[name]
        else:
            args[1] = name.replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
