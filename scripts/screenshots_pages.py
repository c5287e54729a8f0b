"""Photograph the pages people look at, in Korean and English, 1280 and 390 pixels wide, on a demo
server of their own; also the first page of each issued certificate. For people to look at: the
pictures go to var/screenshots/ (or the folder given; var/ is not committed) with an index.md.

    scripts/screenshots --pages [folder]

Starts from nothing: a new SQLite database in a temporary folder, migrated and loaded with the
demo, served on a free port, then signs in as each demo role (staff with their second factor).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("ko", "en")
WIDTHS = (1280, 390)
PASSWORD = "demo-password-2026"
DOMAIN = "demo.talentcenter.kr"


@dataclass(frozen=True)
class Shot:
    name: str
    caption: str
    role: str  # "" for an anonymous visitor, else the demo account's local part
    path: str  # below the language prefix; {placeholders} are filled from the demo data
    open_notice: bool = False


SHOTS = (
    Shot("home", "Home: official-site notice, wordmark, footer", "", "/", open_notice=True),
    Shot("about", "About the center", "", "/about/"),
    Shot("accessibility", "Web accessibility statement", "", "/accessibility/"),
    Shot("privacy-policy", "Privacy policy", "", "/privacy/policy/"),
    Shot("rules", "Rules and their sources", "", "/rules/"),
    Shot("job-board", "Job board: salary filter", "", "/jobs/"),
    Shot("dashboard-talent", "My page of a talent: what to do next", "talent", "/dashboard/"),
    Shot("profile-review", "Profile review step: desired salary", "talent", "/talent/profile/review/"),
    Shot("self-check", "A saved self-check: summary links and points", "talent", "{self_check}"),
    Shot("dashboard-company", "My page of a company member", "company", "/dashboard/"),
    Shot("opening-new", "New opening: required boxes unticked", "company", "/jobs/manage/new/"),
    Shot("candidates", "Ranked candidates, ten to a page", "company", "{candidates}"),
    Shot("unverified-company", "An unverified company asks to post", "pending", "/jobs/manage/new/"),
    Shot("dashboard-staff", "My page of staff", "staff", "/dashboard/"),
    Shot("document-revoke", "Revoking asks to confirm the document", "staff", "{document}"),
    Shot("dev-mail", "Development mail catcher", "", "/dev/mail/"),
    Shot("events", "Events: list with filters", "", "/events/"),
    Shot("event", "An open fair's public page", "", "/events/global-talent-fair-coex/"),
    Shot("my-events", "My events: place, ticket, interviews, certificate", "talent", "/events/my/"),
    Shot("ticket", "A talent's ticket with its QR code", "talent", "{ticket}"),
    Shot("wishes", "Companies a talent wants to meet", "talent", "{wishes}"),
    Shot("booths", "A company's event booths", "company", "/events/booths/"),
    Shot("shortlist", "A booth's ranked candidates to shortlist", "company", "{shortlist}"),
    Shot("timetable", "A booth's interview timetable with held / no-show", "company", "{timetable}"),
    Shot("event-staff", "Staff event page: check-ins, funnel, certificates", "staff", "{event_staff}"),
    Shot("grid", "Staff interview grid", "staff", "{grid}"),
    Shot("check-in", "Check-in at the door", "staff", "{check_in}"),
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def talentcenter(environment: dict[str, str], *arguments: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "talentcenter", *arguments],
        env=environment,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def demo_paths() -> dict[str, str]:
    """The demo records the parametrised pages show (read from the demo database)."""
    import django

    django.setup()
    from django.urls import reverse

    from talentcenter.documents.models import IssuedDocument
    from talentcenter.jobs.models import Opening
    from talentcenter.policy.models import Assessment

    def below_language(url: str) -> str:
        return "/" + url.lstrip("/").split("/", 1)[1]

    opening = Opening.objects.filter(company__memberships__user__email=f"company@{DOMAIN}").order_by("pk").first()
    check = Assessment.objects.filter(created_by__email=f"talent@{DOMAIN}").order_by("pk").first()
    document = IssuedDocument.objects.filter(revoked_at__isnull=True).order_by("pk").first()
    paths = {}
    if opening:
        paths["candidates"] = below_language(reverse("jobs:manage_candidates", args=[opening.pk]))
    if check:
        paths["self_check"] = below_language(reverse("policy:pathfinder_saved_detail", args=[check.pk]))
    if document:
        paths["document"] = below_language(reverse("documents_backoffice:detail", args=[document.serial]))
        paths["certificate"] = below_language(reverse("documents_backoffice:pdf", args=[document.serial]))
    paths.update(event_paths(below_language))
    return paths


def event_paths(below_language: Any) -> dict[str, str]:
    """The demo's fairs: the open COEX fair (grid, shortlists) and the past one (outcomes)."""
    from django.urls import reverse

    from talentcenter.events.models import BoothRegistration, Event, TalentRegistration

    paths: dict[str, str] = {}
    open_fair = Event.objects.filter(slug="global-talent-fair-coex").first()
    past_fair = Event.objects.filter(slug="global-talent-fair-coex-past").first()
    seat = (
        TalentRegistration.objects.filter(profile__user__email=f"talent@{DOMAIN}", status="confirmed")
        .exclude(event=past_fair)
        .order_by("event__starts_at")
        .first()
    )
    if seat:
        paths["ticket"] = below_language(reverse("events:ticket", args=[seat.pk]))
        paths["wishes"] = below_language(reverse("events:registration_wishes", args=[seat.pk]))
    company = BoothRegistration.objects.filter(company__memberships__user__email=f"company@{DOMAIN}")
    if booth := company.filter(event=open_fair).first():
        paths["shortlist"] = below_language(reverse("events:booth_candidates", args=[booth.pk]))
    if booth := company.filter(interviews__isnull=False).order_by("-event__starts_at").first():
        paths["timetable"] = below_language(reverse("events:booth_schedule", args=[booth.pk]))
    if past_fair:
        paths["event_staff"] = below_language(reverse("events_backoffice:detail", args=[past_fair.pk]))
    if open_fair:
        paths["grid"] = below_language(reverse("events_backoffice:grid", args=[open_fair.pk]))
        paths["check_in"] = below_language(reverse("events_backoffice:check_in", args=[open_fair.pk]))
    return paths


