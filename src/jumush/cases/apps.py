from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "jumush.cases"
    label = "cases"
    verbose_name = "Grievances"
