"""What matching keeps in the database: the log of removed workers and vacancies, which
every process's in-memory index reads to drop them (live.py)."""

from __future__ import annotations

from django.db import models


class Removal(models.Model):
    """A worker or vacancy deleted from the registry (kind "worker" or "vacancy", its
    database id), written by a post_delete signal. Rows are few and never read by users."""

    class Kind(models.TextChoices):
        worker = "worker", "worker"
        vacancy = "vacancy", "vacancy"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    record_id = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id} removed"
