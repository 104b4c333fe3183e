"""The default digital-maturity scale, after the five levels of GB/T 39116-2020 (planning,
standardised, integrated, optimised, leading). The administrator may change it."""

from django.db import migrations

LEVELS = [
    (1, "规划级", "planning"),
    (2, "规范级", "standardised"),
    (3, "集成级", "integrated"),
    (4, "优化级", "optimised"),
    (5, "引领级", "leading"),
]


def add_levels(apps, schema_editor):  # type: ignore[no-untyped-def]
    level = apps.get_model("projects", "MaturityLevel")
    for rank, name_zh, name_en in LEVELS:
        level.objects.get_or_create(rank=rank, defaults={"name_zh": name_zh, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_targets_transformation")]

    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
