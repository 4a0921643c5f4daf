"""The worker's pages: sign-up with consent, the profile step by step, matched vacancies with
their reasons and warnings, applying, and "my applications".

Thin views: the forms parse, registry/actions.py writes, accounts/access.py is the only door
to the worker's record (each read and write is audited there or here, ids only), and every
answer carries `Cache-Control: no-store` (personal data). A visitor who is not signed in is
sent to the sign-in page; an account that is not a worker's gets 404, as for a record that
is not theirs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from jumush.accounts import access
from jumush.accounts import actions as accounts
from jumush.accounts.access import Actor, actor_for
from jumush.accounts.roles import Role
from jumush.audit.models import Outcome
from jumush.coding.service import get_coder
from jumush.core.errors import Conflict, DomainError, InvalidInput, NotFound
from jumush.core.i18n import current_lang, localized
from jumush.core.slugs import slug_for
from jumush.matching.profiles import ranked_for_worker
from jumush.pages.display import vacancy_findings, vacancy_terms
from jumush.pages.worker import forms
from jumush.registry import actions
from jumush.registry.models import Application, Vacancy, Worker
from jumush.taxonomy.models import IscoGroup

#: The profile's steps, in order: (slug, title).
STEPS = ("occupation", "experience", "languages", "destinations", "wage")
STEP_TITLES = {
    "occupation": gettext_lazy("Your work"),
    "experience": gettext_lazy("Experience"),
    "languages": gettext_lazy("Languages"),
    "destinations": gettext_lazy("Where to work"),
    "wage": gettext_lazy("Wage"),
}
MATCHES_SHOWN = 20
SIGNIN_BACKEND = "jumush.accounts.backends.PhoneOrEmailBackend"


def sign_in_url(request: HttpRequest) -> str:
    """The sign-in page (URL name `signin`) with `next` back to this page."""
    try:
        base = reverse("signin")
    except NoReverseMatch:  # the sign-in page is another part of the site; sign-up signs in
        base = reverse("worker-signup")
    return f"{base}?{urlencode({'next': request.get_full_path()})}"


WorkerView = Callable[..., HttpResponse]


def worker_page(action: str) -> Callable[[WorkerView], Callable[..., HttpResponse]]:
    """Decorate a view taking (request, actor, worker, ...): the signed-in worker's own record,
    fetched through the one door with `action` (audited); no-store on every answer."""

    def decorate(view: WorkerView) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = actor_for(request)
            if not actor.signed_in:
                response: HttpResponse = HttpResponseRedirect(sign_in_url(request))
            elif actor.role is not Role.worker or actor.worker_id is None:
                raise Http404("this page is for workers")
            else:
                worker = own_worker(actor, action)
                response = view(request, actor, worker, *args, **kwargs)
            add_never_cache_headers(response)
            return response

        return wrapped

    return decorate


def own_worker(actor: Actor, action: str) -> Worker:
    """The actor's own worker record through accounts/access.py. Raises Http404."""
    public_id = Worker.objects.filter(pk=actor.worker_id or 0).values_list("public_id", flat=True)
    try:
        return access.access_worker(actor, public_id.get(), action)
    except (NotFound, Worker.DoesNotExist) as exc:
        raise Http404("no such worker") from exc


