from typing import Any

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "jumush.cases"
    label = "cases"
    verbose_name = "Grievances"

    def ready(self) -> None:
        from jumush.registry.signals import worker_erased, worker_exported

        worker_erased.connect(_erase_filer, dispatch_uid="cases.erase_filer_identity")
        worker_exported.connect(_export_cases, dispatch_uid="cases.export_filer_cases")


def _erase_filer(sender: Any, *, worker: Any, user: Any, **_: Any) -> None:
    """An erased worker's grievances lose what identifies them (actions.erase_filer_identity)."""
    from jumush.cases.actions import erase_filer_identity

    erase_filer_identity(worker=worker, user=user)


def _export_cases(sender: Any, *, worker: Any, user: Any, **_: Any) -> dict[str, Any]:
    """The worker's grievances for their data download (actions.cases_for_export)."""
    from jumush.cases.actions import cases_for_export

    return {"grievances": cases_for_export(worker=worker, user=user)}
