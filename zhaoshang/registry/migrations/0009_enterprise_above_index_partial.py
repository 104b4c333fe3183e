"""The index of enterprises above designated size holds only them: lists of the others read
most of the table anyway, and after a first load of a province the index is built from a few
in a hundred rows rather than from every one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_codes_in_c_collation")]

    operations = [
        migrations.RemoveIndex(model_name="enterprise", name="registry_en_above_d_371d16_idx"),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                condition=models.Q(("above_designated_size", True)),
                fields=["above_designated_size"],
                name="registry_enterprise_above",
            ),
        ),
    ]
