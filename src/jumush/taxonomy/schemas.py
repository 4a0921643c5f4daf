"""Pydantic shapes of the reference taxonomies in the JSON API."""

from __future__ import annotations

from ninja import Schema


class LocalizedTitle(Schema):
    """A title in the three languages we serve."""

    en: str
    ru: str
    ky: str


class IscoGroupRef(Schema):
    """A pointer to an ISCO-08 group: 1-4 digit string code, level 1-4, title in `lang`."""

    code: str
    level: int
    title: str


class EscoOccupationRef(Schema):
    """An ESCO occupation: URI, ESCO code ("7212.1") and English preferred label."""

    uri: str
    code: str
    preferred_label: str


class IscoGroupOut(Schema):
    """GET /api/v1/isco/{code}: the group, its ancestors (major first), its children and,
    for a unit group, the ESCO occupations classified under it."""

    code: str
    level: int
    title: str
    titles: LocalizedTitle
    definition: str
    tasks: str
    included_occupations: str
    excluded_occupations: str
    notes: str
    parents: list[IscoGroupRef]
    children: list[IscoGroupRef]
    esco_occupations: list[EscoOccupationRef]


class EscoOccupationOut(Schema):
    """One search hit: the ESCO occupation (`label` in `lang`, `preferred_label` ESCO's
    English one) and its ISCO-08 unit group (title in `lang`)."""

    uri: str
    code: str
    label: str
    preferred_label: str
    isco08_code: str
    isco08_title: str
    description: str


class EscoOccupationPage(Schema):
    """A page of ESCO occupations: `count` matching in all, this window of `items`."""

    count: int
    limit: int
    offset: int
    items: list[EscoOccupationOut]


class CountryOut(Schema):
    """ISO 3166-1 country with its name in `lang` and in all three languages."""

    alpha2: str
    alpha3: str
    numeric: str
    name: str
    names: LocalizedTitle


class ErrorOut(Schema):
    """Every error body: a stable `code`, an English `message`, and optional `errors`."""

    code: str
    message: str
    errors: list[dict[str, object]] | None = None
