from django.apps import AppConfig
from django.db.models.signals import post_init

# django-imagekit's receivers, connected for every model (django-imagekit's own dispatch_uid).
IMAGEKIT_RECEIVERS = "ik_spec_field_receivers"


class PakrusSiteConfig(AppConfig):
    name = "pakrus_site"
    verbose_name = "Site"

    def ready(self):
        from . import caching, search

        search.connect_signals()
        caching.connect_signals()
        # imagekit runs a receiver for every model instance built, of any model: on a list
        # page that is hundreds of calls, about a twentieth of the page's time. What it
        # records (a hash of each image field's definition) never equals what its post_save
        # receiver compares it with (a hash of the file's name), so with or without it every
        # save of a record with an image (but a raw one, or one whose update_fields leave the
        # image out) announces the image as changed, and the Optimistic strategy makes the
        # renditions that are missing. post_save stays.
        post_init.disconnect(dispatch_uid=IMAGEKIT_RECEIVERS)
