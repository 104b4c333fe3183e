"""The division's index as an index of the model's own, not the foreign key's: on
PostgreSQL a foreign key's index on a text column comes with a second one, for LIKE
(varchar_pattern_ops), which no lookup of a division uses and every load had to keep up to
date. The database keeps the index it has, under its new name (SQLite cannot rename an
index: it is built again there). Django's own operations would have rebuilt the whole table
on SQLite, where the table's definition would then have taken the credit code's unique
index (see 0006)."""

from django.db import migrations, models

OLD = "registry_enterprise_division_id_c8b2af3e"
NEW = "registry_enterprise_division"


def _move(schema_editor, old: str, new: str) -> None:
    """The division's index from the name ``old`` to ``new`` (built already under ``new``
    when the application's start made the model's missing indexes after a migrate)."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{old}"')
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{new}" ON "registry_enterprise" ("division_id")'
        )
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f'"{new}"'])
        (there,) = cursor.fetchone()
    if there is None:
        schema_editor.execute(f'ALTER INDEX IF EXISTS "{old}" RENAME TO "{new}"')
    else:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{old}"')


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{OLD}_like"')
    _move(schema_editor, OLD, NEW)


def backwards(apps, schema_editor):
    _move(schema_editor, NEW, OLD)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{OLD}_like" ON "registry_enterprise" '
            '("division_id" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_uscc_unique_constraint"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AlterField(
                    model_name="enterprise",
                    name="division",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="enterprises",
                        to="registry.industry",
                        verbose_name="industry division",
                    ),
                ),
                migrations.AddIndex(
                    model_name="enterprise",
                    index=models.Index(fields=["division"], name=NEW),
                ),
            ],
        ),
    ]
