"""The gunicorn settings every server of the site starts with."""

import gc
import runpy
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def test_gunicorn_reads_the_settings_from_the_project_folder():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    printed = subprocess.run(
        [gunicorn, "--print-config", "pakrus_site.wsgi"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "<post_worker_init()>" in printed


def test_a_worker_freezes_the_loaded_site_out_of_the_garbage_collector():
    settings = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    try:
        settings["post_worker_init"](None)
        # The site's modules, models and URL patterns: tens of thousands of objects.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