# --- Sign-up --------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """The sign-up form beside the consent text. On success: the account, the worker's
    registry record with their consent, both linked and audited; the worker is signed in and
    sent to the first profile step."""
    actor = actor_for(request)
    if actor.role is Role.worker and actor.worker_id is not None:
        return redirect("worker-profile", step=STEPS[0])
    form = forms.SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return _sign_up(request, actor, form.cleaned_data)
        except Conflict:  # the same phone signed up a moment ago, in another request
            form.add_error("phone", forms.SignUpForm.PHONE_TAKEN)
        except InvalidInput as exc:
            field = exc.facts.get("field")
            form.add_error(field if field in form.fields else None, _("Please check this."))
    return render(
        request,
        "worker/signup.html",
        {"form": form, "consent_version": forms.CONSENT_TEXT_VERSION},
    )


def _sign_up(request: HttpRequest, actor: Actor, data: dict[str, Any]) -> HttpResponse:
    """Create the account and the worker's record, link them, sign in. Raises Conflict,
    InvalidInput."""
    with transaction.atomic():
        account = accounts.sign_up_worker(
            username=data["phone"],
            password=data["password"],
            consent_text_version=forms.CONSENT_TEXT_VERSION,
            address=actor.address,
        )
        worker = actions.create_worker(data["record"])
        login(request, account.user, backend=SIGNIN_BACKEND)
        request._jumush_actor = None  # type: ignore[attr-defined]
        signed_in = actor_for(request)
        access.audit_worker_write(signed_in, "worker.create", worker.public_id)
        accounts.link_worker(account.pk, worker, signed_in)
    return redirect("worker-profile", step=STEPS[0])


# --- Profile, step by step ------------------------------------------------------------------


def _step_context(step: str) -> dict[str, Any]:
    index = STEPS.index(step)
    return {
        "step": step,
        "step_number": index + 1,
        "step_count": len(STEPS),
        "steps": [(s, STEP_TITLES[s], i + 1) for i, s in enumerate(STEPS)],
        "step_title": STEP_TITLES[step],
        "previous_step": STEPS[index - 1] if index > 0 else None,
        "next_step": STEPS[index + 1] if index + 1 < len(STEPS) else None,
    }


def _after_save(step: str) -> HttpResponse:
    index = STEPS.index(step)
    if index + 1 < len(STEPS):
        return redirect("worker-profile", step=STEPS[index + 1])
    return redirect("worker-matches")


def _isco_label(group: IscoGroup, lang: str) -> str:
    return f"{localized(group, 'title', lang)} ({group.code})"


def _occupation_offers(title: str, lang: str) -> list[tuple[str, str]]:
    """The coder's offers for `title`: (choice value "isco|esco uri", "ISCO title (code)"
    with the ESCO occupation's name when it has one), best first, at most five."""
    coded = get_coder(settings.CACHE_DIR).code(title)
    groups = IscoGroup.objects.in_bulk([c.isco08_code for c in coded.candidates[:5]])
    offers = []
    for candidate in coded.candidates[:5]:
        group = groups.get(candidate.isco08_code)
        if group is None:
            continue
        label = _isco_label(group, lang)
        if candidate.esco_uri and candidate.label and candidate.label != group.title_ky:
            label = f"{label} — {candidate.label}"
        offers.append((f"{group.code}|{candidate.esco_uri or ''}", label))
    return offers


def _current_occupations(worker: Worker) -> list[actions.OccupationChoice]:
    return [
        actions.OccupationChoice(
            o.title,
            o.isco_group_id,
            o.esco_occupation.uri if o.esco_occupation else None,
            o.experience_months,
        )
        for o in worker.occupations.all()
    ]


def _save(actor: Actor, worker: Worker, write: Callable[[], None]) -> None:
    with transaction.atomic():
        write()
        access.audit_worker_write(actor, "worker.update", worker.public_id)


@worker_page("worker.view")
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest, actor: Actor, worker: Worker, step: str) -> HttpResponse:
    """One step of the profile: GET shows it filled with what is saved; POST saves it and
    goes to the next step (the occupation step stays until the worker goes on)."""
    if step not in STEPS:
        raise Http404("no such step")
    lang = current_lang()
    context: dict[str, Any] = {"worker": worker, **_step_context(step)}
    post = request.POST if request.method == "POST" else None
    if step == "occupation":
        return _occupation_step(request, actor, worker, context, lang)
    form: Any
    if step == "experience":
        rows = [(o.isco_group_id, o.title, o.experience_months) for o in worker.occupations.all()]
        form = forms.ExperienceForm(post, occupations=rows)
        if post is not None and form.is_valid():
            months = form.months()
            choices = [
                c._replace(experience_months=months.get(c.isco08_code, 0))
                for c in _current_occupations(worker)
            ]
            _save(actor, worker, lambda: actions.set_worker_occupations(worker, choices))
            return _after_save(step)
    elif step == "languages":
        initial = {f"lang_{w.language_id}": w.cefr_id for w in worker.languages.all()}
        saved = tuple(w.language_id for w in worker.languages.all())
        form = forms.LanguagesForm(post, initial=initial, saved=saved)
        if post is not None and form.is_valid():
            levels = form.levels()
            _save(actor, worker, lambda: actions.set_worker_languages(worker, levels))
            return _after_save(step)
    elif step == "destinations":
        countries = tuple(d.country_id for d in worker.destinations.all())
        form = forms.DestinationsForm(post, saved=countries)
        if post is not None and form.is_valid():
            chosen = form.chosen()
            _save(actor, worker, lambda: actions.set_worker_destinations(worker, chosen))
            return _after_save(step)
    else:
        form = forms.WageForm(
            post,
            saved_currency=worker.min_wage_currency_id or "",
            initial={
                "amount": worker.min_wage_amount or "",
                "currency": worker.min_wage_currency_id or "KGS",
            },
        )
        if post is not None and form.is_valid():
            amount, currency = form.cleaned_data["amount"], form.cleaned_data["currency"]
            _save(actor, worker, lambda: actions.set_worker_min_wage(worker, amount, currency))
            return _after_save(step)
    context["form"] = form
    return render(request, f"worker/step_{step}.html", context)


