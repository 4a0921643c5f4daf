"""Benchmark of `jumush vacancies import`: synthetic vacancies (a realistic occupation mix,
titles coded) into SQLite or PostgreSQL, rows/s and peak memory, against the obvious
alternative in the same run: validate, code and save one row at a time.

    .venv/bin/python bench/import.py [--rows 100000] [--baseline-rows 2000]

uses a fresh SQLite file, or the database in JUMUSH_DATABASE_URL (which it empties first:
give it a throwaway one). `bench/import.sh` runs both back ends. The last line printed is one
JSON object; keys carry their units.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: (weight, titles) of the jobs Central Asian migrants are most often recruited for, with
#: everyday wording in ru, ky and en. Weights are a plausible mix, not a measured one.
MIX: list[tuple[int, list[str]]] = [
    (14, ["Разнорабочий", "Подсобный рабочий", "Жумушчу", "Construction labourer"]),
    (6, ["Каменщик", "Штукатур", "Маляр-штукатур", "Плиточник", "Отделочник", "Шыбакчы"]),
    (5, ["Бетонщик", "Арматурщик", "Монолитчик", "Кровельщик", "Плотник"]),
    (5, ["Сварщик", "Электрогазосварщик", "Ширетүүчү", "Welder", "Сварщик-аргонщик"]),
    (4, ["Электрик", "Электромонтажник", "Сантехник", "Монтажник вентиляции"]),
    (8, ["Водитель кат. C", "Водитель категории Е", "Водитель такси", "Айдоочу", "HGV driver"]),
    (6, ["Курьер", "Пеший курьер", "Курьер на авто", "Доставщик еды"]),
    (9, ["Грузчик", "Кладовщик", "Комплектовщик", "Сборщик заказов", "Упаковщик"]),
    (2, ["Водитель погрузчика", "Оператор погрузчика", "Forklift driver"]),
    (7, ["Уборщица", "Уборщик помещений", "Горничная", "Дворник", "Тазалоочу", "Cleaner"]),
    (7, ["Повар", "Помощник повара", "Ашпозчу", "Kitchen helper", "Пекарь", "Мойщик посуды"]),
    (3, ["Официант", "Бариста", "Кухонный работник"]),
    (5, ["Продавец-кассир", "Кассир", "Продавец", "Сатуучу", "Мерчендайзер"]),
    (3, ["Охранник", "Сторож", "Security guard"]),
    (3, ["Сиделка", "Няня", "Санитарка", "Care assistant"]),
    (4, ["Сборщик ягод", "Рабочий на ферму", "Тракторист", "Fruit picker", "Тепличница"]),
    (5, ["Швея", "Швея-мотористка", "Закройщик", "Тигүүчү", "Портной"]),
    (4, ["Оператор станков с ЧПУ", "Слесарь", "Токарь", "Рабочий на производство"]),
]
DECORATIONS = [
    "", "", "", "", " (вахта 60/30)", " в г. Москва", ", срочно", " 5 разряда",
    "Требуется ", " з/п от 80 000", " без опыта", " / ночные смены",
]  # fmt: skip
DESTINATIONS = [("RU", "RUB", 90_000), ("KZ", "KZT", 250_000), ("KR", "KRW", 2_300_000),
                ("GB", "GBP", 2_400), ("TR", "TRY", 40_000), ("KG", "KGS", 30_000)]  # fmt: skip


def synthetic_vacancies(rows: int, seed: int = 20261130) -> bytes:
    """`rows` vacancies as JSON Lines; about 2% carry an ambiguous amount (a row error)."""
    rng = random.Random(seed)
    weights = [w for w, _ in MIX]
    lines = []
    for i in range(rows):
        (_, titles) = rng.choices(MIX, weights)[0]
        decoration = rng.choice(DECORATIONS)
        title = rng.choice(titles)
        title = decoration + title if decoration.startswith("Требуется") else title + decoration
        country, currency, wage = rng.choice(DESTINATIONS)
        amount = str(round(wage * rng.uniform(0.8, 1.6)))
        if rng.random() < 0.02:
            amount = "85,000"
        record: dict[str, Any] = {
            "title": title,
            "employer": {
                "name": f"Synthetic Employer {rng.randrange(300)}",
                "country": country,
                "registration_number": "",
            },
            "destination": {"country": country},
            "start_date": f"2027-{rng.randrange(1, 13):02d}-01",
            "positions": rng.randrange(1, 30),
            "wage": {"amount": amount, "currency": currency, "period": "month", "basis": "gross"},
            "weekly_hours": rng.choice(["40", "48", "60"]),
            "contract_months": rng.choice([6, 12, 24]),
            "contract_languages": ["ru"],
            "requirements": {"experience_months": rng.choice([0, 6, 12, 36])},
            "source": {"external_id": f"bench-{i}"},
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=2_000)
    parser.add_argument("--processes", type=int, default=2, help="as jumush vacancies import")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jumush-bench-import-"))
    os.environ.setdefault("JUMUSH_DATA_DIR", str(work))
    os.environ.setdefault("JUMUSH_CACHE_DIR", str(Path("var/cache").resolve()))
    os.environ["DJANGO_SETTINGS_MODULE"] = "jumush.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from jumush.coding.service import get_coder
    from jumush.registry import actions
    from jumush.registry.imports import import_data
    from jumush.registry.models import Vacancy
    from jumush.registry.schemas import VacancyIn
    from jumush.taxonomy.load import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    Vacancy.objects.all().delete()
    get_coder(settings.CACHE_DIR)  # built or loaded before timing: the server keeps one
    data = synthetic_vacancies(args.rows)
    backend = connection.vendor
    print(f"{backend}: importing {args.rows} synthetic vacancies", file=sys.stderr)

    started = time.perf_counter()
    result = import_data(
        data, "vacancies", file_name="bench.jsonl", fmt="jsonl", processes=args.processes
    )
    seconds = time.perf_counter() - started
    stored = Vacancy.objects.count()
    assert stored == result.imported, (stored, result.summary())
    assert result.imported + result.invalid == args.rows, result.summary()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Each forked process's resident set counts the coder it shares with the parent.
    peak_children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    # The obvious alternative: each row validated, coded and saved on its own.
    Vacancy.objects.all().delete()
    sample = data.splitlines()[: args.baseline_rows]
    started = time.perf_counter()
    one_by_one = 0
    for line in sample:
        record = VacancyIn.model_validate_json(line) if b'"85,000"' not in line else None
        if record is not None:
            actions.create_vacancy(record)
            one_by_one += 1
    baseline_seconds = time.perf_counter() - started

    print(
        json.dumps(
            {
                "backend": backend,
                "rows": args.rows,
                "processes": args.processes,
                "imported": result.imported,
                "invalid": result.invalid,
                "seconds": round(seconds, 2),
                "rows_per_s": round(args.rows / seconds),
                "peak_rss_mb": round(peak_mb),
                "peak_rss_per_child_mb": round(peak_children_mb),
                "baseline_one_by_one_rows": len(sample),
                "baseline_one_by_one_rows_per_s": round(len(sample) / baseline_seconds),
                "speedup_x": round((args.rows / seconds) / (len(sample) / baseline_seconds), 1),
                "stored_one_by_one": one_by_one,
            }
        )
    )


if __name__ == "__main__":
    main()
