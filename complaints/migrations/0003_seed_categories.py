"""The complaint categories the desk starts with (it edits them afterwards in the admin)."""

from django.db import migrations

CATEGORIES = [
    ("jalan-rusak", "Jalan rusak/berlubang", "Road damage or pothole",
     "Jalan kota yang rusak, berlubang, atau amblas.", "City roads that are damaged, potholed or sinking."),
    ("saluran-mampet", "Saluran air/drainase mampet", "Blocked drain",
     "Got atau saluran air yang tersumbat dan menyebabkan genangan.", "Gutters or drains that are blocked and cause flooding."),
    ("sampah", "Sampah/kebersihan", "Rubbish and cleanliness",
     "Sampah menumpuk, tidak diangkut, atau dibuang sembarangan.", "Rubbish piling up, not collected, or dumped illegally."),
    ("kemacetan", "Kemacetan lalu lintas", "Traffic congestion",
     "Kemacetan, lampu lalu lintas mati, atau rambu yang hilang.", "Traffic jams, broken traffic lights or missing signs."),
    ("parkir-liar", "Parkir liar", "Illegal parking",
     "Kendaraan parkir di tempat terlarang atau juru parkir liar.", "Vehicles parked where it is not allowed, or unofficial parking attendants."),
    ("angkot-ngetem", "Angkot ngetem", "Minibuses idling (angkot ngetem)",
     "Angkot berhenti lama menunggu penumpang dan menghambat jalan.", "Minibuses waiting for passengers and blocking the road."),
    ("pkl", "Pedagang kaki lima", "Street vendors",
     "Pedagang kaki lima yang menempati trotoar atau badan jalan.", "Street vendors occupying the pavement or the road."),
    ("air-pdam", "Air PDAM", "Water supply (PDAM)",
     "Air mati, keruh, atau pipa bocor dari Perumda Tirta Pakuan.", "No water, dirty water or a leaking pipe of the Tirta Pakuan water company."),
    ("pju", "Penerangan jalan umum", "Street lighting",
     "Lampu jalan mati atau rusak.", "Street lights that are off or broken."),
    ("pohon-tumbang", "Pohon tumbang", "Fallen tree",
     "Pohon tumbang atau dahan yang membahayakan.", "A fallen tree or a dangerous branch."),
    ("lainnya", "Lainnya", "Other",
     "Masalah lain yang tidak ada di daftar.", "Any other problem not listed here."),
]


def seed(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    for order, (code, name_ind, name_en, help_ind, help_en) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={
            "name": name_ind, "name_ind": name_ind, "name_en": name_en,
            "help_text": help_ind, "help_text_ind": help_ind, "help_text_en": help_en, "sort_order": order * 10,
        })


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_complaints_intake")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
