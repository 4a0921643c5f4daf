"""`jumush vacancies import` and `jumush workers import` as a user runs them: exit codes, the
--json summary as the last line, --report as JSON lines, clear refusals. Synthetic people."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.cli.test_cli import run

VACANCIES = (
    "title;destination_country;wage_amount;wage_currency;wage_period;external_id\n"
    "Сварщик;RU;85 000,50;RUB;month;a1\n"
    "Повар;RU;85,000;RUB;month;a2\n"
    "Ширетүүчү;KZ;150000;KZT;month;a3\n"
)
WORKERS = (
    "surname_latin,given_names_latin,sex,birth_date,occupation,consent_purpose,consent_date,"
    "consent_text_version\n"
    "TESTOV,ERLAN,м,01.01.1991,ширетүүчү,registry,01.11.2026,v1\n"
    "TESTOV,ERLAN2,м,1991-13-01,ширетүүчү,registry,01.11.2026,v1\n"
)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    home = tmp_path_factory.mktemp("cli-import")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("JUMUSH_")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment["JUMUSH_DATA_DIR"] = str(home / "var")
    environment["JUMUSH_CACHE_DIR"] = str(settings.CACHE_DIR)
    setup = run(["setup"], environment, timeout=300)
    assert setup.returncode == 0, setup.stderr
    yield environment


def test_vacancy_import_json_summary_report_and_exit_codes(
    env: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "vacancies.csv"
    source.write_bytes(VACANCIES.encode("utf-8"))
    report = tmp_path / "report.jsonl"
    first = run(["vacancies", "import", str(source), "--json", "--report", str(report)], env)
    assert first.returncode == 1, first.stderr  # one row invalid
    assert json.loads(first.stdout.strip().splitlines()[-1]) == {
        "imported": 2,
        "duplicates": 0,
        "invalid": 1,
    }
    (issue,) = [json.loads(line) for line in report.read_text().splitlines()]
    assert issue["row"] == 3 and issue["field"] == "wage.amount" and issue["value"] == "85,000"
    again = run(["vacancies", "import", str(source), "--json"], env)
    assert json.loads(again.stdout.strip().splitlines()[-1])["duplicates"] == 2
    human = run(["vacancies", "import", str(source)], env)
    assert "0 vacancies imported, 2 already there, 1 invalid" in human.stdout
    assert "row 3: wage.amount = '85,000'" in human.stdout


def test_vacancy_import_refuses_unreadable_files_in_one_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(128, 256)))
    result = run(["vacancies", "import", str(junk)], env)
    assert result.returncode == 1
    assert "not UTF-8" in result.stderr and "Traceback" not in result.stderr
    missing = run(["vacancies", "import", str(tmp_path / "none.csv")], env)
    assert "cannot read" in missing.stderr and "Traceback" not in missing.stderr
    clean = tmp_path / "clean.csv"
    clean.write_text("title,destination_country\nГрузчик,RU\n")
    assert run(["vacancies", "import", str(clean)], env).returncode == 0


def test_worker_import(env: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "centre.csv"
    source.write_text(WORKERS, encoding="utf-8")
    result = run(["workers", "import", str(source), "--json"], env)
    assert result.returncode == 1
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "imported": 1,
        "duplicates": 0,
        "invalid": 1,
        "flagged": 0,
    }
    refused = run(["workers", "import", str(source), "--format", "hh"], env)
    assert refused.returncode == 2 and "invalid choice" in refused.stderr


VERIFY_EMPLOYER = """
from jumush.registry.actions import register_employer, set_employer_verification
from jumush.registry.models import Employer, Verification
from jumush.registry.schemas import EmployerIn
if not Employer.objects.filter(country_id="KZ", registration_number="990000000001").exists():
    e = register_employer(EmployerIn(legal_name="TOO Test", country="KZ",
                                     registration_number="990000000001"))
    set_employer_verification(e, Verification.verified, actor=None, reason="test register")
