"""Signals the registry sends to the apps above it (which it may not import).

`worker_erased(sender=Worker, worker=Worker, user=User | None)`: the worker's personal data was
just erased (accounts/personal_data.py `erase_worker`), inside the erasure's transaction; `user`
is the account's Django user when the worker had one. Receivers remove what they hold about the
person (cases: the filer's identity and free text) in the same transaction; if one raises, the
whole erasure is rolled back.

`worker_exported(sender=Worker, worker=Worker, user=User | None)`: the worker's data is being
exported (accounts/personal_data.py `export_worker`); each receiver returns a dict of
top-level sections to add to the export (e.g. {"grievances": [...]}).
"""

from __future__ import annotations

from django.dispatch import Signal

worker_erased = Signal()
worker_exported = Signal()
