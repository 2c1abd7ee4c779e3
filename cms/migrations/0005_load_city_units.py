"""Reference data: the city's agencies (OPD), companies (BUMD) and the outside bodies complaints
are most often about (for "not the city's authority"). Editors complete e-mails and phones."""

from django.db import migrations

UNITS = [
    # code, kind, name (id), name (en), short name, e-mail, website
    ("diskominfo", "opd", "Dinas Komunikasi dan Informatika", "Communication and Informatics Agency", "Diskominfo", "diskominfo@kotabogor.go.id", ""),
    ("dishub", "opd", "Dinas Perhubungan", "Transport Agency", "Dishub", "dishub@kotabogor.go.id", ""),
    ("dlh", "opd", "Dinas Lingkungan Hidup", "Environment Agency", "DLH", "dlh@kotabogor.go.id", ""),
    ("dpupr", "opd", "Dinas Pekerjaan Umum dan Penataan Ruang", "Public Works and Spatial Planning Agency", "Dinas PUPR", "pupr@kotabogor.go.id", ""),
    ("satpolpp", "opd", "Satuan Polisi Pamong Praja", "Municipal Police", "Satpol PP", "satpolpp@kotabogor.go.id", ""),
    ("disperumkim", "opd", "Dinas Perumahan dan Permukiman", "Housing and Settlements Agency", "Disperumkim", "", ""),
    ("dinkes", "opd", "Dinas Kesehatan", "Health Agency", "Dinkes", "", ""),
    ("disdik", "opd", "Dinas Pendidikan", "Education Agency", "Disdik", "", ""),
    ("disparbud", "opd", "Dinas Kebudayaan dan Pariwisata", "Culture and Tourism Agency", "Disparbud", "disparbud@kotabogor.go.id", ""),
    ("disdukcapil", "opd", "Dinas Kependudukan dan Pencatatan Sipil", "Population and Civil Registry Agency", "Disdukcapil", "", ""),
    ("dpmptsp", "opd", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Investment and One-Stop Services Agency", "DPMPTSP", "", ""),
    ("dinsos", "opd", "Dinas Sosial", "Social Affairs Agency", "Dinsos", "", ""),
    ("bpbd", "opd", "Badan Penanggulangan Bencana Daerah", "Disaster Management Agency", "BPBD", "", ""),
    ("damkar", "opd", "Dinas Pemadam Kebakaran dan Penyelamatan", "Fire and Rescue Service", "Damkar", "", ""),
    ("tirta-pakuan", "bumd", "Perumda Air Minum Tirta Pakuan", "Tirta Pakuan Water Company", "Tirta Pakuan", "", "https://www.tirtapakuan.co.id"),
    ("pasar-pakuan-jaya", "bumd", "Perumda Pasar Pakuan Jaya", "Pakuan Jaya Markets Company", "PPJ", "", ""),
    ("brin", "external", "Badan Riset dan Inovasi Nasional (BRIN)", "National Research and Innovation Agency (BRIN)", "BRIN", "", "https://www.brin.go.id"),
    ("kemensetneg", "external", "Kementerian Sekretariat Negara", "Ministry of State Secretariat", "Kemensetneg", "", "https://www.setneg.go.id"),
    ("bbpjn", "external", "Balai Besar Pelaksanaan Jalan Nasional (Kementerian PUPR)", "National Road Authority (Ministry of Public Works)", "BBPJN", "", "https://binamarga.pu.go.id"),
    ("pemprov-jabar", "external", "Pemerintah Provinsi Jawa Barat", "West Java Provincial Government", "Pemprov Jabar", "", "https://jabarprov.go.id"),
    ("kai", "external", "PT Kereta Api Indonesia (KAI) dan KAI Commuter", "Indonesian Railways (KAI) and KAI Commuter", "PT KAI", "", "https://www.kai.id"),
    ("bbws-cc", "external", "Balai Besar Wilayah Sungai Ciliwung-Cisadane", "Ciliwung-Cisadane River Basin Authority", "BBWS Ciliwung-Cisadane", "", "https://sda.pu.go.id"),
    ("pemkab-bogor", "external", "Pemerintah Kabupaten Bogor", "Bogor Regency Government", "Pemkab Bogor", "", "https://bogorkab.go.id"),
]


def load(apps, schema_editor):
    Unit = apps.get_model("cms", "OrganisationUnit")
    for code, kind, name_ind, name_en, short, email, website in UNITS:
        Unit.objects.get_or_create(code=code, defaults={
            "kind": kind, "name": name_ind, "name_ind": name_ind, "name_en": name_en,
            "short_name": short, "short_name_ind": short, "short_name_en": short, "email": email, "website": website,
        })


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_unit_contact_and_membership")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
