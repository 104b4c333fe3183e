"""The contract-performance rules a new installation starts with (see performance/engine.py);
managers change them on the rules page."""

from decimal import Decimal

from django.db import migrations

DEFAULT_RULES = (
    ("investment", "share_below", "0.8", "behind"),
    ("investment", "share_below", "0.5", "breached"),
    ("output", "share_below", "0.8", "behind"),
    ("tax", "share_below", "0.8", "behind"),
    ("jobs", "share_below", "0.8", "behind"),
    ("intensity", "share_below", "1", "behind"),
    ("tax_per_mu", "years_below", "1", "behind"),
    ("tax_per_mu", "years_below", "2", "breached"),
    ("milestones", "days_late", "0", "behind"),
    ("milestones", "days_late", "180", "breached"),
)


def add_defaults(apps, schema_editor):  # type: ignore[no-untyped-def]
    rule = apps.get_model("projects", "PerformanceRule")
    if not rule.objects.exists():
        rule.objects.bulk_create(
            rule(promise=p, test=t, threshold=Decimal(v), status=s) for p, t, v, s in DEFAULT_RULES
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
