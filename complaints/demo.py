"""Demo content of complaints: the page, and about thirty reports across categories, places and states."""

import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page

from cms.demo_utils import ensure_page
from cms.models import OrganisationUnit, UnitMembership

from . import access, routing, workflow
from .models import ApiClient, Category, Complaint, ComplaintEvent, ComplaintFormPage, messages

# Demo officers: the complaint desk and the liaisons of the units that get most reports.
OFFICERS = [
    ("desk", "Meja Pengaduan", "Diskominfo", None),
    ("pupr", "Penghubung", "Dinas PUPR", "dpupr"),
    ("dishub", "Penghubung", "Dishub", "dishub"),
    ("dlh", "Penghubung", "DLH", "dlh"),
    ("satpolpp", "Penghubung", "Satpol PP", "satpolpp"),
    ("tirtapakuan", "Penghubung", "Tirta Pakuan", "tirta-pakuan"),
]


def seed_officers(ctx):
    access.ensure_groups()
    User = get_user_model()
    desk_group = Group.objects.get(name=access.DESK_GROUP)
    liaison_group = Group.objects.get(name=access.LIAISON_GROUP)
    for username, first, last, unit_code in OFFICERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@kotabogor.go.id"})
        if created:
            user.set_password(ctx["password"])
            user.save()
        if unit_code is None:
            user.groups.add(desk_group)
            UnitMembership.objects.get_or_create(user=user, unit=OrganisationUnit.objects.get(code="diskominfo"),
                                                 role=UnitMembership.Role.LIAISON)
        else:
            user.groups.add(liaison_group)
            UnitMembership.objects.get_or_create(user=user, unit=OrganisationUnit.objects.get(code=unit_code),
                                                 role=UnitMembership.Role.LIAISON)


def seed_api_client(ctx):
    """A demo Open311 client whose key is OPEN311_DEMO_KEY (default demo-key), so the API can be tried at once."""
    client = ApiClient.objects.filter(name="Demo client").first() or ApiClient(name="Demo client")
    client.set_key(settings.OPEN311_DEMO_KEY)
    client.is_active = True
    client.contact = settings.COMPLAINT_DESK_EMAIL
    client.save()


REPORTS = [
    ("jalan-rusak", "Lubang besar di tengah jalan, sudah dua motor jatuh minggu ini.", "Jl. Pandu Raya"),
    ("saluran-mampet", "Got mampet penuh sampah, air meluap ke jalan setiap hujan.", "Jl. Cilendek Raya"),
    ("sampah", "Sampah di TPS belum diangkut tiga hari, bau sampai ke rumah warga.", "TPS Pasar Gunung Batu"),
    ("kemacetan", "Lampu lalu lintas mati sejak pagi, simpang macet total.", "Simpang Jambu Dua"),
    ("parkir-liar", "Mobil parkir di trotoar depan sekolah, anak-anak harus jalan di badan jalan.", "Jl. Pajajaran"),
    ("angkot-ngetem", "Angkot ngetem di depan stasiun sampai dua lapis, jalan menyempit.", "Jl. Nyi Raja Permas"),
    ("pkl", "Pedagang menutup trotoar sepanjang 50 meter.", "Jl. Suryakencana"),
    ("air-pdam", "Air PDAM mati dua hari tanpa pemberitahuan.", "Perumahan Bantarjati"),
    ("pju", "Tiga lampu jalan mati, jalan gelap dan rawan.", "Jl. Semeru"),
    ("pohon-tumbang", "Dahan besar patah menggantung di atas jalan.", "Jl. Ahmad Yani"),
    ("jalan-rusak", "Pothole on the road near the school, very dangerous for motorbikes.", "Jl. Dadali"),
    ("sampah", "Rubbish dumped on the river bank behind the market.", "Pasar Bogor"),
]
STATES = [
    Complaint.Status.RECEIVED, Complaint.Status.AWAITING_VERIFICATION, Complaint.Status.VERIFIED,
    Complaint.Status.DISPATCHED, Complaint.Status.IN_PROGRESS, Complaint.Status.RESOLVED, Complaint.Status.CLOSED,
]
MESSAGES = {
    Complaint.Status.VERIFIED: ("Laporan telah diverifikasi oleh meja pengaduan.", "The complaint desk has verified the report."),
    Complaint.Status.DISPATCHED: ("Laporan diteruskan ke perangkat daerah yang berwenang.", "The report was sent to the responsible agency."),
    Complaint.Status.IN_PROGRESS: ("Petugas sedang menangani laporan ini.", "Officers are working on it."),
    Complaint.Status.RESOLVED: ("Masalah sudah ditangani.", "The problem has been fixed."),
    Complaint.Status.CLOSED: ("Laporan ditutup.", "The report is closed."),
}

