"""Reference data: the manpower agency (AK1 job-seeker cards) and the national bodies that run two
of Bogor's museums, so pages and complaints can name who is responsible."""

from django.db import migrations

UNITS = [
    # code, kind, name (id), name (en), short name, website
    ("disnaker", "opd", "Dinas Tenaga Kerja", "Manpower Agency", "Disnaker", ""),
    ("kementan", "external", "Kementerian Pertanian", "Ministry of Agriculture", "Kementan", "https://www.pertanian.go.id"),
    ("disjarahad", "external", "Dinas Sejarah Angkatan Darat (TNI AD)", "Army History Service (Indonesian Army)",
     "Disjarahad", ""),
]


def load(apps, schema_editor):
    Unit = apps.get_model("cms", "OrganisationUnit")
    for code, kind, name_ind, name_en, short, website in UNITS:
        Unit.objects.get_or_create(code=code, defaults={
            "kind": kind, "name": name_ind, "name_ind": name_ind, "name_en": name_en,
            "short_name": short, "short_name_ind": short, "short_name_en": short, "website": website,
        })


class Migration(migrations.Migration):
    dependencies = [("cms", "0006_load_puskesmas_sample")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
