"""Load the shipped reference data into the database: `jumush reference load`.

Idempotent: each dataset's fingerprint (sha256 of its files, the loader version and, for the
ISO lists, the pycountry and Babel versions) is recorded in ReferenceDataset; an unchanged
dataset is skipped unless `force=True`. Rows are upserted by their natural key, so records
elsewhere that point at a group or country survive a reload. Origin and licence of every file:
taxonomy/data/SOURCES.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import version as package_version
from typing import Any

import pycountry
from babel import Locale
from babel import __version__ as babel_version
from django.db import models, transaction
from django.utils import timezone

from jumush.core.text import search_key
from jumush.taxonomy import files
from jumush.taxonomy.files import read_csv
from jumush.taxonomy.models import (
    CefrLevel,
    Country,
    Currency,
    EscoOccupation,
    EscoSkill,
    IscoGroup,
    LabelKind,
    Language,
    OccupationLabel,
    ReferenceDataset,
    Subdivision,
)

DATA_DIR = files.DATA_DIR
#: Bump when the loading logic changes, so an unchanged file is still reloaded.
LOADER_VERSION = "1"
BATCH = 2000

#: Called as progress(dataset_name, rows_done, rows_total).
Progress = Callable[[str, int, int], None]


class ReferenceDataError(ValueError):
    """A shipped reference file is inconsistent; the message names file, line and field."""


@dataclass(frozen=True)
class LoadResult:
    """What `load_reference_data` did with one dataset: `loaded` or `unchanged`."""

    name: str
    version: str
    status: str
    rows: int


def _read_csv(name: str) -> list[dict[str, str]]:
    return read_csv(name, DATA_DIR)


def _sha256(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _file_bytes(*names: str) -> list[bytes]:
    return [(DATA_DIR / n).read_bytes() for n in names]


def _batched(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), BATCH):
        yield items[i : i + BATCH]


def _upsert(
    model: type[models.Model],
    objs: list[Any],
    key: str,
    fields: list[str],
    name: str,
    progress: Progress | None,
) -> None:
    """Insert or update `objs` by `key`, then delete rows whose key is no longer shipped.

    A stale row still referenced elsewhere raises ProtectedError (nothing is half-deleted:
    the caller's transaction rolls back).
    """
    done = 0
    for chunk in _batched(objs):
        model._default_manager.bulk_create(
            chunk, update_conflicts=True, unique_fields=[key], update_fields=fields
        )
        done += len(chunk)
        if progress:
            progress(name, done, len(objs))
    keep = {getattr(o, key) for o in objs}
    stale = [k for k in model._default_manager.values_list(key, flat=True) if k not in keep]
    for chunk in _batched(stale):
        model._default_manager.filter(**{f"{key}__in": chunk}).delete()


def _labels(rows: Iterable[OccupationLabel], name: str, progress: Progress | None) -> int:
    objs = list(rows)
    for chunk in _batched(objs):
        OccupationLabel.objects.bulk_create(chunk)
    if progress:
        progress(name, len(objs), len(objs))
    return len(objs)


def _load_isco(progress: Progress | None) -> int:
    rows = _read_csv("isco08.csv.gz")
    titles = {r["isco08_code"]: r for r in _read_csv("isco08_titles_ru_ky.csv")}
    groups = []
    for line, r in enumerate(rows, start=2):
        code = r["isco08_code"]
        level = int(r["level"])
        if not code.isdigit() or len(code) != level:
            raise ReferenceDataError(
                f"isco08.csv.gz line {line}: isco08_code {code!r} does not match level {level}"
            )
        tr = titles.get(code)
        if tr is None or not tr["title_ru"].strip() or not tr["title_ky"].strip():
            raise ReferenceDataError(
                f"isco08_titles_ru_ky.csv: no Russian or Kyrgyz title for ISCO-08 {code}"
            )
        groups.append(
            IscoGroup(
                code=code,
                level=level,
                parent_id=code[:-1] if level > 1 else None,
                title_en=r["title_en"],
                title_ru=tr["title_ru"].strip(),
                title_ky=tr["title_ky"].strip(),
                definition_en=r["definition"],
                tasks_en=r["tasks"],
                included_en=r["included"],
                excluded_en=r["excluded"],
                notes_en=r["notes"],
            )
        )
    fields = [f.name for f in IscoGroup._meta.concrete_fields if f.name != "code"]
    groups.sort(key=lambda g: g.level)
    _upsert(IscoGroup, groups, "code", fields, "isco08", progress)
    OccupationLabel.objects.filter(occupation__isnull=True).delete()
    _labels(
        (
            OccupationLabel(
                isco_group_id=g.code,
                lang=lang,
                kind=LabelKind.preferred,
                text=getattr(g, f"title_{lang}"),
                search_key=search_key(getattr(g, f"title_{lang}")),
            )
            for g in groups
            for lang in ("en", "ru", "ky")
        ),
        "isco08",
        progress,
    )
    return len(groups)


def _load_esco_occupations(progress: Progress | None) -> int:
    rows = _read_csv("esco_occupations.csv.gz")
    unit_groups = set(IscoGroup.objects.filter(level=4).values_list("code", flat=True))
    occs = []
    for line, r in enumerate(rows, start=2):
        if r["isco08_code"] not in unit_groups:
            raise ReferenceDataError(
                f"esco_occupations.csv.gz line {line}: isco08_code {r['isco08_code']!r} of "
                f"{r['uri']} is not an ISCO-08 unit group (load isco08 first)"
            )
        occs.append(
            EscoOccupation(
                uri=r["uri"],
                code=r["code"],
                isco_group_id=r["isco08_code"],
                preferred_label_en=r["preferred_label"],
                description_en=r["description"],
            )
        )
    _upsert(
        EscoOccupation,
        occs,
        "uri",
        ["code", "isco_group", "preferred_label_en", "description_en"],
        "esco_occupations",
        progress,
    )
    ids = dict(EscoOccupation.objects.values_list("uri", "id"))
    OccupationLabel.objects.filter(occupation__isnull=False).delete()
    translated = {r["esco_uri"]: r for r in _read_csv("esco_ru_ky.csv.gz")}

    def names(r: dict[str, str]) -> Iterator[tuple[str, LabelKind, str]]:
        yield "en", LabelKind.preferred, r["preferred_label"]
        for text in r["alt_labels"].split("\n"):
            yield "en", LabelKind.alternative, text
        for text in r["hidden_labels"].split("\n"):
            yield "en", LabelKind.hidden, text
        tr = translated.get(r["uri"])
        for lang in ("ru", "ky"):
            for i, text in enumerate((tr or {}).get(lang, "").split("|")):
                yield lang, LabelKind.preferred if i == 0 else LabelKind.alternative, text

    def labels() -> Iterator[OccupationLabel]:
        for r in rows:
            seen: set[tuple[str, str]] = set()
            for lang, kind, text in names(r):
                text = text.strip()
                key = search_key(text)
                if not key or (lang, key) in seen:
                    continue
                seen.add((lang, key))
                yield OccupationLabel(
                    occupation_id=ids[r["uri"]],
                    isco_group_id=r["isco08_code"],
                    lang=lang,
                    kind=kind,
                    text=text[:400],
                    search_key=key[:400],
                )

    _labels(labels(), "esco_occupations", progress)
    return len(occs)


def _load_esco_skills(progress: Progress | None) -> int:
    rows = _read_csv("esco_skills.csv.gz")
    skills = [EscoSkill(uri=r["uri"], preferred_label_en=r["preferred_label"]) for r in rows]
    _upsert(EscoSkill, skills, "uri", ["preferred_label_en"], "esco_skills", progress)
    return len(skills)


_LOCALES = {lang: Locale.parse(lang) for lang in ("en", "ru", "ky")}
#: Where the CLDR name is not the one used in the Kyrgyz Republic's own Russian-language acts.
_NAME_OVERRIDES = {
    ("country", "KG", "ru"): "Кыргызстан",
    ("country", "SZ", "ky"): "Эсватини",
    ("country", "AE", "ru"): "Объединённые Арабские Эмираты",
}


def _cldr(kind: str, code: str, table: str, fallback: str) -> dict[str, str]:
    names = {}
    for lang, loc in _LOCALES.items():
        override = _NAME_OVERRIDES.get((kind, code, lang))
        names[f"name_{lang}"] = override or getattr(loc, table).get(code) or fallback
    return names


def _load_countries(progress: Progress | None) -> int:
    countries = [
        Country(
            alpha2=c.alpha_2,
            alpha3=c.alpha_3,
            numeric=c.numeric,
            **_cldr("country", c.alpha_2, "territories", c.name),
        )
        for c in pycountry.countries
    ]
    _upsert(
        Country,
        countries,
        "alpha2",
        ["alpha3", "numeric", "name_en", "name_ru", "name_ky"],
        "countries",
        progress,
    )
    iso_kg = {s.code for s in pycountry.subdivisions.get(country_code="KG")}  # type: ignore[no-untyped-call]
    regions = []
    for line, r in enumerate(_read_csv("kg_regions.csv"), start=2):
        if r["code"] not in iso_kg:
            raise ReferenceDataError(
                f"kg_regions.csv line {line}: {r['code']!r} is not an ISO 3166-2:KG code"
            )
        regions.append(
            Subdivision(
                code=r["code"],
                country_id="KG",
                kind=r["kind"],
                name_en=r["name_en"],
                name_ru=r["name_ru"],
                name_ky=r["name_ky"],
            )
        )
    missing = iso_kg - {r.code for r in regions}
    if missing:
        raise ReferenceDataError(f"kg_regions.csv: no row for {sorted(missing)}")
    known_regions = {r.code for r in regions if r.kind == "region"}
    for line, r in enumerate(_read_csv("kg_districts.csv"), start=2):
        if r["region"] not in known_regions or not r["code"].startswith(r["region"] + "-"):
            raise ReferenceDataError(
                f"kg_districts.csv line {line}: district {r['code']!r} must start with its "
                f"region's code, and region {r['region']!r} must be a KG region"
            )
        regions.append(
            Subdivision(
                code=r["code"],
                country_id="KG",
                parent_id=r["region"],
                kind="district",
                name_en=r["name_en"],
                name_ru=r["name_ru"],
                name_ky=r["name_ky"],
            )
        )
    _upsert(
        Subdivision,
        regions,
        "code",
        ["country", "parent", "kind", "name_en", "name_ru", "name_ky"],
        "countries",
        progress,
    )
    return len(countries) + len(regions)


def _load_currencies(progress: Progress | None) -> int:
    currencies = [
        Currency(
            alpha3=c.alpha_3,
            numeric=c.numeric,
            **_cldr("currency", c.alpha_3, "currencies", c.name),
        )
        for c in pycountry.currencies
    ]
    _upsert(
        Currency,
        currencies,
        "alpha3",
        ["numeric", "name_en", "name_ru", "name_ky"],
        "currencies",
        progress,
    )
    return len(currencies)


def _load_languages(progress: Progress | None) -> int:
    languages = [
        Language(
            alpha2=lang.alpha_2,
            alpha3=lang.alpha_3,
            **_cldr("language", lang.alpha_2, "languages", lang.name),
        )
        for lang in pycountry.languages
        if hasattr(lang, "alpha_2")
    ]
    _upsert(
        Language,
        languages,
        "alpha2",
        ["alpha3", "name_en", "name_ru", "name_ky"],
        "languages",
        progress,
    )
    return len(languages)


def _load_cefr(progress: Progress | None) -> int:
    levels = [
        CefrLevel(
            code=r["code"],
            rank=int(r["rank"]),
            description_en=r["description_en"],
            description_ru=r["description_ru"],
            description_ky=r["description_ky"],
        )
        for r in _read_csv("cefr_levels.csv")
    ]
    _upsert(
        CefrLevel,
        levels,
        "code",
        ["rank", "description_en", "description_ru", "description_ky"],
        "cefr",
        progress,
    )
    return len(levels)


@dataclass(frozen=True)
class Dataset:
    """One reference dataset: its files, version, origin, licence and loader."""

    name: str
    version: str
    source: str
    licence: str
    files: tuple[str, ...]
    load: Callable[[Progress | None], int]
    extra_fingerprint: str = ""

    @cached_property
    def fingerprint(self) -> str:
        """sha256 over the loader version, dataset version, library versions and files."""
        return _sha256(
            LOADER_VERSION, self.version, self.extra_fingerprint, *_file_bytes(*self.files)
        )


_ISO_LIBS = f"pycountry {package_version('pycountry')}; babel {babel_version}"

#: In load order: ESCO occupations need the ISCO groups.
DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "isco08",
        "ISCO-08 2012 + ky/ru r1",
        "ILO ISCO-08 structure and definitions; English titles from ESCO v1.2.0; "
        "Russian and Kyrgyz titles translated by the Jumush project",
        "ILO content, reuse with attribution; translations: the project's",
        ("isco08.csv.gz", "isco08_titles_ru_ky.csv"),
        _load_isco,
    ),
    Dataset(
        "esco_occupations",
        "ESCO v1.2.0 + ky/ru r1",
        "European Commission, ESCO v1.2.0 CSV export (occupations_en); Russian and Kyrgyz "
        "names translated by the Jumush project",
        "© European Union, free reuse with acknowledgement (Decision 2011/833/EU); "
        "translations: the project's",
        ("esco_occupations.csv.gz", "esco_ru_ky.csv.gz"),
        _load_esco_occupations,
    ),
    Dataset(
        "esco_skills",
        "ESCO v1.1.x API labels",
        "ESCO Web Services API, skill preferred labels (en)",
        "© European Union, free reuse with acknowledgement (Decision 2011/833/EU)",
        ("esco_skills.csv.gz",),
        _load_esco_skills,
    ),
    Dataset(
        "countries",
        "ISO 3166-1, ISO 3166-2:KG + districts r1",
        "pycountry (ISO 3166 via Debian iso-codes); names from Unicode CLDR via Babel",
        "LGPL-2.1 (iso-codes data), Unicode licence (CLDR)",
        ("kg_regions.csv", "kg_districts.csv"),
        _load_countries,
        _ISO_LIBS,
    ),
    Dataset(
        "currencies",
        "ISO 4217",
        "pycountry (ISO 4217 via Debian iso-codes); names from Unicode CLDR via Babel",
        "LGPL-2.1 (iso-codes data), Unicode licence (CLDR)",
        (),
        _load_currencies,
        _ISO_LIBS,
    ),
    Dataset(
        "languages",
        "ISO 639-1/639-3",
        "pycountry (ISO 639 via Debian iso-codes); names from Unicode CLDR via Babel",
        "LGPL-2.1 (iso-codes data), Unicode licence (CLDR)",
        (),
        _load_languages,
        _ISO_LIBS,
    ),
    Dataset(
        "cefr",
        "CEFR 2001/2020",
        "Council of Europe, Common European Framework of Reference for Languages; "
        "plain-words descriptions by the Jumush project",
        "the project's",
        ("cefr_levels.csv",),
        _load_cefr,
    ),
)


def load_reference_data(
    *, force: bool = False, progress: Progress | None = None
) -> list[LoadResult]:
    """Load every dataset whose fingerprint changed (all of them with `force`).

    Returns one LoadResult per dataset, in load order. Each dataset loads in its own
    transaction, so a failure leaves the earlier datasets loaded and that one untouched.
    Raises ReferenceDataError when a shipped file is inconsistent.
    """
    results = []
    for ds in DATASETS:
        fingerprint = ds.fingerprint
        current = ReferenceDataset.objects.filter(name=ds.name).first()
        if current and current.sha256 == fingerprint and not force:
            results.append(LoadResult(ds.name, ds.version, "unchanged", current.row_count))
            continue
        with transaction.atomic():
            count = ds.load(progress)
            ReferenceDataset.objects.update_or_create(
                name=ds.name,
                defaults={
                    "version": ds.version,
                    "source": ds.source,
                    "licence": ds.licence,
                    "sha256": fingerprint,
                    "row_count": count,
                    "loaded_at": timezone.now(),
                },
            )
        results.append(LoadResult(ds.name, ds.version, "loaded", count))
    return results


def missing_datasets() -> list[str]:
    """Names of the datasets never loaded into this database (one small query)."""
    loaded = set(ReferenceDataset.objects.values_list("name", flat=True))
    return [ds.name for ds in DATASETS if ds.name not in loaded]


def stale_datasets() -> list[str]:
    """Names of the datasets missing or loaded from other files than the ones shipped."""
    loaded = dict(ReferenceDataset.objects.values_list("name", "sha256"))
    return [ds.name for ds in DATASETS if loaded.get(ds.name) != ds.fingerprint]
