"""The documented examples stay true: README's vacancy JSON is examples/vacancy.json, it is a
valid VacancyIn and can be stored; the example CSV files import without an invalid row."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jumush.registry.actions import create_vacancy
from jumush.registry.imports import import_data
from jumush.registry.schemas import VacancyIn

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_readme_vacancy_json_is_the_example_file_and_valid() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"### The vacancy JSON.*?```json\n(.*?)```", readme, re.S)
    assert block is not None
    example = json.loads((ROOT / "examples" / "vacancy.json").read_text(encoding="utf-8"))
    assert json.loads(block.group(1)) == example
    vacancy = create_vacancy(VacancyIn.model_validate(example))
    assert vacancy.isco_group_id == "7212"
    assert vacancy.terms["requirements"]["languages"] == [{"language": "ru", "cefr": "B1"}]


@pytest.mark.parametrize(
    ("name", "kind", "rows"), [("vacancies.csv", "vacancies", 3), ("workers.csv", "workers", 2)]
)
def test_example_files_import_cleanly(name: str, kind: str, rows: int) -> None:
    result = import_data((ROOT / "examples" / name).read_bytes(), kind, file_name=name)  # type: ignore[arg-type]
    assert result.summary() == {"imported": rows, "duplicates": 0, "invalid": 0}, result.issues
