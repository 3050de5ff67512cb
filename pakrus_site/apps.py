from django.apps import AppConfig


class PakrusSiteConfig(AppConfig):
    name = "pakrus_site"
    verbose_name = "Site"

    def ready(self):
        from . import caching, search

        search.connect_signals()
        caching.connect_signals()
