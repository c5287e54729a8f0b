"""Each piece of web plumbing is decided in one place; a copy that comes back fails here.

These read the source (tests excluded): the page guard is ``foundation.views.role_required``, a
service's errors reach a form through ``foundation.forms.add_service_errors``, the active
language is read through ``foundation.i18n``, the signed-in user of a request through
``accounts.request_user.signed_in_user``, and notices link to pages through
``notifications.services.notice_path`` (``reverse()``), never a path written by hand.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath

PACKAGE = Path(__file__).resolve().parents[2]


def _app_modules() -> list[tuple[str, str]]:
    """(path below the package, source) of every module outside foundation, tests and migrations."""
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = PurePosixPath(path.relative_to(PACKAGE).as_posix())
        if relative.parts[0] == "foundation" or {"tests", "migrations"} & set(relative.parts):
            continue
        modules.append((str(relative), path.read_text(encoding="utf-8")))
    return modules


def _is_api(relative: str) -> bool:
    """The API assembly and the apps' routers (``<app>/api.py``, ``<app>/api/``)."""
    return "api" in PurePosixPath(relative).with_suffix("").parts


def _offenders(pattern: str, *, allowed: Callable[[str], bool] = lambda relative: False) -> list[str]:
    found = re.compile(pattern)
    return [
        f"{relative}:{number}: {line.strip()}"
        for relative, source in _app_modules()
        if not allowed(relative)
        for number, line in enumerate(source.splitlines(), start=1)
        if found.search(line)
    ]


def test_the_scan_reads_the_apps() -> None:
    names = {relative for relative, _source in _app_modules()}
    assert {"cases/backoffice.py", "web/backoffice.py", "jobs/views/talent.py", "policy/engine/evaluate.py"} <= names
    assert not any(name.startswith(("foundation/", "web/tests/")) for name in names)


def test_no_module_reads_the_active_language_itself() -> None:
    """Use ``current_language()``, ``language_of()`` or ``in_language()`` from ``foundation.i18n``."""
    assert _offenders(r"\bget_language\(|startswith\(\s*[\"']ko") == []


def test_no_module_defines_its_own_role_guard() -> None:
    """Use ``role_required(policies.<predicate>)`` from ``foundation.views``."""
    assert _offenders(r"^\s*def \w+_required\(") == []


def test_no_page_copies_the_service_errors_to_form_loop() -> None:
    """Use ``add_service_errors`` from ``foundation.forms``; the API has its own error contract."""
    assert _offenders(r"error_dict\.items\(\)", allowed=_is_api) == []


def test_no_module_casts_the_request_user_itself() -> None:
    """Use ``signed_in_user(request)`` from ``accounts.request_user``: it refuses nobody, not guesses."""
    assert _offenders(r"cast\(\s*[\"']?User[\"']?\s*,\s*request\.user|request\.user\s*#\s*type:\s*ignore") == []


def _literal_paths(source: str) -> list[str]:
    """String literals and f-strings that begin with ``/``, i.e. a page path written by hand."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) and node.values:
            node = node.values[0]
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("/"):
            found.append(node.value)
    return found


def test_notices_link_to_pages_by_name() -> None:
    notices = [
        (relative, source)
        for relative, source in _app_modules()
        if "notices" in (Path(relative).stem, Path(relative).parent.name)
    ]
    assert {"cases/notices.py", "jobs/notices/requests.py"} <= {relative for relative, _source in notices}
    assert {relative: _literal_paths(source) for relative, source in notices if _literal_paths(source)} == {}
