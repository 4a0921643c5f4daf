"""Pages for employer and agency staff (post vacancies with the compliance check first, follow
them, decide on candidates) and for officers (review queue, employer verification, agency
licences, worker search, dashboard).

Thin: each view asks `staff_page(action)` who is asking (signed in, TOTP passed, the role may
take the action), fetches protected records only through accounts/access.py, calls a registry
action inside one transaction with its audit row, and renders. Every page is `no-store`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jumush.accounts import access
from jumush.accounts.access import Actor, actor_for
from jumush.accounts.roles import Role
from jumush.audit.log import record
from jumush.audit.models import Outcome
from jumush.compliance.service import check_vacancy, screening_json
from jumush.core.crypto import CryptoError, mask, open_sealed
from jumush.core.errors import Conflict, DomainError, InvalidInput, NotFound
from jumush.core.i18n import current_lang
from jumush.matching.profiles import ranked_for_vacancy
from jumush.pages.errors import domain_message
from jumush.registry import actions as registry
from jumush.registry import queries
from jumush.registry.models import (
    Agency,
    AgencyDecision,
    Application,
    ApplicationStatus,
    Employer,
    Vacancy,
    VacancyReview,
    VacancyStatus,
    Verification,
    Worker,
)
from jumush.staff import charts, stats
from jumush.staff.forms import (
    EMPLOYER_DECISIONS,
    AgencyDecisionForm,
    DecisionForm,
    EmployerVerificationForm,
    ReviewForm,
    VacancyForm,
    WorkerSearchForm,
    initial_from_terms,
)

View = Callable[..., HttpResponse]

STATUS_LABELS = {
    "draft": gettext_lazy("draft"),
    "screening": gettext_lazy("being screened"),
    "published": gettext_lazy("published"),
    "blocked": gettext_lazy("blocked"),
    "filled": gettext_lazy("filled"),
    "closed": gettext_lazy("closed"),
    "ok": gettext_lazy("no problems found"),
    "warning": gettext_lazy("warnings"),
    "applied": gettext_lazy("applied"),
    "shortlisted": gettext_lazy("shortlisted"),
    "rejected": gettext_lazy("rejected"),
    "withdrawn": gettext_lazy("withdrawn"),
    "verified": gettext_lazy("verified"),
    "unverified": gettext_lazy("not verified"),
    "suspended": gettext_lazy("suspended"),
    "revoked": gettext_lazy("revoked"),
    "expired": gettext_lazy("expired"),
    "active": gettext_lazy("active"),
    "reinstated": gettext_lazy("reinstated"),
    "returned": gettext_lazy("returned to be fixed"),
}


#: An employer's verification status where its word differs from a licence's (Russian nouns
#: have gender: "работодатель приостановлен", "лицензия приостановлена").
EMPLOYER_LABELS = {"suspended": pgettext_lazy("employer", "suspended")}


def explain(exc: DomainError) -> str:
    """A domain error as the page says it (pages/errors.py domain_message), in the page's
    language when its code is listed there, else the English message, which names the field
    and why."""
    return domain_message(exc, otherwise=exc.message)


def label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def staff_page(action: str, *, ministry: bool = False) -> Callable[[View], View]:
    """Decorate a page view `view(request, actor, ...)`: anonymous visitors are sent to sign
    in (and back), a session still owing its TOTP code to that step; a role that may not take
    `action` (or, with `ministry`, is not on the ministry side) gets 403. Refusals are
    audited. The response is never stored by caches."""

    def decorate(view: View) -> View:
        @wraps(view)
        @never_cache
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = actor_for(request)
            if not actor.signed_in:
                access.refuse(actor, action, "route", request.path, Outcome.unauthenticated)
                return redirect(f"{reverse('signin')}?{urlencode({'next': request.path})}")
            if actor.totp_pending:
                return redirect("signin-code")
            if not actor.can(action) or (ministry and not actor.ministry):
                access.refuse(actor, action, "route", request.path, Outcome.denied)
                return render(request, "staff/forbidden.html", status=403)
            try:
                return view(request, actor, *args, **kwargs)
            except NotFound as exc:
                raise Http404(exc.code) from exc

        return wrapped

    return decorate


def _findings(screening: dict[str, Any] | None) -> dict[str, Any] | None:
    shown = screening_json(screening, current_lang()) if screening else None
    if shown is not None:
        shown["label"] = label(shown["status"])
    return shown


@staff_page("account.self")
def staff_home(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The start page of a signed-in staff member: links to what their role may do."""
    return render(request, "staff/home.html", {"actor": actor})


