"""Django's admin app with our site (admin_site.py); kept apart from it because INSTALLED_APPS
imports this module before any model can be."""

from django.contrib.admin.apps import AdminConfig


class JumushAdminConfig(AdminConfig):
    default_site = "jumush.accounts.admin_site.JumushAdminSite"
