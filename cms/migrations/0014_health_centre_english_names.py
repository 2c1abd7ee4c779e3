"""English word order for the health centres' names: "Bogor Timur Health Centre", not
"Health Centre Bogor Timur" (0006 composed the English by replacing "Puskesmas")."""

from django.db import migrations

PREFIX = "Health Centre "


def english_order(apps, schema_editor):
    Unit = apps.get_model("cms", "OrganisationUnit")
    for unit in Unit.objects.filter(kind="puskesmas", name_en__startswith=PREFIX):
        unit.name_en = f"{unit.name_en[len(PREFIX):]} Health Centre"
        unit.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [("cms", "0013_models_moved_to_their_apps")]
    operations = [migrations.RunPython(english_order, migrations.RunPython.noop)]
