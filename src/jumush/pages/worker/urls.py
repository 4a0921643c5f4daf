"""Routes of the worker pages (each is in accounts/access_matrix.csv)."""

from __future__ import annotations

from django.urls import path

from jumush.pages.worker import views

urlpatterns = [
    path("signup/", views.signup, name="worker-signup"),
    path("me/profile/<slug:step>/", views.profile, name="worker-profile"),
    path("me/matches/", views.matches, name="worker-matches"),
    path("me/applications/", views.applications, name="worker-applications"),
    path(
        "me/applications/<int:application_id>/withdraw/",
        views.withdraw,
        name="application-withdraw",
    ),
    path("vacancies/<int:vacancy_id>-<str:slug>/", views.vacancy_page, name="vacancy-page"),
    path("vacancies/<int:vacancy_id>/", views.vacancy_short, name="vacancy-short"),
    path("vacancies/<int:vacancy_id>/apply/", views.apply, name="vacancy-apply"),
]