def sign_in(page: object, base: str, role: str) -> None:
    email = f"{role}@{DOMAIN}"
    page.goto(f"{base}/ko/accounts/login/")  # type: ignore[attr-defined]
    form = page.locator("main form:has(input[name=password])")  # type: ignore[attr-defined]
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():  # type: ignore[attr-defined]
        form.locator("button[type=submit]").last.click()
    if page.locator("input[name=code]").count():  # type: ignore[attr-defined]
        code = talentcenter_code(email)
        page.locator("input[name=code]").fill(code)  # type: ignore[attr-defined]
        with page.expect_navigation():  # type: ignore[attr-defined]
            page.locator("main form button[type=submit]").last.click()  # type: ignore[attr-defined]


def talentcenter_code(email: str) -> str:
    """The current TOTP code, from the command (the ORM may not run inside Playwright's event loop)."""
    left = 30 - time.time() % 30
    if left < 3:
        time.sleep(left + 0.1)
    return talentcenter(dict(os.environ, PYTHONPATH=str(ROOT / "src")), "totp", email).strip()


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="talentcenter-pages-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **{key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "TALENTCENTER_ENV"}},
        "SQLITE_PATH": str(work / "pages.sqlite3"),
        "TALENTCENTER_VAR": str(work),
        "TALENTCENTER_SITE_URL": base,
        "PYTHONPATH": str(ROOT / "src"),
    }
    os.environ.update({key: value for key, value in environment.items() if key != "PYTHONPATH"})
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentcenter.settings")
    print(f"Demo database in {work}")
    talentcenter(environment, "migrate", "--no-input", "-v", "0")
    talentcenter(environment, "demo")
    server = subprocess.Popen(
        [sys.executable, "-m", "talentcenter", "serve", f"127.0.0.1:{port}", "--workers", "2"],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/ko/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        return photograph(folder, base, demo_paths())
    finally:
        server.terminate()
        server.wait(timeout=30)


def photograph(folder: Path, base: str, paths: dict[str, str]) -> int:
    from playwright.sync_api import sync_playwright

    rows = ["# Screenshots", "", "Made by `scripts/screenshots --pages` on the demo data.", ""]
    rows += ["| page | ko 1280 | ko 390 | en 1280 | en 390 |", "|---|---|---|---|---|"]
    missing = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"]
        )
        contexts: dict[str, object] = {}
        for shot in SHOTS:
            try:
                path = shot.path.format(**paths)
            except KeyError as unknown:
                print(f"skipped {shot.name}: the demo has no {unknown}")
                missing += 1
                continue
            context = contexts.get(shot.role)
            if context is None:
                context = browser.new_context()
                if shot.role:
                    sign_in(context.new_page(), base, shot.role)  # type: ignore[attr-defined]
                contexts[shot.role] = context
            cells = []
            for language in LANGUAGES:
                for width in WIDTHS:
                    page = context.new_page()  # type: ignore[attr-defined]
                    page.set_viewport_size({"width": width, "height": 900})
                    page.goto(f"{base}/{language}{path}")
                    if shot.open_notice:
                        page.locator("button[aria-controls]").first.click()
                    file = f"{shot.name}-{language}-{width}.png"
                    page.screenshot(path=str(folder / file), full_page=True)
                    page.close()
                    cells.append(f"[{width}]({file})")
            rows.append(f"| {shot.caption} | " + " | ".join(cells) + " |")
        if "certificate" in paths:
            staff = contexts.get("staff")
            if staff is not None:
                response = staff.request.get(f"{base}/ko{paths['certificate']}")  # type: ignore[attr-defined]
                pdf = folder / "certificate.pdf"
                pdf.write_bytes(response.body())
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(folder / "certificate")], check=True
                )
                pdf.unlink()
                rows += ["", "Issued certificate, first page: [certificate.png](certificate.png)"]
        browser.close()
    (folder / "index.md").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"Screenshots: {folder}/index.md")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
