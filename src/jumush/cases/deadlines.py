"""Grievance deadlines per category and severity, and red/amber/green status.

Pure: no ORM, no I/O beyond reading `deadlines.toml` once, and every function takes `now`
(an aware datetime) instead of reading a clock, so tests control time.
Source and rationale of each figure: `deadlines.toml` (beside this file).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from jumush.cases.states import State

TABLE_PATH = Path(__file__).with_name("deadlines.toml")


class Severity(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


SEVERITY_ORDER = [Severity.low, Severity.medium, Severity.high, Severity.critical]


class Rag(StrEnum):
    red = "red"
    amber = "amber"
    green = "green"


STAGES = ("triage", "assign", "resolve")


@dataclass(frozen=True)
class Table:
    """Hours per (severity, stage); per-category triage hours and lowest severity."""

    hours: dict[tuple[Severity, str], int]
    category_triage: dict[str, int]
    category_min_severity: dict[str, Severity]
    amber_share: float


@cache
def table(path: Path = TABLE_PATH) -> Table:
    """The deadline table from `path`. Raises ValueError naming a missing or bad entry."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    hours: dict[tuple[Severity, str], int] = {}
    for severity in Severity:
        row = data.get("severity", {}).get(severity.value)
        if row is None:
            raise ValueError(f"{path.name}: [severity.{severity.value}] is missing")
        for stage in STAGES:
            value = row.get(stage)
            if not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"{path.name}: severity.{severity.value}.{stage} must be hours > 0"
                )
            hours[(severity, stage)] = value
    triage: dict[str, int] = {}
    minimum: dict[str, Severity] = {}
    for category, row in data.get("category", {}).items():
        if "triage" in row:
            triage[category] = int(row["triage"])
        if "min_severity" in row:
            minimum[category] = Severity(row["min_severity"])
    share = float(data.get("rag", {}).get("amber_share", 0.25))
    return Table(hours, triage, minimum, share)


def initial_severity(category: str, asked: Severity | None) -> Severity:
    """The severity a new case starts with: what was asked (medium when nothing was), raised
    to the category's lowest severity (violence and trafficking indicators: critical)."""
    severity = asked or Severity.medium
    floor = table().category_min_severity.get(category)
    if floor is not None and SEVERITY_ORDER.index(floor) > SEVERITY_ORDER.index(severity):
        return floor
    return severity


def stage_of(state: State) -> str | None:
    """The stage whose deadline runs in `state` (None when resolved or closed)."""
    return {
        State.new: "triage",
        State.triaged: "assign",
        State.in_progress: "resolve",
        State.referred: "resolve",
    }.get(state)


def stage_hours(category: str, severity: Severity, stage: str) -> int:
    """Hours allowed for `stage`. For triage, the stricter of the severity's and the
    category's figure."""
    hours = table().hours[(severity, stage)]
    if stage == "triage" and category in table().category_triage:
        hours = min(hours, table().category_triage[category])
    return hours


def due_at(
    category: str, severity: Severity, state: State, since: dt.datetime
) -> dt.datetime | None:
    """When the stage running in `state` is due, counted from `since` (the stage's start:
    filing for triage, triage for assign and resolve). None when no stage runs."""
    stage = stage_of(state)
    if stage is None:
        return None
    return since + dt.timedelta(hours=stage_hours(category, severity, stage))


def rag(due: dt.datetime | None, since: dt.datetime, now: dt.datetime) -> Rag:
    """Red when `now` is past `due`; amber when less than the table's amber share of the
    stage's time (`since` to `due`) is left; else green (also when there is no deadline)."""
    if due is None:
        return Rag.green
    if now >= due:
        return Rag.red
    if (due - now) < (due - since) * table().amber_share:
        return Rag.amber
    return Rag.green


def escalated(severity: Severity) -> Severity:
    """One severity up (critical stays critical)."""
    index = SEVERITY_ORDER.index(severity)
    return SEVERITY_ORDER[min(index + 1, len(SEVERITY_ORDER) - 1)]


def urgency_key(
    due: dt.datetime | None, severity: Severity, since: dt.datetime, now: dt.datetime
) -> tuple[int, float, int]:
    """Sort key of a queue, most urgent first: red, amber, green; then the earliest due; then
    the highest severity. A case without a deadline sorts last."""
    order = {Rag.red: 0, Rag.amber: 1, Rag.green: 2}[rag(due, since, now)]
    left = (due - now).total_seconds() if due is not None else float("inf")
    return (order, left, -SEVERITY_ORDER.index(severity))
