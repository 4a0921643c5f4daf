from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "jumush.taxonomy"
    label = "taxonomy"
    verbose_name = "Reference taxonomies"
