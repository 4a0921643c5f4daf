"""Applications: a worker applies to an open vacancy, withdraws; the vacancy's staff shortlist
or reject candidates with a reason; one row per worker and vacancy."""

from __future__ import annotations

import pytest

from jumush.core.errors import Conflict, InvalidInput
from jumush.registry import actions
from jumush.registry.models import Application, ApplicationStatus, VacancyStatus
from tests.factories import make_world

pytestmark = pytest.mark.django_db


def test_apply_withdraw_and_apply_again_keep_one_row() -> None:
    world = make_world()
    worker, vacancy = world.workers[0], world.vacancies[0]
    first = actions.apply_to_vacancy(worker=worker, vacancy=vacancy)
    assert first.status == ApplicationStatus.applied and first.applied_at is not None
    again = actions.apply_to_vacancy(worker=worker, vacancy=vacancy)
    assert again.pk == first.pk
    withdrawn = actions.withdraw_application(again)
    assert withdrawn.status == ApplicationStatus.withdrawn and withdrawn.applied_at is None
    with pytest.raises(Conflict) as nothing:
        actions.withdraw_application(withdrawn)
    assert nothing.value.code == "application.not_applied"
    back = actions.apply_to_vacancy(worker=worker, vacancy=vacancy)
    assert back.status == ApplicationStatus.applied
    assert Application.objects.filter(worker=worker, vacancy=vacancy).count() == 1


def test_a_vacancy_that_is_not_open_takes_no_application() -> None:
    world = make_world()
    vacancy = world.vacancies[0]
    vacancy.status = VacancyStatus.closed
    vacancy.save()
    with pytest.raises(Conflict) as closed:
        actions.apply_to_vacancy(worker=world.workers[0], vacancy=vacancy)
    assert closed.value.code == "application.closed"
    vacancy.status = VacancyStatus.published
    vacancy.screening = {**(vacancy.screening or {}), "status": "blocked"}
    vacancy.save()
    with pytest.raises(Conflict):
        actions.apply_to_vacancy(worker=world.workers[0], vacancy=vacancy)
    assert not Application.objects.exists()


def test_staff_shortlist_or_reject_with_a_reason() -> None:
    world = make_world()
    worker, vacancy = world.workers[0], world.vacancies[0]
    staff = world.accounts[next(iter(world.accounts))].user
    with pytest.raises(InvalidInput) as empty:
        actions.decide_candidate(
            vacancy=vacancy,
            worker=worker,
            decision=ApplicationStatus.rejected,
            reason="  ",
            actor=staff,
        )
    assert empty.value.facts["field"] == "reason"
    with pytest.raises(InvalidInput) as wrong:
        actions.decide_candidate(
            vacancy=vacancy,
            worker=worker,
            decision=ApplicationStatus.withdrawn,
            reason="x",
            actor=staff,
        )
    assert wrong.value.facts["field"] == "decision"
    shortlisted = actions.decide_candidate(
        vacancy=vacancy,
        worker=worker,
        decision=ApplicationStatus.shortlisted,
        reason="Опыт подходит",
        actor=staff,
    )
    # Shortlisted from the ranked list: not an application, so no consent to see contacts yet.
    assert shortlisted.applied_at is None and shortlisted.decided_by == staff
    applied = actions.apply_to_vacancy(worker=worker, vacancy=vacancy)
    assert applied.status == ApplicationStatus.shortlisted and applied.applied_at is not None
    actions.decide_candidate(
        vacancy=vacancy,
        worker=worker,
        decision=ApplicationStatus.rejected,
        reason="Позиции заняты",
        actor=staff,
    )
    with pytest.raises(Conflict) as decided:
        actions.apply_to_vacancy(worker=worker, vacancy=vacancy)
    assert decided.value.code == "application.decided"
    withdrawn_elsewhere = actions.apply_to_vacancy(worker=worker, vacancy=world.vacancies[1])
    actions.withdraw_application(withdrawn_elsewhere)
    with pytest.raises(Conflict) as gone:
        actions.decide_candidate(
            vacancy=world.vacancies[1],
            worker=worker,
            decision=ApplicationStatus.shortlisted,
            reason="x",
            actor=staff,
        )
    assert gone.value.code == "application.withdrawn"
