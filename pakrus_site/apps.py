from django.apps import AppConfig


class PakrusSiteConfig(AppConfig):
    name = "pakrus_site"
    verbose_name = "Site"

    def ready(self):
        from . import search

        search.connect_signals()
