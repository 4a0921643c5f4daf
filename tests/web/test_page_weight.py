"""Every page transfers under 100 KB (the CSS and fonts, cached, not counted), loads
nothing from outside the server, has a label for every form field and a CSRF token in every
POST form. PAGES lists every page of the site with who opens it; a
test fails for a page route missing from it, so a new page must be added here."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from jumush.accounts.roles import Role
from tests.factories import World, make_review_queue, sign_in

pytestmark = pytest.mark.django_db

LIMIT = 100 * 1024
#: Vacancies waiting in the review queue for its paginated pages (the tester's 50 overflowed
#: the budget on one page).
REVIEW_QUEUE = 55

#: (route as the URL map writes it, URL to fetch, who: "anonymous" or a role, POST data).
PAGES: list[tuple[str, str, str, dict[str, object] | None]] = [
    ("/", "/", "anonymous", None),
    ("/occupations/", "/occupations/?q=сварщик", "anonymous", None),
    ("/occupations/isco/<str:code>/", "/occupations/isco/7212/", "anonymous", None),
    ("/signup/", "/signup/", "anonymous", None),
    ("/me/profile/<slug:step>/", "/me/profile/occupation/", "worker", None),
    ("/me/profile/<slug:step>/", "/me/profile/experience/", "worker", None),
    ("/me/profile/<slug:step>/", "/me/profile/languages/", "worker", None),
    ("/me/profile/<slug:step>/", "/me/profile/destinations/", "worker", None),
    ("/me/profile/<slug:step>/", "/me/profile/wage/", "worker", None),
    ("/me/matches/", "/me/matches/", "worker", None),
    ("/me/applications/", "/me/applications/", "worker", None),
    ("/vacancies/<int:vacancy_id>-<str:slug>/", "/vacancies/{vacancy}-svarshchik/", "worker", None),
    ("/licences/", "/licences/?q=ЛЦ", "anonymous", None),
    ("/signin/", "/signin/", "anonymous", None),
    ("/staff/", "/staff/", "officer", None),
    ("/staff/vacancies/", "/staff/vacancies/", "employer_staff", None),
    ("/staff/vacancies/new/", "/staff/vacancies/new/", "employer_staff", None),
    ("/staff/vacancies/<int:vacancy_id>/", "/staff/vacancies/{vacancy}/", "employer_staff", None),
    (
        "/staff/vacancies/<int:vacancy_id>/candidates/",
        "/staff/vacancies/{vacancy}/candidates/",
        "employer_staff",
        None,
    ),
    ("/staff/review/", "/staff/review/", "officer", None),
    # A long queue: the first and the last page (REVIEW_QUEUE vacancies seeded).
    ("/staff/review/", "/staff/review/?page=1", "officer", None),
    ("/staff/review/", "/staff/review/?page=last", "officer", None),
    ("/staff/employers/", "/staff/employers/", "officer", None),
    ("/staff/agencies/", "/staff/agencies/", "officer", None),
    ("/staff/workers/", "/staff/workers/", "officer", None),
    ("/staff/dashboard/", "/staff/dashboard/", "officer", None),
    ("/grievances/new/", "/grievances/new/", "anonymous", None),
    ("/grievances/follow-up/", "/grievances/follow-up/", "anonymous", None),
    ("/cases/queue/", "/cases/queue/", "case_worker", None),
    ("/cases/overdue/", "/cases/overdue/", "officer", None),
    ("/cases/<str:reference>/", "/cases/{case}/", "case_worker", None),
    ("/check-offer/", "/check-offer/", "anonymous", None),
    (
        "/check-offer/",
        "/check-offer/",
        "anonymous",
        {"title": "сварщик", "country": "RU", "wage_currency": "RUB", "fee_currency": "RUB",
         "wage_period": "month", "fee_amount": "100"},
    ),
]  # fmt: skip

#: Routes that are not pages: actions answered by a redirect, the admin, the API, probes.
NOT_PAGES = (
    "/api/",
    "/admin/",
    "/healthz",
    "/i18n/",
    "/vacancies/<int:vacancy_id>/apply/",
    # /vacancies/<id>/ only redirects to the address with the slug.
    "/vacancies/<int:vacancy_id>/",
    "/me/applications/<int:application_id>/withdraw/",
    "/signout/",
    "/cases/<str:reference>/notes/",
    "/signin/code/",
    "/openapi.json",
    # Only a draft or blocked vacancy is edited (the world's are published: a redirect).
    "/staff/vacancies/<int:vacancy_id>/edit/",
)

_OUTSIDE = re.compile(r"""(?:src|href|action|srcset)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


class Fields(HTMLParser):
    """The form fields of a page (id or name), the ids that labels name, and POST forms
    without a CSRF token."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[str] = []
        self.labelled: set[str] = set()
        self.forms_without_csrf = 0
        self._post_form = False
        self._csrf = False
        self._in_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "label":
            self._in_label += 1
            if a.get("for"):
                self.labelled.add(str(a["for"]))
        elif tag in ("select", "textarea") or (
            tag == "input" and a.get("type") not in ("hidden", "submit", "button")
        ):
            if not self._in_label:  # a field inside its <label> is labelled by it
                self.fields.append(str(a.get("id") or a.get("name")))
        elif tag == "form":
            self._post_form = (a.get("method") or "").lower() == "post"
            self._csrf = False
        if tag == "input" and a.get("name") == "csrfmiddlewaretoken":
            self._csrf = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._in_label = max(0, self._in_label - 1)
        if tag == "form" and self._post_form and not self._csrf:
            self.forms_without_csrf += 1


def page_routes(patterns: list[URLPattern | URLResolver], prefix: str = "/") -> set[str]:
    routes: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            routes |= page_routes(p.url_patterns, prefix + str(p.pattern))
        else:
            routes.add(prefix + str(p.pattern))
    return {r for r in routes if not r.startswith(NOT_PAGES)}


def test_every_page_route_is_weighed() -> None:
    missing = page_routes(get_resolver().url_patterns) - {route for route, *_ in PAGES}
    assert not missing, f"add these pages to PAGES in {__file__}: {sorted(missing)}"


@pytest.mark.parametrize(("route", "url", "who", "data"), PAGES, ids=[p[1] for p in PAGES])
@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_page_is_under_100_kb_and_loads_nothing_from_outside(
    world: World, route: str, url: str, who: str, data: dict[str, object] | None, lang: str
) -> None:
    client = Client(headers={"accept-language": lang})
    if who != "anonymous":
        sign_in(client, world.accounts[Role(who)])
    if url.startswith("/staff/review/?page="):
        make_review_queue(REVIEW_QUEUE)
    url = url.format(vacancy=world.vacancies[0].pk, case=world.cases[0].reference)
    response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    body = response.content
    assert len(body) < LIMIT, f"{url} ({lang}) is {len(body)} bytes"
    html = body.decode()
    assert not _OUTSIDE.search(html), f"{url} loads something from outside: {_OUTSIDE.search(html)}"
    parsed = Fields()
    parsed.feed(html)
    unlabelled = [f for f in parsed.fields if f not in parsed.labelled]
    assert not unlabelled, f"{url}: fields without a label: {unlabelled}"
    assert parsed.forms_without_csrf == 0, f"{url}: a POST form without a CSRF token"
