from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "jumush.registry"
    label = "registry"
    verbose_name = "Registry"
