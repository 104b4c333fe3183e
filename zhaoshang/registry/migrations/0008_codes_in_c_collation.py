"""Region, industry and credit codes as ``CodeField``: on PostgreSQL in the "C" collation,
with every column that refers to a region or an industry (the schema editor alters those
with the codes they refer to). SQLite's columns do not change: Django's own AlterField
would have rebuilt the enterprise table there, and its definition would then have taken the
credit code's unique index (see 0006). Undone, the three columns go back to the database's
collation; the columns that refer to them stay in "C" (as deterministic as the default, so
the foreign keys hold either way)."""

from django.db import migrations, models

import zhaoshang.registry.models

ALTERED = (("region", "code"), ("industry", "code"), ("enterprise", "uscc"))


def _alter(apps, schema_editor, *, to_code: bool) -> None:
    """On PostgreSQL, each altered column from a plain CharField to a CodeField (or back).
    The models here already have the CodeField: the columns that refer to it follow."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, name in ALTERED:
        model = apps.get_model("registry", model_name)
        current = model._meta.get_field(name)
        _name, _path, args, kwargs = current.deconstruct()
        plain = models.CharField(*args, **kwargs)
        plain.set_attributes_from_name(name)
        plain.model = model
        old, new = (plain, current) if to_code else (current, plain)
        schema_editor.alter_field(model, old, new)


def forwards(apps, schema_editor):
    _alter(apps, schema_editor, to_code=True)


def backwards(apps, schema_editor):
    _alter(apps, schema_editor, to_code=False)


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_division_index_without_like")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="region",
                    name="code",
                    field=zhaoshang.registry.models.CodeField(
                        max_length=6, primary_key=True, serialize=False, verbose_name="code"
                    ),
                ),
                migrations.AlterField(
                    model_name="industry",
                    name="code",
                    field=zhaoshang.registry.models.CodeField(
                        max_length=2, primary_key=True, serialize=False, verbose_name="code"
                    ),
                ),
                migrations.AlterField(
                    model_name="enterprise",
                    name="uscc",
                    field=zhaoshang.registry.models.CodeField(
                        max_length=18, verbose_name="Unified Social Credit Code"
                    ),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
