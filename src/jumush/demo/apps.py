from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jumush.demo"
    label = "demo"
    verbose_name = "Demo data"