def _occupation_step(
    request: HttpRequest, actor: Actor, worker: Worker, context: dict[str, Any], lang: str
) -> HttpResponse:
    """Find (free text → the coder's offers), confirm one (saved at once), or remove one."""
    current = _current_occupations(worker)
    search = forms.OccupationSearchForm()
    confirm = None
    what = request.POST.get("do", "")
    if request.method == "POST" and what == "find":
        search = forms.OccupationSearchForm(request.POST)
        if search.is_valid():
            title = search.cleaned_data["title"]
            offers = _occupation_offers(title, lang)
            confirm = forms.OccupationConfirmForm(initial={"title": title}, offers=offers)
            context["offers_for"] = title
    elif request.method == "POST" and what == "confirm":
        title = request.POST.get("title", "")
        confirm = forms.OccupationConfirmForm(
            request.POST, offers=_occupation_offers(title, lang) if title.strip() else []
        )
        if confirm.is_valid():
            isco, _sep, uri = confirm.cleaned_data["choice"].partition("|")
            added = actions.OccupationChoice(confirm.cleaned_data["title"], isco, uri or None, 0)
            kept = [c for c in current if c.isco08_code != isco]
            _save(actor, worker, lambda: actions.set_worker_occupations(worker, [*kept, added]))
            return redirect("worker-profile", step="occupation")
        context["offers_for"] = title
    elif request.method == "POST" and what == "remove":
        code = request.POST.get("isco08_code", "")
        kept = [c for c in current if c.isco08_code != code]
        _save(actor, worker, lambda: actions.set_worker_occupations(worker, kept))
        return redirect("worker-profile", step="occupation")
    groups = IscoGroup.objects.in_bulk([c.isco08_code for c in current])
    context.update(
        search=search,
        confirm=confirm,
        occupations=[(c, _isco_label(groups[c.isco08_code], lang)) for c in current],
    )
    return render(request, "worker/step_occupation.html", context)


# --- Matches, vacancy, applications ---------------------------------------------------------


@worker_page("worker.matches")
def matches(request: HttpRequest, actor: Actor, worker: Worker) -> HttpResponse:
    """The published vacancies best for the worker, with the reasons and any warnings of the
    vacancy's screening, in the page's language."""
    lang = current_lang()
    ranked = ranked_for_worker(worker, MATCHES_SHOWN, lang)
    vacancies = Vacancy.objects.in_bulk([m["vacancy_id"] for m in ranked])
    applied = set(
        Application.objects.filter(worker=worker, applied_at__isnull=False).values_list(
            "vacancy_id", flat=True
        )
    )
    rows = []
    for m in ranked:
        vacancy = vacancies.get(m["vacancy_id"])
        if vacancy is None:
            continue
        rows.append(
            {
                "vacancy": vacancy,
                "url": vacancy_url(vacancy),
                "score": round(m["score"] * 100),
                "reasons": m["reasons"],
                "warnings": vacancy_findings(vacancy, lang),
                "applied": vacancy.pk in applied,
            }
        )
    return render(
        request,
        "worker/matches.html",
        {"rows": rows, "has_profile": bool(worker.occupations.all())},
    )


