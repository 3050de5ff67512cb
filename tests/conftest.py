import logging
import os
import shutil

import pytest
from django.core.cache import cache

from tests.factories import make_editor


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploads land in a temporary folder, never in the developer's var/; passwords use
    a fast hasher (the real one is deliberately slow); caches and throttles start empty,
    and the page cache's content generation is this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "content-generation"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


class _Collected(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def _every_query_is_prepared(request):
    """A page whose prepared query cannot be prepared still answers (through the ORM),
    with an error in the log: in tests, that error fails the test, unless the test is
    about it (``unprepared``)."""
    collected = _Collected()
    logger = logging.getLogger("pakrus_site.prepared")
    logger.addHandler(collected)
    yield
    logger.removeHandler(collected)
    if collected.records and request.node.get_closest_marker("unprepared") is None:
        pytest.fail(f"Not prepared: {collected.records[0].getMessage()}\n{collected.records[0].exc_info[1]}")


@pytest.fixture
def editor(db):
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# Browser tests: Debian's chromium, never a downloaded browser.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}
