"""Writes to the registry: store vacancies and workers (one or a batch), register employers and
agencies, and record verification and licence decisions.

Validation of shape is the schemas' job (registry/schemas.py); this module checks what needs
the database (does the ISCO-08 code, ESCO URI, region or skill exist?), codes titles that come
without a code, and raises `RecordError` naming the field and why.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jumush.coding.coder import CodingResult
from jumush.coding.service import get_coder
from jumush.compliance.service import rescreen_published, screen_rows
from jumush.core import crypto
from jumush.core.errors import Conflict, InvalidInput, NotFound
from jumush.core.text import search_key
from jumush.registry.models import (
    Agency,
    AgencyDecision,
    Application,
    ApplicationStatus,
    Consent,
    DuplicateFlag,
    Employer,
    EmployerVerification,
    Vacancy,
    VacancyReview,
    VacancyStatus,
    Verification,
    Worker,
    WorkerDestination,
    WorkerLanguage,
    WorkerOccupation,
    WorkerSkill,
)
from jumush.registry.queries import find_employer
from jumush.registry.schemas import AgencyIn, EmployerIn, EmployerRef, VacancyIn, WorkerIn
from jumush.taxonomy.models import (
    CefrLevel,
    Country,
    Currency,
    EscoOccupation,
    EscoSkill,
    IscoGroup,
    Language,
    ReferenceDataset,
    Subdivision,
)


class RecordError(InvalidInput):
    """A record that is well formed but refers to something that does not exist or
    contradicts itself. `field` is the dotted field name, `value` what was given."""

    code = "record.invalid"

    def __init__(self, field: str, value: object, reason: str) -> None:
        super().__init__(f"{field}: {reason}", field=field, value=value, reason=reason)
        self.field = field
        self.value = value
        self.reason = reason


class Coded(NamedTuple):
    """A record's occupation: ISCO-08 unit group, ESCO occupation id and URI (None when
    unknown), and the coder's confidence (None when the record gave the code)."""

    isco08_code: str | None
    esco_id: int | None
    esco_uri: str | None
    confidence: float | None


_references_lock = threading.Lock()
_references: tuple[tuple[tuple[str, str], ...], References] | None = None


@dataclass
class References:
    """The reference codes records are checked against: ISCO-08 unit groups, ESCO
    occupations (URI -> (id, unit group)), ESCO skills (URI -> id) and KG subdivisions
    (code -> parent region code or None)."""

    unit_groups: set[str] = field(default_factory=set)
    esco: dict[str, tuple[int, str]] = field(default_factory=dict)
    skills: dict[str, int] = field(default_factory=dict)
    subdivisions: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def current(cls) -> References:
        """The codes of the loaded reference data, read once per process and again only
        after `jumush reference load` changed a dataset (one small query to know)."""
        global _references
        state = tuple(ReferenceDataset.objects.order_by("name").values_list("name", "sha256"))
        with _references_lock:
            if _references is None or _references[0] != state:
                _references = (state, cls.load())
            return _references[1]

    @classmethod
    def load(cls) -> References:
        """Read the codes from the loaded reference data."""
        return cls(
            unit_groups=set(IscoGroup.objects.filter(level=4).values_list("code", flat=True)),
            esco={
                uri: (pk, code)
                for pk, uri, code in EscoOccupation.objects.values_list(
                    "id", "uri", "isco_group_id"
                )
            },
            skills=dict(EscoSkill.objects.values_list("uri", "id")),
            subdivisions=dict(Subdivision.objects.values_list("code", "parent_id")),
        )

    def check_skills(self, prefix: str, uris: Sequence[str]) -> None:
        """Raises RecordError for the first URI that is not an ESCO skill."""
        for i, uri in enumerate(uris):
            if uri not in self.skills:
                raise RecordError(f"{prefix}{i}", uri, "no ESCO skill has this URI")

    def occupation(
        self, prefix: str, isco: str | None, uri: str | None, coded: CodingResult | None
    ) -> Coded:
        """The occupation codes from what the record gives or, when it gives no code, from
        the coder's answer. Raises RecordError."""
        if isco is not None and isco not in self.unit_groups:
            raise RecordError(f"{prefix}isco08_code", isco, "no ISCO-08 unit group has this code")
        esco_id = None
        if uri is not None:
            if uri not in self.esco:
                raise RecordError(f"{prefix}esco_uri", uri, "no ESCO occupation has this URI")
            esco_id, esco_group = self.esco[uri]
            if isco is not None and esco_group != isco:
                raise RecordError(
                    f"{prefix}esco_uri",
                    uri,
                    f"this ESCO occupation is in unit group {esco_group}, not {isco}",
                )
            isco = esco_group
        if isco is not None:
            return Coded(isco, esco_id, uri, None)
        if coded is None or coded.abstain or coded.isco08_code is None:
            return Coded(None, None, None, coded.confidence if coded else None)
        coded_uri = coded.esco_uri
        if coded_uri not in self.esco:
            return Coded(coded.isco08_code, None, None, coded.confidence)
        return Coded(coded.isco08_code, self.esco[coded_uri][0], coded_uri, coded.confidence)


