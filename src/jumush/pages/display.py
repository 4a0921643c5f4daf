"""What the pages show of a vacancy and of a screening: the terms in the page's language, and
the findings in plain language (messages from compliance/messages.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jumush.compliance.engine import Screening
from jumush.core.i18n import localized
from jumush.registry.models import Vacancy
from jumush.taxonomy.models import Country

#: Findings shown first: what blocks, then what to watch out for, then notes.
SEVERITY_ORDER = {"block": 0, "warn": 1, "info": 2}


def money(amount: Decimal, currency: str) -> str:
    """ "85 000.00 RUB": digits grouped by a no-break space, as Kyrgyz and Russian write them."""
    whole, _dot, cents = f"{amount:.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", "\u00a0")
    return f"{grouped}.{cents} {currency}" if cents != "00" else f"{grouped} {currency}"


def screening_findings(screening: Screening, lang: str) -> list[dict[str, Any]]:
    """Each finding as {"code", "severity", "message"} in `lang`, blocks first."""
    return sorted(
        (
            {"code": f.code, "severity": f.severity, "message": f.message[lang]}
            for f in screening.findings
        ),
        key=lambda f: SEVERITY_ORDER.get(str(f["severity"]), 3),
    )


def vacancy_findings(vacancy: Vacancy, lang: str) -> list[dict[str, Any]]:
    """The stored screening's findings of `vacancy` in `lang` (none when never screened)."""
    if not vacancy.screening:
        return []
    return screening_findings(Screening.from_dict(vacancy.screening), lang)


def vacancy_terms(vacancy: Vacancy, lang: str) -> list[tuple[str, str]]:
    """(label, value) rows of the vacancy's terms for its page, in `lang`."""
    terms = vacancy.terms or {}
    rows: list[tuple[str, str]] = []
    country = Country.objects.filter(pk=vacancy.destination_country_id).first()
    if country is not None:
        place = localized(country, "name", lang)
        city = (terms.get("destination") or {}).get("city")
        rows.append((_("Country"), f"{place}, {city}" if city else place))
    if vacancy.wage_amount is not None and vacancy.wage_currency_id:
        per = _("per hour") if vacancy.wage_period == "hour" else _("per month")
        rows.append((_("Wage"), f"{money(vacancy.wage_amount, vacancy.wage_currency_id)} {per}"))
    else:
        rows.append((_("Wage"), _("not given")))
    if vacancy.weekly_hours is not None:
        rows.append((_("Hours per week"), f"{vacancy.weekly_hours.normalize():f}"))
    if vacancy.contract_months:
        rows.append((_("Contract, months"), str(vacancy.contract_months)))
    if vacancy.start_date:
        rows.append((pgettext("vacancy", "Start date"), vacancy.start_date.strftime("%d.%m.%Y")))
    rows.append((_("Positions"), str(vacancy.positions)))
    employer = (terms.get("employer") or {}).get("name")
    if employer:
        rows.append((_("Employer"), employer))
    if vacancy.agency_licence_number:
        rows.append((_("Agency licence"), vacancy.agency_licence_number))
    return rows
