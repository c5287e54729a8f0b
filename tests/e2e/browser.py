"""Browser helpers: accessibility checks with axe-core, screenshots, and following what was loaded."""

from __future__ import annotations

import os
import re
import shutil
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM_PATH = Path(os.environ.get("TALENTCENTER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPOSITORY = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR", REPOSITORY / "test-results" / "screenshots"))
# Widths at which each checked page is photographed; "" turns screenshots off.
SCREENSHOT_WIDTHS = [
    int(width) for width in os.environ.get("E2E_SCREENSHOT_WIDTHS", "1280,390").split(",") if width.strip()
]
# Widths at which axe-core checks each page: desktop, and a phone where tables scroll and menus fold.
AXE_WIDTHS = [int(width) for width in os.environ.get("E2E_AXE_WIDTHS", "1280,390").split(",") if width.strip()]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# WCAG 1.4.10 Reflow (AA), which axe-core does not test: at phone width nothing may need sideways
# scrolling of the whole page. "fail" (the default) fails the test, "warn" only reports it as a
# pytest warning, "off" skips the check.
REFLOW = os.environ.get("E2E_REFLOW", "fail")
PHONE_WIDTH = 390
WIDER_THAN_VIEWPORT = """width => {
  const offenders = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    if (offenders.some(offender => offender.contains(element))) continue;
    let clipped = false;
    for (let up = element; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.position === "fixed" || (up !== element && style.overflowX !== "visible")) { clipped = true; break; }
    }
    if (!clipped) offenders.push(element);
  }
  const right = element => Math.round(element.getBoundingClientRect().right);
  offenders.sort((one, other) => right(other) - right(one));
  return offenders.slice(0, 3).map(element => {
    const classes = typeof element.className === "string" ? element.className.trim().split(/\\s+/) : [];
    const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "");
    return name + classes.filter(Boolean).map(c => "." + c).join("") + " reaches " + right(element) + "px";
  });
}"""


class ReflowWarning(UserWarning):
    """The page needs sideways scrolling at phone width (WCAG 1.4.10 Reflow)."""


def reflow_problems(page: Any) -> str:
    """Empty when the page fits its viewport's width; otherwise what sticks out."""
    width = page.viewport_size["width"]
    page_width = page.evaluate("document.documentElement.scrollWidth")
    if page_width <= width:
        return ""
    offenders = page.evaluate(WIDER_THAN_VIEWPORT, width)
    return f"{page.url} is {page_width}px wide at {width}px (WCAG 1.4.10 Reflow): " + "; ".join(offenders)


def _axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def accessibility_violations(page: Any) -> list[dict[str, Any]]:
    """What axe-core finds against WCAG 2.1 A and AA on the page as it is now."""
    results = _axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return list(results.response["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:5]:
            target = ", ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node['html'][:200]}")
            summary = node.get("failureSummary") or ""
            lines.extend(f"      {line}" for line in summary.splitlines()[:4])
    return "\n".join(lines)


def assert_accessible(page: Any) -> None:
    """Fail with the list of WCAG 2.1 A/AA violations axe-core finds on the current page."""
    violations = accessibility_violations(page)
    if violations:
        raise AssertionError(
            f"axe-core found accessibility violations on {page.url}:\n{describe_violations(violations)}"
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "page"


# The distinct pages (language and URL pattern) already checked at phone width in this test
# process. A journey passes the same page many times (a case page after every step); its layout at
# phone width is the same each time, so it is checked at the first visit and not again.
_CHECKED_AT_PHONE_WIDTH: set[tuple[str, str]] = set()


def page_identity(url: str) -> tuple[str, str]:
    """(language, route) of a site URL: ``/en/applications/12/`` and ``/en/applications/40/`` are
    one page, ``/ko/applications/12/`` another. A URL the site does not route is its own page."""
    from django.urls import Resolver404, resolve
    from django.utils import translation

    path = urlsplit(url).path
    prefix = re.match(r"/(ko|en)/", path)
    language = prefix[1] if prefix else ""
    with translation.override(language or None):
        try:
            match = resolve(path)
        except Resolver404:
            return language, path
    return language, match.route or match.view_name or path


def first_visit_at_phone_width(url: str) -> bool:
    """True the first time this page (language and route) is seen in this test process."""
    identity = page_identity(url)
    if identity in _CHECKED_AT_PHONE_WIDTH:
        return False
    _CHECKED_AT_PHONE_WIDTH.add(identity)
    return True


class PageAudit:
    """Counts the documents a page loads and which of them were checked with axe-core."""

    def __init__(self, page: Any, *, test_name: str) -> None:
        self.page = page
        self.directory = SCREENSHOT_DIR / _slug(test_name)
        shutil.rmtree(self.directory, ignore_errors=True)
        self.loaded: list[str] = []
        self.checked: set[int] = set()
        self.steps = 0
        self.reflow_problems: list[str] = []
        page.on("framenavigated", self._on_navigated)

    def _on_navigated(self, frame: Any) -> None:
        if frame == self.page.main_frame:
            self.loaded.append(frame.url)

    def check(self, step: str) -> None:
        """Run axe-core on the page as loaded now at desktop width and photograph it; the first time
        a run meets this page (route and language), check it at phone width too."""
        self.page.wait_for_load_state("load")
        self.steps += 1
        self.checked.add(len(self.loaded))
        name = f"{self.steps:02d}-{_slug(step)}"
        prefix = re.match(r"https?://[^/]+/(ko|en)/", self.page.url)
        if prefix:
            language = self.page.locator("html").get_attribute("lang")
            assert language == prefix[1], f"<html lang={language!r}> on {self.page.url}"
        original = self.page.viewport_size
        widths = [original["width"], *(w for w in [*AXE_WIDTHS, *SCREENSHOT_WIDTHS] if w != original["width"])]
        if not first_visit_at_phone_width(self.page.url):
            widths = [width for width in widths if width != PHONE_WIDTH or width == original["width"]]
        found = []
        try:
            for width in dict.fromkeys(widths):
                if self.page.viewport_size["width"] != width:
                    self.page.set_viewport_size({"width": width, "height": original["height"]})
                if width in SCREENSHOT_WIDTHS:
                    self.directory.mkdir(parents=True, exist_ok=True)
                    self.page.screenshot(path=str(self.directory / f"{name}-{width}.png"), full_page=True)
                if width in AXE_WIDTHS:
                    violations = accessibility_violations(self.page)
                    if violations:
                        found.append(f"at {width} px wide:\n{describe_violations(violations)}")
                if width == PHONE_WIDTH and REFLOW != "off" and (problem := reflow_problems(self.page)):
                    if REFLOW == "fail":
                        found.append(problem)
                    else:
                        self.reflow_problems.append(problem)
        finally:
            if self.page.viewport_size != original:
                self.page.set_viewport_size(original)
        if found:
            raise AssertionError(f"axe-core found accessibility violations on {self.page.url} " + "\n".join(found))

    def keep_failure_screenshot(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(self.directory / "failure.png"), full_page=True)
        except Exception:  # noqa: S110 - the page may already be gone; the test failure says why
            pass

    def warn_about_reflow(self) -> None:
        if self.reflow_problems:
            warnings.warn("\n".join(["", *self.reflow_problems]), ReflowWarning, stacklevel=1)

    def assert_every_page_checked(self) -> None:
        unchecked = [url for number, url in enumerate(self.loaded, start=1) if number not in self.checked]
        assert not unchecked, f"pages loaded but never checked with check_page(): {unchecked}"


def check_page(page: Any, step: str) -> None:
    """After every navigation: axe-core must find nothing, and the step is photographed."""
    page.audit.check(step)