def code_titles(
    titles: Sequence[str], cache: dict[str, CodingResult] | None = None
) -> dict[str, CodingResult]:
    """The coder's answer for each distinct title. Files repeat titles: each is coded once,
    and with `cache` (kept by the caller across batches) once per import."""
    known = cache if cache is not None else {}
    distinct = [t for t in dict.fromkeys(titles) if t not in known]
    if distinct:
        coder = get_coder(settings.CACHE_DIR)
        known.update(zip(distinct, coder.code_many(distinct), strict=True))
    return {t: known[t] for t in titles}


#: At most this many coded titles are kept by one import (about 2 kB each).
CODING_CACHE_SIZE = 50_000


# --- Employers and agencies -----------------------------------------------------------------


EmployerKey = tuple[str, str, str]


def _employer_key(ref: EmployerRef) -> EmployerKey:
    """(country, registration number, name key): an employer is known by its registration
    number in its country, or, when a vacancy gives none, by its name in its country."""
    if ref.registration_number:
        return ref.country, ref.registration_number, ""
    return ref.country, "", search_key(ref.name)


def resolve_employers(refs: Sequence[EmployerRef], cache: dict[EmployerKey, int]) -> None:
    """Fill `cache` (employer key -> Employer id) for every employer the vacancies name,
    registering the new ones as unverified: a batch costs two look-ups and one insert."""
    wanted = {_employer_key(r): r for r in refs if _employer_key(r) not in cache}
    if not wanted:
        return

    def look_up() -> None:
        numbers = {k[1] for k in wanted if k[1]}
        names = {k[2] for k in wanted if not k[1]}
        found = Employer.objects.filter(country_id__in={k[0] for k in wanted}).filter(
            Q(registration_number__in=numbers) | Q(registration_number="", name_key__in=names)
        )
        for pk, country, number, name_key in found.values_list(
            "id", "country_id", "registration_number", "name_key"
        ):
            key = (country, number, "" if number else name_key)
            if key in wanted:
                cache[key] = pk

    look_up()
    new = [
        Employer(
            legal_name=ref.name,
            country_id=ref.country,
            registration_number=ref.registration_number,
            name_key=search_key(ref.name),
            source_system="vacancy",
        )
        for key, ref in sorted(wanted.items())
        if key not in cache
    ]
    if new:
        # Another import running at the same time may register the same employer first
        # (ignore_conflicts); inserting in key order means two such imports never wait on
        # each other in a cycle.
        Employer.objects.bulk_create(new, ignore_conflicts=True)
        look_up()


def resolve_agencies(numbers: Iterable[str], cache: dict[str, int | None]) -> None:
    """Fill `cache` (licence number -> Agency id, or None for an unknown licence)."""
    wanted = {n for n in numbers if n not in cache}
    if wanted:
        cache.update(dict.fromkeys(wanted))
        cache.update(
            Agency.objects.filter(licence_number__in=wanted).values_list("licence_number", "id")
        )


def register_employer(data: EmployerIn, *, source_system: str = "api") -> Employer:
    """Register an employer (unverified). Raises RecordError if the country already has an
    employer with this registration number or, when none is given, with this name."""
    if find_employer(data.country, data.registration_number, data.legal_name) is not None:
        if data.registration_number:
            raise RecordError(
                "registration_number",
                data.registration_number,
                f"an employer in {data.country} already has this registration number",
            )
        raise RecordError(
            "legal_name",
            data.legal_name,
            f"an employer in {data.country} without a registration number has this name; "
            "give the registration number",
        )
    return Employer.objects.create(
        legal_name=data.legal_name,
        country_id=data.country,
        registration_number=data.registration_number,
        name_key=search_key(data.legal_name),
        sector_isic=data.sector_isic,
        address=data.address,
        source_system=source_system,
    )


