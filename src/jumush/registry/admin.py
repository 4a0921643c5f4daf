# mypy: disable-error-code="type-arg"
"""Django admin for staff: registry records, read mostly. Identity numbers never appear:
the sealed passport column is excluded, and decisions are made through the API/pages so that
each carries its actor and reason."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from jumush.accounts.access import actor_for
from jumush.audit.log import record, record_many
from jumush.audit.models import Outcome
from jumush.compliance.service import rescreen_published
from jumush.registry.models import (
    Agency,
    AgencyDecision,
    DuplicateFlag,
    Employer,
    EmployerVerification,
    Vacancy,
    Worker,
    WorkerDestination,
    WorkerLanguage,
    WorkerOccupation,
)


class WorkerLanguageInline(admin.TabularInline):
    model = WorkerLanguage
    extra = 0


class WorkerOccupationInline(admin.TabularInline):
    model = WorkerOccupation
    extra = 0
    raw_id_fields = ("isco_group", "esco_occupation")


class WorkerDestinationInline(admin.TabularInline):
    model = WorkerDestination
    extra = 0


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = (
        "public_id",
        "surname_latin",
        "given_names_latin",
        "birth_date",
        "region",
        "status",
    )
    list_filter = ("status", "sex", "region")
    search_fields = ("surname_latin", "surname_cyrillic", "public_id")
    exclude = ("passport_sealed", "passport_key_id", "passport_lookup", "content_hash")
    readonly_fields = ("source_system", "external_id", "source_file", "source_row")
    inlines = (WorkerLanguageInline, WorkerOccupationInline, WorkerDestinationInline)

    # Reads of worker records in the admin are audited like the API's: one "worker.view" row
    # for a record opened, one "worker.list" row per worker on a list page shown.
    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        found = Worker.objects.filter(pk=object_id).values_list("public_id", flat=True).first()
        who = actor_for(request).who
        if found is None:
            record(who, "worker.view", "route", request.path, Outcome.missing)
        else:
            record(who, "worker.view", "worker", str(found), Outcome.ok)
        return response

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            shown = [str(w.public_id) for w in changelist.result_list]
            record_many(actor_for(request).who, "worker.list", "worker", shown, Outcome.ok)
        return response


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(admin.ModelAdmin):
    list_display = ("worker", "other", "reason", "review", "created_at")
    list_filter = ("review",)
    raw_id_fields = ("worker", "other")


class EmployerVerificationInline(admin.TabularInline):
    model = EmployerVerification
    extra = 0
    readonly_fields = ("status", "actor", "at", "reason")
    can_delete = False


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "country", "registration_number", "sector_isic", "verification")
    list_filter = ("verification", "country")
    search_fields = ("legal_name", "registration_number")
    readonly_fields = ("verification", "verified_by", "verified_at", "verification_reason")
    exclude = ("name_key",)
    inlines = (EmployerVerificationInline,)


class AgencyDecisionInline(admin.TabularInline):
    model = AgencyDecision
    extra = 0
    readonly_fields = ("decision", "effective_on", "actor", "at", "reason")
    can_delete = False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "licence_number", "issued_on", "expires_on")
    search_fields = ("name", "licence_number")
    exclude = ("name_key",)
    inlines = (AgencyDecisionInline,)


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "isco_group", "destination_country", "status", "source_system")
    list_filter = ("status", "destination_country", "source_system")
    search_fields = ("title", "external_id")
    raw_id_fields = ("isco_group", "esco_occupation", "employer", "agency")

    def save_model(self, request: HttpRequest, obj: Vacancy, form: Any, change: bool) -> None:
        """Saved, then screened again when published: an edit here cannot publish a
        vacancy whose findings block (it is blocked instead, and so never matched)."""
        super().save_model(request, obj, form, change)
        rescreen_published(Vacancy.objects.filter(pk=obj.pk), today=timezone.localdate())
