"""The routing and authority rules the desk starts with (it edits them in the admin)."""

from django.db import migrations

ROUTES = [
    ("parkir-liar", "dishub"), ("angkot-ngetem", "dishub"), ("kemacetan", "dishub"),
    ("sampah", "dlh"), ("pkl", "satpolpp"), ("jalan-rusak", "dpupr"), ("saluran-mampet", "dpupr"),
    ("air-pdam", "tirta-pakuan"), ("lainnya", "diskominfo"),
    # Not yet settled with the agencies: the desk decides case by case.
    ("pju", "diskominfo"), ("pohon-tumbang", "diskominfo"),
]

AUTHORITY = [
    ("Kebun Raya Bogor (BRIN)", "kebun raya, botanic garden, museum zoologi, zoology museum", "brin"),
    ("Istana Kepresidenan Bogor", "istana bogor, istana kepresidenan, presidential palace", "kemensetneg"),
    ("Jalan nasional (Jl. Sholeh Iskandar dan lainnya)", "sholeh iskandar, soleh iskandar, jalan nasional, national road", "bbpjn"),
    ("Jalan provinsi (Jl. Raya Tajur dan lainnya)", "raya tajur, jalan provinsi, provincial road", "pemprov-jabar"),
    ("Stasiun Bogor dan KRL", "stasiun bogor, bogor station, krl, commuter line, commuterline, rel kereta", "kai"),
    ("Bantaran Sungai Ciliwung", "ciliwung", "bbws-cc"),
    ("Wilayah Kabupaten Bogor", "kabupaten bogor, kab. bogor, kab bogor, bogor regency, cibinong, ciawi, dramaga, sentul", "pemkab-bogor"),
]

TEMPLATES = [
    ("jalan-rusak", "Dijadwalkan perbaikan", "Repair scheduled",
     "Terima kasih atas laporannya. Tim Dinas PUPR telah memeriksa lokasi dan perbaikan dijadwalkan minggu ini.",
     "Thank you for your report. The Public Works team has inspected the site and the repair is scheduled for this week."),
    ("sampah", "Sampah sudah diangkut", "Rubbish collected",
     "Sampah di lokasi sudah diangkut petugas DLH. Mohon bantu menjaga kebersihan dengan membuang sampah di TPS.",
     "The rubbish has been collected by the Environment Agency. Please help by taking rubbish to the collection point."),
    (None, "Butuh informasi tambahan", "More information needed",
     "Mohon maaf, kami memerlukan lokasi yang lebih tepat. Mohon kirim patokan atau titik peta melalui laporan baru.",
     "Sorry, we need a more precise location. Please send a landmark or a map pin in a new report."),
]


def seed(apps, schema_editor):
    Unit = apps.get_model("cms", "OrganisationUnit")
    Category = apps.get_model("complaints", "Category")
    RoutingRule = apps.get_model("complaints", "RoutingRule")
    AuthorityRule = apps.get_model("complaints", "AuthorityRule")
    ResponseTemplate = apps.get_model("complaints", "ResponseTemplate")
    units = {u.code: u for u in Unit.objects.all()}
    categories = {c.code: c for c in Category.objects.all()}
    for category, unit in ROUTES:
        if category in categories and unit in units:
            RoutingRule.objects.get_or_create(category=categories[category], kecamatan=None, kelurahan=None, keywords="",
                                              defaults={"unit": units[unit]})
    for name, keywords, body in AUTHORITY:
        AuthorityRule.objects.get_or_create(name=name, defaults={"keywords": keywords, "responsible_body": units[body]})
    for category, title_ind, title_en, text_ind, text_en in TEMPLATES:
        ResponseTemplate.objects.get_or_create(
            title_ind=title_ind,
            defaults={"category": categories.get(category), "title": title_ind, "title_en": title_en,
                      "text": text_ind, "text_ind": text_ind, "text_en": text_en})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_routing"), ("cms", "0005_load_city_units")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