@transaction.atomic
def set_employer_verification(
    employer: Employer, status: Verification, *, actor: User | None, reason: str
) -> Employer:
    """Record a verification decision (verified, suspended or back to unverified) with who,
    when and why. Raises InvalidInput when the reason is empty."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("a reason is required", code="employer.reason_required", field="reason")
    now = timezone.now()
    EmployerVerification.objects.create(
        employer=employer, status=status, actor=actor, at=now, reason=reason
    )
    employer.verification = status
    employer.verified_by = actor
    employer.verified_at = now
    employer.verification_reason = reason
    employer.save(
        update_fields=[
            "verification",
            "verified_by",
            "verified_at",
            "verification_reason",
            "updated_at",
        ]
    )
    if status == Verification.suspended:
        # Its published vacancies are screened again, and so blocked (and out of matching).
        rescreen_published(employer.vacancies.all(), today=timezone.localdate())
    return employer


@transaction.atomic
def register_agency(data: AgencyIn, *, source_system: str = "api") -> Agency:
    """Register a licensed private employment agency. Raises RecordError when the licence
    number is taken."""
    if Agency.objects.filter(licence_number=data.licence_number).exists():
        raise RecordError(
            "licence_number", data.licence_number, "an agency with this licence is registered"
        )
    agency = Agency.objects.create(
        name=data.name,
        name_key=search_key(data.name),
        licence_number=data.licence_number,
        issued_on=data.issued_on,
        expires_on=data.expires_on,
        deposit_amount=data.deposit.amount if data.deposit else None,
        deposit_currency_id=data.deposit.currency if data.deposit else None,
        source_system=source_system,
    )
    agency.countries_served.set(Country.objects.filter(alpha2__in=data.countries_served))
    return agency


@transaction.atomic
def record_agency_decision(
    agency: Agency,
    decision: AgencyDecision.Kind,
    *,
    effective_on: dt.date,
    actor: User | None,
    reason: str,
) -> AgencyDecision:
    """Suspend, revoke or reinstate an agency's licence from `effective_on`, with who and why.
    Raises InvalidInput when the reason is empty, the licence is already revoked (final), or
    `effective_on` is outside the licence's term."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("a reason is required", code="agency.reason_required", field="reason")
    if agency.decisions.filter(decision=AgencyDecision.Kind.revoked).exists():
        raise InvalidInput(
            "the licence is revoked, which is final; the agency must apply for a new licence",
            code="agency.revoked_final",
            field="decision",
        )
    if not agency.issued_on <= effective_on <= agency.expires_on:
        raise InvalidInput(
            f"effective_on {effective_on.isoformat()} is outside the licence's term "
            f"({agency.issued_on.isoformat()} to {agency.expires_on.isoformat()})",
            code="agency.decision_date_invalid",
            field="effective_on",
        )
    made = AgencyDecision.objects.create(
        agency=agency,
        decision=decision,
        effective_on=effective_on,
        actor=actor,
        at=timezone.now(),
        reason=reason,
    )
    if decision != AgencyDecision.Kind.reinstated:
        # Its published vacancies are screened again: those it recruits for are blocked
        # (and so leave matching) once the licence is no longer valid on their start date.
        rescreen_published(agency.vacancies.all(), today=timezone.localdate())
    return made


# --- Vacancies ------------------------------------------------------------------------------


def source_key(system: str, external_id: str | None, content_hash: str) -> tuple[str, str]:
    """(source_system, external_id) that identifies a record across re-imports: the source's
    own id when it has one, else the content hash."""
    return system, external_id or f"sha256:{content_hash}"


def build_vacancy(
    data: VacancyIn,
    occupation: Coded,
    employers: dict[EmployerKey, int],
    agencies: dict[str, int | None],
) -> dict[str, Any]:
    """A new Vacancy row (field attname -> value) from a validated VacancyIn and its
    occupation codes; the employer and agency ids from the caches that `resolve_employers`
    and `resolve_agencies` filled. The stored `terms` carry the codes used."""
    terms = data.model_dump(mode="json")
    terms["isco08_code"] = occupation.isco08_code
    terms["esco_uri"] = occupation.esco_uri
    licence = data.agency_licence_number
    digest = data.content_hash()
    system, external = source_key(data.source.system, data.source.external_id, digest)
    wage = data.wage
    return dict(
        title=data.title,
        isco_group_id=occupation.isco08_code,
        esco_occupation_id=occupation.esco_id,
        coding_confidence=occupation.confidence,
        employer_id=employers[_employer_key(data.employer)] if data.employer else None,
        agency_id=agencies.get(licence) if licence else None,
        agency_licence_number=licence or "",
        destination_country_id=data.destination.country,
        destination_region=data.destination.region,
        start_date=data.start_date,
        positions=data.positions,
        wage_amount=wage.amount if wage else None,
        wage_currency_id=wage.currency if wage else None,
        wage_period=wage.period if wage else "",
        wage_basis=(wage.basis or "") if wage else "",
        weekly_hours=data.weekly_hours,
        contract_months=data.contract_months,
        terms=terms,
        status=data.status,
        content_hash=digest,
        source_system=system,
        external_id=external,
        source_file=data.source.file,
        source_row=data.source.row,
    )


