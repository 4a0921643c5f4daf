"""Accounts for tests, made through the real actions: an account of a role, signed in on a
test client, with its TOTP second factor passed for the roles that need one. People are
synthetic; phone numbers are from a range no one holds (+996 700 0xx xxx)."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import pyotp
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from jumush.accounts import actions
from jumush.accounts.access import TOTP_AT
from jumush.accounts.models import Account
from jumush.accounts.roles import NEEDS_TOTP, Role
from jumush.audit.log import Who
from jumush.cases import actions as cases
from jumush.cases.models import Case, Channel
from jumush.cases.schemas import CaseIn
from jumush.registry import actions as registry
from jumush.registry.models import Agency, Employer, Vacancy, Worker
from jumush.registry.schemas import AgencyIn, EmployerIn, VacancyIn, WorkerIn

_numbers = itertools.count(1)


def make_account(
    role: Role | str,
    *,
    employer: Employer | None = None,
    agency: Agency | None = None,
    username: str | None = None,
    password: str | None = None,
) -> Account:
    """An account of `role` signing in by a fresh synthetic e-mail (or `username`)."""
    role = Role(role)
    name = username or f"test-{role.value}-{next(_numbers)}@example.org"
    return actions.create_account(
        role=role, username=name, password=password, employer=employer, agency=agency
    )


def pass_totp(client: Client, user: User) -> None:
    """Set up the user's authenticator (once) and pass the TOTP check in the client's session,
    as `POST /auth/totp/verify` does."""
    device = getattr(user, "totp_device", None)
    if device is None or device.confirmed_at is None:
        enrolment = actions.enrol_totp(user, label="test")
        user.refresh_from_db()
        assert actions.check_totp(user, pyotp.TOTP(enrolment.secret).now())
    session = client.session
    session[TOTP_AT] = time.time()
    session.save()


def sign_in(client: Client, account: Account, *, totp: bool = True) -> Client:
    """`client` signed in as `account` (a new session), TOTP passed when its role needs it
    (unless `totp` is False)."""
    client.force_login(account.user)
    if totp and Role(account.role) in NEEDS_TOTP:
        pass_totp(client, account.user)
    return client


def signed_in(
    role: Role | str, *, employer: Employer | None = None, agency: Agency | None = None
) -> Client:
    """A new client signed in as a new account of `role`."""
    return sign_in(Client(), make_account(role, employer=employer, agency=agency))


@dataclass
class World:
    """Two of everything, so that every role has a record of its own and one that is not:
    employers, agencies (each licensed to place in RU), published vacancies (vacancy i of
    employer i through agency i) and workers; `accounts` has one account per role, the
    scoped ones scoped to the first of each."""

    employers: list[Employer]
    agencies: list[Agency]
    vacancies: list[Vacancy]
    workers: list[Worker]
    accounts: dict[Role, Account]
    cases: list[Case] = field(default_factory=list)


def worker_data(n: int, **change: Any) -> WorkerIn:
    """A synthetic job seeker (a welder wanting work in Russia), the n-th of its kind."""
    body: dict[str, Any] = {
        "surname_latin": "TESTOV",
        "given_names_latin": f"SYNTH{'ABCDEFGH'[n % 8]}",
        "surname_cyrillic": "Тестов",
        "sex": "male",
        "birth_date": "14.03.1994",
        "phone": f"+99670000{n:04d}",
        "passport": {"number": f"AC{9000000 + n}", "expiry": "01.01.2032"},
        "languages": [{"language": "ru", "cefr": "B1"}],
        "occupations": [{"title": "сварщик", "experience_months": 36}],
        "destinations": ["RU"],
        "consent": {"purpose": "registry", "given_on": "30.11.2026", "text_version": "v1"},
        "source": {"system": "test", "external_id": f"worker-{n}"},
        **change,
    }
    return WorkerIn.model_validate(body)


def make_world() -> World:
    today = timezone.localdate()
    employers, agencies, vacancies, workers = [], [], [], []
    for i in (1, 2):
        employers.append(
            registry.register_employer(
                EmployerIn(legal_name=f"ООО Тест-{i}", country="RU", registration_number=f"77{i}")
            )
        )
        agencies.append(
            registry.register_agency(
                AgencyIn.model_validate(
                    {
                        "name": f"Тест Агенттиги {i}",
                        "licence_number": f"ЛЦ-T{i}",
                        "issued_on": (today - dt.timedelta(days=10)).isoformat(),
                        "expires_on": (today + dt.timedelta(days=300)).isoformat(),
                        "countries_served": ["RU"],
                    }
                )
            )
        )
        vacancies.append(
            registry.create_vacancy(
                VacancyIn.model_validate(
                    {
                        "title": "Сварщик",
                        "employer": {
                            "name": f"ООО Тест-{i}",
                            "country": "RU",
                            "registration_number": f"77{i}",
                        },
                        "agency_licence_number": f"ЛЦ-T{i}",
                        "destination": {"country": "RU"},
                        "start_date": (today + dt.timedelta(days=60)).isoformat(),
                        "wage": {
                            "amount": "90000",
                            "currency": "RUB",
                            "period": "month",
                            "basis": "gross",
                        },
                        "weekly_hours": "40",
                        "contract_months": 12,
                        "contract_languages": ["ru", "ky"],
                        "employer_pays": ["visa", "travel"],
                        "status": "published",
                        "source": {"system": "test", "external_id": f"vacancy-{i}"},
                    }
                )
            )
        )
        workers.append(registry.create_worker(worker_data(i)))
    accounts = {
        role: make_account(
            role,
            employer=employers[0] if role is Role.employer_staff else None,
            agency=agencies[0] if role is Role.agency_staff else None,
        )
        for role in Role
    }
    Account.objects.filter(pk=accounts[Role.worker].pk).update(worker=workers[0])
    accounts[Role.worker].refresh_from_db()
    filed = [
        cases.file_case(
            case_data(
                employer_id=employers[i].pk, agency_licence_number=agencies[i].licence_number
            ),
            who=Who(accounts[Role.worker].user_id if i == 0 else None, "worker", "192.0.2.1"),
            channel=Channel.api if i == 0 else Channel.hotline,
            filer_id=accounts[Role.worker].user_id if i == 0 else None,
            worker=workers[i],
        )[0]
        for i in (0, 1)
    ]
    return World(employers, agencies, vacancies, workers, accounts, filed)


def case_data(**change: Any) -> CaseIn:
    """A synthetic grievance: wages unpaid for two months on a building site in Moscow."""
    body: dict[str, Any] = {
        "category": "unpaid_wages",
        "summary": "Two months of wages were not paid; the foreman says to wait.",
        "country": "RU",
        "city": "Москва",
        "incident_from": "2026-09-01",
        "incident_to": "2026-10-31",
        "amount_claimed": {"amount": "180000", "currency": "RUB"},
        **change,
    }
    return CaseIn.model_validate(body)


def make_review_queue(n: int) -> list[Vacancy]:
    """`n` published-as-submitted vacancies of the first test employer (make_world) that the
    screening blocks (the worker pays a placement fee: employer-pays principle), so that they
    wait in the officers' review queue. Synthetic, with long titles and descriptions."""
    today = timezone.localdate()
    made = []
    for i in range(n):
        made.append(
            registry.create_vacancy(
                VacancyIn.model_validate(
                    {
                        "title": f"Электрогазосварщик ручной дуговой сварки {i}",
                        "employer": {
                            "name": "ООО Тест-1",
                            "country": "RU",
                            "registration_number": "771",
                        },
                        "agency_licence_number": "ЛЦ-T1",
                        "destination": {"country": "RU", "city": "Москва"},
                        "start_date": (today + dt.timedelta(days=60)).isoformat(),
                        "wage": {"amount": "90000", "currency": "RUB", "period": "month"},
                        "weekly_hours": "48",
                        "contract_months": 12,
                        "worker_costs": [
                            {"kind": "placement fee", "amount": "20000", "currency": "RUB"},
                            {"kind": "medical check", "amount": "5000", "currency": "RUB"},
                        ],
                        "employer_pays": ["visa"],
                        "contract_languages": ["ru"],
                        "description": "Сварка металлоконструкций на стройке. " * 5,
                        "status": "screening",
                        "source": {"system": "test", "external_id": f"queued-{i}"},
                    }
                )
            )
        )
    return made
