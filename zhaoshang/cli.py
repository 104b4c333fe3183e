"""The ``zhaoshang`` console command: Django's manage.py under the project's own name.

Commands that need neither the settings nor the database run without starting Django:
``zhaoshang eligibility`` evaluates a rule over a Parquet snapshot with the rules engine,
which is plain Python, so it pays for DuckDB and SQLGlot only, not for every app's models
(about a second and 60 MiB). ``manage.py eligibility`` and ``call_command`` still run it as
a Django command, with the same arguments and the same JSON."""

import gc
import os
import sys
from importlib import import_module

STANDALONE = {"eligibility": "zhaoshang.rules.cli"}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in STANDALONE:
        command = import_module(STANDALONE[sys.argv[1]])
        raise SystemExit(command.main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    finally:
        # At exit the interpreter looks for reference cycles among every object still
        # tracked, several times over as it clears the modules: after a large import (Arrow,
        # pandas, the place names) about 0.4 s. Frozen, they are left to the system, which
        # takes the process's memory back whole; objects whose count of references falls
        # to zero are still released (files closed, connections ended).
        gc.freeze()


if __name__ == "__main__":
    main()
