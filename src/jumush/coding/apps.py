from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "jumush.coding"
    label = "coding"
    verbose_name = "Occupation coding"