# --- Vacancies: employer and agency staff ---------------------------------------------------


@staff_page("vacancy.view_all")
def vacancy_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The vacancies this account is responsible for, newest first, with status and
    screening (the ministry: every vacancy)."""
    vacancies = Vacancy.objects.filter(access.own_vacancy_scope(actor)).order_by("-id")[:200]
    rows = [
        {
            "vacancy": v,
            "status": label(v.status),
            "screening": label((v.screening or {}).get("status", "")) if v.screening else "",
        }
        for v in vacancies
    ]
    return render(request, "staff/vacancy_list.html", {"rows": rows, "actor": actor})


def _scope_parts(actor: Actor) -> tuple[dict[str, str] | None, str | None]:
    """The employer reference and agency licence an account's vacancies carry (None: from
    the form)."""
    employer = None
    licence = None
    if actor.role is Role.employer_staff:
        e = Employer.objects.get(pk=actor.employer_id or 0)
        employer = {
            "name": e.legal_name,
            "country": e.country_id,
            "registration_number": e.registration_number,
        }
    if actor.role is Role.agency_staff:
        licence = Agency.objects.get(pk=actor.agency_id or 0).licence_number
    return employer, licence


def _vacancy_form_page(request: HttpRequest, actor: Actor, vacancy: Vacancy | None) -> HttpResponse:
    """New vacancy (`vacancy` None) or a draft/blocked one to fix. Buttons: "check" shows
    the findings and stores nothing; "draft" stores a draft; "submit" checks again and
    stores it published, unless a finding blocks it (then nothing is stored)."""
    employer, licence = _scope_parts(actor)
    lang = current_lang()
    kwargs: dict[str, Any] = {
        "lang": lang,
        "fixed_employer": employer is not None,
        "fixed_agency": licence is not None,
    }
    if request.method == "POST":
        form = VacancyForm(request.POST, **kwargs)
    else:
        form = VacancyForm(initial=initial_from_terms(vacancy.terms) if vacancy else None, **kwargs)
    step = request.POST.get("step", "")
    findings = None
    if request.method == "POST" and form.is_valid():
        status = "draft" if step == "draft" else "screening"
        data = form.to_vacancy(status=status, employer=employer, agency_licence_number=licence)
        if data is not None:
            screening = check_vacancy(data, today=timezone.localdate())
            findings = screening.as_dict(lang)
            findings["label"] = label(screening.status)
            if step == "submit" and screening.status == "blocked":
                form.add_error(
                    None,
                    _(
                        "This vacancy cannot be published: fix what blocks it (below), "
                        "check again, then submit."
                    ),
                )
            elif step in ("submit", "draft"):
                try:
                    access.check_may_register_vacancy(actor, data)
                    with transaction.atomic():
                        if vacancy is None:
                            stored = registry.create_vacancy(data)
                            verb = "vacancy.create"
                        else:
                            stored = registry.revise_vacancy(vacancy, data)
                            verb = "vacancy.revise"
                        record(actor.who, verb, "vacancy", str(stored.pk), Outcome.ok)
                except access.Forbidden:
                    form.add_error(
                        None, _("You may post vacancies only for your own employer or agency.")
                    )
                except Conflict as exc:
                    form.add_error(
                        None,
                        _("This vacancy is stored already (number %(id)s).")
                        % {"id": exc.facts.get("vacancy_id", "?")}
                        if exc.code == "vacancy.duplicate"
                        else exc.message,
                    )
                except InvalidInput as exc:
                    form.add_error(None, exc.message)
                else:
                    return redirect("staff-vacancy", vacancy_id=stored.pk)
    return render(
        request,
        "staff/vacancy_form.html",
        {"form": form, "findings": findings, "vacancy": vacancy, "actor": actor},
    )


@staff_page("vacancy.create")
@require_http_methods(["GET", "HEAD", "POST"])
def vacancy_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _vacancy_form_page(request, actor, None)


@staff_page("vacancy.create")
@require_http_methods(["GET", "HEAD", "POST"])
def vacancy_edit(request: HttpRequest, actor: Actor, vacancy_id: int) -> HttpResponse:
    vacancy = access.access_vacancy(actor, vacancy_id, "vacancy.create")
    if vacancy.status not in registry.REVISABLE:
        return redirect("staff-vacancy", vacancy_id=vacancy.pk)
    return _vacancy_form_page(request, actor, vacancy)


@staff_page("vacancy.view_all")
def vacancy_detail(request: HttpRequest, actor: Actor, vacancy_id: int) -> HttpResponse:
    """One of the account's vacancies: status, screening findings in plain language, and
    what can be done next (fix a draft or blocked one; see candidates of a published one)."""
    vacancy = access.access_vacancy(actor, vacancy_id, "vacancy.view_all")
    return render(
        request,
        "staff/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "status": label(vacancy.status),
            "findings": _findings(vacancy.screening),
            "revisable": vacancy.status in registry.REVISABLE and actor.can("vacancy.create"),
            "reviews": [
                {"review": r, "decision": label(r.decision)} for r in vacancy.reviews.all()[:5]
            ],
            "actor": actor,
        },
    )


def _contact(worker: Worker) -> dict[str, str]:
    """What a vacancy's staff see of an applicant who applied: phone and masked passport."""
    passport = ""
    if worker.passport_sealed:
        try:
            passport = mask(open_sealed(bytes(worker.passport_sealed), worker.passport_key_id))
        except CryptoError:
            passport = "?"
    return {"phone": worker.phone, "passport": passport}


