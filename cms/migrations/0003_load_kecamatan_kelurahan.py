"""Reference data, not demo data: the 6 kecamatan and 68 kelurahan of Kota Bogor (code 32.71)."""

import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

CSV = Path(__file__).resolve().parent.parent / "data" / "kelurahan.csv"


def load(apps, schema_editor):
    Unit = apps.get_model("cms", "OrganisationUnit")
    kecamatan = {}
    with CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            kec_code = row["kecamatan_code"]
            if kec_code not in kecamatan:
                name = f"Kecamatan {row['kecamatan']}"
                kecamatan[kec_code], _ = Unit.objects.get_or_create(
                    code=f"kec-{slugify(row['kecamatan'])}",
                    defaults={"kind": "kecamatan", "name": name, "name_ind": name, "name_en": f"{row['kecamatan']} District",
                              "short_name": row["kecamatan"], "short_name_ind": row["kecamatan"],
                              "short_name_en": row["kecamatan"], "region_code": kec_code},
                )
            name = f"Kelurahan {row['kelurahan']}"
            Unit.objects.get_or_create(
                code=f"kel-{slugify(row['kelurahan'])}",
                defaults={"kind": "kelurahan", "name": name, "name_ind": name, "name_en": f"{row['kelurahan']} Sub-district",
                          "short_name": row["kelurahan"], "short_name_ind": row["kelurahan"],
                          "short_name_en": row["kelurahan"], "region_code": row["kelurahan_code"],
                          "parent": kecamatan[kec_code]},
            )


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_unit_region_code")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
