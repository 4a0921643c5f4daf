"""`jumush demo seed` as a newcomer runs it: a summary of what was made, a worker id to try
`jumush match worker` with, the skipped rows on a second run, --json, clear refusals."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("demo", "seed", *args, stdout=out)
    return out.getvalue()


def test_seed_prints_counts_and_a_worker_to_match_and_skips_on_a_second_run() -> None:
    first = seed("--workers", "60", "--vacancies", "40")
    assert "workers: 60 created" in first
    assert "vacancies: 40 created (" in first and "published" in first
    assert "employers: 16 created" in first and "agencies: 5 created" in first
    assert "try: jumush match worker " in first
    public_id = first.split("try: jumush match worker ")[1].split()[0]
    out = StringIO()
    call_command("match", "worker", public_id, "--json", stdout=out)
    assert out.getvalue().strip()  # at least one match
    second = seed("--workers", "60", "--vacancies", "40")
    assert "workers: 0 created, 60 already there (skipped)" in second
    assert "vacancies: 0 created, 40 already there (skipped)" in second


def test_seed_json_summary_and_replace() -> None:
    seed("--workers", "20", "--vacancies", "10", "--seed", "3")
    summary = json.loads(
        seed("--workers", "20", "--vacancies", "10", "--seed", "3", "--replace", "--json")
    )
    assert summary["workers"] == {"created": 20, "skipped": 0}
    assert summary["deleted"]["worker"] == 20 and summary["deleted"]["vacancy"] == 10
    assert sum(summary["vacancy_status"].values()) == 10


@pytest.mark.parametrize(
    "args", [("--workers", "-1"), ("--vacancies", "10000000"), ("--seed", "-2")]
)
def test_seed_refuses_counts_out_of_range(args: tuple[str, str]) -> None:
    with pytest.raises(CommandError, match=args[0]):
        seed(*args)
