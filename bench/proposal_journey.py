"""The proposals yardstick: an officer's walk from a web enquiry to a sent proposal, in
Debian's Chromium driven by Playwright, counting the officer's clicks and timing the walk.

    .venv/bin/python bench/proposal_journey.py --url http://127.0.0.1:8000 \\
        --username officer --password ... [--shots DIR]

Against a running server with the demo loaded (`make run`, whose first run prints the demo
accounts' password). The investor sends the enquiry through the public form (not counted:
not the officer's work); then the officer signs in, opens the triage list, opens the
enquiry, converts it into a lead (the fields come from the enquiry), opens "New proposal",
ticks the sites and the comparison, saves and previews, and sends. Each click or choice the
officer makes is counted; typing into a field is counted as one action per field. Prints
each step with its time, the totals, and the investor's link; --shots keeps a screenshot of
each page.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


@dataclass
class Tally:
    """The officer's actions, step by step."""

    started: float = field(default_factory=time.perf_counter)
    clicks: int = 0
    fields: int = 0
    steps: list[tuple[str, int, int, float]] = field(default_factory=list)
    shots: Path | None = None
    page: Any = None

    def click(self, locator: Any) -> None:
        locator.click()
        self.clicks += 1

    def fill(self, locator: Any, value: str) -> None:
        locator.fill(value)
        self.fields += 1

    def step(self, name: str) -> None:
        self.page.wait_for_load_state("networkidle")
        self.steps.append((name, self.clicks, self.fields, time.perf_counter() - self.started))
        if self.shots is not None:
            number = len(self.steps)
            self.page.screenshot(path=str(self.shots / f"{number:02d}-{name}.png"), full_page=True)


@contextmanager
def browser(width: int) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = launched.new_context(viewport={"width": width, "height": 900})
        try:
            yield context
        finally:
            launched.close()


def investor_enquiry(context: Any, url: str, company: str) -> None:
    """The public enquiry form, as the investor fills it."""
    page = context.new_page()
    page.goto(f"{url}/en/enquiry/")
    page.fill("#id_name", "Nguyen Van An")
    page.fill("#id_company", company)
    page.fill("#id_email", "an.nguyen@example.com")
    page.select_option("#id_origin", "VN")
    page.select_option("#id_industry_code", "38")
    page.fill("#id_industry", "LED lamps and drivers")
    page.fill("#id_planned_investment", "USD 8 million")
    page.fill("#id_land_needs", "30 mu of industrial land")
    page.fill(
        "#id_message",
        "We make LED lamps in Binh Duong and plan a second plant in China for 150 workers.",
    )
    page.check("#id_consent")
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state("networkidle")
    if "/enquiry/sent/" not in page.url:
        sys.exit(
            "the enquiry form did not take the enquiry (five an hour from one address): "
            "wait, or run against a fresh server"
        )
    page.close()


def officer_walk(
    context: Any, url: str, username: str, password: str, tally: Tally, attach: Path | None
) -> str:
    page = context.new_page()
    tally.page = page
    page.goto(f"{url}/en/account/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
    tally.started = time.perf_counter()  # the walk starts signed in, on the start page
    tally.step("start")

    tally.click(page.get_by_role("link", name="Enquiry triage").first)
    tally.step("triage-list")
    tally.click(page.locator("table a").last)  # oldest first: ours is the newest
    tally.step("enquiry")
    tally.click(page.locator(".lead-form").get_by_role("button", name="Save"))
    tally.step("lead")

    tally.click(page.get_by_role("button", name="New proposal"))
    tally.step("composer")
    # The draft comes with the lead's best sites ticked (those held for another lead are
    # left out); the walk keeps them, as an officer who agrees with the matching would.
    if not page.locator("#id_industry_code").input_value():
        tally.fill(page.locator("#id_industry_code"), "3872")  # the lead knows the division
    if not page.locator("#id_jobs").input_value():
        tally.fill(page.locator("#id_jobs"), "150")
    tally.fill(page.locator("#id_revenue_wan"), "20000")
    tally.click(page.locator("input[name=high_tech]"))
    if page.locator("#id_comparison").input_value() == "":
        page.select_option("#id_comparison", index=1)
        tally.clicks += 1
    if attach is not None:
        page.set_input_files("#id_attachment", str(attach))
        tally.clicks += 1  # choosing the file in the browser's dialog
        tally.fill(page.locator("#id_attachment_title"), "Site plan")
    tally.step("composed")
    tally.click(page.get_by_role("button", name="Save and preview"))
    tally.step("preview")
    tally.click(page.locator(".proposal-preview-bar").get_by_role("button", name="Send"))
    tally.step("sent")
    return page.locator(".proposal-link").inner_text()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="officer")
    parser.add_argument("--password", required=True)
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--shots", type=Path)
    parser.add_argument("--attach", type=Path, help="a PDF or image to attach on the way")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: `make chromium` installs it")
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    company = f"Binh Duong Lighting {secrets.token_hex(2).upper()} Co., Ltd."
    tally = Tally(shots=args.shots)
    with browser(args.width) as context:
        investor_enquiry(context, args.url.rstrip("/"), company)
        link = officer_walk(
            context, args.url.rstrip("/"), args.username, args.password, tally, args.attach
        )
    print(f"{'step':<14}{'clicks':>8}{'fields':>8}{'seconds':>10}")
    for name, clicks, fields, seconds in tally.steps:
        print(f"{name:<14}{clicks:>8}{fields:>8}{seconds:>10.1f}")
    print(f"\n{company}: {tally.clicks} clicks and {tally.fields} typed field(s), ")
    print(f"{tally.steps[-1][3]:.1f} s of page loads and rendering (no reading or typing time)")
    print(f"investor's link: {link}")


if __name__ == "__main__":
    main()
