"""Bulk import into the real database: nothing valid lost, every invalid row reported,
re-imports idempotent, an interrupted import completed by a re-run, duplicates of people
flagged and never merged. All people here are synthetic."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from pathlib import Path

import pytest

from jumush.core import crypto
from jumush.registry.imports import import_data
from jumush.registry.models import DuplicateFlag, Employer, Vacancy, Worker

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"

VACANCY_CSV = (
    "title;destination_country;destination_region;employer_name;employer_country;"
    "employer_registration_number;start_date;wage_amount;wage_currency;wage_period;wage_basis;"
    "weekly_hours;worker_costs;contract_languages;external_id\n"
    "Сварщик;RU;RU-MOW;ООО Тест-Строй;RU;7700000001;01.03.2027;85 000,50;RUB;month;gross;40;;"
    "ru;v1\n"
    "Ширетүүчү;KZ;;Test Build;KZ;;15.04.2027;85000;KZT;month;;40;;ky,ru;v2\n"
    "Помощник повара;RU;;ООО Тест-Строй;RU;7700000001;01.03.2027;85,000;RUB;month;;40;;;v3\n"
    "Водитель кат. C;KR;;Test Logistics;KR;;2027-03-01;10320;KRW;hour;gross;40;"
    '"visa:150:USD; medical check:3 000:KRW";ko;v4\n'
    "Kitchen helper;GB;;Test Kitchen;GB;;01.13.2027;12.71;GBP;hour;gross;40;;en;v5\n"
    ";RU;;;;;;;;;;;;;v6\n"
    "Разнорабочий;XX;;;;;;;;;;;;;v7\n"
)


def run(data: bytes | str, kind: str = "vacancies", name: str = "test.csv", **kw: object):  # type: ignore[no-untyped-def]
    if isinstance(data, str):
        data = data.encode("utf-8")
    return import_data(data, kind, file_name=name, **kw)  # type: ignore[arg-type]


def test_valid_rows_are_stored_and_each_invalid_row_is_reported() -> None:
    result = run(VACANCY_CSV)
    assert result.summary() == {"imported": 3, "duplicates": 0, "invalid": 4}
    issues = {(i.row, i.field) for i in result.issues}
    assert (4, "wage.amount") in issues  # "85,000" is ambiguous: an error, not a guess
    assert (6, "start_date") in issues  # 01.13.2027: no month 13 (and never month-first)
    assert (7, "title") in issues
    assert (8, "destination.country") in issues
    by_row = {i.row: i for i in result.issues}
    assert by_row[4].value == "85,000" and "ambiguous" in by_row[4].reason
    stored = {v.external_id: v for v in Vacancy.objects.all()}
    assert set(stored) == {"v1", "v2", "v4"}
    welder = stored["v1"]
    assert welder.wage_amount == Decimal("85000.50")
    assert welder.isco_group_id == "7212"
    assert welder.terms["isco08_code"] == "7212"
    assert welder.source_row == 2 and welder.source_file == "test.csv"
    assert welder.destination_region == "RU-MOW"
    assert stored["v2"].isco_group_id == "7212"
    assert stored["v2"].wage_basis == ""  # unknown, not net
    driver = stored["v4"]
    assert driver.isco_group_id == "8332"
    assert driver.terms["worker_costs"] == [
        {"kind": "visa", "amount": "150.00", "currency": "USD"},  # USD has cents
        {"kind": "medical check", "amount": "3000", "currency": "KRW"},  # KRW has none
    ]
    assert Employer.objects.filter(registration_number="7700000001").count() == 1


def test_windows_1251_semicolon_file_imports_the_same() -> None:
    # Windows-1251 has no Kyrgyz letters (ң ө ү): only the Russian rows can be in such a file.
    rows = [VACANCY_CSV.splitlines()[i] for i in (0, 1, 3)]
    result = run("\n".join(rows).encode("cp1251"))
    assert result.encoding == "cp1251"
    assert result.imported == 1 and result.invalid == 1
    assert Vacancy.objects.get(external_id="v1").title == "Сварщик"


def test_reimport_creates_no_duplicates_with_or_without_external_ids() -> None:
    first = run(VACANCY_CSV)
    again = run(VACANCY_CSV)
    assert again.summary() == {"imported": 0, "duplicates": 3, "invalid": 4}
    assert Vacancy.objects.count() == first.imported
    # No external id: the content hash identifies the row.
    text = "title,destination_country\nГрузчик,RU\nГрузчик,RU\nГрузчик,KZ\n"
    assert run(text).summary() == {"imported": 2, "duplicates": 1, "invalid": 0}
    assert run(text).summary() == {"imported": 0, "duplicates": 3, "invalid": 0}


def test_an_interrupted_import_leaves_whole_batches_and_a_rerun_completes() -> None:
    lines = ["title,destination_country,external_id"] + [f"Грузчик {i},RU,x{i}" for i in range(25)]
    data = "\n".join(lines)

    def crash(done: int, total: int) -> None:
        if done >= 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(data, batch_size=10, on_progress=crash)
    assert Vacancy.objects.count() == 20
    result = run(data, batch_size=10)
    assert result.summary() == {"imported": 5, "duplicates": 20, "invalid": 0}
    assert Vacancy.objects.count() == 25


def test_jsonl_import_codes_titles_and_keeps_given_codes() -> None:
    rows = [
        {"title": "сварщик", "destination": {"country": "RU"}},
        {"title": "Some job", "isco08_code": "9412", "destination": {"country": "RU"}},
        {"title": "x", "isco08_code": "9999", "destination": {"country": "RU"}},
        {"title": "y", "isco08_code": 7212, "destination": {"country": "RU"}, "colour": 1},
    ]
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    result = run(text, name="v.jsonl")
    assert result.format == "jsonl"
    assert result.imported == 2
    issues = {(i.row, i.field) for i in result.issues}
    assert (3, "isco08_code") in issues  # no such unit group
    assert (4, "colour") in issues  # unknown field, not silently dropped
    assert Vacancy.objects.get(title="Some job").isco_group_id == "9412"


@pytest.mark.skipif(
    not (SHARED / "vacancies_hh_ru" / "hh_vacancies.csv.gz").exists(),
    reason="hh.ru export not present in ../shared/data (it may not be republished)",
)
def test_hh_export_imports_every_row() -> None:
    data = (SHARED / "vacancies_hh_ru" / "hh_vacancies.csv.gz").read_bytes()
    with gzip.open(SHARED / "vacancies_hh_ru" / "hh_vacancies.csv.gz", "rt") as f:
        rows = sum(1 for _ in f) - 1
    result = run(data, name="hh_vacancies.csv.gz")
    assert result.format == "hh"
    assert result.imported + result.invalid == rows
    assert result.invalid == 0
    assert not Vacancy.objects.filter(wage_currency_id="RUR").exists()
    assert Vacancy.objects.filter(wage_currency_id="RUB").count() > 4000
    assert Vacancy.objects.filter(source_system="hh", wage_basis="gross").exists()
    assert not Vacancy.objects.filter(source_system="hh", wage_basis="net").exists()
    assert run(data, name="hh_vacancies.csv.gz").duplicates == rows


@pytest.mark.skipif(
    not (SHARED / "vacancies_superjob_ru" / "superjob_vacancies.csv.gz").exists(),
    reason="SuperJob export not present in ../shared/data (it may not be republished)",
)
def test_superjob_export_imports_every_row() -> None:
    data = (SHARED / "vacancies_superjob_ru" / "superjob_vacancies.csv.gz").read_bytes()
    result = run(data, name="superjob_vacancies.csv.gz")
    assert result.format == "superjob"
    assert result.imported + result.invalid == 530
    assert result.invalid == 0
    stored = Vacancy.objects.filter(source_system="superjob")
    assert sum(bool(v.terms["description"]) for v in stored) > 500


WORKERS_CSV = (
    "surname_latin,given_names_latin,surname_cyrillic,given_names_cyrillic,sex,birth_date,"
    "region,district,locality,phone,passport_number,passport_expiry,languages,occupation,"
    "experience_months,driving_licence,destinations,min_wage_amount,min_wage_currency,"
    "consent_purpose,consent_date,consent_text_version,external_id\n"
    "TESTOVA,AIDA,Тестова,Айда,ж,05.06.1994,KG-C,KG-C-SOKULUK,Тестовка,0555 123 456,"
    'AC0000001,01.01.2031,ru:B1;ky:C2,швея,48,,RU;KZ,"45 000",RUB,registry,01.11.2026,v1,w1\n'
    "O'TESTOV-UULU,BEK,Тестов,Бек,m,12.12.1990,KG-O,,Тест-Айыл,8 10 996 700 000 001,,,"
    'ru:A2,водитель кат. С,24,"В, С",KR,,,registry,01.11.2026,v1,w2\n'
    "TESTOVA,ALTYNAI,Тестова,Алтынай,female,05.06.1994,KG-C,KG-C-SOKULUK,Тестовка,"
    "8 912 345 67 89,,,,разнорабочий,0,,,,,registry,02.11.2026,v1,w3\n"
    "Тестов,Ivan,,,male,1990-01-01,,,,,,,,,,,,,,registry,02.11.2026,v1,w4\n"
    "TESTOV,ALIBEK,,,male,31.02.1990,KG-X,,,12345,,,,мастер,,,,,,registry,02.11.2026,v1,w5\n"
    "TESTOV,NOCONSENT,,,male,01.01.1990,,,,,,,,,,,,,,,,,w6\n"
)


def test_workers_import_reads_field_traps_and_flags_possible_duplicates() -> None:
    result = run(WORKERS_CSV, "workers", "centre.csv")
    assert result.summary("workers") == {
        "imported": 3,
        "duplicates": 0,
        "invalid": 3,
        "flagged": 1,
    }
    issues = {(i.row, i.field) for i in result.issues}
    assert (5, "surname_latin") in issues  # Cyrillic where the passport's Latin name belongs
    assert (6, "birth_date") in issues and (6, "phone") in issues
    assert (7, "consent") in issues
    aida = Worker.objects.get(external_id="w1")
    assert aida.phone == "+996555123456"
    assert aida.min_wage_amount == Decimal("45000")
    assert aida.occupations.get().isco_group_id == "7533"
    assert aida.languages.count() == 2
    assert aida.region_id == "KG-C" and aida.district_id == "KG-C-SOKULUK"
    bek = Worker.objects.get(external_id="w2")
    assert bek.surname_latin == "O'TESTOV-UULU"  # exactly as entered, never regenerated
    assert bek.phone == "+996700000001"
    assert bek.driving_licences == ["B", "C"]  # Cyrillic В and С read as categories
    assert bek.occupations.get().isco_group_id == "8332"
    altynai = Worker.objects.get(external_id="w3")
    assert altynai.phone == "+79123456789"  # a Russian "8 9..." number stays Russian
    # Same surname, birth date and village: flagged for review, both records kept.
    flag = DuplicateFlag.objects.get()
    assert (flag.worker, flag.other, flag.review) == (altynai, aida, "open")
    assert Worker.objects.filter(surname_latin="TESTOVA").count() == 2


def test_passport_numbers_are_sealed_and_found_by_keyed_hash() -> None:
    run(WORKERS_CSV, "workers", "centre.csv")
    aida = Worker.objects.get(external_id="w1")
    sealed = bytes(aida.passport_sealed or b"")
    assert b"AC0000001" not in sealed
    assert crypto.open_sealed(sealed, aida.passport_key_id) == "AC0000001"
    assert Worker.objects.get(passport_lookup=crypto.lookup_hash("ac 0000001")) == aida
    assert crypto.mask("AC0000001") == "AC*****01"


def test_same_passport_is_flagged_not_merged_and_reimport_is_idempotent() -> None:
    run(WORKERS_CSV, "workers", "centre.csv")
    again = run(WORKERS_CSV, "workers", "centre.csv")
    assert again.summary() == {"imported": 0, "duplicates": 3, "invalid": 3}
    other_centre = (
        WORKERS_CSV.splitlines()[0]
        + "\n"
        + WORKERS_CSV.splitlines()[1].replace(",w1", ",other-1").replace("Тестовка", "Другое")
    )
    result = run(other_centre, "workers", "other.csv")
    assert result.imported == 1 and result.flagged == 1
    newest = Worker.objects.get(external_id="other-1")
    aida = Worker.objects.get(external_id="w1")
    assert newest.duplicate_flags.get(other=aida).reason == "same passport number"
    assert Worker.objects.filter(surname_latin="TESTOVA", given_names_latin="AIDA").count() == 2


def test_same_id_with_different_content_is_refused_not_dropped() -> None:
    first = run(
        '{"title": "Сварщик", "destination": {"country": "RU"}, "source": {"external_id": "s-1"}}',
        name="a.jsonl",
    )
    assert first.imported == 1
    changed = (
        '{"title": "Повар", "destination": {"country": "RU"}, "source": {"external_id": "s-1"}}'
    )
    result = run(changed, name="b.jsonl")
    assert result.summary() == {"imported": 0, "duplicates": 0, "invalid": 1}
    assert result.issues[0].field == "external_id"
    assert "different content" in result.issues[0].reason
    assert Vacancy.objects.get(external_id="s-1").title == "Сварщик"


def test_agency_decisions_respect_the_licence_term_and_revocation() -> None:
    import datetime as dt

    from jumush.core.errors import InvalidInput
    from jumush.registry.actions import record_agency_decision, register_agency
    from jumush.registry.models import AgencyDecision
    from jumush.registry.schemas import AgencyIn

    agency = register_agency(
        AgencyIn(
            name="Test Agency",
            licence_number="T-1",
            issued_on="2025-01-01",
            expires_on="2030-01-01",
        )  # type: ignore[arg-type]
    )
    with pytest.raises(InvalidInput, match="outside the licence's term"):
        record_agency_decision(
            agency,
            AgencyDecision.Kind.suspended,
            effective_on=dt.date(1990, 1, 1),
            actor=None,
            reason="x",
        )
    record_agency_decision(
        agency,
        AgencyDecision.Kind.revoked,
        effective_on=dt.date(2026, 1, 1),
        actor=None,
        reason="fees",
    )
    with pytest.raises(InvalidInput, match="final"):
        record_agency_decision(
            agency,
            AgencyDecision.Kind.suspended,
            effective_on=dt.date(2026, 2, 1),
            actor=None,
            reason="x",
        )
    assert agency.status_on(dt.date(2025, 6, 1)) == "active"
    assert agency.status_on(dt.date(2026, 6, 1)) == "revoked"