@staff_page("vacancy.candidates")
@require_http_methods(["GET", "HEAD", "POST"])
def candidates(request: HttpRequest, actor: Actor, vacancy_id: int) -> HttpResponse:
    """Ranked candidates of a published vacancy with the reasons, and its applicants; each
    can be shortlisted or rejected with a reason (POST). The phone and masked passport number
    show only for workers who applied (their consent), and each such read is audited."""
    vacancy = access.access_vacancy(actor, vacancy_id, "vacancy.candidates")
    lang = current_lang()
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not actor.can("candidate.decide"):
            access.refuse(actor, "candidate.decide", "vacancy", str(vacancy.pk), Outcome.denied)
            return render(request, "staff/forbidden.html", status=403)
        if form.is_valid():
            try:
                worker = access.access_candidate(actor, vacancy, form.cleaned_data["candidate"])
            except NotFound:
                worker = None
                form.add_error(None, _("No such candidate."))
            if worker is not None:
                try:
                    with transaction.atomic():
                        registry.decide_candidate(
                            vacancy=vacancy,
                            worker=worker,
                            decision=ApplicationStatus(form.cleaned_data["decision"]),
                            reason=form.cleaned_data["reason"],
                            actor=request.user,  # type: ignore[arg-type]
                        )
                        access.audit_worker_write(actor, "candidate.decide", worker.public_id)
                except DomainError as exc:
                    form.add_error(None, explain(exc))
                else:
                    return redirect("staff-candidates", vacancy_id=vacancy.pk)
    applications = list(
        Application.objects.filter(vacancy=vacancy).select_related("worker").order_by("-updated_at")
    )
    ranked: list[dict[str, Any]] = []
    note = ""
    try:
        ranked = ranked_for_vacancy(vacancy, access.CANDIDATE_LIST_SIZE, lang)
    except Conflict:
        note = _("Only published vacancies are matched with candidates.")
    decided_by_public = {str(a.worker.public_id): a for a in applications}
    rows = []
    shown_contacts = []
    for c in ranked:
        application = decided_by_public.get(str(c["worker_id"]))
        rows.append(
            {
                "public_id": str(c["worker_id"]),
                "occupations": c["occupations"],
                "score": round(c["score"] * 100),
                "reasons": c["reasons"],
                "status": label(application.status) if application else "",
                "reason": application.reason if application else "",
            }
        )
    applicants = []
    for a in applications:
        contact = _contact(a.worker) if a.applied_at is not None else None
        if contact is not None:
            shown_contacts.append(a.worker.public_id)
        applicants.append(
            {
                "application": a,
                "status": label(a.status),
                "contact": contact,
                "public_id": str(a.worker.public_id),
            }
        )
    if shown_contacts:
        access.audit_worker_reads(actor, "vacancy.candidates", shown_contacts)
    return render(
        request,
        "staff/candidates.html",
        {
            "vacancy": vacancy,
            "rows": rows,
            "applicants": applicants,
            "form": form,
            "note": note,
            "may_decide": actor.can("candidate.decide"),
            # The form the errors belong to (its candidate, as the page writes ids).
            "posted": request.POST.get("candidate", "").strip().lower() if form.errors else "",
            "field_errors": [
                (form.fields[name].label or _("Candidate"), errors)
                for name, errors in form.errors.items()
                if name != "__all__"
            ],
        },
    )


