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