# The states whose demo step is a standard text of the system (complaints.models.messages).
STANDARD_MESSAGES = {Complaint.Status.VERIFIED: "verified", Complaint.Status.DISPATCHED: "sent_to_unit",
                     Complaint.Status.IN_PROGRESS: "started", Complaint.Status.CLOSED: "closed"}

# The workflow step that brings a demo report into each state.
STEP_FOR = {Complaint.Status.VERIFIED: "verify", Complaint.Status.DISPATCHED: "dispatch",
            Complaint.Status.IN_PROGRESS: "start", Complaint.Status.RESOLVED: "resolve",
            Complaint.Status.CLOSED: "close"}


def seed(ctx):
    home = Page.objects.filter(depth=2, slug_ind="beranda").first()
    if home is None:
        return
    ensure_page(
        home, ComplaintFormPage, "pengaduan", slug_en="complaints", show_in_menus=True,
        title_ind="Pengaduan Warga", title_en="Report a problem",
        intro_ind="<p>Jalan berlubang, saluran mampet, sampah menumpuk, atau parkir liar? Laporkan di sini. Laporan Anda diteruskan ke perangkat daerah yang berwenang dan dapat dipantau dengan kode pelacakan.</p>",
        intro_en="<p>A pothole, a blocked drain, piled-up rubbish or illegal parking? Tell us here. Your report goes to the agency in charge, and you can follow it with a tracking code.</p>",
    )
    seed_officers(ctx)
    seed_api_client(ctx)
    if Complaint.objects.exists():
        return  # demo reports only on an empty table: never mix them into real ones
    rnd = random.Random(3271)
    categories = {c.code: c for c in Category.objects.all()}
    kelurahan = list(OrganisationUnit.objects.filter(kind="kelurahan"))
    units = {u.code: u for u in OrganisationUnit.objects.all()}
    unit_for = {"jalan-rusak": "dpupr", "saluran-mampet": "dpupr", "sampah": "dlh", "kemacetan": "dishub",
                "parkir-liar": "dishub", "angkot-ngetem": "dishub", "pkl": "satpolpp", "air-pdam": "tirta-pakuan"}
    now = timezone.now()
    for i in range(30):
        code, description, address = REPORTS[i % len(REPORTS)]
        language = "en" if description[0:3] in ("Pot", "Rub") else "id"
        status = STATES[i % len(STATES)]
        created = now - timedelta(days=rnd.randint(0, 40), hours=rnd.randint(0, 23))
        anonymous = i % 7 == 3
        complaint = Complaint.objects.create(
            category=categories[code], description=description, address=address,
            kelurahan=rnd.choice(kelurahan) if kelurahan else None,
            latitude=round(-6.55 - rnd.random() * 0.1, 6), longitude=round(106.75 + rnd.random() * 0.1, 6),
            name="" if anonymous else f"Warga Demo {i + 1}", email="" if anonymous else f"warga{i + 1}@contoh.id",
            anonymous=anonymous, confidential=i % 10 == 5, consent_at=created, language=language,
            status=status, created_at=created,
            unit=units.get(unit_for.get(code), units.get("diskominfo")) if status in STATES[3:] else None,
        )
        routing.assess(complaint)
        complaint.due_at = workflow.verify_deadline(created)
        ComplaintEvent.objects.create(complaint=complaint, created_at=created, status=Complaint.Status.RECEIVED,
                                      **messages.standard("received", language))
        step = created
        chain = STATES[2:STATES.index(status) + 1]
        for k, state in enumerate(chain, 1):
            # Every step stays between the report and now, however recent the report is.
            step = min(step + timedelta(hours=rnd.randint(3, 30)), created + (now - created) * k / (len(chain) + 1))
            # The system's own steps carry its standard texts (shown in the reader's language); the
            # resolution is what an officer wrote, in the reporter's language.
            key = STANDARD_MESSAGES.get(state)
            if key == "sent_to_unit":
                text = messages.standard(key, language, unit=complaint.unit.pk if complaint.unit else None)
            elif key:
                text = messages.standard(key, language)
            else:
                text = {"public_message": MESSAGES[state][0 if language == "id" else 1]}
            ComplaintEvent.objects.create(complaint=complaint, created_at=step, status=state, action="demo",
                                          unit=complaint.unit, **text)
            # The fields and deadlines the workflow's own step would set, without its checks and mail.
            workflow.prepare(complaint, STEP_FOR[state], step, unit=complaint.unit)
        complaint.save()
    ctx["stdout"].write("Created 30 demo complaints.")
