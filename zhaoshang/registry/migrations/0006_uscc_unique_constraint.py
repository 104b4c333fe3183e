"""The credit code's uniqueness as a named index that a first load can drop and build again
inside its transaction (registry/imports/direct.py). On SQLite, Django would write a
constraint into the table's definition, whose index cannot be dropped: there the index is
created by name instead, and the model's state says the same constraint."""

from django.db import migrations, models

NAME = "registry_enterprise_uscc_unique"


def _constraint() -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=("uscc",), name=NAME)


def add_unique(apps, schema_editor):
    enterprise = apps.get_model("registry", "Enterprise")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'CREATE UNIQUE INDEX "{NAME}" ON "{enterprise._meta.db_table}" ("uscc")'
        )
    else:
        schema_editor.add_constraint(enterprise, _constraint())


def remove_unique(apps, schema_editor):
    enterprise = apps.get_model("registry", "Enterprise")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')
    else:
        schema_editor.remove_constraint(enterprise, _constraint())


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_import_mapping"),
    ]

    operations = [
        migrations.AlterField(
            model_name="enterprise",
            name="uscc",
            field=models.CharField(max_length=18, verbose_name="Unified Social Credit Code"),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_unique, remove_unique)],
            state_operations=[
                migrations.AddConstraint(model_name="enterprise", constraint=_constraint())
            ],
        ),
    ]
