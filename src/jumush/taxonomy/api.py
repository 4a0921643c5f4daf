"""JSON API v1 for the reference taxonomies: ISCO-08 groups, ESCO occupations, countries."""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from jumush.core.i18n import localized, request_lang
from jumush.taxonomy import queries
from jumush.taxonomy.models import IscoGroup
from jumush.taxonomy.schemas import (
    CountryOut,
    ErrorOut,
    EscoOccupationOut,
    EscoOccupationPage,
    EscoOccupationRef,
    IscoGroupOut,
    IscoGroupRef,
    LocalizedTitle,
)

router = Router(tags=["reference"])

LangParam = Literal["ky", "ru", "en"]


def _ref(group: IscoGroup, lang: str) -> IscoGroupRef:
    return IscoGroupRef(code=group.code, level=group.level, title=localized(group, "title", lang))


@router.api_operation(
    ["GET", "HEAD"],
    "/isco/{code}",
    response={200: IscoGroupOut, 404: ErrorOut, 422: ErrorOut},
    summary="An ISCO-08 group with its titles, definition, parents, children and ESCO occupations",
)
def isco_group(
    request: HttpRequest, response: HttpResponse, code: str, lang: LangParam | None = None
) -> IscoGroupOut:
    """`lang` defaults to the request's Accept-Language (or language cookie), else English."""
    lang = response["Content-Language"] = request_lang(request, lang)
    group = queries.get_isco_group(code)
    return IscoGroupOut(
        code=group.code,
        level=group.level,
        title=localized(group, "title", lang),
        titles=LocalizedTitle(en=group.title_en, ru=group.title_ru, ky=group.title_ky),
        definition=group.definition_en,
        tasks=group.tasks_en,
        included_occupations=group.included_en,
        excluded_occupations=group.excluded_en,
        notes=group.notes_en,
        parents=[_ref(p, lang) for p in queries.isco_parent_chain(group)],
        children=[_ref(c, lang) for c in group.children.order_by("code")],
        esco_occupations=[
            EscoOccupationRef(uri=o.uri, code=o.code, preferred_label=o.preferred_label_en)
            for o in group.occupations.order_by("code", "uri")
        ],
    )


class OccupationSearch(Schema):
    """Query parameters of the ESCO occupation search."""

    q: Annotated[str, Field(min_length=1, max_length=queries.MAX_QUERY_LENGTH)]
    lang: LangParam | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    offset: Annotated[int, Field(ge=0, le=100_000)] = 0


@router.api_operation(
    ["GET", "HEAD"],
    "/esco/occupations",
    response={200: EscoOccupationPage, 422: ErrorOut},
    summary="Search ESCO occupations by label; ISCO titles in `lang`",
)
def esco_occupations(
    request: HttpRequest, response: HttpResponse, params: Query[OccupationSearch]
) -> EscoOccupationPage:
    lang = response["Content-Language"] = request_lang(request, params.lang)
    page = queries.search_esco_occupations(params.q, limit=params.limit, offset=params.offset)
    names = queries.occupation_names(page.items, lang)
    return EscoOccupationPage(
        count=page.total,
        limit=page.limit,
        offset=page.offset,
        items=[
            EscoOccupationOut(
                uri=o.uri,
                code=o.code,
                label=names[o.id],
                preferred_label=o.preferred_label_en,
                isco08_code=o.isco_group_id,
                isco08_title=localized(o.isco_group, "title", lang),
                description=o.description_en,
            )
            for o in page.items
        ],
    )


@router.api_operation(
    ["GET", "HEAD"],
    "/countries",
    response={200: list[CountryOut], 422: ErrorOut},
    summary="ISO 3166-1 countries with names in ky, ru and en",
)
def countries(
    request: HttpRequest, response: HttpResponse, lang: LangParam | None = None
) -> list[CountryOut]:
    lang = response["Content-Language"] = request_lang(request, lang)
    return [
        CountryOut(
            alpha2=c.alpha2,
            alpha3=c.alpha3,
            numeric=c.numeric,
            name=localized(c, "name", lang),
            names=LocalizedTitle(en=c.name_en, ru=c.name_ru, ky=c.name_ky),
        )
        for c in queries.list_countries()
    ]