# --- Officers -------------------------------------------------------------------------------


def _review_queue() -> Any:
    reviewed = VacancyReview.objects.filter(vacancy=OuterRef("pk"), at__gte=OuterRef("screened_at"))
    return (
        Vacancy.objects.filter(
            status__in=[VacancyStatus.published, VacancyStatus.blocked, VacancyStatus.screening],
            screening__status__in=["warning", "blocked"],
        )
        .exclude(Exists(reviewed))
        .order_by("screened_at", "id")
    )


#: Vacancies per page of the review queue (each with its findings: keeps a page under the
#: 100 KB page budget, tests/web/test_page_weight.py).
REVIEW_PAGE_SIZE = 20


@staff_page("vacancy.review", ministry=True)
@require_http_methods(["GET", "HEAD", "POST"])
def review_queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Vacancies whose screening warned or blocked, oldest first, not reviewed since; each
    with its findings and a decision form (POST `vacancy` id)."""
    errors: dict[int, str] = {}
    if request.method == "POST":
        form = ReviewForm(request.POST)
        try:
            vacancy_id = int(request.POST.get("vacancy", ""))
        except ValueError as exc:
            raise Http404("vacancy.not_found") from exc
        vacancy = access.access_vacancy(actor, vacancy_id, "vacancy.review")
        if form.is_valid():
            try:
                with transaction.atomic():
                    registry.review_vacancy(
                        vacancy,
                        VacancyReview.Kind(form.cleaned_data["decision"]),
                        actor=request.user,  # type: ignore[arg-type]
                        reason=form.cleaned_data["reason"],
                    )
                    record(actor.who, "vacancy.review", "vacancy", str(vacancy.pk), Outcome.ok)
            except Conflict:
                errors[vacancy.pk] = _(
                    "Its screening still blocks it, so it cannot be published. "
                    "Return it to be fixed."
                )
            except InvalidInput as exc:
                errors[vacancy.pk] = exc.message
            else:
                page_number = request.GET.get("page", "")
                return redirect(
                    reverse("staff-review")
                    + (f"?{urlencode({'page': page_number})}" if page_number else "")
                )
        else:
            errors[vacancy.pk] = _("Choose a decision and give a reason.")
    page = Paginator(_review_queue(), REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    items = [
        {
            "vacancy": v,
            "status": label(v.status),
            "findings": _findings(v.screening),
            "error": errors.get(v.pk, ""),
        }
        for v in page.object_list
    ]
    return render(
        request,
        "staff/review.html",
        {
            "items": items,
            "form": ReviewForm(),
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
        },
    )


@staff_page("employer.verify", ministry=True)
@require_http_methods(["GET", "HEAD", "POST"])
def employers(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Employers by name (GET `q`: names of companies, not people) and verification status;
    POST records a decision (verified, rejected, suspended) with a reason."""
    errors: dict[int, Any] = {}
    if request.method == "POST":
        form = EmployerVerificationForm(request.POST)
        try:
            employer_id = int(request.POST.get("employer", ""))
        except ValueError as exc:
            raise Http404("employer.not_found") from exc
        employer = access.access_employer(actor, employer_id, "employer.verify")
        if form.is_valid():
            with transaction.atomic():
                registry.set_employer_verification(
                    employer,
                    Verification(EMPLOYER_DECISIONS[form.cleaned_data["decision"]]),
                    actor=request.user,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"],
                )
                record(actor.who, "employer.verify", "employer", str(employer.pk), Outcome.ok)
            kept = {k: request.GET.get(k, "") for k in ("q", "verification")}
            return redirect(f"{reverse('staff-employers')}?{urlencode(kept)}")
        errors[employer.pk] = form.errors
    q = request.GET.get("q", "").strip()[:100]
    verification = request.GET.get("verification", "")
    filters = {"q": q or None, "verification": verification or None, "limit": 50}
    window = access.list_employers(actor, **filters)
    rows = [
        {
            "employer": e,
            "status": str(EMPLOYER_LABELS.get(e.verification, label(e.verification))),
            "errors": errors.get(e.pk),
        }
        for e in window.items
    ]
    return render(
        request,
        "staff/employers.html",
        {
            "rows": rows,
            "q": q,
            "verification": verification,
            "form": EmployerVerificationForm(),
            "count": window.count,
        },
    )


