"""Demo data of the core: the units that publish, and the demo superuser."""

from django.contrib.auth import get_user_model

from .models import OrganisationUnit

UNITS = [
    # code, kind, name (id), name (en), short name, e-mail
    ("diskominfo", "opd", "Dinas Komunikasi dan Informatika", "Communication and Informatics Agency", "Diskominfo", "diskominfo@kotabogor.go.id"),
    ("dishub", "opd", "Dinas Perhubungan", "Transport Agency", "Dishub", "dishub@kotabogor.go.id"),
    ("dlh", "opd", "Dinas Lingkungan Hidup", "Environment Agency", "DLH", "dlh@kotabogor.go.id"),
    ("dpupr", "opd", "Dinas Pekerjaan Umum dan Penataan Ruang", "Public Works and Spatial Planning Agency", "Dinas PUPR", "pupr@kotabogor.go.id"),
    ("satpolpp", "opd", "Satuan Polisi Pamong Praja", "Municipal Police", "Satpol PP", "satpolpp@kotabogor.go.id"),
    ("disparbud", "opd", "Dinas Kebudayaan dan Pariwisata", "Culture and Tourism Agency", "Disparbud", "disparbud@kotabogor.go.id"),
    ("tirta-pakuan", "bumd", "Perumda Air Minum Tirta Pakuan", "Tirta Pakuan Water Company", "Tirta Pakuan", "info@tirtapakuan.co.id"),
    ("brin", "external", "Badan Riset dan Inovasi Nasional (BRIN)", "National Research and Innovation Agency (BRIN)", "BRIN", ""),
]


def seed(ctx):
    for code, kind, name_ind, name_en, short, email in UNITS:
        OrganisationUnit.objects.get_or_create(
            code=code,
            defaults={"kind": kind, "name_ind": name_ind, "name_en": name_en,
                      "short_name_ind": short, "short_name_en": short, "email": email},
        )
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@kotabogor.go.id", ctx["password"],
                                      first_name="Admin", last_name="Diskominfo")
        ctx["stdout"].write("Created demo superuser 'admin'.")
