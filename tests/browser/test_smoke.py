"""The browser harness itself: the home page in Kyrgyz on a phone, nothing from outside."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Site


def test_home_page_in_kyrgyz_on_a_phone(page: Any, site: Site) -> None:
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ky"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"  # the choice is remembered
