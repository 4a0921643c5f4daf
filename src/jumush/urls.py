"""URL map: pages, /healthz, the JSON API under /api/ (its OpenAPI schema also at /openapi.json)
and the admin."""

from functools import partial

from django.contrib import admin
from django.urls import include, path
from ninja.openapi.views import openapi_json

from jumush.api import api
from jumush.cases import views as cases
from jumush.pages import views

urlpatterns = [
    path("", views.home, name="home"),
    path("occupations/", views.occupation_search, name="occupation-search"),
    path("occupations/isco/<str:code>/", views.isco_detail, name="isco-detail"),
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
