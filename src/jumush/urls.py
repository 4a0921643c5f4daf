"""URL map: pages, /healthz, the JSON API under /api/ (its OpenAPI schema also at /openapi.json)
and the admin."""

from functools import partial

from django.contrib import admin
from django.urls import include, path
from ninja.openapi.views import openapi_json

from jumush.accounts import views as accounts_views
from jumush.api import api
from jumush.cases import views as cases
from jumush.pages import views
from jumush.staff import views as staff

urlpatterns = [
    path("", views.home, name="home"),
    path("occupations/", views.occupation_search, name="occupation-search"),
    path("occupations/isco/<str:code>/", views.isco_detail, name="isco-detail"),
    path("signin/", accounts_views.sign_in, name="signin"),
    path("signin/code/", accounts_views.sign_in_code, name="signin-code"),
    path("signout/", accounts_views.sign_out, name="signout"),
    path("staff/", staff.staff_home, name="staff-home"),
    path("staff/vacancies/", staff.vacancy_list, name="staff-vacancies"),
    path("staff/vacancies/new/", staff.vacancy_new, name="staff-vacancy-new"),
    path("staff/vacancies/<int:vacancy_id>/", staff.vacancy_detail, name="staff-vacancy"),
    path("staff/vacancies/<int:vacancy_id>/edit/", staff.vacancy_edit, name="staff-vacancy-edit"),
    path(
        "staff/vacancies/<int:vacancy_id>/candidates/",
        staff.candidates,
        name="staff-candidates",
    ),
    path("staff/review/", staff.review_queue, name="staff-review"),
    path("staff/employers/", staff.employers, name="staff-employers"),
    path("staff/agencies/", staff.agencies, name="staff-agencies"),
    path("staff/workers/", staff.worker_search, name="staff-workers"),
    path("staff/dashboard/", staff.dashboard, name="staff-dashboard"),
    path("", include("jumush.pages.worker.urls")),
    path("", include("jumush.pages.public.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("grievances/new/", cases.file_case, name="grievance-file"),
    path("grievances/follow-up/", cases.follow_up, name="grievance-follow-up"),
    path("cases/queue/", cases.queue, name="case-queue"),
    path("cases/overdue/", cases.overdue, name="case-overdue"),
    path("cases/<str:reference>/", cases.detail, name="case-detail"),
    path("cases/<str:reference>/notes/", cases.add_note, name="case-note"),
    path("api/", api.urls),
    # The same schema as /api/openapi.json, where CI and client generators look for it first.
    path("openapi.json", partial(openapi_json, api=api), name="openapi-json"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "jumush.core.views.bad_request"
handler404 = "jumush.core.views.not_found"
handler500 = "jumush.core.views.server_error"
