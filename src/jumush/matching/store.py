"""Column storage for the matching indexes: records in slots of NumPy columns that grow by
doubling, multi-valued attributes as entry tables with postings by key, and in-place
updates (a changed record keeps its slot; a removed record's slot is reused).

Nothing here knows about workers or vacancies: `index.py` lays them out. All arrays are
indexed by slot; `alive[slot]` says whether the slot holds a record.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import DTypeLike, NDArray

#: Postings and entry tables are compacted when dead entries outnumber live ones and are
#: at least this many (rebuilding is linear in the entries).
COMPACT_MIN_DEAD = 10_000


def _grown(a: NDArray[Any], capacity: int, fill: Any) -> NDArray[Any]:
    out = np.full((capacity, *a.shape[1:]), fill, dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


class Entries:
    """A multi-valued attribute (a worker's occupations, a record's skills): entries in
    columns, each with its `row` (slot), posted under keys for look-up. A record's entries
    are appended together; replacing them marks the old ones dead."""

    def __init__(self, fields: dict[str, DTypeLike]) -> None:
        self.fields = {"row": np.dtype(np.int64), **{k: np.dtype(v) for k, v in fields.items()}}
        self.cols: dict[str, NDArray[Any]] = {
            k: np.empty(0, dtype=t) for k, t in self.fields.items()
        }
        self.alive = np.empty(0, dtype=bool)
        self.size = 0
        self.dead = 0
        self.compactions = 0
        self._postings: dict[Hashable, list[NDArray[np.int64]]] = {}

    def __getitem__(self, name: str) -> NDArray[Any]:
        return self.cols[name][: self.size]

    def append(
        self, values: dict[str, NDArray[Any]], keys: Sequence[tuple[Hashable, NDArray[Any]]]
    ) -> NDArray[np.int64]:
        """Append entries (`values` has a column per field, `row` included) and post each
        entry under every key of `keys` ((name, per-entry key values)). Returns their ids."""
        n = len(values["row"])
        start = self.size
        if start + n > len(self.alive):
            capacity = max(16, 2 * (start + n))
            for k in self.cols:
                self.cols[k] = _grown(self.cols[k], capacity, 0)
            self.alive = _grown(self.alive, capacity, False)
        for k, v in values.items():
            self.cols[k][start : start + n] = v
        self.alive[start : start + n] = True
        self.size += n
        ids = np.arange(start, start + n, dtype=np.int64)
        self._post(ids, keys)
        return ids

    def _post(self, ids: NDArray[np.int64], keys: Sequence[tuple[Hashable, NDArray[Any]]]) -> None:
        for name, key_values in keys:
            if len(ids) == 0:
                continue
            uniq, inverse = np.unique(key_values, return_inverse=True)
            order = np.argsort(inverse, kind="stable")
            bounds = np.searchsorted(inverse[order], np.arange(len(uniq) + 1))
            for j, key in enumerate(uniq.tolist()):
                part = ids[order[bounds[j] : bounds[j + 1]]]
                self._postings.setdefault((name, key), []).append(part)

    def kill(self, ids: NDArray[np.int64]) -> None:
        """Mark entries dead (they stay in the postings until compaction; readers filter)."""
        live = ids[self.alive[ids]]
        self.alive[live] = False
        self.dead += len(live)

    def posted(self, name: str, key: Hashable) -> NDArray[np.int64]:
        """The live entries posted under (name, key)."""
        parts = self._postings.get((name, key))
        if not parts:
            return np.empty(0, dtype=np.int64)
        if len(parts) > 1:
            parts[:] = [np.concatenate(parts)]
        ids = parts[0]
        return ids[self.alive[ids]] if self.dead else ids

    def needs_compaction(self) -> bool:
        return self.dead >= COMPACT_MIN_DEAD and self.dead > self.size - self.dead

    def compact(self, keys_of: Any) -> NDArray[np.int64]:
        """Drop dead entries and repost the live ones (`keys_of(cols)` gives the keys as for
        `append`). Returns the old id -> new id map (-1 for dropped)."""
        keep = np.flatnonzero(self.alive[: self.size])
        remap = np.full(self.size, -1, dtype=np.int64)
        remap[keep] = np.arange(len(keep))
        self.cols = {k: v[keep].copy() for k, v in self.cols.items()}
        self.alive = np.ones(len(keep), dtype=bool)
        self.size = len(keep)
        self.dead = 0
        self.compactions += 1
        self._postings = {}
        self._post(
            np.arange(self.size, dtype=np.int64), keys_of({k: v for k, v in self.cols.items()})
        )
        return remap


class Slots:
    """Records by key (a database id) in slots; columns and keyed columns grow together."""

    def __init__(self, columns: dict[str, tuple[DTypeLike, Any]]) -> None:
        self.spec = {k: (np.dtype(t), fill) for k, (t, fill) in columns.items()}
        self.cols: dict[str, NDArray[Any]] = {
            k: np.empty(0, dtype=t) for k, (t, _) in self.spec.items()
        }
        self.keyed: dict[str, dict[Hashable, NDArray[Any]]] = {}
        self.keyed_spec: dict[str, tuple[np.dtype[Any], Any]] = {}
        self.alive = np.empty(0, dtype=bool)
        self.keys = np.empty(0, dtype=np.int64)
        self.slot: dict[int, int] = {}
        self.free: list[int] = []
        self.size = 0  # slots ever used (the high-water mark)

    def __len__(self) -> int:
        return len(self.slot)

    @property
    def capacity(self) -> int:
        return len(self.alive)

    def keyed_group(self, name: str, dtype: DTypeLike, fill: Any) -> None:
        self.keyed[name] = {}
        self.keyed_spec[name] = (np.dtype(dtype), fill)

    def keyed_column(self, group: str, key: Hashable) -> NDArray[Any] | None:
        column = self.keyed[group].get(key)
        return None if column is None else column[: self.size]

    def keyed_set(self, group: str, key: Hashable, slots: NDArray[np.int64], values: Any) -> None:
        column = self.keyed[group].get(key)
        if column is None:
            dtype, fill = self.keyed_spec[group]
            column = self.keyed[group][key] = np.full(self.capacity, fill, dtype=dtype)
        column[slots] = values

    def keyed_reset(self, slots: NDArray[np.int64]) -> None:
        """Every keyed column back to its fill at `slots` (before rewriting those records)."""
        for group, columns in self.keyed.items():
            fill = self.keyed_spec[group][1]
            for column in columns.values():
                column[slots] = fill

    def take(self, keys: Sequence[int]) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        """Slots for the keys (a key already here keeps its slot) and which were new."""
        slots, new = [], []
        for key in keys:
            slot = self.slot.get(key)
            if slot is None:
                slot = self.free.pop() if self.free else self.size
                if slot == self.size:
                    self.size += 1
                self.slot[key] = slot
                new.append(True)
            else:
                new.append(False)
            slots.append(slot)
        if self.size > self.capacity:
            self._grow(max(16, 2 * self.size))
        out = np.array(slots, dtype=np.int64)
        self.alive[out] = True
        self.keys[out] = np.asarray(keys, dtype=np.int64)
        return out, np.array(new, dtype=bool)

    def release(self, keys: Iterable[int]) -> NDArray[np.int64]:
        """Free the slots of the keys present; returns those slots."""
        out = []
        for key in keys:
            slot = self.slot.pop(key, None)
            if slot is not None:
                out.append(slot)
                self.free.append(slot)
        slots = np.array(out, dtype=np.int64)
        self.alive[slots] = False
        return slots

    def _grow(self, capacity: int) -> None:
        for k, (_, fill) in self.spec.items():
            self.cols[k] = _grown(self.cols[k], capacity, fill)
        for group, columns in self.keyed.items():
            fill = self.keyed_spec[group][1]
            for key in columns:
                columns[key] = _grown(columns[key], capacity, fill)
        self.alive = _grown(self.alive, capacity, False)
        self.keys = _grown(self.keys, capacity, -1)

    def __getitem__(self, name: str) -> NDArray[Any]:
        return self.cols[name][: self.size]
