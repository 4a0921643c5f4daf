"""Roles and the actions each may take. Pure: no Django, no database.

An action is "<resource>.<verb>". `PUBLIC` actions need no sign-in. A role's action may be
limited to its scope (the worker's own record, the employer's or agency's own vacancies):
`accounts/access.py` applies the scope; this table only says whether the role may try.
Anything not listed is refused (deny by default).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    worker = "worker"
    employer_staff = "employer_staff"
    agency_staff = "agency_staff"
    officer = "officer"
    case_worker = "case_worker"
    auditor = "auditor"
    admin = "admin"


#: Everyone, signed in or not.
PUBLIC = frozenset(
    {
        "reference.read",
        "occupation.code",
        "vacancy.list",
        "vacancy.view",
        "vacancy.check",
        "agency.lookup",
        "auth.signup",
        "auth.signin",
        # Grievances: anyone may file (anonymously) and follow up with reference and PIN.
        "case.file",
        "case.followup",
    }
)

#: Grievance case work (cases/): case workers handle cases and alone read case notes.
_CASE_WORK = frozenset(
    {
        "case.list",
        "case.view",
        "case.update",
        "case.transition",
        "case.note",
        "case.evidence",
        "case.queue",
        "case.overdue",
        "case.file_for",
        "case.figures",
    }
)
#: Officers: file on a worker's behalf (hotline), see cases (not notes) and the overdue list,
#: the figures, and confirm or dismiss proposed suspensions.
_CASE_OFFICER = frozenset(
    {"case.list", "case.view", "case.overdue", "case.file_for", "case.figures", "case.sanction"}
)

#: Every signed-in account, whatever its role (and also with a revoked role, so that the
#: person can see that and sign out).
SIGNED_IN = frozenset({"account.self"})

_READ_REGISTRY = frozenset(
    {
        "vacancy.view_all",
        "vacancy.candidates",
        "worker.list",
        "worker.view",
        "worker.matches",
        "employer.list",
        "agency.list_all",
    }
)
_WRITE_REGISTRY = frozenset(
    {
        "vacancy.create",
        "vacancy.import",
        "worker.create",
        "worker.import",
        "worker.export",
        "employer.create",
        "employer.verify",
        "agency.create",
        "agency.decide",
        "vacancy.review",
        "candidate.decide",
    }
)

ROLE_ACTIONS: dict[Role, frozenset[str]] = {
    # Own record only (access.py): see, create once, matches, export; apply to published
    # vacancies and withdraw their own applications (the worker pages).
    # ... and their own grievance cases (access.py case_scope).
    Role.worker: frozenset(
        {
            "worker.list",
            "worker.view",
            "worker.create",
            "worker.update",
            "worker.matches",
            "worker.export",
            "application.apply",
            "application.withdraw",
            "case.list",
            "case.view",
        }
    ),
    # Own employer's vacancies only; candidates never show passport or phone.
    # "case.against_us": the cases about their own organisation, without the complainant.
    Role.employer_staff: frozenset(
        {
            "vacancy.view_all",
            "vacancy.create",
            "vacancy.candidates",
            "candidate.decide",
            "employer.list",
            "case.against_us",
        }
    ),
    # Own agency's vacancies only.
    Role.agency_staff: frozenset(
        {
            "vacancy.view_all",
            "vacancy.create",
            "vacancy.candidates",
            "candidate.decide",
            "case.against_us",
        }
    ),
    Role.officer: _READ_REGISTRY | _WRITE_REGISTRY | _CASE_OFFICER | {"worker.erase"},
    Role.case_worker: _READ_REGISTRY | _CASE_WORK | {"worker.create", "worker.export"},
    # Read-only.
    Role.auditor: _READ_REGISTRY | {"audit.read", "case.figures"},
    Role.admin: _READ_REGISTRY
    | _WRITE_REGISTRY
    | {"worker.erase", "audit.read", "admin.site", "case.figures"},
}

#: Roles that must pass a TOTP second factor in the session before any of their actions.
NEEDS_TOTP = frozenset({Role.officer, Role.case_worker, Role.auditor, Role.admin})

#: Roles held by one organisation's staff, and the organisation they are scoped to.
SCOPED_TO = {Role.employer_staff: "employer", Role.agency_staff: "agency"}

#: Actions a personal access token may carry (integrations): never account management.
TOKEN_ACTIONS = (PUBLIC | _READ_REGISTRY | _WRITE_REGISTRY | {"worker.export"}) - {
    "auth.signup",
    "auth.signin",
    "case.file",
    "case.followup",
}


def actions_of(role: Role | None, *, signed_in: bool = True) -> frozenset[str]:
    """Everything `role` may attempt; `role` None is an anonymous visitor (`signed_in`
    False) or an account whose role was revoked."""
    if role is None:
        return PUBLIC | SIGNED_IN if signed_in else PUBLIC
    return PUBLIC | SIGNED_IN | ROLE_ACTIONS[role]
