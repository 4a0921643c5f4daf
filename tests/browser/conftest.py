"""Browser tests: Debian's Chromium (`/usr/bin/chromium`) driven headless by Playwright for
Python against a real `jumush serve` (gunicorn) on a fresh SQLite database in a temporary
directory, set up with `jumush setup` as README.md tells a newcomer.

- `site`: one server for the whole session; `site.run([...])` runs the `jumush` CLI against its
  database (e.g. `accounts create`, `shell -c`), `site.url(path)`.
- `page`: a fresh browser context per test, sized like a cheap Android phone (360×740), that
  refuses every request leaving the server (the test fails if a page asked for one). When the
  test fails, a full-page screenshot is kept under `test-artifacts/browser/`.

No browser is downloaded: without `/usr/bin/chromium` (Debian package `chromium`) the tests are
skipped with that message, except under CI=true where it is an error.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
JUMUSH = str(Path(sys.executable).with_name("jumush"))
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PHONE = {"width": 360, "height": 740}

# Playwright's sync API runs an event loop in this thread; Django's ORM (used by pytest-django
# around these tests) would otherwise refuse to run next to it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Site:
    """A running `jumush serve` and the environment that reaches its database."""

    base: str
    env: dict[str, str]
    log: Path

    def url(self, path: str = "/") -> str:
        return self.base + path

    def run(
        self, args: list[str], stdin: str | None = None, timeout: int = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run `jumush ARGS` against the site's database; fails the test on a non-zero exit.
        Without a terminal (new session), `getpass` reads passwords from stdin."""
        result = subprocess.run(
            [JUMUSH, *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            start_new_session=True,
        )
        assert result.returncode == 0, f"jumush {' '.join(args)}: {result.stderr}"
        return result

    def python(self, code: str) -> str:
        """Run Python `code` inside the site's Django (`jumush shell -c`); returns its stdout."""
        return self.run(["shell", "-c", code]).stdout


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    home = tmp_path_factory.mktemp("site")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMUSH_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["JUMUSH_DATA_DIR"] = str(home / "var")
    env["JUMUSH_CACHE_DIR"] = str(settings.CACHE_DIR)  # the coder's index, built once
    log = home / "server.log"
    port = _free_port()
    setup = subprocess.run(
        [JUMUSH, "setup"], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert setup.returncode == 0, setup.stderr
    with log.open("w") as out:
        server = subprocess.Popen(
            [JUMUSH, "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    server.kill()
                    pytest.fail(f"jumush serve did not answer:\n{log.read_text()[-4000:]}")
                time.sleep(0.3)
        yield Site(base=base, env=env, log=log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Outside:
    """Requests a page tried to send off the server (refused)."""

    urls: list[str] = field(default_factory=list)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture()
def outside() -> Outside:
    return Outside()


@pytest.fixture()
def context(
    browser: Any, site: Site, outside: Outside, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """A fresh context (cookies, storage) shaped like a small phone, with requests that leave
    the server refused and remembered."""
    ctx = browser.new_context(viewport=PHONE, base_url=site.base, locale="ky-KG")
    ctx.set_default_timeout(15_000)

    def guard(route: Any) -> None:
        if route.request.url.startswith(site.base):
            route.continue_()
        else:
            outside.urls.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    yield ctx
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        for i, open_page in enumerate(ctx.pages):
            open_page.screenshot(path=str(ARTEFACTS / f"{name}-{i}.png"), full_page=True)
    ctx.close()
    assert not outside.urls, f"pages asked for resources outside the server: {outside.urls}"


@pytest.fixture()
def page(context: Any) -> Any:
    return context.new_page()


def sign_in(page: Any, username: str, password: str, totp_secret: str | None = None) -> None:
    """Sign in on `/signin/` as a person would (the language stays what the context chose).
    With `totp_secret`, pass the TOTP step with a code computed by pyotp (an account that has
    none yet shows its new secret on that step: read it from `#totp-secret`)."""
    page.goto("/signin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if totp_secret is not None:
        import pyotp

        page.locator("#id_code").fill(pyotp.TOTP(totp_secret).now())
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
