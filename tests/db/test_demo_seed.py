"""`seed_demo` into the real database: the counts asked for, the same data for the same seed,
nothing stored twice, plainly synthetic people, vacancies screened by the real compliance
engine (published and blocked), and matches for a seeded worker."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from jumush.compliance.service import check_vacancy
from jumush.demo import synthetic
from jumush.demo.seed import seed_demo
from jumush.matching.models import Removal
from jumush.registry.models import (
    Agency,
    AgencyDecision,
    Consent,
    Employer,
    Vacancy,
    Worker,
    WorkerDestination,
    WorkerLanguage,
    WorkerOccupation,
    WorkerSkill,
)
from jumush.registry.queries import worker_profile_json
from jumush.registry.schemas import VacancyIn, WorkerIn
from jumush.taxonomy.models import EscoOccupation, OccupationLabel

pytestmark = pytest.mark.django_db

WORKERS, VACANCIES, SEED = 150, 120, 11


def _snapshot() -> dict[str, Any]:
    """What the seeded data says, without database ids or timestamps."""
    return {
        "workers": list(
            Worker.objects.filter(source_system="demo")
            .order_by("external_id")
            .values_list(
                "external_id", "public_id", "sex", "birth_date", "district_id",
                "min_wage_amount", "min_wage_currency_id", "passport_expiry", "status",
            )
        ),
        "occupations": sorted(
            WorkerOccupation.objects.values_list(
                "worker__external_id", "isco_group_id", "esco_occupation__uri",
                "experience_months",
            )
        ),
        "skills": sorted(WorkerSkill.objects.values_list("worker__external_id", "skill__uri")),
        "vacancies": list(
            Vacancy.objects.filter(source_system="demo")
            .order_by("external_id")
            .values_list("external_id", "title", "wage_amount", "status", "content_hash")
        ),
    }  # fmt: skip


def test_seed_stores_what_was_asked_with_all_the_worker_details() -> None:
    result = seed_demo(workers=WORKERS, vacancies=VACANCIES, seed=SEED)
    assert result.workers.created == WORKERS and result.vacancies.created == VACANCIES
    assert Worker.objects.filter(source_system="demo").count() == WORKERS
    assert Vacancy.objects.filter(source_system="demo").count() == VACANCIES
    assert Employer.objects.filter(source_system="demo").count() == synthetic.employer_count(
        VACANCIES
    )
    assert Agency.objects.filter(source_system="demo").count() == synthetic.agency_count(VACANCIES)
    assert Consent.objects.filter(worker__source_system="demo").count() == WORKERS
    for model, table in (
        (WorkerOccupation, "workeroccupation"),
        (WorkerLanguage, "workerlanguage"),
        (WorkerSkill, "workerskill"),
        (WorkerDestination, "workerdestination"),
    ):
        stored = model.objects.filter(worker__source_system="demo").count()  # type: ignore[attr-defined]
        assert stored == result.rows[table] > 0, table
    assert WorkerOccupation.objects.values("worker").distinct().count() == WORKERS
    # Decisions on agency licences lie within the licence's term.
    for decision in AgencyDecision.objects.select_related("agency"):
        assert decision.agency.issued_on <= decision.effective_on <= decision.agency.expires_on


def test_seeded_workers_are_plainly_synthetic_and_valid_registry_records() -> None:
    seed_demo(workers=WORKERS, vacancies=20, seed=SEED)
    workers = Worker.objects.filter(source_system="demo").prefetch_related(
        "languages", "occupations", "skills__skill", "destinations"
    )
    for worker in workers:
        assert worker.surname_latin == "DEMO" and worker.given_names_latin.startswith("WORKER ")
        assert worker.surname_cyrillic == "Демо"
        assert worker.phone == "" and worker.passport_sealed is None
        assert worker.external_id is not None and worker.external_id.startswith("demo-w-")
    for worker in workers[:40]:
        # Each one would pass the registry's own schema, names and dates included.
        WorkerIn.model_validate(
            worker_profile_json(worker)
            | {"consent": {"purpose": "registry", "given_on": "2026-01-01", "text_version": "1"}}
        )


def test_occupation_titles_are_the_reference_data_labels() -> None:
    seed_demo(workers=30, vacancies=VACANCIES, seed=SEED)
    labels = {
        search.casefold()
        for search in OccupationLabel.objects.filter(lang__in=("ru", "ky")).values_list(
            "text", flat=True
        )
    } | {
        label.casefold()
        for label in EscoOccupation.objects.values_list("preferred_label_en", flat=True)
    }
    for title in Vacancy.objects.values_list("title", flat=True):
        assert title.casefold() in labels, title
    for title in WorkerOccupation.objects.values_list("title", flat=True):
        assert title.casefold() in labels, title


def test_same_seed_gives_the_same_data_and_replace_makes_it_again() -> None:
    seed_demo(workers=WORKERS, vacancies=VACANCIES, seed=SEED)
    before = _snapshot()
    removals = Removal.objects.count()
    again = seed_demo(workers=WORKERS, vacancies=VACANCIES, seed=SEED, replace=True)
    assert again.deleted["worker"] == WORKERS and again.deleted["vacancy"] == VACANCIES
    # Running servers' matching indexes learn of the deletions from the Removal log.
    assert Removal.objects.count() - removals == WORKERS + VACANCIES
    assert again.workers.created == WORKERS
    assert _snapshot() == before
    other = seed_demo(workers=WORKERS, vacancies=VACANCIES, seed=SEED + 1, replace=True)
    assert other.workers.created == WORKERS
    assert _snapshot()["workers"] != before["workers"]


def test_running_seed_again_stores_nothing_twice_and_adds_only_what_is_missing() -> None:
    seed_demo(workers=WORKERS, vacancies=VACANCIES, seed=SEED)
    counts = (Worker.objects.count(), Vacancy.objects.count(), Employer.objects.count())
    second = seed_demo(workers=WORKERS, vacancies=VACANCIES, seed=SEED)
    assert second.workers.created == 0 and second.workers.skipped == WORKERS
    assert second.vacancies.created == 0 and second.vacancies.skipped == VACANCIES
    assert second.employers.created == 0 and second.agencies.created == 0
    assert (Worker.objects.count(), Vacancy.objects.count(), Employer.objects.count()) == counts
    more = seed_demo(workers=WORKERS + 25, vacancies=VACANCIES, seed=SEED)
    assert more.workers.created == 25 and more.workers.skipped == WORKERS
    assert Worker.objects.filter(source_system="demo").count() == WORKERS + 25


def test_vacancies_are_screened_by_the_compliance_engine_published_and_blocked() -> None:
    result = seed_demo(workers=10, vacancies=VACANCIES, seed=SEED)
    statuses = dict(result.vacancy_status)
    assert set(statuses) == {"published", "blocked"}
    assert statuses["published"] > statuses["blocked"] > 0
    today = timezone.localdate()
    for vacancy in Vacancy.objects.filter(source_system="demo"):
        assert vacancy.screening is not None and vacancy.rules_version
        severities = {f["severity"] for f in vacancy.screening["findings"]}
        assert ("block" in severities) == (vacancy.status == "blocked")
        # The stored terms are a valid vacancy, and screening them again says the same.
        fresh = check_vacancy(VacancyIn.model_validate(vacancy.terms), today=today)
        assert fresh.status == vacancy.screening["status"]
        assert sorted(f.code for f in fresh.findings) == sorted(
            f["code"] for f in vacancy.screening["findings"]
        )
    codes = {
        f["code"]
        for s in Vacancy.objects.filter(status="blocked").values_list("screening", flat=True)
        for f in s["findings"]
        if f["severity"] == "block"
    }
    assert codes & {"fee.charged_to_worker", "wage.below_minimum"}


def test_match_worker_finds_vacancies_for_a_seeded_worker() -> None:
    seed_demo(workers=40, vacancies=VACANCIES, seed=SEED)
    worker = Worker.objects.filter(source_system="demo", status="job_seeker").first()
    assert worker is not None
    out = StringIO()
    call_command("match", "worker", str(worker.public_id), "--json", "--limit", "5", stdout=out)
    matches = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(matches) == 5
    published = set(Vacancy.objects.filter(status="published").values_list("id", flat=True))
    assert {m["vacancy_id"] for m in matches} <= published
    assert all(0 < m["score"] <= 1 and m["reasons"] is not None for m in matches)
