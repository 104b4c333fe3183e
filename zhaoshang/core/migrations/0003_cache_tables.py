"""Create the tables of database-backed caches (the sign-in throttle's, by default), so that
``migrate`` alone leaves a working site."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
