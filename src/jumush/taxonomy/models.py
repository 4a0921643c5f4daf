"""Reference taxonomies: ISCO-08, ESCO occupations and skills, ISO countries, currencies,
languages, ISO 3166-2:KG regions and CEFR levels.

Rows are written only by `jumush reference load` (taxonomy/load.py) from the files in
taxonomy/data/, whose origin and licence are in taxonomy/data/SOURCES.md.
Translated columns come in threes: `<field>_en`, `<field>_ru`, `<field>_ky`.
"""

from __future__ import annotations

from django.db import models


class IscoGroup(models.Model):
    """One ISCO-08 group: major (1 digit), sub-major (2), minor (3) or unit group (4).

    `code` is a string ("0110", never 110). Titles: English from ESCO v1.2.0 (the ILO's
    sentence-case titles), Russian and Kyrgyz are the project's translations.
    Definitions are the ILO's English text (ISCO-08 structure and definitions, 2012).
    """

    code = models.CharField(max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    title_en = models.CharField(max_length=255)
    title_ru = models.CharField(max_length=255)
    title_ky = models.CharField(max_length=255)
    definition_en = models.TextField(blank=True)
    tasks_en = models.TextField(blank=True)
    included_en = models.TextField(blank=True)
    excluded_en = models.TextField(blank=True)
    notes_en = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="isco_level_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"


class EscoOccupation(models.Model):
    """An ESCO v1.2.0 occupation under one ISCO-08 unit group.

    `code` is ESCO's own notation ("7212.1"); labels are English (ESCO has no ky or ru);
    further labels, in any language, live in OccupationLabel.
    """

    uri = models.CharField(max_length=200, unique=True)
    code = models.CharField(max_length=40, blank=True)
    isco_group = models.ForeignKey(IscoGroup, on_delete=models.PROTECT, related_name="occupations")
    preferred_label_en = models.CharField(max_length=255)
    description_en = models.TextField(blank=True)

    class Meta:
        ordering = ["preferred_label_en"]

    def __str__(self) -> str:
        return self.preferred_label_en


class LabelKind(models.TextChoices):
    preferred = "preferred", "preferred"
    alternative = "alternative", "alternative"
    hidden = "hidden", "hidden"


class OccupationLabel(models.Model):
    """A searchable name of an ESCO occupation or of an ISCO-08 group, in one language.

    Exactly one of `occupation` and `isco_group` is the thing named; `isco_group` is also set
    for occupation labels (their unit group) so look-ups can stay within a group.
    `search_key` is `core.text.search_key(text)`; `text` is stored as the source wrote it.
    """

    occupation = models.ForeignKey(
        EscoOccupation, null=True, blank=True, on_delete=models.CASCADE, related_name="labels"
    )
    isco_group = models.ForeignKey(IscoGroup, on_delete=models.CASCADE, related_name="labels")
    lang = models.CharField(max_length=3)
    kind = models.CharField(max_length=12, choices=LabelKind.choices)
    text = models.CharField(max_length=400)
    search_key = models.CharField(max_length=400, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["lang", "search_key"])]

    def __str__(self) -> str:
        return f"{self.text} [{self.lang}]"


class EscoSkill(models.Model):
    """An ESCO skill or knowledge concept: URI and English preferred label."""

    uri = models.CharField(max_length=200, unique=True)
    preferred_label_en = models.CharField(max_length=400)

    class Meta:
        ordering = ["preferred_label_en"]

    def __str__(self) -> str:
        return self.preferred_label_en


class Country(models.Model):
    """ISO 3166-1 country; names from CLDR (via Babel) in ky, ru and en."""

    alpha2 = models.CharField(max_length=2, primary_key=True)
    alpha3 = models.CharField(max_length=3, unique=True)
    numeric = models.CharField(max_length=3)
    name_en = models.CharField(max_length=120)
    name_ru = models.CharField(max_length=120)
    name_ky = models.CharField(max_length=120)

    class Meta:
        ordering = ["alpha2"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return f"{self.alpha2} {self.name_en}"


class Subdivision(models.Model):
    """A subdivision of a country with ky/ru/en names: for now the ISO 3166-2:KG regions and
    cities (`kind` "region" or "city", code "KG-C") and their districts (`kind` "district",
    `parent` the region, code the project's own "KG-C-SOKULUK"; see data/SOURCES.md)."""

    code = models.CharField(max_length=24, primary_key=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="subdivisions")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(max_length=20)
    name_en = models.CharField(max_length=120)
    name_ru = models.CharField(max_length=120)
    name_ky = models.CharField(max_length=120)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_en}"


class Currency(models.Model):
    """ISO 4217 currency; names from CLDR (via Babel), English from ISO when CLDR has none."""

    alpha3 = models.CharField(max_length=3, primary_key=True)
    numeric = models.CharField(max_length=3)
    name_en = models.CharField(max_length=120)
    name_ru = models.CharField(max_length=120)
    name_ky = models.CharField(max_length=120)

    class Meta:
        ordering = ["alpha3"]
        verbose_name_plural = "currencies"

    def __str__(self) -> str:
        return self.alpha3


class Language(models.Model):
    """ISO 639-1 language (with its ISO 639-3 code); names from CLDR in ky, ru and en."""

    alpha2 = models.CharField(max_length=2, primary_key=True)
    alpha3 = models.CharField(max_length=3, unique=True)
    name_en = models.CharField(max_length=120)
    name_ru = models.CharField(max_length=120)
    name_ky = models.CharField(max_length=120)

    class Meta:
        ordering = ["alpha2"]

    def __str__(self) -> str:
        return f"{self.alpha2} {self.name_en}"


class CefrLevel(models.Model):
    """A CEFR level (A1..C2) with `rank` 1..6 for ordinal comparison and a plain-words
    description of what a speaker at that level can do, in ky, ru and en.

    Source: Council of Europe, CEFR (2001) and Companion Volume (2020), global scale;
    the plain-words wording and its translations are the project's.
    """

    code = models.CharField(max_length=2, primary_key=True)
    rank = models.PositiveSmallIntegerField(unique=True)
    description_en = models.CharField(max_length=300)
    description_ru = models.CharField(max_length=300)
    description_ky = models.CharField(max_length=300)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.code


class ReferenceDataset(models.Model):
    """Which version of each reference dataset is loaded, from which file, and when."""

    name = models.CharField(max_length=60, primary_key=True)
    version = models.CharField(max_length=60)
    source = models.CharField(max_length=300)
    licence = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField()
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"
