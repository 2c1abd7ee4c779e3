"""A sample of Kota Bogor's health centres (puskesmas), under the kecamatan they serve.
The full list is completed by Dinas Kesehatan in the admin."""

from django.db import migrations

PUSKESMAS = [
    ("pkm-bogor-timur", "Puskesmas Bogor Timur", "kec-bogor-timur"),
    ("pkm-bogor-utara", "Puskesmas Bogor Utara", "kec-bogor-utara"),
    ("pkm-tanah-sareal", "Puskesmas Tanah Sareal", "kec-tanah-sareal"),
    ("pkm-merdeka", "Puskesmas Merdeka", "kec-bogor-tengah"),
    ("pkm-pulo-armyn", "Puskesmas Pulo Armyn", "kec-bogor-timur"),
]


def load(apps, schema_editor):
    Unit = apps.get_model("cms", "OrganisationUnit")
    for code, name, kecamatan in PUSKESMAS:
        short = name.replace("Puskesmas ", "PKM ")
        Unit.objects.get_or_create(code=code, defaults={
            "kind": "puskesmas", "name": name, "name_ind": name, "name_en": name.replace("Puskesmas", "Health Centre"),
            "short_name": short, "short_name_ind": short, "short_name_en": short,
            "parent": Unit.objects.filter(code=kecamatan).first(),
        })


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_load_city_units")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