def vacancy_url(vacancy: Vacancy) -> str:
    """`/vacancies/<id>-<slug>/`: the id decides, the slug (from the title) is for people."""
    return reverse(
        "vacancy-page",
        kwargs={"vacancy_id": vacancy.pk, "slug": slug_for(vacancy.title, vacancy.pk)},
    )


@worker_page("worker.view")
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest, actor: Actor, worker: Worker, vacancy_id: int) -> HttpResponse:
    """POST: apply to a published vacancy (which is also consent that its staff see the
    passport number and phone: the page says so beside the button). GET (a reloaded or
    bookmarked address): back to the vacancy page, where the button is."""
    if request.method != "POST":
        return redirect("vacancy-short", vacancy_id=vacancy_id)
    try:
        access.require(actor, "application.apply")
        vacancy = access.access_vacancy(actor, vacancy_id, "vacancy.view")
        with transaction.atomic():
            actions.apply_to_vacancy(worker=worker, vacancy=vacancy)
            access.audit_worker_write(actor, "application.apply", worker.public_id)
    except (NotFound, access.Forbidden) as exc:
        raise Http404("no such vacancy") from exc
    except Conflict as exc:
        return render(
            request,
            "worker/apply_refused.html",
            {"vacancy": vacancy, "url": vacancy_url(vacancy), "code": exc.code},
            status=409,
        )
    return redirect("worker-applications")


@worker_page("worker.view")
def applications(request: HttpRequest, actor: Actor, worker: Worker) -> HttpResponse:
    """The worker's applications, newest first, with status and the staff's reason."""
    rows = [
        {"application": a, "url": vacancy_url(a.vacancy)}
        for a in Application.objects.filter(worker=worker).select_related("vacancy")
    ]
    return render(request, "worker/applications.html", {"rows": rows})


@worker_page("worker.view")
@require_POST
def withdraw(
    request: HttpRequest, actor: Actor, worker: Worker, application_id: int
) -> HttpResponse:
    """Take an application back (only one's own: another's answers 404)."""
    application = Application.objects.filter(pk=application_id, worker=worker).first()
    if application is None or not actor.can("application.withdraw"):
        access.refuse(
            actor, "application.withdraw", "application", str(application_id), Outcome.missing
        )
        raise Http404("no such application")
    try:
        with transaction.atomic():
            actions.withdraw_application(application)
            access.audit_worker_write(actor, "application.withdraw", worker.public_id)
    except DomainError:
        pass  # withdrawn already: the list shows it so
    return redirect("worker-applications")


@require_http_methods(["GET", "HEAD"])
def vacancy_short(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """`/vacancies/<id>/`: redirects to the vacancy's address with its slug."""
    actor = actor_for(request)
    try:
        vacancy = access.access_vacancy(actor, vacancy_id, "vacancy.view")
    except NotFound as exc:
        raise Http404("no such vacancy") from exc
    return redirect(vacancy_url(vacancy), permanent=True)


@require_http_methods(["GET", "HEAD"])
def vacancy_page(request: HttpRequest, vacancy_id: int, slug: str) -> HttpResponse:
    """A published vacancy (public): its terms, the screening's warnings in plain language,
    and for a signed-in worker the apply button (or their application's status). A wrong
    slug redirects to the right one (the id decides)."""
    actor = actor_for(request)
    try:
        vacancy = access.access_vacancy(actor, vacancy_id, "vacancy.view")
    except NotFound as exc:
        raise Http404("no such vacancy") from exc
    url = vacancy_url(vacancy)
    if request.path != url:
        return redirect(url, permanent=True)
    lang = current_lang()
    context: dict[str, Any] = {
        "vacancy": vacancy,
        "terms": vacancy_terms(vacancy, lang),
        "findings": vacancy_findings(vacancy, lang),
        "is_worker": actor.role is Role.worker and actor.worker_id is not None,
    }
    if context["is_worker"]:
        context["application"] = Application.objects.filter(
            vacancy=vacancy, worker_id=actor.worker_id or 0
        ).first()
    response = render(request, "worker/vacancy.html", context)
    if actor.signed_in:
        add_never_cache_headers(response)
    return response
