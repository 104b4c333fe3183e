"""Playwright driving Debian's Chromium (/usr/bin/chromium); no browser is downloaded.

Every page opened through ``chromium_page`` is watched: a Content-Security-Policy violation
(the ``securitypolicyviolation`` event, seen by an init script), an error on the console
or an uncaught exception fails the test when the block ends, with the page it happened on.
So does an accessibility violation of impact serious or critical: every page opened with
``page.goto`` is checked with axe-core (WCAG 2.1 A and AA rules; vendored, test-only, in
tests/vendor/axe-core), and ``check_accessibility(page)`` checks a page reached otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# Evaluated through the DevTools protocol, which the page's policy does not govern.
_AXE_RUN = """async () => {
  if (!document.contentType || !document.contentType.includes("html")) { return []; }
  // Django's own admin (breadcrumb links, split date inputs) is Django's to fix, not ours.
  if (document.location.pathname.startsWith("/admin/")) { return []; }
  // Swagger UI draws the API docs inside #swagger-ui, when it has fetched the schema: its
  // contrast and nested controls are its own (the page around it is still checked).
  const result = await axe.run({ exclude: [["#swagger-ui"]] }, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    resultTypes: ["violations"],
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${document.location.pathname}${document.location.search}: ${v.id} (${v.impact}) ` +
      v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
}"""
# Chromium's own background traffic would only hit this machine's closed network.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Runs before any script of every document: reports each violation to the test.
_WATCH_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation({
    page: event.documentURI,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""


class PageProblems:
    """What went wrong in the browser while a test drove it, one line each."""

    def __init__(self) -> None:
        self.violations: list[str] = []
        self.console_errors: list[str] = []
        self.accessibility: list[str] = []

    def watch(self, context: Any, page: Any) -> None:
        context.expose_binding(
            "__cspViolation", lambda _source, found: self.violations.append(str(found))
        )
        context.add_init_script(_WATCH_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"{page.url}: {error}"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            location = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{location}: {message.text}")

    def check_accessibility(self, page: Any) -> None:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(AXE.read_text(encoding="utf-8"))
        self.accessibility += page.evaluate(_AXE_RUN)

    def report(self) -> str:
        lines = [f"CSP violation: {line}" for line in self.violations]
        lines += [f"console error: {line}" for line in self.console_errors]
        lines += [f"accessibility: {line}" for line in dict.fromkeys(self.accessibility)]
        return "\n".join(lines)


@contextmanager
def chromium_page(locale: str = "en-GB") -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("ZHAOSHANG_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (make test installs it when run as root)")
    # Playwright's sync API keeps an event loop on this thread; Django's ORM is only used
    # before and after it here, never inside.
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=FLAGS
            )
            try:
                context = browser.new_context(locale=locale)
                page = context.new_page()
                page.set_default_timeout(15_000)
                problems = PageProblems()
                problems.watch(context, page)
                _check_after_goto(page, problems)
                yield page
                # Reports from the last page may still be on their way.
                page.wait_for_timeout(100)
                if problems.report():
                    pytest.fail(f"the browser reported problems:\n{problems.report()}")
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _check_after_goto(page: Any, problems: PageProblems) -> None:
    """Make ``page.goto`` check each page it opens with axe-core."""
    goto = page.goto

    def goto_and_check(url: str, **kwargs: Any) -> Any:
        response = goto(url, **kwargs)
        problems.check_accessibility(page)
        return response

    page.goto = goto_and_check
    page.check_accessibility = lambda: problems.check_accessibility(page)


def check_accessibility(page: Any) -> None:
    """Check the page as it is now (after a click, a form sent) with axe-core."""
    page.check_accessibility()