def build_vacancies(
    records: Sequence[VacancyIn],
    refs: References,
    coded: dict[str, CodingResult],
    employers: dict[EmployerKey, int],
    agencies: dict[str, int | None],
) -> tuple[list[dict[str, Any]], list[tuple[VacancyIn, RecordError]]]:
    """New Vacancy rows for a batch, screened (compliance/service.py: a vacancy submitted for
    screening or publication is published or blocked), and the records refused with their
    RecordError. Employers are registered only for the records that are not refused."""
    accepted: list[VacancyIn] = []
    occupations: list[Coded] = []
    refused = []
    for record in records:
        try:
            occupation = refs.occupation(
                "", record.isco08_code, record.esco_uri, coded.get(record.title)
            )
            refs.check_skills("requirements.skills.", record.requirements.skills)
        except RecordError as exc:
            refused.append((record, exc))
        else:
            accepted.append(record)
            occupations.append(occupation)
    resolve_employers([r.employer for r in accepted if r.employer], employers)
    resolve_agencies(
        [r.agency_licence_number for r in accepted if r.agency_licence_number], agencies
    )
    built = [
        build_vacancy(r, occupation, employers, agencies)
        for r, occupation in zip(accepted, occupations, strict=True)
    ]
    screen_rows(accepted, built, today=timezone.localdate())
    return built, refused


def create_vacancy(data: VacancyIn) -> Vacancy:
    """Store one vacancy, coding its title when it has no ISCO-08 code. Raises RecordError,
    or DomainError "vacancy.duplicate" when this source id (or content) is stored already."""
    system, external = source_key(data.source.system, data.source.external_id, data.content_hash())
    existing = Vacancy.objects.filter(source_system=system, external_id=external).first()
    if existing is not None:
        raise Conflict(
            f"this vacancy is stored already as {existing.pk}",
            code="vacancy.duplicate",
            vacancy_id=existing.pk,
        )
    coded = code_titles([data.title]) if data.isco08_code is None else {}
    with transaction.atomic():
        built, refused = build_vacancies([data], References.current(), coded, {}, {})
        if refused:
            raise refused[0][1]
        vacancy = Vacancy(**built[0])
        vacancy.save()
    return vacancy


#: Statuses in which the vacancy's staff may still change a vacancy (fix and check again).
REVISABLE = frozenset({VacancyStatus.draft, VacancyStatus.blocked})


def revise_vacancy(vacancy: Vacancy, data: VacancyIn) -> Vacancy:
    """Replace the terms of a draft or blocked vacancy with `data` (coded and screened like a
    new one: submitted as "screening" or "published" it becomes published or blocked, a
    "draft" stays a draft). Its id and source stay. Raises Conflict ("vacancy.not_revisable")
    for any other status, RecordError for an unknown code."""
    if vacancy.status not in REVISABLE:
        raise Conflict(
            f"vacancy {vacancy.pk} is {vacancy.status}: only drafts and blocked vacancies "
            "can be changed",
            code="vacancy.not_revisable",
        )
    coded = code_titles([data.title]) if data.isco08_code is None else {}
    with transaction.atomic():
        built, refused = build_vacancies([data], References.current(), coded, {}, {})
        if refused:
            raise refused[0][1]
        row = built[0]
        for kept in ("source_system", "external_id", "source_file", "source_row"):
            row.pop(kept)
        for name, value in row.items():
            setattr(vacancy, name, value)
        vacancy.save()
    return vacancy


