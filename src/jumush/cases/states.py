"""The grievance workflow as a pure state machine (no Django, no I/O).

States: new -> triaged -> in_progress (assigned to a case worker) -> referred -> resolved ->
closed; a closed case can be reopened (back to in_progress, with its case worker). Each action
moves a case from the states listed in `TRANSITIONS` to one state; anything else is refused
with `TransitionRefused`, which names the action and the from and to states.

- triage: new -> triaged (severity and category confirmed).
- assign: triaged -> in_progress; also a re-assignment in in_progress or referred (the state
  stays).
- refer: in_progress -> referred; a further referral while referred stays referred.
- resolve: in_progress or referred -> resolved (an outcome is recorded).
- close: resolved -> closed.
- reopen: closed -> in_progress.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    new = "new"
    triaged = "triaged"
    in_progress = "in_progress"
    referred = "referred"
    resolved = "resolved"
    closed = "closed"


class Action(StrEnum):
    triage = "triage"
    assign = "assign"
    refer = "refer"
    resolve = "resolve"
    close = "close"
    reopen = "reopen"


#: The state each action leads to when it changes the state.
TARGET: dict[Action, State] = {
    Action.triage: State.triaged,
    Action.assign: State.in_progress,
    Action.refer: State.referred,
    Action.resolve: State.resolved,
    Action.close: State.closed,
    Action.reopen: State.in_progress,
}

#: action -> {from state: to state}. Every pair not listed is refused.
TRANSITIONS: dict[Action, dict[State, State]] = {
    Action.triage: {State.new: State.triaged},
    Action.assign: {
        State.triaged: State.in_progress,
        State.in_progress: State.in_progress,
        State.referred: State.referred,
    },
    Action.refer: {State.in_progress: State.referred, State.referred: State.referred},
    Action.resolve: {State.in_progress: State.resolved, State.referred: State.resolved},
    Action.close: {State.resolved: State.closed},
    Action.reopen: {State.closed: State.in_progress},
}

#: States in which a case is still being handled (it has a deadline and sits in queues).
OPEN_STATES = frozenset({State.new, State.triaged, State.in_progress, State.referred})


class TransitionRefused(Exception):
    """`action` is not allowed from `state`. The message names both states, e.g.
    "cannot resolve a case that is new (new -> resolved is not allowed)"."""

    def __init__(self, action: Action, state: State) -> None:
        target = TARGET[action]
        allowed = ", ".join(a.value for a in allowed_actions(state)) or "none"
        super().__init__(
            f"cannot {action.value} a case that is {state.value} "
            f"({state.value} -> {target.value} is not allowed; allowed now: {allowed})"
        )
        self.action = action
        self.state = state
        self.target = target


def next_state(state: State, action: Action) -> State:
    """The state after `action` from `state`. Raises TransitionRefused when not allowed."""
    to = TRANSITIONS[action].get(state)
    if to is None:
        raise TransitionRefused(action, state)
    return to


def allowed_actions(state: State) -> list[Action]:
    """The actions allowed from `state`, in workflow order."""
    return [a for a in Action if state in TRANSITIONS[a]]
