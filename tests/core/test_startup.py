"""Start-up imports only what every process uses: the libraries that take seconds and tens
of MiB to load (spreadsheets, Chinese segmentation and pinyin dictionaries, PDFs, geometry,
columnar engines) are imported by the code that uses them, the first time it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# What a web worker (gunicorn loads zhaoshang.wsgi, then the URLconf on its first request),
# the background worker (run_tasks) and any management command load before they work.
START = """
import importlib, json, sys
import django
django.setup()
import zhaoshang.wsgi
from django.conf import settings
importlib.import_module(settings.ROOT_URLCONF)
from django.core.management import load_command_class
load_command_class("zhaoshang.core", "run_tasks")
print(json.dumps(sorted(sys.modules)))
"""

HEAVY = [
    "openpyxl",  # spreadsheets: imports and exports
    "rjieba",  # Chinese segmentation: search indexing and the chains' classifier
    "pypinyin",  # any part of it loads the phrase dictionary (50 MiB)
    "fpdf",  # the proposals' PDFs
    "fontTools",
    "shapely",  # site outlines
    "duckdb",  # previews and the columnar evaluator
    "pyarrow",  # snapshots
    "sqlglot",  # compiling rules to SQL
]


@pytest.fixture(scope="module")
def loaded() -> set[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zhaoshang.settings"}
    done = subprocess.run(
        [sys.executable, "-c", START], capture_output=True, text=True, env=env, check=True
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("library", HEAVY)
def test_starting_a_worker_does_not_import(loaded: set[str], library: str) -> None:
    found = sorted(m for m in loaded if m == library or m.startswith(library + "."))
    assert not found, f"{library} is imported at start-up: {found[:3]}"


def test_the_check_sees_a_library_that_is_imported(loaded: set[str]) -> None:
    # The subprocess did start Django and load the URLconf: Django's URL resolver and the
    # project's own routes are there.
    assert {"django.urls.resolvers", "zhaoshang.urls", "zhaoshang.api"} <= loaded
