"""Routes of the public pages (no sign-in; each is in accounts/access_matrix.csv)."""

from __future__ import annotations

from django.urls import path

from jumush.pages.public import views

urlpatterns = [
    path("licences/", views.licence_check, name="licence-check"),
    path("check-offer/", views.offer_check, name="offer-check"),
]
