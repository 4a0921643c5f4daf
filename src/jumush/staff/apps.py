from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "jumush.staff"
    label = "staff"
    verbose_name = "Pages for employer and agency staff and for officers"
