from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "jumush.pages"
    label = "pages"
    verbose_name = "Public pages, health probe and the serve/setup verbs"
