from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete


class MatchingConfig(AppConfig):
    name = "jumush.matching"
    label = "matching"
    verbose_name = "Matching"

    def ready(self) -> None:
        from jumush.matching.models import Removal
        from jumush.registry.models import Vacancy, Worker

        def removed(kind: str) -> Any:
            def receiver(sender: Any, instance: Any, **kwargs: Any) -> None:
                Removal.objects.create(kind=kind, record_id=instance.pk)

            return receiver

        for model, kind in ((Worker, Removal.Kind.worker), (Vacancy, Removal.Kind.vacancy)):
            post_delete.connect(
                removed(kind), sender=model, weak=False, dispatch_uid=f"matching-{kind}"
            )
