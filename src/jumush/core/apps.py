from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jumush.core"
    label = "core"
    verbose_name = "Jumush core"

    def ready(self) -> None:
        from django.urls import register_converter

        from jumush.core.converters import AnyCaseUUIDConverter

        register_converter(AnyCaseUUIDConverter, "anyuuid")
