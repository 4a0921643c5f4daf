from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jumush.audit"
    label = "audit"
    verbose_name = "Audit"
