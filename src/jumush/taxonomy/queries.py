"""Reads of the reference taxonomies. `get_*` raise NotFound; `search_*` return pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Case, IntegerField, Min, QuerySet, Value, When
from django.db.models.functions import Length

from jumush.core.errors import InvalidInput, NotFound
from jumush.core.text import search_key
from jumush.taxonomy.models import Country, EscoOccupation, IscoGroup, OccupationLabel

MAX_QUERY_LENGTH = 200


def get_isco_group(code: str) -> IscoGroup:
    """The ISCO-08 group with this code ("7212", "72", "0110").

    Raises InvalidInput (code "isco.code_invalid") unless `code` is 1-4 ASCII digits;
    NotFound (code "isco.not_found") when no such group exists.
    """
    if not (code.isascii() and code.isdigit() and 1 <= len(code) <= 4):
        raise InvalidInput(
            f"ISCO-08 code {code!r} must be 1 to 4 digits, as a string (e.g. '7212', '0110')",
            code="isco.code_invalid",
            field="code",
        )
    group = IscoGroup.objects.filter(code=code).select_related("parent__parent__parent").first()
    if group is None:
        raise NotFound(
            f"no ISCO-08 group has code {code!r}", code="isco.not_found", isco08_code=code
        )
    return group


def isco_parent_chain(group: IscoGroup) -> list[IscoGroup]:
    """The group's ancestors, major group first (empty for a major group)."""
    chain = []
    node = group.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a search: `items`, the `total` matching, and the window asked for."""

    items: list[T]
    total: int
    limit: int
    offset: int


def _matching_labels(q: str) -> QuerySet[OccupationLabel]:
    key = search_key(q)
    if not key:
        raise InvalidInput("the search text is empty", code="search.empty", field="q")
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidInput(
            f"the search text is {len(q)} characters; at most {MAX_QUERY_LENGTH}",
            code="search.too_long",
            field="q",
        )
    return OccupationLabel.objects.filter(search_key__contains=key).annotate(
        rank=Case(
            When(search_key=key, then=Value(0)),
            When(search_key__startswith=key, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        length=Length("search_key"),
    )


def search_esco_occupations(q: str, *, limit: int, offset: int) -> Page[EscoOccupation]:
    """ESCO occupations whose label (en, or the project's ru/ky names) contains `q`, best first.

    Order: exact label, label starting with q, any other; then shorter label; then URI id.
    Each occupation appears once. Raises InvalidInput for an empty or over-long q.
    """
    ranked = (
        _matching_labels(q)
        .filter(occupation__isnull=False)
        .values("occupation_id")
        .annotate(best=Min("rank"), shortest=Min("length"))
        .order_by("best", "shortest", "occupation_id")
    )
    total = ranked.count()
    ids = [row["occupation_id"] for row in ranked[offset : offset + limit]]
    by_id = EscoOccupation.objects.select_related("isco_group").in_bulk(ids)
    return Page([by_id[i] for i in ids], total, limit, offset)


def search_isco_groups(q: str, *, limit: int) -> list[IscoGroup]:
    """ISCO-08 groups whose title, or the name of an ESCO occupation in them, in ky, ru or en
    contains `q`, best first."""
    ranked = (
        _matching_labels(q)
        .values("isco_group_id")
        .annotate(best=Min("rank"), shortest=Min("length"))
        .order_by("best", "shortest", "isco_group_id")
    )
    codes = [row["isco_group_id"] for row in ranked[:limit]]
    by_code = IscoGroup.objects.in_bulk(codes)
    return [by_code[c] for c in codes]


def list_countries() -> QuerySet[Country]:
    """All ISO 3166-1 countries, by alpha-2 code."""
    return Country.objects.order_by("alpha2")


def occupation_names(occupations: list[EscoOccupation], lang: str) -> dict[int, str]:
    """{occupation id: its preferred name in `lang`}, English where there is none."""
    names = {o.id: o.preferred_label_en for o in occupations}
    if lang != "en":
        for occupation_id, text in OccupationLabel.objects.filter(
            occupation_id__in=list(names), lang=lang, kind="preferred"
        ).values_list("occupation_id", "text"):
            names[occupation_id] = text
    return names
