"""The shipped reference data, loaded by the real loader into the real database."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from jumush.taxonomy import load
from jumush.taxonomy.models import (
    CefrLevel,
    Country,
    Currency,
    EscoOccupation,
    EscoSkill,
    IscoGroup,
    Language,
    OccupationLabel,
    ReferenceDataset,
    Subdivision,
)

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[а-яёңөүА-ЯЁҢӨҮ]")


def test_isco08_has_all_619_groups_on_four_levels() -> None:
    counts = {level: IscoGroup.objects.filter(level=level).count() for level in (1, 2, 3, 4)}
    assert counts == {1: 10, 2: 43, 3: 130, 4: 436}


def test_every_isco_group_has_russian_and_kyrgyz_titles() -> None:
    for group in IscoGroup.objects.all():
        assert CYRILLIC.search(group.title_ru), group.code
        assert CYRILLIC.search(group.title_ky), group.code
        assert group.title_ru != group.title_ky or group.code in {"0", "01", "011", "0110"}, (
            group.code
        )


def test_isco_codes_keep_leading_zeros_and_parents() -> None:
    soldier = IscoGroup.objects.get(code="0310")
    assert soldier.level == 4
    assert [soldier.parent_id, soldier.parent.parent_id] == ["031", "03"]
    welders = IscoGroup.objects.get(code="7212")
    assert welders.title_en == "Welders and flamecutters"
    assert welders.title_ru == "Сварщики и газорезчики"
    assert "ширетүүчү" in welders.title_ky.lower()


def test_esco_occupations_sit_under_unit_groups() -> None:
    assert EscoOccupation.objects.count() == 3039
    assert not EscoOccupation.objects.exclude(isco_group__level=4).exists()
    welder = EscoOccupation.objects.get(preferred_label_en="welder")
    assert welder.isco_group_id == "7212"
    alt = OccupationLabel.objects.filter(occupation=welder, kind="alternative")
    assert alt.exists()


def test_esco_text_repair_of_restaurant() -> None:
    manager = IscoGroup.objects.get(code="1412")
    assert manager.title_en == "Restaurant managers"
    assert not OccupationLabel.objects.filter(search_key__contains="restcloudnt").exists()


def test_skills_countries_currencies_languages_cefr() -> None:
    assert EscoSkill.objects.count() == 13485
    assert Country.objects.count() == 249
    kg = Country.objects.get(alpha2="KG")
    assert (kg.name_en, kg.name_ru, kg.name_ky) == ("Kyrgyzstan", "Кыргызстан", "Кыргызстан")
    assert Country.objects.get(alpha2="RU").name_ky == "Россия"
    assert Subdivision.objects.filter(country="KG").exclude(kind="district").count() == 9
    districts = Subdivision.objects.filter(kind="district")
    assert districts.count() == 40
    assert all(d.code.startswith(d.parent_id + "-") for d in districts)  # type: ignore[operator]
    assert districts.get(code="KG-O-UZGEN").name_ky == "Өзгөн району"
    assert Subdivision.objects.get(code="KG-Y").name_ky == "Ысык-Көл облусу"
    assert Currency.objects.get(alpha3="KGS").name_ru.lower().startswith("киргизский сом")
    assert Language.objects.get(alpha2="ky").name_ky == "кыргызча"
    assert Language.objects.get(alpha2="ru").alpha3 == "rus"
    assert list(CefrLevel.objects.values_list("code", flat=True)) == [
        "A1",
        "A2",
        "B1",
        "B2",
        "C1",
        "C2",
    ]


def test_second_load_is_unchanged_and_force_reload_duplicates_nothing() -> None:
    labels = OccupationLabel.objects.count()
    again = load.load_reference_data()
    assert {r.status for r in again} == {"unchanged"}
    forced = load.load_reference_data(force=True)
    assert {r.status for r in forced} == {"loaded"}
    assert OccupationLabel.objects.count() == labels
    assert IscoGroup.objects.count() == 619
    assert ReferenceDataset.objects.count() == len(load.DATASETS)
    assert load.missing_datasets() == []
    assert load.stale_datasets() == []


def test_inconsistent_file_is_refused_naming_line_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(load.DATA_DIR, data)
    text = gzip.decompress((data / "isco08.csv.gz").read_bytes()).decode()
    text = text.replace("\n7212,4,", "\n721,4,", 1)
    (data / "isco08.csv.gz").write_bytes(gzip.compress(text.encode()))
    monkeypatch.setattr(load, "DATA_DIR", data)
    for ds in load.DATASETS:
        ds.__dict__.pop("fingerprint", None)
    try:
        with pytest.raises(load.ReferenceDataError, match=r"line \d+: isco08_code '721'"):
            load.load_reference_data(force=True)
    finally:
        for ds in load.DATASETS:
            ds.__dict__.pop("fingerprint", None)
    assert IscoGroup.objects.get(code="7212").title_en == "Welders and flamecutters"


def test_models_and_migrations_agree() -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
