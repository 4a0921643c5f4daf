from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jumush.core"
    label = "core"
    verbose_name = "Jumush core"