@transaction.atomic
def review_vacancy(
    vacancy: Vacancy, decision: VacancyReview.Kind, *, actor: User | None, reason: str
) -> VacancyReview:
    """An officer's decision on a vacancy from the review queue, with a reason. "published"
    screens the vacancy again now and publishes it only when nothing blocks (the screening
    stays the rule: an officer cannot publish past a block); "returned" makes it a draft its
    staff can fix; "blocked" blocks it. Raises InvalidInput for an empty reason, Conflict
    ("vacancy.still_blocked") when publishing something the screening blocks."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("a reason is required", code="vacancy.reason_required", field="reason")
    if decision == VacancyReview.Kind.published:
        record = VacancyIn.model_validate(vacancy.terms)
        record.status = "published"
        row: dict[str, Any] = {
            "employer_id": vacancy.employer_id,
            "agency_id": vacancy.agency_id,
            "isco_group_id": vacancy.isco_group_id,
        }
        screen_rows([record], [row], today=timezone.localdate())
        if row["status"] == VacancyStatus.blocked:
            raise Conflict(
                f"vacancy {vacancy.pk}: its screening blocks it; return it to be fixed",
                code="vacancy.still_blocked",
                field="decision",
            )
        vacancy.screening = row["screening"]
        vacancy.screened_at = row["screened_at"]
        vacancy.rules_version = row["rules_version"]
        vacancy.status = VacancyStatus.published
    elif decision == VacancyReview.Kind.returned:
        vacancy.status = VacancyStatus.draft
    else:
        vacancy.status = VacancyStatus.blocked
    vacancy.save()
    return VacancyReview.objects.create(
        vacancy=vacancy, decision=decision, actor=actor, at=timezone.now(), reason=reason
    )


def get_vacancy(vacancy_id: int) -> Vacancy:
    """The vacancy with this id. Raises NotFound."""
    found = Vacancy.objects.select_related("isco_group", "employer").filter(pk=vacancy_id).first()
    if found is None:
        raise NotFound(f"no vacancy {vacancy_id}", code="vacancy.not_found")
    return found


def vacancy_json(vacancy: Vacancy) -> dict[str, Any]:
    """The stored vacancy as the VacancyOut shape (the vacancy JSON plus id and metadata)."""
    return {
        **vacancy.terms,
        "status": vacancy.status,
        "id": vacancy.pk,
        "coding_confidence": vacancy.coding_confidence,
        "employer_id": vacancy.employer_id,
        "agency_id": vacancy.agency_id,
        "created_at": vacancy.created_at,
        "updated_at": vacancy.updated_at,
    }


# --- Workers --------------------------------------------------------------------------------


def store_worker(
    data: WorkerIn, refs: References, coded: dict[str, CodingResult]
) -> tuple[Worker, list[DuplicateFlag]]:
    """Store one worker with languages, occupations, skills, destinations and consent; flag
    (never merge) earlier records that may be the same person. Call inside a transaction.
    Raises RecordError for an unknown region, district, skill or occupation code."""
    origin = data.origin
    for name, code in (("origin.region", origin.region), ("origin.district", origin.district)):
        if code and code not in refs.subdivisions:
            raise RecordError(name, code, "no KG region or district has this code")
    if origin.district and origin.region and refs.subdivisions[origin.district] != origin.region:
        raise RecordError(
            "origin.district", origin.district, f"this district is not in region {origin.region}"
        )
    region = origin.region or (refs.subdivisions.get(origin.district) or "")
    occupations = []
    for i, occ in enumerate(data.occupations):
        coded_occupation = refs.occupation(
            f"occupations.{i}.", occ.isco08_code, occ.esco_uri, coded.get(occ.title)
        )
        isco = coded_occupation.isco08_code
        if isco is None:
            raise RecordError(
                f"occupations.{i}.title",
                occ.title,
                "too vague to code; give the exact job or an isco08_code",
            )
        occupations.append((occ, isco, coded_occupation))
    refs.check_skills("skills.", data.skills)
    system, external = source_key(data.source.system, data.source.external_id, data.content_hash())
    worker = Worker(
        surname_latin=data.surname_latin,
        given_names_latin=data.given_names_latin,
        surname_cyrillic=data.surname_cyrillic,
        given_names_cyrillic=data.given_names_cyrillic,
        patronymic_cyrillic=data.patronymic_cyrillic,
        sex=data.sex,
        birth_date=data.birth_date,
        citizenship_id=data.citizenship,
        region_id=region or None,
        district_id=origin.district or None,
        locality=origin.locality,
        phone=data.phone,
        education_isced=data.education_isced,
        driving_licences=data.driving_licence,
        min_wage_amount=data.min_wage.amount if data.min_wage else None,
        min_wage_currency_id=data.min_wage.currency if data.min_wage else None,
        available_from=data.available_from,
        status=data.status,
        content_hash=data.content_hash(),
        source_system=system,
        external_id=external,
        source_file=data.source.file,
        source_row=data.source.row,
    )
    if data.passport is not None:
        worker.passport_sealed, worker.passport_key_id = crypto.seal(data.passport.number)
        worker.passport_lookup = crypto.lookup_hash(data.passport.number)
        worker.passport_expiry = data.passport.expiry
    worker.save()
    WorkerLanguage.objects.bulk_create(
        WorkerLanguage(worker=worker, language_id=lang.language, cefr_id=lang.cefr)
        for lang in data.languages
    )
    WorkerOccupation.objects.bulk_create(
        WorkerOccupation(
            worker=worker,
            title=occ.title,
            isco_group_id=isco,
            esco_occupation_id=codes.esco_id,
            coding_confidence=codes.confidence,
            experience_months=occ.experience_months,
            country_id=occ.country,
        )
        for occ, isco, codes in occupations
    )
    WorkerSkill.objects.bulk_create(
        WorkerSkill(worker=worker, skill_id=refs.skills[uri]) for uri in dict.fromkeys(data.skills)
    )
    WorkerDestination.objects.bulk_create(
        WorkerDestination(worker=worker, country_id=c) for c in dict.fromkeys(data.destinations)
    )
    Consent.objects.create(
        worker=worker,
        purpose=data.consent.purpose,
        given_on=data.consent.given_on,
        text_version=data.consent.text_version,
    )
    return worker, flag_possible_duplicates(worker)


def flag_possible_duplicates(worker: Worker) -> list[DuplicateFlag]:
    """Flag earlier workers that may be this person, for review: the same passport number, or
    the same surname (Latin or Cyrillic) and birth date from the same district or locality.
    Nothing is merged."""
    flags = []
    if worker.passport_lookup:
        for other in Worker.objects.filter(passport_lookup=worker.passport_lookup).exclude(
            pk=worker.pk
        ):
            flags.append(DuplicateFlag(worker=worker, other=other, reason="same passport number"))
    same_person_like = Worker.objects.filter(birth_date=worker.birth_date).exclude(pk=worker.pk)
    for other in same_person_like:
        if any(f.other_id == other.pk for f in flags):
            continue
        same_name = other.surname_latin.casefold() == worker.surname_latin.casefold() or (
            worker.surname_cyrillic
            and other.surname_cyrillic.casefold() == worker.surname_cyrillic.casefold()
        )
        same_place = (worker.district_id and other.district_id == worker.district_id) or (
            worker.locality and search_key(other.locality) == search_key(worker.locality)
        )
        if same_name and same_place:
            flags.append(
                DuplicateFlag(
                    worker=worker, other=other, reason="same surname, birth date and place"
                )
            )
    DuplicateFlag.objects.bulk_create(flags)
    return flags


def create_worker(data: WorkerIn) -> Worker:
    """Store one worker (coding occupation titles given without a code). Raises RecordError,
    or DomainError "worker.duplicate" when this source id (or content) is stored already."""
    system, external = source_key(data.source.system, data.source.external_id, data.content_hash())
    if Worker.objects.filter(source_system=system, external_id=external).exists():
        raise Conflict("this worker record is stored already", code="worker.duplicate")
    coded = code_titles([o.title for o in data.occupations if o.isco08_code is None])
    with transaction.atomic():
        worker, _ = store_worker(data, References.current(), coded)
    return worker


def erase_worker_data(worker: Worker) -> uuid.UUID:
    """Remove a worker's personal data and keep what statistics need. Call inside the
    erasure's transaction (accounts/actions.py `erase_worker` also unlinks the account and
    pseudonymises the audit trail). Returns the public id the record had: it gets a new random
    one, so nothing that knew the old id (a URL, an export, another system) can find it.

    Removed: names, phone, passport number (ciphertext, key id, look-up hash) and expiry,
    district and locality (address-like), free text (occupation titles as typed, application
    reasons), the source's file, row and external id, possible-duplicate flags (they link
    people). Kept for statistics: sex, year of birth (the date becomes 1 July of that year, the
    middle of the year), citizenship, region, ISCO-08/ESCO occupations with months of
    experience, CEFR languages, ESCO skills, ISCED level, destinations, wage wanted, status,
    applications with their statuses and dates, consents (purpose, dates, text version).
    `erased_at` is set; an erased worker is no longer matched."""
    old_id = worker.public_id
    worker.public_id = uuid.uuid4()
    worker.surname_latin = worker.given_names_latin = ""
    worker.surname_cyrillic = worker.given_names_cyrillic = worker.patronymic_cyrillic = ""
    worker.birth_date = dt.date(worker.birth_date.year, 7, 1)
    worker.district = None
    worker.locality = ""
    worker.phone = ""
    worker.passport_sealed = None
    worker.passport_key_id = worker.passport_lookup = ""
    worker.passport_expiry = None
    worker.source_file = ""
    worker.source_row = None
    worker.external_id = f"erased-{worker.public_id}"
    worker.content_hash = "erased"
    worker.erased_at = timezone.now()
    worker.save()
    WorkerOccupation.objects.filter(worker=worker).update(title="")
    Application.objects.filter(worker=worker).update(reason="")
    DuplicateFlag.objects.filter(Q(worker=worker) | Q(other=worker)).delete()
    return old_id


# --- Applications ---------------------------------------------------------------------------

#: Decisions the vacancy's staff may record on a candidate.
DECISIONS = frozenset({ApplicationStatus.shortlisted, ApplicationStatus.rejected})


def _open_for_applications(vacancy: Vacancy) -> bool:
    blocked = (vacancy.screening or {}).get("status") == "blocked"
    return vacancy.status == VacancyStatus.published and not blocked and vacancy.positions > 0


@transaction.atomic
def apply_to_vacancy(*, worker: Worker, vacancy: Vacancy) -> Application:
    """The worker applies to a published vacancy whose screening does not block. Applying is
    also the worker's consent that the vacancy's staff see their passport number and phone.
    Applying again, or after being shortlisted from the ranked list, keeps one row (the
    staff's decision stands). Raises Conflict ("application.closed") when the vacancy is not
    open for applications, and ("application.decided") when it already rejected the worker."""
    if not _open_for_applications(vacancy):
        raise Conflict(
            f"vacancy {vacancy.pk} does not take applications (it is {vacancy.status}, or its "
            "screening blocks it)",
            code="application.closed",
        )
    now = timezone.now()
    application, created = Application.objects.select_for_update().get_or_create(
        vacancy=vacancy,
        worker=worker,
        defaults={"status": ApplicationStatus.applied, "applied_at": now},
    )
    if created:
        return application
    if application.status == ApplicationStatus.rejected:
        raise Conflict(
            f"vacancy {vacancy.pk} has already declined this candidate",
            code="application.decided",
        )
    if application.applied_at is None:
        application.applied_at = now
    if application.status == ApplicationStatus.withdrawn:
        application.status = ApplicationStatus.applied
    application.save(update_fields=["applied_at", "status", "updated_at"])
    return application


@transaction.atomic
def withdraw_application(application: Application) -> Application:
    """The worker takes an application back; the vacancy's staff no longer see their passport
    number or phone. Raises Conflict ("application.not_applied") when there is nothing the
    worker applied for."""
    if application.applied_at is None or application.status == ApplicationStatus.withdrawn:
        raise Conflict("there is no application to withdraw", code="application.not_applied")
    application.status = ApplicationStatus.withdrawn
    application.applied_at = None
    application.save(update_fields=["status", "applied_at", "updated_at"])
    return application


@transaction.atomic
def decide_candidate(
    *,
    vacancy: Vacancy,
    worker: Worker,
    decision: ApplicationStatus,
    reason: str,
    actor: User | None,
) -> Application:
    """The vacancy's staff shortlist or reject a candidate (an applicant, or a worker from the
    ranked candidate list), with a reason the worker will read. Raises InvalidInput
    ("application.decision_invalid" / "application.reason_required") for another decision or
    an empty reason (field "decision" / "reason"), and Conflict ("application.withdrawn") when
    the worker withdrew their application."""
    if decision not in DECISIONS:
        raise InvalidInput(
            f"decision must be shortlisted or rejected, not {decision!r}",
            code="application.decision_invalid",
            field="decision",
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput(
            "a reason is required", code="application.reason_required", field="reason"
        )
    if len(reason) > 500:
        raise InvalidInput(
            "the reason is longer than 500 characters",
            code="application.reason_too_long",
            field="reason",
        )
    application, _ = Application.objects.select_for_update().get_or_create(
        vacancy=vacancy, worker=worker, defaults={"status": decision}
    )
    if application.status == ApplicationStatus.withdrawn:
        raise Conflict("the worker withdrew this application", code="application.withdrawn")
    application.status = decision
    application.reason = reason
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save()
    return application


# --- A worker's own profile, step by step (the worker pages) -------------------------------


class OccupationChoice(NamedTuple):
    """One occupation as the worker confirmed it: their own words (`title`), the ISCO-08 unit
    group they chose from the coder's offers, the ESCO occupation when the offer had one,
    and months of experience in it."""

    title: str
    isco08_code: str
    esco_uri: str | None
    experience_months: int


def _touch(worker: Worker) -> None:
    # updated_at tells the matching indexes (matching/live.py) that the profile changed.
    worker.save(update_fields=["updated_at"])


@transaction.atomic
def set_worker_occupations(worker: Worker, choices: Sequence[OccupationChoice]) -> None:
    """Replace the worker's occupations with `choices` (at most 5; one row per unit group:
    a second choice of the same group adds its months to the first). The title is kept
    exactly as typed. Raises RecordError for an unknown ISCO-08 unit group or ESCO URI, or an
    ESCO occupation outside the chosen group."""
    refs = References.current()
    rows: dict[str, WorkerOccupation] = {}
    for i, choice in enumerate(choices[:5]):
        coded = refs.occupation(f"occupations.{i}.", choice.isco08_code, choice.esco_uri, None)
        isco = coded.isco08_code or choice.isco08_code
        if isco in rows:
            rows[isco].experience_months += choice.experience_months
            continue
        rows[isco] = WorkerOccupation(
            worker=worker,
            title=choice.title,
            isco_group_id=isco,
            esco_occupation_id=coded.esco_id,
            coding_confidence=None,
            experience_months=choice.experience_months,
        )
    WorkerOccupation.objects.filter(worker=worker).delete()
    WorkerOccupation.objects.bulk_create(rows.values())
    _touch(worker)


@transaction.atomic
def set_worker_languages(worker: Worker, levels: Sequence[tuple[str, str]]) -> None:
    """Replace the worker's languages with (ISO 639-1 code, CEFR level) pairs; a language
    given twice keeps its last level. Raises RecordError for an unknown language or level."""
    chosen = dict(levels)
    known_languages = set(Language.objects.filter(alpha2__in=chosen).values_list("pk", flat=True))
    known_levels = set(CefrLevel.objects.values_list("pk", flat=True))
    for i, (language, cefr) in enumerate(chosen.items()):
        if language not in known_languages:
            raise RecordError(f"languages.{i}.language", language, "no ISO 639-1 language")
        if cefr not in known_levels:
            raise RecordError(f"languages.{i}.cefr", cefr, "no CEFR level A1-C2")
    WorkerLanguage.objects.filter(worker=worker).delete()
    WorkerLanguage.objects.bulk_create(
        WorkerLanguage(worker=worker, language_id=language, cefr_id=cefr)
        for language, cefr in chosen.items()
    )
    _touch(worker)


@transaction.atomic
def set_worker_destinations(worker: Worker, countries: Sequence[str]) -> None:
    """Replace the countries (ISO 3166-1 alpha-2) where the worker wants to work. Raises
    RecordError for an unknown code."""
    wanted = list(dict.fromkeys(countries))
    known = set(Country.objects.filter(alpha2__in=wanted).values_list("pk", flat=True))
    for i, code in enumerate(wanted):
        if code not in known:
            raise RecordError(f"destinations.{i}", code, "no ISO 3166-1 country has this code")
    WorkerDestination.objects.filter(worker=worker).delete()
    WorkerDestination.objects.bulk_create(
        WorkerDestination(worker=worker, country_id=code) for code in wanted
    )
    _touch(worker)


@transaction.atomic
def set_worker_min_wage(worker: Worker, amount: Decimal | None, currency: str | None) -> None:
    """Set the lowest monthly wage the worker accepts (Decimal in the ISO 4217 `currency`),
    or clear it with None. Raises RecordError for a negative amount or unknown currency."""
    if amount is not None:
        if amount < 0:
            raise RecordError("min_wage.amount", amount, "must not be negative")
        if not currency or not Currency.objects.filter(pk=currency).exists():
            raise RecordError("min_wage.currency", currency, "no ISO 4217 currency")
    worker.min_wage_amount = amount
    worker.min_wage_currency_id = currency if amount is not None else None
    worker.save(update_fields=["min_wage_amount", "min_wage_currency", "updated_at"])
