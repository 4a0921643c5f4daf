from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "jumush.matching"
    label = "matching"
    verbose_name = "Matching"