@staff_page("agency.decide", ministry=True)
@require_http_methods(["GET", "HEAD", "POST"])
def agencies(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Agencies by licence number or name (GET `q`), with today's licence status and its
    decisions; POST suspends, revokes or reinstates a licence from a date, with a reason."""
    today = timezone.localdate()
    errors: dict[int, Any] = {}
    form = AgencyDecisionForm(request.POST or None, initial={"effective_on": today})
    if request.method == "POST":
        if form.is_valid():
            try:
                agency = access.access_agency(
                    actor, form.cleaned_data["licence_number"], "agency.decide"
                )
            except NotFound as exc:
                raise Http404(exc.code) from exc
            try:
                with transaction.atomic():
                    registry.record_agency_decision(
                        agency,
                        AgencyDecision.Kind(form.cleaned_data["decision"]),
                        effective_on=form.cleaned_data["effective_on"],
                        actor=request.user,  # type: ignore[arg-type]
                        reason=form.cleaned_data["reason"],
                    )
                    record(actor.who, "agency.decide", "agency", agency.licence_number, Outcome.ok)
            except InvalidInput as exc:
                errors[agency.pk] = explain(exc)
            else:
                return redirect(
                    f"{reverse('staff-agencies')}?{urlencode({'q': agency.licence_number})}"
                )
        else:
            licence = request.POST.get("licence_number", "")
            found = Agency.objects.filter(licence_number=licence).first()
            if found is not None:
                errors[found.pk] = " ".join(str(e) for errs in form.errors.values() for e in errs)
    q = request.GET.get("q", "").strip()[:100] or request.POST.get("licence_number", "")
    window = queries.find_agencies(q, limit=30) if q else None
    rows = [
        {
            "agency": a,
            "status": label(str(a.status_on(today))),
            "decisions": [{"d": d, "label": label(d.decision)} for d in a.decisions.all()[:5]],
            "error": errors.get(a.pk, ""),
        }
        for a in (window.items if window else [])
    ]
    return render(
        request,
        "staff/agencies.html",
        {"rows": rows, "q": q, "today": today.isoformat(), "searched": window is not None},
    )


@staff_page("worker.list", ministry=True)
@require_http_methods(["GET", "HEAD", "POST"])
def worker_search(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Search workers within the actor's scope by ISCO-08 code, region, wanted destination and
    status. The search is a POST (nothing in the URL); each worker shown is audited."""
    lang = current_lang()
    form = WorkerSearchForm(request.POST or None, lang=lang)
    window = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        window = access.list_workers(
            actor,
            isco=d["isco"] or None,
            region=d["region"] or None,
            destination=d["destination"] or None,
            status=d["status"] or None,
            limit=50,
        )
    rows = [
        {
            "worker": w,
            "occupations": [o.isco_group_id for o in w.occupations.all()],
            "passport": _contact(w)["passport"],
        }
        for w in (window.items if window else [])
    ]
    return render(
        request,
        "staff/workers.html",
        {"form": form, "rows": rows, "count": window.count if window else None},
    )


@staff_page("worker.list", ministry=True)
def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Counts as server-rendered SVG bar charts: workers by region and sex, vacancies by
    destination and by ISCO-08 major group, applications by status (shortlisted = matches
    taken up) and by month."""
    lang = current_lang()
    status_rows = [(label(s), v) for s, v in stats.applications_by_status()]
    chart_list = [
        charts.bar_chart(
            _("Workers by region of origin and sex"),
            stats.workers_by_region_and_sex(lang),
            series=(_("women"), _("men")),
        ),
        charts.bar_chart(_("Vacancies by country of work"), stats.vacancies_by_destination(lang)),
        charts.bar_chart(
            _("Vacancies by occupation (ISCO-08 major group)"), stats.vacancies_by_major_group(lang)
        ),
        charts.bar_chart(_("Applications and matches by status"), status_rows),
        charts.bar_chart(_("Applications by month"), stats.applications_by_month()),
    ]
    return render(request, "staff/dashboard.html", {"charts": chart_list})
