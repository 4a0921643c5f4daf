from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "jumush.compliance"
    label = "compliance"
    verbose_name = "Fair-recruitment screening"
