"""The grievance state machine over its full matrix (every state x every action), and the
deadline table (cases/deadlines.py) under a controlled clock."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from jumush.cases import deadlines
from jumush.cases.deadlines import Rag, Severity
from jumush.cases.states import Action, State, TransitionRefused, allowed_actions, next_state

ALLOWED = {
    (State.new, Action.triage): State.triaged,
    (State.triaged, Action.assign): State.in_progress,
    (State.in_progress, Action.assign): State.in_progress,
    (State.referred, Action.assign): State.referred,
    (State.in_progress, Action.refer): State.referred,
    (State.referred, Action.refer): State.referred,
    (State.in_progress, Action.resolve): State.resolved,
    (State.referred, Action.resolve): State.resolved,
    (State.resolved, Action.close): State.closed,
    (State.closed, Action.reopen): State.in_progress,
}
MATRIX = list(itertools.product(State, Action))


@pytest.mark.parametrize(("state", "action"), MATRIX, ids=[f"{s}-{a}" for s, a in MATRIX])
def test_every_transition_is_allowed_or_refused_by_name(state: State, action: Action) -> None:
    expected = ALLOWED.get((state, action))
    if expected is not None:
        assert next_state(state, action) is expected
        assert action in allowed_actions(state)
        return
    with pytest.raises(TransitionRefused) as refused:
        next_state(state, action)
    message = str(refused.value)
    assert f"cannot {action.value} a case that is {state.value}" in message
    assert f"{state.value} -> {refused.value.target.value} is not allowed" in message
    assert action not in allowed_actions(state)


def test_the_whole_path_and_a_reopen() -> None:
    state = State.new
    for action in ["triage", "assign", "refer", "resolve", "close", "reopen", "resolve"]:
        state = next_state(state, Action(action))
    assert state is State.resolved


T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("category", ["violence", "trafficking"])
def test_violence_and_trafficking_are_critical_and_triaged_within_24_hours(category: str) -> None:
    severity = deadlines.initial_severity(category, Severity.low)
    assert severity is Severity.critical
    assert deadlines.due_at(category, severity, State.new, T0) == T0 + dt.timedelta(hours=24)


def test_a_medium_wage_case_has_three_days_to_triage_and_none_once_resolved() -> None:
    assert deadlines.initial_severity("unpaid_wages", None) is Severity.medium
    assert deadlines.due_at("unpaid_wages", Severity.medium, State.new, T0) == T0 + dt.timedelta(
        hours=72
    )
    assert deadlines.due_at("unpaid_wages", Severity.medium, State.resolved, T0) is None


def test_red_amber_green_under_a_controlled_clock() -> None:
    due = T0 + dt.timedelta(hours=100)
    assert deadlines.rag(due, T0, T0 + dt.timedelta(hours=10)) is Rag.green
    assert deadlines.rag(due, T0, T0 + dt.timedelta(hours=80)) is Rag.amber
    assert deadlines.rag(due, T0, T0 + dt.timedelta(hours=100)) is Rag.red
    assert deadlines.rag(None, T0, T0) is Rag.green


def test_urgency_puts_overdue_first_then_earliest_due() -> None:
    now = T0 + dt.timedelta(hours=50)
    late = deadlines.urgency_key(T0 + dt.timedelta(hours=24), Severity.low, T0, now)
    soon = deadlines.urgency_key(T0 + dt.timedelta(hours=60), Severity.low, T0, now)
    later = deadlines.urgency_key(T0 + dt.timedelta(hours=500), Severity.critical, T0, now)
    assert sorted([later, soon, late]) == [late, soon, later]


def test_escalation_raises_one_level_and_stops_at_critical() -> None:
    assert deadlines.escalated(Severity.low) is Severity.medium
    assert deadlines.escalated(Severity.critical) is Severity.critical


def test_the_schema_literals_match_the_model_choices() -> None:
    from typing import get_args

    from jumush.cases import models, schemas

    pairs = [
        (schemas.CategoryName, models.Category),
        (schemas.SeverityName, models.Severity),
        (schemas.OutcomeName, models.Outcome),
        (schemas.ReferralName, models.ReferralTo),
        (schemas.SanctionName, models.Sanction),
    ]
    for literal, choices in pairs:
        assert list(get_args(literal)) == list(choices.values)
    assert len(models.Category.values) == 14