"""
EMPLOYER = {"name": "TOO Test", "country": "KZ", "registration_number": "990000000001"}


@pytest.mark.parametrize(
    ("change", "exit_code", "status"),
    [
        ({"employer": EMPLOYER}, 0, "ok"),
        ({}, 1, "warning"),
        ({"employer": EMPLOYER, "documents_held_by_employer": True}, 2, "blocked"),
        ({"wage": {"amount": "85,000", "currency": "KZT", "period": "month"}}, 3, "invalid"),
    ],
)
def test_vacancy_check_exit_codes(
    env: dict[str, str], tmp_path: Path, change: dict[str, object], exit_code: int, status: str
) -> None:
    assert run(["shell", "-c", VERIFY_EMPLOYER], env).returncode == 0
    offer = {
        "title": "Сварщик",
        "isco08_code": "7212",
        "destination": {"country": "KZ"},
        "start_date": "2027-03-01",
        "wage": {"amount": "400000", "currency": "KZT", "period": "month", "basis": "gross"},
        "weekly_hours": "40",
        "contract_languages": ["ru"],
        **change,
    }
    source = tmp_path / "offer.json"
    source.write_text(json.dumps(offer, ensure_ascii=False), encoding="utf-8")
    result = run(["vacancies", "check", str(source), "--json"], env)
    assert result.returncode == exit_code, result.stderr
    body = json.loads(result.stdout.strip().splitlines()[-1])
    assert body["status"] == status
    if status == "invalid":
        assert body["errors"][0]["field"] == "wage.amount"
    else:
        assert all(set(f["messages"]) == {"ky", "ru", "en"} for f in body["findings"])
    human = run(["vacancies", "check", str(source), "--lang", "en"], env)
    assert human.returncode == exit_code
    assert "Traceback" not in human.stderr


def test_import_with_two_processes_loses_nothing_and_stores_nothing_twice(
    env: dict[str, str], tmp_path: Path
) -> None:
    lines = [
        "title;destination_country;employer_name;employer_country;wage_amount;wage_currency;"
        "wage_period;external_id"
    ]
    for i in range(3500):
        n = i % 3400  # the last 100 rows repeat rows 0-99 exactly: duplicates, not changes
        amount = "85,000" if n % 500 == 7 else str(60000 + n)
        # 20 employers shared across batches: registered once each, whichever process is first.
        lines.append(f"Грузчик;RU;ООО Тест {n % 20};RU;{amount};RUB;month;p{n}")
    source = tmp_path / "big.csv"
    source.write_text("\n".join(lines), encoding="utf-8")
    report = tmp_path / "report.jsonl"
    args = [
        "vacancies",
        "import",
        str(source),
        "--processes",
        "2",
        "--json",
        "--report",
        str(report),
    ]
    result = run(args, env, timeout=300)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    invalid = [i for i in range(3500) if (i % 3400) % 500 == 7]
    assert summary["invalid"] == len(invalid) == 8, result.stderr
    assert summary["imported"] == 3400 - 7
    assert summary["duplicates"] == 100 - 1
    rows = [json.loads(line)["row"] for line in report.read_text().splitlines()]
    assert rows == sorted(rows) == [i + 2 for i in invalid]
    check = run(
        [
            "shell",
            "-c",
            "from jumush.registry.models import Employer, Vacancy; "
            "print(Employer.objects.filter(legal_name__startswith='ООО Тест ').count(), "
            "Vacancy.objects.filter(source_file='big.csv').count())",
        ],
        env,
    )
    assert check.stdout.strip().splitlines()[-1].split() == ["20", str(summary["imported"])]


def test_unwritable_report_is_refused_before_anything_is_stored(
    env: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "r.csv"
    source.write_text("title,destination_country,external_id\nГрузчик,RU,r-1\n", encoding="utf-8")
    refused = run(["vacancies", "import", str(source), "--report", "/nonexistent/r.jsonl"], env)
    assert refused.returncode == 1
    assert "--report /nonexistent/r.jsonl" in refused.stderr
    assert "Traceback" not in refused.stderr
    stored = run(["vacancies", "import", str(source), "--json"], env)
    assert json.loads(stored.stdout.strip().splitlines()[-1])["imported"] == 1


def _examples_imported(env: dict[str, str], lookup: str) -> str:
    """Import the example vacancies and workers (again: duplicates are skipped), then print
    `lookup` (a Python expression over the registry models) in `jumush shell`."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    run(["vacancies", "import", str(examples / "vacancies.csv")], env)
    run(["workers", "import", str(examples / "workers.csv")], env)
    shell = run(
        ["shell", "-c", f"from jumush.registry.models import Vacancy, Worker; print({lookup})"],
        env,
    )
    return shell.stdout.strip().splitlines()[-1]


