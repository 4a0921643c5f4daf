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
    }
    refused = run(["workers", "import", str(source), "--format", "hh"], env)
    assert refused.returncode == 2 and "invalid choice" in refused.stderr
