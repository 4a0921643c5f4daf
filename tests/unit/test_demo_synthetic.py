"""The demo generator alone (no database): deterministic for a seed, worker i the same
whatever the total, plainly synthetic people, vacancies in the VacancyIn shape."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from jumush.demo import synthetic
from jumush.demo.seed import statutory_minimums
from jumush.demo.synthetic import Occupation, Reference
from jumush.registry.schemas import VacancyIn

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def reference() -> Reference:
    occupations = tuple(
        Occupation(
            o.isco08_code,
            o.esco_uri,
            o.weight,
            o.skills,
            o.destinations,
            names_ru=(f"профессия {o.isco08_code}",),
            names_ky=(f"кесип {o.isco08_code}",),
            name_en=f"job {o.isco08_code}",
        )
        for o in synthetic.read_occupation_table()
    )
    return Reference(
        occupations=occupations,
        districts={"KG-O": ("KG-O-ARAVAN", "KG-O-KARA-SUU"), "KG-C": ("KG-C-SOKULUK",)},
        minimums=statutory_minimums(TODAY),
    )


def _workers(reference: Reference, count: int, seed: int) -> list[dict[str, object]]:
    return [
        w
        for chunk in synthetic.worker_chunks(reference, count, seed=seed, today=TODAY)
        for w in chunk.workers
    ]


def test_occupation_table_has_weights_codes_and_the_jobs_migrants_do() -> None:
    table = synthetic.read_occupation_table()
    assert len({o.isco08_code for o in table}) > 100
    assert all(re.fullmatch(r"\d{4}", o.isco08_code) and o.weight > 0 for o in table)
    weight = {o.isco08_code: 0.0 for o in table}
    for o in table:
        weight[o.isco08_code] += o.weight
    total = sum(weight.values())
    # Shop assistants, loaders, drivers and cooks lead, as in the vacancies migrants see.
    top = sorted(weight, key=weight.__getitem__, reverse=True)[:6]
    assert {"5223", "9333", "8322", "5120"} <= set(top)
    manual_jobs = sum(w for code, w in weight.items() if code[0] in "56789")
    assert manual_jobs / total > 0.7


def test_same_seed_same_workers_other_seed_other_workers(reference: Reference) -> None:
    first = _workers(reference, 300, seed=5)
    assert first == _workers(reference, 300, seed=5)
    other = _workers(reference, 300, seed=6)
    assert [w["birth_date"] for w in first] != [w["birth_date"] for w in other]


def test_worker_i_does_not_depend_on_the_total(reference: Reference) -> None:
    few = _workers(reference, 40, seed=3)
    many = _workers(reference, 12_345, seed=3)
    assert few == many[:40]
    assert len(many) == 12_345
    assert many[-1]["external_id"] == "demo-w-0012344"


def test_workers_are_plainly_synthetic(reference: Reference) -> None:
    workers = _workers(reference, 500, seed=1)
    assert len({w["public_id"] for w in workers}) == 500
    for w in workers:
        assert w["surname_latin"] == "DEMO"
        assert re.fullmatch(r"WORKER [A-Z]{5}", str(w["given_names_latin"]))
        assert w["surname_cyrillic"] == "Демо"
        assert re.fullmatch(r"Жумушчу \d{7}", str(w["given_names_cyrillic"]))
        assert w["phone"] == "" and w["passport_lookup"] == "" and w["passport_sealed"] is None
        assert w["citizenship_id"] == "KG" and w["source_system"] == "demo"
        born = w["birth_date"]
        assert isinstance(born, dt.date)
        age = TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))
        assert 18 <= age <= 60
    assert synthetic.letters(0) == "AAAAA" and synthetic.letters(27) == "AAABB"


def test_workers_have_occupations_languages_destinations_in_plausible_shares(
    reference: Reference,
) -> None:
    (chunk,) = synthetic.worker_chunks(reference, 2_000, seed=2, today=TODAY)
    per_worker = {i for i, _ in chunk.occupations}
    assert per_worker == set(range(2_000))  # everybody has at least one occupation
    languages = [row["language_id"] for _, row in chunk.languages]
    assert languages.count("ky") > 1_800 and languages.count("ru") > 1_600
    for i in range(2_000):
        mine = [row["language_id"] for j, row in chunk.languages if j == i]
        assert len(mine) == len(set(mine))
    wanted = [c for _, c in chunk.destinations]
    assert wanted.count("RU") > max(wanted.count(c) for c in ("KZ", "KR", "TR", "DE", "GB"))
    statuses = [w["status"] for w in chunk.workers]
    assert statuses.count("job_seeker") > 1_400 and "returned" in statuses
    drivers = {i for i, row in chunk.occupations if row["isco_group_id"] == "8332"}
    assert drivers and all("C" in chunk.workers[i]["driving_licences"] for i in drivers)


def test_vacancies_validate_as_vacancy_in_and_most_pay_at_least_the_minimum(
    reference: Reference,
) -> None:
    employers = synthetic.employers(synthetic.employer_count(1_500), seed=4)
    agencies = synthetic.agencies(synthetic.agency_count(1_500), seed=4, today=TODAY)
    records = [
        r
        for _, chunk in synthetic.vacancy_chunks(
            reference,
            1_500,
            seed=4,
            today=TODAY,
            employer_rows=employers,
            agency_rows=agencies,
        )
        for r in chunk
    ]
    assert len(records) == 1_500
    vacancies = [VacancyIn.model_validate(r) for r in records]
    countries = [v.destination.country for v in vacancies]
    assert countries.count("RU") > len(countries) / 3
    assert set(countries) == {d.country for d in synthetic.DESTINATIONS}
    fees = sum(bool(v.worker_costs) for v in vacancies)
    assert 0 < fees < len(vacancies) * 0.1
    assert all(1 <= v.positions <= 20 for v in vacancies)
    assert all(v.start_date is not None and v.start_date > TODAY for v in vacancies)
    korean = [v for v in vacancies if v.destination.country == "KR"]
    assert korean and all(v.isco08_code and v.isco08_code[0] in "6789" for v in korean)
    assert all(v.requirements.age_max == 39 for v in korean)
    again = next(
        synthetic.vacancy_chunks(
            reference, 1_500, seed=4, today=TODAY, employer_rows=employers, agency_rows=agencies
        )
    )
    assert again[1] == records[: synthetic.VACANCY_CHUNK]


def test_counts_out_of_range_are_refused(reference: Reference) -> None:
    with pytest.raises(ValueError, match="count"):
        next(synthetic.worker_chunks(reference, -1, seed=1, today=TODAY))