def test_match_worker_after_importing_the_examples(env: dict[str, str]) -> None:
    worker_id = _examples_imported(env, "Worker.objects.get(external_id='ex-w1').public_id")
    result = run(["match", "worker", worker_id, "--json", "--lang", "en"], env)
    assert result.returncode == 0, result.stderr
    matches = [json.loads(line) for line in result.stdout.splitlines()]
    assert matches[0]["title"] == "Сварщик 5 разряда"
    assert matches[0]["components"]["occupation"] == 1.0
    assert matches[0]["reasons"][0].startswith("Your experience: 48 months")
    missing = run(["match", "worker", "not-an-id"], env)
    assert missing.returncode == 1 and "no worker" in missing.stderr


def test_match_vacancy_and_match_all(env: dict[str, str], tmp_path: Path) -> None:
    """After the examples are imported: the welder vacancy's candidates, and every worker's
    top vacancies as JSON Lines, the same with one process or two (forked) processes."""
    welder_job = _examples_imported(
        env, "Vacancy.objects.get(title='Сварщик 5 разряда', status='published').pk"
    )
    result = run(["match", "vacancy", welder_job, "--json", "--lang", "en"], env)
    assert result.returncode == 0, result.stderr
    candidates = [json.loads(line) for line in result.stdout.splitlines()]
    assert candidates and candidates[0]["occupations"] == ["7212"]
    assert candidates[0]["reasons"][0].startswith("Experience: 48 months")
    assert [c["score"] for c in candidates] == sorted(
        (c["score"] for c in candidates), reverse=True
    )
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    done = run(["match", "all", "--out", str(one), "--processes", "1"], env)
    assert done.returncode == 0, done.stderr
    assert "workers ranked against" in done.stderr
    forked = run(["match", "all", "--out", str(two), "--processes", "2", "--chunk", "1"], env)
    assert forked.returncode == 0, forked.stderr
    lines = [json.loads(line) for line in one.read_text().splitlines()]
    assert len(lines) >= 2 and one.read_text() == two.read_text()
    assert all(len(line["matches"]) <= 20 for line in lines)
    assert any(line["matches"] for line in lines)
    bad = run(["match", "all", "--out", str(tmp_path / "no" / "such" / "dir.jsonl")], env)
    assert bad.returncode == 1 and "--out" in bad.stderr and "Traceback" not in bad.stderr
    assert run(["match", "vacancy", "abc"], env).returncode == 1


SEED_PASSPORT = """
from jumush.registry.actions import create_worker
from jumush.registry.schemas import WorkerIn
create_worker(WorkerIn.model_validate({
    "surname_latin": "SCANOV", "given_names_latin": "SYNTH", "sex": "female",
    "birth_date": "01.02.1990", "passport": {"number": "QZ 7391846", "expiry": "01.01.2033"},
    "consent": {"purpose": "registry", "given_on": "30.11.2026", "text_version": "v1"},
    "source": {"system": "test", "external_id": "passport-scan"},
}))
"""
FIND_PASSPORT = """
from jumush.registry.queries import find_workers_by_passport
print(len(find_workers_by_passport("qz7391846")), len(find_workers_by_passport("QZ 7391846")))
"""


def test_a_seeded_passport_number_is_not_in_the_sqlite_file(env: dict[str, str]) -> None:
    created = run(["shell", "-c", SEED_PASSPORT], env)
    assert created.returncode == 0, created.stderr
    database = Path(env["JUMUSH_DATA_DIR"]) / "jumush.sqlite3"
    files = [p for p in database.parent.glob("jumush.sqlite3*") if p.is_file()]
    assert database in files
    data = b"".join(p.read_bytes() for p in files)  # the file, its -wal and -shm
    assert b"SCANOV" in data  # the scan sees what is stored in clear
    for variant in ("QZ7391846", "qz7391846", "QZ 7391846", "qz 7391846", "7391846"):
        for encoding in ("utf-8", "utf-16-le"):
            assert variant.encode(encoding) not in data, (variant, encoding)
    found = run(["shell", "-c", FIND_PASSPORT], env)
    assert found.stdout.strip().splitlines()[-1].split() == ["1", "1"], found.stderr
