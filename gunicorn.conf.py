"""gunicorn's settings for PakRus, read from this folder by `gunicorn pakrus_site.wsgi`
(production, `make bench`, the API fuzz and the load test); the command line adds workers
and the address."""

import gc


def post_worker_init(worker) -> None:
    """Once a worker has loaded the site, its long-lived objects (modules, models, URL
    patterns: about a hundred thousand) leave the garbage collector's reach. A full
    collection otherwise walks them all, a pause of 40 to 80 ms for the request under way and
    every request queued behind it on the worker."""
    from django.urls import get_resolver

    get_resolver().check()  # loads the URL patterns now, so they are frozen with the rest
    gc.freeze()
